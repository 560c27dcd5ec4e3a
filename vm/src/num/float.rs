//! Float arithmetic with Python's exact semantics, in `core` alone (no libm): `//`, `%` and
//! `divmod` as CPython's `float_divmod` computes them, `floor`/`ceil`/`trunc`, and exact
//! comparison between ints and floats (`2**53 + 1 > float(2**53)` is true in Python although
//! converting the int to a float would say they are equal).

use super::BigInt;
use core::cmp::Ordering;

/// 2^52: from here on every f64 is an integer.
const INTEGRAL: f64 = 4_503_599_627_370_496.0;

/// `math.trunc` as a float: rounds toward zero, keeping the sign of zero, inf and NaN.
pub fn trunc_f64(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= INTEGRAL {
        // Already integral, infinite or NaN.
        return x;
    }
    // |x| < 2^52 fits an i64 exactly.
    let t = x as i64 as f64;
    if t == 0.0 { 0.0f64.copysign(x) } else { t }
}

/// `math.floor` as a float.
pub fn floor_f64(x: f64) -> f64 {
    let t = trunc_f64(x);
    if t > x { t - 1.0 } else { t }
}

/// `math.ceil` as a float.
pub fn ceil_f64(x: f64) -> f64 {
    let t = trunc_f64(x);
    if t < x { t + 1.0 } else { t }
}

/// Python's `divmod(x, y)` for floats, as CPython's `float_divmod` computes it (the quotient
/// comes from `(x - x % y) / y`, not `floor(x / y)`, so `1 // 0.1 == 9.0`). `None` when
/// `y == 0` (ZeroDivisionError "float divmod()" / "float floor division by zero" /
/// "float modulo").
pub fn float_divmod(x: f64, y: f64) -> Option<(f64, f64)> {
    if y == 0.0 {
        return None;
    }
    // Rust's `%` on floats is C's fmod: exact, with the sign of x.
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        // Move the remainder to y's side, as Python's % has the sign of the divisor.
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = floor_f64(div);
        // div is (nearly) an integer already; snap to the nearest one.
        if div - f > 0.5 { f + 1.0 } else { f }
    } else {
        0.0f64.copysign(x / y)
    };
    Some((floordiv, m))
}

/// Python's `x // y` for floats; `None` when `y == 0`.
pub fn float_floordiv(x: f64, y: f64) -> Option<f64> {
    float_divmod(x, y).map(|(q, _)| q)
}

/// Python's `x % y` for floats (the result has the sign of `y`); `None` when `y == 0`.
pub fn float_mod(x: f64, y: f64) -> Option<f64> {
    float_divmod(x, y).map(|(_, r)| r)
}

/// Compares an int with a float exactly; `None` when `f` is NaN.
pub fn cmp_i64_f64(i: i64, f: f64) -> Option<Ordering> {
    // Below 2^53 the conversion is exact and IEEE comparison is right.
    if i.unsigned_abs() <= 1 << 53 {
        return (i as f64).partial_cmp(&f);
    }
    cmp_big_f64(&BigInt::from_i64(i), f)
}

