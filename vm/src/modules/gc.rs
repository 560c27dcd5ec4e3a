//! `gc`: collect, mem_free, mem_alloc, enable/disable, threshold.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

// gc.collect()
fn collect(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.collect();
    Ok(Value::NONE)
}

// gc.mem_free()
fn mem_free(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let n = vm.mem_free() as i64;
    vm.new_int(n)
}

// gc.mem_alloc()
fn mem_alloc(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let n = vm.mem_alloc() as i64;
    vm.new_int(n)
}

// gc.enable(), gc.disable(): accepted; collection happens when the heap is full either way.
fn noop(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::NONE)
}

// gc.isenabled()
fn isenabled(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::TRUE)
}

// gc.threshold([amount])
fn threshold(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::small(-1))
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("collect", collect),
    NativeDef::new("mem_free", mem_free),
    NativeDef::new("mem_alloc", mem_alloc),
    NativeDef::new("enable", noop),
    NativeDef::new("disable", noop),
    NativeDef::new("isenabled", isenabled),
    NativeDef::new("threshold", threshold),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}
