//! Floats to text and back, exactly as CPython 3 does it: `repr(float)` (which `str` shares),
//! the digit layouts behind `'e'`, `'f'`, `'g'` formatting (a port of `format_float_short` in
//! CPython's `Python/pystrtod.c`), `round(x, n)` and `float(str)`.

use super::decimal::{self, Digits};
use alloc::format;
use alloc::string::String;

/// `repr(x)` / `str(x)`: the shortest digits that read back as `x`, positional for
/// `1e-4 <= |x| < 1e16` with at least one digit after the point (`1.0`, `0.0001`), else
/// exponent form (`1e+16`, `1.5e-05`); `inf`, `-inf`, `nan`, `-0.0`.
pub fn float_repr(x: f64) -> String {
    let text = float_to_text(
        x,
        'r',
        0,
        FloatFlags {
            add_dot_0: true,
            ..FloatFlags::default()
        },
    );
    text.with_sign()
}

/// Options for [`float_to_text`], named after CPython's `Py_DTSF_*` flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FloatFlags {
    /// `#`: keep the decimal point, and for `g` keep trailing zeros.
    pub alt: bool,
    /// Add `.0` to a result with neither point nor exponent (repr, and `format(x, '.3')`).
    pub add_dot_0: bool,
    /// `z`: drop the minus sign of a result that rounds to zero.
    pub no_neg_zero: bool,
}

/// A formatted float with its sign kept apart, so padding can go between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloatText {
    /// Whether a `-` belongs in front (never for NaN).
    pub negative: bool,
    /// The digits, point, exponent, or `inf`/`nan` (upper case for `E`, `F`, `G`).
    pub body: String,
}

impl FloatText {
    /// The body with a leading `-` when negative.
    pub fn with_sign(self) -> String {
        if self.negative {
            format!("-{}", self.body)
        } else {
            self.body
        }
    }
}

/// CPython's `PyOS_double_to_string(x, code, precision, flags)` without the sign: `code` is
/// one of `e E f F g G` or `r` (repr: shortest digits, `precision` ignored). Any other code
/// is treated as `r`. `precision` must already be capped by the caller (see
/// [`super::MAX_WIDTH`]).
pub fn float_to_text(x: f64, code: char, precision: usize, flags: FloatFlags) -> FloatText {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    if x.is_nan() {
        let body = if upper { "NAN" } else { "nan" };
        return FloatText {
            negative: false,
            body: body.into(),
        };
    }
    if x.is_infinite() {
        let body = if upper { "INF" } else { "inf" };
        return FloatText {
            negative: x < 0.0,
            body: body.into(),
        };
    }
    // Callers reject larger precisions with an error; the clamp only guards the allocation.
    let mut precision = precision.min(super::MAX_WIDTH);
    let digits = match code {
        'e' => {
            precision += 1;
            decimal::significant(x, precision)
        }
        'f' => decimal::fixed(x, precision as i64),
        'g' => {
            // Precision 0 makes no sense for 'g'; CPython reads it as 1.
            precision = precision.max(1);
            decimal::significant(x, precision)
        }
        _ => decimal::shortest(x),
    };
    let negative = x.is_sign_negative() && !(flags.no_neg_zero && digits.is_zero());
    let body = layout(&digits, code, precision, flags, upper);
    FloatText { negative, body }
}

/// Lays digits out the way `format_float_short` does: choose exponent or positional form,
/// pad with zeros up to the requested digits, place the point, append the exponent.
fn layout(d: &Digits, code: char, precision: usize, flags: FloatFlags, upper: bool) -> String {
    let digits = &d.digits;
    let digits_len = digits.len() as i64;
    let mut decpt = i64::from(d.decpt);
    let precision = precision as i64;
    let mut use_exp = false;
    // vdigits_end: how many digit places (counted from the first digit) get printed.
    let mut vdigits_end = digits_len;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            use_exp = decpt <= -4 || decpt > limit;
            if flags.alt {
                vdigits_end = precision;
            }
        }
        // repr switches to exponents at 1e16: 16 digits is where the shortest repr of large
        // values stops being exact when padded with zeros (repr(2e16 + 8)).
        _ => use_exp = decpt <= -4 || decpt > 16,
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && flags.add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    vdigits_end = vdigits_end.max(digits_len);

    let mut out = String::with_capacity((vdigits_end - vdigits_start + 8) as usize);
    let zeros = |out: &mut String, n: i64| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    let push_digits =
        |out: &mut String, ds: &[u8]| ds.iter().for_each(|&c| out.push(char::from(c)));
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    }
    if 0 < decpt && decpt <= digits_len {
        let (int_part, frac) = digits.split_at(decpt as usize);
        push_digits(&mut out, int_part);
        out.push('.');
        push_digits(&mut out, frac);
    } else {
        push_digits(&mut out, digits);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        // C's "%+.02d": a sign and at least two digits.
        out.push_str(&format!(
            "{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        ));
    }
    out
}

/// Python's `round(x, ndigits)` for floats: the exact value correctly rounded, half to even,
/// to `ndigits` decimal places (negative rounds to tens, hundreds...), read back as the
/// nearest float. `round_f64(x, 0)` is `round(x)` as a float. Infinities and NaN come back
/// unchanged; the sign of a zero result follows `x`.
pub fn round_f64(x: f64, ndigits: i64) -> f64 {
    // CPython: beyond 323 places every float is already exact; before -308 it rounds to 0.
    if !x.is_finite() || ndigits > 323 || x == 0.0 {
        return x;
    }
    if ndigits < -308 {
        return 0.0 * x;
    }
    let d = decimal::fixed(x, ndigits);
    let text: String = d.digits.iter().map(|&c| char::from(c)).collect();
    let v: f64 = format!("0.{}e{}", text, d.decpt).parse().unwrap_or(0.0);
    if x < 0.0 { -v } else { v }
}

/// `float(s)` for a string: surrounding whitespace, an optional sign, decimal digits with
/// single underscores between them, an optional exponent, or `inf`/`infinity`/`nan` in any
/// case. `None` for anything else (the caller raises ValueError "could not convert string
/// to float: ...").
pub fn parse_python_float(s: &str) -> Option<f64> {
    let s = s.trim_matches(char::is_whitespace);
    let bytes = s.as_bytes();
    if s.is_empty() || !s.is_ascii() {
        return None;
    }
    // Underscores are only allowed between two digits ("1_000.5", not "1_.5" or "_1").
    let mut clean = String::with_capacity(s.len());
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'_' {
            let before = i > 0 && bytes[i - 1].is_ascii_digit();
            let after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !(before && after) {
                return None;
            }
        } else {
            clean.push(char::from(c));
        }
    }
    // Rust's grammar matches Python's (digits, point, exponent, inf/infinity/nan in any case).
    clean.parse().ok()
}

