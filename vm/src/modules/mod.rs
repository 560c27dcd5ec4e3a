//! The module registry: native modules by name, and frozen modules written in Python. `import`
//! looks here (after `sys.modules`). Embedders and HAL crates add theirs with
//! `Vm::register_module`.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;

use crate::exc::PyResult;
use crate::frame::Frame;
use crate::intern::{Qstr, q};
use crate::obj::{ModuleObj, Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

pub mod args;
pub mod binascii;
pub mod builtins;
pub mod errno;
pub mod file;
pub mod framebuf;
pub mod gc;
pub mod hashlib;
pub mod heapq;
pub mod json;
pub mod machine;
pub mod math;
pub mod micropython;
pub mod os;
pub mod re;
pub mod stdio;
pub mod r#struct;
pub mod sys;
pub mod time;

#[cfg(test)]
mod asyncio_tests;
#[cfg(test)]
mod binary_text_tests;
#[cfg(test)]
mod stdlib_tests;

/// Fills a new module's dict.
pub type ModuleInit = fn(&mut Vm, Value) -> PyResult<()>;

pub struct ModuleDef {
    pub name: &'static str,
    pub init: ModuleInit,
}

/// The native modules. Keep sorted by name.
pub static MODULES: &[ModuleDef] = &[
    ModuleDef {
        name: "_framebuf",
        init: framebuf::init_module,
    },
    ModuleDef {
        name: "_fs",
        init: os::init,
    },
    ModuleDef {
        name: "_hashlib",
        init: hashlib::init,
    },
    ModuleDef {
        name: "_onewire",
        init: machine::onewire::init,
    },
    ModuleDef {
        name: "_re",
        init: re::init,
    },
    ModuleDef {
        name: "_select",
        init: stdio::init_select,
    },
    ModuleDef {
        name: "binascii",
        init: binascii::init,
    },
    ModuleDef {
        name: "builtins",
        init: builtins::init,
    },
    ModuleDef {
        name: "errno",
        init: errno::init,
    },
    ModuleDef {
        name: "esp32",
        init: machine::esp32::init,
    },
    ModuleDef {
        name: "gc",
        init: gc::init,
    },
    ModuleDef {
        name: "heapq",
        init: heapq::init,
    },
    ModuleDef {
        name: "json",
        init: json::init,
    },
    ModuleDef {
        name: "machine",
        init: machine::init,
    },
    ModuleDef {
        name: "math",
        init: math::init,
    },
    ModuleDef {
        name: "micropython",
        init: micropython::init,
    },
    ModuleDef {
        name: "struct",
        init: r#struct::init,
    },
    ModuleDef {
        name: "sys",
        init: sys::init,
    },
    ModuleDef {
        name: "time",
        init: time::init,
    },
    // MicroPython before 1.21 spelled it `ujson`; old programs still import that.
    ModuleDef {
        name: "ujson",
        init: json::init,
    },
];

/// Modules written in Python, compiled on first import: `(name, source)`.
pub static FROZEN: &[(&str, &str)] = &[
    ("apa106", include_str!("drivers/apa106.py")),
    ("array", include_str!("array.py")),
    // One module from four files: the scheduler, gather/wait_for, Event/Lock/ThreadSafeFlag,
    // streams.
    (
        "asyncio",
        concat!(
            include_str!("asyncio/core.py"),
            include_str!("asyncio/funcs.py"),
            include_str!("asyncio/sync.py"),
            include_str!("asyncio/stream.py")
        ),
    ),
    ("_file", include_str!("file.py")),
    ("collections", include_str!("collections.py")),
    ("dht", include_str!("drivers/dht.py")),
    ("ds18x20", include_str!("drivers/ds18x20.py")),
    ("framebuf", framebuf::SOURCE),
    ("gpio_lcd", include_str!("drivers/gpio_lcd.py")),
    ("hashlib", hashlib::SOURCE),
    ("i2c_lcd", include_str!("drivers/i2c_lcd.py")),
    ("io", include_str!("io.py")),
    ("lcd_api", include_str!("drivers/lcd_api.py")),
    ("neopixel", include_str!("drivers/neopixel.py")),
    ("onewire", include_str!("drivers/onewire.py")),
    ("os", include_str!("os.py")),
    ("random", include_str!("random.py")),
    ("re", re::SOURCE),
    ("select", include_str!("select.py")),
    ("ssd1306", include_str!("drivers/ssd1306.py")),
];

/// Frozen modules that are Python files on MicroPython too (frozen in its ESP32 firmware, or
/// copied to the board by users): a file of the same name in the current directory is
/// imported instead.
const USER_FIRST: &[&str] = &[
    "apa106", "dht", "ds18x20", "gpio_lcd", "i2c_lcd", "lcd_api", "neopixel", "onewire", "ssd1306",
];

/// Creates `builtins` and `sys` at start-up.
pub fn init(vm: &mut Vm) {
    let modules = vm.new_dict().unwrap_or(Value::NONE);
    vm.modules = modules;
    if let Ok(b) = vm.import(q::builtins)
        && let Obj::Module(m) = vm.heap.get(b)
    {
        vm.builtins = m.dict;
    }
    let _ = vm.import(q::sys);
}

impl Vm {
    /// Registers a native module (HAL crates: `machine`, `neopixel`...).
    pub fn register_module(&mut self, name: &str, init: ModuleInit) {
        let q = self.intern(name);
        self.extra_modules.push((q, init));
    }

    /// Adds native functions to a module dict.
    pub fn add_functions(&mut self, dict: Value, defs: &[NativeDef]) -> PyResult<()> {
        for d in defs {
            let f = self.register_native(d.name, d.f);
            let k = self.intern(d.name);
            self.dict_set(dict, Value::qstr(k), f)?;
        }
        Ok(())
    }

    pub fn set_item_str(&mut self, dict: Value, name: &str, v: Value) -> PyResult<()> {
        let k = self.intern(name);
        self.dict_set(dict, Value::qstr(k), v)
    }

    pub(crate) fn new_module(&mut self, name: Qstr) -> PyResult<(Value, Value)> {
        let dict = self.new_dict()?;
        self.dict_set(dict, Value::qstr(q::__name__), Value::qstr(name))?;
        let m = self.alloc(Obj::Module(Box::new(ModuleObj { name, dict })))?;
        Ok((m, dict))
    }

    /// `import name`.
    pub fn import(&mut self, name: Qstr) -> PyResult<Value> {
        if let Some(m) = self.dict_get_q(self.modules, name) {
            return Ok(m);
        }
        let sname = String::from(self.qstr_str(name));
        let init = MODULES
            .iter()
            .find(|d| d.name == sname)
            .map(|d| d.init)
            .or_else(|| {
                self.extra_modules
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, i)| *i)
            });
        if let Some(init) = init {
            let (m, dict) = self.new_module(name)?;
            self.dict_set(self.modules, Value::qstr(name), m)?;
            if let Err(e) = init(self, dict) {
                self.dict_del(self.modules, Value::qstr(name))?;
                return Err(e);
            }
            return Ok(m);
        }
        // A user's copy of a driver in the current directory wins over ours, as sys.path puts
        // '' before '.frozen' (tutorials have users copy ssd1306.py and friends to the board).
        let user_copy = USER_FIRST.contains(&sname.as_str())
            && self.read_file(&alloc::format!("{}.py", sname)).is_some();
        if let Some((_, src)) = FROZEN
            .iter()
            .find(|(n, _)| *n == sname)
            .filter(|_| !user_copy)
        {
            let (m, dict) = self.new_module(name)?;
            self.dict_set(self.modules, Value::qstr(name), m)?;
            let file = alloc::format!("<frozen {}>", sname);
            if let Err(e) = self.exec_source_in(src, &file, dict) {
                self.dict_del(self.modules, Value::qstr(name))?;
                return Err(e);
            }
            return Ok(m);
        }
        // Then the board's file system, where users put their own modules: the current
        // directory, then /lib, as MicroPython's default sys.path ('', '.frozen', '/lib').
        for dir in ["", "/lib/"] {
            let path = alloc::format!("{}{}.py", dir, sname);
            let Some(bytes) = self.read_file(&path) else {
                continue;
            };
            let src = String::from_utf8_lossy(&bytes).into_owned();
            let (m, dict) = self.new_module(name)?;
            self.dict_set(self.modules, Value::qstr(name), m)?;
            if let Err(e) = self.exec_source_in(&src, &path, dict) {
                self.dict_del(self.modules, Value::qstr(name))?;
                return Err(e);
            }
            return Ok(m);
        }
        // MicroPython's weak links: `import ustruct` finds `struct` when no `ustruct` exists, so
        // programs written for older firmware keep working (py/builtinimport.c).
        if let Some(plain) = sname.strip_prefix('u').filter(|rest| !rest.is_empty()) {
            let plain = self.intern(plain);
            if let Ok(m) = self.import(plain) {
                return Ok(m);
            }
        }
        let msg = alloc::format!("no module named '{}'", sname);
        Err(self.err(TypeId::ImportError, &msg))
    }

    /// `from module import *`.
    pub(crate) fn import_star(&mut self, m: Value, globals: Value) -> PyResult<()> {
        let d = match self.heap.get(m) {
            Obj::Module(mo) => mo.dict,
            _ => return Err(self.type_error("import * from a non-module")),
        };
        for (k, v) in self.dict_items(d)? {
            if self.as_str(k).is_some_and(|s| s.starts_with('_')) {
                continue;
            }
            self.dict_set(globals, k, v)?;
        }
        Ok(())
    }

    /// Compiles and runs source in the given globals dict (nested), for frozen modules,
    /// `exec` and `eval`.
    pub(crate) fn exec_source_in(
        &mut self,
        src: &str,
        file: &str,
        globals: Value,
    ) -> PyResult<Value> {
        let code = self.compile_source(src, file, crate::compiler::Mode::Exec)?;
        self.exec_code_in(code, globals, Value::NULL)
    }

    pub(crate) fn exec_code_in(
        &mut self,
        code: Rc<crate::bytecode::Code>,
        globals: Value,
        ns: Value,
    ) -> PyResult<Value> {
        let mut f = Frame::new(code, globals);
        f.ns = ns;
        self.run_frame_nested(f)
    }

    /// Parses and compiles, turning a syntax error into a SyntaxError exception.
    pub(crate) fn compile_source(
        &mut self,
        src: &str,
        file: &str,
        mode: crate::compiler::Mode,
    ) -> PyResult<Rc<crate::bytecode::Code>> {
        let module = match crate::parser::parse_module(src) {
            Ok(m) => m,
            Err(e) => {
                let t = match e.kind {
                    crate::ast::SyntaxErrorKind::IndentationError => TypeId::IndentationError,
                    crate::ast::SyntaxErrorKind::SyntaxError => TypeId::SyntaxError,
                };
                return Err(self.syntax_error(t, &e.message, file, e.line));
            }
        };
        match self.compile_module(&module, file, mode) {
            Ok(c) => Ok(c),
            Err(e) if e.message == crate::compiler::OUT_OF_MEMORY => Err(self.memory_error()),
            Err(e) => Err(self.syntax_error(TypeId::SyntaxError, &e.message, file, e.line)),
        }
    }

    pub(crate) fn syntax_error(
        &mut self,
        t: TypeId,
        msg: &str,
        file: &str,
        line: u32,
    ) -> crate::exc::PyErr {
        let e = self.err(t, msg);
        let filename = self.intern(file);
        if let Obj::Exception(x) = self.heap.get_mut(e.value()) {
            x.traceback.push(crate::obj::TbEntry {
                filename,
                line,
                name: q::empty,
            });
        }
        e
    }
}
