//! Operators on values: hashing, equality and ordering, arithmetic dispatch (built-in fast
//! paths first, then the `__op__`/`__rop__` dunders of user classes), truth, subscripts and
//! `in`.

use alloc::format;
use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::ast::{BinOp, CmpOp, UnaryOp};
use crate::exc::PyResult;
use crate::intern::{Qstr, hash_bytes, q};
use crate::num::BigInt;
use crate::obj::Obj;
use crate::obj::int::Num;
use crate::value::Value;
use crate::vm::Vm;

fn int_hash(i: i64) -> u32 {
    (i ^ (i >> 32)) as u32
}

pub fn binop_dunders(op: BinOp) -> (Qstr, Qstr, Qstr, &'static str) {
    match op {
        BinOp::Add => (q::__add__, q::__radd__, q::__iadd__, "+"),
        BinOp::Sub => (q::__sub__, q::__rsub__, q::__isub__, "-"),
        BinOp::Mult => (q::__mul__, q::__rmul__, q::__imul__, "*"),
        BinOp::MatMult => (q::__matmul__, q::__rmatmul__, q::__imatmul__, "@"),
        BinOp::Div => (q::__truediv__, q::__rtruediv__, q::__itruediv__, "/"),
        BinOp::FloorDiv => (q::__floordiv__, q::__rfloordiv__, q::__ifloordiv__, "//"),
        BinOp::Mod => (q::__mod__, q::__rmod__, q::__imod__, "%"),
        BinOp::Pow => (q::__pow__, q::__rpow__, q::__ipow__, "**"),
        BinOp::LShift => (q::__lshift__, q::__rlshift__, q::__ilshift__, "<<"),
        BinOp::RShift => (q::__rshift__, q::__rrshift__, q::__irshift__, ">>"),
        BinOp::BitOr => (q::__or__, q::__ror__, q::__ior__, "|"),
        BinOp::BitXor => (q::__xor__, q::__rxor__, q::__ixor__, "^"),
        BinOp::BitAnd => (q::__and__, q::__rand__, q::__iand__, "&"),
    }
}

impl Vm {
    fn is_user(&self, v: Value) -> bool {
        matches!(self.heap.get(v), Obj::Instance(_) | Obj::Exception(_))
    }

    /// `hash(v)` for the values whose hash costs no more than a load: small ints, names,
    /// constants and strings (which cache theirs). Dicts recompute these rather than store
    /// them (`obj/dict.rs`).
    #[inline]
    pub fn cheap_hash(&self, v: Value) -> Option<u32> {
        if let Some(i) = v.as_small() {
            return Some(int_hash(i64::from(i)));
        }
        if let Some(qs) = v.as_qstr() {
            return Some(self.interner.hash(qs));
        }
        match v {
            Value::TRUE => return Some(1),
            Value::FALSE => return Some(0),
            _ => {}
        }
        if v.heap_index().is_none() {
            return Some(v.raw());
        }
        match self.heap.get(v) {
            Obj::Str(s) => Some(s.hash),
            _ => None,
        }
    }

