//! `struct`: packing values into bytes and back, as MicroPython's py/modstruct.c and
//! py/binary.c do it. Format strings start with an optional byte order (`@` native, `=` `<`
//! little-endian, `>` `!` big-endian); each field is an optional count and a type code.
//! Native order is the ESP32's: little-endian, 32-bit `l`/`L`/`P`, fields aligned to their size.
//!
//! Where MicroPython is lenient it stays lenient: integers are truncated to the field width
//! instead of range-checked, and `unpack` accepts a buffer longer than the format needs.
//! `c` and `?` are CPython's and cost nothing, so they are supported too.

use alloc::vec;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::modules::args;
use crate::num::BigInt;
use crate::obj::Obj;
use crate::obj::int::Num;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    /// `@`: native sizes with alignment.
    Native,
    Little,
    Big,
}

/// One field of a format: `count` repetitions of `code` (for `s`, one string of `count` bytes).
#[derive(Clone, Copy)]
struct Field {
    code: u8,
    count: usize,
}

/// A parsed format string.
struct Format {
    order: Order,
    fields: Vec<Field>,
}

/// Size and alignment of one value of `code`; None for an unknown code.
fn size_align(order: Order, code: u8) -> Option<(usize, usize)> {
    let size = match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'l' | b'L' | b'P' | b'f' => 4,
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    };
    // The Xtensa and RISC-V ABIs align every scalar, 64-bit ones included, to its size.
    let align = if order == Order::Native && code != b's' {
        size
    } else {
        1
    };
    Some((size, align))
}

