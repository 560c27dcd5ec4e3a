//! The board's main loop: a [`Vm`] and a [`Repl`] wired together as the ESP32 port's main loop
//! wires them (ports/esp32/main.c, shared/runtime/pyexec.c): boot.py, main.py, then the friendly
//! or raw REPL. Console bytes go in, console bytes come out; code runs in budget slices so Ctrl-C
//! typed mid-run raises KeyboardInterrupt. It knows nothing of stdin, ptys, UARTs or wall-clock
//! time (the caller supplies the time), so the host CLI, the web page and the firmware on a chip
//! all drive the same loop.

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;

use crate::repl::{Action, Banner, ExecOutcome, Limits, Mode, Repl};
use crate::{Config, RunOutcome, Vm, VmCompleter};

/// What a board adds to the VM: its HAL modules and its file system.
pub trait Board {
    /// Register modules (`machine`...) and mount the flash on a fresh VM: at power-on and after
    /// every soft reset ([`Vm::soft_reset`]), as the port's `_boot.py` remounts the flash.
    fn setup(&mut self, _vm: &mut Vm) {}
    /// The text of a file on the board's file system (`boot.py`, `main.py`), if it exists.
    fn read_file(&mut self, vm: &mut Vm, path: &str) -> Option<String> {
        vm.read_file(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
    /// The first line of the friendly REPL's banner: which board and chip this is.
    fn banner(&self) -> Banner {
        banner()
    }
}

/// A board with no modules of its own and no flash of its own: the VM mounts a blank RAM flash
/// on first use, so files do not outlive a soft reset (`flash_file::FlashBoard` keeps them).
pub struct BareBoard;

impl Board for BareBoard {}

/// What the console waits for after [`Console::run`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poll {
    /// Code is running: call `run` again soon (after feeding any input that arrived).
    Busy,
    /// The REPL waits for console input.
    Idle,
    /// A running program waits for console input (`input()`).
    WaitingForInput,
    /// A running program sleeps until this virtual time (µs); input may come first.
    Sleeping { until_us: u64 },
}

/// Where the board is in its boot sequence or REPL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Run `boot.py` next.
    BootPy,
    /// `boot.py` runs.
    RunningBootPy,
    /// Run `main.py` next (friendly mode only).
    MainPy,
    /// `main.py` runs.
    RunningMainPy,
    /// The REPL owns the console.
    Repl,
    /// Code the REPL asked for runs.
    Executing,
}

/// The banner of a generic ESP32 board (MicroPython's `ESP32_GENERIC`), which the simulator is.
pub fn banner() -> Banner {
    Banner {
        version: "v1.24.1".into(),
        build_date: "2024-11-29".into(),
        board: "Generic ESP32 module".into(),
        mcu: "ESP32".into(),
    }
}

/// One board's console: feed it bytes, run it, take its output.
pub struct Console {
    board: Box<dyn Board>,
    vm: Vm,
    repl: Repl,
    phase: Phase,
    /// Console output not yet taken.
    out: Vec<u8>,
    /// Actions the REPL asked for and not yet carried out.
    todo: VecDeque<Action>,
    /// The program asked `input()` for a line and the REPL is editing it.
    reading_line: bool,
    now_us: u64,
}

impl Console {
    /// Powers the board on: a fresh VM, then `boot.py` and `main.py` as [`Console::run`] goes.
    pub fn new(config: Config, mut board: Box<dyn Board>) -> Console {
        let mut vm = Vm::new(config);
        board.setup(&mut vm);
        let banner = board.banner();
        Console {
            board,
            vm,
            repl: Repl::new(banner, Limits::default()),
            phase: Phase::BootPy,
            out: Vec::new(),
            todo: VecDeque::new(),
            reading_line: false,
            now_us: 0,
        }
    }

    /// Bytes typed on (or sent to) the console.
    pub fn feed(&mut self, bytes: &[u8]) {
        let actions = self.repl.feed(bytes, &VmCompleter::new(&mut self.vm));
        self.todo.extend(actions);
        self.do_actions();
    }

    /// The board's clock has reached `now_us` (it never goes back).
    pub fn set_time_us(&mut self, now_us: u64) {
        self.now_us = self.now_us.max(now_us);
    }

    /// The board's virtual clock.
    pub fn time_us(&self) -> u64 {
        self.now_us
    }

