//! Building `machine`'s classes natively: a class whose `__new__` is a native constructor and
//! whose methods are natives taking the instance first, with its state in instance slots
//! (attributes whose names start with `_`). Also MicroPython's `mp_arg_parse_all` in small.

use alloc::format;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, NativeFn, Vm};

// A native class's __init__: the constructor (__new__) did the work.
fn init_noop(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::NONE)
}

/// A class named `name` with native `methods`, a native constructor `ctor(cls, args...)` and
/// int class constants.
pub(crate) fn make_class(
    vm: &mut Vm,
    name: &'static str,
    ctor: NativeFn,
    methods: &[NativeDef],
    consts: &[(&str, i32)],
) -> PyResult<Value> {
    let ns = vm.new_dict()?;
    vm.add_functions(ns, methods)?;
    let new = vm.register_native(name, ctor);
    let new = vm.alloc(Obj::StaticMethod(new))?;
    vm.set_item_str(ns, "__new__", new)?;
    vm.add_functions(ns, &[NativeDef::new("__init__", init_noop)])?;
    for (k, v) in consts {
        vm.set_item_str(ns, k, Value::small(*v))?;
    }
    let q = vm.intern(name);
    vm.new_class(q, &[], ns)
}

/// A fresh instance of a native class.
pub(crate) fn new_object(vm: &mut Vm, cls: Value) -> PyResult<Value> {
    vm.new_instance(cls, TypeId::Object, &[])
}

/// Stores an instance slot.
pub(crate) fn set_slot(vm: &mut Vm, obj: Value, name: &str, v: Value) -> PyResult<()> {
    let q = vm.intern(name);
    vm.setattr_raw(obj, q, v)
}

/// Reads an instance slot (None when missing: a method called on the wrong object).
pub(crate) fn get_slot(vm: &mut Vm, obj: Value, name: &str) -> Value {
    let q = vm.intern(name);
    vm.instance_get(obj, q).unwrap_or(Value::NONE)
}

/// MicroPython's argument parsing for natives: the first `npos` of `names` may come
/// positionally, any may come by keyword; what was not given is None. Unknown keywords and
/// extra positionals raise TypeError with MicroPython's messages.
pub(crate) fn parse(
    vm: &mut Vm,
    args: &[Value],
    kw: &[(Qstr, Value)],
    names: &[&str],
    npos: usize,
) -> PyResult<Vec<Option<Value>>> {
    if args.len() > npos {
        let msg = format!(
            "function takes {} positional arguments but {} were given",
            npos,
            args.len()
        );
        return Err(vm.type_error(&msg));
    }
    let mut out: Vec<Option<Value>> = names.iter().map(|_| None).collect();
    for (slot, v) in out.iter_mut().zip(args) {
        *slot = Some(*v);
    }
    for (k, v) in kw {
        let key = vm.qstr_str(*k);
        match names.iter().position(|n| *n == key) {
            Some(i) => {
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some(*v);
                }
            }
            None => {
                let msg = format!("unexpected keyword argument '{}'", key);
                return Err(vm.type_error(&msg));
            }
        }
    }
    Ok(out)
}
