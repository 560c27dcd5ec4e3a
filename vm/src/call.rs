//! Calls: binding arguments to parameters, and turning a call of any callable into either a
//! value (natives, built-in types) or a new frame for the interpreter to push (Python functions,
//! `__init__` of a class call). `Vm::call` is the nested form natives use to call back into
//! Python.

use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use crate::bytecode::{VARARGS, VARKW};
use crate::exc::{PyErr, PyResult};
use crate::frame::{Frame, FrameKind};
use crate::intern::{Qstr, q};
use crate::obj::{GenObj, Obj, TypeId};
use crate::value::Value;
use crate::vm::Vm;

/// The result of preparing a call.
pub(crate) enum Prepared {
    Done(Value),
    Frame(Box<Frame>),
}

impl Vm {
    /// Calls any callable and runs it to completion (a nested interpreter loop for Python code).
    pub fn call(&mut self, callable: Value, args: &[Value]) -> PyResult<Value> {
        self.call_kw(callable, args, &[])
    }

    pub fn call_kw(
        &mut self,
        callable: Value,
        args: &[Value],
        kw: &[(Qstr, Value)],
    ) -> PyResult<Value> {
        match self.prepare_call(callable, args, kw)? {
            Prepared::Done(v) => {
                if let Some(r) = self.resume.take() {
                    return self.run_resume_nested(r);
                }
                Ok(v)
            }
            Prepared::Frame(f) => self.run_frame_nested(*f),
        }
    }

    /// Calls `obj.name(*args)`.
    pub fn call_method(&mut self, obj: Value, name: Qstr, args: &[Value]) -> PyResult<Value> {
        let m = self.getattr(obj, name)?;
        self.call(m, args)
    }

