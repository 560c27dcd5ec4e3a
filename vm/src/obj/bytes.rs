//! bytes, bytearray and memoryview.

use alloc::string::String;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

impl Vm {
    /// The bytes of a bytes, bytearray or memoryview.
    pub fn bytes_slice(&self, v: Value) -> Option<&[u8]> {
        match self.heap.get(v) {
            Obj::Bytes(b) => Some(b),
            Obj::ByteArray(b) => Some(b),
            Obj::MemoryView(b) => self.bytes_slice(*b),
            // A subclass of bytes or bytearray lends the buffer it wraps.
            Obj::Instance(_) => match self.heap.get(self.instance_base(v)) {
                Obj::Bytes(b) => Some(b),
                Obj::ByteArray(b) => Some(b),
                _ => None,
            },
            _ => None,
        }
    }

    /// A bytes-like argument, copied.
    pub fn bytes_of(&mut self, v: Value) -> PyResult<Vec<u8>> {
        match self.bytes_slice(v) {
            Some(b) => Ok(b.to_vec()),
            None => {
                let msg = alloc::format!(
                    "object with buffer protocol required, not {}",
                    self.type_name(v)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    fn new_bytes_like(&mut self, like: Value, data: Vec<u8>) -> PyResult<Value> {
        if matches!(self.heap.get(like), Obj::ByteArray(_)) {
            self.alloc(Obj::ByteArray(data))
        } else {
            self.alloc(Obj::Bytes(data.into_boxed_slice()))
        }
    }

    /// Bytes from an int count, an iterable of ints, a str with encoding, or a buffer.
    fn bytes_from(&mut self, x: Value) -> PyResult<Vec<u8>> {
        if let Some(b) = self.bytes_slice(x) {
            return Ok(b.to_vec());
        }
        if let Some(s) = self.as_str(x) {
            return Ok(s.as_bytes().to_vec());
        }
        if let Some(n) = self.to_i64(x) {
            if n < 0 {
                return Err(self.value_error("negative count"));
            }
            self.ensure_room(n as usize)?;
            return Ok(alloc::vec![0; n as usize]);
        }
        let items = self.iterate(x)?;
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            let b = self.int_arg(i)?;
            if !(0..256).contains(&b) {
                return Err(self.value_error("bytes must be in range(0, 256)"));
            }
            out.push(b as u8);
        }
        Ok(out)
    }
}

/// `bytes(x)`, `bytes(str, encoding)`.
pub fn bytes_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let data = match args.get(1) {
        Some(x) => vm.bytes_from(*x)?,
        None => Vec::new(),
    };
    vm.alloc(Obj::Bytes(data.into_boxed_slice()))
}

/// `bytearray(x)`.
pub fn bytearray_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let data = match args.get(1) {
        Some(x) => vm.bytes_from(*x)?,
        None => Vec::new(),
    };
    vm.alloc(Obj::ByteArray(data))
}

/// `memoryview(buffer)`.
pub fn memoryview_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let b = arg(args, 1);
    if vm.bytes_slice(b).is_none() {
        return Err(vm.type_error("memoryview: a bytes-like object is required"));
    }
    vm.alloc(Obj::MemoryView(b))
}

fn me(vm: &mut Vm, args: &[Value]) -> PyResult<Vec<u8>> {
    vm.bytes_of(arg(args, 0))
}

fn find_bytes(hay: &[u8], needle: &[u8], rev: bool) -> Option<usize> {
    if needle.is_empty() {
        return Some(if rev { hay.len() } else { 0 });
    }
    if needle.len() > hay.len() {
        return None;
    }
    let mut range: Vec<usize> = (0..=hay.len() - needle.len()).collect();
    if rev {
        range.reverse();
    }
    range
        .into_iter()
        .find(|&i| hay.get(i..i + needle.len()) == Some(needle))
}

fn needle(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    if let Some(i) = vm.to_i64(v) {
        return Ok(alloc::vec![i as u8]);
    }
    vm.bytes_of(v)
}

