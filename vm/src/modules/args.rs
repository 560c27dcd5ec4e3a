//! Argument checks shared by the stdlib modules, with MicroPython's messages for natives
//! (py/argcheck.c), so `math.sqrt()` and `math.sqrt(1, 2)` raise TypeError, not garbage.

use alloc::format;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::value::Value;
use crate::vm::Vm;

/// Argument `i`, or None when absent (only after an arity check has passed).
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

/// The keyword argument `name`, if given.
pub fn kwarg(vm: &mut Vm, kw: &[(Qstr, Value)], name: &str) -> Option<Value> {
    let q = vm.intern(name);
    kw.iter().find(|(k, _)| *k == q).map(|(_, v)| *v)
}

/// Exactly `n` positional arguments and no keywords.
pub fn exact(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)], n: usize) -> PyResult<()> {
    no_keywords(vm, kw)?;
    if args.len() != n {
        let msg = format!(
            "function takes {} positional arguments but {} were given",
            n,
            args.len()
        );
        return Err(vm.type_error(&msg));
    }
    Ok(())
}

/// Between `min` and `max` positional arguments and no keywords.
pub fn between(
    vm: &mut Vm,
    args: &[Value],
    kw: &[(Qstr, Value)],
    min: usize,
    max: usize,
) -> PyResult<()> {
    no_keywords(vm, kw)?;
    positional(vm, args, min, max)
}

/// Between `min` and `max` positional arguments (keywords checked by the caller).
pub fn positional(vm: &mut Vm, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    if args.len() < min {
        let msg = format!(
            "function missing {} required positional arguments",
            min - args.len()
        );
        return Err(vm.type_error(&msg));
    }
    if args.len() > max {
        let msg = format!(
            "function expected at most {} arguments, got {}",
            max,
            args.len()
        );
        return Err(vm.type_error(&msg));
    }
    Ok(())
}

pub fn no_keywords(vm: &mut Vm, kw: &[(Qstr, Value)]) -> PyResult<()> {
    if kw.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error("function doesn't take keyword arguments"))
    }
}

/// Only keywords from `allowed`.
pub fn only_keywords(vm: &mut Vm, kw: &[(Qstr, Value)], allowed: &[&str]) -> PyResult<()> {
    for (k, _) in kw {
        let name = vm.qstr_str(*k);
        if !allowed.contains(&name) {
            let msg = format!("unexpected keyword argument '{}'", name);
            return Err(vm.type_error(&msg));
        }
    }
    Ok(())
}
