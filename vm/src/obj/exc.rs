//! BaseException and its subclasses: construction, `args`, `str()`/`repr()`, and the traceback
//! text the VM prints for an uncaught exception.

use alloc::format;
use alloc::string::String;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// `SomeException(*args)` for the built-in exception types.
pub fn exc_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let cls = args.first().copied().unwrap_or(Value::NONE);
    let e = vm.new_exc_from(cls, args.get(1..).unwrap_or(&[]).to_vec());
    if matches!(vm.heap.get(e.0), Obj::Exception(_)) {
        Ok(e.0)
    } else {
        Err(e)
    }
}

// BaseException.__init__(self, *args)
fn init(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let e = args.first().copied().unwrap_or(Value::NONE);
    let t = vm.new_tuple(args.get(1..).unwrap_or(&[]))?;
    if let Obj::Exception(x) = vm.heap.get_mut(e) {
        x.args = t;
    }
    Ok(Value::NONE)
}

/// `[Errno 2] ENOENT` (and `: detail` with a second argument): MicroPython's text for an
/// OSError (exactly that class) whose first argument is a known error number
/// (py/objexcept.c, mp_obj_exception_print).
fn os_error_str(vm: &mut Vm, e: Value, args: &[Value]) -> PyResult<Option<String>> {
    if vm.exc_class(e) != vm.ty(TypeId::OSError) || !(1..=2).contains(&args.len()) {
        return Ok(None);
    }
    let Some(code) = args.first().and_then(|a| a.as_small()) else {
        return Ok(None);
    };
    let Some(name) = crate::modules::errno::name(code) else {
        return Ok(None);
    };
    let mut s = format!("[Errno {code}] {name}");
    if let Some(detail) = args.get(1) {
        s.push_str(": ");
        s.push_str(&vm.to_str(*detail)?);
    }
    Ok(Some(s))
}

// BaseException.__str__(self)
fn str(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let e = args.first().copied().unwrap_or(Value::NONE);
    let a = vm.exc_args(e);
    if let Some(s) = os_error_str(vm, e, &a)? {
        return vm.new_string(s);
    }
    match a.as_slice() {
        [] => Ok(Value::qstr(crate::intern::q::empty)),
        [x] => {
            let s = vm.to_str(*x)?;
            vm.new_string(s)
        }
        _ => {
            let t = vm.new_tuple(&a)?;
            let s = vm.repr(t)?;
            vm.new_string(s)
        }
    }
}

// BaseException.__repr__(self)
fn repr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let e = args.first().copied().unwrap_or(Value::NONE);
    let name = vm.exc_type_name(e);
    let a = vm.exc_args(e);
    let inner = if a.len() == 1 {
        format!("({})", vm.repr(a[0])?)
    } else {
        let t = vm.new_tuple(&a)?;
        vm.repr(t)?
    };
    vm.new_string(format!("{}{}", name, inner))
}

// BaseException.with_traceback(tb)
fn with_traceback(_vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(args.first().copied().unwrap_or(Value::NONE))
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("__init__", init),
    NativeDef::new("__str__", str),
    NativeDef::new("__repr__", repr),
    NativeDef::new("with_traceback", with_traceback),
];

impl Vm {
    /// The traceback of an uncaught exception, in MicroPython's format.
    pub fn format_exception(&mut self, e: Value) -> String {
        // Printing a traceback is the interpreter's own work: it runs with the heap unlocked.
        self.heap_unlocked(|vm| vm.format_exception_locked(e))
    }

    fn format_exception_locked(&mut self, e: Value) -> String {
        let mut out = String::from("Traceback (most recent call last):\n");
        let tb = match self.heap.get(e) {
            Obj::Exception(x) => x.traceback.clone(),
            _ => alloc::vec::Vec::new(),
        };
        for entry in tb.iter().rev() {
            let file = self.qstr_str(entry.filename);
            if entry.name == crate::intern::q::empty {
                out.push_str(&format!("  File \"{}\", line {}\n", file, entry.line));
            } else {
                out.push_str(&format!(
                    "  File \"{}\", line {}, in {}\n",
                    file,
                    entry.line,
                    self.qstr_str(entry.name)
                ));
            }
        }
        let name = self.exc_type_name(e);
        let msg = self.to_str(e).unwrap_or_default();
        // MicroPython always prints the separator, even with no message: `AssertionError: `
        // (py/objexcept.c, mp_obj_exception_print with PRINT_EXC).
        out.push_str(&format!("{}: {}\n", name, msg));
        out
    }
}
