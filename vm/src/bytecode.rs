//! The bytecode: one `Op` per instruction with its operand inline (8 bytes each), plus the code
//! object that carries constants, local names and the line table.

use alloc::vec::Vec;

use crate::ast::{BinOp, CmpOp, UnaryOp};
use crate::intern::Qstr;
use crate::value::Value;

/// Code flags.
pub const VARARGS: u8 = 1;
pub const VARKW: u8 = 2;
pub const GENERATOR: u8 = 4;
pub const COROUTINE: u8 = 8;

/// `MakeFunction` flags: what sits on the stack under the code object.
pub const MF_DEFAULTS: u8 = 1;
pub const MF_KWDEFAULTS: u8 = 2;
pub const MF_CLOSURE: u8 = 4;

/// One instruction. Jump operands are absolute instruction indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Nop,
    Pop,
    Dup,
    Dup2,
    Rot2,
    Rot3,
    Rot4,
    LoadConst(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// Pushes the cell object itself (to build a closure).
    LoadClosure(u32),
    LoadGlobal(Qstr),
    StoreGlobal(Qstr),
    DeleteGlobal(Qstr),
    /// Class bodies and `exec`: the frame's namespace, then globals, then builtins.
    LoadName(Qstr),
    StoreName(Qstr),
    DeleteName(Qstr),
    LoadAttr(Qstr),
    StoreAttr(Qstr),
    DeleteAttr(Qstr),
    /// Pushes `[method, self]` when the attribute is a plain method of the type (no bound-method
    /// allocation), else `[NULL, attr]`. `Call` handles both layouts.
    LoadMethod(Qstr),
    PushNull,
    Subscr,
    StoreSubscr,
    DeleteSubscr,
    BuildSlice(u32),
    Binary(BinOp),
    Inplace(BinOp),
    Unary(UnaryOp),
    Compare(CmpOp),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Pushes the next item, or pops the iterator and jumps when it is exhausted.
    ForIter(u32),
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    BuildMap(u32),
    BuildString(u32),
    /// Comprehensions: append TOS to the list `depth` below it.
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    /// Star-unpacking in displays: extend the list/set under TOS with the iterable TOS.
    ListExtend,
    SetUpdate,
    /// `**m` in a dict display or call: update the dict under TOS with the mapping TOS.
    DictUpdate,
    ListToTuple,
    UnpackSequence(u32),
    UnpackEx(u16, u16),
    /// `[NULL|callable, callable|self, args...]`.
    Call(u32),
    /// As `Call` with a tuple of keyword names on top; the last `len(names)` args are keywords.
    CallKw(u32),
    /// `[NULL|callable, callable|self, args tuple, kwargs dict or NULL]`.
    CallEx,
    MakeFunction(u8),
    Return,
    Yield,
    /// `[iter, sent]`: sends into the delegate, yielding what it yields.
    YieldFrom,
    GetYieldFromIter,
    GetAwaitable,
    SetupExcept(u32),
    SetupFinally(u32),
    SetupWith(u32),
    PopBlock,
    /// Leaves an except/finally handler: pops its block (the exception stays on the stack).
    PopExcept,
    /// Pops the handler block and the exception on the stack, and raises it again.
    Reraise,
    Raise(u8),
    /// `[exc, type]` -> `[exc, bool]`.
    ExcMatch,
    /// `[exit, exc]` -> `[exit, exc, exit, type, exc, None]`.
    WithExitPrep,
    ImportName(Qstr),
    ImportFrom(Qstr),
    ImportStar,
    LoadBuildClass,
    /// Conversion in the low bits (0 none, 1 `!s`, 2 `!r`, 3 `!a`), bit 4 set when a spec is on TOS.
    FormatValue(u8),
    /// REPL: print the repr of TOS (unless None) and bind it to `_`.
    PrintExpr,
    /// Pushes a built-in exception type (by `TypeId`), whatever the program named it.
    LoadBuiltinExc(u8),
}

/// A compiled function, module or class body. Immutable once built; shared through `Rc` by
/// functions and frames, and traced by the GC for its constants.
#[derive(Debug, Default)]
pub struct Code {
    pub ops: Vec<Op>,
    pub consts: Vec<Value>,
    /// `(first instruction index, line)`, ascending.
    pub lines: Vec<(u32, u32)>,
    pub name: Qstr,
    pub filename: Qstr,
    pub argcount: u32,
    pub posonly: u32,
    pub kwonly: u32,
    pub flags: u8,
    /// Local slots: parameters first (positional, keyword-only, `*args`, `**kwargs`), then the rest.
    pub varnames: Vec<Qstr>,
    /// Cell slots follow the locals; a cell that is also a parameter is seeded from it.
    pub cellvars: Vec<Qstr>,
    pub cell_from_arg: Vec<(u32, u32)>,
    /// Free-variable slots follow the cells, seeded from the function's closure.
    pub freevars: Vec<Qstr>,
    /// Class bodies: the slot of the `__class__` cell, returned so `__build_class__` can fill it.
    pub class_cell: Option<u32>,
}

impl Code {
    pub fn line_at(&self, pc: u32) -> u32 {
        let mut line = self.lines.first().map(|l| l.1).unwrap_or(1);
        for &(start, l) in &self.lines {
            if start > pc {
                break;
            }
            line = l;
        }
        line
    }

    /// Locals + cells + frees: the fixed part of a frame's registers.
    pub fn nfixed(&self) -> usize {
        self.varnames.len() + self.cellvars.len() + self.freevars.len()
    }

    pub fn is_generator(&self) -> bool {
        self.flags & (GENERATOR | COROUTINE) != 0
    }
}
