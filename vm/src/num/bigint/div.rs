//! Division on [`BigInt`]: Knuth's algorithm D on magnitudes, Python's floor division and
//! modulo, `pow(base, exp, mod)` and correctly rounded true division.

use super::arith::{add_mag, mul_mag, sub_mag};
use super::bits::{shl_mag_bits, shr_mag_bits};
use super::convert::make_f64;
use super::{BigInt, cmp_mag, trim};
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// Divides a magnitude by one limb: `(quotient, remainder)`. `d` must not be zero.
pub(super) fn divrem_small(a: &[u32], d: u32) -> (Vec<u32>, u32) {
    let mut q = vec![0u32; a.len()];
    let r = divrem_small_in_place_into(a, d, &mut q);
    trim(&mut q);
    (q, r)
}

fn divrem_small_in_place_into(a: &[u32], d: u32, q: &mut [u32]) -> u32 {
    let d = u64::from(d);
    let mut r = 0u64;
    for i in (0..a.len()).rev() {
        let cur = (r << 32) | u64::from(a[i]);
        q[i] = (cur / d) as u32;
        r = cur % d;
    }
    r as u32
}

/// Divides a magnitude by one limb in place, returning the remainder (radix conversion uses
/// this to peel off chunks of digits without allocating).
pub(super) fn divrem_small_in_place(a: &mut Vec<u32>, d: u32) -> u32 {
    let d = u64::from(d);
    let mut r = 0u64;
    for l in a.iter_mut().rev() {
        let cur = (r << 32) | u64::from(*l);
        *l = (cur / d) as u32;
        r = cur % d;
    }
    trim(a);
    r as u32
}

/// Truncating division of magnitudes: `(a / b, a % b)`. `b` must be normalized and non-zero.
pub(super) fn divrem_mag(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    if cmp_mag(a, b) == Ordering::Less {
        let mut r = a.to_vec();
        trim(&mut r);
        return (Vec::new(), r);
    }
    if let [d] = b {
        let (q, r) = divrem_small(a, *d);
        return (q, if r == 0 { Vec::new() } else { vec![r] });
    }
    // Knuth, TAOCP vol. 2, 4.3.1, algorithm D, in the shape of Hacker's Delight's divmnu:
    // normalize so the divisor's top limb has its high bit set, which keeps each estimated
    // quotient limb at most 2 too large.
    let n = b.len();
    let s = b[n - 1].leading_zeros();
    let v = shl_mag_bits(b, s);
    let mut u = shl_mag_bits(a, s);
    u.resize(a.len() + 1, 0);
    let m = a.len() - n;
    let mut q = vec![0u32; m + 1];
    let vtop = u64::from(v[n - 1]);
    let vnext = u64::from(v[n - 2]);
    const BASE: u64 = 1 << 32;
    for j in (0..=m).rev() {
        let num = (u64::from(u[j + n]) << 32) | u64::from(u[j + n - 1]);
        let mut qhat = num / vtop;
        let mut rhat = num % vtop;
        while qhat >= BASE || qhat * vnext > ((rhat << 32) | u64::from(u[j + n - 2])) {
            qhat -= 1;
            rhat += vtop;
            if rhat >= BASE {
                break;
            }
        }
        // u[j..=j+n] -= qhat * v
        let mut k: i64 = 0;
        for i in 0..n {
            let p = qhat * u64::from(v[i]);
            let t = i64::from(u[i + j]) - k - (p & 0xFFFF_FFFF) as i64;
            u[i + j] = t as u32;
            k = (p >> 32) as i64 - (t >> 32);
        }
        let t = i64::from(u[j + n]) - k;
        u[j + n] = t as u32;
        if t < 0 {
            // The estimate was one too large (rare): add the divisor back.
            qhat -= 1;
            let mut carry = 0u64;
            for i in 0..n {
                let s = u64::from(u[i + j]) + u64::from(v[i]) + carry;
                u[i + j] = s as u32;
                carry = s >> 32;
            }
            u[j + n] = u[j + n].wrapping_add(carry as u32);
        }
        q[j] = qhat as u32;
    }
    trim(&mut q);
    u.truncate(n);
    let r = shr_mag_bits(&u, s);
    (q, r)
}

impl BigInt {
    /// Truncating division (Rust's `/` and `%`): the remainder has the sign of `self`.
    /// `None` when `divisor` is zero.
    pub fn divrem_trunc(&self, divisor: &BigInt) -> Option<(BigInt, BigInt)> {
        if divisor.is_zero() {
            return None;
        }
        let (q, r) = divrem_mag(&self.mag, &divisor.mag);
        Some((
            BigInt::from_parts(self.negative != divisor.negative, q),
            BigInt::from_parts(self.negative, r),
        ))
    }

    /// Python's `divmod(self, divisor)`: the quotient is floored and the remainder has the
    /// sign of `divisor`. `None` when `divisor` is zero (ZeroDivisionError).
    pub fn divmod_floor(&self, divisor: &BigInt) -> Option<(BigInt, BigInt)> {
        if divisor.is_zero() {
            return None;
        }
        let (q, r) = divrem_mag(&self.mag, &divisor.mag);
        if self.negative != divisor.negative && !r.is_empty() {
            // Truncation rounded toward zero; Python floors, so q = -(|q| + 1) and the
            // remainder moves to the divisor's side: r = |b| - |r| with b's sign.
            let q = add_mag(&q, &[1]);
            let r = sub_mag(&divisor.mag, &r);
            Some((
                BigInt::from_parts(true, q),
                BigInt::from_parts(divisor.negative, r),
            ))
        } else {
            Some((
                BigInt::from_parts(self.negative != divisor.negative, q),
                BigInt::from_parts(divisor.negative, r),
            ))
        }
    }

