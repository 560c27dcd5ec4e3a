//! The heap object model: `Obj` is what a heap slot holds. One file per Python type beside this
//! one holds that type's native methods and its method table.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::mem::size_of;

use crate::bytecode::Code;
use crate::frame::Frame;
use crate::intern::Qstr;
use crate::num::BigInt;
use crate::value::Value;

pub mod bool;
pub mod bytes;
pub mod dict;
pub mod exc;
pub mod float;
pub mod func;
pub mod generator;
pub mod instance;
pub mod int;
pub mod iter;
pub mod list;
pub mod object;
pub mod range;
pub mod set;
pub mod str;
pub mod tuple;
pub mod types;

pub use dict::Dict;
pub use instance::Instance;

/// Attribute storage for instances and classes: a small map keyed by interned name.
pub type AttrMap = Vec<(Qstr, Value)>;

pub fn attr_get(map: &AttrMap, name: Qstr) -> Option<Value> {
    map.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

pub fn attr_set(map: &mut AttrMap, name: Qstr, value: Value) {
    if let Some(e) = map.iter_mut().find(|(k, _)| *k == name) {
        e.1 = value;
    } else {
        map.push((name, value));
    }
}

pub fn attr_del(map: &mut AttrMap, name: Qstr) -> bool {
    if let Some(i) = map.iter().position(|(k, _)| *k == name) {
        map.remove(i);
        true
    } else {
        false
    }
}

/// Every built-in type, in the order the VM creates their type objects.
/// Keep in step with `types::TYPE_TABLE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TypeId {
    Object,
    Type,
    NoneType,
    NotImplementedType,
    Ellipsis,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    ByteArray,
    MemoryView,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    BoundMethod,
    NativeFunction,
    Module,
    Cell,
    Code,
    Generator,
    Coroutine,
    Iterator,
    DictKeys,
    DictValues,
    DictItems,
    Property,
    ClassMethod,
    StaticMethod,
    Super,
    BaseException,
    SystemExit,
    KeyboardInterrupt,
    GeneratorExit,
    Exception,
    StopIteration,
    StopAsyncIteration,
    ArithmeticError,
    OverflowError,
    ZeroDivisionError,
    AssertionError,
    AttributeError,
    EOFError,
    ImportError,
    LookupError,
    IndexError,
    KeyError,
    MemoryError,
    NameError,
    OSError,
    RuntimeError,
    NotImplementedError,
    RecursionError,
    SyntaxError,
    IndentationError,
    TypeError,
    ValueError,
    UnicodeError,
}

pub const TYPE_COUNT: usize = TypeId::UnicodeError as usize + 1;

impl TypeId {
    pub fn is_exception(self) -> bool {
        self as u8 >= TypeId::BaseException as u8
    }
}

pub struct StrObj {
    pub s: Box<str>,
    pub hash: u32,
    /// Length in characters (equal to the byte length when the string is ASCII).
    pub chars: u32,
}

pub struct Function {
    pub code: Rc<Code>,
    pub globals: Value,
    pub defaults: Box<[Value]>,
    pub kwdefaults: Vec<(Qstr, Value)>,
    pub closure: Box<[Value]>,
    pub name: Qstr,
    pub attrs: AttrMap,
}

pub struct TypeObj {
    pub name: Qstr,
    pub bases: Vec<Value>,
    pub mro: Vec<Value>,
    pub attrs: AttrMap,
    /// The built-in type whose layout instances have (Object for plain classes).
    pub layout: TypeId,
    /// Set for the built-in types themselves.
    pub builtin: Option<TypeId>,
    /// The names of its instances' attributes, in the order they were first set: an
    /// instance stores only the values, by position (`obj/instance.rs`).
    pub fields: Vec<Qstr>,
}

#[derive(Clone, Copy, Debug)]
pub struct TbEntry {
    pub filename: Qstr,
    pub line: u32,
    pub name: Qstr,
}

pub struct ExcObj {
    pub class: Value,
    /// A tuple.
    pub args: Value,
    pub attrs: AttrMap,
    pub traceback: Vec<TbEntry>,
    pub cause: Value,
    pub context: Value,
    pub suppress_context: bool,
}

pub struct ModuleObj {
    pub name: Qstr,
    pub dict: Value,
}