impl Format {
    /// Parses a format; ValueError("bad typecode") for an unknown code or a dangling count.
    fn parse(vm: &mut Vm, fmt: Value) -> PyResult<Format> {
        let text: Vec<u8> = match vm.as_str(fmt) {
            Some(s) => s.as_bytes().to_vec(),
            None => match vm.bytes_slice(fmt) {
                Some(b) => b.to_vec(),
                None => {
                    let msg = alloc::format!("can't convert '{}' object to str", vm.type_name(fmt));
                    return Err(vm.type_error(&msg));
                }
            },
        };
        let (order, rest) = match text.first() {
            Some(b'@') => (Order::Native, &text[1..]),
            Some(b'=') | Some(b'<') => (Order::Little, &text[1..]),
            Some(b'>') | Some(b'!') => (Order::Big, &text[1..]),
            _ => (Order::Native, &text[..]),
        };
        let mut fields = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            let mut count: Option<usize> = None;
            while let Some(d) = rest.get(i).filter(|c| c.is_ascii_digit()) {
                let n = count.unwrap_or(0);
                count = Some(
                    n.checked_mul(10)
                        .and_then(|n| n.checked_add(usize::from(d - b'0')))
                        .ok_or_else(|| vm.overflow_error("count too large"))?,
                );
                i += 1;
            }
            let code = rest.get(i).copied().unwrap_or(0);
            if size_align(order, code).is_none() {
                return Err(vm.value_error("bad typecode"));
            }
            fields.push(Field {
                code,
                count: count.unwrap_or(1),
            });
            i += 1;
        }
        Ok(Format { order, fields })
    }

    /// The packed size in bytes; OverflowError when it can't be represented.
    fn size(&self, vm: &mut Vm) -> PyResult<usize> {
        let mut size: usize = 0;
        for f in &self.fields {
            let (sz, align) = size_align(self.order, f.code).unwrap_or((1, 1));
            let next = if f.code == b's' {
                size.checked_add(f.count)
            } else if align == 1 {
                f.count.checked_mul(sz).and_then(|n| size.checked_add(n))
            } else {
                // Aligning the first value aligns the rest: they are all `align` wide.
                size.checked_next_multiple_of(align)
                    .and_then(|s| f.count.checked_mul(sz).and_then(|n| s.checked_add(n)))
            };
            size = match next.filter(|n| *n <= i32::MAX as usize) {
                Some(n) => n,
                None => return Err(vm.overflow_error("struct size too large")),
            };
        }
        Ok(size)
    }

    /// How many values the format packs or unpacks (`x` takes none, `Ns` takes one).
    fn items(&self) -> usize {
        self.fields
            .iter()
            .map(|f| match f.code {
                b'x' => 0,
                b's' => 1,
                _ => f.count,
            })
            .fold(0usize, usize::saturating_add)
    }

    /// Writes `values` into `out` (exactly `self.size()` bytes long, zeroed).
    fn pack(&self, vm: &mut Vm, out: &mut [u8], values: &[Value]) -> PyResult<()> {
        if values.len() != self.items() {
            return Err(vm.value_error("incorrect number of arguments"));
        }
        let mut pos = 0;
        let mut next = values.iter();
        for f in &self.fields {
            let (sz, align) = size_align(self.order, f.code).unwrap_or((1, 1));
            match f.code {
                b'x' => pos += f.count,
                b's' => {
                    let v = next.next().copied().unwrap_or(Value::NONE);
                    let src = buffer_of(vm, v)?;
                    let n = src.len().min(f.count);
                    if let Some(dst) = out.get_mut(pos..pos + n) {
                        dst.copy_from_slice(&src[..n]);
                    }
                    pos += f.count;
                }
                _ => {
                    for _ in 0..f.count {
                        pos = pos.next_multiple_of(align);
                        let v = next.next().copied().unwrap_or(Value::NONE);
                        let bits = encode(vm, f.code, v)?;
                        if let Some(dst) = out.get_mut(pos..pos + sz) {
                            write_int(dst, bits, self.order == Order::Big);
                        }
                        pos += sz;
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads the values from `data` (at least `self.size()` bytes long).
    fn unpack(&self, vm: &mut Vm, data: &[u8]) -> PyResult<Value> {
        let mut items = Vec::with_capacity(self.items());
        let mut pos = 0;
        for f in &self.fields {
            let (sz, align) = size_align(self.order, f.code).unwrap_or((1, 1));
            match f.code {
                b'x' => pos += f.count,
                b's' => {
                    let b = data.get(pos..pos + f.count).unwrap_or_default();
                    let v = vm.alloc(Obj::Bytes(b.into()))?;
                    items.push(v);
                    pos += f.count;
                }
                _ => {
                    for _ in 0..f.count {
                        pos = pos.next_multiple_of(align);
                        let raw = data.get(pos..pos + sz).unwrap_or_default();
                        let bits = read_int(raw, self.order == Order::Big);
                        let v = decode(vm, f.code, bits, sz)?;
                        items.push(v);
                        pos += sz;
                    }
                }
            }
        }
        vm.new_tuple(&items)
    }
}

/// The bytes of a buffer argument (bytes, bytearray, memoryview; str as its UTF-8, as
/// MicroPython's buffer protocol allows).
fn buffer_of(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    if let Some(s) = vm.as_str(v) {
        return Ok(s.as_bytes().to_vec());
    }
    vm.bytes_of(v)
}

/// Stores the low `dst.len()` bytes of `bits`.
fn write_int(dst: &mut [u8], bits: u64, big_endian: bool) {
    let n = dst.len();
    for (i, b) in dst.iter_mut().enumerate() {
        let shift = if big_endian { n - 1 - i } else { i };
        *b = (bits >> (8 * shift)) as u8;
    }
}

fn read_int(src: &[u8], big_endian: bool) -> u64 {
    let mut bits = 0u64;
    for (i, b) in src.iter().enumerate() {
        let shift = if big_endian { src.len() - 1 - i } else { i };
        bits |= u64::from(*b) << (8 * shift);
    }
    bits
}

/// The bit pattern of one value for `code`, before it is cut to the field width.
fn encode(vm: &mut Vm, code: u8, v: Value) -> PyResult<u64> {
    Ok(match code {
        b'f' => u64::from((vm.float_arg(v)? as f32).to_bits()),
        b'd' => vm.float_arg(v)?.to_bits(),
        b'e' => u64::from(f64_to_half(vm.float_arg(v)?)),
        b'?' => u64::from(vm.truthy(v)?),
        b'c' => match vm.bytes_slice(v) {
            Some([b]) => u64::from(*b),
            _ => {
                return Err(vm.value_error("char format requires a bytes object of length 1"));
            }
        },
        _ => int_low_bits(vm, v)?,
    })
}

/// An int's two's-complement low 64 bits: MicroPython truncates rather than range-checks.
pub(crate) fn int_low_bits(vm: &mut Vm, v: Value) -> PyResult<u64> {
    match vm.to_num(v) {
        Some(Num::Int(i)) => Ok(i as u64),
        Some(Num::Big(b)) => {
            let modulus = BigInt::from_u64(1).shl(64).unwrap_or_default();
            Ok(b.mod_floor(&modulus)
                .and_then(|r| r.to_u64())
                .unwrap_or_default())
        }
        _ => Ok(vm.int_arg(v)? as u64),
    }
}

/// The value of `code` from its `size`-byte bit pattern.
fn decode(vm: &mut Vm, code: u8, bits: u64, size: usize) -> PyResult<Value> {
    match code {
        b'f' => vm.new_float(f64::from(f32::from_bits(bits as u32))),
        b'd' => vm.new_float(f64::from_bits(bits)),
        b'e' => vm.new_float(half_to_f64(bits as u16)),
        b'?' => Ok(Value::bool(bits != 0)),
        b'c' => vm.alloc(Obj::Bytes(vec![bits as u8].into_boxed_slice())),
        b'b' | b'h' | b'i' | b'l' | b'q' => {
            // Sign-extend from the field width.
            let shift = 64 - 8 * size as u32;
            vm.new_int(((bits << shift) as i64) >> shift)
        }
        _ => match i64::try_from(bits) {
            Ok(i) => vm.new_int(i),
            Err(_) => vm.new_bigint(BigInt::from_u64(bits)),
        },
    }
}

/// IEEE 754 binary16 from a double, rounding to nearest even; too large becomes infinity
/// (MicroPython's `mp_encode_half_float` does not raise).
fn f64_to_half(x: f64) -> u16 {
    let b = x.to_bits();
    let sign = ((b >> 48) & 0x8000) as u16;
    let exp = ((b >> 52) & 0x7ff) as i32;
    let mant = b & ((1 << 52) - 1);
    if exp == 0x7ff {
        let nan = if mant != 0 { 0x200 } else { 0 };
        return sign | 0x7c00 | nan;
    }
    let e = exp - 1023 + 15;
    if e >= 0x1f {
        return sign | 0x7c00;
    }
    // Keep 10 mantissa bits (plus the implicit one for subnormals) and round on the rest.
    let (kept, shift) = if e <= 0 {
        if e < -10 {
            return sign;
        }
        (mant | (1 << 52), (42 + 1 - e) as u32)
    } else {
        (mant, 42)
    };
    let mut r = (kept >> shift) as u32;
    let rem = kept & ((1 << shift) - 1);
    let half = 1u64 << (shift - 1);
    if rem > half || (rem == half && r & 1 == 1) {
        r += 1;
    }
    let biased = if e <= 0 { r } else { ((e as u32) << 10) + r };
    // A carry out of the mantissa correctly bumps the exponent, up to infinity.
    sign | biased.min(0x7c00) as u16
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let mant = f64::from(h & 0x3ff);
    sign * match exp {
        0 => libm::ldexp(mant, -24),
        0x1f if mant == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        _ => libm::ldexp(mant + 1024.0, exp - 25),
    }
}

/// A buffer offset: negative counts from the end; ValueError when it falls outside.
fn offset(vm: &mut Vm, v: Option<Value>, len: usize) -> PyResult<usize> {
    let Some(v) = v else { return Ok(0) };
    let off = vm.int_arg(v)?;
    let off = if off < 0 { off + len as i64 } else { off };
    if off < 0 {
        return Err(vm.value_error("buffer too small"));
    }
    Ok(off as usize)
}

// struct.calcsize(fmt)
fn calcsize(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 1)?;
    let f = Format::parse(vm, args[0])?;
    let n = f.size(vm)?;
    vm.new_int(n as i64)
}

// struct.pack(fmt, v1, v2, ...)
fn pack(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, args, kw, 1, usize::MAX)?;
    let f = Format::parse(vm, args[0])?;
    let n = f.size(vm)?;
    vm.reserve(n)?;
    let mut out = vec![0u8; n];
    f.pack(vm, &mut out, &args[1..])?;
    vm.alloc(Obj::Bytes(out.into_boxed_slice()))
}

// struct.pack_into(fmt, buffer, offset, v1, v2, ...)
fn pack_into(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, args, kw, 3, usize::MAX)?;
    let f = Format::parse(vm, args[0])?;
    let n = f.size(vm)?;
    // A memoryview writes through to the bytearray it wraps, as does a bytearray subclass
    // (array.array).
    let mut target = vm.unwrap_base(args[1]);
    if let Obj::MemoryView(b) = vm.heap.get(target) {
        target = vm.unwrap_base(*b);
    }
    let len = match vm.heap.get(target) {
        Obj::ByteArray(b) => b.len(),
        _ => {
            let msg = alloc::format!(
                "object with buffer protocol required, not {}",
                vm.type_name(args[1])
            );
            return Err(vm.type_error(&msg));
        }
    };
    let start = offset(vm, Some(args[2]), len)?;
    if start.checked_add(n).is_none_or(|end| end > len) {
        return Err(vm.value_error("buffer too small"));
    }
    // Pack aside first: encoding a value can call back into Python (`__index__`), which could
    // resize the bytearray under us.
    let mut out = vec![0u8; n];
    f.pack(vm, &mut out, &args[3..])?;
    if let Obj::ByteArray(b) = vm.heap.get_mut(target)
        && let Some(dst) = b.get_mut(start..start + n)
    {
        dst.copy_from_slice(&out);
        return Ok(Value::NONE);
    }
    Err(vm.value_error("buffer too small"))
}

fn unpack_at(vm: &mut Vm, fmt: Value, buf: Value, off: Option<Value>) -> PyResult<Value> {
    let f = Format::parse(vm, fmt)?;
    let n = f.size(vm)?;
    let data = buffer_of(vm, buf)?;
    let start = offset(vm, off, data.len())?;
    match data.get(start..).filter(|d| d.len() >= n) {
        Some(d) => f.unpack(vm, d),
        None => Err(vm.value_error("buffer too small")),
    }
}

// struct.unpack(fmt, buffer)
fn unpack(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 2)?;
    unpack_at(vm, args[0], args[1], None)
}

