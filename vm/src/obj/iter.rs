//! The iterator protocol: `iter()`, `next()` and collecting an iterable, with native iterators
//! for the built-in containers and `map`/`filter`/`zip`/`enumerate`/`reversed`.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::{DictViewKind, IterObj, Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Resume, Vm};

impl Vm {
    fn new_iter(&mut self, it: IterObj) -> PyResult<Value> {
        self.alloc(Obj::Iter(Box::new(it)))
    }

    /// `iter(v)`.
    pub fn get_iter(&mut self, v: Value) -> PyResult<Value> {
        if v.as_qstr().is_some() {
            return self.new_iter(IterObj::Seq { seq: v, index: 0 });
        }
        match self.heap.get(v) {
            Obj::Str(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) | Obj::ByteArray(_) => {
                self.new_iter(IterObj::Seq { seq: v, index: 0 })
            }
            Obj::Dict(_) | Obj::Set(_) | Obj::FrozenSet(_) => self.new_iter(IterObj::Dict {
                dict: v,
                index: 0,
                kind: DictViewKind::Keys,
            }),
            Obj::DictView(d, k) => {
                let (d, k) = (*d, *k);
                self.new_iter(IterObj::Dict {
                    dict: d,
                    index: 0,
                    kind: k,
                })
            }
            Obj::Range(r) => {
                let r = **r;
                self.new_iter(IterObj::Range {
                    next: r.start,
                    stop: r.stop,
                    step: r.step,
                })
            }
            Obj::MemoryView(b) => {
                let b = *b;
                self.get_iter(b)
            }
            Obj::Iter(_) | Obj::Generator(_) => Ok(v),
            Obj::Instance(_) | Obj::Exception(_) => {
                if let Some(it) = self.call_special(v, q::__iter__, &[])? {
                    return Ok(it);
                }
                let t = self.type_of(v);
                if self.lookup_type(t, q::__getitem__).is_some() {
                    return self.new_iter(IterObj::GetItem { obj: v, index: 0 });
                }
                let b = self.unwrap_base(v);
                if b != v {
                    return self.get_iter(b);
                }
                Err(self.not_iterable(v))
            }
            _ => Err(self.not_iterable(v)),
        }
    }

    /// `next(it)`: Some(value), or None when exhausted.
    pub fn next(&mut self, it: Value) -> PyResult<Option<Value>> {
        self.next_raw(it)
    }

