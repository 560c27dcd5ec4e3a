//! Function-like built-ins: property, classmethod, staticmethod and super.

use alloc::boxed::Box;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

fn kwarg(kw: &[(Qstr, Value)], name: Qstr) -> Option<Value> {
    kw.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
pub fn property_new(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let g = kwarg(kw, q::fget).unwrap_or(arg(args, 1));
    let s = kwarg(kw, q::fset).unwrap_or(arg(args, 2));
    let d = kwarg(kw, q::fdel).unwrap_or(arg(args, 3));
    vm.alloc(Obj::Property(Box::new([g, s, d])))
}

fn property_with(vm: &mut Vm, args: &[Value], slot: usize) -> PyResult<Value> {
    let p = arg(args, 0);
    let Obj::Property(parts) = vm.heap.get(p) else {
        return Err(vm.type_error("not a property"));
    };
    let mut parts = **parts;
    parts[slot] = arg(args, 1);
    vm.alloc(Obj::Property(Box::new(parts)))
}

// property.getter(f)
fn getter(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    property_with(vm, args, 0)
}

// property.setter(f)
fn setter(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    property_with(vm, args, 1)
}

// property.deleter(f)
fn deleter(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    property_with(vm, args, 2)
}

pub static PROPERTY_METHODS: &[NativeDef] = &[
    NativeDef::new("getter", getter),
    NativeDef::new("setter", setter),
    NativeDef::new("deleter", deleter),
];

/// `classmethod(f)`.
pub fn classmethod_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.alloc(Obj::ClassMethod(arg(args, 1)))
}

/// `staticmethod(f)`.
pub fn staticmethod_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.alloc(Obj::StaticMethod(arg(args, 1)))
}

/// `super()` (from the caller's `__class__` cell and first argument) or `super(type, obj)`.
pub fn super_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    if args.len() >= 3 {
        return vm.alloc(Obj::Super(arg(args, 1), arg(args, 2)));
    }
    let Some(frame) = vm.frames.last() else {
        return Err(vm.runtime_error("super(): no arguments"));
    };
    let code = &frame.code;
    let nl = code.varnames.len();
    let class_cell = code
        .freevars
        .iter()
        .position(|f| *f == q::__class__)
        .and_then(|i| frame.regs.get(nl + code.cellvars.len() + i))
        .copied();
    let first = if code.argcount == 0 && code.flags & crate::bytecode::VARARGS == 0 {
        None
    } else {
        match code.cell_from_arg.iter().find(|(_, a)| *a == 0) {
            Some((c, _)) => frame.regs.get(nl + *c as usize).copied(),
            None => frame.regs.first().copied(),
        }
    };
    let (Some(cell), Some(mut obj)) = (class_cell, first) else {
        return Err(vm.runtime_error("super(): no arguments"));
    };
    if let Obj::Cell(c) = vm.heap.get(obj) {
        obj = *c;
    }
    let cls = match vm.heap.get(cell) {
        Obj::Cell(c) => *c,
        _ => Value::NULL,
    };
    if cls.is_null() {
        return Err(vm.runtime_error("super(): __class__ cell not found"));
    }
    vm.alloc(Obj::Super(cls, obj))
}
