//! `math`: MicroPython's math module (py/modmath.c) on the `libm` crate, since `no_std` has no
//! float math. As in MicroPython, a function whose result is NaN or infinite for finite,
//! non-NaN arguments raises ValueError("math domain error"); that covers both domain errors
//! (`sqrt(-1)`) and overflow (`exp(1000)`, where CPython raises OverflowError).

use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::modules::args::{arg, between, exact, kwarg, only_keywords, positional};
use crate::num::BigInt;
use crate::obj::int::Num;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

const PI: f64 = core::f64::consts::PI;

fn domain_error(vm: &mut Vm) -> crate::exc::PyErr {
    vm.value_error("math domain error")
}

/// MicroPython's `math_generic_1`: apply `f`, and reject a NaN or infinity the argument did
/// not already hold.
fn generic_1(
    vm: &mut Vm,
    args: &[Value],
    kw: &[(Qstr, Value)],
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let x = vm.float_arg(arg(args, 0))?;
    let r = f(x);
    if (r.is_nan() && !x.is_nan()) || (r.is_infinite() && !x.is_infinite()) {
        return Err(domain_error(vm));
    }
    vm.new_float(r)
}

/// MicroPython's `math_generic_2`.
fn generic_2(
    vm: &mut Vm,
    args: &[Value],
    kw: &[(Qstr, Value)],
    f: fn(f64, f64) -> f64,
) -> PyResult<Value> {
    exact(vm, args, kw, 2)?;
    let x = vm.float_arg(arg(args, 0))?;
    let y = vm.float_arg(arg(args, 1))?;
    let r = f(x, y);
    if (r.is_nan() && !x.is_nan() && !y.is_nan())
        || (r.is_infinite() && !x.is_infinite() && !y.is_infinite())
    {
        return Err(domain_error(vm));
    }
    vm.new_float(r)
}

/// Defines `// math.NAME(x)` natives that go through `generic_1` / `generic_2`.
macro_rules! math_fn {
    ($($name:ident => $f:expr;)*) => {$(
        fn $name(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
            generic_1(vm, args, kw, $f)
        }
    )*};
}

macro_rules! math_fn2 {
    ($($name:ident => $f:expr;)*) => {$(
        fn $name(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
            generic_2(vm, args, kw, $f)
        }
    )*};
}

// math.sqrt(x), math.exp(x), ... : one float in, one float out.
math_fn! {
    sqrt => libm::sqrt;
    exp => libm::exp;
    expm1 => libm::expm1;
    log2 => libm::log2;
    log10 => libm::log10;
    log1p => libm::log1p;
    sin => libm::sin;
    cos => libm::cos;
    tan => libm::tan;
    asin => libm::asin;
    acos => libm::acos;
    atan => libm::atan;
    sinh => libm::sinh;
    cosh => libm::cosh;
    tanh => libm::tanh;
    asinh => libm::asinh;
    acosh => libm::acosh;
    atanh => libm::atanh;
    fabs => libm::fabs;
    erf => libm::erf;
    erfc => libm::erfc;
    gamma => libm::tgamma;
    lgamma => libm::lgamma;
}

// math.pow(x, y), math.atan2(y, x), math.fmod(x, y), math.copysign(x, y)
math_fn2! {
    pow => libm::pow;
    atan2 => libm::atan2;
    fmod => libm::fmod;
    copysign => libm::copysign;
}

// math.log(x[, base])
fn log(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    between(vm, args, kw, 1, 2)?;
    let x = vm.float_arg(arg(args, 0))?;
    if x <= 0.0 {
        return Err(domain_error(vm));
    }
    let l = libm::log(x);
    if args.len() == 1 {
        return vm.new_float(l);
    }
    let base = vm.float_arg(arg(args, 1))?;
    if base <= 0.0 {
        return Err(domain_error(vm));
    }
    if base == 1.0 {
        return Err(vm.zero_division());
    }
    vm.new_float(l / libm::log(base))
}

/// floor/ceil/trunc: ints come back unchanged (exact even past 2**53, as in CPython); floats
/// become ints, with int()'s errors for infinity and NaN.
fn to_int(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)], f: fn(f64) -> f64) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let x = arg(args, 0);
    match vm.to_num(x) {
        Some(Num::Int(i)) => return vm.new_int(i),
        Some(Num::Big(b)) => return vm.new_bigint(b),
        _ => {}
    }
    let v = f(vm.float_arg(x)?);
    if v.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if v.is_infinite() {
        return Err(vm.overflow_error("cannot convert float infinity to integer"));
    }
    vm.new_bigint(BigInt::from_f64(v))
}

// math.floor(x)
fn floor(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    to_int(vm, args, kw, libm::floor)
}

// math.ceil(x)
fn ceil(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    to_int(vm, args, kw, libm::ceil)
}

// math.trunc(x)
fn trunc(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    to_int(vm, args, kw, libm::trunc)
}

// math.isfinite(x)
fn isfinite(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    Ok(Value::bool(vm.float_arg(arg(args, 0))?.is_finite()))
}

// math.isinf(x)
fn isinf(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    Ok(Value::bool(vm.float_arg(arg(args, 0))?.is_infinite()))
}

// math.isnan(x)
fn isnan(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    Ok(Value::bool(vm.float_arg(arg(args, 0))?.is_nan()))
}

