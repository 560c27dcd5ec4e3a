//! The interpreter loop. Stackless: a Python call pushes a frame on `Vm::frames` and the same
//! loop continues; returning pops it. Natives that call back into Python run a nested loop
//! (`Vm::call`), which returns when its entry frame does.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::ast::{BinOp, CmpOp};
use crate::bytecode::Op;
use crate::exc::{PyErr, PyResult};
use crate::frame::{Block, BlockKind, Frame, FrameKind};
use crate::intern::{Qstr, q};
use crate::obj::{IterObj, Obj, TbEntry, TypeId};
use crate::value::Value;
use crate::vm::Vm;

/// Why the loop stopped without an exception.
pub(crate) enum Exit {
    /// The entry frame (or the last frame) returned.
    Returned(Value),
    /// The entry frame is a generator that yielded.
    Yielded(Value),
    Budget,
    Sleep(u64),
    Input,
}

/// Pops a value and keeps it in the nursery until the instruction ends, so an allocation
/// made while using it cannot collect it.
macro_rules! pop_keep {
    ($vm:expr, $frame:expr) => {{
        let v = $frame.pop();
        if v.heap_index().is_some() {
            $vm.heap.nursery.push(v);
        }
        v
    }};
}

macro_rules! frame {
    ($vm:expr) => {
        match $vm.frames.last_mut() {
            Some(f) => f,
            None => return Ok(Exit::Returned(Value::NONE)),
        }
    };
}

impl Frame {
    #[inline]
    pub(crate) fn push(&mut self, v: Value) {
        self.regs.push(v);
    }

    #[inline]
    pub(crate) fn pop(&mut self) -> Value {
        if self.regs.len() > self.code.nfixed() {
            self.regs.pop().unwrap_or(Value::NONE)
        } else {
            Value::NONE
        }
    }

    #[inline]
    pub(crate) fn top(&self) -> Value {
        self.regs.last().copied().unwrap_or(Value::NONE)
    }

    #[inline]
    pub(crate) fn peek(&self, n: usize) -> Value {
        let len = self.regs.len();
        if n < len {
            self.regs[len - 1 - n]
        } else {
            Value::NONE
        }
    }

    pub(crate) fn stack_depth(&self) -> usize {
        self.regs.len().saturating_sub(self.code.nfixed())
    }
}

impl Vm {
    /// Runs until the entry frame returns (`nested`), the frame stack empties, or the budget is
    /// used up.
    pub(crate) fn run_loop(&mut self, mut budget: u64, nested: bool) -> Result<Exit, PyErr> {
        loop {
            match self.run_inner(&mut budget, nested) {
                Ok(exit) => return Ok(exit),
                Err(e) => {
                    if e == PyErr::WOULD_BLOCK {
                        if let Some(f) = self.frames.last_mut() {
                            f.pc = f.pc.saturating_sub(1);
                        }
                        if nested {
                            return Err(self.err(TypeId::EOFError, ""));
                        }
                        return Ok(Exit::Input);
                    }
                    let add_tb = !core::mem::take(&mut self.reraising);
                    self.handle_exception(e, add_tb, nested)?;
                }
            }
        }
    }

    /// Finds a handler for `exc`, unwinding frames. Ok when a handler takes over; Err when the
    /// exception leaves the entry frame (nested) or the last frame.
    pub(crate) fn handle_exception(
        &mut self,
        exc: PyErr,
        mut add_tb: bool,
        nested: bool,
    ) -> Result<(), PyErr> {
        let e = exc.0;
        loop {
            let Some(frame) = self.frames.last_mut() else {
                return Err(exc);
            };
            let entry = TbEntry {
                filename: frame.code.filename,
                line: frame.line(),
                name: frame.code.name,
            };
            let mut chain = Value::NULL;
            let mut found = false;
            while let Some(b) = frame.blocks.pop() {
                match b.kind {
                    BlockKind::Except | BlockKind::Finally => {
                        let keep = frame.code.nfixed() + b.level as usize;
                        frame.regs.truncate(keep);
                        frame.blocks.push(Block {
                            kind: BlockKind::Handler,
                            handler: 0,
                            level: b.level,
                            exc: e,
                        });
                        frame.regs.push(e);
                        frame.pc = b.handler;
                        found = true;
                        break;
                    }
                    BlockKind::Handler => {
                        if b.exc != e && chain.is_null() {
                            chain = b.exc;
                        }
                    }
                }
            }
            if let Obj::Exception(x) = self.heap.get_mut(e) {
                if add_tb {
                    x.traceback.push(entry);
                }
                if !chain.is_null() && x.context.is_none() {
                    x.context = chain;
                }
            }
            add_tb = true;
            if found {
                return Ok(());
            }
            let Some(frame) = self.frames.pop() else {
                return Err(exc);
            };
            self.finish_gen_frame(&frame);
            if frame.entry || (!nested && self.frames.is_empty()) {
                return Err(exc);
            }
        }
    }

    /// A generator frame that ends (return or exception) leaves its generator finished.
    fn finish_gen_frame(&mut self, frame: &Frame) {
        if let Some(g) = frame.kind.generator()
            && let Obj::Generator(g) = self.heap.get_mut(g)
        {
            g.running = false;
            g.finished = true;
            g.frame = None;
        }
    }

