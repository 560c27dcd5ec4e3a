//! `micropython`: const, mem_info, opt_level and friends.

use crate::exc::{PyErr, PyResult};
use crate::intern::Qstr;
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Stream, Vm};

// micropython.const(x)
fn constant(_: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(args.first().copied().unwrap_or(Value::NONE))
}

// micropython.mem_info([verbose])
// The ESP32 port's layout (py/modmicropython.c): the stack line counts Python frames here,
// since frames live outside the GC heap and the Rust stack doesn't grow with Python calls.
fn mem_info(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = alloc::format!(
        "stack: {} out of {}\nGC: total: {}, used: {}, free: {}\n",
        vm.frames.len(),
        vm.config.max_depth,
        vm.heap.capacity,
        vm.mem_alloc(),
        vm.mem_free()
    );
    vm.write(Stream::Stdout, s.as_bytes());
    Ok(Value::NONE)
}

// micropython.schedule(func, arg)
fn schedule(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let f = args.first().copied().unwrap_or(Value::NONE);
    let a = args.get(1).copied().unwrap_or(Value::NONE);
    if vm.schedule(f, a) {
        Ok(Value::NONE)
    } else {
        Err(vm.runtime_error("schedule queue full"))
    }
}

// micropython.qstr_info([verbose])
fn qstr_info(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let n = vm.interner.len();
    let bytes: usize = (0..n).map(|i| vm.interner.get(Qstr(i as u32)).len()).sum();
    let s = alloc::format!(
        "qstr pool: n_pool=1, n_qstr={}, n_str_data_bytes={}, n_total_bytes={}\n",
        n,
        bytes,
        bytes + n * core::mem::size_of::<alloc::boxed::Box<str>>()
    );
    vm.write(Stream::Stdout, s.as_bytes());
    Ok(Value::NONE)
}

/// Where `opt_level(n)` keeps its level: in the module's own dict, so the VM needs no field.
fn module_dict(vm: &mut Vm) -> Option<Value> {
    let name = vm.intern("micropython");
    let m = vm.dict_get_q(vm.modules, name)?;
    match vm.heap.get(m) {
        crate::obj::Obj::Module(m) => Some(m.dict),
        _ => None,
    }
}

// micropython.opt_level([level]): stored and reported; the compiler has one level.
fn opt_level(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    crate::modules::args::between(vm, args, kw, 0, 1)?;
    let key = vm.intern("_opt_level");
    let Some(d) = module_dict(vm) else {
        return Ok(Value::small(0));
    };
    match args.first() {
        None => Ok(vm.dict_get_q(d, key).unwrap_or(Value::small(0))),
        Some(v) => {
            let level = vm.int_arg(*v)?;
            let level = vm.new_int(level)?;
            vm.dict_set(d, Value::qstr(key), level)?;
            Ok(Value::NONE)
        }
    }
}

// micropython.heap_lock(): from now until the matching heap_unlock(), allocating raises
// MemoryError. Locks nest. The exception it raises is made now, while allocation works.
fn heap_lock(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    if vm.heap.lock_error.is_null() {
        let e = vm.new_exc(TypeId::MemoryError, Some(LOCKED));
        vm.heap.lock_error = e.value();
    }
    vm.heap.lock_depth = vm.heap.lock_depth.saturating_add(1);
    Ok(Value::NONE)
}

// micropython.heap_unlock(): the lock depth left (0: allocation works again).
fn heap_unlock(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.heap.lock_depth = vm.heap.lock_depth.saturating_sub(1);
    Ok(lock_depth(vm))
}

// micropython.heap_locked(): the lock depth.
fn heap_locked(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(lock_depth(vm))
}

fn lock_depth(vm: &Vm) -> Value {
    Value::small(i32::try_from(vm.heap.lock_depth).unwrap_or(i32::MAX))
}

/// MicroPython's message (`py/runtime.c`, `m_malloc_fail`).
const LOCKED: &str = "memory allocation failed, heap is locked";

impl Vm {
    /// MemoryError if `micropython.heap_lock()` holds: what every allocation checks first.
    pub(crate) fn check_heap_lock(&mut self) -> PyResult<()> {
        if self.heap.lock_depth == 0 {
            return Ok(());
        }
        let e = if self.heap.lock_error.is_null() {
            self.memory_error
        } else {
            self.heap.lock_error
        };
        // The same object is raised every time: start its traceback afresh.
        if let Obj::Exception(x) = self.heap.get_mut(e) {
            x.traceback.clear();
            x.context = Value::NONE;
            x.cause = Value::NONE;
        }
        Err(PyErr(e))
    }

    /// Runs `f` with the heap lock lifted: the interpreter's own bookkeeping (making an
    /// exception to raise) works while Python code has locked the heap, as in MicroPython.
    pub(crate) fn heap_unlocked<R>(&mut self, f: impl FnOnce(&mut Vm) -> R) -> R {
        let depth = core::mem::replace(&mut self.heap.lock_depth, 0);
        let r = f(self);
        self.heap.lock_depth = depth;
        r
    }
}

// micropython.kbd_intr(chr), alloc_emergency_exception_buf(size): accepted;
// the VM keeps its MemoryError ready in advance, so no buffer is needed.
fn noop(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::NONE)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("const", constant),
    NativeDef::new("mem_info", mem_info),
    NativeDef::new("opt_level", opt_level),
    NativeDef::new("schedule", schedule),
    NativeDef::new("kbd_intr", noop),
    NativeDef::new("heap_lock", heap_lock),
    NativeDef::new("heap_unlock", heap_unlock),
    NativeDef::new("heap_locked", heap_locked),
    NativeDef::new("qstr_info", qstr_info),
    NativeDef::new("alloc_emergency_exception_buf", noop),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}