fn find_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<Option<usize>> {
    let s = me(vm, args)?;
    let n = needle(vm, arg(args, 1))?;
    let len = s.len() as i64;
    let norm = |i: i64| if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    let a = match args.get(2) {
        Some(v) => norm(vm.int_arg(*v)?),
        None => 0,
    };
    let b = match args.get(3) {
        Some(v) => norm(vm.int_arg(*v)?),
        None => s.len(),
    };
    let hay = s.get(a..b.max(a)).unwrap_or(&[]);
    Ok(find_bytes(hay, &n, rev).map(|p| p + a))
}

// bytes.find(sub[, start[, end]])
fn find(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let r = find_impl(vm, args, false)?;
    vm.new_int(r.map_or(-1, |i| i as i64))
}

// bytes.rfind(sub[, start[, end]])
fn rfind(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let r = find_impl(vm, args, true)?;
    vm.new_int(r.map_or(-1, |i| i as i64))
}

// bytes.index(sub[, start[, end]])
fn index(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    match find_impl(vm, args, false)? {
        Some(i) => vm.new_int(i as i64),
        None => Err(vm.value_error("subsection not found")),
    }
}

// bytes.count(sub)
fn count(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = me(vm, args)?;
    let n = needle(vm, arg(args, 1))?;
    let mut c = 0;
    let mut i = 0;
    if n.is_empty() {
        return vm.new_int(s.len() as i64 + 1);
    }
    while i + n.len() <= s.len() {
        if s[i..i + n.len()] == n[..] {
            c += 1;
            i += n.len();
        } else {
            i += 1;
        }
    }
    vm.new_int(c)
}

fn split_parts(s: &[u8], sep: Option<&[u8]>, max: i64) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    match sep {
        Some(sep) => {
            let mut rest = s;
            loop {
                if max >= 0 && out.len() as i64 == max {
                    out.push(rest.to_vec());
                    break;
                }
                match find_bytes(rest, sep, false) {
                    Some(p) => {
                        out.push(rest[..p].to_vec());
                        rest = &rest[p + sep.len()..];
                    }
                    None => {
                        out.push(rest.to_vec());
                        break;
                    }
                }
            }
        }
        None => {
            let mut i = 0;
            while i < s.len() {
                while i < s.len() && s[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i >= s.len() {
                    break;
                }
                if max >= 0 && out.len() as i64 == max {
                    out.push(s[i..].to_vec());
                    break;
                }
                let start = i;
                while i < s.len() && !s[i].is_ascii_whitespace() {
                    i += 1;
                }
                out.push(s[start..i].to_vec());
            }
        }
    }
    out
}

// bytes.split(sep=None, maxsplit=-1)
fn split(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = me(vm, args)?;
    let sep = match args.get(1).filter(|v| !v.is_none()) {
        Some(v) => Some(vm.bytes_of(*v)?),
        None => None,
    };
    let max = match args
        .get(2)
        .copied()
        .or_else(|| kw.iter().find(|(k, _)| *k == q::maxsplit).map(|(_, v)| *v))
    {
        Some(v) => vm.int_arg(v)?,
        None => -1,
    };
    let parts = split_parts(&s, sep.as_deref(), max);
    let mut out = Vec::new();
    for p in parts {
        let v = vm.new_bytes_like(arg(args, 0), p)?;
        vm.keep(v);
        out.push(v);
    }
    vm.new_list(out)
}

// bytes.join(iterable)
fn join(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let sep = me(vm, args)?;
    let items = vm.iterate(arg(args, 1))?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        let b = vm.bytes_of(*it)?;
        out.extend_from_slice(&b);
    }
    vm.new_bytes_like(arg(args, 0), out)
}

fn strip_impl(vm: &mut Vm, args: &[Value], left: bool, right: bool) -> PyResult<Value> {
    let s = me(vm, args)?;
    let chars = match args.get(1).filter(|v| !v.is_none()) {
        Some(v) => vm.bytes_of(*v)?,
        None => b" \t\n\r\x0b\x0c".to_vec(),
    };
    let mut a = 0;
    let mut b = s.len();
    if left {
        while a < b && chars.contains(&s[a]) {
            a += 1;
        }
    }
    if right {
        while b > a && chars.contains(&s[b - 1]) {
            b -= 1;
        }
    }
    vm.new_bytes_like(arg(args, 0), s[a..b].to_vec())
}

