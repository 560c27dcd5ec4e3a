//! Subscripts (`x[i]`, `x[a:b:c]`, assignment and `del`) and the slice arithmetic they share.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::q;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::Vm;

/// A resolved slice: indices are clamped to the sequence.
#[derive(Clone, Copy, Debug)]
pub struct SliceIdx {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl SliceIdx {
    pub fn indices(&self) -> impl Iterator<Item = usize> {
        let s = *self;
        let mut i = s.start;
        core::iter::from_fn(move || {
            if (s.step > 0 && i < s.stop) || (s.step < 0 && i > s.stop) {
                let r = i as usize;
                i += s.step;
                Some(r)
            } else {
                None
            }
        })
    }

    pub fn len(&self) -> usize {
        if self.step > 0 && self.start < self.stop {
            ((self.stop - self.start - 1) / self.step + 1) as usize
        } else if self.step < 0 && self.start > self.stop {
            ((self.start - self.stop - 1) / (-self.step) + 1) as usize
        } else {
            0
        }
    }
}

impl Vm {
    /// Resolves a slice object against a length, as `slice.indices(len)` does.
    pub fn slice_indices(&mut self, slice: Value, len: usize) -> PyResult<SliceIdx> {
        let Obj::Slice(s) = self.heap.get(slice) else {
            return Err(self.type_error("expected a slice"));
        };
        let [a, b, c] = **s;
        let len = len as i64;
        let step = if c.is_none() { 1 } else { self.int_arg(c)? };
        if step == 0 {
            return Err(self.value_error("slice step cannot be zero"));
        }
        let clamp = |vm: &mut Vm, v: Value, default: i64| -> PyResult<i64> {
            if v.is_none() {
                return Ok(default);
            }
            let mut i = match vm.to_num(v) {
                Some(crate::obj::int::Num::Int(i)) => i,
                Some(crate::obj::int::Num::Big(b)) => {
                    if b.is_negative() {
                        i64::MIN / 2
                    } else {
                        i64::MAX / 2
                    }
                }
                _ => vm.int_arg(v)?,
            };
            if i < 0 {
                i += len;
                if i < 0 {
                    i = if step < 0 { -1 } else { 0 };
                }
            } else if i >= len {
                i = if step < 0 { len - 1 } else { len };
            }
            Ok(i)
        };
        let (ds, de) = if step > 0 { (0, len) } else { (len - 1, -1) };
        let start = clamp(self, a, ds)?;
        let stop = clamp(self, b, de)?;
        Ok(SliceIdx { start, stop, step })
    }

    /// Normalises an index (negative counts from the end); IndexError when out of range.
    pub fn seq_index(&mut self, idx: Value, len: usize, what: &str) -> PyResult<usize> {
        let i = match self.to_num(idx) {
            Some(crate::obj::int::Num::Int(i)) => i,
            Some(crate::obj::int::Num::Big(_)) => i64::MAX,
            _ => {
                if matches!(self.heap.get(idx), Obj::Instance(_))
                    && let Some(r) = self.call_special(idx, q::__index__, &[])?
                {
                    return self.seq_index(r, len, what);
                }
                let msg = alloc::format!(
                    "{} indices must be integers, not {}",
                    what,
                    self.type_name(idx)
                );
                return Err(self.type_error(&msg));
            }
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            let msg = alloc::format!("{} index out of range", what);
            return Err(self.index_error(&msg));
        }
        Ok(j as usize)
    }