    /// `hash(v)`.
    pub fn hash(&mut self, v: Value) -> PyResult<u32> {
        if let Some(h) = self.cheap_hash(v) {
            return Ok(h);
        }
        match self.heap.get(v) {
            Obj::Int(b) => Ok(match b.to_i64() {
                Some(i) => int_hash(i),
                None => hash_bytes(b.to_string_radix(16).as_bytes()),
            }),
            Obj::Float(f) => {
                let f = f.get();
                if libm::floor(f) == f && f.abs() < 9.2e18 {
                    Ok(int_hash(f as i64))
                } else {
                    let b = f.to_bits();
                    Ok((b ^ (b >> 32)) as u32)
                }
            }
            Obj::Bytes(b) => Ok(hash_bytes(b)),
            Obj::Tuple(t) => {
                let items = t.clone();
                let mut h: u32 = 0x345678;
                for i in items.iter() {
                    let x = self.hash(*i)?;
                    h = (h ^ x).wrapping_mul(1_000_003);
                }
                Ok(h ^ items.len() as u32)
            }
            Obj::FrozenSet(d) => {
                let keys: Vec<Value> = d.iter().map(|(k, _)| k).collect();
                let mut h: u32 = 0;
                for k in keys {
                    h ^= self.hash(k)?.wrapping_mul(0x9e37_79b9);
                }
                Ok(h)
            }
            Obj::List(_) | Obj::Dict(_) | Obj::Set(_) | Obj::ByteArray(_) => {
                Err(self.unhashable(v))
            }
            Obj::Instance(_) | Obj::Exception(_) => {
                let t = self.type_of(v);
                match self.lookup_type(t, q::__hash__) {
                    Some(h) if h.is_none() => Err(self.unhashable(v)),
                    Some(h) if h.as_native().is_none() => {
                        let r = self.call(h, &[v])?;
                        match self.to_num(r) {
                            Some(Num::Int(i)) => Ok(int_hash(i)),
                            Some(Num::Big(b)) => Ok(hash_bytes(b.to_string_radix(16).as_bytes())),
                            _ => Err(self.type_error("__hash__ method should return an integer")),
                        }
                    }
                    _ => {
                        // A class that defines __eq__ without __hash__ is unhashable.
                        if let Some(eq) = self.lookup_type(t, q::__eq__)
                            && eq.as_native().is_none()
                        {
                            return Err(self.unhashable(v));
                        }
                        let b = self.unwrap_base(v);
                        if b != v {
                            return self.hash(b);
                        }
                        Ok(v.raw())
                    }
                }
            }
            _ => Ok(v.raw()),
        }
    }

    /// Equality decidable without running Python code; None when it would need a dunder.
    pub fn eq_fast(&self, a: Value, b: Value) -> Option<bool> {
        if a == b {
            if let Obj::Float(f) = self.heap.get(a) {
                return Some(!f.get().is_nan());
            }
            return Some(true);
        }
        if let (Some(x), Some(y)) = (self.as_str(a), self.as_str(b)) {
            return Some(x == y);
        }
        if a.is_small() && b.is_small() {
            return Some(false);
        }
        if let (Some(x), Some(y)) = (self.to_num(a), self.to_num(b)) {
            return Some(self.num_cmp(&x, &y) == Some(Ordering::Equal));
        }
        let (oa, ob) = (self.heap.get(a), self.heap.get(b));
        match (oa, ob) {
            (Obj::Instance(_) | Obj::Exception(_), _)
            | (_, Obj::Instance(_) | Obj::Exception(_)) => None,
            (Obj::Tuple(x), Obj::Tuple(y)) => {
                if x.len() != y.len() {
                    return Some(false);
                }
                for (i, j) in x.iter().zip(y.iter()) {
                    match self.eq_fast(*i, *j) {
                        Some(true) => {}
                        other => return other,
                    }
                }
                Some(true)
            }
            (Obj::Bytes(x), Obj::Bytes(y)) => Some(x == y),
            (Obj::List(_), Obj::List(_))
            | (Obj::Dict(_), Obj::Dict(_))
            | (Obj::Set(_) | Obj::FrozenSet(_), Obj::Set(_) | Obj::FrozenSet(_))
            | (Obj::ByteArray(_) | Obj::Bytes(_), Obj::ByteArray(_) | Obj::Bytes(_))
            | (Obj::Range(_), Obj::Range(_))
            | (Obj::DictView(..), Obj::DictView(..)) => None,
            _ => Some(false),
        }
    }

    /// `a == b`.
    pub fn eq(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if let Some(r) = self.eq_fast(a, b) {
            return Ok(r);
        }
        self.native_depth += 1;
        if self.native_depth > 200 {
            self.native_depth -= 1;
            return Err(self.recursion_error());
        }
        let r = self.eq_slow(a, b);
        self.native_depth -= 1;
        r
    }

