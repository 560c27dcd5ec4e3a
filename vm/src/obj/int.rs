//! int: small ints are immediates, larger ones are `BigInt`s on the heap; arithmetic moves
//! between them transparently. Also the numeric tower shared with float (`Num`).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::ast::BinOp;
use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::num::BigInt;
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// A number, borrowed out of a value for arithmetic.
#[derive(Clone, Debug)]
pub enum Num {
    Int(i64),
    Big(BigInt),
    Float(f64),
}

impl Num {
    pub fn to_big(&self) -> BigInt {
        match self {
            Num::Int(i) => BigInt::from_i64(*i),
            Num::Big(b) => b.clone(),
            Num::Float(f) => BigInt::from_f64(*f),
        }
    }

    pub fn to_f64(&self) -> f64 {
        match self {
            Num::Int(i) => *i as f64,
            Num::Big(b) => b.to_f64(),
            Num::Float(f) => *f,
        }
    }
}

fn floor_div(a: i64, b: i64) -> Option<i64> {
    let q = a.checked_div(b)?;
    if a % b != 0 && ((a < 0) != (b < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

fn floor_mod(a: i64, b: i64) -> Option<i64> {
    let r = a.checked_rem(b)?;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some(r + b)
    } else {
        Some(r)
    }
}

/// Python's float `%`: the result has the sign of the divisor.
pub fn float_mod(a: f64, b: f64) -> f64 {
    let r = libm::fmod(a, b);
    if r != 0.0 && ((r < 0.0) != (b < 0.0)) {
        r + b
    } else if r == 0.0 {
        libm::copysign(0.0, b)
    } else {
        r
    }
}

impl Vm {
    pub fn new_int(&mut self, i: i64) -> PyResult<Value> {
        if Value::fits_small(i) {
            Ok(Value::small(i as i32))
        } else {
            self.alloc(Obj::Int(Box::new(BigInt::from_i64(i))))
        }
    }

    pub fn new_bigint(&mut self, b: BigInt) -> PyResult<Value> {
        if let Some(i) = b.to_i64()
            && Value::fits_small(i)
        {
            return Ok(Value::small(i as i32));
        }
        self.alloc(Obj::Int(Box::new(b)))
    }

    pub fn new_float(&mut self, f: f64) -> PyResult<Value> {
        self.alloc(Obj::Float(crate::obj::float::PackedF64::new(f)))
    }

    pub fn new_num(&mut self, n: Num) -> PyResult<Value> {
        match n {
            Num::Int(i) => self.new_int(i),
            Num::Big(b) => self.new_bigint(b),
            Num::Float(f) => self.new_float(f),
        }
    }

    /// The number in a value (int, bool, float); None for anything else.
    pub fn to_num(&self, v: Value) -> Option<Num> {
        if let Some(i) = v.as_small() {
            return Some(Num::Int(i64::from(i)));
        }
        match v {
            Value::TRUE => return Some(Num::Int(1)),
            Value::FALSE => return Some(Num::Int(0)),
            _ => {}
        }
        match self.heap.get(v) {
            Obj::Int(b) => Some(match b.to_i64() {
                Some(i) => Num::Int(i),
                None => Num::Big((**b).clone()),
            }),
            Obj::Float(f) => Some(Num::Float(f.get())),
            _ => None,
        }
    }

    /// An int (or bool) as i64, if it fits.
    pub fn to_i64(&self, v: Value) -> Option<i64> {
        match self.to_num(v)? {
            Num::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn is_int(&self, v: Value) -> bool {
        v.is_small()
            || v == Value::TRUE
            || v == Value::FALSE
            || matches!(self.heap.get(v), Obj::Int(_))
    }

    /// An integer argument (index, count): TypeError for non-ints, OverflowError past i64.
    pub fn int_arg(&mut self, v: Value) -> PyResult<i64> {
        match self.to_num(v) {
            Some(Num::Int(i)) => Ok(i),
            Some(Num::Big(_)) => {
                Err(self.overflow_error("overflow converting long int to machine word"))
            }
            _ => {
                if matches!(self.heap.get(v), Obj::Instance(_))
                    && let Some(r) = self.call_special(v, q::__index__, &[])?
                    && let Some(i) = self.to_i64(r)
                {
                    return Ok(i);
                }
                let msg = alloc::format!("can't convert {} to int", self.type_name(v));
                Err(self.type_error(&msg))
            }
        }
    }

    /// A float argument (ints convert).
    pub fn float_arg(&mut self, v: Value) -> PyResult<f64> {
        match self.to_num(v) {
            Some(n) => Ok(n.to_f64()),
            None => {
                if matches!(self.heap.get(v), Obj::Instance(_))
                    && let Some(r) = self.call_special(v, q::__float__, &[])?
                    && let Some(n) = self.to_num(r)
                {
                    return Ok(n.to_f64());
                }
                let msg = alloc::format!("can't convert {} to float", self.type_name(v));
                Err(self.type_error(&msg))
            }
        }
    }

    /// Arithmetic on two numbers; None when the operator does not apply.
    pub fn num_binop(&mut self, op: BinOp, a: Num, b: Num) -> PyResult<Option<Value>> {
        if matches!(a, Num::Float(_)) || matches!(b, Num::Float(_)) || op == BinOp::Div {
            if matches!(
                op,
                BinOp::LShift | BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor
            ) {
                return Ok(None);
            }
            if op == BinOp::Div
                && let (Num::Big(_), _) | (_, Num::Big(_)) = (&a, &b)
                && let (false, false) = (matches!(a, Num::Float(_)), matches!(b, Num::Float(_)))
            {
                let (x, y) = (a.to_big(), b.to_big());
                if y.is_zero() {
                    return Err(self.zero_division());
                }
                return match x.true_div(&y) {
                    Some(f) => self.new_float(f).map(Some),
                    None => Err(self.overflow_error("int too large to convert to float")),
                };
            }
            let (x, y) = (a.to_f64(), b.to_f64());
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mult => x * y,
                BinOp::Div => {
                    if y == 0.0 {
                        return Err(self.zero_division());
                    }
                    x / y
                }
                BinOp::FloorDiv => {
                    if y == 0.0 {
                        return Err(self.zero_division());
                    }
                    libm::floor(x / y)
                }
                BinOp::Mod => {
                    if y == 0.0 {
                        return Err(self.zero_division());
                    }
                    float_mod(x, y)
                }
                BinOp::Pow => {
                    if x == 0.0 && y < 0.0 {
                        return Err(self.err(
                            TypeId::ZeroDivisionError,
                            "0.0 cannot be raised to a negative power",
                        ));
                    }
                    if x < 0.0 && y != libm::floor(y) {
                        return Err(self.value_error("math domain error"));
                    }
                    libm::pow(x, y)
                }
                _ => return Ok(None),
            };
            return self.new_float(r).map(Some);
        }
        if let (Num::Int(x), Num::Int(y)) = (&a, &b) {
            let (x, y) = (*x, *y);
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mult => x.checked_mul(y),
                BinOp::FloorDiv => {
                    if y == 0 {
                        return Err(self.zero_division());
                    }
                    floor_div(x, y)
                }
                BinOp::Mod => {
                    if y == 0 {
                        return Err(self.zero_division());
                    }
                    floor_mod(x, y)
                }
                BinOp::Pow => {
                    if y < 0 {
                        if x == 0 {
                            return Err(self.err(
                                TypeId::ZeroDivisionError,
                                "0.0 cannot be raised to a negative power",
                            ));
                        }
                        return self.new_float(libm::pow(x as f64, y as f64)).map(Some);
                    }
                    u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
                }
                BinOp::LShift => {
                    if y < 0 {
                        return Err(self.value_error("negative shift count"));
                    }
                    if y < 63 && (x << y) >> y == x {
                        Some(x << y)
                    } else {
                        None
                    }
                }
                BinOp::RShift => {
                    if y < 0 {
                        return Err(self.value_error("negative shift count"));
                    }
                    Some(x >> y.min(63))
                }
                BinOp::BitAnd => Some(x & y),
                BinOp::BitOr => Some(x | y),
                BinOp::BitXor => Some(x ^ y),
                _ => return Ok(None),
            };
            if let Some(r) = r {
                return self.new_int(r).map(Some);
            }
        }
        // Big ints.
        let (x, y) = (a.to_big(), b.to_big());
        let r = match op {
            BinOp::Add => &x + &y,
            BinOp::Sub => &x - &y,
            BinOp::Mult => &x * &y,
            BinOp::FloorDiv => match x.div_floor(&y) {
                Some(r) => r,
                None => return Err(self.zero_division()),
            },
            BinOp::Mod => match x.mod_floor(&y) {
                Some(r) => r,
                None => return Err(self.zero_division()),
            },
            BinOp::Pow => {
                if y.is_negative() {
                    return self.new_float(libm::pow(x.to_f64(), y.to_f64())).map(Some);
                }
                match y.to_u64().and_then(|e| x.pow(e)) {
                    Some(r) => r,
                    None => return Err(self.overflow_error("result too large")),
                }
            }
            BinOp::LShift => {
                if y.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                match y.to_u64().and_then(|n| x.shl(n)) {
                    Some(r) => r,
                    None => return Err(self.overflow_error("result too large")),
                }
            }
            BinOp::RShift => {
                if y.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                x.shr(y.to_u64().unwrap_or(u64::MAX))
            }
            BinOp::BitAnd => &x & &y,
            BinOp::BitOr => &x | &y,
            BinOp::BitXor => &x ^ &y,
            _ => return Ok(None),
        };
        self.new_bigint(r).map(Some)
    }

    /// Numeric comparison: -1, 0, 1, or None when unordered (NaN).
    pub fn num_cmp(&self, a: &Num, b: &Num) -> Option<core::cmp::Ordering> {
        match (a, b) {
            (Num::Int(x), Num::Int(y)) => Some(x.cmp(y)),
            (Num::Float(_), _) | (_, Num::Float(_)) => {
                // Compare exactly when a big int meets a float with an integral value.
                let (x, y) = (a.to_f64(), b.to_f64());
                x.partial_cmp(&y)
            }
            _ => Some(a.to_big().cmp(&b.to_big())),
        }
    }

    pub fn int_to_string(&self, v: Value, radix: u32) -> String {
        match self.to_num(v) {
            Some(Num::Int(i)) => BigInt::from_i64(i).to_string_radix(radix),
            Some(Num::Big(b)) => b.to_string_radix(radix),
            _ => String::new(),
        }
    }
}

/// `int(x)`, `int(s, base)`.
pub fn int_new(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let x = args.get(1).copied();
    let base = args
        .get(2)
        .copied()
        .or_else(|| kw.iter().find(|(k, _)| *k == q::base).map(|(_, v)| *v));
    let Some(x) = x else {
        return Ok(Value::small(0));
    };
    if let Some(s) = vm.as_str(x).map(String::from) {
        let base = match base {
            Some(b) => vm.int_arg(b)?,
            None => 10,
        };
        return parse_int(vm, &s, base as u32);
    }
    if base.is_some() {
        return Err(vm.type_error("can't convert non-string with explicit base"));
    }
    match vm.to_num(x) {
        Some(Num::Float(f)) => {
            if f.is_nan() {
                return Err(vm.value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(vm.overflow_error("cannot convert float infinity to integer"));
            }
            vm.new_bigint(BigInt::from_f64(libm::trunc(f)))
        }
        Some(n) => vm.new_num(n),
        None => {
            if let Some(b) = vm.bytes_slice(x) {
                let s = String::from_utf8_lossy(b).into_owned();
                return parse_int(vm, &s, 10);
            }
            if let Some(r) = vm.call_special(x, q::__int__, &[])? {
                return Ok(r);
            }
            if let Some(r) = vm.call_special(x, q::__index__, &[])? {
                return Ok(r);
            }
            let msg = alloc::format!("can't convert {} to int", vm.type_name(x));
            Err(vm.type_error(&msg))
        }
    }
}

fn parse_int(vm: &mut Vm, s: &str, base: u32) -> PyResult<Value> {
    let parsed = if base == 0 || (2..=36).contains(&base) {
        crate::num::bigint::parse_python_int(s, base)
    } else {
        return Err(vm.value_error("int() arg 2 must be >= 2 and <= 36"));
    };
    match parsed {
        Some(b) => vm.new_bigint(b),
        None => {
            let msg = alloc::format!("invalid syntax for integer with base {}: '{}'", base, s);
            Err(vm.value_error(&msg))
        }
    }
}

fn byteorder(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)], pos: usize) -> PyResult<bool> {
    let v = args
        .get(pos)
        .copied()
        .or_else(|| kw.iter().find(|(k, _)| *k == q::byteorder).map(|(_, v)| *v));
    match v.and_then(|v| vm.as_str(v).map(String::from)).as_deref() {
        Some("big") => Ok(true),
        Some("little") | None => Ok(false),
        _ => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
    }
}

fn signed(kw: &[(Qstr, Value)]) -> bool {
    kw.iter().any(|(k, v)| *k == q::signed && *v == Value::TRUE)
}

// int.to_bytes(length[, byteorder], *, signed=False)
fn to_bytes(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let n = vm
        .to_num(args.first().copied().unwrap_or(Value::NONE))
        .unwrap_or(Num::Int(0))
        .to_big();
    let len = vm.int_arg(args.get(1).copied().unwrap_or(Value::small(1)))?;
    let big = byteorder(vm, args, kw, 2)?;
    if len < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    match n.to_bytes(len as usize, big, signed(kw)) {
        Ok(b) => vm.alloc(Obj::Bytes(b.into_boxed_slice())),
        Err(m) => Err(vm.overflow_error(m)),
    }
}

// int.from_bytes(bytes[, byteorder], *, signed=False)  (called on the class)
fn from_bytes(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let skip = usize::from(
        args.first()
            .is_some_and(|a| matches!(vm.heap.get(*a), Obj::Type(_))),
    );
    let args = &args[skip..];
    let data: Vec<u8> = vm.bytes_of(args.first().copied().unwrap_or(Value::NONE))?;
    let big = byteorder(vm, args, kw, 1)?;
    let b = BigInt::from_bytes(&data, big, signed(kw));
    vm.new_bigint(b)
}

// int.bit_length()
fn bit_length(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let n = vm
        .to_num(args.first().copied().unwrap_or(Value::NONE))
        .unwrap_or(Num::Int(0))
        .to_big();
    vm.new_int(n.bit_length() as i64)
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("to_bytes", to_bytes),
    NativeDef::new("from_bytes", from_bytes),
    NativeDef::new("bit_length", bit_length),
];
