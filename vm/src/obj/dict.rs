//! dict: insertion-ordered hash table (compact entries + an index table once it grows past
//! eight entries), and the dict methods. Sets reuse the same table with unused values.

use alloc::vec;
use alloc::vec::Vec;
use core::mem::size_of;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::{DictViewKind, Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

#[derive(Clone, Copy)]
struct Entry {
    hash: u32,
    key: Value,
    value: Value,
}

const SMALL: usize = 8;
const EMPTY: u32 = u32::MAX;

/// The open-addressing index into `entries`: 16-bit slots while the dict is below 65535
/// entries (every dict on a board), 32-bit beyond.
#[derive(Clone, Default)]
enum Index {
    #[default]
    None,
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Index {
    fn with_size(size: usize, entries: usize) -> Index {
        if entries < u16::MAX as usize {
            Index::Narrow(vec![u16::MAX; size])
        } else {
            Index::Wide(vec![EMPTY; size])
        }
    }

    fn len(&self) -> usize {
        match self {
            Index::None => 0,
            Index::Narrow(v) => v.len(),
            Index::Wide(v) => v.len(),
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn bytes(&self) -> usize {
        match self {
            Index::None => 0,
            Index::Narrow(v) => v.capacity() * 2,
            Index::Wide(v) => v.capacity() * 4,
        }
    }

    /// The entry position in slot `p` (EMPTY for a free slot).
    fn get(&self, p: usize) -> Option<u32> {
        match self {
            Index::None => None,
            Index::Narrow(v) => v
                .get(p)
                .map(|&x| if x == u16::MAX { EMPTY } else { u32::from(x) }),
            Index::Wide(v) => v.get(p).copied(),
        }
    }

    fn set(&mut self, p: usize, slot: u32) {
        match self {
            Index::None => {}
            Index::Narrow(v) => {
                if let Some(x) = v.get_mut(p) {
                    *x = slot as u16;
                }
            }
            Index::Wide(v) => {
                if let Some(x) = v.get_mut(p) {
                    *x = slot;
                }
            }
        }
    }
}

/// The hash table. Deleted entries keep their slot with a NULL key until the next rebuild.
#[derive(Default, Clone)]
pub struct Dict {
    entries: Vec<Entry>,
    index: Index,
    len: usize,
}

impl Dict {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * size_of::<Entry>() + self.index.bytes()
    }

    pub fn trace(&self, out: &mut Vec<Value>) {
        for e in &self.entries {
            out.push(e.key);
            out.push(e.value);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.entries
            .iter()
            .filter(|e| !e.key.is_null())
            .map(|e| (e.key, e.value))
    }

    /// The live entry at or after raw position `i`: `(next position, key, value)`.
    pub fn entry_from(&self, mut i: usize) -> Option<(usize, Value, Value)> {
        while let Some(e) = self.entries.get(i) {
            if !e.key.is_null() {
                return Some((i + 1, e.key, e.value));
            }
            i += 1;
        }
        None
    }

    /// Raw positions of live entries whose hash is `hash`.
    fn candidates(&self, hash: u32, out: &mut Vec<usize>) {
        if self.index.is_empty() {
            for (i, e) in self.entries.iter().enumerate() {
                if e.hash == hash && !e.key.is_null() {
                    out.push(i);
                }
            }
            return;
        }
        let mask = self.index.len() - 1;
        let mut p = hash as usize & mask;
        loop {
            let Some(slot) = self.index.get(p) else {
                return;
            };
            if slot == EMPTY {
                return;
            }
            if let Some(e) = self.entries.get(slot as usize)
                && e.hash == hash
                && !e.key.is_null()
            {
                out.push(slot as usize);
            }
            p = (p + 1) & mask;
        }
    }

    /// First candidate for which `eq` says yes, if `eq` can decide all of them.
    fn find_with(
        &self,
        hash: u32,
        mut eq: impl FnMut(Value) -> Option<bool>,
    ) -> Result<Option<usize>, ()> {
        let mut check = |i: usize, e: &Entry| -> Result<Option<usize>, ()> {
            if e.hash == hash && !e.key.is_null() {
                match eq(e.key) {
                    Some(true) => return Ok(Some(i)),
                    Some(false) => {}
                    None => return Err(()),
                }
            }
            Ok(None)
        };
        if self.index.is_empty() {
            for (i, e) in self.entries.iter().enumerate() {
                if let Some(i) = check(i, e)? {
                    return Ok(Some(i));
                }
            }
            return Ok(None);
        }
        let mask = self.index.len() - 1;
        let mut p = hash as usize & mask;
        loop {
            let Some(slot) = self.index.get(p) else {
                return Ok(None);
            };
            if slot == EMPTY {
                return Ok(None);
            }
            if let Some(e) = self.entries.get(slot as usize)
                && let Some(i) = check(slot as usize, e)?
            {
                return Ok(Some(i));
            }
            p = (p + 1) & mask;
        }
    }

    fn value_at(&self, i: usize) -> Option<Value> {
        self.entries.get(i).map(|e| e.value)
    }

    fn set_at(&mut self, i: usize, v: Value) {
        if let Some(e) = self.entries.get_mut(i) {
            e.value = v;
        }
    }

    fn remove_at(&mut self, i: usize) -> Option<(Value, Value)> {
        let e = self.entries.get_mut(i)?;
        let r = (e.key, e.value);
        e.key = Value::NULL;
        e.value = Value::NULL;
        self.len -= 1;
        if self.entries.len() > 16 && self.len * 2 < self.entries.len() {
            self.rebuild();
        }
        if self.len == 0 {
            self.entries.clear();
            self.index = Index::None;
        }
        Some(r)
    }

    /// Bytes the next insert may add (for heap accounting).
    fn growth_for_insert(&self) -> usize {
        let mut g = 0;
        if self.entries.len() == self.entries.capacity() {
            g += self.entries.capacity().max(2) * size_of::<Entry>();
        }
        if self.entries.len() + 1 > SMALL && (self.entries.len() + 1) * 3 > self.index.len() * 2 {
            g += (self.index.len() * 2).max(32) * 2;
        }
        g
    }

    fn insert_new(&mut self, hash: u32, key: Value, value: Value) {
        self.entries.push(Entry { hash, key, value });
        self.len += 1;
        let n = self.entries.len();
        if n > SMALL {
            let narrow_full = matches!(self.index, Index::Narrow(_)) && n >= u16::MAX as usize;
            if n * 3 > self.index.len() * 2 || narrow_full {
                self.rebuild();
            } else {
                self.index_insert(hash, (n - 1) as u32);
            }
        }
    }

    fn index_insert(&mut self, hash: u32, slot: u32) {
        let len = self.index.len();
        if len == 0 {
            return;
        }
        let mask = len - 1;
        let mut p = hash as usize & mask;
        for _ in 0..len {
            if self.index.get(p) == Some(EMPTY) {
                self.index.set(p, slot);
                return;
            }
            p = (p + 1) & mask;
        }
    }

    fn rebuild(&mut self) {
        self.entries.retain(|e| !e.key.is_null());
        self.len = self.entries.len();
        if self.entries.len() <= SMALL {
            self.index = Index::None;
            return;
        }
        // The smallest power of two that keeps the load at or below 2/3.
        let mut size = 16;
        while size * 2 < self.entries.len() * 3 {
            size *= 2;
        }
        self.index = Index::with_size(size, self.entries.len());
        for i in 0..self.entries.len() {
            let h = self.entries[i].hash;
            self.index_insert(h, i as u32);
        }
    }

    pub fn clear(&mut self) {
        *self = Dict::default();
    }
}

fn dict_of(vm: &Vm, d: Value) -> Option<&Dict> {
    match vm.heap.get(d) {
        Obj::Dict(x) | Obj::Set(x) | Obj::FrozenSet(x) => Some(x),
        Obj::Instance(i) => match vm.heap.get(i.base()) {
            Obj::Dict(x) => Some(x),
            _ => None,
        },
        _ => None,
    }
}

fn dict_of_mut(vm: &mut Vm, d: Value) -> Option<&mut Dict> {
    let d = match vm.heap.get(d) {
        Obj::Instance(i) => i.base(),
        _ => d,
    };
    match vm.heap.get_mut(d) {
        Obj::Dict(x) | Obj::Set(x) | Obj::FrozenSet(x) => Some(x),
        _ => None,
    }
}

impl Vm {
    /// The dict (or set) table behind a value, following dict subclasses to their base.
    pub(crate) fn dict_ref(&self, d: Value) -> Option<&Dict> {
        dict_of(self, d)
    }

    fn dict_find(&mut self, d: Value, key: Value) -> PyResult<(u32, Option<usize>)> {
        let hash = self.hash(key)?;
        let fast = {
            let Some(dict) = dict_of(self, d) else {
                return Ok((hash, None));
            };
            dict.find_with(hash, |k| self.eq_fast(k, key))
        };
        match fast {
            Ok(r) => Ok((hash, r)),
            Err(()) => {
                let mut cands = Vec::new();
                if let Some(dict) = dict_of(self, d) {
                    dict.candidates(hash, &mut cands);
                }
                for i in cands {
                    let k = dict_of(self, d)
                        .and_then(|x| x.entries.get(i))
                        .map(|e| e.key);
                    if let Some(k) = k
                        && (k == key || self.eq(k, key)?)
                    {
                        return Ok((hash, Some(i)));
                    }
                }
                Ok((hash, None))
            }
        }
    }

    pub fn dict_get(&mut self, d: Value, key: Value) -> PyResult<Option<Value>> {
        let (_, i) = self.dict_find(d, key)?;
        Ok(i.and_then(|i| dict_of(self, d).and_then(|x| x.value_at(i))))
    }

    /// Lookup by interned name; never runs Python code (globals, module attributes).
    pub fn dict_get_q(&self, d: Value, name: Qstr) -> Option<Value> {
        let dict = dict_of(self, d)?;
        let hash = self.interner.hash(name);
        let s = self.interner.get(name);
        let r = dict.find_with(hash, |k| {
            if let Some(kq) = k.as_qstr() {
                return Some(kq == name);
            }
            Some(self.as_str(k) == Some(s))
        });
        match r {
            Ok(Some(i)) => dict.value_at(i),
            _ => None,
        }
    }

    pub fn dict_set(&mut self, d: Value, key: Value, value: Value) -> PyResult<()> {
        let (hash, i) = self.dict_find(d, key)?;
        match i {
            Some(i) => {
                if let Some(x) = dict_of_mut(self, d) {
                    x.set_at(i, value);
                }
            }
            None => {
                let grow = dict_of(self, d).map_or(0, |x| x.growth_for_insert());
                if grow > 0 {
                    self.reserve(grow)?;
                }
                if let Some(x) = dict_of_mut(self, d) {
                    x.insert_new(hash, key, value);
                }
            }
        }
        Ok(())
    }

    /// Removes a key; false when it was not there.
    pub fn dict_del(&mut self, d: Value, key: Value) -> PyResult<bool> {
        Ok(self.dict_pop(d, key)?.is_some())
    }

    pub fn dict_pop(&mut self, d: Value, key: Value) -> PyResult<Option<Value>> {
        let (_, i) = self.dict_find(d, key)?;
        Ok(match i {
            Some(i) => dict_of_mut(self, d)
                .and_then(|x| x.remove_at(i))
                .map(|(_, v)| v),
            None => None,
        })
    }

    pub fn dict_len(&self, d: Value) -> usize {
        dict_of(self, d).map_or(0, |x| x.len())
    }

    pub fn dict_items(&mut self, d: Value) -> PyResult<Vec<(Value, Value)>> {
        if let Some(x) = dict_of(self, d) {
            return Ok(x.iter().collect());
        }
        // Any mapping: keys() and [].
        let keys = self.call_method(d, q::keys, &[])?;
        let keys = self.iterate(keys)?;
        let mut out = Vec::with_capacity(keys.len());
        for k in keys {
            let v = self.getitem(d, k)?;
            out.push((k, v));
        }
        Ok(out)
    }

    pub fn dict_keys(&self, d: Value) -> Vec<Value> {
        dict_of(self, d)
            .map(|x| x.iter().map(|(k, _)| k).collect())
            .unwrap_or_default()
    }

    /// `d.update(src)`: from a mapping or an iterable of pairs.
    pub fn dict_update(&mut self, d: Value, src: Value) -> PyResult<()> {
        let is_mapping = dict_of(self, src).is_some()
            && !matches!(self.heap.get(src), Obj::Set(_) | Obj::FrozenSet(_))
            || (matches!(self.heap.get(src), Obj::Instance(_))
                && self.lookup_type(self.type_of(src), q::keys).is_some());
        if is_mapping {
            for (k, v) in self.dict_items(src)? {
                self.dict_set(d, k, v)?;
            }
            return Ok(());
        }
        for item in self.iterate(src)? {
            let kv = self.iterate(item)?;
            match kv.as_slice() {
                [k, v] => self.dict_set(d, *k, *v)?,
                _ => {
                    return Err(
                        self.value_error("dictionary update sequence element has wrong length")
                    );
                }
            }
        }
        Ok(())
    }

    pub fn new_dict(&mut self) -> PyResult<Value> {
        self.alloc(Obj::Dict(alloc::boxed::Box::default()))
    }

    fn dict_arg(&mut self, v: Value) -> PyResult<Value> {
        if dict_of(self, v).is_some()
            && !matches!(self.heap.get(v), Obj::Set(_) | Obj::FrozenSet(_))
        {
            Ok(v)
        } else {
            Err(self.type_error("expected a dict"))
        }
    }
}

// dict([mapping_or_iterable], **kwargs)
pub fn dict_new(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.new_dict()?;
    if let Some(src) = args.get(1) {
        vm.dict_update(d, *src)?;
    }
    for (k, v) in kw {
        vm.dict_set(d, Value::qstr(*k), *v)?;
    }
    Ok(d)
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

// dict.get(key[, default])
fn get(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    Ok(vm.dict_get(d, arg(args, 1))?.unwrap_or(arg(args, 2)))
}

// dict.setdefault(key[, default])
fn setdefault(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    if let Some(v) = vm.dict_get(d, arg(args, 1))? {
        return Ok(v);
    }
    vm.dict_set(d, arg(args, 1), arg(args, 2))?;
    Ok(arg(args, 2))
}

// dict.pop(key[, default])
fn pop(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    match vm.dict_pop(d, arg(args, 1))? {
        Some(v) => Ok(v),
        None if args.len() > 2 => Ok(arg(args, 2)),
        None => Err(vm.key_error(arg(args, 1))),
    }
}

// dict.popitem()
fn popitem(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    let last = dict_of(vm, d).and_then(|x| x.iter().last());
    match last {
        Some((k, v)) => {
            vm.dict_pop(d, k)?;
            vm.new_tuple(&[k, v])
        }
        None => Err(vm.err(TypeId::KeyError, "popitem(): dictionary is empty")),
    }
}

fn view(vm: &mut Vm, args: &[Value], kind: DictViewKind) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    vm.alloc(Obj::DictView(d, kind))
}

// dict.keys()
fn keys(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    view(vm, args, DictViewKind::Keys)
}

// dict.values()
fn values(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    view(vm, args, DictViewKind::Values)
}

// dict.items()
fn items(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    view(vm, args, DictViewKind::Items)
}

// dict.update([other], **kwargs)
fn update(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    if let Some(src) = args.get(1) {
        vm.dict_update(d, *src)?;
    }
    for (k, v) in kw {
        vm.dict_set(d, Value::qstr(*k), *v)?;
    }
    Ok(Value::NONE)
}

// dict.clear()
fn clear(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    if let Some(x) = dict_of_mut(vm, d) {
        x.clear();
    }
    Ok(Value::NONE)
}

// dict.copy()
fn copy(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    let x = dict_of(vm, d).cloned().unwrap_or_default();
    vm.alloc(Obj::Dict(alloc::boxed::Box::new(x)))
}

// dict.fromkeys(iterable[, value])  (called on the class)
fn fromkeys(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    // Called as `dict.fromkeys(...)` (unbound) or on an instance.
    let skip = usize::from(
        args.first()
            .is_some_and(|a| matches!(vm.heap.get(*a), Obj::Dict(_) | Obj::Type(_))),
    );
    let args = &args[skip.min(args.len())..];
    let d = vm.new_dict()?;
    let v = arg(args, 1);
    for k in vm.iterate(arg(args, 0))? {
        vm.dict_set(d, k, v)?;
    }
    Ok(d)
}

// dict.__getitem__(key)
fn getitem(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    match vm.dict_get(d, arg(args, 1))? {
        Some(v) => Ok(v),
        None => Err(vm.key_error(arg(args, 1))),
    }
}

// dict.__setitem__(key, value)
fn setitem(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    vm.dict_set(d, arg(args, 1), arg(args, 2))?;
    Ok(Value::NONE)
}

// dict.__delitem__(key)
fn delitem(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    if vm.dict_del(d, arg(args, 1))? {
        Ok(Value::NONE)
    } else {
        Err(vm.key_error(arg(args, 1)))
    }
}

// dict.__contains__(key)
fn contains(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    Ok(Value::bool(vm.dict_get(d, arg(args, 1))?.is_some()))
}

// dict.__len__()
fn len(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    Ok(Value::small(vm.dict_len(d) as i32))
}

// dict.__iter__()
fn iter(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let d = vm.dict_arg(arg(args, 0))?;
    vm.alloc(Obj::Iter(alloc::boxed::Box::new(
        crate::obj::IterObj::Dict {
            dict: d,
            index: 0,
            kind: DictViewKind::Keys,
        },
    )))
}

// dict.__init__([mapping_or_iterable], **kwargs)
fn init(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    update(vm, args, kw)
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("__init__", init),
    NativeDef::new("get", get),
    NativeDef::new("setdefault", setdefault),
    NativeDef::new("pop", pop),
    NativeDef::new("popitem", popitem),
    NativeDef::new("keys", keys),
    NativeDef::new("values", values),
    NativeDef::new("items", items),
    NativeDef::new("update", update),
    NativeDef::new("clear", clear),
    NativeDef::new("copy", copy),
    NativeDef::new("fromkeys", fromkeys),
    NativeDef::new("__getitem__", getitem),
    NativeDef::new("__setitem__", setitem),
    NativeDef::new("__delitem__", delitem),
    NativeDef::new("__contains__", contains),
    NativeDef::new("__len__", len),
    NativeDef::new("__iter__", iter),
];
