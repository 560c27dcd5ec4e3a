//! What a console embedder needs from the VM beyond running programs: loading a REPL input in the
//! mode the REPL asks for, a [`Completer`] over the VM's names, and waking a sleeping program
//! for Ctrl-C. The byte protocol itself is `repl`; the embedder wires the two together.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::obj::TypeId;
use crate::repl::{Completer, ExecMode, Scope};
use crate::{LoadError, PyErr, Vm};

impl Vm {
    /// Loads one input from the REPL as the program `run` executes, named `<stdin>`.
    /// Single and Paste compile in single mode: every top-level expression statement prints its
    /// repr and sets `_` (pyexec.c passes `EXEC_FLAG_IS_REPL` for paste mode too); File (the raw
    /// REPL) prints nothing of its own.
    pub fn load_console_input(&mut self, source: &str, mode: ExecMode) -> Result<(), LoadError> {
        match mode {
            ExecMode::Single | ExecMode::Paste => self.load_repl_input(source),
            ExecMode::File => {
                // `load_main` would make a compile error look like a file's; the name is what
                // MicroPython reports for all console input.
                self.load_main(source, "<stdin>")
            }
        }
    }

    /// Raises KeyboardInterrupt where the program sleeps (`run` after [`Vm::interrupt`] during
    /// `time.sleep`), then goes on running its handlers.
    pub(crate) fn raise_interrupt(&mut self, budget: u64) -> Result<crate::interp::Exit, PyErr> {
        self.interrupted = false;
        let e = self.new_exc(TypeId::KeyboardInterrupt, None);
        self.handle_exception(e, true, false)?;
        self.run_loop(budget, false)
    }

    /// Soft reset (Ctrl-D, `machine.soft_reset()`): a fresh heap, fresh modules and `__main__`,
    /// as MicroPython's `gc_init` + `mp_init` do; only the board's clock goes on. The embedder
    /// then registers its modules and mounts the flash again, as the port's `_boot.py` remounts.
    pub fn soft_reset(&mut self) {
        let mut fresh = Vm::new(self.config.clone());
        fresh.time_us = self.time_us;
        *self = fresh;
    }

    /// Makes `input()` wait for lines again after [`Vm::close_input`] (Ctrl-D on one `input()`
    /// line is EOFError for that call only), dropping unread input.
    pub fn reopen_input(&mut self) {
        self.input.clear();
        self.input_eof = false;
        self.prompt_shown = false;
    }
}

/// A [`Completer`] over a VM, for [`crate::repl::Repl::feed`]. The VM is borrowed mutably
/// because looking names up interns strings; the REPL asks through a shared reference.
pub struct VmCompleter<'a>(RefCell<&'a mut Vm>);

impl<'a> VmCompleter<'a> {
    pub fn new(vm: &'a mut Vm) -> VmCompleter<'a> {
        VmCompleter(RefCell::new(vm))
    }
}

impl Completer for VmCompleter<'_> {
    fn complete(&self, scope: Scope<'_>, partial: &str) -> Vec<String> {
        match self.0.try_borrow_mut() {
            Ok(mut vm) => vm.completions(scope, partial),
            Err(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, RunOutcome};

    fn vm_with(src: &str) -> Vm {
        let mut vm = Vm::new(Config::default());
        assert!(vm.load_repl_input(src).is_ok());
        assert_eq!(vm.run(100_000), RunOutcome::Finished);
        vm
    }

    #[test]
    fn globals_and_attributes_complete() {
        let mut vm = vm_with("import sys\nalpha = 1\nclass K:\n    beta = 2\n");
        let mut names = vm.completions(Scope::Globals, "");
        names.sort();
        assert!(names.contains(&String::from("alpha")));
        assert!(names.contains(&String::from("sys")));
        assert!(vm.completions(Scope::Attributes("K"), "be") == ["beta"]);
        assert!(
            vm.completions(Scope::Attributes("sys"), "")
                .contains(&String::from("argv"))
        );
        assert!(vm.completions(Scope::Attributes("nope.x"), "").is_empty());
        assert!(
            vm.completions(Scope::Modules, "ma")
                .contains(&String::from("math"))
        );
    }

    #[test]
    fn paste_prints_every_expression_and_file_mode_prints_none() {
        let mut vm = Vm::new(Config::default());
        assert!(vm.load_console_input("1\n2\n", ExecMode::Paste).is_ok());
        assert_eq!(vm.run(100_000), RunOutcome::Finished);
        let out: Vec<u8> = vm.take_output().into_iter().flat_map(|(_, b)| b).collect();
        assert_eq!(out, b"1\n2\n");
        assert!(vm.load_console_input("3\n", ExecMode::File).is_ok());
        assert_eq!(vm.run(100_000), RunOutcome::Finished);
        assert!(vm.take_output().is_empty());
    }

    #[test]
    fn ctrl_c_ends_a_sleep_with_keyboard_interrupt() {
        let mut vm = Vm::new(Config::default());
        let src = "import time\ntry:\n    time.sleep(10)\nexcept KeyboardInterrupt:\n    print('caught')\n";
        assert!(vm.load_main(src, "main.py").is_ok());
        assert!(matches!(vm.run(10_000), RunOutcome::Sleeping { .. }));
        vm.interrupt();
        assert_eq!(vm.run(10_000), RunOutcome::Finished);
        let out: Vec<u8> = vm.take_output().into_iter().flat_map(|(_, b)| b).collect();
        assert_eq!(out, b"caught\n");
        assert!(vm.time_us() < 10_000_000);
    }

    #[test]
    fn soft_reset_clears_python_state_but_not_the_clock() {
        let mut vm = Vm::new(Config::default());
        vm.advance_time_us(5);
        assert!(vm.load_repl_input("x = 1\n").is_ok());
        assert_eq!(vm.run(1000), RunOutcome::Finished);
        vm.soft_reset();
        assert_eq!(vm.time_us(), 5);
        assert!(vm.global("x").is_none());
    }
}
