//! set and frozenset: the dict table with keys only.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::{Dict, Obj};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

impl Vm {
    pub fn set_add(&mut self, s: Value, v: Value) -> PyResult<()> {
        // Sets of sets store frozensets.
        let v = if matches!(self.heap.get(v), Obj::Set(_)) {
            let t = self.dict_ref(v).cloned().unwrap_or_default();
            self.alloc(Obj::FrozenSet(Box::new(t)))?
        } else {
            v
        };
        self.dict_set(s, v, Value::NONE)
    }

    pub fn set_is_subset(&mut self, a: Value, b: Value) -> PyResult<bool> {
        for k in self.dict_keys(a) {
            if self.dict_get(b, k)?.is_none() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    pub fn new_set(&mut self, items: &[Value], frozen: bool) -> PyResult<Value> {
        let s = self.alloc(if frozen {
            Obj::FrozenSet(Box::default())
        } else {
            Obj::Set(Box::default())
        })?;
        for i in items {
            self.set_add(s, *i)?;
        }
        Ok(s)
    }

    fn is_set(&self, v: Value) -> bool {
        matches!(self.heap.get(v), Obj::Set(_) | Obj::FrozenSet(_))
    }

    /// The keys of a set, or the items of any iterable.
    fn set_items(&mut self, v: Value) -> PyResult<Vec<Value>> {
        if self.is_set(v) {
            Ok(self.dict_keys(v))
        } else {
            self.iterate(v)
        }
    }

    /// Set algebra: `op` is one of `| & - ^`; the result has the type of `a`.
    pub fn set_op(&mut self, op: char, a: Value, b: Value) -> PyResult<Value> {
        let frozen = matches!(self.heap.get(a), Obj::FrozenSet(_));
        let ak = self.dict_keys(a);
        let bk = self.set_items(b)?;
        let bset = if self.is_set(b) {
            b
        } else {
            self.new_set(&bk, false)?
        };
        self.keep(bset);
        let mut out = Vec::new();
        match op {
            '|' => {
                out.extend_from_slice(&ak);
                out.extend_from_slice(&bk);
            }
            '&' => {
                for k in ak {
                    if self.dict_get(bset, k)?.is_some() {
                        out.push(k);
                    }
                }
            }
            '-' => {
                for k in ak {
                    if self.dict_get(bset, k)?.is_none() {
                        out.push(k);
                    }
                }
            }
            _ => {
                for k in &ak {
                    if self.dict_get(bset, *k)?.is_none() {
                        out.push(*k);
                    }
                }
                for k in bk {
                    if self.dict_get(a, k)?.is_none() {
                        out.push(k);
                    }
                }
            }
        }
        self.new_set(&out, frozen)
    }

    fn set_replace(&mut self, s: Value, from: Value) {
        let t = self.dict_ref(from).cloned().unwrap_or_default();
        if let Obj::Set(d) = self.heap.get_mut(s) {
            **d = t;
        }
    }
}

/// `set(iterable)`.
pub fn set_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let items = match args.get(1) {
        Some(v) => vm.iterate(*v)?,
        None => Vec::new(),
    };
    vm.new_set(&items, false)
}

/// `frozenset(iterable)`.
pub fn frozenset_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let items = match args.get(1) {
        Some(v) => vm.iterate(*v)?,
        None => Vec::new(),
    };
    vm.new_set(&items, true)
}

// set.add(x)
fn add(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.set_add(arg(args, 0), arg(args, 1))?;
    Ok(Value::NONE)
}

// set.remove(x)
fn remove(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    if vm.dict_del(arg(args, 0), arg(args, 1))? {
        Ok(Value::NONE)
    } else {
        Err(vm.key_error(arg(args, 1)))
    }
}

// set.discard(x)
fn discard(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.dict_del(arg(args, 0), arg(args, 1))?;
    Ok(Value::NONE)
}

// set.pop()
fn pop(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = arg(args, 0);
    match vm.dict_keys(s).first().copied() {
        Some(k) => {
            vm.dict_del(s, k)?;
            Ok(k)
        }
        None => Err(vm.err(crate::obj::TypeId::KeyError, "pop from an empty set")),
    }
}

// set.clear()
fn clear(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    if let Obj::Set(d) = vm.heap.get_mut(arg(args, 0)) {
        **d = Dict::default();
    }
    Ok(Value::NONE)
}