    pub fn getitem(&mut self, obj: Value, idx: Value) -> PyResult<Value> {
        let is_slice = matches!(self.heap.get(idx), Obj::Slice(_));
        if let Some(s) = self.as_str(obj) {
            return crate::obj::str::str_getitem(self, obj, s.into(), idx, is_slice);
        }
        match self.heap.get(obj) {
            Obj::List(l) => {
                let n = l.len();
                if is_slice {
                    let s = self.slice_indices(idx, n)?;
                    let items = self.seq_items(obj);
                    let out: Vec<Value> =
                        s.indices().filter_map(|i| items.get(i).copied()).collect();
                    return self.alloc(Obj::List(out));
                }
                let i = self.seq_index(idx, n, "list")?;
                Ok(match self.heap.get(obj) {
                    Obj::List(l) => l.get(i).copied().unwrap_or(Value::NONE),
                    _ => Value::NONE,
                })
            }
            Obj::Tuple(t) => {
                let n = t.len();
                if is_slice {
                    let s = self.slice_indices(idx, n)?;
                    let items = self.seq_items(obj);
                    let out: Vec<Value> =
                        s.indices().filter_map(|i| items.get(i).copied()).collect();
                    return self.alloc(Obj::Tuple(out.into_boxed_slice()));
                }
                let i = self.seq_index(idx, n, "tuple")?;
                Ok(match self.heap.get(obj) {
                    Obj::Tuple(t) => t.get(i).copied().unwrap_or(Value::NONE),
                    _ => Value::NONE,
                })
            }
            Obj::Bytes(_) | Obj::ByteArray(_) => {
                let data = self
                    .bytes_slice(obj)
                    .map(|b| b.to_vec())
                    .unwrap_or_default();
                let is_array = matches!(self.heap.get(obj), Obj::ByteArray(_));
                if is_slice {
                    let s = self.slice_indices(idx, data.len())?;
                    let out: Vec<u8> = s.indices().filter_map(|i| data.get(i).copied()).collect();
                    return self.alloc(if is_array {
                        Obj::ByteArray(out)
                    } else {
                        Obj::Bytes(out.into_boxed_slice())
                    });
                }
                let what = if is_array { "bytearray" } else { "bytes" };
                let i = self.seq_index(idx, data.len(), what)?;
                Ok(Value::small(i32::from(data.get(i).copied().unwrap_or(0))))
            }
            Obj::MemoryView(b) => {
                let b = *b;
                self.getitem(b, idx)
            }
            Obj::Dict(_) => match self.dict_get(obj, idx)? {
                Some(v) => Ok(v),
                None => Err(self.key_error(idx)),
            },
            Obj::Range(r) => {
                let r = **r;
                let n = r.len().max(0) as usize;
                if is_slice {
                    let s = self.slice_indices(idx, n)?;
                    let start = r.start + s.start * r.step;
                    let stop = r.start + s.stop * r.step;
                    let step = r.step * s.step;
                    return self.alloc(Obj::Range(Box::new(crate::obj::RangeObj {
                        start,
                        stop,
                        step,
                    })));
                }
                let i = self.seq_index(idx, n, "range object")?;
                self.new_int(r.start + i as i64 * r.step)
            }
            Obj::Instance(_) | Obj::Exception(_) => {
                let t = self.type_of(obj);
                let user = self
                    .lookup_type(t, q::__getitem__)
                    .is_some_and(|f| f.as_native().is_none());
                let b = self.unwrap_base(obj);
                if (user || b == obj)
                    && let Some(r) = self.call_special(obj, q::__getitem__, &[idx])?
                {
                    return Ok(r);
                }
                if b != obj {
                    if matches!(self.heap.get(b), Obj::Dict(_)) {
                        if let Some(v) = self.dict_get(b, idx)? {
                            return Ok(v);
                        }
                        if let Some(r) = self.call_special(obj, q::__missing__, &[idx])? {
                            return Ok(r);
                        }
                        return Err(self.key_error(idx));
                    }
                    return self.getitem(b, idx);
                }
                Err(self.not_subscriptable(obj))
            }
            Obj::Type(_) => {
                // `list[int]` and friends in annotations: the class itself.
                Ok(obj)
            }
            _ => Err(self.not_subscriptable(obj)),
        }
    }

