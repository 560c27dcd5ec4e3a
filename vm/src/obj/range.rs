//! range and slice objects.

use alloc::boxed::Box;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::{Obj, RangeObj};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// `range(stop)`, `range(start, stop[, step])`.
pub fn range_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let a = &args[1.min(args.len())..];
    let (start, stop, step) = match a {
        [stop] => (0, vm.int_arg(*stop)?, 1),
        [start, stop] => (vm.int_arg(*start)?, vm.int_arg(*stop)?, 1),
        [start, stop, step] => (vm.int_arg(*start)?, vm.int_arg(*stop)?, vm.int_arg(*step)?),
        _ => return Err(vm.type_error("range expected 1 to 3 arguments")),
    };
    if step == 0 {
        return Err(vm.value_error("zero step"));
    }
    // MicroPython compiles `for i in range(...)` to a counter that allocates nothing; here a
    // range is an object, so making one works under `micropython.heap_lock()`.
    let r = RangeObj { start, stop, step };
    vm.heap_unlocked(|vm| vm.alloc(Obj::Range(Box::new(r))))
}

fn range_of(vm: &mut Vm, args: &[Value]) -> PyResult<RangeObj> {
    match vm.heap.get(args.first().copied().unwrap_or(Value::NONE)) {
        Obj::Range(r) => Ok(**r),
        _ => Err(vm.type_error("expected a range")),
    }
}

// range.index(x)
fn index(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let r = range_of(vm, args)?;
    let x = args.get(1).copied().unwrap_or(Value::NONE);
    let rv = args.first().copied().unwrap_or(Value::NONE);
    if vm.contains(rv, x)? {
        let i = vm.int_arg(x)?;
        return vm.new_int((i - r.start) / r.step);
    }
    Err(vm.value_error("object not in sequence"))
}

// range.count(x)
fn count(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let rv = args.first().copied().unwrap_or(Value::NONE);
    let x = args.get(1).copied().unwrap_or(Value::NONE);
    Ok(Value::small(i32::from(vm.contains(rv, x)?)))
}

/// Attributes of a range: start, stop, step.
pub fn range_attr(r: &RangeObj, name: &str) -> Option<i64> {
    match name {
        "start" => Some(r.start),
        "stop" => Some(r.stop),
        "step" => Some(r.step),
        _ => None,
    }
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("index", index),
    NativeDef::new("count", count),
];

/// `slice(stop)`, `slice(start, stop[, step])`.
pub fn slice_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let a = &args[1.min(args.len())..];
    let parts = match a {
        [stop] => [Value::NONE, *stop, Value::NONE],
        [start, stop] => [*start, *stop, Value::NONE],
        [start, stop, step] => [*start, *stop, *step],
        _ => return Err(vm.type_error("slice expected 1 to 3 arguments")),
    };
    vm.alloc(Obj::Slice(Box::new(parts)))
}
