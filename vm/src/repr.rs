//! `repr()` and `str()` of every value.

use alloc::format;
use alloc::string::String;

use crate::exc::PyResult;
use crate::intern::q;
use crate::obj::{DictViewKind, Obj};
use crate::value::Value;
use crate::vm::Vm;

/// `repr(str)` with CPython's quoting rules.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `repr(bytes)`: `b'...'`.
pub fn bytes_repr(b: &[u8]) -> String {
    let has_sq = b.contains(&b'\'');
    let quote = if has_sq && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{:02x}", c)),
        }
    }
    out.push(quote as char);
    out
}

impl Vm {
    pub fn repr(&mut self, v: Value) -> PyResult<String> {
        let mut out = String::new();
        self.repr_into(v, &mut out)?;
        Ok(out)
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: Value) -> PyResult<String> {
        if let Some(s) = self.as_str(v) {
            return Ok(String::from(s));
        }
        match self.heap.get(v) {
            Obj::Instance(_) | Obj::Exception(_) => {
                if let Some(r) = self.call_special(v, q::__str__, &[])? {
                    return match self.as_str(r) {
                        Some(s) => Ok(String::from(s)),
                        None => Err(self.type_error("__str__ returned non-string")),
                    };
                }
                if let Obj::Exception(_) = self.heap.get(v)
                    && self.lookup_user(v, q::__repr__).is_none()
                {
                    let args = self.exc_args(v);
                    return match args.as_slice() {
                        [] => Ok(String::new()),
                        [a] => self.to_str(*a),
                        _ => {
                            let t = self.new_tuple(&args)?;
                            self.repr(t)
                        }
                    };
                }
                let b = self.unwrap_base(v);
                if b != v && self.lookup_user(v, q::__repr__).is_none() {
                    return self.to_str(b);
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    fn lookup_user(&self, v: Value, name: crate::intern::Qstr) -> Option<Value> {
        let t = self.type_of(v);
        self.lookup_type(t, name)
            .filter(|f| f.as_native().is_none())
    }

    fn repr_seq(
        &mut self,
        items: &[Value],
        open: &str,
        close: &str,
        out: &mut String,
    ) -> PyResult<()> {
        out.push_str(open);
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.repr_into(*x, out)?;
        }
        out.push_str(close);
        Ok(())
    }

    pub fn repr_into(&mut self, v: Value, out: &mut String) -> PyResult<()> {
        if let Some(i) = v.as_small() {
            out.push_str(&format!("{}", i));
            return Ok(());
        }
        if let Some(s) = v.as_qstr() {
            out.push_str(&str_repr(self.qstr_str(s)));
            return Ok(());
        }
        if let Some((name, _)) = self.native(v) {
            out.push_str(&format!("<function {}>", self.qstr_str(name)));
            return Ok(());
        }
        match v {
            Value::NONE => out.push_str("None"),
            Value::TRUE => out.push_str("True"),
            Value::FALSE => out.push_str("False"),
            Value::ELLIPSIS => out.push_str("Ellipsis"),
            Value::NOT_IMPLEMENTED => out.push_str("NotImplemented"),
            _ => {}
        }
        if v.heap_index().is_none() {
            return Ok(());
        }
        self.native_depth += 1;
        if self.native_depth > 100 {
            self.native_depth -= 1;
            return Err(self.recursion_error());
        }
        let r = self.repr_heap(v, out);
        self.native_depth -= 1;
        r
    }

    fn repr_heap(&mut self, v: Value, out: &mut String) -> PyResult<()> {
        let addr = v.raw();
        match self.heap.get(v) {
            Obj::Str(s) => out.push_str(&str_repr(&s.s)),
            Obj::Int(b) => out.push_str(&b.to_string_radix(10)),
            Obj::Float(f) => out.push_str(&crate::obj::float::float_repr(f.get())),
            Obj::Bytes(b) => out.push_str(&bytes_repr(b)),
            Obj::ByteArray(b) => {
                let r = bytes_repr(b);
                out.push_str("bytearray(");
                out.push_str(&r);
                out.push(')');
            }
            Obj::List(l) => {
                let items = l.clone();
                self.repr_seq(&items, "[", "]", out)?;
            }
            Obj::Tuple(t) => {
                let items = t.to_vec();
                if items.len() == 1 {
                    out.push('(');
                    self.repr_into(items[0], out)?;
                    out.push_str(",)");
                } else {
                    self.repr_seq(&items, "(", ")", out)?;
                }
            }
            Obj::Dict(d) => {
                let items: alloc::vec::Vec<(Value, Value)> = d.iter().collect();
                out.push('{');
                for (i, (k, x)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.repr_into(*k, out)?;
                    out.push_str(": ");
                    self.repr_into(*x, out)?;
                }
                out.push('}');
            }
            Obj::Set(d) | Obj::FrozenSet(d) => {
                let frozen = matches!(self.heap.get(v), Obj::FrozenSet(_));
                let items: alloc::vec::Vec<Value> = d.iter().map(|(k, _)| k).collect();
                let name = if frozen { "frozenset" } else { "set" };
                if items.is_empty() {
                    out.push_str(name);
                    out.push_str("()");
                } else if frozen {
                    out.push_str("frozenset(");
                    self.repr_seq(&items, "{", "}", out)?;
                    out.push(')');
                } else {
                    self.repr_seq(&items, "{", "}", out)?;
                }
            }
            Obj::DictView(d, kind) => {
                let (d, kind) = (*d, *kind);
                let name = match kind {
                    DictViewKind::Keys => "dict_keys",
                    DictViewKind::Values => "dict_values",
                    DictViewKind::Items => "dict_items",
                };
                let items = self.iterate(v)?;
                let _ = d;
                out.push_str(name);
                out.push('(');
                self.repr_seq(&items, "[", "]", out)?;
                out.push(')');
            }
            Obj::Range(r) => {
                if r.step == 1 {
                    out.push_str(&format!("range({}, {})", r.start, r.stop));
                } else {
                    out.push_str(&format!("range({}, {}, {})", r.start, r.stop, r.step));
                }
            }
            Obj::Slice(s) => {
                let s = **s;
                out.push_str("slice(");
                self.repr_seq(&s, "", "", out)?;
                out.push(')');
            }
            Obj::Function(f) => out.push_str(&format!(
                "<function {} at 0x{:x}>",
                self.qstr_str(f.name),
                addr
            )),
            Obj::BoundMethod(f, s) => {
                let (f, s) = (*f, *s);
                let name = match self.heap.get(f) {
                    Obj::Function(func) => String::from(self.qstr_str(func.name)),
                    _ => self
                        .native(f)
                        .map(|(n, _)| String::from(self.qstr_str(n)))
                        .unwrap_or_default(),
                };
                out.push_str(&format!("<bound_method {} of ", name));
                let r = self.repr(s)?;
                out.push_str(&r);
                out.push('>');
            }
            Obj::Type(t) => out.push_str(&format!("<class '{}'>", self.qstr_str(t.name))),
            Obj::Module(m) => out.push_str(&format!("<module '{}'>", self.qstr_str(m.name))),
            Obj::Generator(g) => {
                let kind = if g.coroutine {
                    "coroutine"
                } else {
                    "generator"
                };
                out.push_str(&format!(
                    "<{} object '{}' at 0x{:x}>",
                    kind,
                    self.qstr_str(g.name),
                    addr
                ))
            }
            Obj::Exception(_) | Obj::Instance(_) => {
                if let Some(r) = self.call_special(v, q::__repr__, &[])? {
                    match self.as_str(r) {
                        Some(s) => out.push_str(s),
                        None => return Err(self.type_error("__repr__ returned non-string")),
                    }
                    return Ok(());
                }
                if let Obj::Exception(_) = self.heap.get(v) {
                    let name = self.exc_type_name(v);
                    let args = self.exc_args(v);
                    out.push_str(&name);
                    if args.len() == 1 {
                        out.push('(');
                        self.repr_into(args[0], out)?;
                        out.push(')');
                    } else {
                        self.repr_seq(&args, "(", ")", out)?;
                    }
                    return Ok(());
                }
                let b = self.unwrap_base(v);
                if b != v {
                    return self.repr_into(b, out);
                }
                let name = String::from(self.type_name(v));
                out.push_str(&format!("<{} object at 0x{:x}>", name, addr));
            }
            Obj::Property(_) => out.push_str(&format!("<property at 0x{:x}>", addr)),
            Obj::ClassMethod(_) => out.push_str(&format!("<classmethod at 0x{:x}>", addr)),
            Obj::StaticMethod(_) => out.push_str(&format!("<staticmethod at 0x{:x}>", addr)),
            Obj::Iter(_) => out.push_str(&format!("<iterator object at 0x{:x}>", addr)),
            Obj::Cell(_) => out.push_str("<cell>"),
            Obj::Code(_) => out.push_str("<code>"),
            Obj::Super(..) => out.push_str("<super>"),
            Obj::MemoryView(_) => out.push_str(&format!("<memoryview at 0x{:x}>", addr)),
            Obj::Free => out.push_str("<freed>"),
        }
        Ok(())
    }
}
