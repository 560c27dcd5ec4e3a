//! String formatting glue: f-string fields, `format()`, `str.format` and `%`, delegating the
//! spec mini-language and printf conversions to `num`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::exc::{PyErr, PyResult};
use crate::intern::{Qstr, q};
use crate::num::percent::{self, Piece};
use crate::num::{ErrorKind, FormatError, format_spec};
use crate::obj::Obj;
use crate::obj::int::Num;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    fn format_error(&mut self, e: FormatError) -> PyErr {
        match e.kind {
            ErrorKind::Value => self.value_error(&e.message),
            ErrorKind::Overflow => self.overflow_error(&e.message),
        }
    }

    /// `format(v, spec)`.
    pub fn format_with_spec(&mut self, v: Value, spec: &str) -> PyResult<String> {
        if (v == Value::TRUE || v == Value::FALSE) && spec.is_empty() {
            return self.to_str(v);
        }
        if let Some(s) = self.as_str(v) {
            let s = String::from(s);
            return format_spec::format_str(&s, spec).map_err(|e| self.format_error(e));
        }
        if let Some(n) = self.to_num(v) {
            let r = match n {
                Num::Int(i) => format_spec::format_i64(i, spec),
                Num::Big(b) => format_spec::format_int(&b, spec),
                Num::Float(f) => {
                    if spec.is_empty() {
                        return Ok(crate::obj::float::float_repr(f));
                    }
                    format_spec::format_float(f, spec)
                }
            };
            return r.map_err(|e| self.format_error(e));
        }
        if matches!(self.heap.get(v), Obj::Instance(_) | Obj::Exception(_)) {
            let sv = self.new_str(spec)?;
            if let Some(r) = self.call_special(v, q::__format__, &[sv])? {
                return match self.as_str(r) {
                    Some(s) => Ok(String::from(s)),
                    None => Err(self.type_error("__format__ must return a str")),
                };
            }
        }
        if spec.is_empty() {
            return self.to_str(v);
        }
        let s = self.to_str(v)?;
        format_spec::format_str(&s, spec).map_err(|e| self.format_error(e))
    }

    /// An f-string field: conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`) then spec (a str or NULL).
    pub(crate) fn format_value(&mut self, v: Value, conv: u8, spec: Value) -> PyResult<Value> {
        let spec = if spec.is_null() {
            String::new()
        } else {
            String::from(self.as_str(spec).unwrap_or(""))
        };
        let s = match conv {
            1 => {
                let s = self.to_str(v)?;
                format_spec::format_str(&s, &spec).map_err(|e| self.format_error(e))?
            }
            2 | 3 => {
                let s = self.repr(v)?;
                format_spec::format_str(&s, &spec).map_err(|e| self.format_error(e))?
            }
            _ => {
                if spec.is_empty() && self.as_str(v).is_some() {
                    return Ok(v);
                }
                self.format_with_spec(v, &spec)?
            }
        };
        self.new_string(s)
    }

    /// `fmt.format(*args, **kwargs)`.
    pub fn str_format(
        &mut self,
        fmt: &str,
        args: &[Value],
        kw: &[(Qstr, Value)],
    ) -> PyResult<String> {
        let mut out = String::new();
        let mut auto = 0usize;
        let mut chars = fmt.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' => {
                    if let Some(&(_, '{')) = chars.peek() {
                        chars.next();
                        out.push('{');
                        continue;
                    }
                    // Find the matching close brace, allowing one level of nesting in the spec.
                    let mut depth = 1;
                    let start = i + 1;
                    let mut end = None;
                    for (j, d) in chars.by_ref() {
                        match d {
                            '{' => depth += 1,
                            '}' => {
                                depth -= 1;
                                if depth == 0 {
                                    end = Some(j);
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    let Some(end) = end else {
                        return Err(self.value_error("Single '{' encountered in format string"));
                    };
                    let field = fmt.get(start..end).unwrap_or("");
                    let s = self.format_field(field, args, kw, &mut auto)?;
                    out.push_str(&s);
                }
                '}' => {
                    if let Some(&(_, '}')) = chars.peek() {
                        chars.next();
                        out.push('}');
                        continue;
                    }
                    return Err(self.value_error("Single '}' encountered in format string"));
                }
                c => out.push(c),
            }
        }
        Ok(out)
    }

    fn format_field(
        &mut self,
        field: &str,
        args: &[Value],
        kw: &[(Qstr, Value)],
        auto: &mut usize,
    ) -> PyResult<String> {
        // Split name[!conv][:spec].
        let (head, spec) = match field.find(':') {
            Some(p) => (&field[..p], &field[p + 1..]),
            None => (field, ""),
        };
        let (name, conv) = match head.find('!') {
            Some(p) => (&head[..p], head.get(p + 1..p + 2)),
            None => (head, None),
        };
        // The first part of the name: index or keyword; then .attr and [key] parts.
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let first = &name[..first_end];
        let mut v = if first.is_empty() {
            let v = args.get(*auto).copied();
            *auto += 1;
            match v {
                Some(v) => v,
                None => return Err(self.index_error("tuple index out of range")),
            }
        } else if let Ok(n) = first.parse::<usize>() {
            match args.get(n) {
                Some(v) => *v,
                None => return Err(self.index_error("tuple index out of range")),
            }
        } else {
            let qn = self.intern(first);
            match kw.iter().find(|(k, _)| *k == qn) {
                Some((_, v)) => *v,
                None => {
                    let k = self.new_str(first)?;
                    return Err(self.key_error(k));
                }
            }
        };
        let mut rest = &name[first_end..];
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                let attr = self.intern(&r[..end]);
                v = self.getattr(v, attr)?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').unwrap_or(r.len());
                let key = &r[..end];
                let k = match key.parse::<i64>() {
                    Ok(i) => self.new_int(i)?,
                    Err(_) => self.new_str(key)?,
                };
                v = self.getitem(v, k)?;
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                break;
            }
        }
        // Nested fields in the spec.
        let spec = if spec.contains('{') {
            self.str_format(spec, args, kw)?
        } else {
            String::from(spec)
        };
        match conv {
            Some("r") | Some("a") => {
                let s = self.repr(v)?;
                format_spec::format_str(&s, &spec).map_err(|e| self.format_error(e))
            }
            Some("s") => {
                let s = self.to_str(v)?;
                format_spec::format_str(&s, &spec).map_err(|e| self.format_error(e))
            }
            _ => self.format_with_spec(v, &spec),
        }
    }

    /// `fmt % args`.
    pub fn percent_format(&mut self, fmt: &str, args: Value) -> PyResult<String> {
        let args = match self.heap.get(self.unwrap_base(args)) {
            Obj::Tuple(_) => self.unwrap_base(args),
            _ => args,
        };
        let is_tuple = matches!(self.heap.get(args), Obj::Tuple(_));
        let is_mapping = matches!(self.heap.get(args), Obj::Dict(_))
            || (matches!(self.heap.get(args), Obj::Instance(_))
                && self
                    .lookup_type(self.type_of(args), q::__getitem__)
                    .is_some());
        let items: Vec<Value> = if is_tuple {
            self.seq_items(args)
        } else {
            alloc::vec![args]
        };
        let mut next = 0usize;
        let mut out = String::new();
        let mut used_mapping = false;
        for piece in percent::parse(fmt) {
            let piece = piece.map_err(|e| self.format_error(e))?;
            match piece {
                Piece::Literal(t) => out.push_str(t),
                Piece::Conversion(spec) => {
                    let mut take = |vm: &mut Vm| -> PyResult<Value> {
                        match items.get(next) {
                            Some(v) => {
                                next += 1;
                                Ok(*v)
                            }
                            None => Err(vm.type_error("not enough arguments for format string")),
                        }
                    };
                    let sw = if spec.width == Some(percent::Count::Star) {
                        let v = take(self)?;
                        Some(self.int_arg(v)?)
                    } else {
                        None
                    };
                    let sp = if spec.precision == Some(percent::Count::Star) {
                        let v = take(self)?;
                        Some(self.int_arg(v)?)
                    } else {
                        None
                    };
                    let value = match spec.key {
                        Some(k) => {
                            if !is_mapping {
                                return Err(self.type_error("format requires a mapping"));
                            }
                            used_mapping = true;
                            let kv = self.new_str(k)?;
                            self.getitem(args, kv)?
                        }
                        None => take(self)?,
                    };
                    let conv = spec.resolve(sw, sp).map_err(|e| self.format_error(e))?;
                    let s = match conv.conversion {
                        's' => {
                            let s = self.to_str(value)?;
                            percent::render_str(&conv, &s)
                        }
                        'r' | 'a' => {
                            let s = self.repr(value)?;
                            percent::render_str(&conv, &s)
                        }
                        'c' => {
                            if let Some(s) = self.as_str(value) {
                                let mut cs = s.chars();
                                match (cs.next(), cs.next()) {
                                    (Some(c), None) => percent::render_char(&conv, c),
                                    _ => return Err(self.type_error("%c requires int or char")),
                                }
                            } else {
                                let i = self.int_arg(value)?;
                                percent::render_char_code(&conv, i)
                                    .map_err(|e| self.format_error(e))?
                            }
                        }
                        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => match self.to_num(value) {
                            Some(Num::Int(i)) => percent::render_i64(&conv, i),
                            Some(Num::Big(b)) => percent::render_int(&conv, &b),
                            Some(Num::Float(f)) if matches!(conv.conversion, 'd' | 'i' | 'u') => {
                                percent::render_int(
                                    &conv,
                                    &crate::num::BigInt::from_f64(libm::trunc(f)),
                                )
                            }
                            _ => {
                                let msg = alloc::format!(
                                    "%{} format: a number is required, not {}",
                                    conv.conversion,
                                    self.type_name(value)
                                );
                                return Err(self.type_error(&msg));
                            }
                        },
                        _ => {
                            let f = match self.to_num(value) {
                                Some(n) => n.to_f64(),
                                None => {
                                    let msg = alloc::format!(
                                        "must be real number, not {}",
                                        self.type_name(value)
                                    );
                                    return Err(self.type_error(&msg));
                                }
                            };
                            percent::render_float(&conv, f)
                        }
                    };
                    out.push_str(&s);
                }
            }
        }
        if next < items.len() && !used_mapping && !is_mapping {
            return Err(self.type_error("not all arguments converted during string formatting"));
        }
        Ok(out)
    }
}