    /// Python's `self // divisor`; `None` when `divisor` is zero.
    pub fn div_floor(&self, divisor: &BigInt) -> Option<BigInt> {
        self.divmod_floor(divisor).map(|(q, _)| q)
    }

    /// Python's `self % divisor`; `None` when `divisor` is zero.
    pub fn mod_floor(&self, divisor: &BigInt) -> Option<BigInt> {
        self.divmod_floor(divisor).map(|(_, r)| r)
    }

    /// Python's 3-argument `pow(self, exp, modulus)`, the result with the sign of `modulus`.
    /// A negative `exp` uses the modular inverse, as Python 3.8+ does. Errors carry CPython's
    /// ValueError messages.
    pub fn pow_mod(&self, exp: &BigInt, modulus: &BigInt) -> Result<BigInt, &'static str> {
        if modulus.is_zero() {
            return Err("pow() 3rd argument cannot be 0");
        }
        let m = &modulus.mag;
        // Reduce the base into [0, |m|).
        let mut base = BigInt::from_parts(false, m.clone());
        base = self.mod_floor(&base).unwrap_or_default();
        if exp.negative {
            base = mod_inverse(&base, &BigInt::from_parts(false, m.clone()))
                .ok_or("base is not invertible for the given modulus")?;
        }
        let mut acc: Vec<u32> = vec![1];
        acc = divrem_mag(&acc, m).1;
        let base_mag = base.mag;
        // Left-to-right square and multiply over the exponent's bits.
        let bits = exp.bit_length();
        for i in (0..bits).rev() {
            acc = divrem_mag(&mul_mag(&acc, &acc), m).1;
            let limb = exp.mag.get((i / 32) as usize).copied().unwrap_or(0);
            if (limb >> (i % 32)) & 1 == 1 {
                acc = divrem_mag(&mul_mag(&acc, &base_mag), m).1;
            }
        }
        let acc = BigInt::from_parts(false, acc);
        if modulus.negative && !acc.is_zero() {
            Ok(&acc + modulus)
        } else {
            Ok(acc)
        }
    }

    /// Python's `self / divisor` for ints: the exact quotient correctly rounded to an `f64`
    /// (not `to_f64(a) / to_f64(b)`, which rounds twice). `None` when `divisor` is zero. An
    /// infinite result means CPython's OverflowError "integer division result too large for a
    /// float".
    pub fn true_div(&self, divisor: &BigInt) -> Option<f64> {
        if divisor.is_zero() {
            return None;
        }
        let negative = self.negative != divisor.negative;
        if self.is_zero() {
            return Some(if negative { -0.0 } else { 0.0 });
        }
        let (abits, bbits) = (self.bit_length(), divisor.bit_length());
        if abits <= 53 && bbits <= 53 {
            // Both exact as f64, and IEEE division rounds the exact quotient once.
            let q = self.abs().to_f64() / divisor.abs().to_f64();
            return Some(if negative { -q } else { q });
        }
        // Scale by 2^shift so the integer quotient lands in [2^62, 2^64): 63 or 64 bits, more
        // than the 53 + 2 that correct rounding needs, and the remainder becomes a sticky bit.
        let shift: i64 = 63 + bbits as i64 - abits as i64;
        let (num, den) = if shift >= 0 {
            (
                shl_mag_bits_big(&self.mag, shift as u64),
                divisor.mag.clone(),
            )
        } else {
            (
                self.mag.clone(),
                shl_mag_bits_big(&divisor.mag, shift.unsigned_abs()),
            )
        };
        let (q, r) = divrem_mag(&num, &den);
        let top = BigInt::from_parts(false, q).to_u64().unwrap_or(u64::MAX);
        let x = make_f64(top, -shift, !r.is_empty());
        Some(if negative { -x } else { x })
    }
}

/// Left shift of a magnitude by any number of bits.
fn shl_mag_bits_big(a: &[u32], n: u64) -> Vec<u32> {
    let limbs = (n / 32) as usize;
    let mut out = vec![0u32; limbs];
    out.extend_from_slice(&shl_mag_bits(a, (n % 32) as u32));
    out
}

/// The inverse of `a` modulo `m` (both non-negative, `m > 0`), by the extended Euclidean
/// algorithm; `None` when `gcd(a, m) != 1`.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let (mut r0, mut r1) = (m.clone(), a.clone());
    let (mut t0, mut t1) = (BigInt::zero(), BigInt::from_u64(1));
    while !r1.is_zero() {
        let (q, r) = r0.divmod_floor(&r1)?;
        let t = &t0 - &(&q * &t1);
        r0 = core::mem::replace(&mut r1, r);
        t0 = core::mem::replace(&mut t1, t);
    }
    // With m == 1 the loop never runs (a is 0) and t0 = 0 is the answer Python gives.
    if r0 != BigInt::from_u64(1) {
        return None;
    }
    t0.mod_floor(m)
}
