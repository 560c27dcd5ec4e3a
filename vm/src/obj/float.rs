//! float: boxed f64 (as MicroPython on 32-bit), its repr and constructor.

use alloc::string::String;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::int::Num;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// `repr(float)`, exactly as CPython prints it.
pub fn float_repr(f: f64) -> String {
    crate::num::float_repr(f)
}

/// `float(x)`.
pub fn float_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(&x) = args.get(1) else {
        return vm.new_float(0.0);
    };
    if let Some(s) = vm.as_str(x).map(String::from) {
        return match parse_float(&s) {
            Some(f) => vm.new_float(f),
            None => {
                let msg = alloc::format!("could not convert string to float: '{}'", s);
                Err(vm.value_error(&msg))
            }
        };
    }
    match vm.to_num(x) {
        Some(Num::Float(_)) => Ok(x),
        Some(n) => vm.new_float(n.to_f64()),
        None => {
            let f = vm.float_arg(x)?;
            vm.new_float(f)
        }
    }
}

/// Parses Python float syntax (with `inf`, `nan`, `_` separators and surrounding spaces).
pub fn parse_float(s: &str) -> Option<f64> {
    crate::num::float_repr::parse_python_float(s)
}

// float.is_integer()
fn is_integer(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let f = vm.float_arg(args.first().copied().unwrap_or(Value::NONE))?;
    Ok(Value::bool(f.is_finite() && libm::floor(f) == f))
}

// float.__int__()
fn to_int(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let x = args.first().copied().unwrap_or(Value::NONE);
    crate::obj::int::int_new(vm, &[Value::NONE, x], &[])
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("is_integer", is_integer),
    NativeDef::new("__int__", to_int),
];