    /// Pushes a generator's frame to resume it. `throw`: raise `value` in it.
    pub(crate) fn push_gen_frame(
        &mut self,
        generator: Value,
        value: Value,
        kind: FrameKind,
        throw: bool,
        entry: bool,
    ) -> PyResult<()> {
        if self.frames.len() >= self.config.max_depth {
            return Err(self.recursion_error());
        }
        let Obj::Generator(g) = self.heap.get_mut(generator) else {
            return Err(self.type_error("not a generator"));
        };
        if g.running {
            return Err(self.value_error("generator already executing"));
        }
        let Some(mut frame) = g.frame.take() else {
            if throw {
                return Err(PyErr(value));
            }
            return Err(self.stop_iteration(Value::NONE));
        };
        let started = g.started;
        if !started && !throw && !value.is_none() {
            g.frame = Some(frame);
            return Err(self.type_error("can't send non-None value to a just-started generator"));
        }
        g.running = true;
        g.started = true;
        if started && !throw {
            frame.push(value);
        }
        frame.kind = kind;
        frame.entry = entry;
        self.frames.push(*frame);
        if throw {
            // Paused in `yield from` a generator: the delegate gets the exception first.
            let delegate = self.frames.last().and_then(|f| {
                (f.code.ops.get(f.pc as usize) == Some(&Op::YieldFrom)).then(|| f.top())
            });
            if let Some(d) = delegate
                && matches!(self.heap.get(d), Obj::Generator(g) if g.frame.is_some())
            {
                return self.push_gen_frame(d, value, FrameKind::GenDelegate(d), true, false);
            }
            // The exception is raised in the generator's frame, now on top.
            return Err(PyErr(value));
        }
        Ok(())
    }

    /// Pops the current generator frame at a yield, stores it back, and delivers `value`.
    fn do_yield(&mut self, value: Value) -> Option<Exit> {
        loop {
            let Some(mut frame) = self.frames.pop() else {
                return Some(Exit::Returned(value));
            };
            let kind = frame.kind;
            let entry = frame.entry;
            frame.entry = false;
            let Some(g) = kind.generator() else {
                // Not a generator frame: cannot happen for compiled code.
                return Some(Exit::Returned(value));
            };
            if let Obj::Generator(go) = self.heap.get_mut(g) {
                go.running = false;
                go.frame = Some(Box::new(frame));
            }
            if entry {
                return Some(Exit::Yielded(value));
            }
            match kind {
                FrameKind::GenDelegate(_) => {
                    // The delegating frame yields the same value (its pc stays at YieldFrom).
                    continue;
                }
                _ => {
                    if let Some(caller) = self.frames.last_mut() {
                        caller.push(value);
                    }
                    return None;
                }
            }
        }
    }

    /// Pops the current frame at a return and delivers `value` to its caller.
    fn do_return(&mut self, value: Value, nested: bool) -> PyResult<Option<Exit>> {
        let Some(frame) = self.frames.pop() else {
            return Ok(Some(Exit::Returned(value)));
        };
        self.finish_gen_frame(&frame);
        let mut value = value;
        if let FrameKind::Init(inst) = frame.kind {
            if !value.is_none() {
                return Err(self.type_error("__init__() should return None"));
            }
            value = inst;
        }
        if frame.entry || (!nested && self.frames.is_empty()) {
            return Ok(Some(Exit::Returned(value)));
        }
        match frame.kind {
            FrameKind::GenSend(_) => Err(self.stop_iteration(value)),
            FrameKind::GenFor(_, exit) => {
                if let Some(c) = self.frames.last_mut() {
                    c.pop();
                    c.pc = exit;
                }
                Ok(None)
            }
            FrameKind::GenDelegate(_) => {
                if let Some(c) = self.frames.last_mut() {
                    c.pop();
                    c.push(value);
                    c.pc += 1;
                }
                Ok(None)
            }
            FrameKind::Normal | FrameKind::Init(_) => {
                if let Some(c) = self.frames.last_mut() {
                    c.push(value);
                }
                Ok(None)
            }
        }
    }

    /// Pushes a prepared call's result or frame.
    fn finish_call(&mut self, p: crate::call::Prepared) -> PyResult<()> {
        match p {
            crate::call::Prepared::Done(v) => {
                if let Some(r) = self.resume.take() {
                    return self.push_gen_frame(
                        r.generator,
                        r.value,
                        FrameKind::GenSend(r.generator),
                        r.throw,
                        false,
                    );
                }
                if let Some(f) = self.frames.last_mut() {
                    f.push(v);
                }
                Ok(())
            }
            crate::call::Prepared::Frame(f) => {
                if self.frames.len() >= self.config.max_depth {
                    return Err(self.recursion_error());
                }
                self.frames.push(*f);
                Ok(())
            }
        }
    }

    /// Performs a call whose callable and arguments are the top `argc + 2` stack slots
    /// (`[NULL|callable, callable|self, args...]`), with `kw` keyword arguments at the end.
    fn do_call(&mut self, argc: usize, kwnames: Option<Value>) -> PyResult<()> {
        if self.interrupted {
            self.interrupted = false;
            return Err(self.new_exc(TypeId::KeyboardInterrupt, None));
        }
        let frame = match self.frames.last_mut() {
            Some(f) => f,
            None => return Ok(()),
        };
        let len = frame.regs.len();
        let base = len.saturating_sub(argc + 2);
        let slot0 = frame.regs.get(base).copied().unwrap_or(Value::NULL);
        let (callable, args_start) = if slot0.is_null() {
            (
                frame.regs.get(base + 1).copied().unwrap_or(Value::NONE),
                base + 2,
            )
        } else {
            (slot0, base + 1)
        };
        if kwnames.is_none() && self.fast_call(callable, base, args_start) {
            return Ok(());
        }
        let Some(frame) = self.frames.last_mut() else {
            return Ok(());
        };
        let mut args: Vec<Value> = frame
            .regs
            .get(args_start..)
            .map(|s| s.to_vec())
            .unwrap_or_default();
        let mut kw: Vec<(Qstr, Value)> = Vec::new();
        if let Some(names) = kwnames
            && let Obj::Tuple(names) = self.heap.get(names)
        {
            let nk = names.len().min(args.len());
            let split = args.len() - nk;
            for (n, v) in names.iter().zip(&args[split..]) {
                if let Some(qn) = n.as_qstr() {
                    kw.push((qn, *v));
                }
            }
            args.truncate(split);
        }
        // Fast path: a plain Python function with exactly its positional parameters.
        let p = self.prepare_call(callable, &args, &kw);
        if let Err(PyErr::WOULD_BLOCK) = p {
            // Retried once input arrives: leave the call as it was.
            if let (Some(names), Some(f)) = (kwnames, self.frames.last_mut()) {
                f.push(names);
            }
            return Err(PyErr::WOULD_BLOCK);
        }
        if let Some(f) = self.frames.last_mut() {
            f.regs.truncate(base);
        }
        self.finish_call(p?)
    }

