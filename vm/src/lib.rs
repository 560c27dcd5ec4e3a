//! The esprit Python VM: lexer, parser, compiler, stackless interpreter, object model and
//! standard modules. `no_std` + `alloc`, so the same crate runs on the ESP32, in the browser and on
//! the host.
//!
//! Embedding, in short:
//!
//! ```
//! use vm::{Config, RunOutcome, Vm};
//! let mut vm = Vm::new(Config::default());
//! vm.load_main("print(6 * 7)", "main.py").unwrap();
//! assert_eq!(vm.run(10_000), RunOutcome::Finished);
//! let out: Vec<u8> = vm.take_output().into_iter().flat_map(|(_, b)| b).collect();
//! assert_eq!(out, b"42\n");
//! ```
#![no_std]

extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod ast;
pub mod lexer;
pub mod num;
pub mod parser;
pub mod repl;

mod attr;
pub mod bytecode;
mod call;
pub mod compiler;
mod console;
mod exc;
mod format;
mod frame;
pub mod fs;
mod gc;
pub mod hal;
mod heap;
pub mod intern;
mod interp;
pub mod main_loop;
pub mod modules;
pub mod obj;
mod ops;
mod repr;
mod scope;
mod seqops;
mod subscr;
pub mod value;
mod vm;

#[cfg(test)]
mod tests;

pub use console::VmCompleter;
pub use exc::{PyErr, PyResult};
pub use value::Value;
pub use vm::{Config, NativeDef, NativeFn, RunOutcome, Stream, Vm};

use alloc::string::String;

use crate::frame::Frame;
use crate::interp::Exit;
use crate::obj::{Obj, TypeId};

/// A program that failed before running: its SyntaxError traceback text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub traceback: String,
}

impl Vm {
    /// Compiles `source` as the `__main__` module and makes it the program `run` executes.
    /// A SyntaxError comes back as its formatted traceback.
    pub fn load_main(&mut self, source: &str, filename: &str) -> Result<(), LoadError> {
        self.frames.clear();
        self.last_exc = Value::NONE;
        // A Ctrl-C that came after the last program ended belongs to no program: pyexec.c
        // drops a pending KeyboardInterrupt when execution ends.
        self.interrupted = false;
        // A heap lock dies with the program that took it: compiling needs the heap, and a
        // REPL left locked could never run `micropython.heap_unlock()`.
        self.heap.lock_depth = 0;
        let code = match self.compile_source(source, filename, compiler::Mode::Exec) {
            Ok(c) => c,
            Err(e) => {
                return Err(LoadError {
                    traceback: self.format_exception(e.value()),
                });
            }
        };
        let globals = self.main_globals();
        self.frames.push(Frame::new(code, globals));
        Ok(())
    }

    /// The `__main__` module's globals (created on first use, kept across REPL inputs).
    fn main_globals(&mut self) -> Value {
        if let Obj::Module(m) = self.heap.get(self.main_module) {
            return m.dict;
        }
        match self.new_module(intern::q::__main__) {
            Ok((m, d)) => {
                self.main_module = m;
                let _ = self.dict_set(self.modules, Value::qstr(intern::q::__main__), m);
                d
            }
            Err(_) => Value::NONE,
        }
    }

    /// Compiles one REPL input in single mode (expression values are echoed and bound to `_`)
    /// and makes it the program `run` executes.
    pub fn load_repl_input(&mut self, source: &str) -> Result<(), LoadError> {
        self.frames.clear();
        self.last_exc = Value::NONE;
        // A Ctrl-C that came after the last program ended belongs to no program: pyexec.c
        // drops a pending KeyboardInterrupt when execution ends.
        self.interrupted = false;
        // A heap lock dies with the program that took it: compiling needs the heap, and a
        // REPL left locked could never run `micropython.heap_unlock()`.
        self.heap.lock_depth = 0;
        let code = match self.compile_source(source, "<stdin>", compiler::Mode::Single) {
            Ok(c) => c,
            Err(e) => {
                return Err(LoadError {
                    traceback: self.format_exception(e.value()),
                });
            }
        };
        let globals = self.main_globals();
        self.frames.push(Frame::new(code, globals));
        Ok(())
    }

