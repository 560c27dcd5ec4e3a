//! `binascii`: hex and base64 conversions and CRC-32, as MicroPython's extmod/modbinascii.c.

use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::modules::args;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// The bytes of a bytes-like or str argument (MicroPython's buffer protocol covers str).
fn data_of(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    if let Some(s) = vm.as_str(v) {
        return Ok(s.as_bytes().to_vec());
    }
    vm.bytes_of(v)
}

fn new_bytes(vm: &mut Vm, b: Vec<u8>) -> PyResult<Value> {
    vm.alloc(Obj::Bytes(b.into_boxed_slice()))
}

// binascii.hexlify(data[, sep])
fn hexlify(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, args, kw, 1, 2)?;
    let data = data_of(vm, args[0])?;
    let sep = match args.get(1) {
        Some(s) if !s.is_none() => data_of(vm, *s)?,
        _ => Vec::new(),
    };
    let n = data.len().saturating_mul(2 + sep.len());
    vm.reserve(n)?;
    let mut out = Vec::with_capacity(n);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in data.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
    }
    new_bytes(vm, out)
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

// binascii.unhexlify(data)
fn unhexlify(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 1)?;
    let data = data_of(vm, args[0])?;
    if data.len() % 2 != 0 {
        return Err(vm.value_error("odd-length string"));
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks_exact(2) {
        match (hex_value(pair[0]), hex_value(pair[1])) {
            (Some(h), Some(l)) => out.push(h << 4 | l),
            _ => return Err(vm.value_error("non-hex digit found")),
        }
    }
    new_bytes(vm, out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u32> {
    B64.iter().position(|x| *x == c).map(|p| p as u32)
}

// binascii.a2b_base64(data)
fn a2b_base64(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 1)?;
    let data = data_of(vm, args[0])?;
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut acc = 0u32;
    let mut nbits = 0;
    let mut quad = 0usize;
    let mut pads = 0;
    for &c in &data {
        if c == b'=' {
            // Padding may only complete a group of four.
            if quad >= 2 && quad + pads < 4 {
                pads += 1;
                if quad + pads == 4 {
                    // CPython stops at the end of the padding and ignores what follows.
                    quad = 0;
                    break;
                }
            }
            continue;
        }
        // Characters outside the alphabet (newlines...) are skipped, as CPython does.
        let Some(v) = b64_value(c) else { continue };
        if pads > 0 {
            return Err(vm.value_error("incorrect padding"));
        }
        acc = (acc << 6) | v;
        nbits += 6;
        quad = (quad + 1) % 4;
        if nbits >= 8 {
            nbits -= 8;
            out.push((acc >> nbits) as u8);
            acc &= (1 << nbits) - 1;
        }
    }
    if quad != 0 {
        return Err(vm.value_error("incorrect padding"));
    }
    new_bytes(vm, out)
}

// binascii.b2a_base64(data, *, newline=True)
fn b2a_base64(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::only_keywords(vm, kw, &["newline"])?;
    args::positional(vm, args, 1, 1)?;
    let newline = match args::kwarg(vm, kw, "newline") {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let data = data_of(vm, args[0])?;
    let n = data.len().div_ceil(3).saturating_mul(4) + 1;
    vm.reserve(n)?;
    let mut out = Vec::with_capacity(n);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(v >> (18 - 6 * i) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    if newline {
        out.push(b'\n');
    }
    new_bytes(vm, out)
}

/// CRC-32 (IEEE 802.3, reflected, as zlib), continuing from `crc`.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xedb8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

// binascii.crc32(data[, value])
fn crc32(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, args, kw, 1, 2)?;
    let data = data_of(vm, args[0])?;
    let start = match args.get(1) {
        // Any int is taken modulo 2**32, as CPython does.
        Some(v) => crate::modules::r#struct::int_low_bits(vm, *v)? as u32,
        None => 0,
    };
    vm.new_int(i64::from(crc32_update(start, &data)))
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("hexlify", hexlify),
    NativeDef::new("unhexlify", unhexlify),
    NativeDef::new("a2b_base64", a2b_base64),
    NativeDef::new("b2a_base64", b2a_base64),
    NativeDef::new("crc32", crc32),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}

#[cfg(test)]
mod tests {
    use super::crc32_update;

    #[test]
    fn crc32_known_vectors() {
        assert_eq!(crc32_update(0, b""), 0);
        assert_eq!(crc32_update(0, b"123456789"), 0xcbf4_3926);
        assert_eq!(
            crc32_update(crc32_update(0, b"1234"), b"56789"),
            0xcbf4_3926
        );
    }
}
