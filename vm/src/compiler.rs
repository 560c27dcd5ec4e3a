//! The compiler: AST -> bytecode, one `Code` per module, function, class body and
//! comprehension. Names are resolved with `scope.rs`; `finally` bodies are inlined on every exit
//! path (return, break, continue), as CPython 3.9+ does, so the interpreter needs no deferred
//! "why" state.

use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::ast::*;
use crate::bytecode::*;
use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::Obj;
use crate::scope::{Access, ScopeKind, Scopes, analyze};
use crate::value::Value;
use crate::vm::Vm;

/// A compile-time error (SyntaxError) with its line.
#[derive(Debug)]
pub struct CompileError {
    pub message: String,
    pub line: Line,
}

/// How the module is compiled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A file or `exec`: expression statements discard their value.
    Exec,
    /// One REPL input: expression statements print their repr and set `_`.
    Single,
    /// `eval`: the module is one expression statement whose value is returned.
    Eval,
}

enum FBlock<'a> {
    /// A `while` loop, or a `for` loop (`has_iter`: its iterator is on the stack).
    Loop {
        start: usize,
        breaks: Vec<usize>,
        has_iter: bool,
    },
    /// In the body of `try` with except clauses.
    TryExcept,
    /// In the body of `try/finally`: exits run the final body.
    Finally(&'a [Stmt]),
    /// In an except clause or in a final body run for an exception: the exception is on the stack.
    Handler,
    /// In a `with` body: `[NULL, exit]` on the stack. True for `async with`.
    With(bool),
}

/// The opcodes of one kind of name operation, by where the name lives.
struct NameOps {
    fast: fn(u32) -> Op,
    deref: fn(u32) -> Op,
    global: fn(Qstr) -> Op,
    name: fn(Qstr) -> Op,
}

const LOAD: NameOps = NameOps {
    fast: Op::LoadFast,
    deref: Op::LoadDeref,
    global: Op::LoadGlobal,
    name: Op::LoadName,
};
const STORE: NameOps = NameOps {
    fast: Op::StoreFast,
    deref: Op::StoreDeref,
    global: Op::StoreGlobal,
    name: Op::StoreName,
};
const DELETE: NameOps = NameOps {
    fast: Op::DeleteFast,
    deref: Op::DeleteDeref,
    global: Op::DeleteGlobal,
    name: Op::DeleteName,
};

struct Unit<'a> {
    code: Code,
    scope: usize,
    fblocks: Vec<FBlock<'a>>,
    last_line: u32,
}

struct Compiler<'v, 'a> {
    vm: &'v mut Vm,
    scopes: Scopes,
    units: Vec<Unit<'a>>,
    filename: Qstr,
    mode: Mode,
}

type CResult<T> = Result<T, CompileError>;

/// The message of a `CompileError` that is really a full heap: `compile_source` raises
/// MemoryError for it, as MicroPython does, not SyntaxError.
pub(crate) const OUT_OF_MEMORY: &str = "out of memory while compiling";

fn err<T>(message: &str, line: Line) -> CResult<T> {
    Err(CompileError {
        message: message.to_string(),
        line,
    })
}

impl Vm {
    /// Compiles a module AST into a code object.
    pub fn compile_module(
        &mut self,
        module: &Module,
        filename: &str,
        mode: Mode,
    ) -> Result<Rc<Code>, CompileError> {
        let scopes = analyze(module).map_err(|e| CompileError {
            message: e.message,
            line: e.line,
        })?;
        let filename = self.intern(filename);
        let mut c = Compiler {
            vm: self,
            scopes,
            units: Vec::new(),
            filename,
            mode,
        };
        c.enter(0, q::module);
        c.stmts(&module.body)?;
        c.emit_const(Value::NONE);
        c.emit(Op::Return);
        let unit = c.units.pop().ok_or(CompileError {
            message: "internal".into(),
            line: 0,
        })?;
        Ok(Rc::new(unit.code))
    }
}

impl<'v, 'a> Compiler<'v, 'a> {
    fn enter(&mut self, scope: usize, name: Qstr) {
        let s = &self.scopes.scopes[scope];
        let mut code = Code {
            name,
            filename: self.filename,
            ..Code::default()
        };
        let locals = if s.kind == ScopeKind::Function {
            s.locals()
        } else {
            Vec::new()
        };
        code.varnames = locals.iter().map(|n| self.vm.intern(n)).collect();
        code.cellvars = s.cells.iter().map(|n| self.vm.intern(n)).collect();
        code.freevars = s.frees.iter().map(|n| self.vm.intern(n)).collect();
        for (ci, cell) in s.cells.iter().enumerate() {
            if let Some(pi) = s.params.iter().position(|p| p == cell) {
                code.cell_from_arg.push((ci as u32, pi as u32));
            }
        }
        if s.kind == ScopeKind::Class {
            code.class_cell = s
                .cells
                .iter()
                .position(|c| c == "__class__")
                .map(|i| i as u32);
        }
        if s.is_generator {
            code.flags |= GENERATOR;
        }
        if s.is_coroutine {
            code.flags |= COROUTINE;
        }
        self.units.push(Unit {
            code,
            scope,
            fblocks: Vec::new(),
            last_line: 0,
        });
    }