    /// The common case without argument binding: a plain Python function (no defaults used,
    /// no `*args`/`**kwargs`, no cells, not a generator) called with exactly its positional
    /// parameters. Its frame's locals come straight from the caller's stack.
    fn fast_call(&mut self, callable: Value, base: usize, args_start: usize) -> bool {
        let Obj::Function(f) = self.heap.get(callable) else {
            return false;
        };
        let code = &f.code;
        let Some(frame) = self.frames.last() else {
            return false;
        };
        let nargs = frame.regs.len().saturating_sub(args_start);
        if code.flags != 0
            || code.kwonly != 0
            || !code.cellvars.is_empty()
            || nargs != code.argcount as usize
            || self.frames.len() >= self.config.max_depth
        {
            return false;
        }
        let code = code.clone();
        let globals = f.globals;
        let nlocals = code.varnames.len();
        let mut regs = Vec::with_capacity(code.nfixed() + 8);
        if let Some(args) = frame.regs.get(args_start..) {
            regs.extend_from_slice(args);
        }
        regs.resize(nlocals, Value::NULL);
        regs.extend_from_slice(&f.closure);
        regs.resize(code.nfixed(), Value::NULL);
        if let Some(frame) = self.frames.last_mut() {
            frame.regs.truncate(base);
        }
        self.frames.push(Frame {
            code,
            pc: 0,
            regs,
            globals,
            ns: Value::NULL,
            blocks: Vec::new(),
            kind: FrameKind::Normal,
            entry: false,
        });
        true
    }

    fn do_call_ex(&mut self) -> PyResult<()> {
        let frame = match self.frames.last_mut() {
            Some(f) => f,
            None => return Ok(()),
        };
        let kwargs = frame.pop();
        let args_t = frame.pop();
        let slot1 = frame.pop();
        let slot0 = frame.pop();
        // Keep them reachable while we unpack.
        frame.push(slot0);
        frame.push(slot1);
        frame.push(args_t);
        frame.push(kwargs);
        let mut args = Vec::new();
        if !slot0.is_null() {
            args.push(slot1);
        }
        let callable = if slot0.is_null() { slot1 } else { slot0 };
        args.extend(self.iterate(args_t)?);
        let mut kw = Vec::new();
        if !kwargs.is_null() {
            for (k, v) in self.dict_items(kwargs)? {
                match self.str_to_qstr(k) {
                    Some(qk) => kw.push((qk, v)),
                    None => return Err(self.type_error("keywords must be strings")),
                }
            }
        }
        let p = self.prepare_call(callable, &args, &kw);
        if let Err(PyErr::WOULD_BLOCK) = p {
            return Err(PyErr::WOULD_BLOCK);
        }
        if let Some(f) = self.frames.last_mut() {
            for _ in 0..4 {
                f.pop();
            }
        }
        self.finish_call(p?)
    }

