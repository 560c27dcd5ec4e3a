//! The VM state and its embedding API: configuration, allocation, and the small accessors the
//! rest of the crate uses (type of a value, strings, natives).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::exc::{PyErr, PyResult};
use crate::frame::Frame;
use crate::heap::Heap;
use crate::intern::{Interner, Qstr, hash_bytes};
use crate::obj::{Obj, StrObj, TYPE_COUNT, TypeId};
use crate::value::Value;

/// A native function: `args[0]` is `self` for methods; keyword arguments come separately.
pub type NativeFn = fn(&mut Vm, &[Value], &[(Qstr, Value)]) -> PyResult<Value>;

/// A native function or method in a type's or module's table.
pub struct NativeDef {
    pub name: &'static str,
    pub f: NativeFn,
}

impl NativeDef {
    pub const fn new(name: &'static str, f: NativeFn) -> NativeDef {
        NativeDef { name, f }
    }
}

/// What the embedder chooses.
#[derive(Clone, Debug)]
pub struct Config {
    /// Capacity of the GC heap in bytes (default 128 KiB, an ESP32 without PSRAM).
    pub heap_bytes: usize,
    /// Maximum depth of Python frames before RecursionError.
    pub max_depth: usize,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// Testing aid: collect on every Nth allocation (0: only when the heap is full), so a
    /// value the collector cannot see is freed early and the bug shows.
    pub gc_stress: u32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            heap_bytes: 128 * 1024,
            max_depth: 1000,
            argv: Vec::new(),
            gc_stress: 0,
        }
    }
}

/// Why `Vm::run` returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// The main module finished (or there is nothing to run).
    Finished,
    /// An exception escaped the main module; `Vm::format_exception` renders its traceback.
    Exception,
    /// `time.sleep`: call `run` again once the clock has reached `until_us`.
    Sleeping { until_us: u64 },
    /// `input()` needs a line: `feed_input` it, then call `run` again.
    WaitingForInput,
    /// `budget` instructions ran; call `run` again to continue.
    BudgetExhausted,
    /// `SystemExit` reached the top level with this exit status.
    Exit(i32),
}

/// Which stream output belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A pending generator resumption requested by a native (`generator.send`, `next(generator)`): the
/// interpreter pushes the generator's frame instead of recursing.
#[derive(Clone, Copy)]
pub(crate) struct Resume {
    pub generator: Value,
    pub value: Value,
    pub throw: bool,
}

pub struct Vm {
    pub(crate) heap: Heap,
    pub(crate) interner: Interner,
    pub(crate) types: [Value; TYPE_COUNT],
    pub(crate) natives: Vec<(Qstr, NativeFn)>,
    /// The `builtins` module's dict.
    pub(crate) builtins: Value,
    /// `sys.modules`: name -> module.
    pub(crate) modules: Value,
    pub(crate) frames: Vec<Frame>,
    pub(crate) config: Config,
    pub(crate) memory_error: Value,
    pub(crate) output: Vec<(Stream, Vec<u8>)>,
    pub(crate) time_us: u64,
    pub(crate) sleep_until: Option<u64>,
    pub(crate) input: Vec<u8>,
    pub(crate) input_eof: bool,
    /// The end of a sleep that input should cut short (`_select.sleep_for_stdin`: an asyncio
    /// loop or a poll waiting for stdin and for time at once).
    pub(crate) input_poll_until: Option<u64>,
    pub(crate) interrupted: bool,
    /// Depth of nested interpreter loops (natives calling back into Python).
    pub(crate) nest: u32,
    /// Depth of native recursion (repr of nested containers, comparisons).
    pub(crate) native_depth: u32,
    pub(crate) resume: Option<Resume>,
    /// The exception that escaped the last run, for `format_exception`.
    pub(crate) last_exc: Value,
    /// Extra GC roots (the main module, values the embedder holds).
    pub(crate) roots: Vec<Value>,
    pub(crate) main_module: Value,
    /// Start of the nursery owned by the innermost interpreter loop.
    pub(crate) nursery_base: usize,
    /// Native modules registered by the embedder.
    pub(crate) extra_modules: Vec<(Qstr, crate::modules::ModuleInit)>,
    /// `input()` printed its prompt and waits for a line.
    pub(crate) prompt_shown: bool,
    /// Callbacks waiting to run between instructions (`micropython.schedule`, IRQs, timers).
    pub(crate) scheduled: alloc::collections::VecDeque<(Value, Value)>,
    pub(crate) stress_count: u32,
    /// Set by `Reraise`: the next unwinding adds no traceback entry.
    pub(crate) reraising: bool,
    /// The file system and `os.urandom`'s generator.
    pub(crate) os: crate::modules::os::OsState,
    /// The board `machine` drives (`Vm::attach_board`).
    pub(crate) board: Option<Box<dyn crate::hal::Board>>,
    /// `machine`'s pins, IRQ handlers, PWM channels and timers.
    pub(crate) machine: crate::modules::machine::MachineState,
}

