//! str: UTF-8 text, interned (qstr) or on the heap, indexed by character. The methods follow
//! MicroPython's set.

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

fn kw(kws: &[(Qstr, Value)], name: Qstr) -> Option<Value> {
    kws.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

/// Byte offset of character `ci` (clamped to the end).
pub fn char_to_byte(s: &str, ci: usize) -> usize {
    if s.is_ascii() {
        return ci.min(s.len());
    }
    s.char_indices().nth(ci).map_or(s.len(), |(b, _)| b)
}

pub fn byte_to_char(s: &str, bi: usize) -> usize {
    if s.is_ascii() {
        return bi;
    }
    s.get(..bi).map_or(0, |p| p.chars().count())
}

fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

impl Vm {
    fn str_self(&mut self, v: Value) -> PyResult<String> {
        match self.as_str(v) {
            Some(s) => Ok(String::from(s)),
            None => {
                let msg = alloc::format!(
                    "descriptor requires a 'str' object but received '{}'",
                    self.type_name(v)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    fn str_arg(&mut self, v: Value) -> PyResult<String> {
        match self.as_str(v) {
            Some(s) => Ok(String::from(s)),
            None => {
                let msg = alloc::format!(
                    "can't convert '{}' object to str implicitly",
                    self.type_name(v)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    /// Resolves optional `start`/`end` character arguments to a byte range of `s`.
    fn str_range(
        &mut self,
        s: &str,
        start: Option<Value>,
        end: Option<Value>,
    ) -> PyResult<(usize, usize)> {
        let n = char_len(s) as i64;
        let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
        let a = match start.filter(|v| !v.is_none()) {
            Some(v) => norm(self.int_arg(v)?),
            None => 0,
        };
        let b = match end.filter(|v| !v.is_none()) {
            Some(v) => norm(self.int_arg(v)?),
            None => n,
        };
        Ok((
            char_to_byte(s, a as usize),
            char_to_byte(s, b.max(a) as usize),
        ))
    }
}

/// `s[idx]` for str values.
pub fn str_getitem(
    vm: &mut Vm,
    _obj: Value,
    s: String,
    idx: Value,
    is_slice: bool,
) -> PyResult<Value> {
    let n = char_len(&s);
    if is_slice {
        let sl = vm.slice_indices(idx, n)?;
        if sl.step == 1 {
            let a = char_to_byte(&s, sl.start.max(0) as usize);
            let b = char_to_byte(&s, sl.stop.max(sl.start).max(0) as usize);
            return vm.new_str(s.get(a..b).unwrap_or(""));
        }
        let chars: Vec<char> = s.chars().collect();
        let out: String = sl.indices().filter_map(|i| chars.get(i).copied()).collect();
        return vm.new_string(out);
    }
    let i = vm.seq_index(idx, n, "string")?;
    let b = char_to_byte(&s, i);
    let c = s.get(b..).and_then(|r| r.chars().next()).unwrap_or(' ');
    let mut buf = [0u8; 4];
    let cs = String::from(&*c.encode_utf8(&mut buf));
    vm.new_str(&cs)
}

/// `str(x)`, `str(bytes, encoding)`.
pub fn str_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(&x) = args.get(1) else {
        return Ok(Value::qstr(q::empty));
    };
    if args.len() > 2
        && let Some(b) = vm.bytes_slice(x)
    {
        let s = String::from_utf8_lossy(b).into_owned();
        return vm.new_string(s);
    }
    if vm.as_str(x).is_some() {
        return Ok(x);
    }
    let s = vm.to_str(x)?;
    vm.new_string(s)
}

fn find_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<Option<usize>> {
    let s = vm.str_self(arg(args, 0))?;
    let sub = vm.str_arg(arg(args, 1))?;
    let (a, b) = vm.str_range(&s, args.get(2).copied(), args.get(3).copied())?;
    let hay = s.get(a..b).unwrap_or("");
    let r = if rev {
        hay.rfind(&*sub)
    } else {
        hay.find(&*sub)
    };
    Ok(r.map(|p| byte_to_char(&s, a + p)))
}

// str.find(sub[, start[, end]])
fn find(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let r = find_impl(vm, args, false)?;
    vm.new_int(r.map_or(-1, |i| i as i64))
}

// str.rfind(sub[, start[, end]])
fn rfind(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let r = find_impl(vm, args, true)?;
    vm.new_int(r.map_or(-1, |i| i as i64))
}

// str.index(sub[, start[, end]])
fn index(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    match find_impl(vm, args, false)? {
        Some(i) => vm.new_int(i as i64),
        None => Err(vm.value_error("substring not found")),
    }
}

// str.rindex(sub[, start[, end]])
fn rindex(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    match find_impl(vm, args, true)? {
        Some(i) => vm.new_int(i as i64),
        None => Err(vm.value_error("substring not found")),
    }
}

// str.count(sub[, start[, end]])
fn count(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let sub = vm.str_arg(arg(args, 1))?;
    let (a, b) = vm.str_range(&s, args.get(2).copied(), args.get(3).copied())?;
    let hay = s.get(a..b).unwrap_or("");
    let n = if sub.is_empty() {
        char_len(hay) + 1
    } else {
        hay.matches(&*sub).count()
    };
    vm.new_int(n as i64)
}

fn list_of_strs(vm: &mut Vm, parts: Vec<&str>) -> PyResult<Value> {
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        let v = vm.new_str(p)?;
        vm.keep(v);
        out.push(v);
    }
    vm.new_list(out)
}

fn split_args(
    vm: &mut Vm,
    args: &[Value],
    kws: &[(Qstr, Value)],
) -> PyResult<(Option<String>, i64)> {
    let sep = args
        .get(1)
        .copied()
        .or_else(|| kw(kws, q::sep))
        .filter(|v| !v.is_none());
    let sep = match sep {
        Some(v) => {
            let s = vm.str_arg(v)?;
            if s.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            Some(s)
        }
        None => None,
    };
    let max = match args.get(2).copied().or_else(|| kw(kws, q::maxsplit)) {
        Some(v) => vm.int_arg(v)?,
        None => -1,
    };
    Ok((sep, max))
}

// str.split(sep=None, maxsplit=-1)
fn split(vm: &mut Vm, args: &[Value], kws: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let (sep, max) = split_args(vm, args, kws)?;
    let parts: Vec<&str> = match &sep {
        Some(sep) => {
            if max < 0 {
                s.split(sep.as_str()).collect()
            } else {
                s.splitn(max as usize + 1, sep.as_str()).collect()
            }
        }
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_start();
            while !rest.is_empty() {
                if max >= 0 && out.len() as i64 == max {
                    out.push(rest);
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(&rest[..end]);
                rest = rest[end..].trim_start();
            }
            out
        }
    };
    list_of_strs(vm, parts)
}

// str.rsplit(sep=None, maxsplit=-1)
fn rsplit(vm: &mut Vm, args: &[Value], kws: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let (sep, max) = split_args(vm, args, kws)?;
    let mut parts: Vec<&str> = match &sep {
        Some(sep) => {
            if max < 0 {
                s.rsplit(sep.as_str()).collect()
            } else {
                s.rsplitn(max as usize + 1, sep.as_str()).collect()
            }
        }
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_end();
            while !rest.is_empty() {
                if max >= 0 && out.len() as i64 == max {
                    out.push(rest);
                    break;
                }
                let start = rest.rfind(char::is_whitespace).map_or(0, |p| {
                    p + rest[p..].chars().next().map_or(1, char::len_utf8)
                });
                out.push(&rest[start..]);
                rest = rest[..start].trim_end();
            }
            out
        }
    };
    parts.reverse();
    list_of_strs(vm, parts)
}

// str.splitlines([keepends])
fn splitlines(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let keep = match args.get(1) {
        Some(v) => vm.truthy(*v)?,
        None => false,
    };
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' || c == b'\r' {
            let mut end = i + 1;
            if c == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                end += 1;
            }
            parts.push(if keep { &s[start..end] } else { &s[start..i] });
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < s.len() {
        parts.push(&s[start..]);
    }
    list_of_strs(vm, parts)
}

// str.join(iterable)
fn join(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let sep = vm.str_self(arg(args, 0))?;
    let items = vm.iterate(arg(args, 1))?;
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match vm.as_str(*it) {
            Some(s) => out.push_str(s),
            None => {
                let msg = alloc::format!(
                    "join expects a list of str objects, not {}",
                    vm.type_name(*it)
                );
                return Err(vm.type_error(&msg));
            }
        }
    }
    vm.new_string(out)
}

fn strip_impl(vm: &mut Vm, args: &[Value], left: bool, right: bool) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let chars = match args.get(1).filter(|v| !v.is_none()) {
        Some(v) => Some(vm.str_arg(*v)?),
        None => None,
    };
    let mut r: &str = &s;
    match &chars {
        Some(cs) => {
            if left {
                r = r.trim_start_matches(|c| cs.contains(c));
            }
            if right {
                r = r.trim_end_matches(|c| cs.contains(c));
            }
        }
        None => {
            if left {
                r = r.trim_start();
            }
            if right {
                r = r.trim_end();
            }
        }
    }
    if r.len() == s.len() {
        return Ok(arg(args, 0));
    }
    let r = String::from(r);
    vm.new_string(r)
}

// str.strip([chars])
fn strip(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    strip_impl(vm, args, true, true)
}

// str.lstrip([chars])
fn lstrip(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    strip_impl(vm, args, true, false)
}

// str.rstrip([chars])
fn rstrip(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    strip_impl(vm, args, false, true)
}

fn affix_impl(vm: &mut Vm, args: &[Value], end: bool) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let (a, b) = vm.str_range(&s, args.get(2).copied(), args.get(3).copied())?;
    let part = s.get(a..b).unwrap_or("");
    let p = arg(args, 1);
    let cands: Vec<Value> = if let Obj::Tuple(t) = vm.heap.get(p) {
        t.to_vec()
    } else {
        alloc::vec![p]
    };
    for c in cands {
        let c = vm.str_arg(c)?;
        if (end && part.ends_with(&*c)) || (!end && part.starts_with(&*c)) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

// str.startswith(prefix[, start[, end]])
fn startswith(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    affix_impl(vm, args, false)
}

// str.endswith(suffix[, start[, end]])
fn endswith(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    affix_impl(vm, args, true)
}

// str.replace(old, new[, count])
fn replace(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let old = vm.str_arg(arg(args, 1))?;
    let new = vm.str_arg(arg(args, 2))?;
    let n = match args.get(3) {
        Some(v) => vm.int_arg(*v)?,
        None => -1,
    };
    let r = if n < 0 {
        if old.is_empty() {
            let mut out = String::from(&*new);
            for c in s.chars() {
                out.push(c);
                out.push_str(&new);
            }
            out
        } else {
            s.replace(&*old, &new)
        }
    } else {
        s.replacen(&*old, &new, n as usize)
    };
    vm.new_string(r)
}

fn map_chars(vm: &mut Vm, args: &[Value], f: fn(&str) -> String) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let r = f(&s);
    vm.new_string(r)
}

// str.upper()
fn upper(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    map_chars(vm, args, |s| s.to_uppercase())
}

// str.lower()
fn lower(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    map_chars(vm, args, |s| s.to_lowercase())
}

// str.swapcase()
fn swapcase(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    map_chars(vm, args, |s| {
        s.chars()
            .flat_map(|c| -> Vec<char> {
                if c.is_uppercase() {
                    c.to_lowercase().collect()
                } else {
                    c.to_uppercase().collect()
                }
            })
            .collect()
    })
}

// str.capitalize()
fn capitalize(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    map_chars(vm, args, |s| {
        let mut cs = s.chars();
        match cs.next() {
            Some(f) => f
                .to_uppercase()
                .chain(cs.flat_map(char::to_lowercase))
                .collect(),
            None => String::new(),
        }
    })
}

// str.title()
fn title(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    map_chars(vm, args, |s| {
        let mut out = String::new();
        let mut prev_cased = false;
        for c in s.chars() {
            if prev_cased {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            prev_cased = c.is_alphabetic();
        }
        out
    })
}

fn predicate(vm: &mut Vm, args: &[Value], f: fn(&str) -> bool) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    Ok(Value::bool(!s.is_empty() && f(&s)))
}

// str.isdigit()
fn isdigit(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    predicate(vm, args, |s| s.chars().all(|c| c.is_ascii_digit()))
}

// str.isalpha()
fn isalpha(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    predicate(vm, args, |s| s.chars().all(char::is_alphabetic))
}

// str.isalnum()
fn isalnum(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    predicate(vm, args, |s| s.chars().all(char::is_alphanumeric))
}

// str.isspace()
fn isspace(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    predicate(vm, args, |s| s.chars().all(char::is_whitespace))
}

// str.isupper()
fn isupper(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    predicate(vm, args, |s| {
        s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)
    })
}

// str.islower()
fn islower(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    predicate(vm, args, |s| {
        s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase)
    })
}

// str.format(*args, **kwargs)
fn format(vm: &mut Vm, args: &[Value], kws: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let r = vm.str_format(&s, args.get(1..).unwrap_or(&[]), kws)?;
    vm.new_string(r)
}

fn partition_impl(vm: &mut Vm, args: &[Value], rev: bool) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let sep = vm.str_arg(arg(args, 1))?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let pos = if rev { s.rfind(&*sep) } else { s.find(&*sep) };
    let (a, b, c) = match pos {
        Some(p) => (&s[..p], &sep[..], &s[p + sep.len()..]),
        None if rev => ("", "", &s[..]),
        None => (&s[..], "", ""),
    };
    let a = vm.new_str(a)?;
    vm.keep(a);
    let b = vm.new_str(b)?;
    vm.keep(b);
    let c = vm.new_str(c)?;
    vm.keep(c);
    vm.new_tuple(&[a, b, c])
}