    pub fn setitem(&mut self, obj: Value, idx: Value, v: Value) -> PyResult<()> {
        let is_slice = matches!(self.heap.get(idx), Obj::Slice(_));
        match self.heap.get(obj) {
            Obj::List(l) => {
                let n = l.len();
                if is_slice {
                    let s = self.slice_indices(idx, n)?;
                    let new = self.iterate(v)?;
                    let mut items = self.seq_items(obj);
                    if s.step == 1 {
                        let (a, b) = (s.start as usize, (s.stop.max(s.start)) as usize);
                        let b = b.min(items.len());
                        let a = a.min(b);
                        items.splice(a..b, new);
                    } else {
                        let idxs: Vec<usize> = s.indices().collect();
                        if idxs.len() != new.len() {
                            let msg = alloc::format!(
                                "attempt to assign sequence of size {} to extended slice of size {}",
                                new.len(),
                                idxs.len()
                            );
                            return Err(self.value_error(&msg));
                        }
                        for (i, x) in idxs.into_iter().zip(new) {
                            if let Some(slot) = items.get_mut(i) {
                                *slot = x;
                            }
                        }
                    }
                    self.reserve(items.len().saturating_sub(n) * 4)?;
                    if let Obj::List(l) = self.heap.get_mut(obj) {
                        *l = items;
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, n, "list")?;
                if let Obj::List(l) = self.heap.get_mut(obj)
                    && let Some(slot) = l.get_mut(i)
                {
                    *slot = v;
                }
                Ok(())
            }
            Obj::ByteArray(b) => {
                let n = b.len();
                if is_slice {
                    let s = self.slice_indices(idx, n)?;
                    let new = self.bytes_of(v)?;
                    if let Obj::ByteArray(b) = self.heap.get_mut(obj) {
                        let (a, e) = (s.start.max(0) as usize, (s.stop.max(s.start)) as usize);
                        let e = e.min(b.len());
                        let a = a.min(e);
                        b.splice(a..e, new);
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, n, "bytearray")?;
                let x = self.int_arg(v)?;
                if !(0..256).contains(&x) {
                    return Err(self.value_error("byte must be in range(0, 256)"));
                }
                if let Obj::ByteArray(b) = self.heap.get_mut(obj)
                    && let Some(slot) = b.get_mut(i)
                {
                    *slot = x as u8;
                }
                Ok(())
            }
            Obj::Dict(_) => self.dict_set(obj, idx, v),
            Obj::Instance(_) => {
                if self.call_special(obj, q::__setitem__, &[idx, v])?.is_some() {
                    return Ok(());
                }
                let b = self.unwrap_base(obj);
                if b != obj {
                    return self.setitem(b, idx, v);
                }
                let msg = alloc::format!(
                    "'{}' object doesn't support item assignment",
                    self.type_name(obj)
                );
                Err(self.type_error(&msg))
            }
            _ => {
                let msg = alloc::format!(
                    "'{}' object doesn't support item assignment",
                    self.type_name(obj)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    pub fn delitem(&mut self, obj: Value, idx: Value) -> PyResult<()> {
        let is_slice = matches!(self.heap.get(idx), Obj::Slice(_));
        match self.heap.get(obj) {
            Obj::List(l) => {
                let n = l.len();
                if is_slice {
                    let s = self.slice_indices(idx, n)?;
                    let del: Vec<usize> = s.indices().collect();
                    if let Obj::List(l) = self.heap.get_mut(obj) {
                        let mut i = 0;
                        l.retain(|_| {
                            let keep = !del.contains(&i);
                            i += 1;
                            keep
                        });
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, n, "list")?;
                if let Obj::List(l) = self.heap.get_mut(obj)
                    && i < l.len()
                {
                    l.remove(i);
                }
                Ok(())
            }
            Obj::Dict(_) => {
                if self.dict_del(obj, idx)? {
                    Ok(())
                } else {
                    Err(self.key_error(idx))
                }
            }
            Obj::Instance(_) => {
                if self.call_special(obj, q::__delitem__, &[idx])?.is_some() {
                    return Ok(());
                }
                let b = self.unwrap_base(obj);
                if b != obj {
                    return self.delitem(b, idx);
                }
                let msg = alloc::format!(
                    "'{}' object doesn't support item deletion",
                    self.type_name(obj)
                );
                Err(self.type_error(&msg))
            }
            _ => {
                let msg = alloc::format!(
                    "'{}' object doesn't support item deletion",
                    self.type_name(obj)
                );
                Err(self.type_error(&msg))
            }
        }
    }
}
