//! Conversions between [`BigInt`] and machine integers, `f64`, strings in any radix from 2
//! to 36, and byte strings (`int.to_bytes` / `int.from_bytes`).

use super::BigInt;
use super::arith::mul_small_add;
use super::div::divrem_small_in_place;
use alloc::string::String;
use alloc::vec::Vec;

impl BigInt {
    /// The value of an `i64`.
    pub fn from_i64(v: i64) -> BigInt {
        let mut b = BigInt::from_u64(v.unsigned_abs());
        b.negative = v < 0;
        b
    }

    /// The value of a `u64`.
    pub fn from_u64(v: u64) -> BigInt {
        BigInt::from_parts(false, alloc::vec![v as u32, (v >> 32) as u32])
    }

    /// The value of an `i128` (handy for the runtime's overflowing small-int products).
    pub fn from_i128(v: i128) -> BigInt {
        let m = v.unsigned_abs();
        let mag = alloc::vec![
            m as u32,
            (m >> 32) as u32,
            (m >> 64) as u32,
            (m >> 96) as u32
        ];
        BigInt::from_parts(v < 0, mag)
    }

    /// The value as an `i64` if it fits, so the runtime can demote results to small ints.
    pub fn to_i64(&self) -> Option<i64> {
        let m = self.to_u64_mag()?;
        if self.negative {
            // -2^63 fits although 2^63 does not.
            0i64.checked_sub_unsigned(m)
        } else {
            i64::try_from(m).ok()
        }
    }

    /// The value as a `u64` if it is non-negative and fits.
    pub fn to_u64(&self) -> Option<u64> {
        if self.negative {
            None
        } else {
            self.to_u64_mag()
        }
    }

    fn to_u64_mag(&self) -> Option<u64> {
        match self.mag[..] {
            [] => Some(0),
            [lo] => Some(u64::from(lo)),
            [lo, hi] => Some(u64::from(lo) | (u64::from(hi) << 32)),
            _ => None,
        }
    }

    /// `int(x)` for a finite float: truncates toward zero. Infinities and NaN give zero; the
    /// caller raises OverflowError / ValueError for them first.
    pub fn from_f64(x: f64) -> BigInt {
        if !x.is_finite() {
            return BigInt::zero();
        }
        let bits = x.to_bits();
        let exp_field = ((bits >> 52) & 0x7ff) as i64;
        if exp_field < 1023 {
            // |x| < 1 (this includes subnormals and zero).
            return BigInt::zero();
        }
        let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
        // x = mant * 2^(exp_field - 1075)
        let e = exp_field - 1075;
        let mag = BigInt::from_u64(if e < 0 { mant >> -e } else { mant });
        let mag = if e > 0 {
            mag.shl(e as u64).unwrap_or_default()
        } else {
            mag
        };
        if x < 0.0 { -mag } else { mag }
    }

    /// `float(self)`, correctly rounded (half to even); `±inf` when it is too large, which the
    /// runtime turns into OverflowError "int too large to convert to float".
    pub fn to_f64(&self) -> f64 {
        let bl = self.bit_length();
        let x = if bl <= 64 {
            // Rust's `as` rounds to nearest, ties to even.
            self.to_u64_mag().unwrap_or(0) as f64
        } else {
            // Keep the top 64 bits and fold everything below into a sticky bit.
            let shift = bl - 64;
            let top = self.abs().shr(shift).to_u64().unwrap_or(u64::MAX);
            let limbs = (shift / 32) as usize;
            let sticky = self.mag[..limbs].iter().any(|&l| l != 0)
                || self.mag[limbs] & ((1u32 << (shift % 32)) - 1) != 0;
            make_f64(top, shift as i64, sticky)
        };
        if self.negative { -x } else { x }
    }

    /// The digits of `self` in `radix` (2..=36, lowercase, with a leading `-` for negatives
    /// and no prefix), as Python's `format(n, 'x')` etc. give them. Any other radix is
    /// treated as 10.
    pub fn to_string_radix(&self, radix: u32) -> String {
        let radix = if (2..=36).contains(&radix) { radix } else { 10 };
        let mut out = Vec::new();
        if self.is_zero() {
            out.push(b'0');
        } else if radix.is_power_of_two() {
            let k = radix.trailing_zeros() as u64;
            let bits = self.bit_length();
            let mut pos = 0;
            while pos < bits {
                out.push(DIGITS[self.mag_bits(pos, k as u32) as usize]);
                pos += k;
            }
        } else {
            // Peel off chunks of `per` digits with one single-limb division each, which keeps
            // a 1000-digit decimal conversion to about 111 * 111 limb steps.
            let (chunk, per) = chunk_for(radix);
            let mut mag = self.mag.clone();
            while !mag.is_empty() {
                let mut r = divrem_small_in_place(&mut mag, chunk);
                for _ in 0..per {
                    out.push(DIGITS[(r % radix) as usize]);
                    r /= radix;
                    if mag.is_empty() && r == 0 {
                        break;
                    }
                }
            }
        }
        if self.negative {
            out.push(b'-');
        }
        out.reverse();
        // Only ASCII digits and '-' were pushed.
        String::from_utf8(out).unwrap_or_default()
    }