impl Vm {
    pub fn new(config: Config) -> Vm {
        let mut vm = Vm {
            heap: Heap::new(config.heap_bytes),
            interner: Interner::new(),
            types: [Value::NONE; TYPE_COUNT],
            natives: Vec::new(),
            builtins: Value::NONE,
            modules: Value::NONE,
            frames: Vec::new(),
            config,
            memory_error: Value::NONE,
            output: Vec::new(),
            time_us: 0,
            sleep_until: None,
            input: Vec::new(),
            input_eof: false,
            input_poll_until: None,
            interrupted: false,
            nest: 0,
            native_depth: 0,
            resume: None,
            last_exc: Value::NONE,
            roots: Vec::new(),
            main_module: Value::NONE,
            nursery_base: 0,
            reraising: false,
            os: Default::default(),
            stress_count: 0,
            scheduled: alloc::collections::VecDeque::new(),
            extra_modules: Vec::new(),
            prompt_shown: false,
            board: None,
            machine: Default::default(),
        };
        // Start-up objects must fit; with an absurdly small heap, grow it rather than fail.
        let cap = vm.heap.capacity;
        vm.heap.capacity = usize::MAX;
        crate::obj::types::init_types(&mut vm);
        crate::modules::init(&mut vm);
        let me = vm.new_exc(TypeId::MemoryError, None);
        vm.memory_error = me.0;
        vm.heap.capacity = cap.max(vm.heap.used + 4096);
        // Frames live outside the GC heap; keep deep recursion in proportion to the board.
        vm.config.max_depth = vm.config.max_depth.min((cap / 256).max(64));
        vm.heap.nursery.clear();
        vm
    }

    // ----- allocation -----

    /// Allocates a heap object, collecting first if it would not fit. MemoryError when the heap
    /// is full even after a collection.
    pub fn alloc(&mut self, obj: Obj) -> PyResult<Value> {
        let size = obj.size();
        self.check_heap_lock()?;
        if self.config.gc_stress > 0 {
            self.stress_count += 1;
            if self.stress_count.is_multiple_of(self.config.gc_stress) {
                self.collect();
            }
        }
        if !self.heap.fits(size) {
            self.collect();
            if !self.heap.fits(size) {
                return Err(PyErr(self.memory_error));
            }
        }
        Ok(self.heap.insert(obj))
    }

    /// Accounts for `bytes` of growth of an existing object, collecting or raising MemoryError
    /// when it would not fit.
    pub fn reserve(&mut self, bytes: usize) -> PyResult<()> {
        self.check_heap_lock()?;
        if !self.heap.fits(bytes) {
            self.collect();
            if !self.heap.fits(bytes) {
                return Err(PyErr(self.memory_error));
            }
        }
        self.heap.grew(bytes);
        Ok(())
    }

    /// Checks that `bytes` more would fit (collecting if needed) before building a large new
    /// object, so a huge repetition raises MemoryError instead of exhausting the host.
    pub fn ensure_room(&mut self, bytes: usize) -> PyResult<()> {
        self.check_heap_lock()?;
        if !self.heap.fits(bytes) {
            self.collect();
            if !self.heap.fits(bytes) {
                return Err(PyErr(self.memory_error));
            }
        }
        Ok(())
    }

    /// Runs a full collection now.
    pub fn collect(&mut self) {
        let roots = self.roots_for_gc();
        self.heap.collect(roots);
    }

