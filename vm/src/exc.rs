//! Raising: `PyErr`, and one helper per common raise with MicroPython's message texts
//! (py/runtime.c, py/objtype.c), so the wording lives in one place.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::intern::Qstr;
use crate::obj::{ExcObj, Obj, TypeId};
use crate::value::Value;
use crate::vm::Vm;

/// A raised Python exception: the exception instance. `PyErr::WOULD_BLOCK` is the one non-Python
/// case: a native (`input()`) needs data the embedder has not fed yet, and the instruction will
/// be retried.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PyErr(pub(crate) Value);

impl PyErr {
    pub const WOULD_BLOCK: PyErr = PyErr(Value::NULL);

    pub fn value(self) -> Value {
        self.0
    }
}

pub type PyResult<T> = Result<T, PyErr>;

impl Vm {
    /// Builds an exception instance of a built-in type. Never fails: without heap it returns the
    /// preallocated MemoryError.
    pub fn new_exc(&mut self, t: TypeId, msg: Option<&str>) -> PyErr {
        // Raising works while `micropython.heap_lock()` holds, as in MicroPython.
        self.heap_unlocked(|vm| vm.new_exc_locked(t, msg))
    }

    fn new_exc_locked(&mut self, t: TypeId, msg: Option<&str>) -> PyErr {
        let class = self.ty(t);
        let args = match msg {
            Some(m) => match self.new_str(m) {
                Ok(s) => vec![s],
                Err(e) => return e,
            },
            None => Vec::new(),
        };
        self.new_exc_from(class, args)
    }

    pub fn new_exc_from(&mut self, class: Value, args: Vec<Value>) -> PyErr {
        self.heap_unlocked(|vm| vm.new_exc_from_locked(class, args))
    }

    fn new_exc_from_locked(&mut self, class: Value, args: Vec<Value>) -> PyErr {
        let args = match self.alloc(Obj::Tuple(args.into_boxed_slice())) {
            Ok(a) => a,
            Err(e) => return e,
        };
        match self.alloc(Obj::Exception(alloc::boxed::Box::new(ExcObj {
            class,
            args,
            attrs: Vec::new(),
            traceback: Vec::new(),
            cause: Value::NONE,
            context: Value::NONE,
            suppress_context: false,
        }))) {
            Ok(v) => PyErr(v),
            Err(e) => e,
        }
    }

    pub fn err(&mut self, t: TypeId, msg: &str) -> PyErr {
        self.new_exc(t, Some(msg))
    }

    pub fn type_error(&mut self, msg: &str) -> PyErr {
        self.err(TypeId::TypeError, msg)
    }

    pub fn value_error(&mut self, msg: &str) -> PyErr {
        self.err(TypeId::ValueError, msg)
    }

    pub fn index_error(&mut self, msg: &str) -> PyErr {
        self.err(TypeId::IndexError, msg)
    }

    pub fn runtime_error(&mut self, msg: &str) -> PyErr {
        self.err(TypeId::RuntimeError, msg)
    }

    pub fn overflow_error(&mut self, msg: &str) -> PyErr {
        self.err(TypeId::OverflowError, msg)
    }

    pub fn zero_division(&mut self) -> PyErr {
        self.err(TypeId::ZeroDivisionError, "divide by zero")
    }

    pub fn memory_error(&mut self) -> PyErr {
        PyErr(self.memory_error)
    }

    pub fn recursion_error(&mut self) -> PyErr {
        self.err(TypeId::RecursionError, "maximum recursion depth exceeded")
    }

    pub fn key_error(&mut self, key: Value) -> PyErr {
        let class = self.ty(TypeId::KeyError);
        self.new_exc_from(class, vec![key])
    }

    pub fn name_error(&mut self, name: Qstr) -> PyErr {
        let msg = format!("name '{}' isn't defined", self.qstr_str(name));
        self.err(TypeId::NameError, &msg)
    }

    pub fn unbound_local(&mut self, name: Qstr) -> PyErr {
        let msg = format!(
            "local variable '{}' referenced before assignment",
            self.qstr_str(name)
        );
        self.err(TypeId::NameError, &msg)
    }

    pub fn attribute_error(&mut self, obj: Value, name: Qstr) -> PyErr {
        let msg = if let Obj::Type(t) = self.heap.get(obj) {
            format!(
                "type object '{}' has no attribute '{}'",
                self.qstr_str(t.name),
                self.qstr_str(name)
            )
        } else {
            format!(
                "'{}' object has no attribute '{}'",
                self.type_name(obj),
                self.qstr_str(name)
            )
        };
        self.err(TypeId::AttributeError, &msg)
    }

    pub fn unsupported_binop(&mut self, op: &str, a: Value, b: Value) -> PyErr {
        let msg = format!(
            "unsupported types for {}: '{}', '{}'",
            op,
            self.type_name(a),
            self.type_name(b)
        );
        self.type_error(&msg)
    }

    pub fn unsupported_unop(&mut self, op: &str, a: Value) -> PyErr {
        let msg = format!("unsupported type for {}: '{}'", op, self.type_name(a));
        self.type_error(&msg)
    }

    pub fn not_iterable(&mut self, v: Value) -> PyErr {
        let msg = format!("'{}' object isn't iterable", self.type_name(v));
        self.type_error(&msg)
    }

    pub fn not_callable(&mut self, v: Value) -> PyErr {
        let msg = format!("'{}' object isn't callable", self.type_name(v));
        self.type_error(&msg)
    }

    pub fn not_subscriptable(&mut self, v: Value) -> PyErr {
        let msg = format!("'{}' object isn't subscriptable", self.type_name(v));
        self.type_error(&msg)
    }

    pub fn unhashable(&mut self, v: Value) -> PyErr {
        let msg = format!("unhashable type: '{}'", self.type_name(v));
        self.type_error(&msg)
    }

    pub fn arg_count_error(&mut self, name: &str, expected: usize, given: usize) -> PyErr {
        let msg = format!(
            "{}() takes {} positional arguments but {} were given",
            name, expected, given
        );
        self.type_error(&msg)
    }

    pub fn bad_index_type(&mut self, container: Value, index: Value) -> PyErr {
        let msg = format!(
            "{} indices must be integers, not {}",
            self.type_name(container),
            self.type_name(index)
        );
        self.type_error(&msg)
    }

    /// The class of a raised exception.
    pub fn exc_class(&self, e: Value) -> Value {
        match self.heap.get(e) {
            Obj::Exception(x) => x.class,
            _ => self.type_of(e),
        }
    }

    /// Is `e` an instance of the built-in exception type `t` (or a subclass)?
    pub fn exc_matches(&self, e: PyErr, t: TypeId) -> bool {
        let class = self.exc_class(e.0);
        self.is_subclass(class, self.ty(t))
    }

    /// The message of an exception for `str(e)`: its single arg, or the tuple of its args.
    pub fn exc_args(&self, e: Value) -> Vec<Value> {
        match self.heap.get(e) {
            Obj::Exception(x) => match self.heap.get(x.args) {
                Obj::Tuple(t) => t.to_vec(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    pub fn exc_type_name(&self, e: Value) -> String {
        let c = self.exc_class(e);
        String::from(self.class_name(c))
    }
}