    fn unit(&mut self) -> &mut Unit<'a> {
        // There is always a unit while compiling.
        let n = self.units.len() - 1;
        &mut self.units[n]
    }

    fn pc(&self) -> usize {
        self.units.last().map_or(0, |u| u.code.ops.len())
    }

    fn emit(&mut self, op: Op) -> usize {
        let u = self.unit();
        u.code.ops.push(op);
        u.code.ops.len() - 1
    }

    fn set_line(&mut self, line: Line) {
        let u = self.unit();
        if line != u.last_line && line != 0 {
            let pc = u.code.ops.len() as u32;
            if let Some(last) = u.code.lines.last_mut()
                && last.0 == pc
            {
                last.1 = line;
                u.last_line = line;
                return;
            }
            u.code.lines.push((pc, line));
            u.last_line = line;
        }
    }

    fn patch(&mut self, at: usize, target: usize) {
        let t = target as u32;
        if let Some(op) = self.unit().code.ops.get_mut(at) {
            *op = match *op {
                Op::Jump(_) => Op::Jump(t),
                Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(t),
                Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(t),
                Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(t),
                Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(t),
                Op::ForIter(_) => Op::ForIter(t),
                Op::SetupExcept(_) => Op::SetupExcept(t),
                Op::SetupFinally(_) => Op::SetupFinally(t),
                Op::SetupWith(_) => Op::SetupWith(t),
                other => other,
            };
        }
    }

    fn patch_here(&mut self, at: usize) {
        let here = self.pc();
        self.patch(at, here);
    }

    fn add_const(&mut self, v: Value) -> u32 {
        let u = self.unit();
        if v.heap_index().is_none()
            && let Some(i) = u.code.consts.iter().position(|c| *c == v)
        {
            return i as u32;
        }
        u.code.consts.push(v);
        (u.code.consts.len() - 1) as u32
    }

    fn emit_const(&mut self, v: Value) {
        let i = self.add_const(v);
        self.emit(Op::LoadConst(i));
    }

    fn mem<T>(&self, r: PyResult<T>, line: Line) -> CResult<T> {
        r.map_err(|_| CompileError {
            message: OUT_OF_MEMORY.into(),
            line,
        })
    }

    fn str_const(&mut self, s: &str, line: Line) -> CResult<Value> {
        if s.len() <= 64 {
            return Ok(Value::qstr(self.vm.intern(s)));
        }
        let r = self.vm.new_str(s);
        self.mem(r, line)
    }

    fn constant(&mut self, c: &Constant, line: Line) -> CResult<Value> {
        Ok(match c {
            Constant::None => Value::NONE,
            Constant::True => Value::TRUE,
            Constant::False => Value::FALSE,
            Constant::Ellipsis => Value::ELLIPSIS,
            Constant::Int(i) => {
                let r = self.vm.new_int(*i);
                self.mem(r, line)?
            }
            Constant::BigInt(digits) => {
                let Some(b) = crate::num::BigInt::parse_radix(digits, 10) else {
                    return err("invalid syntax for number", line);
                };
                let r = self.vm.new_bigint(b);
                self.mem(r, line)?
            }
            Constant::Float(f) => {
                let r = self.vm.new_float(*f);
                self.mem(r, line)?
            }
            Constant::Imaginary(_) => return err("complex values not supported", line),
            Constant::Str(s) => self.str_const(s, line)?,
            Constant::Bytes(b) => {
                let r = self.vm.alloc(Obj::Bytes(b.clone().into_boxed_slice()));
                self.mem(r, line)?
            }
        })
    }

    // ----- names -----

    fn slot_of(&self, name: &str) -> Option<(bool, u32)> {
        let u = self.units.last()?;
        let code = &u.code;
        let s = &self.scopes.scopes[u.scope];
        if let Some(i) = s.cells.iter().position(|c| c == name) {
            return Some((true, (code.varnames.len() + i) as u32));
        }
        if let Some(i) = s.frees.iter().position(|c| c == name) {
            return Some((true, (code.varnames.len() + code.cellvars.len() + i) as u32));
        }
        let qn = self.vm.interner.find(name)?;
        code.varnames
            .iter()
            .position(|v| *v == qn)
            .map(|i| (false, i as u32))
    }

    fn access(&self, name: &str) -> Access {
        let u = self.units.last();
        u.map_or(Access::Global, |u| self.scopes.scopes[u.scope].access(name))
    }

    fn load_name(&mut self, name: &str) {
        self.name_op(name, &LOAD);
    }

    fn store_name(&mut self, name: &str) {
        self.name_op(name, &STORE);
    }

    fn delete_name(&mut self, name: &str) {
        self.name_op(name, &DELETE);
    }

    /// Emits the load, store or delete of `name` that fits where the scope analysis put it.
    /// A name the analysis calls local but that has no slot falls back to the global op.
    fn name_op(&mut self, name: &str, ops: &NameOps) {
        let qn = self.vm.intern(name);
        let op = match self.access(name) {
            Access::Fast => match self.slot_of(name) {
                Some((_, i)) => (ops.fast)(i),
                None => (ops.global)(qn),
            },
            Access::Deref => match self.slot_of(name) {
                Some((true, i)) => (ops.deref)(i),
                _ => (ops.global)(qn),
            },
            Access::Global => (ops.global)(qn),
            Access::Name => (ops.name)(qn),
        };
        self.emit(op);
    }

    // ----- statements -----

    fn stmts(&mut self, body: &'a [Stmt]) -> CResult<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult<()> {
        self.set_line(s.line);
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                if self.mode == Mode::Eval && self.units.len() == 1 {
                    self.emit(Op::Return);
                } else if self.mode == Mode::Single && self.units.len() == 1 {
                    self.emit(Op::PrintExpr);
                } else {
                    self.emit(Op::Pop);
                }
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.store_target(t)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value)?,
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.store_target(target)?;
                }
            }
            StmtKind::FunctionDef(f) => {
                for d in &f.decorators {
                    self.emit(Op::PushNull);
                    self.expr(d)?;
                }
                let node = &**f as *const FunctionDef as usize;
                let name = self.vm.intern(&f.name);
                self.make_function(node, name, &f.params, FuncBody::Stmts(&f.body), s.line)?;
                for _ in &f.decorators {
                    self.emit(Op::Call(1));
                }
                self.store_name(&f.name);
            }
            StmtKind::ClassDef(c) => self.class_def(c, s.line)?,
            StmtKind::Return(v) => {
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.emit_const(Value::NONE),
                }
                self.unwind(Exit::Return, s.line)?;
                self.emit(Op::Return);
            }
            StmtKind::Delete(ts) => {
                for t in ts {
                    self.delete_target(t)?;
                }
            }
            StmtKind::Pass => {}
            StmtKind::Break => {
                self.unwind(Exit::Break, s.line)?;
            }
            StmtKind::Continue => {
                self.unwind(Exit::Continue, s.line)?;
            }
            StmtKind::If { test, body, orelse } => {
                let jf = self.cond_jump(test, false)?;
                self.stmts(body)?;
                if orelse.is_empty() {
                    self.patch_here(jf);
                } else {
                    let j = self.emit(Op::Jump(0));
                    self.patch_here(jf);
                    self.stmts(orelse)?;
                    self.patch_here(j);
                }
            }
            StmtKind::While { test, body, orelse } => {
                let start = self.pc();
                let jf = self.cond_jump(test, false)?;
                self.unit().fblocks.push(FBlock::Loop {
                    start,
                    breaks: Vec::new(),
                    has_iter: false,
                });
                self.stmts(body)?;
                self.emit(Op::Jump(start as u32));
                let breaks = self.pop_loop();
                self.patch_here(jf);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch_here(b);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async: true,
            } => {
                self.async_for(target, iter, body, orelse)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(iter)?;
                self.emit(Op::GetIter);
                let start = self.pc();
                let fi = self.emit(Op::ForIter(0));
                self.unit().fblocks.push(FBlock::Loop {
                    start,
                    breaks: Vec::new(),
                    has_iter: true,
                });
                self.store_target(target)?;
                self.stmts(body)?;
                self.emit(Op::Jump(start as u32));
                let breaks = self.pop_loop();
                self.patch_here(fi);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch_here(b);
                }
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => self.with(items, body, *is_async)?,
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Op::Raise(n));
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse)?;
                } else {
                    let setup = self.emit(Op::SetupFinally(0));
                    self.unit().fblocks.push(FBlock::Finally(finalbody));
                    if handlers.is_empty() {
                        self.stmts(body)?;
                        self.stmts(orelse)?;
                    } else {
                        self.try_except(body, handlers, orelse)?;
                    }
                    self.unit().fblocks.pop();
                    self.emit(Op::PopBlock);
                    self.stmts(finalbody)?;
                    let j = self.emit(Op::Jump(0));
                    self.patch_here(setup);
                    self.unit().fblocks.push(FBlock::Handler);
                    self.stmts(finalbody)?;
                    self.unit().fblocks.pop();
                    self.emit(Op::Reraise);
                    self.patch_here(j);
                }
            }
            StmtKind::Assert { test, msg } => {
                let j = self.cond_jump(test, true)?;
                self.emit(Op::LoadBuiltinExc(crate::obj::TypeId::AssertionError as u8));
                if let Some(m) = msg {
                    self.emit(Op::PushNull);
                    self.emit(Op::Rot2);
                    self.expr(m)?;
                    self.emit(Op::Call(1));
                }
                self.emit(Op::Raise(1));
                self.patch_here(j);
            }
            StmtKind::Import(names) => {
                for a in names {
                    let full = self.vm.intern(&a.name);
                    match &a.asname {
                        Some(asname) => {
                            self.emit(Op::ImportName(full));
                            self.store_name(asname);
                        }
                        None => {
                            let first = a.name.split('.').next().unwrap_or("");
                            let fq = self.vm.intern(first);
                            self.emit(Op::ImportName(full));
                            if fq != full {
                                self.emit(Op::Pop);
                                self.emit(Op::ImportName(fq));
                            }
                            self.store_name(first);
                        }
                    }
                }
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
                star,
            } => {
                if *level > 0 && module.is_none() {
                    return err("relative import not supported", s.line);
                }
                let m = self.vm.intern(module.as_deref().unwrap_or(""));
                self.emit(Op::ImportName(m));
                if *star {
                    self.emit(Op::ImportStar);
                } else {
                    for a in names {
                        let n = self.vm.intern(&a.name);
                        self.emit(Op::ImportFrom(n));
                        self.store_name(a.asname.as_deref().unwrap_or(&a.name));
                    }
                    self.emit(Op::Pop);
                }
            }
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
        }
        Ok(())
    }

    fn pop_loop(&mut self) -> Vec<usize> {
        match self.unit().fblocks.pop() {
            Some(FBlock::Loop { breaks, .. }) => breaks,
            _ => Vec::new(),
        }
    }

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult<()> {
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().fblocks.push(FBlock::TryExcept);
        self.stmts(body)?;
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        let to_else = self.emit(Op::Jump(0));
        self.patch_here(setup);
        let mut ends = Vec::new();
        for h in handlers {
            self.set_line(h.line);
            let mut next = None;
            if let Some(t) = &h.type_ {
                self.expr(t)?;
                self.emit(Op::ExcMatch);
                next = Some(self.emit(Op::PopJumpIfFalse(0)));
            }
            if let Some(n) = &h.name {
                self.emit(Op::Dup);
                self.store_name(n);
            }
            self.unit().fblocks.push(FBlock::Handler);
            self.stmts(&h.body)?;
            self.unit().fblocks.pop();
            self.emit(Op::PopExcept);
            self.emit(Op::Pop);
            ends.push(self.emit(Op::Jump(0)));
            if let Some(n) = next {
                self.patch_here(n);
            }
        }
        self.emit(Op::Reraise);
        self.patch_here(to_else);
        self.stmts(orelse)?;
        for e in ends {
            self.patch_here(e);
        }
        Ok(())
    }

    fn with(&mut self, items: &'a [WithItem], body: &'a [Stmt], is_async: bool) -> CResult<()> {
        let Some((item, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let (enter, exit) = if is_async {
            (q::__aenter__, q::__aexit__)
        } else {
            (q::__enter__, q::__exit__)
        };
        self.expr(&item.context)?;
        self.emit(Op::Dup);
        self.emit(Op::LoadAttr(exit));
        self.emit(Op::PushNull);
        self.emit(Op::Rot3);
        self.emit(Op::Rot2);
        self.emit(Op::LoadMethod(enter));
        self.emit(Op::Call(0));
        if is_async {
            self.emit_await();
        }
        let setup = self.emit(Op::SetupWith(0));
        match &item.target {
            Some(t) => self.store_target(t)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        self.unit().fblocks.push(FBlock::With(is_async));
        if rest.is_empty() {
            self.stmts(body)?;
        } else {
            self.with(rest, body, is_async)?;
        }
        self.unit().fblocks.pop();
        self.emit(Op::PopBlock);
        self.call_exit_none(is_async);
        let j = self.emit(Op::Jump(0));
        self.patch_here(setup);
        self.emit(Op::WithExitPrep);
        self.emit(Op::Call(3));
        if is_async {
            self.emit_await();
        }
        let suppress = self.emit(Op::PopJumpIfTrue(0));
        self.emit(Op::Reraise);
        self.patch_here(suppress);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.patch_here(j);
        Ok(())
    }

    /// `await TOS`.
    fn emit_await(&mut self) {
        self.emit(Op::GetAwaitable);
        self.emit_const(Value::NONE);
        self.emit(Op::YieldFrom);
    }

    /// `async for target in iter: body else: orelse`.
    fn async_for(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult<()> {
        self.expr(iter)?;
        self.emit(Op::LoadMethod(q::__aiter__));
        self.emit(Op::Call(0));
        let start = self.pc();
        let setup = self.emit(Op::SetupExcept(0));
        self.emit(Op::Dup);
        self.emit(Op::LoadMethod(q::__anext__));
        self.emit(Op::Call(0));
        self.emit_await();
        self.emit(Op::PopBlock);
        self.unit().fblocks.push(FBlock::Loop {
            start,
            breaks: Vec::new(),
            has_iter: true,
        });
        self.store_target(target)?;
        self.stmts(body)?;
        self.emit(Op::Jump(start as u32));
        let breaks = self.pop_loop();
        self.patch_here(setup);
        self.emit(Op::LoadBuiltinExc(
            crate::obj::TypeId::StopAsyncIteration as u8,
        ));
        self.emit(Op::ExcMatch);
        let other = self.emit(Op::PopJumpIfFalse(0));
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.emit(Op::Pop);
        let to_else = self.emit(Op::Jump(0));
        self.patch_here(other);
        self.emit(Op::Reraise);
        self.patch_here(to_else);
        self.stmts(orelse)?;
        for b in breaks {
            self.patch_here(b);
        }
        Ok(())
    }

    /// `[NULL, exit]` -> `[]`, calling `exit(None, None, None)` (and awaiting it for `async with`).
    fn call_exit_none(&mut self, is_async: bool) {
        self.emit_const(Value::NONE);
        self.emit_const(Value::NONE);
        self.emit_const(Value::NONE);
        self.emit(Op::Call(3));
        if is_async {
            self.emit_await();
        }
        self.emit(Op::Pop);
    }

    /// Emits the cleanup for leaving enclosing blocks by return, break or continue.
    fn unwind(&mut self, exit: Exit, line: Line) -> CResult<()> {
        let n = self.unit().fblocks.len();
        let mut i = n;
        while i > 0 {
            i -= 1;
            let fb = &self.unit().fblocks[i];
            match fb {
                FBlock::Loop {
                    start, has_iter, ..
                } => {
                    let (start, has_iter) = (*start, *has_iter);
                    match exit {
                        Exit::Return => {
                            if has_iter {
                                self.emit(Op::Rot2);
                                self.emit(Op::Pop);
                            }
                        }
                        Exit::Continue => {
                            self.emit(Op::Jump(start as u32));
                            return Ok(());
                        }
                        Exit::Break => {
                            if has_iter {
                                self.emit(Op::Pop);
                            }
                            let j = self.emit(Op::Jump(0));
                            if let Some(FBlock::Loop { breaks, .. }) =
                                self.unit().fblocks.get_mut(i)
                            {
                                breaks.push(j);
                            }
                            return Ok(());
                        }
                    }
                }
                FBlock::TryExcept => {
                    self.emit(Op::PopBlock);
                }
                FBlock::Finally(body) => {
                    let body: &'a [Stmt] = body;
                    self.emit(Op::PopBlock);
                    // The final body runs outside its own try: a return inside it must not
                    // run it again.
                    let saved: Vec<FBlock<'a>> = self.unit().fblocks.drain(i..).collect();
                    self.stmts(body)?;
                    self.unit().fblocks.extend(saved);
                }
                FBlock::Handler => {
                    self.emit(Op::PopExcept);
                    if exit == Exit::Return {
                        self.emit(Op::Rot2);
                    }
                    self.emit(Op::Pop);
                }
                FBlock::With(is_async) => {
                    let is_async = *is_async;
                    self.emit(Op::PopBlock);
                    if exit == Exit::Return {
                        self.emit(Op::Rot3);
                    }
                    self.call_exit_none(is_async);
                }
            }
        }
        match exit {
            Exit::Return => Ok(()),
            Exit::Break => err("'break' outside loop", line),
            Exit::Continue => err("'continue' not properly in loop", line),
        }
    }

    fn class_def(&mut self, c: &'a ClassDef, line: Line) -> CResult<()> {
        for d in &c.decorators {
            self.emit(Op::PushNull);
            self.expr(d)?;
        }
        self.emit(Op::PushNull);
        self.emit(Op::LoadBuildClass);
        let node = c as *const ClassDef as usize;
        let Some(&scope) = self.scopes.by_node.get(&node) else {
            return err("internal: class scope", line);
        };
        let name = self.vm.intern(&c.name);
        self.enter(scope, name);
        self.set_line(line);
        self.load_name("__name__");
        self.store_name("__module__");
        let qn = Value::qstr(name);
        self.emit_const(qn);
        self.store_name("__qualname__");
        self.stmts(&c.body)?;
        match self.unit().code.class_cell {
            Some(slot) => {
                let s = slot + self.unit().code.varnames.len() as u32;
                self.emit(Op::LoadClosure(s));
            }
            None => self.emit_const(Value::NONE),
        }
        self.emit(Op::Return);
        let code = self.leave()?;
        self.emit_function(code, 0, line)?;
        self.emit_const(Value::qstr(name));
        for b in &c.bases {
            self.expr(b)?;
        }
        let mut names = Vec::new();
        for k in &c.keywords {
            match &k.name {
                Some(n) => {
                    self.expr(&k.value)?;
                    names.push(Value::qstr(self.vm.intern(n)));
                }
                None => return err("**kwargs in class definition not supported", line),
            }
        }
        let argc = 2 + c.bases.len() + names.len();
        if names.is_empty() {
            self.emit(Op::Call(argc as u32));
        } else {
            let t = self.vm.alloc(Obj::Tuple(names.into_boxed_slice()));
            let t = self.mem(t, line)?;
            self.emit_const(t);
            self.emit(Op::CallKw(argc as u32));
        }
        for _ in &c.decorators {
            self.emit(Op::Call(1));
        }
        self.store_name(&c.name);
        Ok(())
    }

    fn leave(&mut self) -> CResult<Rc<Code>> {
        match self.units.pop() {
            Some(u) => Ok(Rc::new(u.code)),
            None => err("internal: no unit", 0),
        }
    }

    /// Emits the closure tuple (if any) and the code constant, then `MakeFunction`.
    fn emit_function(&mut self, code: Rc<Code>, mut flags: u8, line: Line) -> CResult<()> {
        if !code.freevars.is_empty() {
            let frees: Vec<Qstr> = code.freevars.clone();
            for f in &frees {
                let name = String::from(self.vm.qstr_str(*f));
                match self.slot_of(&name) {
                    Some((true, i)) => self.emit(Op::LoadClosure(i)),
                    _ => return err("internal: closure variable", line),
                };
            }
            self.emit(Op::BuildTuple(frees.len() as u32));
            flags |= MF_CLOSURE;
        }
        let cv = self.vm.alloc(Obj::Code(code));
        let cv = self.mem(cv, line)?;
        self.emit_const(cv);
        self.emit(Op::MakeFunction(flags));
        Ok(())
    }

    fn make_function(
        &mut self,
        node: usize,
        name: Qstr,
        params: &'a Params,
        body: FuncBody<'a>,
        line: Line,
    ) -> CResult<()> {
        let mut flags = 0;
        let defaults: Vec<&Expr> = params
            .args
            .iter()
            .filter_map(|p| p.default.as_ref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(defaults.len() as u32));
            flags |= MF_DEFAULTS;
        }
        let kwd: Vec<&Param> = params
            .kwonly
            .iter()
            .filter(|p| p.default.is_some())
            .collect();
        if !kwd.is_empty() {
            for p in &kwd {
                let n = Value::qstr(self.vm.intern(&p.name));
                self.emit_const(n);
                if let Some(d) = &p.default {
                    self.expr(d)?;
                }
            }
            self.emit(Op::BuildMap(kwd.len() as u32));
            flags |= MF_KWDEFAULTS;
        }
        let Some(&scope) = self.scopes.by_node.get(&node) else {
            return err("internal: function scope", line);
        };
        self.enter(scope, name);
        {
            let code = &mut self.unit().code;
            code.argcount = params.args.len() as u32;
            code.posonly = params.posonly_count as u32;
            code.kwonly = params.kwonly.len() as u32;
            if params.vararg.is_some() {
                code.flags |= VARARGS;
            }
            if params.kwarg.is_some() {
                code.flags |= VARKW;
            }
        }
        self.set_line(line);
        match body {
            FuncBody::Stmts(b) => {
                self.stmts(b)?;
                self.emit_const(Value::NONE);
                self.emit(Op::Return);
            }
            FuncBody::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Return);
            }
        }
        let code = self.leave()?;
        self.emit_function(code, flags, line)
    }

    fn aug_assign(&mut self, target: &'a Expr, op: BinOp, value: &'a Expr) -> CResult<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                self.load_name(n);
                self.expr(value)?;
                self.emit(Op::Inplace(op));
                self.store_name(n);
            }
            ExprKind::Attribute { value: obj, attr } => {
                let a = self.vm.intern(attr);
                self.expr(obj)?;
                self.emit(Op::Dup);
                self.emit(Op::LoadAttr(a));
                self.expr(value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(a));
            }
            ExprKind::Subscript { value: obj, index } => {
                self.expr(obj)?;
                self.expr(index)?;
                self.emit(Op::Dup2);
                self.emit(Op::Subscr);
                self.expr(value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSubscr);
            }
            _ => return err("illegal expression for augmented assignment", target.line),
        }
        Ok(())
    }

    fn store_target(&mut self, t: &'a Expr) -> CResult<()> {
        match &t.kind {
            ExprKind::Name(n) => self.store_name(n),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let a = self.vm.intern(attr);
                self.emit(Op::StoreAttr(a));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Op::StoreSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let star = items
                    .iter()
                    .position(|e| matches!(e.kind, ExprKind::Starred(_)));
                match star {
                    Some(si) => {
                        if items
                            .iter()
                            .filter(|e| matches!(e.kind, ExprKind::Starred(_)))
                            .count()
                            > 1
                        {
                            return err("multiple starred expressions in assignment", t.line);
                        }
                        let after = items.len() - si - 1;
                        self.emit(Op::UnpackEx(si as u16, after as u16));
                    }
                    None => {
                        self.emit(Op::UnpackSequence(items.len() as u32));
                    }
                }
                for i in items {
                    match &i.kind {
                        ExprKind::Starred(inner) => self.store_target(inner)?,
                        _ => self.store_target(i)?,
                    }
                }
            }
            ExprKind::Starred(_) => {
                return err(
                    "starred assignment target must be in a list or tuple",
                    t.line,
                );
            }
            _ => return err("can't assign to expression", t.line),
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &'a Expr) -> CResult<()> {
        match &t.kind {
            ExprKind::Name(n) => self.delete_name(n),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let a = self.vm.intern(attr);
                self.emit(Op::DeleteAttr(a));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Op::DeleteSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete_target(i)?;
                }
            }
            _ => return err("can't delete expression", t.line),
        }
        Ok(())
    }

    /// Compiles a test and a conditional jump; returns the jump to patch. `jump_if` is the
    /// truth value that jumps.
    fn cond_jump(&mut self, test: &'a Expr, jump_if: bool) -> CResult<usize> {
        if let ExprKind::UnaryOp {
            op: UnaryOp::Not,
            operand,
        } = &test.kind
        {
            return self.cond_jump(operand, !jump_if);
        }
        self.expr(test)?;
        Ok(if jump_if {
            self.emit(Op::PopJumpIfTrue(0))
        } else {
            self.emit(Op::PopJumpIfFalse(0))
        })
    }

    // ----- expressions -----

    fn expr(&mut self, e: &'a Expr) -> CResult<()> {
        if e.line != 0 {
            self.set_line(e.line);
        }
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                let mut jumps = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < values.len() {
                        jumps.push(match op {
                            BoolOp::And => self.emit(Op::JumpIfFalseOrPop(0)),
                            BoolOp::Or => self.emit(Op::JumpIfTrueOrPop(0)),
                        });
                    }
                }
                for j in jumps {
                    self.patch_here(j);
                }
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Op::Dup);
                self.store_name(target);
            }
            ExprKind::BinOp { left, op, right } => {
                // `a + b + c + ...` nests to the left: walk the chain with a loop, so a long
                // sum doesn't cost Rust stack per term.
                let mut chain = alloc::vec![(*op, &**right)];
                let mut leftmost: &Expr = left;
                while let ExprKind::BinOp { left, op, right } = &leftmost.kind {
                    chain.push((*op, &**right));
                    leftmost = left;
                }
                self.expr(leftmost)?;
                for (op, right) in chain.into_iter().rev() {
                    self.expr(right)?;
                    self.emit(Op::Binary(op));
                }
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.emit(Op::Unary(*op));
            }
            ExprKind::Lambda { params, body } => {
                let node = e as *const Expr as usize;
                self.make_function(node, q::lambda, params, FuncBody::Expr(body), e.line)?;
            }
            ExprKind::IfExp { test, body, orelse } => {
                let jf = self.cond_jump(test, false)?;
                self.expr(body)?;
                let j = self.emit(Op::Jump(0));
                self.patch_here(jf);
                self.expr(orelse)?;
                self.patch_here(j);
            }
            ExprKind::Dict { keys, values } => {
                let simple = keys.iter().all(|k| k.is_some());
                if simple {
                    for (k, v) in keys.iter().zip(values) {
                        if let Some(k) = k {
                            self.expr(k)?;
                        }
                        self.expr(v)?;
                    }
                    self.emit(Op::BuildMap(keys.len() as u32));
                } else {
                    self.emit(Op::BuildMap(0));
                    for (k, v) in keys.iter().zip(values) {
                        match k {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(v)?;
                                self.emit(Op::MapAdd(1));
                            }
                            None => {
                                self.expr(v)?;
                                self.emit(Op::DictUpdate);
                            }
                        }
                    }
                }
            }
            ExprKind::Set(items) => self.sequence(items, Seq::Set)?,
            ExprKind::List(items) => self.sequence(items, Seq::List)?,
            ExprKind::Tuple(items) => self.sequence(items, Seq::Tuple)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, generators, Comp::List(elt))?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, generators, Comp::Set(elt))?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, generators, Comp::Dict(key, value))?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, generators, Comp::Gen(elt))?
            }
            ExprKind::Await(v) => {
                self.expr(v)?;
                self.emit(Op::GetAwaitable);
                self.emit_const(Value::NONE);
                self.emit(Op::YieldFrom);
            }
            ExprKind::Yield(v) => {
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.emit_const(Value::NONE),
                }
                self.emit(Op::Yield);
            }
            ExprKind::YieldFrom(v) => {
                self.expr(v)?;
                self.emit(Op::GetYieldFromIter);
                self.emit_const(Value::NONE);
                self.emit(Op::YieldFrom);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.expr(left)?;
                if ops.len() == 1 {
                    if let (Some(op), Some(c)) = (ops.first(), comparators.first()) {
                        self.expr(c)?;
                        self.emit(Op::Compare(*op));
                    }
                } else {
                    let mut cleanups = Vec::new();
                    for (i, (op, c)) in ops.iter().zip(comparators).enumerate() {
                        self.expr(c)?;
                        if i + 1 < ops.len() {
                            self.emit(Op::Dup);
                            self.emit(Op::Rot3);
                            self.emit(Op::Compare(*op));
                            cleanups.push(self.emit(Op::JumpIfFalseOrPop(0)));
                        } else {
                            self.emit(Op::Compare(*op));
                        }
                    }
                    let end = self.emit(Op::Jump(0));
                    for c in cleanups {
                        self.patch_here(c);
                    }
                    self.emit(Op::Rot2);
                    self.emit(Op::Pop);
                    self.patch_here(end);
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords)?,
            ExprKind::FString(parts) => {
                let n = self.fstring(parts)?;
                if n != 1 {
                    self.emit(Op::BuildString(n));
                }
            }
            ExprKind::Constant(c) => {
                let v = self.constant(c, e.line)?;
                self.emit_const(v);
            }
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let a = self.vm.intern(attr);
                self.emit(Op::LoadAttr(a));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value)?;
                self.expr(index)?;
                self.emit(Op::Subscr);
            }
            ExprKind::Starred(_) => return err("can't use starred expression here", e.line),
            ExprKind::Name(n) => self.load_name(n),
            ExprKind::Slice { lower, upper, step } => {
                for p in [lower, upper] {
                    match p {
                        Some(p) => self.expr(p)?,
                        None => self.emit_const(Value::NONE),
                    }
                }
                match step {
                    Some(s) => {
                        self.expr(s)?;
                        self.emit(Op::BuildSlice(3));
                    }
                    None => {
                        self.emit(Op::BuildSlice(2));
                    }
                }
            }
        }
        Ok(())
    }

    /// Pushes the pieces of an f-string; returns how many.
    fn fstring(&mut self, parts: &'a [FStringPart]) -> CResult<u32> {
        let mut n = 0;
        for p in parts {
            match p {
                FStringPart::Literal(s) => {
                    let v = self.str_const(s, 0)?;
                    self.emit_const(v);
                }
                FStringPart::Field {
                    value,
                    conversion,
                    format_spec,
                } => {
                    self.expr(value)?;
                    let mut flags = match conversion {
                        Some('s') => 1,
                        Some('r') => 2,
                        Some('a') => 3,
                        _ => 0,
                    };
                    if !format_spec.is_empty() {
                        let k = self.fstring(format_spec)?;
                        if k != 1 {
                            self.emit(Op::BuildString(k));
                        }
                        flags |= 4;
                    }
                    self.emit(Op::FormatValue(flags));
                }
            }
            n += 1;
        }
        if n == 0 {
            self.emit_const(Value::qstr(q::empty));
            n = 1;
        }
        Ok(n)
    }

    fn sequence(&mut self, items: &'a [Expr], kind: Seq) -> CResult<()> {
        let has_star = items.iter().any(|e| matches!(e.kind, ExprKind::Starred(_)));
        if !has_star {
            for i in items {
                self.expr(i)?;
            }
            let n = items.len() as u32;
            self.emit(match kind {
                Seq::List => Op::BuildList(n),
                Seq::Tuple => Op::BuildTuple(n),
                Seq::Set => Op::BuildSet(n),
            });
            return Ok(());
        }
        self.emit(if kind == Seq::Set {
            Op::BuildSet(0)
        } else {
            Op::BuildList(0)
        });
        for i in items {
            match &i.kind {
                ExprKind::Starred(inner) => {
                    self.expr(inner)?;
                    self.emit(if kind == Seq::Set {
                        Op::SetUpdate
                    } else {
                        Op::ListExtend
                    });
                }
                _ => {
                    self.expr(i)?;
                    self.emit(if kind == Seq::Set {
                        Op::SetAdd(1)
                    } else {
                        Op::ListAppend(1)
                    });
                }
            }
        }
        if kind == Seq::Tuple {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn call(&mut self, func: &'a Expr, args: &'a [Expr], keywords: &'a [Keyword]) -> CResult<()> {
        let complex = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)))
            || keywords.iter().any(|k| k.name.is_none());
        match &func.kind {
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let a = self.vm.intern(attr);
                self.emit(Op::LoadMethod(a));
            }
            _ => {
                self.emit(Op::PushNull);
                self.expr(func)?;
            }
        }
        if complex {
            self.sequence(args, Seq::Tuple)?;
            if keywords.is_empty() {
                self.emit_const(Value::NULL);
            } else {
                self.emit(Op::BuildMap(0));
                for k in keywords {
                    match &k.name {
                        Some(n) => {
                            let nv = Value::qstr(self.vm.intern(n));
                            self.emit_const(nv);
                            self.expr(&k.value)?;
                            self.emit(Op::MapAdd(1));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Op::DictUpdate);
                        }
                    }
                }
            }
            self.emit(Op::CallEx);
            return Ok(());
        }
        for a in args {
            self.expr(a)?;
        }
        if keywords.is_empty() {
            self.emit(Op::Call(args.len() as u32));
        } else {
            let mut names = Vec::new();
            for k in keywords {
                self.expr(&k.value)?;
                if let Some(n) = &k.name {
                    names.push(Value::qstr(self.vm.intern(n)));
                }
            }
            let t = self.vm.alloc(Obj::Tuple(names.into_boxed_slice()));
            let t = self.mem(t, func.line)?;
            self.emit_const(t);
            self.emit(Op::CallKw((args.len() + keywords.len()) as u32));
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &'a Expr,
        generators: &'a [Comprehension],
        comp: Comp<'a>,
    ) -> CResult<()> {
        let node = e as *const Expr as usize;
        let Some(&scope) = self.scopes.by_node.get(&node) else {
            return err("internal: comprehension scope", e.line);
        };
        let Some(first) = generators.first() else {
            return err("invalid comprehension", e.line);
        };
        let name = match comp {
            Comp::List(_) => q::listcomp,
            Comp::Set(_) => q::setcomp,
            Comp::Dict(..) => q::dictcomp,
            Comp::Gen(_) => q::genexpr,
        };
        self.emit(Op::PushNull);
        self.enter(scope, name);
        self.unit().code.argcount = 1;
        self.set_line(e.line);
        match comp {
            Comp::List(_) => {
                self.emit(Op::BuildList(0));
            }
            Comp::Set(_) => {
                self.emit(Op::BuildSet(0));
            }
            Comp::Dict(..) => {
                self.emit(Op::BuildMap(0));
            }
            Comp::Gen(_) => {}
        }
        let mut loops = Vec::new();
        for (i, g) in generators.iter().enumerate() {
            if i == 0 {
                self.emit(Op::LoadFast(0));
            } else {
                self.expr(&g.iter)?;
                self.emit(Op::GetIter);
            }
            let start = self.pc();
            let fi = self.emit(Op::ForIter(0));
            self.store_target(&g.target)?;
            let mut skips = Vec::new();
            for c in &g.ifs {
                skips.push(self.cond_jump(c, false)?);
            }
            loops.push((start, fi, skips));
        }
        let depth = generators.len() as u32 + 1;
        match comp {
            Comp::List(elt) => {
                self.expr(elt)?;
                self.emit(Op::ListAppend(depth));
            }
            Comp::Set(elt) => {
                self.expr(elt)?;
                self.emit(Op::SetAdd(depth));
            }
            Comp::Dict(k, v) => {
                self.expr(k)?;
                self.expr(v)?;
                self.emit(Op::MapAdd(depth));
            }
            Comp::Gen(elt) => {
                self.expr(elt)?;
                self.emit(Op::Yield);
                self.emit(Op::Pop);
            }
        }
        while let Some((start, fi, skips)) = loops.pop() {
            for s in skips {
                self.patch(s, start);
            }
            self.emit(Op::Jump(start as u32));
            self.patch_here(fi);
        }
        if matches!(comp, Comp::Gen(_)) {
            self.emit_const(Value::NONE);
        }
        self.emit(Op::Return);
        let code = self.leave()?;
        self.emit_function(code, 0, e.line)?;
        self.expr(&first.iter)?;
        self.emit(Op::GetIter);
        self.emit(Op::Call(1));
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Exit {
    Return,
    Break,
    Continue,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Seq {
    List,
    Tuple,
    Set,
}

enum Comp<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Gen(&'a Expr),
}

enum FuncBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}
