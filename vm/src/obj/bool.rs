//! bool: the immediates True and False.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::value::Value;
use crate::vm::Vm;

/// `bool(x)`.
pub fn bool_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    match args.get(1) {
        Some(v) => Ok(Value::bool(vm.truthy(*v)?)),
        None => Ok(Value::FALSE),
    }
}