// math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)
fn isclose(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    only_keywords(vm, kw, &["rel_tol", "abs_tol"])?;
    positional(vm, args, 2, 2)?;
    let a = vm.float_arg(arg(args, 0))?;
    let b = vm.float_arg(arg(args, 1))?;
    let rel_tol = match kwarg(vm, kw, "rel_tol") {
        Some(v) => vm.float_arg(v)?,
        None => 1e-9,
    };
    let abs_tol = match kwarg(vm, kw, "abs_tol") {
        Some(v) => vm.float_arg(v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(domain_error(vm));
    }
    if a == b {
        return Ok(Value::TRUE);
    }
    let diff = libm::fabs(a - b);
    // An infinite difference means one side is infinite: only equal infinities are close.
    if diff.is_infinite() {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(
        diff <= abs_tol || diff <= libm::fabs(rel_tol * a) || diff <= libm::fabs(rel_tol * b),
    ))
}

// math.ldexp(x, exp)
fn ldexp(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 2)?;
    let x = vm.float_arg(arg(args, 0))?;
    let e = vm.int_arg(arg(args, 1))?;
    // Past +-2200 every finite x has already over- or underflowed, so clamping loses nothing.
    let e = e.clamp(-2200, 2200) as i32;
    vm.new_float(libm::ldexp(x, e))
}

// math.frexp(x)
fn frexp(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let x = vm.float_arg(arg(args, 0))?;
    let (m, e) = if x.is_finite() {
        libm::frexp(x)
    } else {
        (x, 0)
    };
    let m = vm.new_float(m)?;
    let e = vm.new_int(i64::from(e))?;
    vm.new_tuple(&[m, e])
}

// math.modf(x)
fn modf(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let x = vm.float_arg(arg(args, 0))?;
    let (frac, int) = libm::modf(x);
    // modf(+-inf) is (+-0.0, +-inf); libm already gives that, the sign of zero included.
    let frac = vm.new_float(frac)?;
    let int = vm.new_float(int)?;
    vm.new_tuple(&[frac, int])
}

// math.radians(x)
fn radians(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let x = vm.float_arg(arg(args, 0))?;
    vm.new_float(x * (PI / 180.0))
}

// math.degrees(x)
fn degrees(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let x = vm.float_arg(arg(args, 0))?;
    vm.new_float(x * (180.0 / PI))
}

/// The product `lo * (lo+1) * ... * hi`, split in halves so Karatsuba sees balanced operands.
fn product(lo: u64, hi: u64) -> BigInt {
    if hi - lo < 8 {
        let mut acc = BigInt::from_u64(lo);
        for k in lo + 1..=hi {
            acc = &acc * &BigInt::from_u64(k);
        }
        return acc;
    }
    let mid = lo + (hi - lo) / 2;
    &product(lo, mid) * &product(mid + 1, hi)
}

// math.factorial(n)
fn factorial(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let n = vm.int_arg(arg(args, 0))?;
    if n < 0 {
        return Err(vm.value_error("negative factorial"));
    }
    if n < 2 {
        return Ok(Value::small(1));
    }
    // log2(n!) bits, from lgamma: refuse up front what could never fit the heap, instead of
    // grinding through a multiplication whose result would be thrown away.
    let bits = libm::lgamma(n as f64 + 1.0) / core::f64::consts::LN_2;
    vm.ensure_room((bits / 8.0).min(usize::MAX as f64) as usize)?;
    let r = product(1, n as u64);
    vm.new_bigint(r)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("sqrt", sqrt),
    NativeDef::new("pow", pow),
    NativeDef::new("exp", exp),
    NativeDef::new("expm1", expm1),
    NativeDef::new("log", log),
    NativeDef::new("log2", log2),
    NativeDef::new("log10", log10),
    NativeDef::new("log1p", log1p),
    NativeDef::new("cosh", cosh),
    NativeDef::new("sinh", sinh),
    NativeDef::new("tanh", tanh),
    NativeDef::new("acosh", acosh),
    NativeDef::new("asinh", asinh),
    NativeDef::new("atanh", atanh),
    NativeDef::new("cos", cos),
    NativeDef::new("sin", sin),
    NativeDef::new("tan", tan),
    NativeDef::new("acos", acos),
    NativeDef::new("asin", asin),
    NativeDef::new("atan", atan),
    NativeDef::new("atan2", atan2),
    NativeDef::new("ceil", ceil),
    NativeDef::new("copysign", copysign),
    NativeDef::new("fabs", fabs),
    NativeDef::new("floor", floor),
    NativeDef::new("fmod", fmod),
    NativeDef::new("frexp", frexp),
    NativeDef::new("ldexp", ldexp),
    NativeDef::new("modf", modf),
    NativeDef::new("isfinite", isfinite),
    NativeDef::new("isinf", isinf),
    NativeDef::new("isnan", isnan),
    NativeDef::new("isclose", isclose),
    NativeDef::new("trunc", trunc),
    NativeDef::new("radians", radians),
    NativeDef::new("degrees", degrees),
    NativeDef::new("factorial", factorial),
    NativeDef::new("erf", erf),
    NativeDef::new("erfc", erfc),
    NativeDef::new("gamma", gamma),
    NativeDef::new("lgamma", lgamma),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)?;
    let consts: Vec<(&str, f64)> = alloc::vec![
        ("e", core::f64::consts::E),
        ("pi", PI),
        ("tau", core::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ];
    for (name, x) in consts {
        let v = vm.new_float(x)?;
        vm.set_item_str(d, name, v)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::product;
    use crate::num::BigInt;

    #[test]
    fn product_matches_sequential_factorial() {
        let mut acc = BigInt::from_u64(1);
        for k in 1..=60u64 {
            acc = &acc * &BigInt::from_u64(k);
            assert_eq!(product(1, k).to_string_radix(10), acc.to_string_radix(10));
        }
    }
}
