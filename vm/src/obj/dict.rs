//! dict: insertion-ordered hash table (compact entries + an index table once it grows past
//! eight entries), and the dict methods. Sets reuse the same table with unused values.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::mem::size_of;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::{DictViewKind, Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// One key/value pair, in insertion order. The hash is not kept here: small ints, interned
/// names and heap strings (which cache their own) hash cheaply, so a rebuild recomputes it,
/// as MicroPython's map does (`py/map.c`), and a 100-entry dict costs 8 bytes an entry.
#[derive(Clone, Copy)]
struct Entry {
    key: Value,
    value: Value,
}

/// Dicts up to this many entries are scanned linearly and have no index.
const SMALL: usize = 8;
const EMPTY: u32 = u32::MAX;

/// The open-addressing index into `entries` (linear probing, any size, at most 3/4 full),
/// as narrow as the entry positions allow: bytes below 252 entries, 16 bits below 65535.
#[derive(Clone, Default)]
enum Index {
    #[default]
    None,
    Byte(Box<[u8]>),
    Narrow(Box<[u16]>),
    Wide(Box<[u32]>),
}

impl Index {
    /// An empty index of `size` slots, wide enough for every position the entries can reach
    /// before the next rebuild (3/4 of `size`).
    fn with_size(size: usize) -> Index {
        match Index::width_for(size) {
            1 => Index::Byte(vec![u8::MAX; size].into_boxed_slice()),
            2 => Index::Narrow(vec![u16::MAX; size].into_boxed_slice()),
            _ => Index::Wide(vec![EMPTY; size].into_boxed_slice()),
        }
    }

    /// Bytes per slot: the highest position is below 3/4 of `size`, and the all-ones value
    /// of each width marks a free slot.
    fn width_for(size: usize) -> usize {
        let most = size * 3 / 4 + 1;
        if most < u8::MAX as usize {
            1
        } else if most < u16::MAX as usize {
            2
        } else {
            4
        }
    }

    fn len(&self) -> usize {
        match self {
            Index::None => 0,
            Index::Byte(v) => v.len(),
            Index::Narrow(v) => v.len(),
            Index::Wide(v) => v.len(),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Index::None => 0,
            Index::Byte(v) => v.len(),
            Index::Narrow(v) => v.len() * 2,
            Index::Wide(v) => v.len() * 4,
        }
    }

    /// The entry position in slot `p` (EMPTY for a free slot).
    #[inline]
    fn get(&self, p: usize) -> u32 {
        let x = match self {
            Index::None => None,
            Index::Byte(v) => v
                .get(p)
                .map(|&x| if x == u8::MAX { EMPTY } else { u32::from(x) }),
            Index::Narrow(v) => v
                .get(p)
                .map(|&x| if x == u16::MAX { EMPTY } else { u32::from(x) }),
            Index::Wide(v) => v.get(p).copied(),
        };
        x.unwrap_or(EMPTY)
    }

