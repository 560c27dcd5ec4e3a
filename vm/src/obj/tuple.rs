//! tuple: an immutable boxed slice of values.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// `tuple(iterable)`.
pub fn tuple_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    match args.get(1) {
        Some(v) => {
            if matches!(vm.heap.get(*v), Obj::Tuple(_)) {
                return Ok(*v);
            }
            let items = vm.iterate(*v)?;
            vm.new_tuple(&items)
        }
        None => vm.new_tuple(&[]),
    }
}

// tuple.index(x[, start[, stop]])
fn index(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let items = vm.seq_items(args.first().copied().unwrap_or(Value::NONE));
    crate::obj::list::seq_index_of(vm, &items, args)
}

// tuple.count(x)
fn count(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let items = vm.seq_items(args.first().copied().unwrap_or(Value::NONE));
    let x = args.get(1).copied().unwrap_or(Value::NONE);
    let mut c = 0;
    for i in items {
        if vm.eq(i, x)? {
            c += 1;
        }
    }
    vm.new_int(c)
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("index", index),
    NativeDef::new("count", count),
];