    /// `k <= 32` bits of the magnitude starting at bit `pos`.
    fn mag_bits(&self, pos: u64, k: u32) -> u32 {
        let i = (pos / 32) as usize;
        let s = (pos % 32) as u32;
        let lo = self.mag.get(i).copied().unwrap_or(0) as u64;
        let hi = self.mag.get(i + 1).copied().unwrap_or(0) as u64;
        let w = ((hi << 32) | lo) >> s;
        (w & ((1u64 << k) - 1)) as u32
    }

    /// Parses an optional sign (`+`/`-`) and one or more digits of `radix` (2..=36, either
    /// case). No whitespace, underscores or prefixes: see [`parse_python_int`] for `int()`'s
    /// rules. `None` if anything else appears.
    pub fn parse_radix(s: &str, radix: u32) -> Option<BigInt> {
        if !(2..=36).contains(&radix) {
            return None;
        }
        let bytes = s.as_bytes();
        let (negative, digits) = match bytes.first() {
            Some(b'-') => (true, &bytes[1..]),
            Some(b'+') => (false, &bytes[1..]),
            _ => (false, bytes),
        };
        if digits.is_empty() {
            return None;
        }
        let (_, per) = chunk_for(radix);
        let mut mag: Vec<u32> = Vec::with_capacity(digits.len() / 9 + 1);
        // The first group is short so that the rest are whole chunks of `per` digits.
        let first = match digits.len() % per as usize {
            0 => per as usize,
            n => n,
        };
        let mut start = 0;
        let mut end = first;
        while start < digits.len() {
            let mut acc = 0u32;
            let mut scale = 1u32;
            for &c in &digits[start..end] {
                let d = digit_value(c).filter(|&d| d < radix)?;
                acc = acc * radix + d;
                scale *= radix;
            }
            mul_small_add(&mut mag, scale, acc);
            start = end;
            end += per as usize;
        }
        Some(BigInt::from_parts(negative, mag))
    }

    /// `self.to_bytes(len, byteorder, signed=signed)`. Errors carry CPython's OverflowError
    /// messages. The result has `len` bytes, so the runtime checks `len` against its heap
    /// before calling.
    pub fn to_bytes(
        &self,
        len: usize,
        big_endian: bool,
        signed: bool,
    ) -> Result<Vec<u8>, &'static str> {
        if self.negative && !signed {
            return Err("can't convert negative int to unsigned");
        }
        let avail = (len as u64).saturating_mul(8);
        let needed = if !signed {
            self.bit_length()
        } else if self.negative {
            // -2^(8 len - 1) is the most negative value that fits: |x| - 1 needs < 8 len bits.
            (&self.abs() - &BigInt::from_u64(1)).bit_length() + 1
        } else if self.is_zero() {
            0
        } else {
            self.bit_length() + 1
        };
        // CPython quirk, kept for fidelity: (-1).to_bytes(0, signed=True) == b''.
        let minus_one_in_nothing = len == 0 && self.negative && self.mag[..] == [1];
        if needed > avail && !minus_one_in_nothing {
            return Err("int too big to convert");
        }
        let mut out = Vec::with_capacity(len);
        let fill = if self.negative { 0xff } else { 0 };
        let twos = self.twos_limbs();
        for i in 0..len {
            let byte = twos
                .get(i / 4)
                .map_or(fill, |&l| (l >> (8 * (i % 4))) as u8);
            out.push(byte);
        }
        if big_endian {
            out.reverse();
        }
        Ok(out)
    }

    /// `int.from_bytes(bytes, byteorder, signed=signed)`.
    pub fn from_bytes(bytes: &[u8], big_endian: bool, signed: bool) -> BigInt {
        let mut le: Vec<u8> = bytes.to_vec();
        if big_endian {
            le.reverse();
        }
        let negative = signed && le.last().is_some_and(|&b| b & 0x80 != 0);
        // Sign-extend to whole limbs so the top limb carries the sign.
        while le.len() & 3 != 0 {
            le.push(if negative { 0xff } else { 0 });
        }
        let limbs: Vec<u32> = le
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if negative {
            let mut mag = limbs;
            // |x| = !t + 1
            let mut carry = true;
            for l in mag.iter_mut() {
                let (s, c) = (!*l).overflowing_add(u32::from(carry));
                *l = s;
                carry = c;
            }
            BigInt::from_parts(true, mag)
        } else {
            BigInt::from_parts(false, limbs)
        }
    }

    /// Two's-complement limbs of `self`, just long enough to hold the magnitude (the caller
    /// extends with the sign).
    fn twos_limbs(&self) -> Vec<u32> {
        let mut v = self.mag.clone();
        if self.negative {
            let mut carry = true;
            for l in v.iter_mut() {
                let (s, c) = (!*l).overflowing_add(u32::from(carry));
                *l = s;
                carry = c;
            }
        }
        v
    }
}