    fn set(&mut self, p: usize, slot: u32) {
        match self {
            Index::None => {}
            Index::Byte(v) => {
                if let Some(x) = v.get_mut(p) {
                    *x = slot as u8;
                }
            }
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

/// Index slots for `n` entries right after a rebuild: half full, so inserts run a while
/// before the next one.
fn index_size(n: usize) -> usize {
    (n * 2).max(16)
}

/// The home slot of `hash` in an index of `size` slots. Multiplying by an odd constant
/// spreads consecutive small ints (whose hash is themselves) over the high bits, which the
/// multiply-shift then maps onto 0..size without a division.
#[inline]
fn home(hash: u32, size: usize) -> usize {
    ((u64::from(hash.wrapping_mul(0x9e37_79b9)) * size as u64) >> 32) as usize
}

/// Entries capacity after growing from `cap`: by half, like MicroPython's gentle steps,
/// rather than doubling (the collector trims what is left over, see `trim`).
fn grown(cap: usize) -> usize {
    (cap + cap / 2).max(4)
}

/// The hash table. Deleted entries keep their slot with a NULL key until the next rebuild.
#[derive(Default, Clone)]
pub struct Dict {
    entries: Vec<Entry>,
    /// Each entry's hash, kept (in step with `entries`) only once a key goes in whose hash
    /// is not cheap to recompute (floats, tuples, instances with `__hash__`...): rebuilding
    /// must never run Python code. Empty while every key is an int, name or string.
    hashes: Vec<u32>,
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
        self.entries.capacity() * size_of::<Entry>()
            + self.hashes.capacity() * size_of::<u32>()
            + self.index.bytes()
    }

    pub fn trace(&self, out: &mut Vec<Value>) {
        for e in &self.entries {
            out.push(e.key);
            out.push(e.value);
        }
    }

    /// Gives back spare entry capacity. The collector calls it: a collection means memory is
    /// short, and a dict that grows again pays one reallocation.
    pub fn trim(&mut self) {
        self.entries.shrink_to_fit();
        self.hashes.shrink_to_fit();
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

    /// Calls `visit` with each live entry (position, key) that may hold a key hashing to
    /// `hash`, in probe order, until it returns Some.
    #[inline]
    fn probe<R>(&self, hash: u32, mut visit: impl FnMut(usize, Value) -> Option<R>) -> Option<R> {
        let mut check = |i: usize| {
            let e = self.entries.get(i)?;
            if e.key.is_null() || self.hashes.get(i).is_some_and(|&h| h != hash) {
                return None;
            }
            visit(i, e.key)
        };
        let size = self.index.len();
        if size == 0 {
            return (0..self.entries.len()).find_map(check);
        }
        let mut p = home(hash, size);
        for _ in 0..size {
            let slot = self.index.get(p);
            if slot == EMPTY {
                return None;
            }
            if let Some(r) = check(slot as usize) {
                return Some(r);
            }
            p += 1;
            if p == size {
                p = 0;
            }
        }
        None
    }

    /// First candidate for which `eq` says yes, if `eq` can decide all of them.
    fn find_with(
        &self,
        hash: u32,
        mut eq: impl FnMut(Value) -> Option<bool>,
    ) -> Result<Option<usize>, ()> {
        let r = self.probe(hash, |i, k| match eq(k) {
            Some(true) => Some(Ok(i)),
            Some(false) => None,
            None => Some(Err(())),
        });
        r.transpose()
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
        if self.len == 0 {
            self.clear();
        }
        Some(r)
    }

    /// Are so many entries deleted that compacting pays?
    fn sparse(&self) -> bool {
        self.entries.len() > 16 && self.len * 2 < self.entries.len()
    }

    /// Does the next insert rebuild the index?
    fn index_full(&self, entries: usize) -> bool {
        entries > SMALL && entries * 4 > self.index.len() * 3
    }

    /// Bytes the next insert adds (for heap accounting); `slow` when the key's hash must be
    /// cached.
    fn growth_for_insert(&self, slow: bool) -> usize {
        let n = self.entries.len();
        let mut g = 0;
        let cached = slow || !self.hashes.is_empty();
        if n == self.entries.capacity() {
            let more = grown(n) - n;
            g += more * size_of::<Entry>();
            if cached {
                g += more * size_of::<u32>();
            }
        }
        if cached && self.hashes.is_empty() {
            g += self.entries.capacity().max(grown(n)) * size_of::<u32>();
        }
        if self.index_full(n + 1) {
            let size = index_size(self.len + 1);
            g += (size * Index::width_for(size)).saturating_sub(self.index.bytes());
        }
        g
    }

    /// Appends an entry. `hashes` holds the hashes of the entries so far when a slow key
    /// arrives in a dict that did not cache them. True when the caller must now rebuild.
    fn push(&mut self, hash: u32, slow: bool, key: Value, value: Value, hashes: &[u32]) -> bool {
        let n = self.entries.len();
        if n == self.entries.capacity() {
            self.entries.reserve_exact(grown(n) - n);
        }
        if slow && self.hashes.is_empty() {
            // Every key so far was cheap: `hashes` holds theirs, computed by the caller.
            self.hashes.reserve_exact(self.entries.capacity());
            self.hashes.extend_from_slice(hashes);
        }
        if !self.hashes.is_empty() || slow {
            if self.hashes.len() == self.hashes.capacity() {
                self.hashes
                    .reserve_exact(self.entries.capacity() - self.hashes.len());
            }
            self.hashes.push(hash);
        }
        self.entries.push(Entry { key, value });
        self.len += 1;
        if self.index_full(n + 1) {
            return true;
        }
        self.index_insert(hash, n as u32);
        false
    }

    fn index_insert(&mut self, hash: u32, slot: u32) {
        let size = self.index.len();
        if size == 0 {
            return;
        }
        let mut p = home(hash, size);
        for _ in 0..size {
            if self.index.get(p) == EMPTY {
                self.index.set(p, slot);
                return;
            }
            p += 1;
            if p == size {
                p = 0;
            }
        }
    }

    /// Drops deleted entries and rebuilds the index. `computed` holds every entry's hash
    /// (deleted ones included) when the dict does not cache them.
    fn rebuild(&mut self, computed: Vec<u32>) {
        let cached = !self.hashes.is_empty();
        let mut hashes = if cached {
            core::mem::take(&mut self.hashes)
        } else {
            computed
        };
        let mut live = self.entries.iter().map(|e| !e.key.is_null());
        hashes.retain(|_| live.next().unwrap_or(false));
        self.entries.retain(|e| !e.key.is_null());
        self.len = self.entries.len();
        self.index = Index::None;
        if self.len > SMALL {
            self.index = Index::with_size(index_size(self.len));
            for (i, h) in hashes.iter().enumerate() {
                self.index_insert(*h, i as u32);
            }
        }
        if cached {
            self.hashes = hashes;
        }
    }

    pub fn clear(&mut self) {
        *self = Dict::default();
    }
}

fn dict_of(vm: &Vm, d: Value) -> Option<&Dict> {
    match vm.heap.get(d) {
        Obj::Dict(x) | Obj::Set(x) | Obj::FrozenSet(x) => Some(x),
        Obj::Instance(_) => match vm.heap.get(vm.instance_base(d)) {
            Obj::Dict(x) => Some(x),
            _ => None,
        },
        _ => None,
    }
}

fn dict_of_mut(vm: &mut Vm, d: Value) -> Option<&mut Dict> {
    let d = match vm.heap.get(d) {
        Obj::Instance(_) => vm.instance_base(d),
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
                // Some key needs `__eq__`: ask it only of keys whose hash matches, as CPython
                // does (a dict that does not cache hashes holds only cheap ones).
                let mut cands = Vec::new();
                if let Some(dict) = dict_of(self, d) {
                    dict.probe(hash, |i, k| {
                        let h = dict.hashes.get(i).copied().or(self.cheap_hash(k));
                        if h == Some(hash) {
                            cands.push((i, k));
                        }
                        None::<()>
                    });
                }
                for (i, k) in cands {
                    if k == key || self.eq(k, key)? {
                        // `__eq__` may have changed the dict: check the entry is still there.
                        let same = dict_of(self, d)
                            .and_then(|x| x.entries.get(i))
                            .is_some_and(|e| e.key == k);
                        if same {
                            return Ok((hash, Some(i)));
                        }
                    }
                }
                Ok((hash, None))
            }
        }
    }

    /// The hashes of a dict's entries (0 for deleted ones), for a rebuild or for a dict
    /// starting to cache them. Empty when the dict caches them already.
    fn entry_hashes(&self, d: Value) -> Vec<u32> {
        match dict_of(self, d) {
            Some(x) if x.hashes.is_empty() => x
                .entries
                .iter()
                .map(|e| self.cheap_hash(e.key).unwrap_or(0))
                .collect(),
            _ => Vec::new(),
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
                let slow = self.cheap_hash(key).is_none();
                // A collection inside `reserve` trims the dict, so ask again until it fits.
                let mut reserved = 0;
                loop {
                    let grow = dict_of(self, d).map_or(0, |x| x.growth_for_insert(slow));
                    if grow <= reserved {
                        break;
                    }
                    self.reserve(grow - reserved)?;
                    reserved = grow;
                }
                let starts_caching = slow && dict_of(self, d).is_some_and(|x| x.hashes.is_empty());
                let hashes = if starts_caching {
                    self.entry_hashes(d)
                } else {
                    Vec::new()
                };
                let full =
                    dict_of_mut(self, d).is_some_and(|x| x.push(hash, slow, key, value, &hashes));
                if full {
                    let hashes = self.entry_hashes(d);
                    if let Some(x) = dict_of_mut(self, d) {
                        x.rebuild(hashes);
                    }
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
        let Some(i) = i else { return Ok(None) };
        let removed = dict_of_mut(self, d).and_then(|x| x.remove_at(i));
        if dict_of(self, d).is_some_and(|x| x.sparse()) {
            let hashes = self.entry_hashes(d);
            if let Some(x) = dict_of_mut(self, d) {
                x.rebuild(hashes);
            }
        }
        Ok(removed.map(|(_, v)| v))
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