// bytes.strip([chars])
fn strip(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    strip_impl(vm, args, true, true)
}

// bytes.lstrip([chars])
fn lstrip(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    strip_impl(vm, args, true, false)
}

// bytes.rstrip([chars])
fn rstrip(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    strip_impl(vm, args, false, true)
}

// bytes.startswith(prefix)
fn startswith(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = me(vm, args)?;
    let p = vm.bytes_of(arg(args, 1))?;
    Ok(Value::bool(s.starts_with(&p)))
}

// bytes.endswith(suffix)
fn endswith(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = me(vm, args)?;
    let p = vm.bytes_of(arg(args, 1))?;
    Ok(Value::bool(s.ends_with(&p)))
}

// bytes.replace(old, new[, count])
fn replace(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = me(vm, args)?;
    let old = vm.bytes_of(arg(args, 1))?;
    let new = vm.bytes_of(arg(args, 2))?;
    let mut max = match args.get(3) {
        Some(v) => vm.int_arg(*v)?,
        None => -1,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if max != 0 && !old.is_empty() && s[i..].starts_with(&old) {
            out.extend_from_slice(&new);
            i += old.len();
            max -= 1;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    vm.new_bytes_like(arg(args, 0), out)
}

// bytes.partition(sep)
fn partition(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = me(vm, args)?;
    let sep = vm.bytes_of(arg(args, 1))?;
    let (a, b, c) = match find_bytes(&s, &sep, false) {
        Some(p) => (s[..p].to_vec(), sep.clone(), s[p + sep.len()..].to_vec()),
        None => (s.clone(), Vec::new(), Vec::new()),
    };
    let mut vals = Vec::new();
    for p in [a, b, c] {
        let v = vm.new_bytes_like(arg(args, 0), p)?;
        vm.keep(v);
        vals.push(v);
    }
    vm.new_tuple(&vals)
}

fn map_bytes(vm: &mut Vm, args: &[Value], f: fn(u8) -> u8) -> PyResult<Value> {
    let s = me(vm, args)?;
    let out = s.into_iter().map(f).collect();
    vm.new_bytes_like(arg(args, 0), out)
}

// bytes.upper()
fn upper(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    map_bytes(vm, args, |b| b.to_ascii_uppercase())
}

// bytes.lower()
fn lower(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    map_bytes(vm, args, |b| b.to_ascii_lowercase())
}

fn pred(vm: &mut Vm, args: &[Value], f: fn(&u8) -> bool) -> PyResult<Value> {
    let s = me(vm, args)?;
    Ok(Value::bool(!s.is_empty() && s.iter().all(f)))
}

// bytes.isdigit()
fn isdigit(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    pred(vm, args, u8::is_ascii_digit)
}

// bytes.isalpha()
fn isalpha(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    pred(vm, args, u8::is_ascii_alphabetic)
}

// bytes.isspace()
fn isspace(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    pred(vm, args, u8::is_ascii_whitespace)
}

// bytes.decode([encoding[, errors]])
fn decode(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = me(vm, args)?;
    match String::from_utf8(s) {
        Ok(s) => vm.new_string(s),
        Err(_) => Err(vm.err(crate::obj::TypeId::UnicodeError, "invalid utf-8")),
    }
}

// bytes.hex([sep])
fn hex(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = me(vm, args)?;
    let sep = match args.get(1) {
        Some(v) => String::from(vm.as_str(*v).unwrap_or("")),
        None => String::new(),
    };
    let mut out = String::new();
    for (i, b) in s.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&alloc::format!("{:02x}", b));
    }
    vm.new_string(out)
}

