//! Addition, subtraction, multiplication and `pow` on [`BigInt`].

use super::{BigInt, cmp_mag, trim, trimmed};
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::ops::{Add, Mul, Neg, Sub};

/// Below this many limbs (about 1000 bits) in the smaller operand, schoolbook multiplication
/// beats Karatsuba's extra additions and allocations.
const KARATSUBA_THRESHOLD: usize = 32;

/// `a + b` on magnitudes.
pub(super) fn add_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(long.len() + 1);
    let mut carry = 0u64;
    for (i, &l) in long.iter().enumerate() {
        let s = u64::from(l) + u64::from(short.get(i).copied().unwrap_or(0)) + carry;
        out.push(s as u32);
        carry = s >> 32;
    }
    if carry != 0 {
        out.push(carry as u32);
    }
    out
}

/// `a - b` on magnitudes; requires `a >= b`.
pub(super) fn sub_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &l) in a.iter().enumerate() {
        let d = i64::from(l) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        out.push(d as u32);
        borrow = i64::from(d < 0);
    }
    trim(&mut out);
    out
}

/// `acc += x << (32 * offset)`, growing `acc` as needed.
fn add_into(acc: &mut Vec<u32>, x: &[u32], offset: usize) {
    if acc.len() < offset + x.len() {
        acc.resize(offset + x.len(), 0);
    }
    let mut carry = 0u64;
    let mut i = offset;
    for &l in x {
        let s = u64::from(acc[i]) + u64::from(l) + carry;
        acc[i] = s as u32;
        carry = s >> 32;
        i += 1;
    }
    while carry != 0 {
        if i == acc.len() {
            acc.push(0);
        }
        let s = u64::from(acc[i]) + carry;
        acc[i] = s as u32;
        carry = s >> 32;
        i += 1;
    }
}

/// `acc -= x << (32 * offset)`; requires the result to be non-negative.
fn sub_from(acc: &mut [u32], x: &[u32], offset: usize) {
    let mut borrow = 0i64;
    let mut i = offset;
    for &l in x {
        let d = i64::from(acc[i]) - i64::from(l) - borrow;
        acc[i] = d as u32;
        borrow = i64::from(d < 0);
        i += 1;
    }
    while borrow != 0 && i < acc.len() {
        let d = i64::from(acc[i]) - borrow;
        acc[i] = d as u32;
        borrow = i64::from(d < 0);
        i += 1;
    }
}

/// `a * b` on magnitudes.
pub(super) fn mul_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let a = trimmed(a);
    let b = trimmed(b);
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if short.len() < KARATSUBA_THRESHOLD {
        return schoolbook(long, short);
    }
    let half = long.len() / 2;
    if short.len() <= half {
        // Unbalanced: cut the long operand into pieces the size of the short one, so each
        // piece product is balanced enough for Karatsuba to pay.
        let mut out = Vec::with_capacity(a.len() + b.len());
        for (k, chunk) in long.chunks(short.len()).enumerate() {
            add_into(&mut out, &mul_mag(chunk, short), k * short.len());
        }
        trim(&mut out);
        return out;
    }
    // a = a1 B + a0, b = b1 B + b0 with B = 2^(32 half):
    // a b = z2 B^2 + ((a0 + a1)(b0 + b1) - z2 - z0) B + z0.
    let (a0, a1) = long.split_at(half);
    let (b0, b1) = short.split_at(half);
    let z0 = mul_mag(a0, b0);
    let z2 = mul_mag(a1, b1);
    let mut z1 = mul_mag(&add_mag(a0, a1), &add_mag(b0, b1));
    sub_from(&mut z1, &z0, 0);
    sub_from(&mut z1, &z2, 0);
    let mut out = Vec::with_capacity(a.len() + b.len() + 1);
    add_into(&mut out, &z0, 0);
    add_into(&mut out, trimmed(&z1), half);
    add_into(&mut out, &z2, 2 * half);
    trim(&mut out);
    out
}

fn schoolbook(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, &x) in b.iter().enumerate() {
        if x == 0 {
            continue;
        }
        let mut carry = 0u64;
        for (j, &y) in a.iter().enumerate() {
            // x*y + out + carry <= (2^32-1)^2 + 2(2^32-1) = 2^64 - 1: no overflow.
            let t = u64::from(x) * u64::from(y) + u64::from(out[i + j]) + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + a.len()] = carry as u32;
    }
    trim(&mut out);
    out
}

