//! Binary operators on built-in containers: concatenation and repetition of str, bytes, list
//! and tuple, `str % args`, and set/dict algebra.

use alloc::string::String;
use alloc::vec::Vec;

use crate::ast::BinOp;
use crate::exc::PyResult;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    fn repeat_count(&mut self, n: Value) -> Option<i64> {
        if self.is_int(n) { self.to_i64(n) } else { None }
    }

    /// Operators on built-in non-numeric types; None when the operands don't apply.
    pub(crate) fn builtin_binop(
        &mut self,
        op: BinOp,
        a: Value,
        b: Value,
    ) -> PyResult<Option<Value>> {
        // str
        if let Some(x) = self.as_str(a).map(String::from) {
            let x = x.as_str();
            match op {
                BinOp::Add => {
                    if let Some(y) = self.as_str(b).map(String::from) {
                        let y = y.as_str();
                        let mut s = String::with_capacity(x.len() + y.len());
                        s.push_str(x);
                        s.push_str(y);
                        return self.new_string(s).map(Some);
                    }
                }
                BinOp::Mult => {
                    if let Some(n) = self.repeat_count(b) {
                        let x = String::from(x);
                        let n = n.max(0) as usize;
                        self.ensure_room(x.len() * n)?;
                        return self.new_string(x.repeat(n)).map(Some);
                    }
                }
                BinOp::Mod => {
                    let x = String::from(x);
                    return self.percent_format(&x, b).map(Some).and_then(|s| match s {
                        Some(s) => self.new_string(s).map(Some),
                        None => Ok(None),
                    });
                }
                _ => {}
            }
            return Ok(None);
        }
        if op == BinOp::Mult && self.as_str(b).is_some() && self.is_int(a) {
            return self.builtin_binop(op, b, a);
        }
        let ka = kind(self.heap.get(a));
        let kb = kind(self.heap.get(b));
        match (ka, kb, op) {
            (K::List, K::List, BinOp::Add) | (K::Tuple, K::Tuple, BinOp::Add) => {
                let mut items = self.seq_items(a);
                items.extend(self.seq_items(b));
                self.ensure_room(items.len() * 4)?;
                let v = if ka == K::List {
                    self.new_list(items)?
                } else {
                    self.new_tuple(&items)?
                };
                Ok(Some(v))
            }
            (K::List | K::Tuple, _, BinOp::Mult) | (_, K::List | K::Tuple, BinOp::Mult) => {
                let (seq, n, k) = if matches!(ka, K::List | K::Tuple) {
                    (a, b, ka)
                } else {
                    (b, a, kb)
                };
                let Some(n) = self.repeat_count(n) else {
                    return Ok(None);
                };
                let items = self.seq_items(seq);
                let n = n.max(0) as usize;
                self.ensure_room(items.len() * n * 4)?;
                let mut out = Vec::with_capacity(items.len() * n);
                for _ in 0..n {
                    out.extend_from_slice(&items);
                }
                let v = if k == K::List {
                    self.new_list(out)?
                } else {
                    self.new_tuple(&out)?
                };
                Ok(Some(v))
            }
            (K::Bytes, K::Bytes, BinOp::Add) => {
                let mut x = self.bytes_of(a)?;
                x.extend(self.bytes_of(b)?);
                let v = if matches!(self.heap.get(a), Obj::ByteArray(_)) {
                    self.alloc(Obj::ByteArray(x))?
                } else {
                    self.alloc(Obj::Bytes(x.into_boxed_slice()))?
                };
                Ok(Some(v))
            }
            (K::Bytes, _, BinOp::Mult) => {
                let Some(n) = self.repeat_count(b) else {
                    return Ok(None);
                };
                let x = self.bytes_of(a)?;
                let n = n.max(0) as usize;
                self.ensure_room(x.len() * n)?;
                let out = x.repeat(n);
                let v = if matches!(self.heap.get(a), Obj::ByteArray(_)) {
                    self.alloc(Obj::ByteArray(out))?
                } else {
                    self.alloc(Obj::Bytes(out.into_boxed_slice()))?
                };
                Ok(Some(v))
            }
            (K::Bytes, _, BinOp::Mod) => {
                let fmt = String::from_utf8_lossy(&self.bytes_of(a)?).into_owned();
                let s = self.percent_format(&fmt, b)?;
                Ok(Some(
                    self.alloc(Obj::Bytes(s.into_bytes().into_boxed_slice()))?,
                ))
            }
            (K::Set, K::Set, BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor) => {
                let c = match op {
                    BinOp::BitOr => '|',
                    BinOp::BitAnd => '&',
                    BinOp::Sub => '-',
                    _ => '^',
                };
                self.set_op(c, a, b).map(Some)
            }
            (K::Dict, K::Dict, BinOp::BitOr) => {
                let d = self.new_dict()?;
                self.dict_update(d, a)?;
                self.dict_update(d, b)?;
                Ok(Some(d))
            }
            _ => Ok(None),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum K {
    List,
    Tuple,
    Bytes,
    Set,
    Dict,
    Other,
}

fn kind(o: &Obj) -> K {
    match o {
        Obj::List(_) => K::List,
        Obj::Tuple(_) => K::Tuple,
        Obj::Bytes(_) | Obj::ByteArray(_) => K::Bytes,
        Obj::Set(_) | Obj::FrozenSet(_) => K::Set,
        Obj::Dict(_) => K::Dict,
        _ => K::Other,
    }
}