    pub(crate) fn next_raw(&mut self, it: Value) -> PyResult<Option<Value>> {
        let state = match self.heap.get(it) {
            Obj::Iter(i) => match &**i {
                IterObj::Seq { seq, index } => Step::Seq(*seq, *index),
                IterObj::Range { next, stop, step } => Step::Range(*next, *stop, *step),
                IterObj::Dict { dict, index, kind } => Step::Dict(*dict, *index, *kind),
                IterObj::Enumerate { iter, count } => Step::Enumerate(*iter, *count),
                IterObj::Zip(its) => Step::Zip(its.clone()),
                IterObj::Map { func, iters } => Step::Map(*func, iters.clone()),
                IterObj::Filter { func, iter } => Step::Filter(*func, *iter),
                IterObj::Reversed { seq, index } => Step::Reversed(*seq, *index),
                IterObj::GetItem { obj, index } => Step::GetItem(*obj, *index),
            },
            Obj::Generator(_) => {
                return match self.run_resume_nested(Resume {
                    generator: it,
                    value: Value::NONE,
                    throw: false,
                }) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.exc_matches(e, TypeId::StopIteration) => Ok(None),
                    Err(e) => Err(e),
                };
            }
            Obj::Instance(_) | Obj::Exception(_) => {
                return match self.call_special(it, q::__next__, &[]) {
                    Ok(Some(v)) => Ok(Some(v)),
                    Ok(None) => {
                        let msg =
                            alloc::format!("'{}' object isn't an iterator", self.type_name(it));
                        Err(self.type_error(&msg))
                    }
                    Err(e) if self.exc_matches(e, TypeId::StopIteration) => Ok(None),
                    Err(e) => Err(e),
                };
            }
            _ => {
                let msg = alloc::format!("'{}' object isn't an iterator", self.type_name(it));
                return Err(self.type_error(&msg));
            }
        };
        match state {
            Step::Seq(seq, index) => {
                let (item, next) = self.seq_step(seq, index)?;
                if item.is_some() {
                    self.set_iter_index(it, next);
                }
                Ok(item)
            }
            Step::Range(next, stop, step) => {
                if (step > 0 && next < stop) || (step < 0 && next > stop) {
                    if let Obj::Iter(i) = self.heap.get_mut(it)
                        && let IterObj::Range { next: n, .. } = &mut **i
                    {
                        *n = next + step;
                    }
                    return self.new_int(next).map(Some);
                }
                Ok(None)
            }
            Step::Dict(d, index, kind) => {
                let e = self.dict_ref(d).and_then(|x| x.entry_from(index));
                let Some((next, k, v)) = e else {
                    return Ok(None);
                };
                self.set_iter_index(it, next);
                let is_set = matches!(self.heap.get(d), Obj::Set(_) | Obj::FrozenSet(_));
                Ok(Some(match kind {
                    DictViewKind::Keys => k,
                    DictViewKind::Values if !is_set => v,
                    DictViewKind::Items if !is_set => self.new_tuple(&[k, v])?,
                    _ => k,
                }))
            }
            Step::Enumerate(inner, count) => {
                let Some(v) = self.next(inner)? else {
                    return Ok(None);
                };
                let one = Value::small(1);
                let nc = self.binary_op(crate::ast::BinOp::Add, count, one)?;
                if let Obj::Iter(i) = self.heap.get_mut(it)
                    && let IterObj::Enumerate { count: c, .. } = &mut **i
                {
                    *c = nc;
                }
                self.new_tuple(&[count, v]).map(Some)
            }
            Step::Zip(its) => {
                if its.is_empty() {
                    return Ok(None);
                }
                let mut items = Vec::with_capacity(its.len());
                for i in its {
                    match self.next(i)? {
                        Some(v) => items.push(v),
                        None => return Ok(None),
                    }
                }
                self.new_tuple(&items).map(Some)
            }
            Step::Map(f, its) => {
                let mut args = Vec::with_capacity(its.len());
                for i in its {
                    match self.next(i)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                self.call(f, &args).map(Some)
            }
            Step::Filter(f, inner) => loop {
                let Some(v) = self.next(inner)? else {
                    return Ok(None);
                };
                let keep = if f.is_none() {
                    self.truthy(v)?
                } else {
                    let r = self.call(f, &[v])?;
                    self.truthy(r)?
                };
                if keep {
                    return Ok(Some(v));
                }
            },
            Step::Reversed(seq, index) => {
                if index == 0 {
                    return Ok(None);
                }
                let len = self.len(seq)?;
                if index > len {
                    return Ok(None);
                }
                if let Obj::Iter(i) = self.heap.get_mut(it)
                    && let IterObj::Reversed { index: n, .. } = &mut **i
                {
                    *n = index - 1;
                }
                let iv = Value::small((index - 1) as i32);
                self.getitem(seq, iv).map(Some)
            }
            Step::GetItem(obj, index) => {
                let iv = self.new_int(index)?;
                match self.getitem(obj, iv) {
                    Ok(v) => {
                        if let Obj::Iter(i) = self.heap.get_mut(it)
                            && let IterObj::GetItem { index: n, .. } = &mut **i
                        {
                            *n = index + 1;
                        }
                        Ok(Some(v))
                    }
                    Err(e)
                        if self.exc_matches(e, TypeId::IndexError)
                            || self.exc_matches(e, TypeId::StopIteration) =>
                    {
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    fn set_iter_index(&mut self, it: Value, next: usize) {
        if let Obj::Iter(i) = self.heap.get_mut(it) {
            match &mut **i {
                IterObj::Seq { index, .. } | IterObj::Dict { index, .. } => *index = next,
                _ => {}
            }
        }
    }

    /// One step over a sequence at `index` (a byte offset for str).
    fn seq_step(&mut self, seq: Value, index: usize) -> PyResult<(Option<Value>, usize)> {
        if let Some(s) = self.as_str(seq) {
            let Some(c) = s.get(index..).and_then(|r| r.chars().next()) else {
                return Ok((None, index));
            };
            let mut buf = [0u8; 4];
            let cs: &str = c.encode_utf8(&mut buf);
            let cs = alloc::string::String::from(cs);
            let v = self.new_str(&cs)?;
            return Ok((Some(v), index + c.len_utf8()));
        }
        let item = match self.heap.get(seq) {
            Obj::List(l) => l.get(index).copied(),
            Obj::Tuple(t) => t.get(index).copied(),
            Obj::Bytes(b) => b.get(index).map(|x| Value::small(i32::from(*x))),
            Obj::ByteArray(b) => b.get(index).map(|x| Value::small(i32::from(*x))),
            _ => None,
        };
        Ok((item, index + 1))
    }

    /// Collects an iterable into a Vec.
    pub fn iterate(&mut self, v: Value) -> PyResult<Vec<Value>> {
        match self.heap.get(v) {
            Obj::List(l) => return Ok(l.clone()),
            Obj::Tuple(t) => return Ok(t.to_vec()),
            _ => {}
        }
        let it = self.get_iter(v)?;
        self.keep(it);
        // Collect into a heap list: it keeps the items alive and counts them against the
        // heap, while the temporaries of each step are dropped from the nursery.
        let acc = self.new_list(Vec::new())?;
        let mark = self.nursery_mark();
        while let Some(x) = self.next(it)? {
            self.list_push(acc, x)?;
            self.nursery_reset(mark);
        }
        Ok(self.seq_items(acc))
    }

    /// The nursery's current length: values allocated after this can be released with
    /// `nursery_reset` by a native loop that keeps what it still needs elsewhere.
    pub fn nursery_mark(&self) -> usize {
        self.heap.nursery.len()
    }

    /// Forgets nursery entries after `mark` (a native loop's per-step temporaries).
    pub fn nursery_reset(&mut self, mark: usize) {
        self.heap.nursery.truncate(mark.max(self.nursery_base));
    }

    /// Keeps a value alive until the interpreter's next safe point (a native holding values
    /// across calls back into Python).
    pub fn keep(&mut self, v: Value) {
        if v.heap_index().is_some() {
            self.heap.nursery.push(v);
        }
    }

    pub fn new_tuple(&mut self, items: &[Value]) -> PyResult<Value> {
        self.alloc(Obj::Tuple(items.to_vec().into_boxed_slice()))
    }

    pub fn new_list(&mut self, items: Vec<Value>) -> PyResult<Value> {
        self.alloc(Obj::List(items))
    }

    pub(crate) fn make_iter(&mut self, it: IterObj) -> PyResult<Value> {
        self.new_iter(it)
    }
}

enum Step {
    Seq(Value, usize),
    Range(i64, i64, i64),
    Dict(Value, usize, DictViewKind),
    Enumerate(Value, Value),
    Zip(Vec<Value>),
    Map(Value, Vec<Value>),
    Filter(Value, Value),
    Reversed(Value, usize),
    GetItem(Value, i64),
}

// iterator.__next__()
fn next(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let it = args.first().copied().unwrap_or(Value::NONE);
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => Err(vm.new_exc(TypeId::StopIteration, None)),
    }
}

// iterator.__iter__()
fn iter(_vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(args.first().copied().unwrap_or(Value::NONE))
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("__next__", next),
    NativeDef::new("__iter__", iter),
];
