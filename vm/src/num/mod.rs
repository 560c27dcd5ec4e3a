//! Numeric building blocks of the VM, as plain Rust that knows nothing of the object model:
//! arbitrary-precision integers, Python's floor division on `i64`, float `//` `%` and exact
//! int/float comparison, `repr(float)`, the format spec mini-language and printf-style (`%`)
//! conversions. The runtime wraps these in Python
//! objects and turns their errors into exceptions.

pub mod bigint;
mod decimal;
pub mod float;
pub mod float_repr;
pub mod format_spec;
pub mod percent;

#[cfg(test)]
mod format_tests;

pub use bigint::BigInt;
pub use float_repr::float_repr;

use alloc::string::String;

/// Which Python exception a formatting error becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// ValueError: a malformed or unsupported format specifier.
    Value,
    /// OverflowError: `%c`/`:c` outside `range(0x110000)`, or an int too large for a float.
    Overflow,
}

/// A formatting error: the exception to raise and CPython's message for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// The exception type to raise.
    pub kind: ErrorKind,
    /// CPython's message, e.g. "Invalid format specifier".
    pub message: String,
}

impl FormatError {
    pub(crate) fn value(message: impl Into<String>) -> FormatError {
        FormatError {
            kind: ErrorKind::Value,
            message: message.into(),
        }
    }

    pub(crate) fn overflow(message: impl Into<String>) -> FormatError {
        FormatError {
            kind: ErrorKind::Overflow,
            message: message.into(),
        }
    }
}

impl core::fmt::Display for FormatError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The largest width or precision the formatters accept. CPython would try to build the
/// string (and raise MemoryError on a small board); a clear ValueError is kinder, and no
/// format string can make us allocate more than a few megabytes.
pub const MAX_WIDTH: usize = 1_000_000;

/// Python's `a // b` on small ints. `None` when `b == 0` (the caller raises ZeroDivisionError)
/// or when the result does not fit (only `i64::MIN // -1`; the caller moves to [`BigInt`]).
#[inline]
pub fn floor_div_i64(a: i64, b: i64) -> Option<i64> {
    let q = a.checked_div(b)?;
    // Rust's `/` truncates toward zero, Python floors, so step down when the signs differ and
    // the division was inexact.
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

/// Python's `a % b` on small ints: the result has the sign of `b`. `None` only when `b == 0`.
#[inline]
pub fn floor_mod_i64(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    // `i64::MIN % -1` overflows in Rust although the answer (0) fits; wrapping_rem gives 0.
    let r = a.wrapping_rem(b);
    if r != 0 && ((r < 0) != (b < 0)) {
        Some(r + b)
    } else {
        Some(r)
    }
}

/// Python's `divmod(a, b)` on small ints. `None` when `b == 0` or the quotient overflows
/// (`i64::MIN, -1`).
#[inline]
pub fn floor_divmod_i64(a: i64, b: i64) -> Option<(i64, i64)> {
    Some((floor_div_i64(a, b)?, floor_mod_i64(a, b)?))
}

/// `base ** exp` when it fits in an `i64`; `None` on overflow (the caller moves to [`BigInt`]).
#[inline]
pub fn checked_pow_i64(base: i64, exp: u64) -> Option<i64> {
    // Small bases never overflow, whatever the exponent; `checked_pow` wants a u32 exponent.
    match base {
        0 => return Some(if exp == 0 { 1 } else { 0 }),
        1 => return Some(1),
        -1 => return Some(if exp & 1 == 0 { 1 } else { -1 }),
        _ => {}
    }
    let exp = u32::try_from(exp).ok()?;
    base.checked_pow(exp)
}

/// `pow(base, exp, modulus)` on small ints with `exp >= 0`, result with the sign of `modulus`
/// as Python gives. `None` when `modulus == 0`.
pub fn pow_mod_i64(base: i64, mut exp: u64, modulus: i64) -> Option<i64> {
    if modulus == 0 {
        return None;
    }
    // Work on |modulus| in i128 so products never overflow, then fix the sign at the end.
    let m = i128::from(modulus).abs();
    let mut b = i128::from(base).rem_euclid(m);
    let mut acc: i128 = 1 % m;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc * b % m;
        }
        b = b * b % m;
        exp >>= 1;
    }
    if modulus < 0 && acc != 0 {
        acc -= m;
    }
    // |acc| < |modulus|, so it fits.
    i64::try_from(acc).ok()
}