// struct.unpack_from(fmt, buffer, offset=0)
fn unpack_from(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::only_keywords(vm, kw, &["offset"])?;
    args::positional(vm, args, 2, 3)?;
    let off = args
        .get(2)
        .copied()
        .or_else(|| args::kwarg(vm, kw, "offset"));
    unpack_at(vm, args[0], args[1], off)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("calcsize", calcsize),
    NativeDef::new("pack", pack),
    NativeDef::new("pack_into", pack_into),
    NativeDef::new("unpack", unpack),
    NativeDef::new("unpack_from", unpack_from),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_floats_round_trip_and_round_to_even() {
        for (x, h) in [
            (1.0, 0x3c00),
            (-2.0, 0xc000),
            (65504.0, 0x7bff),
            (65520.0, 0x7c00),
            (1e9, 0x7c00),
            (5.960464477539063e-08, 0x0001),
            (2.9802322387695312e-08, 0x0000),
            (1.0009765625, 0x3c01),
            (1.00048828125, 0x3c00),
            (1.00146484375, 0x3c02),
            (0.0, 0),
            (f64::INFINITY, 0x7c00),
        ] {
            assert_eq!(f64_to_half(x), h, "{x}");
        }
        for h in [0x3c00u16, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x3555] {
            assert_eq!(f64_to_half(half_to_f64(h)), h);
        }
        assert!(half_to_f64(0x7e00).is_nan());
    }

    #[test]
    fn native_alignment_matches_the_esp32() {
        let order = Order::Native;
        assert_eq!(size_align(order, b'q'), Some((8, 8)));
        assert_eq!(size_align(order, b'l'), Some((4, 4)));
        assert_eq!(size_align(Order::Little, b'd'), Some((8, 1)));
        assert_eq!(size_align(order, b'z'), None);
    }
}