// str.partition(sep)
fn partition(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    partition_impl(vm, args, false)
}

// str.rpartition(sep)
fn rpartition(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    partition_impl(vm, args, true)
}

fn pad_impl(vm: &mut Vm, args: &[Value], align: char) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let width = vm.int_arg(arg(args, 1))?.max(0) as usize;
    let fill = match args.get(2) {
        Some(v) => vm.str_arg(*v)?.chars().next().unwrap_or(' '),
        None => ' ',
    };
    let n = char_len(&s);
    if n >= width {
        return Ok(arg(args, 0));
    }
    let pad = width - n;
    let (l, r) = match align {
        '<' => (0, pad),
        '>' => (pad, 0),
        _ => {
            // CPython: the extra character goes left when the string length is odd.
            let left = pad / 2 + (pad & width & 1);
            (left, pad - left)
        }
    };
    let mut out = String::new();
    out.extend(core::iter::repeat_n(fill, l));
    out.push_str(&s);
    out.extend(core::iter::repeat_n(fill, r));
    vm.new_string(out)
}

// str.center(width[, fillchar])
fn center(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    pad_impl(vm, args, '^')
}

// str.ljust(width[, fillchar])
fn ljust(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    pad_impl(vm, args, '<')
}

// str.rjust(width[, fillchar])
fn rjust(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    pad_impl(vm, args, '>')
}