    /// Looks up `name` on the type of `obj` (not the instance) and calls it with `obj` first:
    /// how special methods are invoked. None when the type has no such method.
    pub fn call_special(
        &mut self,
        obj: Value,
        name: Qstr,
        args: &[Value],
    ) -> PyResult<Option<Value>> {
        let t = self.type_of(obj);
        let Some(f) = self.lookup_type(t, name) else {
            return Ok(None);
        };
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.native_self(f, obj));
        all.extend_from_slice(args);
        let f = self.bind_descriptor(f, obj, t)?;
        match f {
            Bound::Method(f) => self.call(f, &all).map(Some),
            Bound::Value(v) => self.call(v, args).map(Some),
        }
    }

    pub(crate) fn prepare_call(
        &mut self,
        callable: Value,
        args: &[Value],
        kw: &[(Qstr, Value)],
    ) -> PyResult<Prepared> {
        if let Some((_, f)) = self.native(callable) {
            return Ok(Prepared::Done(f(self, args, kw)?));
        }
        match self.heap.get(callable) {
            Obj::Function(_) => self.bind_function(callable, None, args, kw),
            Obj::BoundMethod(f, s) => {
                let (f, s) = (*f, *s);
                if let Obj::Function(_) = self.heap.get(f) {
                    return self.bind_function(f, Some(s), args, kw);
                }
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(s);
                all.extend_from_slice(args);
                self.prepare_call(f, &all, kw)
            }
            Obj::Type(_) => self.prepare_class_call(callable, args, kw),
            Obj::Instance(_) | Obj::Exception(_) => {
                let t = self.type_of(callable);
                match self.lookup_type(t, q::__call__) {
                    Some(f) => {
                        let mut all = Vec::with_capacity(args.len() + 1);
                        all.push(callable);
                        all.extend_from_slice(args);
                        self.prepare_call(f, &all, kw)
                    }
                    None => Err(self.not_callable(callable)),
                }
            }
            Obj::StaticMethod(f) => {
                let f = *f;
                self.prepare_call(f, args, kw)
            }
            _ => Err(self.not_callable(callable)),
        }
    }

    fn prepare_class_call(
        &mut self,
        cls: Value,
        args: &[Value],
        kw: &[(Qstr, Value)],
    ) -> PyResult<Prepared> {
        let (builtin, layout) = match self.heap.get(cls) {
            Obj::Type(t) => (t.builtin, t.layout),
            _ => return Err(self.not_callable(cls)),
        };
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(cls);
        all.extend_from_slice(args);
        if builtin.is_some() {
            // type(x) with one argument is the type query, not a constructor.
            return crate::obj::types::construct_builtin(self, &all, kw).map(Prepared::Done);
        }
        // A user class: __new__, then __init__.
        let new = self.lookup_type(cls, q::__new__);
        let inst = match new {
            Some(n) if matches!(self.heap.get(n), Obj::Function(_) | Obj::StaticMethod(_)) => {
                let n = match self.heap.get(n) {
                    Obj::StaticMethod(f) => *f,
                    _ => n,
                };
                let inst = self.call_kw(n, &all, kw)?;
                if !self.isinstance(inst, cls) {
                    return Ok(Prepared::Done(inst));
                }
                inst
            }
            _ => self.new_instance(cls, layout, args)?,
        };
        let init = self.lookup_type(cls, q::__init__);
        match init {
            Some(f) if matches!(self.heap.get(f), Obj::Function(_)) => {
                all[0] = inst;
                match self.bind_function(f, None, &all, kw)? {
                    Prepared::Frame(mut frame) => {
                        frame.kind = FrameKind::Init(inst);
                        Ok(Prepared::Frame(frame))
                    }
                    Prepared::Done(_) => Ok(Prepared::Done(inst)),
                }
            }
            Some(f) => {
                all[0] = inst;
                if layout == TypeId::Object
                    && (!args.is_empty() || !kw.is_empty())
                    && f.as_native().is_some()
                {
                    // object.__init__ takes no arguments.
                    if self.lookup_type(cls, q::__new__).is_none() {
                        let msg = format!("{}() takes no arguments", self.class_name(cls));
                        return Err(self.type_error(&msg));
                    }
                }
                self.call_kw(f, &all, kw)?;
                Ok(Prepared::Done(inst))
            }
            None => Ok(Prepared::Done(inst)),
        }
    }

    /// A fresh instance of a user class with the layout of its built-in base.
    pub(crate) fn new_instance(
        &mut self,
        cls: Value,
        layout: TypeId,
        args: &[Value],
    ) -> PyResult<Value> {
        if layout.is_exception() {
            let e = self.new_exc_from(cls, args.to_vec());
            if self.heap.get(e.0).is_exception() {
                return Ok(e.0);
            }
            return Err(e);
        }
        let base = match layout {
            TypeId::Object => Value::NULL,
            TypeId::List => self.alloc(Obj::List(Vec::new()))?,
            TypeId::Dict => self.alloc(Obj::Dict(Box::default()))?,
            TypeId::Set => self.alloc(Obj::Set(Box::default()))?,
            TypeId::ByteArray => self.alloc(Obj::ByteArray(Vec::new()))?,
            _ => {
                // Immutable built-ins get their value now, from the constructor arguments.
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(self.ty(layout));
                all.extend_from_slice(args);
                crate::obj::types::construct_builtin(self, &all, &[])?
            }
        };
        self.make_instance(cls, base, &[])
    }

    /// Binds arguments to a Python function's parameters and builds its frame (or, for a
    /// generator function, the generator object).
    pub(crate) fn bind_function(
        &mut self,
        func: Value,
        self_arg: Option<Value>,
        args: &[Value],
        kw: &[(Qstr, Value)],
    ) -> PyResult<Prepared> {
        let Obj::Function(f) = self.heap.get(func) else {
            return Err(self.not_callable(func));
        };
        let code = f.code.clone();
        let globals = f.globals;
        let name = f.name;
        let nargs = code.argcount as usize;
        let nkwonly = code.kwonly as usize;
        let mut frame = Frame::new(code.clone(), globals);
        let total = args.len() + usize::from(self_arg.is_some());
        let simple =
            code.flags & (VARARGS | VARKW) == 0 && kw.is_empty() && total == nargs && nkwonly == 0;
        {
            let regs = &mut frame.regs;
            let mut i = 0;
            if let Some(s) = self_arg {
                if let Some(r) = regs.get_mut(0) {
                    *r = s;
                }
                i = 1;
            }
            for a in args.iter().take(nargs.saturating_sub(i)) {
                if let Some(r) = regs.get_mut(i) {
                    *r = *a;
                }
                i += 1;
            }
        }
        if !simple {
            self.bind_slow(func, &mut frame, self_arg, args, kw)?;
        }
        let nlocals = code.varnames.len();
        for &(ci, pi) in &code.cell_from_arg {
            let v = frame.regs.get(pi as usize).copied().unwrap_or(Value::NULL);
            let cell = self.alloc(Obj::Cell(v))?;
            if let Some(r) = frame.regs.get_mut(nlocals + ci as usize) {
                *r = cell;
            }
        }
        for ci in 0..code.cellvars.len() {
            if code.cell_from_arg.iter().any(|&(c, _)| c as usize == ci) {
                continue;
            }
            let cell = self.alloc(Obj::Cell(Value::NULL))?;
            if let Some(r) = frame.regs.get_mut(nlocals + ci) {
                *r = cell;
            }
        }
        if !code.freevars.is_empty()
            && let Obj::Function(f) = self.heap.get(func)
        {
            let base = nlocals + code.cellvars.len();
            for (i, c) in f.closure.iter().enumerate() {
                if let Some(r) = frame.regs.get_mut(base + i) {
                    *r = *c;
                }
            }
        }
        if code.is_generator() {
            let g = GenObj {
                frame: Some(Box::new(frame)),
                running: false,
                started: false,
                finished: false,
                coroutine: code.flags & crate::bytecode::COROUTINE != 0,
                name,
            };
            return Ok(Prepared::Done(self.alloc(Obj::Generator(Box::new(g)))?));
        }
        Ok(Prepared::Frame(Box::new(frame)))
    }

    fn bind_slow(
        &mut self,
        func: Value,
        frame: &mut Frame,
        self_arg: Option<Value>,
        args: &[Value],
        kw: &[(Qstr, Value)],
    ) -> PyResult<()> {
        let code = frame.code.clone();
        let nargs = code.argcount as usize;
        let nkwonly = code.kwonly as usize;
        let total = args.len() + usize::from(self_arg.is_some());
        let fname = self.qstr_str(code.name).into();
        let mut slot = nargs + nkwonly;
        if code.flags & VARARGS != 0 {
            let skip = nargs.saturating_sub(usize::from(self_arg.is_some()));
            let extra: Vec<Value> = args.iter().skip(skip).copied().collect();
            let t = self.alloc(Obj::Tuple(extra.into_boxed_slice()))?;
            if let Some(r) = frame.regs.get_mut(slot) {
                *r = t;
            }
            slot += 1;
        } else if total > nargs {
            let fname: alloc::string::String = fname;
            let msg = format!(
                "{}() takes {} positional arguments but {} were given",
                fname, nargs, total
            );
            return Err(self.type_error(&msg));
        }
        let mut kwdict = Value::NULL;
        if code.flags & VARKW != 0 {
            kwdict = self.alloc(Obj::Dict(Box::default()))?;
            if let Some(r) = frame.regs.get_mut(slot) {
                *r = kwdict;
            }
        }
        for &(name, v) in kw {
            let pos = code.varnames[..(nargs + nkwonly).min(code.varnames.len())]
                .iter()
                .position(|n| *n == name)
                .filter(|&p| p >= code.posonly as usize);
            match pos {
                Some(p) => {
                    if frame.regs.get(p).is_some_and(|r| !r.is_null()) {
                        let msg = format!(
                            "{}() got multiple values for argument '{}'",
                            self.qstr_str(code.name),
                            self.qstr_str(name)
                        );
                        return Err(self.type_error(&msg));
                    }
                    if let Some(r) = frame.regs.get_mut(p) {
                        *r = v;
                    }
                }
                None if !kwdict.is_null() => {
                    self.dict_set(kwdict, Value::qstr(name), v)?;
                }
                None => {
                    let msg = format!("unexpected keyword argument '{}'", self.qstr_str(name));
                    return Err(self.type_error(&msg));
                }
            }
        }
        let Obj::Function(f) = self.heap.get(func) else {
            return Ok(());
        };
        let defaults = f.defaults.clone();
        let kwdefaults = f.kwdefaults.clone();
        let first_default = nargs.saturating_sub(defaults.len());
        for i in 0..nargs {
            if frame.regs.get(i).is_some_and(|r| r.is_null()) {
                if i >= first_default {
                    if let (Some(r), Some(d)) =
                        (frame.regs.get_mut(i), defaults.get(i - first_default))
                    {
                        *r = *d;
                    }
                } else {
                    let msg = format!(
                        "{}() missing required positional argument: '{}'",
                        self.qstr_str(code.name),
                        self.qstr_str(code.varnames.get(i).copied().unwrap_or(q::empty))
                    );
                    return Err(self.type_error(&msg));
                }
            }
        }
        for i in nargs..nargs + nkwonly {
            if frame.regs.get(i).is_some_and(|r| r.is_null()) {
                let name = code.varnames.get(i).copied().unwrap_or(q::empty);
                match kwdefaults.iter().find(|(n, _)| *n == name) {
                    Some((_, d)) => {
                        if let Some(r) = frame.regs.get_mut(i) {
                            *r = *d;
                        }
                    }
                    None => {
                        let msg = format!(
                            "{}() missing required keyword argument: '{}'",
                            self.qstr_str(code.name),
                            self.qstr_str(name)
                        );
                        return Err(self.type_error(&msg));
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs a prepared frame in a nested interpreter loop until it returns.
    pub(crate) fn run_frame_nested(&mut self, mut frame: Frame) -> PyResult<Value> {
        if self.nest > 40 || self.frames.len() >= self.config.max_depth {
            return Err(self.recursion_error());
        }
        frame.entry = true;
        self.frames.push(frame);
        self.nested_loop()
    }

    /// Resumes a generator in a nested loop (natives iterating a generator, `next(generator)` from
    /// native code). Returns the yielded value; a return becomes StopIteration.
    pub(crate) fn run_resume_nested(&mut self, r: crate::vm::Resume) -> PyResult<Value> {
        if self.nest > 40 || self.frames.len() >= self.config.max_depth {
            return Err(self.recursion_error());
        }
        let depth = self.frames.len();
        if let Err(e) = self.push_gen_frame(
            r.generator,
            r.value,
            FrameKind::GenSend(r.generator),
            r.throw,
            true,
        ) {
            if self.frames.len() == depth {
                return Err(e);
            }
            // A throw: raise it inside the generator's frame.
            self.handle_exception(e, true, true)?;
        }
        match self.nested_loop_gen() {
            Ok((v, true)) => Ok(v),
            Ok((v, false)) => Err(self.stop_iteration(v)),
            Err(e) => Err(e),
        }
    }

    pub(crate) fn stop_iteration(&mut self, v: Value) -> PyErr {
        let class = self.ty(TypeId::StopIteration);
        let args = if v.is_none() {
            Vec::new()
        } else {
            alloc::vec![v]
        };
        self.new_exc_from(class, args)
    }

    fn nested_loop(&mut self) -> PyResult<Value> {
        self.nested_loop_gen().map(|(v, _)| v)
    }

    fn nested_loop_gen(&mut self) -> PyResult<(Value, bool)> {
        self.nest += 1;
        let saved_base = self.nursery_base;
        self.nursery_base = self.heap.nursery.len();
        let r = self.run_loop(u64::MAX, true);
        self.nursery_base = saved_base;
        self.nest -= 1;
        match r {
            Ok(crate::interp::Exit::Returned(v)) => Ok((v, false)),
            Ok(crate::interp::Exit::Yielded(v)) => Ok((v, true)),
            Ok(_) => Err(self.runtime_error("can't suspend inside a nested call")),
            Err(e) => Err(e),
        }
    }
}

/// A class attribute bound for an instance.
pub(crate) enum Bound {
    /// Call with the instance prepended.
    Method(Value),
    /// Call as it is.
    Value(Value),
}

impl Obj {
    pub fn is_exception(&self) -> bool {
        matches!(self, Obj::Exception(_))
    }
}
