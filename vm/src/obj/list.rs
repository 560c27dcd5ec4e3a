//! list: a `Vec<Value>` (4 bytes a slot on 32-bit targets) and its methods.

use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

impl Vm {
    /// The list behind a value (a list, or a list subclass instance).
    pub(crate) fn list_arg(&mut self, v: Value) -> PyResult<Value> {
        let b = self.unwrap_base(v);
        if matches!(self.heap.get(b), Obj::List(_)) {
            Ok(b)
        } else {
            Err(self.type_error("expected a list"))
        }
    }

    /// Appends with heap accounting for the growth.
    pub fn list_push(&mut self, list: Value, v: Value) -> PyResult<()> {
        let list = self.unwrap_base(list);
        // A collection inside `reserve` trims the list, so ask again until it fits.
        let mut reserved = 0;
        loop {
            let grow = match self.heap.get(list) {
                Obj::List(l) if l.len() == l.capacity() => {
                    l.capacity().max(4) * core::mem::size_of::<Value>()
                }
                Obj::List(_) => 0,
                _ => return Err(self.type_error("expected a list")),
            };
            if grow <= reserved {
                break;
            }
            self.reserve(grow - reserved)?;
            reserved = grow;
        }
        if let Obj::List(l) = self.heap.get_mut(list) {
            l.push(v);
        }
        Ok(())
    }

    fn list_items(&self, l: Value) -> Vec<Value> {
        match self.heap.get(l) {
            Obj::List(v) => v.clone(),
            _ => Vec::new(),
        }
    }

    /// Sorts values by `keys` (same length) with `<`, stable (merge sort), possibly calling
    /// Python `__lt__`.
    pub fn sort_values(
        &mut self,
        items: &mut Vec<Value>,
        keys: Option<Vec<Value>>,
        reverse: bool,
    ) -> PyResult<()> {
        let n = items.len();
        let keys = keys.unwrap_or_else(|| items.clone());
        let mut idx: Vec<usize> = (0..n).collect();
        let mut buf: Vec<usize> = alloc::vec![0; n];
        let mut width = 1;
        while width < n {
            let mut i = 0;
            while i < n {
                let mid = (i + width).min(n);
                let end = (i + 2 * width).min(n);
                let (mut a, mut b, mut k) = (i, mid, i);
                while a < mid && b < end {
                    let (ka, kb) = (keys[idx[a]], keys[idx[b]]);
                    // Take from the right only when strictly smaller (keeps it stable).
                    let take_right = if reverse {
                        self.lt(ka, kb)?
                    } else {
                        self.lt(kb, ka)?
                    };
                    if take_right {
                        buf[k] = idx[b];
                        b += 1;
                    } else {
                        buf[k] = idx[a];
                        a += 1;
                    }
                    k += 1;
                }
                while a < mid {
                    buf[k] = idx[a];
                    a += 1;
                    k += 1;
                }
                while b < end {
                    buf[k] = idx[b];
                    b += 1;
                    k += 1;
                }
                i += 2 * width;
            }
            core::mem::swap(&mut idx, &mut buf);
            width *= 2;
        }
        let sorted: Vec<Value> = idx.iter().map(|&i| items[i]).collect();
        *items = sorted;
        Ok(())
    }
}

/// `list(iterable)`.
pub fn list_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let items = match args.get(1) {
        Some(v) => vm.iterate(*v)?,
        None => Vec::new(),
    };
    vm.new_list(items)
}

// list.append(x)
fn append(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.list_push(arg(args, 0), arg(args, 1))?;
    Ok(Value::NONE)
}

// list.extend(iterable)
fn extend(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let items = vm.iterate(arg(args, 1))?;
    vm.reserve(items.len() * core::mem::size_of::<Value>())?;
    if let Obj::List(v) = vm.heap.get_mut(l) {
        v.extend(items);
    }
    Ok(Value::NONE)
}

// list.insert(index, x)
fn insert(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let i = vm.int_arg(arg(args, 1))?;
    vm.reserve(8)?;
    if let Obj::List(v) = vm.heap.get_mut(l) {
        let n = v.len() as i64;
        let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
        v.insert(i as usize, arg(args, 2));
    }
    Ok(Value::NONE)
}

// list.pop([index])
fn pop(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let n = vm.len(l)?;
    if n == 0 {
        return Err(vm.index_error("pop from empty list"));
    }
    let i = match args.get(1) {
        Some(i) => vm.seq_index(*i, n, "list")?,
        None => n - 1,
    };
    Ok(match vm.heap.get_mut(l) {
        Obj::List(v) if i < v.len() => v.remove(i),
        _ => Value::NONE,
    })
}