pub struct GenObj {
    /// None while running (the frame is on the frame stack) or once finished.
    pub frame: Option<Box<Frame>>,
    pub running: bool,
    pub started: bool,
    pub finished: bool,
    pub coroutine: bool,
    pub name: Qstr,
}

#[derive(Clone, Copy)]
pub struct RangeObj {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl RangeObj {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> i64 {
        if self.step > 0 && self.start < self.stop {
            (self.stop - self.start - 1) / self.step + 1
        } else if self.step < 0 && self.start > self.stop {
            (self.start - self.stop - 1) / (-self.step) + 1
        } else {
            0
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DictViewKind {
    Keys,
    Values,
    Items,
}

/// The native iterators.
pub enum IterObj {
    /// list, tuple, str, bytes, bytearray: by index over a live sequence.
    Seq {
        seq: Value,
        index: usize,
    },
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    Dict {
        dict: Value,
        index: usize,
        kind: DictViewKind,
    },
    Enumerate {
        iter: Value,
        count: Value,
    },
    Zip(Vec<Value>),
    Map {
        func: Value,
        iters: Vec<Value>,
    },
    Filter {
        func: Value,
        iter: Value,
    },
    /// Backwards over a sequence (`reversed`).
    Reversed {
        seq: Value,
        index: usize,
    },
    /// The `__getitem__` protocol: `obj[0]`, `obj[1]`... until IndexError.
    GetItem {
        obj: Value,
        index: i64,
    },
}

pub enum Obj {
    Free,
    Str(StrObj),
    Bytes(Box<[u8]>),
    ByteArray(Vec<u8>),
    Float(float::PackedF64),
    Int(Box<BigInt>),
    List(Vec<Value>),
    Tuple(Box<[Value]>),
    Dict(Box<Dict>),
    Set(Box<Dict>),
    FrozenSet(Box<Dict>),
    DictView(Value, DictViewKind),
    Range(Box<RangeObj>),
    Slice(Box<[Value; 3]>),
    Function(Box<Function>),
    BoundMethod(Value, Value),
    Type(Box<TypeObj>),
    Instance(Instance),
    Exception(Box<ExcObj>),
    Module(Box<ModuleObj>),
    Cell(Value),
    Code(Rc<Code>),
    Generator(Box<GenObj>),
    Iter(Box<IterObj>),
    Property(Box<[Value; 3]>),
    ClassMethod(Value),
    StaticMethod(Value),
    Super(Value, Value),
    MemoryView(Value),
}

// A heap slot's size is what every object pays: keep it at 32 bytes on a 64-bit host and 20
// on the 32-bit targets (the largest variants are a string and an instance).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Obj>() == 32);
#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<Obj>() == 20);

impl Obj {
    /// Bytes this object holds: the slot plus what it owns. Kept honest so `gc.mem_free()`
    /// tells the truth.
    pub fn size(&self) -> usize {
        let extra = match self {
            Obj::Str(s) => s.s.len(),
            Obj::Bytes(b) => b.len(),
            Obj::ByteArray(b) => b.capacity(),
            Obj::Int(b) => size_of::<BigInt>() + (b.bit_length() as usize / 32 + 1) * 4,
            Obj::List(v) => v.capacity() * size_of::<Value>(),
            Obj::Tuple(v) => v.len() * size_of::<Value>(),
            Obj::Dict(d) | Obj::Set(d) | Obj::FrozenSet(d) => size_of::<Dict>() + d.heap_bytes(),
            Obj::Range(_) => size_of::<RangeObj>(),
            Obj::Slice(_) | Obj::Property(_) => 3 * size_of::<Value>(),
            Obj::Function(f) => {
                size_of::<Function>()
                    + (f.defaults.len() + f.closure.len()) * size_of::<Value>()
                    + (f.kwdefaults.capacity() + f.attrs.capacity()) * size_of::<(Qstr, Value)>()
            }
            Obj::Type(t) => {
                size_of::<TypeObj>()
                    + (t.bases.capacity() + t.mro.capacity()) * size_of::<Value>()
                    + t.attrs.capacity() * size_of::<(Qstr, Value)>()
                    + t.fields.capacity() * size_of::<Qstr>()
            }
            Obj::Exception(e) => {
                size_of::<ExcObj>()
                    + e.attrs.capacity() * size_of::<(Qstr, Value)>()
                    + e.traceback.capacity() * size_of::<TbEntry>()
            }
            Obj::Module(_) => size_of::<ModuleObj>(),
            Obj::Code(c) => c.ops.len() * 8 + c.consts.len() * 4 + c.lines.len() * 8,
            Obj::Generator(g) => {
                size_of::<GenObj>()
                    + g.frame.as_ref().map_or(0, |f| {
                        size_of::<Frame>() + f.regs.capacity() * size_of::<Value>()
                    })
            }
            Obj::Iter(i) => {
                size_of::<IterObj>()
                    + match &**i {
                        IterObj::Zip(v) => v.capacity() * size_of::<Value>(),
                        IterObj::Map { iters, .. } => iters.capacity() * size_of::<Value>(),
                        _ => 0,
                    }
            }
            _ => 0,
        };
        size_of::<Obj>() + extra
    }

    /// Gives back the spare capacity of a growable container. The collector calls it on
    /// every live object: a collection means memory is short, and a container that grows
    /// again pays one reallocation.
    pub fn trim(&mut self) {
        match self {
            Obj::List(v) => v.shrink_to_fit(),
            Obj::Dict(d) | Obj::Set(d) | Obj::FrozenSet(d) => d.trim(),
            _ => {}
        }
    }

    /// Pushes every value this object refers to (for the collector's mark phase).
    pub fn trace(&self, out: &mut Vec<Value>) {
        match self {
            Obj::List(v) => out.extend_from_slice(v),
            Obj::Tuple(v) => out.extend_from_slice(v),
            Obj::Dict(d) | Obj::Set(d) | Obj::FrozenSet(d) => d.trace(out),
            Obj::DictView(d, _) => out.push(*d),
            Obj::Slice(s) | Obj::Property(s) => out.extend_from_slice(&**s),
            Obj::Function(f) => {
                out.extend_from_slice(&f.defaults);
                out.extend_from_slice(&f.closure);
                out.extend(f.kwdefaults.iter().map(|p| p.1));
                out.extend(f.attrs.iter().map(|p| p.1));
                out.extend_from_slice(&f.code.consts);
                out.push(f.globals);
            }
            Obj::BoundMethod(a, b) | Obj::Super(a, b) => {
                out.push(*a);
                out.push(*b);
            }
            Obj::Type(t) => {
                out.extend_from_slice(&t.bases);
                out.extend_from_slice(&t.mro);
                out.extend(t.attrs.iter().map(|p| p.1));
            }
            Obj::Instance(i) => i.trace(out),
            Obj::Exception(e) => {
                out.push(e.class);
                out.push(e.args);
                out.push(e.cause);
                out.push(e.context);
                out.extend(e.attrs.iter().map(|p| p.1));
            }
            Obj::Module(m) => out.push(m.dict),
            Obj::Cell(v) | Obj::ClassMethod(v) | Obj::StaticMethod(v) | Obj::MemoryView(v) => {
                out.push(*v)
            }
            Obj::Code(c) => out.extend_from_slice(&c.consts),
            Obj::Generator(g) => {
                if let Some(f) = &g.frame {
                    f.trace(out);
                }
            }
            Obj::Iter(i) => match &**i {
                IterObj::Seq { seq, .. } | IterObj::Reversed { seq, .. } => out.push(*seq),
                IterObj::Dict { dict, .. } => out.push(*dict),
                IterObj::Enumerate { iter, count } => {
                    out.push(*iter);
                    out.push(*count);
                }
                IterObj::Zip(v) => out.extend_from_slice(v),
                IterObj::Map { func, iters } => {
                    out.push(*func);
                    out.extend_from_slice(iters);
                }
                IterObj::Filter { func, iter } => {
                    out.push(*func);
                    out.push(*iter);
                }
                IterObj::GetItem { obj, .. } => out.push(*obj),
                IterObj::Range { .. } => {}
            },
            Obj::Free
            | Obj::Str(_)
            | Obj::Bytes(_)
            | Obj::ByteArray(_)
            | Obj::Float(_)
            | Obj::Int(_)
            | Obj::Range(_) => {}
        }
    }
}

/// A string being built for `repr`/`str`; a type alias so signatures read well.
pub type Text = String;