    pub fn mem_alloc(&self) -> usize {
        self.heap.used
    }

    pub fn mem_free(&self) -> usize {
        self.heap.capacity.saturating_sub(self.heap.used)
    }

    // ----- types -----

    #[inline]
    pub fn ty(&self, t: TypeId) -> Value {
        self.types[t as usize]
    }

    pub fn type_of(&self, v: Value) -> Value {
        match self.builtin_type_id(v) {
            Some(t) => self.ty(t),
            None => self.user_class(v).unwrap_or(self.ty(TypeId::Object)),
        }
    }

    /// The class of instances of user classes (and exceptions), else None.
    fn user_class(&self, v: Value) -> Option<Value> {
        match self.heap.get(v) {
            Obj::Instance(i) => Some(i.class),
            Obj::Exception(e) => Some(e.class),
            _ => None,
        }
    }

    /// The built-in type of a value (for instances: None).
    pub fn builtin_type_id(&self, v: Value) -> Option<TypeId> {
        if v.is_small() {
            return Some(TypeId::Int);
        }
        if v.as_qstr().is_some() {
            return Some(TypeId::Str);
        }
        if v.as_native().is_some() {
            return Some(TypeId::NativeFunction);
        }
        if v.heap_index().is_none() {
            return Some(match v {
                Value::TRUE | Value::FALSE => TypeId::Bool,
                Value::ELLIPSIS => TypeId::Ellipsis,
                Value::NOT_IMPLEMENTED => TypeId::NotImplementedType,
                _ => TypeId::NoneType,
            });
        }
        Some(match self.heap.get(v) {
            Obj::Str(_) => TypeId::Str,
            Obj::Bytes(_) => TypeId::Bytes,
            Obj::ByteArray(_) => TypeId::ByteArray,
            Obj::Float(_) => TypeId::Float,
            Obj::Int(_) => TypeId::Int,
            Obj::List(_) => TypeId::List,
            Obj::Tuple(_) => TypeId::Tuple,
            Obj::Dict(_) => TypeId::Dict,
            Obj::Set(_) => TypeId::Set,
            Obj::FrozenSet(_) => TypeId::FrozenSet,
            Obj::DictView(_, k) => match k {
                crate::obj::DictViewKind::Keys => TypeId::DictKeys,
                crate::obj::DictViewKind::Values => TypeId::DictValues,
                crate::obj::DictViewKind::Items => TypeId::DictItems,
            },
            Obj::Range(_) => TypeId::Range,
            Obj::Slice(_) => TypeId::Slice,
            Obj::Function(_) => TypeId::Function,
            Obj::BoundMethod(..) => TypeId::BoundMethod,
            Obj::Type(_) => TypeId::Type,
            Obj::Instance(_) | Obj::Exception(_) => return None,
            Obj::Module(_) => TypeId::Module,
            Obj::Cell(_) => TypeId::Cell,
            Obj::Code(_) => TypeId::Code,
            Obj::Generator(g) => {
                if g.coroutine {
                    TypeId::Coroutine
                } else {
                    TypeId::Generator
                }
            }
            Obj::Iter(_) => TypeId::Iterator,
            Obj::Property(_) => TypeId::Property,
            Obj::ClassMethod(_) => TypeId::ClassMethod,
            Obj::StaticMethod(_) => TypeId::StaticMethod,
            Obj::Super(..) => TypeId::Super,
            Obj::MemoryView(_) => TypeId::MemoryView,
            Obj::Free => TypeId::NoneType,
        })
    }

    pub fn class_name(&self, class: Value) -> &str {
        match self.heap.get(class) {
            Obj::Type(t) => self.interner.get(t.name),
            _ => "?",
        }
    }

    pub fn type_name(&self, v: Value) -> &str {
        self.class_name(self.type_of(v))
    }

    /// Is `sub` the same class as `sup` or derived from it?
    pub fn is_subclass(&self, sub: Value, sup: Value) -> bool {
        if sub == sup || sup == self.ty(TypeId::Object) {
            return true;
        }
        match self.heap.get(sub) {
            Obj::Type(t) => t.mro.contains(&sup),
            _ => false,
        }
    }

    pub fn isinstance(&self, v: Value, class: Value) -> bool {
        self.is_subclass(self.type_of(v), class)
    }

