//! Instances of user classes. An instance is one heap slot: its class, the values of its
//! first few attributes inline, and a handle to any others. The attribute *names* live once,
//! in the class (`TypeObj::fields`, learned in the order its instances first set them), so an
//! instance stores only values. A two-attribute instance is a single slot, where MicroPython
//! spends 32 bytes on the instance and its 2-entry map.
//!
//! Position `p` of the class's fields is stored at index `p`. The built-in value an instance
//! of a subclass of list, dict, tuple... wraps is its attribute under the empty name (which
//! no Python code can spell), so it comes first. Indices below `INLINE`
//! are in the slot; the rest are in `extra`, a list indexed from `INLINE`. A class learns at
//! most `MAX_FIELDS` names; an instance that needs one beyond that switches `extra` to a dict
//! of every attribute it holds outside the slot, by name (classes used as open namespaces
//! keep working, just less compactly).

use alloc::vec;
use alloc::vec::Vec;
use core::mem::size_of;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::Vm;

/// Values an instance holds in its own slot: what fits beside the tag, the class and `extra`
/// (a slot is 32 bytes on a 64-bit host, 20 on wasm32 and riscv32; `Obj`'s tag cannot share
/// a nested struct's padding, so the instance has no flag byte).
#[cfg(target_pointer_width = "64")]
pub const INLINE: usize = 5;
#[cfg(not(target_pointer_width = "64"))]
pub const INLINE: usize = 2;

/// The most attribute names a class learns for its instances' layout.
pub const MAX_FIELDS: usize = 32;

pub struct Instance {
    pub class: Value,
    /// Values by storage index; NULL where the instance has no such attribute.
    pub inline: [Value; INLINE],
    /// NULL, a list of the values at storage indices from `INLINE` on, or (past the class's
    /// `MAX_FIELDS`) a dict by name of every attribute not stored inline.
    pub extra: Value,
}

impl Instance {
    /// An instance with no attributes yet.
    pub fn new(class: Value) -> Instance {
        Instance {
            class,
            inline: [Value::NULL; INLINE],
            extra: Value::NULL,
        }
    }

    pub fn trace(&self, out: &mut Vec<Value>) {
        out.push(self.class);
        out.extend(self.inline.iter().filter(|v| !v.is_null()));
        out.push(self.extra);
    }
}

/// Where an attribute of an instance is (or would go).
enum Place {
    Inline(usize),
    /// Index into the `extra` list.
    List(usize),
    /// In the `extra` dict, by name.
    Dict,
}

impl Vm {
    /// The built-in value an instance of a subclass of a built-in type wraps (NULL for
    /// plain instances and for anything that is no instance).
    pub fn instance_base(&self, obj: Value) -> Value {
        self.instance_get(obj, q::empty).unwrap_or(Value::NULL)
    }

    /// The names a class has learned for its instances.
    fn fields(&self, class: Value) -> &[Qstr] {
        match self.heap.get(class) {
            Obj::Type(t) => &t.fields,
            _ => &[],
        }
    }

    fn extra_is_dict(&self, extra: Value) -> bool {
        matches!(self.heap.get(extra), Obj::Dict(_))
    }

    /// Where `name` lives in `obj`, if its class knows the name (None otherwise, or when `obj`
    /// is no instance).
    fn place(&self, obj: Value, name: Qstr) -> Option<Place> {
        let Obj::Instance(i) = self.heap.get(obj) else {
            return None;
        };
        let p = self.fields(i.class).iter().position(|n| *n == name);
        Some(match p {
            Some(s) if s < INLINE => Place::Inline(s),
            Some(s) if !self.extra_is_dict(i.extra) => Place::List(s - INLINE),
            _ => Place::Dict,
        })
    }

    /// An instance's own attribute `name`, if it has one.
    pub fn instance_get(&self, obj: Value, name: Qstr) -> Option<Value> {
        let place = self.place(obj, name)?;
        let Obj::Instance(i) = self.heap.get(obj) else {
            return None;
        };
        let v = match place {
            Place::Inline(s) => i.inline[s],
            Place::List(s) => match self.heap.get(i.extra) {
                Obj::List(l) => l.get(s).copied().unwrap_or(Value::NULL),
                _ => Value::NULL,
            },
            Place::Dict => self.dict_get_q(i.extra, name).unwrap_or(Value::NULL),
        };
        (!v.is_null()).then_some(v)
    }

    /// Stores an instance attribute (no descriptors, no `__setattr__`). The class learns the
    /// name if it is new; storage beyond the slot is allocated as needed.
    pub fn instance_set(&mut self, obj: Value, name: Qstr, v: Value) -> PyResult<()> {
        let Obj::Instance(i) = self.heap.get(obj) else {
            return Ok(());
        };
        let class = i.class;
        if !self.fields(class).contains(&name) {
            self.learn_field(class, name)?;
        }
        match self.place(obj, name) {
            Some(Place::Inline(s)) => {
                if let Obj::Instance(i) = self.heap.get_mut(obj) {
                    i.inline[s] = v;
                }
            }
            Some(Place::List(s)) => {
                let list = self.extra_list(obj, s + 1)?;
                if let Obj::List(l) = self.heap.get_mut(list)
                    && let Some(slot) = l.get_mut(s)
                {
                    *slot = v;
                }
            }
            Some(Place::Dict) => {
                let d = self.extra_dict(obj)?;
                self.dict_set(d, Value::qstr(name), v)?;
            }
            None => {}
        }
        Ok(())
    }