#[cfg(test)]
#[allow(
    clippy::approx_constant,
    reason = "3.14159 is the corpus's test value, not an attempt at pi"
)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_cpython() {
        // (value, repr) pairs from CPython 3.11.
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (-2.0, "-2.0"),
            (100.0, "100.0"),
            (0.5, "0.5"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.5e3, "1500.0"),
            (1048576.0, "1048576.0"),
            (1e16, "1e+16"),
            (9999999999999998.0, "9999999999999998.0"),
            (1.5e-5, "1.5e-05"),
            (1e-7, "1e-07"),
            (0.0001, "0.0001"),
            (0.00012, "0.00012"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (1e22, "1e+22"),
            (1e100, "1e+100"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "nan"),
            (3.14159, "3.14159"),
            (2.675, "2.675"),
            (1.0 / 3.0, "0.3333333333333333"),
            (2.0 / 3.0, "0.6666666666666666"),
            (123.456, "123.456"),
            (-1.25, "-1.25"),
            (4.35, "4.35"),
            (1e15, "1000000000000000.0"),
            (12345678.9, "12345678.9"),
            (2e16 + 8.0, "2.000000000000001e+16"),
        ];
        for &(x, want) in cases {
            assert_eq!(float_repr(x), want, "repr of {x:e}");
        }
    }

    #[test]
    fn round_matches_cpython() {
        let cases: &[(f64, i64, f64)] = &[
            (2.675, 2, 2.67),
            (3.14159, 3, 3.142),
            (1234.567, 1, 1234.6),
            (1234.567, -1, 1230.0),
            (1234.5678, -2, 1200.0),
            (0.1234, 2, 0.12),
            (-0.5678, 2, -0.57),
            (1e-9, 3, 0.0),
            (0.5, 0, 0.0),
            (1.5, 0, 2.0),
            (2.5, 0, 2.0),
            (-2.5, 0, -2.0),
            (3.7, 0, 4.0),
            (-3.7, 0, -4.0),
            (5.0, -1, 0.0),
            (15.0, -1, 20.0),
            (25.0, -1, 20.0),
            (1e300, -300, 1e300),
            (1e300, -301, 0.0),
            (123.0, 400, 123.0),
            (123.0, -400, 0.0),
            (0.125, 2, 0.12),
            (0.375, 2, 0.38),
        ];
        for &(x, n, want) in cases {
            assert_eq!(round_f64(x, n).to_bits(), want.to_bits(), "round({x}, {n})");
        }
        assert!(round_f64(-0.0001, 2).is_sign_negative());
        assert!(round_f64(f64::NAN, 2).is_nan());
        assert_eq!(round_f64(f64::INFINITY, 2), f64::INFINITY);
    }

    #[test]
    fn parse_matches_cpython() {
        let ok: &[(&str, f64)] = &[
            ("2.5", 2.5),
            ("  -1.25 ", -1.25),
            ("1e3", 1000.0),
            (".5", 0.5),
            ("7.", 7.0),
            ("1_000.5", 1000.5),
            ("1e1_0", 1e10),
            ("+inf", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("-0.0", -0.0),
            ("\t1E-2\n", 0.01),
        ];
        for &(s, want) in ok {
            assert_eq!(
                parse_python_float(s).map(f64::to_bits),
                Some(want.to_bits()),
                "float({s:?})"
            );
        }
        assert!(parse_python_float("nan").is_some_and(f64::is_nan));
        assert!(parse_python_float("-NaN").is_some_and(f64::is_nan));
        for bad in [
            "abc", "", "1.2.3", "1e", "--1", "1_", "_1", "1__0", "1_.5", "in", " ", "1 2", "0x10",
            "١",
        ] {
            assert_eq!(parse_python_float(bad), None, "float({bad:?})");
        }
    }
}