/// `a * m + c` in place on a magnitude, with small `m` and `c` (used by radix parsing).
pub(super) fn mul_small_add(mag: &mut Vec<u32>, m: u32, c: u32) {
    let mut carry = u64::from(c);
    for l in mag.iter_mut() {
        let t = u64::from(*l) * u64::from(m) + carry;
        *l = t as u32;
        carry = t >> 32;
    }
    if carry != 0 {
        mag.push(carry as u32);
    }
}

/// Signed addition: `(a_neg, a) + (b_neg, b)`.
fn add_signed(an: bool, a: &[u32], bn: bool, b: &[u32]) -> BigInt {
    if an == bn {
        return BigInt::from_parts(an, add_mag(a, b));
    }
    match cmp_mag(a, b) {
        Ordering::Equal => BigInt::zero(),
        Ordering::Greater => BigInt::from_parts(an, sub_mag(a, b)),
        Ordering::Less => BigInt::from_parts(bn, sub_mag(b, a)),
    }
}

impl Add<&BigInt> for &BigInt {
    type Output = BigInt;
    fn add(self, rhs: &BigInt) -> BigInt {
        add_signed(self.negative, &self.mag, rhs.negative, &rhs.mag)
    }
}

impl Sub<&BigInt> for &BigInt {
    type Output = BigInt;
    fn sub(self, rhs: &BigInt) -> BigInt {
        add_signed(self.negative, &self.mag, !rhs.negative, &rhs.mag)
    }
}

impl Mul<&BigInt> for &BigInt {
    type Output = BigInt;
    fn mul(self, rhs: &BigInt) -> BigInt {
        BigInt::from_parts(self.negative != rhs.negative, mul_mag(&self.mag, &rhs.mag))
    }
}

impl Neg for &BigInt {
    type Output = BigInt;
    fn neg(self) -> BigInt {
        BigInt::from_parts(!self.negative, self.mag.clone())
    }
}

impl Neg for BigInt {
    type Output = BigInt;
    fn neg(mut self) -> BigInt {
        self.negative = !self.negative && !self.mag.is_empty();
        self
    }
}

/// Owned-operand forms, so `a + b` and `&a + b` read naturally in the runtime.
macro_rules! forward_owned {
    ($($tr:ident $m:ident),*) => {$(
        impl $tr<BigInt> for BigInt {
            type Output = BigInt;
            fn $m(self, rhs: BigInt) -> BigInt { (&self).$m(&rhs) }
        }
        impl $tr<&BigInt> for BigInt {
            type Output = BigInt;
            fn $m(self, rhs: &BigInt) -> BigInt { (&self).$m(rhs) }
        }
        impl $tr<BigInt> for &BigInt {
            type Output = BigInt;
            fn $m(self, rhs: BigInt) -> BigInt { self.$m(&rhs) }
        }
    )*};
}
forward_owned!(Add add, Sub sub, Mul mul);
pub(super) use forward_owned;

impl BigInt {
    /// `self ** exp` for a non-negative exponent. `None` when the result is sure to exceed
    /// [`BigInt::MAX_BITS`] (the check uses the lower bound `(bits - 1) * exp`, so a result
    /// up to about twice that size can still be built); the runtime should check its own,
    /// tighter heap limit first.
    pub fn pow(&self, mut exp: u64) -> Option<BigInt> {
        if exp == 0 {
            return Some(BigInt::from_u64(1));
        }
        if self.is_zero() {
            return Some(BigInt::zero());
        }
        // The result has at most bits * exp bits; (bits - 1) * exp + 1 at least.
        let bits = self.bit_length();
        if bits > 1
            && (bits - 1)
                .checked_mul(exp)
                .is_none_or(|b| b >= Self::MAX_BITS)
        {
            return None;
        }
        let negative = self.negative && exp % 2 == 1;
        let mut base = self.mag.clone();
        let mut acc: Vec<u32> = vec![1];
        loop {
            if exp & 1 == 1 {
                acc = mul_mag(&acc, &base);
            }
            exp >>= 1;
            if exp == 0 {
                break;
            }
            base = mul_mag(&base, &base);
        }
        Some(BigInt::from_parts(negative, acc))
    }
}