/// Python's `a << n` on small ints; `None` when the result does not fit an `i64` (the
/// caller moves to [`BigInt::shl`]). Negative counts are the caller's ValueError.
#[inline]
pub fn shl_i64(a: i64, n: u64) -> Option<i64> {
    if a == 0 {
        return Some(0);
    }
    let n = u32::try_from(n).ok().filter(|&n| n < 64)?;
    let r = a << n;
    // Bits shifted out (or into the sign) show up as a mismatch when shifting back.
    (r >> n == a).then_some(r)
}

/// Python's `a >> n` on small ints: arithmetic, so it floors (`-1 >> 100 == -1`).
#[inline]
pub fn shr_i64(a: i64, n: u64) -> i64 {
    a >> n.min(63)
}

/// Python's `a / b` on small ints: the exact quotient correctly rounded. `None` when
/// `b == 0`. Both operands below 2^53 are exact as floats and IEEE division rounds once;
/// larger ones go through [`BigInt::true_div`] so they are not rounded twice.
pub fn true_div_i64(a: i64, b: i64) -> Option<f64> {
    if b == 0 {
        return None;
    }
    const EXACT: u64 = 1 << 53;
    if a.unsigned_abs() <= EXACT && b.unsigned_abs() <= EXACT {
        return Some(a as f64 / b as f64);
    }
    BigInt::from_i64(a).true_div(&BigInt::from_i64(b))
}