/// Compares a big int with a float exactly; `None` when `f` is NaN.
pub fn cmp_big_f64(n: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    // Compare with the integer part first; on a tie the fraction decides.
    let whole = BigInt::from_f64(f);
    match n.cmp(&whole) {
        Ordering::Equal => {
            let frac = f - trunc_f64(f);
            Some(0.0f64.partial_cmp(&frac).unwrap_or(Ordering::Equal))
        }
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_functions() {
        let cases: &[(f64, f64, f64, f64)] = &[
            // (x, trunc, floor, ceil)
            (-0.5, -0.0, -1.0, -0.0),
            (0.5, 0.0, 0.0, 1.0),
            (2.7, 2.0, 2.0, 3.0),
            (-2.7, -2.0, -3.0, -2.0),
            (-0.0, -0.0, -0.0, -0.0),
            (1e300, 1e300, 1e300, 1e300),
            (
                4503599627370495.5,
                4503599627370495.0,
                4503599627370495.0,
                4503599627370496.0,
            ),
            (f64::INFINITY, f64::INFINITY, f64::INFINITY, f64::INFINITY),
        ];
        for &(x, t, fl, c) in cases {
            assert_eq!(trunc_f64(x).to_bits(), t.to_bits(), "trunc({x})");
            assert_eq!(floor_f64(x).to_bits(), fl.to_bits(), "floor({x})");
            assert_eq!(ceil_f64(x).to_bits(), c.to_bits(), "ceil({x})");
        }
        assert!(floor_f64(f64::NAN).is_nan());
    }

    #[test]
    fn divmod_matches_cpython() {
        // (x, y, x // y, x % y) from CPython 3.11.
        let cases: &[(f64, f64, f64, f64)] = &[
            (7.0, 2.0, 3.0, 1.0),
            (-7.0, 2.0, -4.0, 1.0),
            (7.0, 2.5, 2.0, 2.0),
            (-7.0, 2.5, -3.0, 0.5),
            (7.5, 2.0, 3.0, 1.5),
            (-7.5, 2.0, -4.0, 0.5),
            (7.5, -2.0, -4.0, -0.5),
            (1.0, 0.1, 9.0, 0.09999999999999995),
            (0.0, 5.0, 0.0, 0.0),
            (-0.0, 5.0, -0.0, 0.0),
            (0.0, -5.0, -0.0, -0.0),
            (6.0, -3.0, -2.0, -0.0),
            (1e300, 1e-300, f64::INFINITY, 4.891554850853602e-301),
            (5.0, f64::INFINITY, 0.0, 5.0),
            (-5.0, f64::INFINITY, -1.0, f64::INFINITY),
        ];
        for &(x, y, q, r) in cases {
            let (gq, gr) = float_divmod(x, y).unwrap();
            assert_eq!(gq.to_bits(), q.to_bits(), "{x} // {y}");
            assert_eq!(gr.to_bits(), r.to_bits(), "{x} % {y}");
        }
        assert_eq!(float_divmod(1.0, 0.0), None);
        assert_eq!(float_mod(1.0, -0.0), None);
        assert!(float_floordiv(f64::NAN, 2.0).unwrap().is_nan());
    }

    #[test]
    fn int_float_comparison_is_exact() {
        let two53 = 9007199254740992.0;
        assert_eq!(cmp_i64_f64((1 << 53) + 1, two53), Some(Ordering::Greater));
        assert_eq!(cmp_i64_f64(1 << 53, two53), Some(Ordering::Equal));
        assert_eq!(
            cmp_i64_f64(i64::MAX, 9.223372036854776e18),
            Some(Ordering::Less)
        );
        assert_eq!(
            cmp_i64_f64(i64::MIN, -9.223372036854776e18),
            Some(Ordering::Equal)
        );
        assert_eq!(cmp_i64_f64(3, 3.5), Some(Ordering::Less));
        assert_eq!(cmp_i64_f64(-3, -3.5), Some(Ordering::Greater));
        assert_eq!(cmp_i64_f64(0, -0.0), Some(Ordering::Equal));
        assert_eq!(cmp_i64_f64(1, f64::NAN), None);
        let big = BigInt::from_i64(10).pow(300).unwrap();
        assert_eq!(cmp_big_f64(&big, f64::INFINITY), Some(Ordering::Less));
        assert_eq!(
            cmp_big_f64(&-&big, f64::NEG_INFINITY),
            Some(Ordering::Greater)
        );
        // float(10**300) is 1.0000000000000000525e300, above 10**300.
        assert_eq!(cmp_big_f64(&big, 1e300), Some(Ordering::Less));
        let big_plus_half = BigInt::from_f64(1e300);
        assert_eq!(cmp_big_f64(&big_plus_half, 1e300), Some(Ordering::Equal));
        assert_eq!(
            cmp_big_f64(&(&big_plus_half + &BigInt::from_i64(1)), 1e300),
            Some(Ordering::Greater)
        );
    }
}