/// `int(s, base)` with Python's rules: surrounding whitespace, one sign, a `0x`/`0o`/`0b`
/// prefix matching `base` (or choosing it when `base == 0`, where a nonzero decimal may not
/// start with `0`), and single underscores between digits (also right after a prefix).
/// `None` for an invalid literal or a base outside `0` and `2..=36`; the caller raises
/// ValueError "invalid literal for int() with base N: '...'".
///
/// TODO: non-ASCII Unicode decimal digits (which CPython accepts) are rejected.
pub fn parse_python_int(s: &str, base: u32) -> Option<BigInt> {
    if base == 1 || base > 36 {
        return None;
    }
    let s = s.trim_matches(char::is_whitespace);
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let b = rest.as_bytes();
    let prefix_base = match b {
        [b'0', b'x' | b'X', ..] => 16,
        [b'0', b'o' | b'O', ..] => 8,
        [b'0', b'b' | b'B', ..] => 2,
        _ => 0,
    };
    let asked_base = base;
    let (base, mut digits, after_prefix) = if prefix_base != 0 && (base == 0 || base == prefix_base)
    {
        (prefix_base, &b[2..], true)
    } else if base == 0 {
        (10, b, false)
    } else {
        (base, b, false)
    };
    if after_prefix && digits.first() == Some(&b'_') {
        digits = &digits[1..];
    }
    // Strip single underscores between digits.
    let mut clean = String::with_capacity(digits.len() + 1);
    if negative {
        clean.push('-');
    }
    let mut prev_underscore = true; // a leading underscore is an error
    for &c in digits {
        if c == b'+' || c == b'-' {
            // Only one sign, before any prefix (parse_radix would take this one as a sign).
            return None;
        } else if c == b'_' {
            if prev_underscore {
                return None;
            }
            prev_underscore = true;
        } else {
            clean.push(c as char);
            prev_underscore = false;
        }
    }
    if prev_underscore {
        // Trailing underscore, or no digits at all.
        return None;
    }
    let value = BigInt::parse_radix(&clean, base)?;
    // With base 0, "010" is ambiguous (C octal) and rejected; "000" and "0_0" are fine.
    if asked_base == 0 && prefix_base == 0 && digits.first() == Some(&b'0') && !value.is_zero() {
        return None;
    }
    Some(value)
}

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 10),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// The largest power of `radix` that fits a `u32`, and its exponent.
fn chunk_for(radix: u32) -> (u32, u32) {
    let mut chunk = radix;
    let mut per = 1;
    while let Some(next) = chunk.checked_mul(radix) {
        chunk = next;
        per += 1;
    }
    (chunk, per)
}

/// The `f64` nearest to `(m + s) * 2^e`, where the sticky flag `s` says some nonzero bits
/// below `m`'s lowest bit were dropped (so the value is a hair above `m * 2^e`). Rounds half to
/// even, handles subnormals with a single rounding, and overflows to infinity.
pub(super) fn make_f64(m: u64, e: i64, sticky: bool) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let bl = 64 - i64::from(m.leading_zeros());
    let top = e + bl - 1;
    if top > 1023 {
        return f64::INFINITY;
    }
    // The weight of the result's last mantissa bit: 53 bits below the top, but never below
    // the smallest subnormal.
    let mut lsb = (top - 52).max(-1074);
    let drop = lsb - e;
    let mut kept: u64 = if drop <= 0 {
        // Exact: fewer than 53 significant bits.
        m << (-drop)
    } else if drop > 64 {
        // Everything is below half the smallest subnormal.
        0
    } else {
        let m = u128::from(m);
        let kept = (m >> drop) as u64;
        let rem = m & ((1u128 << drop) - 1);
        let half = 1u128 << (drop - 1);
        let up = rem > half || (rem == half && (sticky || kept & 1 == 1));
        kept + u64::from(up)
    };
    if kept == 1 << 53 {
        kept >>= 1;
        lsb += 1;
    }
    if kept < 1 << 52 {
        // Subnormal (lsb is -1074 here) or zero.
        return f64::from_bits(kept);
    }
    let biased = lsb + 52 + 1023;
    if biased >= 0x7ff {
        return f64::INFINITY;
    }
    f64::from_bits(((biased as u64) << 52) | (kept - (1 << 52)))
}

impl core::fmt::Display for BigInt {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.to_string_radix(10))
    }
}

impl From<i64> for BigInt {
    fn from(v: i64) -> Self {
        BigInt::from_i64(v)
    }
}

impl From<u64> for BigInt {
    fn from(v: u64) -> Self {
        BigInt::from_u64(v)
    }
}

impl From<i32> for BigInt {
    fn from(v: i32) -> Self {
        BigInt::from_i64(i64::from(v))
    }
}

impl From<i128> for BigInt {
    fn from(v: i128) -> Self {
        BigInt::from_i128(v)
    }
}
