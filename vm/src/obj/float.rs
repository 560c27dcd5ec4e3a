//! float: boxed f64 (as MicroPython on 32-bit), its repr and constructor.

use alloc::string::String;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::int::Num;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// An f64 kept as two 32-bit words: an `f64` field would make every heap slot 8-aligned, and
/// on wasm32 and riscv32 that pads the 20-byte slot to 24.
#[derive(Clone, Copy)]
pub struct PackedF64([u32; 2]);

impl PackedF64 {
    pub fn new(f: f64) -> PackedF64 {
        let bits = f.to_bits();
        PackedF64([bits as u32, (bits >> 32) as u32])
    }

    pub fn get(self) -> f64 {
        f64::from_bits(u64::from(self.0[0]) | (u64::from(self.0[1]) << 32))
    }
}

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
