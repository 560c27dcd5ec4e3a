//! Frames: the activation record of a Python function, module or class body. Frames live on
//! the VM's frame stack while they run, and inside their generator object while suspended.

use alloc::rc::Rc;
use alloc::vec::Vec;

use crate::bytecode::Code;
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BlockKind {
    /// `try` with except clauses: on an exception, jump to the handler.
    Except,
    /// `try/finally` or `with`: on an exception, jump to the handler (which re-raises).
    Finally,
    /// Inside an except/finally handler; `exc` is the exception being handled.
    Handler,
}

#[derive(Clone, Copy, Debug)]
pub struct Block {
    pub kind: BlockKind,
    pub handler: u32,
    /// Stack depth (above the fixed registers) to restore before jumping to the handler.
    pub level: u32,
    pub exc: Value,
}

/// What the caller expects when this frame returns or yields.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FrameKind {
    /// Push the return value on the caller's stack.
    Normal,
    /// `__init__` called by a class call: check it returned None, push the instance.
    Init(Value),
    /// A generator resumed by `next()`/`send()`: yield pushes the value, return raises
    /// StopIteration in the caller.
    GenSend(Value),
    /// A generator resumed by a `for` loop: return pops the iterator and jumps to the exit.
    GenFor(Value, u32),
    /// A generator resumed by `yield from` in the caller: yield makes the caller yield too.
    GenDelegate(Value),
}

impl FrameKind {
    pub fn generator(self) -> Option<Value> {
        match self {
            FrameKind::GenSend(g) | FrameKind::GenFor(g, _) | FrameKind::GenDelegate(g) => Some(g),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct Frame {
    pub code: Rc<Code>,
    pub pc: u32,
    /// Locals, cells and free variables (`code.nfixed()` slots), then the value stack.
    pub regs: Vec<Value>,
    /// The module's globals dict.
    pub globals: Value,
    /// Class bodies and `exec`/`eval` with separate locals: the namespace dict; else NULL.
    pub ns: Value,
    pub blocks: Vec<Block>,
    pub kind: FrameKind,
    /// The bottom frame of a nested `Vm::call`: returning from it ends that run.
    pub entry: bool,
}

impl Frame {
    /// The top `n` operands of the value stack (never reaching into the fixed slots) and
    /// where they start, for ops that build one object from them and then truncate there.
    pub fn top_operands(&self, n: usize) -> (usize, Vec<Value>) {
        let start = self.regs.len().saturating_sub(n).max(self.code.nfixed());
        let items = self
            .regs
            .get(start..)
            .map(|s| s.to_vec())
            .unwrap_or_default();
        (start, items)
    }

    pub fn new(code: Rc<Code>, globals: Value) -> Frame {
        let n = code.nfixed();
        let mut regs = Vec::with_capacity(n + 8);
        regs.resize(n, Value::NULL);
        Frame {
            code,
            pc: 0,
            regs,
            globals,
            ns: Value::NULL,
            blocks: Vec::new(),
            kind: FrameKind::Normal,
            entry: false,
        }
    }

    pub fn trace(&self, out: &mut Vec<Value>) {
        out.extend_from_slice(&self.regs);
        out.extend_from_slice(&self.code.consts);
        out.push(self.globals);
        out.push(self.ns);
        for b in &self.blocks {
            out.push(b.exc);
        }
        match self.kind {
            FrameKind::Init(v)
            | FrameKind::GenSend(v)
            | FrameKind::GenFor(v, _)
            | FrameKind::GenDelegate(v) => out.push(v),
            FrameKind::Normal => {}
        }
    }

    pub fn line(&self) -> u32 {
        self.code.line_at(self.pc.saturating_sub(1))
    }
}