// str.zfill(width)
fn zfill(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    let width = vm.int_arg(arg(args, 1))?.max(0) as usize;
    let n = char_len(&s);
    if n >= width {
        return Ok(arg(args, 0));
    }
    let (sign, rest) = match s.chars().next() {
        Some(c @ ('+' | '-')) => (Some(c), &s[1..]),
        _ => (None, &s[..]),
    };
    let mut out = String::new();
    if let Some(c) = sign {
        out.push(c);
    }
    out.extend(core::iter::repeat_n('0', width - n));
    out.push_str(rest);
    vm.new_string(out)
}

// str.encode([encoding])
fn encode(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    vm.alloc(Obj::Bytes(s.into_bytes().into_boxed_slice()))
}

// str.__len__()  (also str.__contains__ for `in` on subclasses)
fn len(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.str_self(arg(args, 0))?;
    vm.new_int(char_len(&s) as i64)
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("find", find),
    NativeDef::new("rfind", rfind),
    NativeDef::new("index", index),
    NativeDef::new("rindex", rindex),
    NativeDef::new("count", count),
    NativeDef::new("split", split),
    NativeDef::new("rsplit", rsplit),
    NativeDef::new("splitlines", splitlines),
    NativeDef::new("join", join),
    NativeDef::new("strip", strip),
    NativeDef::new("lstrip", lstrip),
    NativeDef::new("rstrip", rstrip),
    NativeDef::new("startswith", startswith),
    NativeDef::new("endswith", endswith),
    NativeDef::new("replace", replace),
    NativeDef::new("upper", upper),
    NativeDef::new("lower", lower),
    NativeDef::new("swapcase", swapcase),
    NativeDef::new("capitalize", capitalize),
    NativeDef::new("title", title),
    NativeDef::new("isdigit", isdigit),
    NativeDef::new("isalpha", isalpha),
    NativeDef::new("isalnum", isalnum),
    NativeDef::new("isspace", isspace),
    NativeDef::new("isupper", isupper),
    NativeDef::new("islower", islower),
    NativeDef::new("format", format),
    NativeDef::new("partition", partition),
    NativeDef::new("rpartition", rpartition),
    NativeDef::new("center", center),
    NativeDef::new("ljust", ljust),
    NativeDef::new("rjust", rjust),
    NativeDef::new("zfill", zfill),
    NativeDef::new("encode", encode),
    NativeDef::new("__len__", len),
];
