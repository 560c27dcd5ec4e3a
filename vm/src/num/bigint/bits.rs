//! Shifts and bitwise operators on [`BigInt`], with Python's semantics for negatives: a
//! negative int behaves as an infinite two's-complement bit string (`-1` is all ones), and
//! `>>` floors.

use super::arith::forward_owned;
use super::{BigInt, trim};
use alloc::vec;
use alloc::vec::Vec;
use core::ops::{BitAnd, BitOr, BitXor, Not};

/// `a << s` on a magnitude for `s < 32`, trimmed.
pub(super) fn shl_mag_bits(a: &[u32], s: u32) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + 1);
    if s == 0 {
        out.extend_from_slice(a);
    } else {
        let mut carry = 0u32;
        for &l in a {
            out.push((l << s) | carry);
            carry = l >> (32 - s);
        }
        out.push(carry);
    }
    trim(&mut out);
    out
}

/// `a >> s` on a magnitude for `s < 32`, trimmed.
pub(super) fn shr_mag_bits(a: &[u32], s: u32) -> Vec<u32> {
    let mut out = a.to_vec();
    if s != 0 {
        for i in 0..out.len() {
            let hi = out.get(i + 1).map_or(0, |&h| h << (32 - s));
            out[i] = (out[i] >> s) | hi;
        }
    }
    trim(&mut out);
    out
}

impl BigInt {
    /// `self << n`. `None` if the result would exceed [`BigInt::MAX_BITS`] (the runtime should
    /// check its heap limit first and raise MemoryError or OverflowError).
    pub fn shl(&self, n: u64) -> Option<BigInt> {
        if self.is_zero() {
            return Some(BigInt::zero());
        }
        if self
            .bit_length()
            .checked_add(n)
            .is_none_or(|b| b > Self::MAX_BITS)
        {
            return None;
        }
        // n <= MAX_BITS, so n / 32 fits a usize even on 32-bit targets.
        let limbs = (n / 32) as usize;
        let mut mag = vec![0u32; limbs];
        mag.extend_from_slice(&shl_mag_bits(&self.mag, (n % 32) as u32));
        Some(BigInt::from_parts(self.negative, mag))
    }

    /// `self >> n`, arithmetic: floors for negatives as Python does (`-1 >> 5 == -1`).
    pub fn shr(&self, n: u64) -> BigInt {
        if n >= self.bit_length() {
            return if self.negative {
                BigInt::from_i64(-1)
            } else {
                BigInt::zero()
            };
        }
        // n < bit_length, so it indexes inside the magnitude.
        let limbs = (n / 32) as usize;
        let bits = (n % 32) as u32;
        let mag = shr_mag_bits(&self.mag[limbs..], bits);
        if !self.negative {
            return BigInt::from_parts(false, mag);
        }
        // -(|x| >> n) truncates toward zero; floor needs one more step down whenever a one
        // bit was shifted out.
        let lost = self.mag[..limbs].iter().any(|&l| l != 0)
            || (bits != 0 && self.mag[limbs] & ((1u32 << bits) - 1) != 0);
        let mag = if lost {
            super::arith::add_mag(&mag, &[1])
        } else {
            mag
        };
        BigInt::from_parts(true, mag)
    }

    /// The low `len` limbs of the two's-complement form (`len` must exceed the magnitude's
    /// length so the sign is represented).
    fn twos(&self, len: usize) -> Vec<u32> {
        let mut v = self.mag.clone();
        v.resize(len, 0);
        if self.negative {
            // The two's complement of -|x| is !|x| + 1.
            let mut carry = true;
            for l in v.iter_mut() {
                let (s, c) = (!*l).overflowing_add(u32::from(carry));
                *l = s;
                carry = c;
            }
        }
        v
    }

    /// Reads a two's-complement limb string back (top bit of the last limb is the sign).
    fn from_twos(mut v: Vec<u32>) -> BigInt {
        let negative = v.last().is_some_and(|&l| l & 0x8000_0000 != 0);
        if negative {
            let mut carry = true;
            for l in v.iter_mut() {
                let (s, c) = (!*l).overflowing_add(u32::from(carry));
                *l = s;
                carry = c;
            }
        }
        BigInt::from_parts(negative, v)
    }

    fn bitwise(&self, other: &BigInt, op: impl Fn(u32, u32) -> u32) -> BigInt {
        let len = self.mag.len().max(other.mag.len()) + 1;
        let a = self.twos(len);
        let b = other.twos(len);
        let v = a.iter().zip(b.iter()).map(|(&x, &y)| op(x, y)).collect();
        BigInt::from_twos(v)
    }
}

impl BitAnd<&BigInt> for &BigInt {
    type Output = BigInt;
    fn bitand(self, rhs: &BigInt) -> BigInt {
        if !self.negative && !rhs.negative {
            // Fast path: no sign to carry, and the result is no longer than the shorter one.
            let v = self
                .mag
                .iter()
                .zip(rhs.mag.iter())
                .map(|(&x, &y)| x & y)
                .collect();
            return BigInt::from_parts(false, v);
        }
        self.bitwise(rhs, |x, y| x & y)
    }
}

impl BitOr<&BigInt> for &BigInt {
    type Output = BigInt;
    fn bitor(self, rhs: &BigInt) -> BigInt {
        self.bitwise(rhs, |x, y| x | y)
    }
}

impl BitXor<&BigInt> for &BigInt {
    type Output = BigInt;
    fn bitxor(self, rhs: &BigInt) -> BigInt {
        self.bitwise(rhs, |x, y| x ^ y)
    }
}

impl Not for &BigInt {
    type Output = BigInt;
    /// Python's `~x == -(x + 1)`.
    fn not(self) -> BigInt {
        -(self + &BigInt::from_u64(1))
    }
}

impl Not for BigInt {
    type Output = BigInt;
    fn not(self) -> BigInt {
        !&self
    }
}

forward_owned!(BitAnd bitand, BitOr bitor, BitXor bitxor);
