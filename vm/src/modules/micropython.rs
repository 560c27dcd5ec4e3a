//! `micropython`: const, mem_info, opt_level and friends.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::value::Value;
use crate::vm::{NativeDef, Stream, Vm};

// micropython.const(x)
fn constant(_: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(args.first().copied().unwrap_or(Value::NONE))
}

// micropython.mem_info()
fn mem_info(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = alloc::format!(
        "mem: total={}, current={}, peak={}\nGC: total: {}, used: {}, free: {}\n",
        vm.heap.capacity,
        vm.mem_alloc(),
        vm.mem_alloc(),
        vm.heap.capacity,
        vm.mem_alloc(),
        vm.mem_free()
    );
    vm.write(Stream::Stdout, s.as_bytes());
    Ok(Value::NONE)
}

// micropython.schedule(func, arg)
fn schedule(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let f = args.first().copied().unwrap_or(Value::NONE);
    let a = args.get(1).copied().unwrap_or(Value::NONE);
    if vm.schedule(f, a) {
        Ok(Value::NONE)
    } else {
        Err(vm.runtime_error("schedule queue full"))
    }
}

// micropython.opt_level([level])
fn opt_level(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::small(0))
}

// micropython.kbd_intr(chr), heap_lock(), heap_unlock(): accepted.
fn noop(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::NONE)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("const", constant),
    NativeDef::new("mem_info", mem_info),
    NativeDef::new("opt_level", opt_level),
    NativeDef::new("schedule", schedule),
    NativeDef::new("kbd_intr", noop),
    NativeDef::new("heap_lock", noop),
    NativeDef::new("heap_unlock", noop),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}