    /// Runs up to `budget` instructions of the loaded program and says why it stopped.
    pub fn run(&mut self, budget: u32) -> RunOutcome {
        // Pin edges and timers since the last run queue their handlers (`machine`).
        if self.poll_machine() {
            // The watchdog was not fed in time: the chip resets (the console reboots).
            self.frames.clear();
            self.sleep_until = None;
            return RunOutcome::Exit(0);
        }
        let mut woken = false;
        if let Some(until) = self.sleep_until {
            if self.time_us < until && !self.interrupted {
                // A sleeping program's IRQ handlers run during the sleep, as on a board.
                if !self.scheduled.is_empty() && !self.frames.is_empty() {
                    self.run_scheduled();
                }
                return RunOutcome::Sleeping {
                    until_us: self.machine_wake_time(until),
                };
            }
            // Ctrl-C ends a sleep early, with KeyboardInterrupt, as on a board.
            woken = self.time_us < until;
            self.sleep_until = None;
        }
        if self.frames.is_empty() {
            return RunOutcome::Finished;
        }
        self.nursery_base = 0;
        let r = if woken {
            self.raise_interrupt(u64::from(budget))
        } else {
            self.run_loop(u64::from(budget), false)
        };
        self.heap.nursery.clear();
        match r {
            Ok(Exit::Returned(_)) | Ok(Exit::Yielded(_)) => {
                self.frames.clear();
                RunOutcome::Finished
            }
            Ok(Exit::Budget) => RunOutcome::BudgetExhausted,
            Ok(Exit::Sleep(until)) => RunOutcome::Sleeping {
                until_us: self.machine_wake_time(until),
            },
            Ok(Exit::Input) => RunOutcome::WaitingForInput,
            Err(e) => {
                self.frames.clear();
                let v = e.value();
                if self.is_subclass(self.exc_class(v), self.ty(TypeId::SystemExit)) {
                    let args = self.exc_args(v);
                    let code = match args.first() {
                        None => 0,
                        Some(a) if a.is_none() => 0,
                        Some(a) => match self.to_i64(*a) {
                            Some(c) => c as i32,
                            None => {
                                if let Ok(s) = self.to_str(*a) {
                                    self.write(Stream::Stderr, s.as_bytes());
                                    self.write(Stream::Stderr, b"\n");
                                }
                                1
                            }
                        },
                    };
                    return RunOutcome::Exit(code);
                }
                self.last_exc = v;
                RunOutcome::Exception
            }
        }
    }

    /// The traceback of the exception that ended the last `run`, in MicroPython's format.
    pub fn last_traceback(&mut self) -> Option<String> {
        let e = self.last_exc;
        if matches!(self.heap.get(e), Obj::Exception(_)) {
            Some(self.format_exception(e))
        } else {
            None
        }
    }

    /// A global of the `__main__` module.
    pub fn global(&mut self, name: &str) -> Option<Value> {
        let g = self.main_globals();
        let q = self.intern(name);
        self.dict_get_q(g, q)
    }

    /// Sets a global of the `__main__` module.
    pub fn set_global(&mut self, name: &str, v: Value) -> PyResult<()> {
        let g = self.main_globals();
        let q = self.intern(name);
        self.dict_set(g, Value::qstr(q), v)
    }

    /// Names for the REPL's Tab completion (see `repl::Completer`): the globals of `__main__`,
    /// the attributes of the object a dotted path names, or the importable modules.
    pub fn completions(
        &mut self,
        scope: repl::Scope<'_>,
        partial: &str,
    ) -> alloc::vec::Vec<String> {
        let names: alloc::vec::Vec<intern::Qstr> = match scope {
            repl::Scope::Globals => {
                let g = self.main_globals();
                self.dict_keys(g)
                    .iter()
                    .filter_map(|k| k.as_qstr())
                    .collect()
            }
            repl::Scope::Attributes(path) => {
                let g = self.main_globals();
                let mut parts = path.split('.');
                let first = parts.next().unwrap_or("");
                let q = self.intern(first);
                let Some(mut obj) = self
                    .dict_get_q(g, q)
                    .or_else(|| self.dict_get_q(self.builtins, q))
                else {
                    return alloc::vec::Vec::new();
                };
                for p in parts {
                    let q = self.intern(p);
                    match self.getattr_opt(obj, q) {
                        Ok(Some(v)) => obj = v,
                        _ => return alloc::vec::Vec::new(),
                    }
                }
                self.dir(obj)
            }
            repl::Scope::Modules => {
                let mut v: alloc::vec::Vec<String> = modules::MODULES
                    .iter()
                    .map(|m| String::from(m.name))
                    .collect();
                v.extend(modules::FROZEN.iter().map(|(n, _)| String::from(*n)));
                v.extend(
                    self.extra_modules
                        .iter()
                        .map(|(n, _)| String::from(self.qstr_str(*n))),
                );
                return v.into_iter().filter(|n| n.starts_with(partial)).collect();
            }
        };
        names
            .into_iter()
            .map(|q| String::from(self.qstr_str(q)))
            .filter(|n| n.starts_with(partial) && !n.is_empty())
            .collect()
    }

    /// Is a program loaded and not yet finished?
    pub fn is_running(&self) -> bool {
        !self.frames.is_empty()
    }
}
