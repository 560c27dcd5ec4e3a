//! Decimal digits of an `f64`, the way David Gay's `dtoa` (which CPython uses) produces them:
//! shortest round-trip digits, or the exact binary value correctly rounded (half to even) to a
//! number of significant digits or of digits after the point. Exactness is what makes
//! `'%.2f' % 2.675 == '2.67'` (2.675 is really 2.67499999...) and `'%.0f' % 0.5 == '0'`.

use super::BigInt;
use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

/// A non-negative decimal `0.D1D2D3... * 10^decpt`: ASCII digits without trailing zeros;
/// zero is `"0"` with `decpt == 1`, as `dtoa` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Digits {
    pub digits: Vec<u8>,
    pub decpt: i32,
}

impl Digits {
    fn zero() -> Digits {
        Digits {
            digits: alloc::vec![b'0'],
            decpt: 1,
        }
    }

    /// True if every digit is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.iter().all(|&d| d == b'0')
    }
}

/// The shortest digits that read back as `|x|` (finite), as `repr` wants. Rust's `{:e}`
/// gives the shortest round-trip digits (Grisu with a Dragon4 fallback), closest to the exact
/// value when several qualify, which is also `dtoa` mode 0's choice.
pub(crate) fn shortest(x: f64) -> Digits {
    if x == 0.0 {
        return Digits::zero();
    }
    let s = format!("{:e}", x.abs());
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    strip_trailing_zeros(&mut digits);
    Digits {
        digits,
        decpt: exp + 1,
    }
}

/// `|x|` (finite) correctly rounded to `n >= 1` significant digits (`dtoa` mode 2).
pub(crate) fn significant(x: f64, n: usize) -> Digits {
    round_at(exact(x), i64::try_from(n).unwrap_or(i64::MAX))
}

/// `|x|` (finite) correctly rounded to `n` digits after the point (`dtoa` mode 3); a
/// negative `n` rounds to tens, hundreds... A result that rounds to nothing is `"0"`.
pub(crate) fn fixed(x: f64, n: i64) -> Digits {
    let d = exact(x);
    let keep = i64::from(d.decpt).saturating_add(n);
    round_at(d, keep)
}

/// All the digits of `|x|` (finite): an f64 is `m * 2^e`, which is the integer `m * 5^-e`
/// shifted `-e` decimal places when `e < 0`. At most 767 significant digits (subnormals).
fn exact(x: f64) -> Digits {
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (mut m, mut e) = if exp_field == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp_field - 1075)
    };
    if m == 0 {
        return Digits::zero();
    }
    let tz = m.trailing_zeros();
    m >>= tz;
    e += tz as i32;
    let n = BigInt::from_u64(m);
    let (s, point_shift) = if e >= 0 {
        // e <= 971 here, far below BigInt::MAX_BITS.
        (n.shl(e as u64).unwrap_or_default().to_string(), 0)
    } else {
        let five = BigInt::from_u64(5)
            .pow(u64::from(e.unsigned_abs()))
            .unwrap_or_default();
        ((&n * &five).to_string(), e)
    };
    let mut digits = s.into_bytes();
    let decpt = digits.len() as i32 + point_shift;
    strip_trailing_zeros(&mut digits);
    Digits { digits, decpt }
}

/// Keeps the first `keep` digits (counted from the first significant one; zero or negative
/// means the cut is left of it), rounding half to even on the exact value.
fn round_at(mut d: Digits, keep: i64) -> Digits {
    let len = d.digits.len() as i64;
    if keep >= len {
        return d;
    }
    if keep < 0 {
        // Even the rounding digit is an implicit leading zero.
        return Digits::zero();
    }
    let k = keep as usize;
    let r = d.digits[k];
    // Digits are stripped of trailing zeros, so anything after the rounding digit is nonzero.
    let beyond = k + 1 < d.digits.len();
    let prev_odd = k > 0 && (d.digits[k - 1] - b'0') % 2 == 1;
    let up = r > b'5' || (r == b'5' && (beyond || prev_odd));
    d.digits.truncate(k);
    if up {
        // Propagate the carry; all nines become 1 followed by zeros (and one more place).
        while let Some(last) = d.digits.pop() {
            if last != b'9' {
                d.digits.push(last + 1);
                break;
            }
        }
        if d.digits.is_empty() {
            d.digits.push(b'1');
            d.decpt += 1;
        }
    }
    strip_trailing_zeros(&mut d.digits);
    if d.digits.is_empty() {
        return Digits::zero();
    }
    d
}

fn strip_trailing_zeros(digits: &mut Vec<u8>) {
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(d: &Digits) -> (alloc::string::String, i32) {
        (
            alloc::string::String::from_utf8(d.digits.clone()).unwrap(),
            d.decpt,
        )
    }

    #[test]
    fn exact_expansion() {
        assert_eq!(show(&exact(0.5)), ("5".into(), 0));
        assert_eq!(
            show(&exact(2.675)),
            (
                "267499999999999982236431605997495353221893310546875".into(),
                1
            )
        );
        assert_eq!(show(&exact(1e22)), ("1".into(), 23));
        assert_eq!(show(&exact(100.0)), ("1".into(), 3));
        assert_eq!(exact(5e-324).digits.len(), 751);
        assert_eq!(exact(5e-324).decpt, -323);
    }

    #[test]
    fn rounding_is_half_even_on_the_exact_value() {
        assert_eq!(show(&fixed(2.675, 2)), ("267".into(), 1));
        assert_eq!(show(&fixed(0.5, 0)), ("0".into(), 1));
        assert_eq!(show(&fixed(1.5, 0)), ("2".into(), 1));
        assert_eq!(show(&fixed(2.5, 0)), ("2".into(), 1));
        assert_eq!(show(&fixed(0.125, 2)), ("12".into(), 0));
        assert_eq!(show(&fixed(0.375, 2)), ("38".into(), 0));
        assert_eq!(show(&fixed(9.9996, 3)), ("1".into(), 2));
        assert_eq!(show(&fixed(0.0001, 2)), ("0".into(), 1));
        assert_eq!(show(&fixed(0.006, 2)), ("1".into(), -1));
        assert_eq!(show(&significant(9.5, 1)), ("1".into(), 2));
        assert_eq!(show(&significant(8.5, 1)), ("8".into(), 1));
        assert_eq!(show(&significant(123456.0, 3)), ("123".into(), 6));
        assert_eq!(show(&significant(0.0, 3)), ("0".into(), 1));
    }

    #[test]
    fn shortest_digits() {
        assert_eq!(show(&shortest(0.1)), ("1".into(), 0));
        assert_eq!(show(&shortest(1e16)), ("1".into(), 17));
        assert_eq!(show(&shortest(123.456)), ("123456".into(), 3));
        assert_eq!(show(&shortest(5e-324)), ("5".into(), -323));
        assert_eq!(show(&shortest(-2.5)), ("25".into(), 1));
    }
}