    fn eq_slow(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if self.is_user(a) || self.is_user(b) {
            let r = self.rich_compare(CmpOp::Eq, a, b)?;
            return match r {
                Some(v) => self.truthy(v),
                None => {
                    let (ua, ub) = (self.unwrap_base(a), self.unwrap_base(b));
                    if ua != a || ub != b {
                        self.eq(ua, ub)
                    } else {
                        Ok(a == b)
                    }
                }
            };
        }
        match (self.heap.get(a), self.heap.get(b)) {
            (Obj::List(_), Obj::List(_)) | (Obj::Tuple(_), Obj::Tuple(_)) => {
                let x = self.seq_items(a);
                let y = self.seq_items(b);
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (i, j) in x.iter().zip(y.iter()) {
                    if !self.eq(*i, *j)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            (Obj::Dict(x), Obj::Dict(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, v) in self.dict_items(a)? {
                    match self.dict_get(b, k)? {
                        Some(w) if self.eq(v, w)? => {}
                        _ => return Ok(false),
                    }
                }
                Ok(true)
            }
            (Obj::Set(x) | Obj::FrozenSet(x), Obj::Set(y) | Obj::FrozenSet(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                self.set_is_subset(a, b)
            }
            (Obj::Bytes(_) | Obj::ByteArray(_), Obj::Bytes(_) | Obj::ByteArray(_)) => {
                Ok(self.bytes_slice(a) == self.bytes_slice(b))
            }
            (Obj::Range(x), Obj::Range(y)) => {
                let (x, y) = (**x, **y);
                let (lx, ly) = (x.len(), y.len());
                Ok(lx == ly && (lx == 0 || (x.start == y.start && (lx == 1 || x.step == y.step))))
            }
            (Obj::DictView(..), Obj::DictView(..)) => {
                let x = self.iterate(a)?;
                let y = self.iterate(b)?;
                if x.len() != y.len() {
                    return Ok(false);
                }
                for i in x {
                    if !self.contains(b, i)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The items of a list or tuple (copied).
    pub(crate) fn seq_items(&self, v: Value) -> Vec<Value> {
        match self.heap.get(v) {
            Obj::List(l) => l.clone(),
            Obj::Tuple(t) => t.to_vec(),
            Obj::Instance(_) => match self.heap.get(self.instance_base(v)) {
                Obj::List(l) => l.clone(),
                Obj::Tuple(t) => t.to_vec(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Calls `a.__op__(b)`, then `b.__rop__(a)`; None when both are missing or NotImplemented.
    fn rich_compare(&mut self, op: CmpOp, a: Value, b: Value) -> PyResult<Option<Value>> {
        let (name, reflected) = match op {
            CmpOp::Eq => (q::__eq__, q::__eq__),
            CmpOp::NotEq => (q::__ne__, q::__ne__),
            CmpOp::Lt => (q::__lt__, q::__gt__),
            CmpOp::LtE => (q::__le__, q::__ge__),
            CmpOp::Gt => (q::__gt__, q::__lt__),
            CmpOp::GtE => (q::__ge__, q::__le__),
            _ => return Ok(None),
        };
        if self.is_user(a) {
            let t = self.type_of(a);
            if let Some(f) = self.lookup_type(t, name)
                && f.as_native().is_none()
            {
                let r = self.call(f, &[a, b])?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(Some(r));
                }
            }
        }
        if self.is_user(b) {
            let t = self.type_of(b);
            if let Some(f) = self.lookup_type(t, reflected)
                && f.as_native().is_none()
            {
                let r = self.call(f, &[b, a])?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(Some(r));
                }
            }
        }
        if op == CmpOp::NotEq
            && let Some(r) = self.rich_compare(CmpOp::Eq, a, b)?
        {
            let t = self.truthy(r)?;
            return Ok(Some(Value::bool(!t)));
        }
        Ok(None)
    }

    /// Ordering for sorting and `<`: Less/Equal/Greater, TypeError when unorderable.
    pub fn lt(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
            return Ok(x < y);
        }
        let v = self.compare_op(CmpOp::Lt, a, b)?;
        self.truthy(v)
    }

    fn order(&mut self, op: CmpOp, a: Value, b: Value) -> PyResult<Value> {
        if let (Some(x), Some(y)) = (self.to_num(a), self.to_num(b)) {
            let o = self.num_cmp(&x, &y);
            return Ok(Value::bool(match (op, o) {
                (_, None) => false,
                (CmpOp::Lt, Some(o)) => o == Ordering::Less,
                (CmpOp::LtE, Some(o)) => o != Ordering::Greater,
                (CmpOp::Gt, Some(o)) => o == Ordering::Greater,
                (_, Some(o)) => o != Ordering::Less,
            }));
        }
        if let (Some(x), Some(y)) = (self.as_str(a), self.as_str(b)) {
            let o = x.cmp(y);
            return Ok(Value::bool(cmp_result(op, o)));
        }
        if let Some(r) = self.rich_compare(op, a, b)? {
            return Ok(r);
        }
        let (ua, ub) = (self.unwrap_base(a), self.unwrap_base(b));
        if ua != a || ub != b {
            return self.order(op, ua, ub);
        }
        let (oa, ob) = (self.heap.get(a), self.heap.get(b));
        match (oa, ob) {
            (Obj::List(_), Obj::List(_)) | (Obj::Tuple(_), Obj::Tuple(_)) => {
                let x = self.seq_items(a);
                let y = self.seq_items(b);
                for (i, j) in x.iter().zip(y.iter()) {
                    if !self.eq(*i, *j)? {
                        return self.order(op, *i, *j);
                    }
                }
                Ok(Value::bool(cmp_result(op, x.len().cmp(&y.len()))))
            }
            (Obj::Bytes(_) | Obj::ByteArray(_), Obj::Bytes(_) | Obj::ByteArray(_)) => {
                let o = self.bytes_slice(a).cmp(&self.bytes_slice(b));
                Ok(Value::bool(cmp_result(op, o)))
            }
            (Obj::Set(_) | Obj::FrozenSet(_), Obj::Set(_) | Obj::FrozenSet(_)) => {
                let (la, lb) = (self.dict_len(a), self.dict_len(b));
                let r = match op {
                    CmpOp::LtE => self.set_is_subset(a, b)?,
                    CmpOp::Lt => la < lb && self.set_is_subset(a, b)?,
                    CmpOp::GtE => self.set_is_subset(b, a)?,
                    _ => lb < la && self.set_is_subset(b, a)?,
                };
                Ok(Value::bool(r))
            }
            _ => {
                let sym = match op {
                    CmpOp::Lt => "<",
                    CmpOp::LtE => "<=",
                    CmpOp::Gt => ">",
                    _ => ">=",
                };
                let _ = sym;
                let name = match op {
                    CmpOp::Lt => "__lt__",
                    CmpOp::LtE => "__le__",
                    CmpOp::Gt => "__gt__",
                    _ => "__ge__",
                };
                Err(self.unsupported_binop(name, a, b))
            }
        }
    }

    pub fn compare_op(&mut self, op: CmpOp, a: Value, b: Value) -> PyResult<Value> {
        match op {
            CmpOp::Eq => {
                if self.is_user(a) || self.is_user(b) {
                    if let Some(r) = self.rich_compare(op, a, b)? {
                        return Ok(r);
                    }
                    let (ua, ub) = (self.unwrap_base(a), self.unwrap_base(b));
                    if ua != a || ub != b {
                        return Ok(Value::bool(self.eq(ua, ub)?));
                    }
                    return Ok(Value::bool(a == b));
                }
                Ok(Value::bool(self.eq(a, b)?))
            }
            CmpOp::NotEq => {
                if self.is_user(a) || self.is_user(b) {
                    if let Some(r) = self.rich_compare(op, a, b)? {
                        return Ok(r);
                    }
                    let (ua, ub) = (self.unwrap_base(a), self.unwrap_base(b));
                    if ua != a || ub != b {
                        return Ok(Value::bool(!self.eq(ua, ub)?));
                    }
                    return Ok(Value::bool(a != b));
                }
                Ok(Value::bool(!self.eq(a, b)?))
            }
            CmpOp::Is => Ok(Value::bool(self.is(a, b))),
            CmpOp::IsNot => Ok(Value::bool(!self.is(a, b))),
            CmpOp::In => Ok(Value::bool(self.contains(b, a)?)),
            CmpOp::NotIn => Ok(Value::bool(!self.contains(b, a)?)),
            _ => self.order(op, a, b),
        }
    }

    /// `a is b`: identity, with interned and heap strings of equal contents treated alike
    /// (MicroPython interns short strings, so `'ab' is 'ab'` holds there too).
    pub fn is(&self, a: Value, b: Value) -> bool {
        a == b
    }

    pub fn binary_op(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
        if let (Some(x), Some(y)) = (self.to_num(a), self.to_num(b))
            && let Some(v) = self.num_binop(op, x, y)?
        {
            return Ok(v);
        }
        if let Some(v) = self.builtin_binop(op, a, b)? {
            return Ok(v);
        }
        let (name, rname, _, _) = binop_dunders(op);
        if self.is_user(a) {
            let t = self.type_of(a);
            if let Some(f) = self.lookup_type(t, name) {
                let r = self.call(f, &[a, b])?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(r);
                }
            }
        }
        if self.is_user(b) {
            let t = self.type_of(b);
            if let Some(f) = self.lookup_type(t, rname) {
                let r = self.call(f, &[b, a])?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(r);
                }
            }
        }
        // Instances wrapping a built-in (list/dict subclasses) use the base's operators.
        let ba = self.unwrap_base(a);
        let bb = self.unwrap_base(b);
        if ba != a || bb != b {
            return self.binary_op(op, ba, bb);
        }
        Err(self.unsupported_binop(self.qstr_str(name).into_owned_str().as_str(), a, b))
    }

    pub(crate) fn unwrap_base(&self, v: Value) -> Value {
        match self.instance_base(v) {
            b if b.is_null() => v,
            b => b,
        }
    }

    pub fn inplace_op(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
        let (_, _, iname, _) = binop_dunders(op);
        if self.is_user(a) {
            let t = self.type_of(a);
            if let Some(f) = self.lookup_type(t, iname) {
                let r = self.call(f, &[a, b])?;
                if r != Value::NOT_IMPLEMENTED {
                    return Ok(r);
                }
            }
        }
        // Mutable built-ins update in place.
        let ua = self.unwrap_base(a);
        match (self.heap.get(ua), op) {
            (Obj::List(_), BinOp::Add) => {
                let items = self.iterate(b)?;
                for i in items {
                    self.list_push(ua, i)?;
                }
                return Ok(a);
            }
            (Obj::List(_), BinOp::Mult) => {
                let n = self.int_arg(b)?;
                let items = self.seq_items(ua);
                let mut out = Vec::new();
                for _ in 0..n.max(0) {
                    out.extend_from_slice(&items);
                }
                self.reserve(out.len().saturating_sub(items.len()) * 4)?;
                if let Obj::List(l) = self.heap.get_mut(ua) {
                    *l = out;
                }
                return Ok(a);
            }
            (Obj::ByteArray(_), BinOp::Add) => {
                let data = self.bytes_of(b)?;
                self.reserve(data.len())?;
                if let Obj::ByteArray(x) = self.heap.get_mut(ua) {
                    x.extend_from_slice(&data);
                }
                return Ok(a);
            }
            (Obj::Set(_), BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor) => {
                let r = self.binary_op(op, ua, b)?;
                let table = match self.heap.get(r) {
                    Obj::Set(d) => (**d).clone(),
                    _ => return Ok(r),
                };
                if let Obj::Set(d) = self.heap.get_mut(ua) {
                    **d = table;
                }
                return Ok(a);
            }
            (Obj::Dict(_), BinOp::BitOr) => {
                self.dict_update(ua, b)?;
                return Ok(a);
            }
            _ => {}
        }
        self.binary_op(op, a, b)
    }

    pub fn unary_op(&mut self, op: UnaryOp, a: Value) -> PyResult<Value> {
        if op == UnaryOp::Not {
            return Ok(Value::bool(!self.truthy(a)?));
        }
        if let Some(n) = self.to_num(a) {
            return match (op, n) {
                (UnaryOp::USub, Num::Int(i)) => match i.checked_neg() {
                    Some(r) => self.new_int(r),
                    None => self.new_bigint(-BigInt::from_i64(i)),
                },
                (UnaryOp::USub, Num::Big(b)) => self.new_bigint(-b),
                (UnaryOp::USub, Num::Float(f)) => self.new_float(-f),
                (UnaryOp::UAdd, Num::Float(f)) => self.new_float(f),
                (UnaryOp::UAdd, n) => self.new_num(n),
                (UnaryOp::Invert, Num::Int(i)) => self.new_int(!i),
                (UnaryOp::Invert, Num::Big(b)) => self.new_bigint(!b),
                _ => Err(self.unsupported_unop("__invert__", a)),
            };
        }
        let name = match op {
            UnaryOp::USub => q::__neg__,
            UnaryOp::UAdd => q::__pos__,
            _ => q::__invert__,
        };
        if let Some(r) = self.call_special(a, name, &[])? {
            return Ok(r);
        }
        let n = String::from(self.qstr_str(name));
        Err(self.unsupported_unop(&n, a))
    }

    /// `bool(v)`.
    pub fn truthy(&mut self, v: Value) -> PyResult<bool> {
        if let Some(i) = v.as_small() {
            return Ok(i != 0);
        }
        match v {
            Value::TRUE => return Ok(true),
            Value::FALSE | Value::NONE => return Ok(false),
            _ => {}
        }
        if let Some(qs) = v.as_qstr() {
            return Ok(qs != q::empty);
        }
        Ok(match self.heap.get(v) {
            Obj::Str(s) => !s.s.is_empty(),
            Obj::Float(f) => f.get() != 0.0,
            Obj::Int(b) => !b.is_zero(),
            Obj::List(l) => !l.is_empty(),
            Obj::Tuple(t) => !t.is_empty(),
            Obj::Dict(d) | Obj::Set(d) | Obj::FrozenSet(d) => !d.is_empty(),
            Obj::Bytes(b) => !b.is_empty(),
            Obj::ByteArray(b) => !b.is_empty(),
            Obj::Range(r) => !r.is_empty(),
            Obj::DictView(d, _) => {
                let d = *d;
                self.dict_len(d) > 0
            }
            Obj::Instance(_) | Obj::Exception(_) => {
                if let Some(r) = self.call_special(v, q::__bool__, &[])? {
                    return self.truthy(r);
                }
                if let Some(r) = self.call_special(v, q::__len__, &[])? {
                    return Ok(self.to_i64(r).unwrap_or(0) != 0);
                }
                let b = self.unwrap_base(v);
                if b != v {
                    return self.truthy(b);
                }
                true
            }
            _ => true,
        })
    }

    /// `len(v)`.
    pub fn len(&mut self, v: Value) -> PyResult<usize> {
        if let Some(s) = v.as_qstr() {
            return Ok(self.qstr_str(s).chars().count());
        }
        Ok(match self.heap.get(v) {
            Obj::Str(s) => s.chars as usize,
            Obj::List(l) => l.len(),
            Obj::Tuple(t) => t.len(),
            Obj::Dict(d) | Obj::Set(d) | Obj::FrozenSet(d) => d.len(),
            Obj::Bytes(b) => b.len(),
            Obj::ByteArray(b) => b.len(),
            Obj::Range(r) => r.len().max(0) as usize,
            Obj::DictView(d, _) => {
                let d = *d;
                self.dict_len(d)
            }
            Obj::MemoryView(b) => {
                let b = *b;
                return self.len(b);
            }
            Obj::Instance(_) | Obj::Exception(_) => {
                if let Some(r) = self.call_special(v, q::__len__, &[])? {
                    let n = self.int_arg(r)?;
                    if n < 0 {
                        return Err(self.value_error("__len__() should return >= 0"));
                    }
                    return Ok(n as usize);
                }
                let b = self.unwrap_base(v);
                if b != v {
                    return self.len(b);
                }
                let msg = format!("object of type '{}' has no len()", self.type_name(v));
                return Err(self.type_error(&msg));
            }
            _ => {
                let msg = format!("object of type '{}' has no len()", self.type_name(v));
                return Err(self.type_error(&msg));
            }
        })
    }

    /// `item in container`.
    pub fn contains(&mut self, container: Value, item: Value) -> PyResult<bool> {
        if let Some(hay) = self.as_str(container) {
            return match self.as_str(item) {
                Some(needle) => Ok(hay.contains(needle)),
                None => {
                    let msg = format!(
                        "'in <string>' requires string as left operand, not {}",
                        self.type_name(item)
                    );
                    Err(self.type_error(&msg))
                }
            };
        }
        match self.heap.get(container) {
            Obj::Dict(_) | Obj::Set(_) | Obj::FrozenSet(_) => {
                if matches!(self.heap.get(item), Obj::Set(_)) {
                    // `{1} in set_of_frozensets`: look up as a frozenset.
                    let t = self.dict_ref(item).cloned().unwrap_or_default();
                    let f = self.alloc(Obj::FrozenSet(alloc::boxed::Box::new(t)))?;
                    return Ok(self.dict_get(container, f)?.is_some());
                }
                Ok(self.dict_get(container, item)?.is_some())
            }
            Obj::DictView(d, kind) => {
                let (d, kind) = (*d, *kind);
                match kind {
                    crate::obj::DictViewKind::Keys => Ok(self.dict_get(d, item)?.is_some()),
                    _ => {
                        for v in self.iterate(container)? {
                            if self.eq(v, item)? {
                                return Ok(true);
                            }
                        }
                        Ok(false)
                    }
                }
            }
            Obj::List(_) | Obj::Tuple(_) => {
                let items = self.seq_items(container);
                for v in items {
                    if v == item || self.eq(v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Obj::Range(r) => {
                let r = **r;
                match self.to_num(item) {
                    Some(Num::Int(i)) => {
                        let inr = if r.step > 0 {
                            i >= r.start && i < r.stop
                        } else {
                            i <= r.start && i > r.stop
                        };
                        Ok(inr && (i - r.start) % r.step == 0)
                    }
                    _ => Ok(false),
                }
            }
            Obj::Bytes(_) | Obj::ByteArray(_) => {
                let hay = self
                    .bytes_slice(container)
                    .map(|b| b.to_vec())
                    .unwrap_or_default();
                if let Some(i) = self.to_i64(item) {
                    return Ok(hay.contains(&(i as u8)));
                }
                let needle = self.bytes_of(item)?;
                Ok(needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle.as_slice()))
            }
            Obj::Instance(_) | Obj::Exception(_) => {
                if let Some(r) = self.call_special(container, q::__contains__, &[item])? {
                    return self.truthy(r);
                }
                let b = self.unwrap_base(container);
                if b != container {
                    return self.contains(b, item);
                }
                self.contains_by_iter(container, item)
            }
            _ => self.contains_by_iter(container, item),
        }
    }

    fn contains_by_iter(&mut self, container: Value, item: Value) -> PyResult<bool> {
        let it = self.get_iter(container)?;
        self.keep(it);
        let mark = self.nursery_mark();
        while let Some(v) = self.next(it)? {
            if self.eq(v, item)? {
                return Ok(true);
            }
            self.nursery_reset(mark);
        }
        Ok(false)
    }
}

fn cmp_result(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::LtE => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        _ => o != Ordering::Less,
    }
}

trait OwnedStr {
    fn into_owned_str(self) -> alloc::string::String;
}

impl OwnedStr for &str {
    fn into_owned_str(self) -> alloc::string::String {
        alloc::string::String::from(self)
    }
}

use alloc::string::String;
