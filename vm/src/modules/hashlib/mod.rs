//! `_hashlib`: the native half of `hashlib`. A running hash is a bytearray holding the
//! digest state (see `digest.rs`), so it lives on the GC heap without a new object type; the
//! hash objects users see are the frozen Python module `hashlib.py` beside this file.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::modules::args;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

pub mod digest;

use digest::Kind;

/// The frozen Python source of `hashlib`.
pub const SOURCE: &str = include_str!("hashlib.py");

fn kind(vm: &mut Vm, v: Value) -> PyResult<Kind> {
    match vm.as_str(v).and_then(Kind::from_name) {
        Some(k) => Ok(k),
        None => Err(vm.value_error("unsupported hash type")),
    }
}

// _hashlib.new(name) -> state
fn new(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 1)?;
    let k = kind(vm, args[0])?;
    vm.alloc(Obj::ByteArray(digest::new_state(k).to_vec()))
}

// _hashlib.update(name, state, data)
fn update(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 3)?;
    let k = kind(vm, args[0])?;
    // MicroPython's buffer protocol covers str.
    let data = match vm.as_str(args[2]) {
        Some(s) => s.as_bytes().to_vec(),
        None => vm.bytes_of(args[2])?,
    };
    if let Obj::ByteArray(state) = vm.heap.get_mut(args[1]) {
        digest::update(k, state, &data);
    }
    Ok(Value::NONE)
}

// _hashlib.digest(name, state) -> bytes
fn digest_fn(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 2)?;
    let k = kind(vm, args[0])?;
    let out = match vm.heap.get(args[1]) {
        Obj::ByteArray(state) => digest::finish(k, state),
        _ => return Err(vm.type_error("bad hash state")),
    };
    vm.alloc(Obj::Bytes(out.into_boxed_slice()))
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("new", new),
    NativeDef::new("update", update),
    NativeDef::new("digest", digest_fn),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}
