//! `BigInt`: Python's arbitrary-precision `int` for values that do not fit a small int.
//!
//! Sign and magnitude, the magnitude as little-endian `u32` limbs (32-bit limbs keep every
//! product in a `u64`, which the ESP32's RISC-V and Xtensa cores and wasm32 all do well).
//! Always normalized: no zero limb at the top, and zero is never negative, so the derived
//! `PartialEq`/`Hash` are value equality.
//!
//! - `arith.rs`: `+ - *` (schoolbook, Karatsuba for big operands), `pow`.
//! - `div.rs`: truncating and floor division, `pow_mod`, true division to `f64`.
//! - `bits.rs`: shifts and bitwise operators with Python's infinite two's complement.
//! - `convert.rs`: `i64`/`u64`/`f64`, radix strings and `int.to_bytes`/`from_bytes`.

use alloc::vec::Vec;
use core::cmp::Ordering;

mod arith;
mod bits;
mod convert;
mod div;
#[cfg(test)]
mod tests;

pub use convert::parse_python_int;

/// An arbitrary-precision signed integer with Python semantics.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct BigInt {
    /// True for values below zero; never true for zero.
    negative: bool,
    /// Little-endian limbs with no zero limb at the top; empty for zero.
    mag: Vec<u32>,
}

impl BigInt {
    /// The largest result, in bits, that the growing operations ([`BigInt::shl`],
    /// [`BigInt::pow`]) will build: 2^28 bits is 32 MiB. Beyond it they return `None`
    /// rather than ask the allocator for gigabytes. The runtime should check its own, tighter
    /// heap limit first and raise MemoryError.
    pub const MAX_BITS: u64 = 1 << 28;

    /// Zero.
    pub const fn zero() -> Self {
        BigInt {
            negative: false,
            mag: Vec::new(),
        }
    }

    /// Builds a value from a sign and a magnitude that may have zero limbs at the top.
    fn from_parts(negative: bool, mut mag: Vec<u32>) -> Self {
        trim(&mut mag);
        let negative = negative && !mag.is_empty();
        BigInt { negative, mag }
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    /// True for values below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// -1, 0 or 1.
    pub fn signum(&self) -> i32 {
        if self.negative {
            -1
        } else if self.mag.is_empty() {
            0
        } else {
            1
        }
    }

    /// True for odd values (Python's `x & 1`, also for negatives).
    pub fn is_odd(&self) -> bool {
        self.mag.first().is_some_and(|l| l & 1 == 1)
    }

    /// `abs(self)`.
    pub fn abs(&self) -> BigInt {
        BigInt {
            negative: false,
            mag: self.mag.clone(),
        }
    }

    /// Python's `int.bit_length()`: bits of `abs(self)`, 0 for zero.
    pub fn bit_length(&self) -> u64 {
        match self.mag.last() {
            None => 0,
            Some(&top) => (self.mag.len() as u64) * 32 - u64::from(top.leading_zeros()),
        }
    }

    /// The number of one bits in `abs(self)` (Python's `int.bit_count()`).
    pub fn count_ones(&self) -> u64 {
        self.mag.iter().map(|l| u64::from(l.count_ones())).sum()
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_mag(&self.mag, &other.mag),
            (true, true) => cmp_mag(&other.mag, &self.mag),
        }
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl core::fmt::Debug for BigInt {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "BigInt({})", self)
    }
}

/// Drops zero limbs from the top.
fn trim(mag: &mut Vec<u32>) {
    while mag.last() == Some(&0) {
        mag.pop();
    }
}

/// Compares magnitudes; both may carry zero limbs at the top.
fn cmp_mag(a: &[u32], b: &[u32]) -> Ordering {
    let a = trimmed(a);
    let b = trimmed(b);
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// The slice without zero limbs at the top.
fn trimmed(a: &[u32]) -> &[u32] {
    let mut n = a.len();
    while n > 0 && a[n - 1] == 0 {
        n -= 1;
    }
    &a[..n]
}