// list.remove(x)
fn remove(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let items = vm.list_items(l);
    for (i, x) in items.iter().enumerate() {
        if vm.eq(*x, arg(args, 1))? {
            if let Obj::List(v) = vm.heap.get_mut(l)
                && i < v.len()
            {
                v.remove(i);
            }
            return Ok(Value::NONE);
        }
    }
    Err(vm.value_error("object not in sequence"))
}

/// `seq.index(x[, start[, stop]])` for lists and tuples.
pub fn seq_index_of(vm: &mut Vm, items: &[Value], args: &[Value]) -> PyResult<Value> {
    let n = items.len() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let start = match args.get(2) {
        Some(v) => norm(vm.int_arg(*v)?),
        None => 0,
    };
    let stop = match args.get(3) {
        Some(v) => norm(vm.int_arg(*v)?),
        None => n,
    };
    for i in start..stop {
        if vm.eq(items[i as usize], arg(args, 1))? {
            return vm.new_int(i);
        }
    }
    Err(vm.value_error("object not in sequence"))
}

// list.index(x[, start[, stop]])
fn index(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let items = vm.list_items(l);
    seq_index_of(vm, &items, args)
}

// list.count(x)
fn count(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let items = vm.list_items(l);
    let mut c = 0;
    for x in items {
        if vm.eq(x, arg(args, 1))? {
            c += 1;
        }
    }
    vm.new_int(c)
}

// list.reverse()
fn reverse(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    if let Obj::List(v) = vm.heap.get_mut(l) {
        v.reverse();
    }
    Ok(Value::NONE)
}

/// Sorts `items` honouring `key=` and `reverse=` keyword arguments.
pub fn sort_with_kwargs(vm: &mut Vm, items: &mut Vec<Value>, kw: &[(Qstr, Value)]) -> PyResult<()> {
    let key = kw
        .iter()
        .find(|(k, _)| *k == q::key)
        .map(|(_, v)| *v)
        .filter(|v| !v.is_none());
    let rev = match kw.iter().find(|(k, _)| *k == q::reverse) {
        Some((_, v)) => vm.truthy(*v)?,
        None => false,
    };
    let keys = match key {
        Some(f) => {
            let mut ks = Vec::with_capacity(items.len());
            for x in items.iter() {
                let k = vm.call(f, &[*x])?;
                vm.keep(k);
                ks.push(k);
            }
            Some(ks)
        }
        None => None,
    };
    vm.sort_values(items, keys, rev)
}

// list.sort(*, key=None, reverse=False)
fn sort(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let mut items = vm.list_items(l);
    sort_with_kwargs(vm, &mut items, kw)?;
    if let Obj::List(v) = vm.heap.get_mut(l) {
        *v = items;
    }
    Ok(Value::NONE)
}

// list.copy()
fn copy(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let items = vm.list_items(l);
    vm.new_list(items)
}

// list.clear()
fn clear(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    if let Obj::List(v) = vm.heap.get_mut(l) {
        v.clear();
    }
    Ok(Value::NONE)
}

// list.__len__()
fn len(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let n = vm.len(l)?;
    vm.new_int(n as i64)
}

// list.__getitem__(index)
fn getitem(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    vm.getitem(l, arg(args, 1))
}

// list.__setitem__(index, value)
fn setitem(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    vm.setitem(l, arg(args, 1), arg(args, 2))?;
    Ok(Value::NONE)
}

// list.__iter__()
fn iter(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    vm.get_iter(l)
}

// list.__contains__(x)
fn contains(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    Ok(Value::bool(vm.contains(l, arg(args, 1))?))
}

// list.__init__([iterable])
fn init(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let l = vm.list_arg(arg(args, 0))?;
    let items = match args.get(1) {
        Some(v) => vm.iterate(*v)?,
        None => Vec::new(),
    };
    vm.reserve(items.len() * core::mem::size_of::<Value>())?;
    if let Obj::List(v) = vm.heap.get_mut(l) {
        *v = items;
    }
    Ok(Value::NONE)
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("__init__", init),
    NativeDef::new("append", append),
    NativeDef::new("extend", extend),
    NativeDef::new("insert", insert),
    NativeDef::new("pop", pop),
    NativeDef::new("remove", remove),
    NativeDef::new("index", index),
    NativeDef::new("count", count),
    NativeDef::new("reverse", reverse),
    NativeDef::new("sort", sort),
    NativeDef::new("copy", copy),
    NativeDef::new("clear", clear),
    NativeDef::new("__len__", len),
    NativeDef::new("__getitem__", getitem),
    NativeDef::new("__setitem__", setitem),
    NativeDef::new("__iter__", iter),
    NativeDef::new("__contains__", contains),
];