// set.copy()
fn copy(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = arg(args, 0);
    let frozen = matches!(vm.heap.get(s), Obj::FrozenSet(_));
    let t = vm.dict_ref(s).cloned().unwrap_or_default();
    vm.alloc(if frozen {
        Obj::FrozenSet(Box::new(t))
    } else {
        Obj::Set(Box::new(t))
    })
}

fn fold(vm: &mut Vm, args: &[Value], op: char) -> PyResult<Value> {
    let mut acc = arg(args, 0);
    if args.len() == 1 {
        return vm.set_op('|', acc, acc);
    }
    for other in args.iter().skip(1) {
        acc = vm.set_op(op, acc, *other)?;
        vm.keep(acc);
    }
    Ok(acc)
}

// set.union(*others)
fn union(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    fold(vm, args, '|')
}

// set.intersection(*others)
fn intersection(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    fold(vm, args, '&')
}

// set.difference(*others)
fn difference(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    fold(vm, args, '-')
}

// set.symmetric_difference(other)
fn symmetric_difference(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    fold(vm, args, '^')
}

fn update_with(vm: &mut Vm, args: &[Value], op: char) -> PyResult<Value> {
    let s = arg(args, 0);
    let r = fold(vm, args, op)?;
    vm.set_replace(s, r);
    Ok(Value::NONE)
}

// set.update(*others)
fn update(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = arg(args, 0);
    for other in args.iter().skip(1) {
        for k in vm.iterate(*other)? {
            vm.set_add(s, k)?;
        }
    }
    Ok(Value::NONE)
}

// set.intersection_update(*others)
fn intersection_update(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    update_with(vm, args, '&')
}

// set.difference_update(*others)
fn difference_update(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    update_with(vm, args, '-')
}

// set.symmetric_difference_update(other)
fn symmetric_difference_update(
    vm: &mut Vm,
    args: &[Value],
    _: &[(Qstr, Value)],
) -> PyResult<Value> {
    update_with(vm, args, '^')
}

// set.issubset(other)
fn issubset(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let items = vm.iterate(arg(args, 1))?;
    let other = vm.new_set(&items, false)?;
    Ok(Value::bool(vm.set_is_subset(arg(args, 0), other)?))
}

// set.issuperset(other)
fn issuperset(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let items = vm.iterate(arg(args, 1))?;
    let other = vm.new_set(&items, false)?;
    Ok(Value::bool(vm.set_is_subset(other, arg(args, 0))?))
}

// set.isdisjoint(other)
fn isdisjoint(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    for k in vm.iterate(arg(args, 1))? {
        if vm.dict_get(arg(args, 0), k)?.is_some() {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

// set.__contains__(x)
fn contains(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::bool(vm.contains(arg(args, 0), arg(args, 1))?))
}

// set.__len__()
fn len(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::small(vm.dict_len(arg(args, 0)) as i32))
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("add", add),
    NativeDef::new("remove", remove),
    NativeDef::new("discard", discard),
    NativeDef::new("pop", pop),
    NativeDef::new("clear", clear),
    NativeDef::new("copy", copy),
    NativeDef::new("union", union),
    NativeDef::new("intersection", intersection),
    NativeDef::new("difference", difference),
    NativeDef::new("symmetric_difference", symmetric_difference),
    NativeDef::new("update", update),
    NativeDef::new("intersection_update", intersection_update),
    NativeDef::new("difference_update", difference_update),
    NativeDef::new("symmetric_difference_update", symmetric_difference_update),
    NativeDef::new("issubset", issubset),
    NativeDef::new("issuperset", issuperset),
    NativeDef::new("isdisjoint", isdisjoint),
    NativeDef::new("__contains__", contains),
    NativeDef::new("__len__", len),
];

pub static FROZEN_METHODS: &[NativeDef] = &[
    NativeDef::new("copy", copy),
    NativeDef::new("union", union),
    NativeDef::new("intersection", intersection),
    NativeDef::new("difference", difference),
    NativeDef::new("symmetric_difference", symmetric_difference),
    NativeDef::new("issubset", issubset),
    NativeDef::new("issuperset", issuperset),
    NativeDef::new("isdisjoint", isdisjoint),
    NativeDef::new("__contains__", contains),
    NativeDef::new("__len__", len),
];