// bytes.fromhex(string)  (called on the class)
fn fromhex(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let skip = usize::from(
        args.first()
            .is_some_and(|a| matches!(vm.heap.get(*a), Obj::Type(_))),
    );
    let is_array = args
        .first()
        .is_some_and(|a| *a == vm.ty(crate::obj::TypeId::ByteArray));
    let s = String::from(vm.as_str(arg(args, skip)).unwrap_or(""));
    let digits: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(vm.value_error("non-hexadecimal number found in fromhex() arg"));
    }
    let mut out = Vec::new();
    for pair in digits.chunks(2) {
        let h = core::str::from_utf8(pair)
            .ok()
            .and_then(|p| u8::from_str_radix(p, 16).ok());
        match h {
            Some(b) => out.push(b),
            None => return Err(vm.value_error("non-hexadecimal number found in fromhex() arg")),
        }
    }
    if is_array {
        vm.alloc(Obj::ByteArray(out))
    } else {
        vm.alloc(Obj::Bytes(out.into_boxed_slice()))
    }
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("find", find),
    NativeDef::new("rfind", rfind),
    NativeDef::new("index", index),
    NativeDef::new("count", count),
    NativeDef::new("split", split),
    NativeDef::new("join", join),
    NativeDef::new("strip", strip),
    NativeDef::new("lstrip", lstrip),
    NativeDef::new("rstrip", rstrip),
    NativeDef::new("startswith", startswith),
    NativeDef::new("endswith", endswith),
    NativeDef::new("replace", replace),
    NativeDef::new("partition", partition),
    NativeDef::new("upper", upper),
    NativeDef::new("lower", lower),
    NativeDef::new("isdigit", isdigit),
    NativeDef::new("isalpha", isalpha),
    NativeDef::new("isspace", isspace),
    NativeDef::new("decode", decode),
    NativeDef::new("hex", hex),
    NativeDef::new("fromhex", fromhex),
];

fn barray(vm: &mut Vm, v: Value) -> PyResult<Value> {
    if matches!(vm.heap.get(v), Obj::ByteArray(_)) {
        Ok(v)
    } else {
        Err(vm.type_error("expected a bytearray"))
    }
}

// bytearray.append(x)
fn append(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let b = barray(vm, arg(args, 0))?;
    let x = vm.int_arg(arg(args, 1))?;
    if !(0..256).contains(&x) {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    }
    vm.reserve(1)?;
    if let Obj::ByteArray(v) = vm.heap.get_mut(b) {
        v.push(x as u8);
    }
    Ok(Value::NONE)
}

// bytearray.extend(iterable)
fn extend(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let b = barray(vm, arg(args, 0))?;
    let data = vm.bytes_from(arg(args, 1))?;
    vm.reserve(data.len())?;
    if let Obj::ByteArray(v) = vm.heap.get_mut(b) {
        v.extend_from_slice(&data);
    }
    Ok(Value::NONE)
}

// bytearray.pop([index])
fn pop(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let b = barray(vm, arg(args, 0))?;
    let n = vm.len(b)?;
    if n == 0 {
        return Err(vm.index_error("pop from empty bytearray"));
    }
    let i = match args.get(1) {
        Some(i) => vm.seq_index(*i, n, "bytearray")?,
        None => n - 1,
    };
    let x = match vm.heap.get_mut(b) {
        Obj::ByteArray(v) if i < v.len() => v.remove(i),
        _ => 0,
    };
    Ok(Value::small(i32::from(x)))
}

pub static BYTEARRAY_METHODS: &[NativeDef] = &[
    NativeDef::new("append", append),
    NativeDef::new("extend", extend),
    NativeDef::new("pop", pop),
    NativeDef::new("find", find),
    NativeDef::new("rfind", rfind),
    NativeDef::new("index", index),
    NativeDef::new("count", count),
    NativeDef::new("split", split),
    NativeDef::new("join", join),
    NativeDef::new("strip", strip),
    NativeDef::new("startswith", startswith),
    NativeDef::new("endswith", endswith),
    NativeDef::new("replace", replace),
    NativeDef::new("upper", upper),
    NativeDef::new("lower", lower),
    NativeDef::new("decode", decode),
    NativeDef::new("hex", hex),
    NativeDef::new("fromhex", fromhex),
];