    #[allow(clippy::too_many_lines, reason = "the dispatch loop is one match")]
    fn run_inner(&mut self, budget: &mut u64, nested: bool) -> Result<Exit, PyErr> {
        loop {
            let base = self.nursery_base;
            if self.heap.nursery.len() > base {
                self.heap.nursery.truncate(base);
            }
            if *budget == 0 {
                return Ok(Exit::Budget);
            }
            *budget -= 1;
            if !self.scheduled.is_empty() && !nested {
                self.run_scheduled();
            }
            let frame = frame!(self);
            let Some(&op) = frame.code.ops.get(frame.pc as usize) else {
                // Falling off the end cannot happen for compiled code; treat it as `return None`.
                if let Some(exit) = self.do_return(Value::NONE, nested)? {
                    return Ok(exit);
                }
                continue;
            };
            frame.pc += 1;
            match op {
                Op::Nop => {}
                Op::Pop => {
                    frame.pop();
                }
                Op::Dup => {
                    let v = frame.top();
                    frame.push(v);
                }
                Op::Dup2 => {
                    let a = frame.peek(1);
                    let b = frame.peek(0);
                    frame.push(a);
                    frame.push(b);
                }
                Op::Rot2 => {
                    let a = pop_keep!(self, frame);
                    let b = pop_keep!(self, frame);
                    frame.push(a);
                    frame.push(b);
                }
                Op::Rot3 => {
                    let c = pop_keep!(self, frame);
                    let b = pop_keep!(self, frame);
                    let a = pop_keep!(self, frame);
                    frame.push(c);
                    frame.push(a);
                    frame.push(b);
                }
                Op::Rot4 => {
                    let d = pop_keep!(self, frame);
                    let c = pop_keep!(self, frame);
                    let b = pop_keep!(self, frame);
                    let a = pop_keep!(self, frame);
                    frame.push(d);
                    frame.push(a);
                    frame.push(b);
                    frame.push(c);
                }
                Op::LoadConst(i) => {
                    let v = frame
                        .code
                        .consts
                        .get(i as usize)
                        .copied()
                        .unwrap_or(Value::NONE);
                    frame.push(v);
                }
                Op::LoadFast(i) => {
                    let v = frame.regs.get(i as usize).copied().unwrap_or(Value::NULL);
                    if v.is_null() {
                        let name = frame
                            .code
                            .varnames
                            .get(i as usize)
                            .copied()
                            .unwrap_or(q::empty);
                        return Err(self.unbound_local(name));
                    }
                    frame.push(v);
                }
                Op::StoreFast(i) => {
                    let v = pop_keep!(self, frame);
                    if let Some(r) = frame.regs.get_mut(i as usize) {
                        *r = v;
                    }
                }
                Op::DeleteFast(i) => {
                    if let Some(r) = frame.regs.get_mut(i as usize) {
                        *r = Value::NULL;
                    }
                }
                Op::LoadDeref(i) | Op::LoadClosure(i) => {
                    let cell = frame.regs.get(i as usize).copied().unwrap_or(Value::NULL);
                    if matches!(op, Op::LoadClosure(_)) {
                        frame.push(cell);
                        continue;
                    }
                    let v = match self.heap.get(cell) {
                        Obj::Cell(v) => *v,
                        _ => Value::NULL,
                    };
                    if v.is_null() {
                        let f = frame!(self);
                        let name = deref_name(f, i);
                        return Err(self.unbound_local(name));
                    }
                    frame!(self).push(v);
                }
                Op::StoreDeref(i) => {
                    let v = pop_keep!(self, frame);
                    let cell = frame.regs.get(i as usize).copied().unwrap_or(Value::NULL);
                    if let Obj::Cell(c) = self.heap.get_mut(cell) {
                        *c = v;
                    }
                }
                Op::DeleteDeref(i) => {
                    let cell = frame.regs.get(i as usize).copied().unwrap_or(Value::NULL);
                    if let Obj::Cell(c) = self.heap.get_mut(cell) {
                        *c = Value::NULL;
                    }
                }
                Op::LoadGlobal(name) => {
                    let globals = frame.globals;
                    let v = match self.dict_get_q(globals, name) {
                        Some(v) => v,
                        None => match self.dict_get_q(self.builtins, name) {
                            Some(v) => v,
                            None => return Err(self.name_error(name)),
                        },
                    };
                    frame!(self).push(v);
                }
                Op::StoreGlobal(name) => {
                    let v = pop_keep!(self, frame);
                    let globals = frame.globals;
                    // Binding a name works under `micropython.heap_lock()` (see StoreName).
                    self.heap_unlocked(|vm| vm.dict_set(globals, Value::qstr(name), v))?;
                }
                Op::DeleteGlobal(name) => {
                    let globals = frame.globals;
                    if !self.dict_del(globals, Value::qstr(name))? {
                        return Err(self.name_error(name));
                    }
                }
                Op::LoadName(name) => {
                    let (ns, globals) = (frame.ns, frame.globals);
                    let mut found = None;
                    if !ns.is_null() {
                        found = self.dict_get(ns, Value::qstr(name))?;
                    }
                    if found.is_none() {
                        found = self.dict_get_q(globals, name);
                    }
                    if found.is_none() {
                        found = self.dict_get_q(self.builtins, name);
                    }
                    match found {
                        Some(v) => frame!(self).push(v),
                        None => return Err(self.name_error(name)),
                    }
                }
                Op::StoreName(name) => {
                    let v = pop_keep!(self, frame);
                    let ns = if frame.ns.is_null() {
                        frame.globals
                    } else {
                        frame.ns
                    };
                    // Binding a name (`except E as e:` at module level too) works under
                    // `micropython.heap_lock()`: MicroPython's module dicts keep spare room,
                    // ours are trimmed at each collection, so a new name would fail here only.
                    self.heap_unlocked(|vm| vm.dict_set(ns, Value::qstr(name), v))?;
                }
                Op::DeleteName(name) => {
                    let ns = if frame.ns.is_null() {
                        frame.globals
                    } else {
                        frame.ns
                    };
                    if !self.dict_del(ns, Value::qstr(name))? {
                        return Err(self.name_error(name));
                    }
                }
                Op::LoadAttr(name) => {
                    let obj = frame.top();
                    let v = self.getattr(obj, name)?;
                    let f = frame!(self);
                    f.pop();
                    f.push(v);
                }
                Op::StoreAttr(name) => {
                    let obj = frame.peek(0);
                    let v = frame.peek(1);
                    self.setattr(obj, name, v)?;
                    let f = frame!(self);
                    f.pop();
                    f.pop();
                }
                Op::DeleteAttr(name) => {
                    let obj = frame.top();
                    self.delattr(obj, name)?;
                    frame!(self).pop();
                }
                Op::LoadMethod(name) => {
                    let obj = frame.top();
                    let (a, b) = self.load_method(obj, name)?;
                    let f = frame!(self);
                    f.pop();
                    f.push(a);
                    f.push(b);
                }
                Op::PushNull => frame.push(Value::NULL),
                Op::Subscr => {
                    let idx = frame.peek(0);
                    let obj = frame.peek(1);
                    let v = self.getitem(obj, idx)?;
                    let f = frame!(self);
                    f.pop();
                    f.pop();
                    f.push(v);
                }
                Op::StoreSubscr => {
                    let idx = frame.peek(0);
                    let obj = frame.peek(1);
                    let v = frame.peek(2);
                    self.setitem(obj, idx, v)?;
                    let f = frame!(self);
                    f.pop();
                    f.pop();
                    f.pop();
                }
                Op::DeleteSubscr => {
                    let idx = frame.peek(0);
                    let obj = frame.peek(1);
                    self.delitem(obj, idx)?;
                    let f = frame!(self);
                    f.pop();
                    f.pop();
                }
                Op::BuildSlice(n) => {
                    let step = if n == 3 {
                        pop_keep!(self, frame)
                    } else {
                        Value::NONE
                    };
                    let stop = pop_keep!(self, frame);
                    let start = pop_keep!(self, frame);
                    let s = self.alloc(Obj::Slice(Box::new([start, stop, step])))?;
                    frame!(self).push(s);
                }
                Op::Binary(bop) | Op::Inplace(bop) => {
                    let b = frame.peek(0);
                    let a = frame.peek(1);
                    // Small-int fast paths before the generic dispatch.
                    let fast = match (a.as_small(), b.as_small(), bop) {
                        (Some(x), Some(y), BinOp::Add) => small_result(i64::from(x) + i64::from(y)),
                        (Some(x), Some(y), BinOp::Sub) => small_result(i64::from(x) - i64::from(y)),
                        (Some(x), Some(y), BinOp::Mult) => {
                            small_result(i64::from(x) * i64::from(y))
                        }
                        (Some(x), Some(y), BinOp::BitAnd) => Some(Value::small(x & y)),
                        (Some(x), Some(y), BinOp::BitOr) => Some(Value::small(x | y)),
                        (Some(x), Some(y), BinOp::BitXor) => Some(Value::small(x ^ y)),
                        (Some(x), Some(y), BinOp::FloorDiv) if y != 0 => small_result(
                            i64::from(x).div_euclid(i64::from(y)) - i64::from(y < 0 && x % y != 0),
                        ),
                        (Some(x), Some(y), BinOp::Mod) if y != 0 => {
                            let r = x % y;
                            Some(Value::small(if r != 0 && ((r < 0) != (y < 0)) {
                                r + y
                            } else {
                                r
                            }))
                        }
                        (Some(x), Some(y), BinOp::RShift) if y >= 0 => {
                            Some(Value::small(x >> y.min(31)))
                        }
                        _ => None,
                    };
                    let v = match fast {
                        Some(v) => v,
                        None => {
                            if matches!(op, Op::Inplace(_)) {
                                self.inplace_op(bop, a, b)?
                            } else {
                                self.binary_op(bop, a, b)?
                            }
                        }
                    };
                    let f = frame!(self);
                    f.pop();
                    f.pop();
                    f.push(v);
                }
                Op::Unary(uop) => {
                    let a = frame.top();
                    let v = self.unary_op(uop, a)?;
                    let f = frame!(self);
                    f.pop();
                    f.push(v);
                }
                Op::Compare(cop) => {
                    let b = frame.peek(0);
                    let a = frame.peek(1);
                    let v = match (a.as_small(), b.as_small(), cop) {
                        (Some(x), Some(y), CmpOp::Lt) => Value::bool(x < y),
                        (Some(x), Some(y), CmpOp::LtE) => Value::bool(x <= y),
                        (Some(x), Some(y), CmpOp::Gt) => Value::bool(x > y),
                        (Some(x), Some(y), CmpOp::GtE) => Value::bool(x >= y),
                        (Some(x), Some(y), CmpOp::Eq) => Value::bool(x == y),
                        (Some(x), Some(y), CmpOp::NotEq) => Value::bool(x != y),
                        _ => self.compare_op(cop, a, b)?,
                    };
                    let f = frame!(self);
                    f.pop();
                    f.pop();
                    f.push(v);
                }
                Op::Jump(t) => {
                    if t < frame.pc && self.interrupted {
                        self.interrupted = false;
                        return Err(self.new_exc(TypeId::KeyboardInterrupt, None));
                    }
                    frame!(self).pc = t;
                }
                Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                    let v = pop_keep!(self, frame);
                    let b = match v {
                        Value::TRUE => true,
                        Value::FALSE | Value::NONE => false,
                        _ => self.truthy(v)?,
                    };
                    if b == matches!(op, Op::PopJumpIfTrue(_)) {
                        frame!(self).pc = t;
                    }
                }
                Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => {
                    let v = frame.top();
                    let b = self.truthy(v)?;
                    let f = frame!(self);
                    if b == matches!(op, Op::JumpIfTrueOrPop(_)) {
                        f.pc = t;
                    } else {
                        f.pop();
                    }
                }
                Op::GetIter => {
                    let v = frame.top();
                    // A built-in's iterator works under `micropython.heap_lock()`, as
                    // MicroPython's live on the C stack; a class's `__iter__` is Python code.
                    let it = if matches!(self.heap.get(v), Obj::Instance(_)) {
                        self.get_iter(v)?
                    } else {
                        self.heap_unlocked(|vm| vm.get_iter(v))?
                    };
                    let f = frame!(self);
                    f.pop();
                    f.push(it);
                }
                Op::ForIter(exit) => {
                    let it = frame.top();
                    // Fast path: a range of small ints.
                    if let Obj::Iter(i) = self.heap.get_mut(it)
                        && let IterObj::Range { next, stop, step } = &mut **i
                    {
                        let n = *next;
                        if (*step > 0 && n < *stop) || (*step < 0 && n > *stop) {
                            *next = n + *step;
                            if Value::fits_small(n) {
                                frame!(self).push(Value::small(n as i32));
                                continue;
                            }
                            let v = self.new_int(n)?;
                            frame!(self).push(v);
                        } else {
                            let f = frame!(self);
                            f.pop();
                            f.pc = exit;
                        }
                        continue;
                    }
                    let frame = frame!(self);
                    let it = frame.top();
                    if let Obj::Generator(_) = self.heap.get(it) {
                        match self.push_gen_frame(
                            it,
                            Value::NONE,
                            FrameKind::GenFor(it, exit),
                            false,
                            false,
                        ) {
                            Ok(()) => {}
                            Err(e) if self.exc_matches(e, TypeId::StopIteration) => {
                                let f = frame!(self);
                                f.pop();
                                f.pc = exit;
                            }
                            Err(e) => return Err(e),
                        }
                        continue;
                    }
                    match self.next(it)? {
                        Some(v) => frame!(self).push(v),
                        None => {
                            let f = frame!(self);
                            f.pop();
                            f.pc = exit;
                        }
                    }
                }
                Op::BuildTuple(n) | Op::BuildList(n) => {
                    let n = n as usize;
                    let (start, items) = frame.top_operands(n);
                    let obj = if matches!(op, Op::BuildTuple(_)) {
                        Obj::Tuple(items.into_boxed_slice())
                    } else {
                        Obj::List(items)
                    };
                    let v = self.alloc(obj)?;
                    let f = frame!(self);
                    f.regs.truncate(start);
                    f.push(v);
                }
                Op::BuildSet(n) => {
                    let n = n as usize;
                    let (start, items) = frame.top_operands(n);
                    let s = self.alloc(Obj::Set(Box::default()))?;
                    for i in items {
                        self.set_add(s, i)?;
                    }
                    let f = frame!(self);
                    f.regs.truncate(start);
                    f.push(s);
                }
                Op::BuildMap(n) => {
                    let n = n as usize * 2;
                    let (start, items) = frame.top_operands(n);
                    let d = self.alloc(Obj::Dict(Box::default()))?;
                    for pair in items.chunks(2) {
                        if let [k, v] = pair {
                            self.dict_set(d, *k, *v)?;
                        }
                    }
                    let f = frame!(self);
                    f.regs.truncate(start);
                    f.push(d);
                }
                Op::BuildString(n) => {
                    let n = n as usize;
                    let (start, items) = frame.top_operands(n);
                    let mut s = alloc::string::String::new();
                    for i in items {
                        if let Some(p) = self.as_str(i) {
                            s.push_str(p);
                        }
                    }
                    let v = self.new_string(s)?;
                    let f = frame!(self);
                    f.regs.truncate(start);
                    f.push(v);
                }
                Op::ListAppend(d) | Op::SetAdd(d) => {
                    let v = pop_keep!(self, frame);
                    let target = frame.peek(d as usize - 1);
                    if matches!(op, Op::ListAppend(_)) {
                        self.list_push(target, v)?;
                    } else {
                        self.set_add(target, v)?;
                    }
                }
                Op::MapAdd(d) => {
                    let v = pop_keep!(self, frame);
                    let k = pop_keep!(self, frame);
                    let target = frame.peek(d as usize - 1);
                    self.dict_set(target, k, v)?;
                }
                Op::ListExtend | Op::SetUpdate | Op::DictUpdate => {
                    let src = frame.peek(0);
                    let target = frame.peek(1);
                    match op {
                        Op::ListExtend => {
                            let items = self.iterate(src)?;
                            for i in items {
                                self.list_push(target, i)?;
                            }
                        }
                        Op::SetUpdate => {
                            let items = self.iterate(src)?;
                            for i in items {
                                self.set_add(target, i)?;
                            }
                        }
                        _ => self.dict_update(target, src)?,
                    }
                    frame!(self).pop();
                }
                Op::ListToTuple => {
                    let l = frame.top();
                    let items = match self.heap.get(l) {
                        Obj::List(v) => v.clone(),
                        _ => Vec::new(),
                    };
                    let t = self.alloc(Obj::Tuple(items.into_boxed_slice()))?;
                    let f = frame!(self);
                    f.pop();
                    f.push(t);
                }
                Op::UnpackSequence(n) => {
                    let seq = frame.top();
                    let items = self.unpack(seq, n as usize)?;
                    let f = frame!(self);
                    f.pop();
                    for v in items.into_iter().rev() {
                        f.push(v);
                    }
                }
                Op::UnpackEx(before, after) => {
                    let seq = frame.top();
                    let items = self.iterate(seq)?;
                    let (before, after) = (before as usize, after as usize);
                    if items.len() < before + after {
                        let msg = alloc::format!("need more than {} values to unpack", items.len());
                        return Err(self.value_error(&msg));
                    }
                    let mid: Vec<Value> = items[before..items.len() - after].to_vec();
                    let l = self.alloc(Obj::List(mid))?;
                    let f = frame!(self);
                    f.pop();
                    for v in items[items.len() - after..].iter().rev() {
                        f.push(*v);
                    }
                    f.push(l);
                    for v in items[..before].iter().rev() {
                        f.push(*v);
                    }
                }
                Op::Call(argc) => {
                    self.do_call(argc as usize, None)?;
                    if let (Some(u), false) = (self.sleep_until, nested) {
                        return Ok(Exit::Sleep(u));
                    }
                }
                Op::CallKw(argc) => {
                    let names = pop_keep!(self, frame);
                    self.do_call(argc as usize, Some(names))?;
                    if let (Some(u), false) = (self.sleep_until, nested) {
                        return Ok(Exit::Sleep(u));
                    }
                }
                Op::CallEx => {
                    self.do_call_ex()?;
                    if let (Some(u), false) = (self.sleep_until, nested) {
                        return Ok(Exit::Sleep(u));
                    }
                }
                Op::MakeFunction(flags) => {
                    let code = pop_keep!(self, frame);
                    let closure = if flags & crate::bytecode::MF_CLOSURE != 0 {
                        pop_keep!(self, frame)
                    } else {
                        Value::NULL
                    };
                    let kwd = if flags & crate::bytecode::MF_KWDEFAULTS != 0 {
                        pop_keep!(self, frame)
                    } else {
                        Value::NULL
                    };
                    let defs = if flags & crate::bytecode::MF_DEFAULTS != 0 {
                        pop_keep!(self, frame)
                    } else {
                        Value::NULL
                    };
                    let globals = frame.globals;
                    let f = self.make_function(code, globals, defs, kwd, closure)?;
                    frame!(self).push(f);
                }
                Op::Return => {
                    let v = pop_keep!(self, frame);
                    if let Some(exit) = self.do_return(v, nested)? {
                        return Ok(exit);
                    }
                }
                Op::Yield => {
                    let v = pop_keep!(self, frame);
                    if let Some(exit) = self.do_yield(v) {
                        return Ok(exit);
                    }
                }
                Op::YieldFrom => {
                    let sent = pop_keep!(self, frame);
                    let it = frame.top();
                    if let Obj::Generator(_) = self.heap.get(it) {
                        frame!(self).pc -= 1;
                        match self.push_gen_frame(
                            it,
                            sent,
                            FrameKind::GenDelegate(it),
                            false,
                            false,
                        ) {
                            Ok(()) => {}
                            Err(e) if self.exc_matches(e, TypeId::StopIteration) => {
                                let v = self.stop_iteration_value(e.0);
                                let f = frame!(self);
                                f.pc += 1;
                                f.pop();
                                f.push(v);
                            }
                            Err(e) => {
                                frame!(self).pc += 1;
                                return Err(e);
                            }
                        }
                        continue;
                    }
                    let r = if sent.is_none() {
                        self.next_raw(it)
                    } else {
                        self.call_method(it, q::send, &[sent]).map(Some)
                    };
                    match r {
                        Ok(Some(v)) => {
                            // Yield v from this frame; resume re-executes YieldFrom.
                            frame!(self).pc -= 1;
                            if let Some(exit) = self.do_yield(v) {
                                return Ok(exit);
                            }
                        }
                        Ok(None) => {
                            let f = frame!(self);
                            f.pop();
                            f.push(Value::NONE);
                        }
                        Err(e) if self.exc_matches(e, TypeId::StopIteration) => {
                            let v = self.stop_iteration_value(e.0);
                            let f = frame!(self);
                            f.pop();
                            f.push(v);
                        }
                        Err(e) => return Err(e),
                    }
                }
                Op::GetYieldFromIter | Op::GetAwaitable => {
                    let v = frame.top();
                    let it = match self.heap.get(v) {
                        Obj::Generator(_) => v,
                        _ if matches!(op, Op::GetAwaitable) => {
                            match self.call_special(v, q::__await__, &[])? {
                                Some(it) => it,
                                None => {
                                    let msg = alloc::format!(
                                        "'{}' object isn't awaitable",
                                        self.type_name(v)
                                    );
                                    return Err(self.type_error(&msg));
                                }
                            }
                        }
                        _ => self.get_iter(v)?,
                    };
                    let f = frame!(self);
                    f.pop();
                    f.push(it);
                }
                Op::SetupExcept(h) | Op::SetupFinally(h) | Op::SetupWith(h) => {
                    let depth = frame.stack_depth() as u32;
                    let (kind, level) = match op {
                        Op::SetupExcept(_) => (BlockKind::Except, depth),
                        Op::SetupFinally(_) => (BlockKind::Finally, depth),
                        _ => (BlockKind::Finally, depth.saturating_sub(1)),
                    };
                    frame.blocks.push(Block {
                        kind,
                        handler: h,
                        level,
                        exc: Value::NONE,
                    });
                }
                Op::PopBlock | Op::PopExcept => {
                    frame.blocks.pop();
                }
                Op::Reraise => {
                    frame.blocks.pop();
                    let e = pop_keep!(self, frame);
                    self.reraising = true;
                    return Err(PyErr(e));
                }
                Op::Raise(n) => {
                    let e = self.do_raise(n)?;
                    return Err(e);
                }
                Op::ExcMatch => {
                    let t = pop_keep!(self, frame);
                    let e = frame.top();
                    let m = self.exception_matches(e, t)?;
                    frame!(self).push(Value::bool(m));
                }
                Op::WithExitPrep => {
                    let e = pop_keep!(self, frame);
                    let exit = pop_keep!(self, frame);
                    let null = pop_keep!(self, frame);
                    let t = self.exc_class(e);
                    let f = frame!(self);
                    f.push(e);
                    f.push(null);
                    f.push(exit);
                    f.push(t);
                    f.push(e);
                    f.push(Value::NONE);
                }
                Op::ImportName(name) => {
                    let m = self.import(name)?;
                    frame!(self).push(m);
                }
                Op::ImportFrom(name) => {
                    let m = frame.top();
                    let v = match self.getattr(m, name) {
                        Ok(v) => v,
                        Err(e) if self.exc_matches(e, TypeId::AttributeError) => {
                            let msg = alloc::format!("cannot import name {}", self.qstr_str(name));
                            return Err(self.err(TypeId::ImportError, &msg));
                        }
                        Err(e) => return Err(e),
                    };
                    frame!(self).push(v);
                }
                Op::ImportStar => {
                    let m = pop_keep!(self, frame);
                    let globals = frame.globals;
                    self.import_star(m, globals)?;
                }
                Op::LoadBuildClass => {
                    let v = self
                        .dict_get_q(self.builtins, q::__build_class__)
                        .unwrap_or(Value::NONE);
                    frame!(self).push(v);
                }
                Op::FormatValue(flags) => {
                    let spec = if flags & 4 != 0 {
                        pop_keep!(self, frame)
                    } else {
                        Value::NULL
                    };
                    let v = frame.top();
                    let s = self.format_value(v, flags & 3, spec)?;
                    let f = frame!(self);
                    f.pop();
                    f.push(s);
                }
                Op::PrintExpr => {
                    let v = frame.top();
                    if !v.is_none() {
                        let r = self.repr(v)?;
                        self.write(crate::vm::Stream::Stdout, r.as_bytes());
                        self.write(crate::vm::Stream::Stdout, b"\n");
                        let globals = frame!(self).globals;
                        self.dict_set(globals, Value::qstr(q::underscore), v)?;
                    }
                    frame!(self).pop();
                }
                Op::LoadBuiltinExc(t) => {
                    let v = self.types.get(t as usize).copied().unwrap_or(Value::NONE);
                    frame!(self).push(v);
                }
            }
        }
    }

    fn do_raise(&mut self, n: u8) -> PyResult<PyErr> {
        let Some(frame) = self.frames.last_mut() else {
            return Err(self.runtime_error("raise"));
        };
        if n == 0 {
            // Bare `raise`: the exception being handled.
            let cur = frame
                .blocks
                .iter()
                .rev()
                .find(|b| b.kind == BlockKind::Handler)
                .map(|b| b.exc);
            return match cur {
                Some(e) => Ok(PyErr(e)),
                None => Ok(self.runtime_error("no active exception to reraise")),
            };
        }
        let cause = if n == 2 {
            pop_keep!(self, frame)
        } else {
            Value::NULL
        };
        let e = pop_keep!(self, frame);
        let e = self.make_exception(e)?;
        if !cause.is_null() {
            let cause = if cause.is_none() {
                cause
            } else {
                self.make_exception(cause)?
            };
            if let Obj::Exception(x) = self.heap.get_mut(e) {
                x.cause = cause;
                x.suppress_context = true;
            }
        }
        Ok(PyErr(e))
    }

    /// `raise X`: an exception instance, or a class to instantiate.
    pub(crate) fn make_exception(&mut self, e: Value) -> PyResult<Value> {
        if let Obj::Type(_) = self.heap.get(e)
            && self.is_subclass(e, self.ty(TypeId::BaseException))
        {
            return self.call(e, &[]);
        }
        if let Obj::Exception(_) = self.heap.get(e) {
            return Ok(e);
        }
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    fn exception_matches(&mut self, e: Value, t: Value) -> PyResult<bool> {
        let class = self.exc_class(e);
        if let Obj::Tuple(ts) = self.heap.get(t) {
            let ts = ts.clone();
            for t in ts.iter() {
                if self.is_subclass(class, *t) {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if !matches!(self.heap.get(t), Obj::Type(_)) {
            return Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        Ok(self.is_subclass(class, t))
    }

    pub(crate) fn stop_iteration_value(&self, e: Value) -> Value {
        self.exc_args(e).first().copied().unwrap_or(Value::NONE)
    }

    fn unpack(&mut self, seq: Value, n: usize) -> PyResult<Vec<Value>> {
        let items = match self.heap.get(seq) {
            Obj::Tuple(t) => t.to_vec(),
            Obj::List(l) => l.clone(),
            _ => self.iterate(seq)?,
        };
        if items.len() != n {
            let msg = if items.len() < n {
                alloc::format!("need more than {} values to unpack", items.len())
            } else {
                alloc::format!("too many values to unpack (expected {})", n)
            };
            return Err(self.value_error(&msg));
        }
        Ok(items)
    }

    fn make_function(
        &mut self,
        code: Value,
        globals: Value,
        defs: Value,
        kwd: Value,
        closure: Value,
    ) -> PyResult<Value> {
        let Obj::Code(c) = self.heap.get(code) else {
            return Err(self.type_error("bad code object"));
        };
        let c = c.clone();
        let defaults = match self.heap.get(defs) {
            Obj::Tuple(t) => t.clone(),
            _ => Box::default(),
        };
        let closure = match self.heap.get(closure) {
            Obj::Tuple(t) => t.clone(),
            _ => Box::default(),
        };
        let mut kwdefaults = Vec::new();
        if !kwd.is_null() {
            for (k, v) in self.dict_items(kwd)? {
                if let Some(qk) = k.as_qstr() {
                    kwdefaults.push((qk, v));
                }
            }
        }
        let name = c.name;
        self.alloc(Obj::Function(Box::new(crate::obj::Function {
            code: c,
            globals,
            defaults,
            kwdefaults,
            closure,
            name,
            attrs: Vec::new(),
        })))
    }
}

fn small_result(r: i64) -> Option<Value> {
    if Value::fits_small(r) {
        Some(Value::small(r as i32))
    } else {
        None
    }
}

fn deref_name(f: &Frame, i: u32) -> Qstr {
    let nl = f.code.varnames.len();
    let i = i as usize;
    if i < nl {
        return q::empty;
    }
    let ci = i - nl;
    f.code
        .cellvars
        .get(ci)
        .or_else(|| {
            f.code
                .freevars
                .get(ci.saturating_sub(f.code.cellvars.len()))
        })
        .copied()
        .unwrap_or(q::empty)
}