/// Python's `round(n, ndigits)` for ints: with `ndigits < 0`, rounds to a multiple of
/// `10**-ndigits`, ties to even (`round(25, -1) == 20`); otherwise `n` itself.
pub fn round_int(n: &BigInt, ndigits: i64) -> BigInt {
    if ndigits >= 0 || n.is_zero() {
        return n.clone();
    }
    // 10^k > |n| once k exceeds n's decimal length, and then the answer is 0 (|n| < 10^k / 2).
    let k = ndigits.unsigned_abs();
    if k > n.bit_length() / 3 + 1 {
        return BigInt::zero();
    }
    let Some(unit) = BigInt::from_u64(10).pow(k) else {
        return BigInt::zero();
    };
    let Some((mut q, r)) = n.divmod_floor(&unit) else {
        return n.clone();
    };
    // r is in [0, unit): compare 2r with unit to round the floored quotient.
    let twice = &r + &r;
    if twice > unit || (twice == unit && q.is_odd()) {
        q = &q + &BigInt::from_u64(1);
    }
    &q * &unit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_int_matches_cpython() {
        let r = |v: i64, n: i64| round_int(&BigInt::from_i64(v), n).to_i64();
        let got: alloc::vec::Vec<_> = [15, 25, -15, -25, 5, -5, 14, 16]
            .iter()
            .map(|&v| r(v, -1))
            .collect();
        let want = [20, 20, -20, -20, 0, 0, 10, 20].map(Some);
        assert_eq!(got, want);
        assert_eq!(r(12345, -10), Some(0));
        assert_eq!(r(-12345, -4), Some(-10000));
        assert_eq!(r(-15000, -4), Some(-20000));
        assert_eq!(r(7, 2), Some(7));
        assert_eq!(r(7, i64::MIN), Some(0));
        let big = BigInt::parse_radix("1000000000000000000005000000000", 10).unwrap();
        assert_eq!(
            alloc::string::ToString::to_string(&round_int(&big, -10)),
            "1000000000000000000000000000000"
        );
    }

    #[test]
    fn shifts_and_true_division() {
        assert_eq!(shl_i64(1, 62), Some(1 << 62));
        assert_eq!(shl_i64(1, 63), None);
        assert_eq!(shl_i64(-1, 63), Some(i64::MIN));
        assert_eq!(shl_i64(-2, 63), None);
        assert_eq!(shl_i64(3, 1 << 40), None);
        assert_eq!(shl_i64(0, u64::MAX), Some(0));
        assert_eq!(shl_i64(12345, 3), Some(98760));
        assert_eq!(shl_i64(-12345, 3), Some(-98760));
        assert_eq!(shr_i64(-12345, 3), -1544);
        assert_eq!(shr_i64(12345, 3), 1543);
        assert_eq!(shr_i64(-1, u64::MAX), -1);
        assert_eq!(shr_i64(5, 64), 0);
        assert_eq!(true_div_i64(5, 2), Some(2.5));
        assert_eq!(true_div_i64(-5, 2), Some(-2.5));
        assert_eq!(true_div_i64(1, 0), None);
        // (2**63 - 1) / 3 and (2**53 + 1) / 1 from CPython.
        assert_eq!(true_div_i64(i64::MAX, 3), Some(3.0744573456182584e18));
        assert_eq!(true_div_i64((1 << 53) + 1, 1), Some(9007199254740992.0));
        assert_eq!(true_div_i64(i64::MIN, -1), Some(9.223372036854776e18));
    }

    #[test]
    fn floor_ops_follow_python() {
        // (a, b, a // b, a % b) from CPython.
        let cases: &[(i64, i64, i64, i64)] = &[
            (7, 2, 3, 1),
            (-7, 2, -4, 1),
            (7, -2, -4, -1),
            (-7, -2, 3, -1),
            (0, 3, 0, 0),
            (0, -3, 0, 0),
            (6, 3, 2, 0),
            (-6, 3, -2, 0),
            (1, 7, 0, 1),
            (-1, 7, -1, 6),
            (7, 1, 7, 0),
            (-7, 1, -7, 0),
            (-7, -1, 7, 0),
            (i64::MIN, 1, i64::MIN, 0),
            (i64::MAX, -1, -i64::MAX, 0),
            (i64::MIN, 7, -1317624576693539402, 6),
            (i64::MAX, -7, -1317624576693539401, 0),
        ];
        for &(a, b, q, r) in cases {
            assert_eq!(floor_div_i64(a, b), Some(q), "{a} // {b}");
            assert_eq!(floor_mod_i64(a, b), Some(r), "{a} % {b}");
            assert_eq!(floor_divmod_i64(a, b), Some((q, r)));
        }
        assert_eq!(floor_div_i64(1, 0), None);
        assert_eq!(floor_mod_i64(1, 0), None);
        assert_eq!(floor_div_i64(i64::MIN, -1), None);
        assert_eq!(floor_mod_i64(i64::MIN, -1), Some(0));
    }

    #[test]
    fn pow_helpers() {
        assert_eq!(checked_pow_i64(2, 62), Some(1 << 62));
        assert_eq!(checked_pow_i64(2, 63), None);
        assert_eq!(checked_pow_i64(-2, 63), Some(i64::MIN));
        assert_eq!(checked_pow_i64(-1, u64::MAX), Some(-1));
        assert_eq!(checked_pow_i64(0, 0), Some(1));
        assert_eq!(checked_pow_i64(10, 18), Some(1_000_000_000_000_000_000));
        assert_eq!(checked_pow_i64(3, 1 << 40), None);
        // pow(2, 10, 1000), pow(3, 200, 10**9 + 7), pow(12345, 6789, 101), pow(-5, 3, 7),
        // pow(5, 3, -7), pow(7, 0, 1) from CPython.
        assert_eq!(pow_mod_i64(2, 10, 1000), Some(24));
        assert_eq!(pow_mod_i64(3, 200, 1_000_000_007), Some(136318165));
        assert_eq!(pow_mod_i64(12345, 6789, 101), Some(85));
        assert_eq!(pow_mod_i64(-5, 3, 7), Some(1));
        assert_eq!(pow_mod_i64(5, 3, -7), Some(-1));
        assert_eq!(pow_mod_i64(7, 0, 1), Some(0));
        assert_eq!(pow_mod_i64(7, 0, -1), Some(0));
        assert_eq!(pow_mod_i64(2, 3, 0), None);
        assert_eq!(pow_mod_i64(i64::MIN, 3, i64::MIN), Some(0));
        assert_eq!(pow_mod_i64(i64::MAX, 5, i64::MAX - 1), Some(1));
    }
}