    /// Console output since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.out)
    }

    /// The VM, for the embedder's own modules and inspection.
    pub fn vm(&mut self) -> &mut Vm {
        &mut self.vm
    }

    /// Which REPL the console is in.
    pub fn mode(&self) -> Mode {
        self.repl.mode()
    }

    /// Runs up to `budget` bytecodes of whatever the board is doing and says what it waits for.
    pub fn run(&mut self, budget: u32) -> Poll {
        loop {
            match self.phase {
                Phase::BootPy => self.boot_file("boot.py", Phase::RunningBootPy),
                Phase::MainPy => {
                    if self.repl.mode() == Mode::Friendly {
                        self.boot_file("main.py", Phase::RunningMainPy);
                    } else {
                        self.boot_done();
                    }
                }
                Phase::Repl => return Poll::Idle,
                Phase::RunningBootPy | Phase::RunningMainPy | Phase::Executing => {
                    return self.run_code(budget);
                }
            }
        }
    }

    /// Loads a boot script if the board has it, else moves on.
    fn boot_file(&mut self, name: &str, running: Phase) {
        let source = self.board.read_file(&mut self.vm, name);
        match source {
            Some(source) => match self.vm.load_main(&source, name) {
                Ok(()) => self.phase = running,
                Err(e) => {
                    cook(e.traceback.as_bytes(), &mut self.out);
                    // A script that fails to compile has failed: main.py is skipped after a
                    // broken boot.py, as after one that raised.
                    self.boot_script_ended(running, false);
                }
            },
            None => self.boot_script_ended(running, true),
        }
    }

    /// ports/esp32/main.c: SystemExit in boot.py or main.py soft-resets; main.py runs only after
    /// a boot.py that succeeded (or is absent), and only in friendly mode.
    fn boot_script_ended(&mut self, script: Phase, ok: bool) {
        match script {
            Phase::RunningBootPy if ok => self.phase = Phase::MainPy,
            _ => self.boot_done(),
        }
    }

    fn boot_done(&mut self) {
        self.phase = Phase::Repl;
        let actions = self.repl.start();
        self.todo.extend(actions);
        self.do_actions();
    }

    fn run_code(&mut self, budget: u32) -> Poll {
        self.vm.set_time_us(self.now_us);
        let outcome = self.vm.run(budget);
        self.drain_vm_output();
        let ended = match outcome {
            RunOutcome::BudgetExhausted => return Poll::Busy,
            RunOutcome::Sleeping { until_us } => {
                // Sleeping until a time or a line of input (an asyncio StreamReader beside
                // timed tasks): take a line meanwhile, as for input().
                if self.vm.wants_input() && !self.reading_line {
                    self.reading_line = true;
                    let actions = self.repl.start_input_line();
                    self.todo.extend(actions);
                    self.do_actions();
                }
                return Poll::Sleeping { until_us };
            }
            RunOutcome::WaitingForInput => {
                if !self.reading_line {
                    self.reading_line = true;
                    let actions = self.repl.start_input_line();
                    self.todo.extend(actions);
                    self.do_actions();
                }
                // The line may have been typed ahead: then go on at once.
                return if self.reading_line {
                    Poll::WaitingForInput
                } else {
                    Poll::Busy
                };
            }
            RunOutcome::Finished => ExecOutcome::Ok,
            RunOutcome::Exit(_) => ExecOutcome::SystemExit,
            RunOutcome::Exception => {
                let text = self.vm.last_traceback().unwrap_or_default();
                ExecOutcome::Error(text.into_bytes())
            }
        };
        self.reading_line = false;
        match self.phase {
            Phase::Executing => {
                self.phase = Phase::Repl;
                let actions = self.repl.execution_finished(ended);
                self.todo.extend(actions);
                self.do_actions();
            }
            script => match ended {
                ExecOutcome::SystemExit => {
                    let actions = self.repl.soft_reset();
                    self.todo.extend(actions);
                    self.do_actions();
                }
                ExecOutcome::Error(text) => {
                    cook(&text, &mut self.out);
                    self.boot_script_ended(script, false);
                }
                ExecOutcome::Ok => self.boot_script_ended(script, true),
            },
        }
        if self.phase == Phase::Repl {
            Poll::Idle
        } else {
            Poll::Busy
        }
    }

    fn do_actions(&mut self) {
        while let Some(action) = self.todo.pop_front() {
            match action {
                Action::Output(bytes) => self.out.extend_from_slice(&bytes),
                Action::Execute { source, mode } => {
                    self.vm.reopen_input();
                    self.phase = Phase::Executing;
                    if let Err(e) = self.vm.load_console_input(&source, mode) {
                        self.phase = Phase::Repl;
                        let actions = self
                            .repl
                            .execution_finished(ExecOutcome::Error(e.traceback.into_bytes()));
                        self.todo.extend(actions);
                    }
                }
                Action::SoftReset => self.soft_reset(),
                Action::Interrupt => {
                    // Between boot steps nothing runs, and a stale interrupt would hit the next
                    // program at its first call.
                    if matches!(
                        self.phase,
                        Phase::Executing | Phase::RunningBootPy | Phase::RunningMainPy
                    ) {
                        self.reading_line = false;
                        self.vm.interrupt();
                    }
                }
                Action::InputLine(line) => {
                    self.reading_line = false;
                    self.vm.feed_input(line.as_bytes());
                    self.vm.feed_input(b"\n");
                }
                Action::InputEof => {
                    self.reading_line = false;
                    self.vm.close_input();
                }
            }
        }
    }

    /// A fresh VM (the heap is cleared, modules re-imported), then boot.py and main.py again.
    fn soft_reset(&mut self) {
        self.vm.soft_reset();
        self.board.setup(&mut self.vm);
        self.reading_line = false;
        self.phase = Phase::BootPy;
    }

    fn drain_vm_output(&mut self) {
        // Stdout and stderr share the UART, in the order they were written.
        for (_, bytes) in self.vm.take_output() {
            cook(&bytes, &mut self.out);
        }
    }
}

/// `mp_hal_stdout_tx_strn_cooked`: every `\n` goes out as `\r\n`.
fn cook(text: &[u8], out: &mut Vec<u8>) {
    for &b in text {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
}