    pub fn is_type(&self, v: Value, t: TypeId) -> bool {
        self.isinstance(v, self.ty(t))
    }

    // ----- strings -----

    pub fn intern(&mut self, s: &str) -> Qstr {
        self.interner.intern(s)
    }

    pub fn qstr_str(&self, q: Qstr) -> &str {
        self.interner.get(q)
    }

    /// A new str value: interned when short and already known, else on the heap.
    pub fn new_str(&mut self, s: &str) -> PyResult<Value> {
        if s.len() <= 1 {
            return Ok(Value::qstr(self.interner.intern(s)));
        }
        if let Some(q) = self.interner.find(s) {
            return Ok(Value::qstr(q));
        }
        let chars = s.chars().count() as u32;
        self.alloc(Obj::Str(StrObj {
            s: Box::from(s),
            hash: hash_bytes(s.as_bytes()),
            chars,
        }))
    }

    pub fn new_string(&mut self, s: String) -> PyResult<Value> {
        self.new_str(&s)
    }

    /// The contents of a str value (interned or heap), or None for anything else.
    pub fn as_str(&self, v: Value) -> Option<&str> {
        if let Some(q) = v.as_qstr() {
            return Some(self.interner.get(q));
        }
        match self.heap.get(v) {
            Obj::Str(s) => Some(&s.s),
            _ => None,
        }
    }

    /// Interns a str value (attribute names given as strings at run time).
    pub fn str_to_qstr(&mut self, v: Value) -> Option<Qstr> {
        if let Some(q) = v.as_qstr() {
            return Some(q);
        }
        let s = match self.heap.get(v) {
            Obj::Str(s) => String::from(&*s.s),
            _ => return None,
        };
        Some(self.interner.intern(&s))
    }

    // ----- natives -----

    pub(crate) fn register_native(&mut self, name: &str, f: NativeFn) -> Value {
        let q = self.intern(name);
        self.natives.push((q, f));
        Value::native((self.natives.len() - 1) as u32)
    }

    pub(crate) fn native(&self, v: Value) -> Option<(Qstr, NativeFn)> {
        v.as_native()
            .and_then(|i| self.natives.get(i as usize))
            .copied()
    }

    // ----- output -----

    pub(crate) fn write(&mut self, stream: Stream, bytes: &[u8]) {
        match self.output.last_mut() {
            Some((s, buf)) if *s == stream => buf.extend_from_slice(bytes),
            _ => self.output.push((stream, bytes.to_vec())),
        }
    }

    /// Drains what the program printed since the last call, in order, tagged by stream.
    pub fn take_output(&mut self) -> Vec<(Stream, Vec<u8>)> {
        core::mem::take(&mut self.output)
    }

    // ----- time and input -----

    /// The virtual clock, in microseconds.
    pub fn time_us(&self) -> u64 {
        self.time_us
    }

    pub fn set_time_us(&mut self, t: u64) {
        self.time_us = self.time_us.max(t);
    }

    pub fn advance_time_us(&mut self, dt: u64) {
        self.time_us = self.time_us.saturating_add(dt);
    }

    /// Bytes for `input()` (and `sys.stdin`).
    pub fn feed_input(&mut self, bytes: &[u8]) {
        self.input.extend_from_slice(bytes);
        self.wake_for_input();
    }

    /// No more input will come: `input()` raises EOFError once the buffer is empty.
    pub fn close_input(&mut self) {
        self.input_eof = true;
        self.wake_for_input();
    }

    /// Is the program sleeping until a time *or* until input comes, whichever is first (an
    /// asyncio StreamReader on stdin beside timed tasks)? Then the embedder should pass on
    /// input that arrives during the sleep (`feed_input` ends the sleep) instead of waiting.
    pub fn wants_input(&self) -> bool {
        self.sleep_until.is_some() && self.sleep_until == self.input_poll_until
    }

    fn wake_for_input(&mut self) {
        if self.wants_input() {
            self.sleep_until = None;
        }
        self.input_poll_until = None;
    }

    /// Ctrl-C: the next backward jump or call raises KeyboardInterrupt.
    pub fn interrupt(&mut self) {
        self.interrupted = true;
    }
}
