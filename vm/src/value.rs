//! `Value`: the one-word handle every Python value travels in.
//!
//! Tagged in the low bits the way MicroPython does it (py/obj.h, representation A):
//! `...1` is a 31-bit small int, `..10` an interned string (qstr index), `.000` a heap handle
//! (index into the GC heap's object table), `0100` a constant (None, booleans, Ellipsis,
//! NotImplemented and the VM-internal NULL) and `1100` a native function (index into the VM's
//! table of native functions, so `len` or `list.append` never needs a heap object).

use crate::intern::Qstr;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct Value(u32);

impl Value {
    pub const NONE: Value = Value(0b0100);
    pub const FALSE: Value = Value((1 << 4) | 0b0100);
    pub const TRUE: Value = Value((2 << 4) | 0b0100);
    pub const ELLIPSIS: Value = Value((3 << 4) | 0b0100);
    pub const NOT_IMPLEMENTED: Value = Value((4 << 4) | 0b0100);
    /// Never visible to Python: an empty slot (unbound local, deleted dict entry, the "no self"
    /// marker of a call sequence).
    pub const NULL: Value = Value((5 << 4) | 0b0100);

    pub const SMALL_MIN: i64 = -(1 << 30);
    pub const SMALL_MAX: i64 = (1 << 30) - 1;

    #[inline]
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// A small int. The caller guarantees the range; use `Vm::int_from_i64` otherwise.
    #[inline]
    pub const fn small(i: i32) -> Value {
        Value(((i as u32) << 1) | 1)
    }

    #[inline]
    pub fn fits_small(i: i64) -> bool {
        (Self::SMALL_MIN..=Self::SMALL_MAX).contains(&i)
    }

    #[inline]
    pub const fn as_small(self) -> Option<i32> {
        if self.0 & 1 == 1 {
            Some((self.0 as i32) >> 1)
        } else {
            None
        }
    }

    #[inline]
    pub const fn is_small(self) -> bool {
        self.0 & 1 == 1
    }

    #[inline]
    pub const fn bool(b: bool) -> Value {
        if b { Value::TRUE } else { Value::FALSE }
    }

    #[inline]
    pub const fn qstr(q: Qstr) -> Value {
        Value((q.0 << 2) | 0b10)
    }

    #[inline]
    pub const fn as_qstr(self) -> Option<Qstr> {
        if self.0 & 0b11 == 0b10 {
            Some(Qstr(self.0 >> 2))
        } else {
            None
        }
    }

    #[inline]
    pub const fn heap(index: u32) -> Value {
        Value(index << 3)
    }

    #[inline]
    pub const fn heap_index(self) -> Option<u32> {
        if self.0 & 0b111 == 0 {
            Some(self.0 >> 3)
        } else {
            None
        }
    }

    #[inline]
    pub const fn native(index: u32) -> Value {
        Value((index << 4) | 0b1100)
    }

    #[inline]
    pub const fn as_native(self) -> Option<u32> {
        if self.0 & 0b1111 == 0b1100 {
            Some(self.0 >> 4)
        } else {
            None
        }
    }

    #[inline]
    pub const fn is_null(self) -> bool {
        self.0 == Value::NULL.0
    }

    #[inline]
    pub const fn is_none(self) -> bool {
        self.0 == Value::NONE.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        assert_eq!(Value::small(-5).as_small(), Some(-5));
        assert_eq!(Value::small((1 << 30) - 1).as_small(), Some((1 << 30) - 1));
        assert_eq!(Value::small(-(1 << 30)).as_small(), Some(-(1 << 30)));
        assert_eq!(Value::qstr(Qstr(7)).as_qstr(), Some(Qstr(7)));
        assert_eq!(Value::heap(9).heap_index(), Some(9));
        assert_eq!(Value::native(3).as_native(), Some(3));
        assert_eq!(Value::NONE.heap_index(), None);
        assert_eq!(Value::NONE.as_native(), None);
        assert_eq!(Value::heap(0).as_qstr(), None);
    }
}