    /// Adds `name` to a class's fields, unless it has `MAX_FIELDS` already.
    fn learn_field(&mut self, class: Value, name: Qstr) -> PyResult<()> {
        let (len, cap) = match self.heap.get(class) {
            Obj::Type(t) => (t.fields.len(), t.fields.capacity()),
            _ => return Ok(()),
        };
        if len >= MAX_FIELDS {
            return Ok(());
        }
        let more = if len == cap { cap.max(2) } else { 0 };
        self.reserve(more * size_of::<Qstr>())?;
        if let Obj::Type(t) = self.heap.get_mut(class) {
            t.fields.reserve_exact(more);
            t.fields.push(name);
        }
        Ok(())
    }

    /// The instance's `extra` list, made or grown to at least `len` entries.
    fn extra_list(&mut self, obj: Value, len: usize) -> PyResult<Value> {
        let extra = match self.heap.get(obj) {
            Obj::Instance(i) => i.extra,
            _ => return Ok(Value::NULL),
        };
        let have = match self.heap.get(extra) {
            Obj::List(l) => l.len(),
            _ => {
                let list = self.alloc(Obj::List(vec![Value::NULL; len]))?;
                if let Obj::Instance(i) = self.heap.get_mut(obj) {
                    i.extra = list;
                }
                return Ok(list);
            }
        };
        if have < len {
            self.reserve((len - have) * size_of::<Value>())?;
            if let Obj::List(l) = self.heap.get_mut(extra) {
                l.reserve_exact(len - l.len());
                l.resize(len, Value::NULL);
            }
        }
        Ok(extra)
    }

    /// The instance's `extra` dict, moving the values of an `extra` list into it by name.
    fn extra_dict(&mut self, obj: Value) -> PyResult<Value> {
        let (class, extra) = match self.heap.get(obj) {
            Obj::Instance(i) => (i.class, i.extra),
            _ => return Ok(Value::NULL),
        };
        if self.extra_is_dict(extra) {
            return Ok(extra);
        }
        let moved: Vec<(Qstr, Value)> = match self.heap.get(extra) {
            Obj::List(l) => {
                let names = self.fields(class).iter().skip(INLINE);
                names.zip(l.iter()).map(|(n, v)| (*n, *v)).collect()
            }
            _ => Vec::new(),
        };
        let d = self.new_dict()?;
        for (n, v) in moved.into_iter().filter(|(_, v)| !v.is_null()) {
            self.dict_set(d, Value::qstr(n), v)?;
        }
        if let Obj::Instance(i) = self.heap.get_mut(obj) {
            i.extra = d;
        }
        Ok(d)
    }

    /// Removes an instance attribute; false when it has none by that name.
    pub fn instance_del(&mut self, obj: Value, name: Qstr) -> bool {
        if self.instance_get(obj, name).is_none() {
            return false;
        }
        let (place, extra) = match (self.place(obj, name), self.heap.get(obj)) {
            (Some(p), Obj::Instance(i)) => (p, i.extra),
            _ => return false,
        };
        match place {
            Place::Inline(s) => {
                if let Obj::Instance(i) = self.heap.get_mut(obj) {
                    i.inline[s] = Value::NULL;
                }
            }
            Place::List(s) => {
                if let Obj::List(l) = self.heap.get_mut(extra)
                    && let Some(slot) = l.get_mut(s)
                {
                    *slot = Value::NULL;
                }
            }
            // Name keys hash without running Python code, so this cannot fail.
            Place::Dict => return self.dict_del(extra, Value::qstr(name)).unwrap_or(false),
        }
        true
    }

    /// An instance's attributes as (name, value) pairs: those in its class's layout in the
    /// order the class learned them, then any others in the order they were set.
    pub fn instance_attrs(&self, obj: Value) -> Vec<(Qstr, Value)> {
        let Obj::Instance(i) = self.heap.get(obj) else {
            return Vec::new();
        };
        let mut out: Vec<(Qstr, Value)> = self
            .fields(i.class)
            .iter()
            .filter(|n| **n != q::empty)
            .filter_map(|n| self.instance_get(obj, *n).map(|v| (*n, v)))
            .collect();
        if let Obj::Dict(d) = self.heap.get(i.extra) {
            for (k, v) in d.iter() {
                if let Some(n) = k.as_qstr()
                    && n != q::empty
                    && !out.iter().any(|(o, _)| *o == n)
                {
                    out.push((n, v));
                }
            }
        }
        out
    }

    /// A new instance of `class` wrapping `base` (NULL for none) with the given attributes.
    pub fn make_instance(
        &mut self,
        class: Value,
        base: Value,
        attrs: &[(Qstr, Value)],
    ) -> PyResult<Value> {
        let obj = self.alloc(Obj::Instance(Instance::new(class)))?;
        if !base.is_null() {
            self.instance_set(obj, q::empty, base)?;
        }
        for (n, v) in attrs {
            self.instance_set(obj, *n, *v)?;
        }
        Ok(obj)
    }
}
