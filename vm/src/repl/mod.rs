//! MicroPython's console protocol as a pure byte-stream state machine: the friendly REPL with line
//! editing, history, completion and auto-indent; paste mode; the raw REPL and raw-paste with flow
//! control; soft reset. It follows shared/runtime/pyexec.c and shared/readline/readline.c byte for
//! byte (see ../shared/reference/repl-protocol.md), and knows nothing of the interpreter: the
//! embedder (host runner, web page, firmware) feeds it console bytes and carries out the
//! [`Action`]s it returns: print bytes, run code, soft-reset, interrupt.
//!
//! Lifecycle, as the ESP32 port's main loop:
//!
//! 1. [`Repl::new`]. The REPL starts out *booting*: the embedder runs `boot.py`, then `main.py` if
//!    [`Repl::mode`] is [`Mode::Friendly`], then calls [`Repl::start`] (banner and prompt).
//! 2. [`Repl::feed`] console bytes; act on the returned actions in order.
//! 3. After [`Action::Execute`], run the code; its output goes straight to the console. Meanwhile
//!    keep feeding bytes: Ctrl-C comes back as [`Action::Interrupt`], other bytes are kept as the
//!    program's stdin ([`Repl::read_stdin`], [`Repl::start_input_line`]). When the code is done,
//!    call [`Repl::execution_finished`]; unread bytes are then typed into the REPL, as on a board.
//! 4. After [`Action::SoftReset`] (the REPL has printed `MPY: soft reboot`), reset the VM, run
//!    `boot.py` (and `main.py` in friendly mode) and call [`Repl::start`] again.
//!
//! ```
//! use vm::repl::{Action, Banner, ExecOutcome, Limits, NoCompletion, Repl};
//!
//! let banner = Banner {
//!     version: "v1.24.1".into(),
//!     build_date: "2024-11-29".into(),
//!     board: "Generic ESP32 module".into(),
//!     mcu: "ESP32".into(),
//! };
//! let mut repl = Repl::new(banner, Limits::default());
//! let mut console = Vec::new();
//! // Boot: run boot.py, and main.py if `repl.mode() == Mode::Friendly`, then:
//! let mut todo = repl.start();
//! // Bytes from the UART, xterm.js or the host terminal; the completer looks names up in the VM.
//! todo.extend(repl.feed(b"1 + 2\r", &NoCompletion));
//! while !todo.is_empty() {
//!     for action in std::mem::take(&mut todo) {
//!         match action {
//!             Action::Output(bytes) => console.extend(bytes),
//!             Action::Execute { source, mode } => {
//!                 // Compile `source` as `mode` says and run it, in slices, feeding console input
//!                 // in between; the program's output goes straight to the console.
//!                 assert_eq!(source, "1 + 2");
//!                 console.extend(b"3\r\n");
//!                 todo.extend(repl.execution_finished(ExecOutcome::Ok));
//!             }
//!             // Reset the VM, run boot.py (and main.py), then start again.
//!             Action::SoftReset => todo.extend(repl.start()),
//!             Action::Interrupt => {} // raise KeyboardInterrupt in the running code
//!             Action::InputLine(_) | Action::InputEof => {} // resume the waiting input()
//!         }
//!     }
//! }
//! assert!(console.ends_with(b">>> 1 + 2\r\n3\r\n>>> "));
//! ```

mod complete;
mod continuation;
mod friendly;
mod history;
mod line_editor;
mod paste;
mod raw;
#[cfg(test)]
mod tests;

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;

pub use complete::{Completer, NoCompletion, Scope};
use line_editor::{Edit, LineEditor};

/// What the embedder must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Send these bytes to the console.
    Output(Vec<u8>),
    /// Compile and run `source` (line ends are `\n`), named `<stdin>`. Until
    /// [`Repl::execution_finished`], the REPL treats input as belonging to the program.
    Execute { source: String, mode: ExecMode },
    /// Soft-reset the VM (the REPL has printed `MPY: soft reboot\r\n`), run `boot.py` and, if
    /// [`Repl::mode`] is [`Mode::Friendly`], `main.py`; then call [`Repl::start`].
    SoftReset,
    /// Ctrl-C while code runs: raise KeyboardInterrupt at the next bytecode. Only emitted while
    /// [`Repl::is_executing`]; if nothing is running (between boot steps), ignore it.
    Interrupt,
    /// The line typed for `input()` (without the newline), after [`Repl::start_input_line`].
    InputLine(String),
    /// Ctrl-D on an empty `input()` line: `input()` raises EOFError.
    InputEof,
}

/// How [`Action::Execute`]'s source is compiled and run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecMode {
    /// A friendly-REPL entry: compile as "single" input, print the repr of each expression
    /// statement's value (not None) and store it in `builtins._`.
    Single,
    /// Paste mode: compile as a file, but print expression statements as [`ExecMode::Single`]
    /// does (pyexec.c passes `EXEC_FLAG_IS_REPL`).
    Paste,
    /// Raw REPL and raw-paste: compile as a file, print nothing of its own.
    File,
}

/// How the code of [`Action::Execute`] ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecOutcome {
    /// The code ran to its end.
    Ok,
    /// An exception escaped (or compiling failed): the text MicroPython prints for it, e.g.
    /// `Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n
    /// ZeroDivisionError: divide by zero\r\n`. Bare `\n` line ends are sent as `\r\n`.
    Error(Vec<u8>),
    /// SystemExit escaped (`sys.exit()`, `machine.soft_reset()`): soft reset, as pyexec.c does.
    SystemExit,
}

/// Which REPL the console is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `>>> ` and `... `, with echo and line editing.
    Friendly,
    /// `=== `: Ctrl-E's paste mode.
    Paste,
    /// The raw REPL's `>`: no echo.
    Raw,
    /// Receiving a program through raw-paste.
    RawPaste,
}

/// The banner's parts: `MicroPython <version> on <build_date>; <board> with <mcu>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// MicroPython's git tag, e.g. `v1.24.1`.
    pub version: String,
    /// e.g. `2024-11-29`.
    pub build_date: String,
    /// e.g. `Generic ESP32 module`.
    pub board: String,
    /// e.g. `ESP32`, `ESP32-C3`.
    pub mcu: String,
}

impl Banner {
    fn write(&self, out: &mut Vec<u8>) {
        let line = alloc::format!(
            "MicroPython {} on {}; {} with {}\r\nType \"help()\" for more information.\r\n",
            self.version,
            self.build_date,
            self.board,
            self.mcu
        );
        out.extend_from_slice(line.as_bytes());
    }
}

/// Bounds on what the REPL buffers, so no input can exhaust memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest program accepted in paste mode, the raw REPL and raw-paste (and the longest
    /// friendly-REPL statement). Past it the program is refused with a MemoryError.
    pub max_source: usize,
    /// Longest line the friendly line editor lets you type; further keys are ignored.
    pub max_line: usize,
    /// Bytes kept for the running program's stdin; past it input is dropped, as a full UART
    /// ring buffer drops it.
    pub max_stdin: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_source: 256 * 1024,
            max_line: 4096,
            max_stdin: 4096,
        }
    }
}

impl Limits {
    /// See [`Limits::max_source`].
    pub fn with_max_source(self, max_source: usize) -> Self {
        Limits { max_source, ..self }
    }
    /// See [`Limits::max_line`].
    pub fn with_max_line(self, max_line: usize) -> Self {
        Limits { max_line, ..self }
    }
    /// See [`Limits::max_stdin`].
    pub fn with_max_stdin(self, max_stdin: usize) -> Self {
        Limits { max_stdin, ..self }
    }
}

const PS1: &[u8] = b">>> ";
const PS2: &[u8] = b"... ";
const SOFT_REBOOT: &[u8] = b"MPY: soft reboot\r\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before [`Repl::start`]: boot.py/main.py may be running.
    Booting,
    Friendly,
    Paste,
    Raw,
    RawPaste,
    /// A raw-paste program outgrew `max_source`: input is dropped until Ctrl-C or Ctrl-D.
    RawPasteOverflow,
    /// Code from this REPL kind runs.
    Running(Kind),
}

/// pyexec.c's `pyexec_mode_kind`: the REPL a soft reset comes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Friendly,
    Raw,
}

/// One console's protocol state.
pub struct Repl {
    banner: Banner,
    limits: Limits,
    kind: Kind,
    state: State,
    /// The friendly REPL's statement and the program's `input()` line.
    editor: LineEditor,
    /// The friendly statement has `... ` lines.
    continued: bool,
    /// Paste-mode, raw and raw-paste program text.
    source: Vec<u8>,
    /// `source` hit `max_source`: refuse the program instead of running it.
    overflowed: bool,
    /// Raw-paste bytes left before the next `\x01` window grant.
    window_left: u16,
    /// Bytes typed while code runs.
    stdin: VecDeque<u8>,
    /// An `input()` line is being edited.
    reading_line: bool,
    /// The last byte ended a line with `\r`: a following `\n` is part of the same line end.
    after_cr: bool,
    actions: Vec<Action>,
    out: Vec<u8>,
}

impl Repl {
    /// A console that is booting: see the module documentation for what comes next.
    pub fn new(banner: Banner, limits: Limits) -> Repl {
        Repl {
            banner,
            limits,
            kind: Kind::Friendly,
            state: State::Booting,
            editor: LineEditor::new(limits.max_line, limits.max_source),
            continued: false,
            source: Vec::new(),
            overflowed: false,
            window_left: 0,
            stdin: VecDeque::new(),
            reading_line: false,
            after_cr: false,
            actions: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Boot is over (boot.py and main.py have run): print the friendly banner and `>>> `, or the
    /// raw REPL's `raw REPL; CTRL-B to exit\r\n>` if a soft reset came from the raw REPL. Call it
    /// at power-on and after every [`Action::SoftReset`]; otherwise it does nothing.
    pub fn start(&mut self) -> Vec<Action> {
        if self.state == State::Booting {
            self.reading_line = false;
            match self.kind {
                Kind::Friendly => {
                    self.banner.write(&mut self.out);
                    self.friendly_restart();
                }
                Kind::Raw => {
                    self.out.extend_from_slice(raw::BANNER);
                    self.raw_restart();
                }
            }
            self.type_ahead();
        }
        self.take_actions()
    }

    /// Console input, any bytes at all, in chunks of any size. Actions after an
    /// [`Action::Execute`] in the same batch (an [`Action::Interrupt`]) concern that execution.
    pub fn feed(&mut self, bytes: &[u8], completer: &dyn Completer) -> Vec<Action> {
        for &byte in bytes {
            self.byte(byte, completer);
        }
        self.take_actions()
    }

    /// The code of the last [`Action::Execute`] has finished: print what the protocol prints
    /// after it (the error, the raw REPL's `\x04` framing, the next prompt) or soft-reset.
    pub fn execution_finished(&mut self, outcome: ExecOutcome) -> Vec<Action> {
        let State::Running(kind) = self.state else {
            return Vec::new();
        };
        self.reading_line = false;
        match kind {
            Kind::Friendly => self.friendly_finished(outcome),
            Kind::Raw => self.raw_finished(outcome),
        }
        self.type_ahead();
        self.take_actions()
    }

    /// Soft reset on the embedder's initiative (SystemExit in boot.py or main.py): prints
    /// `MPY: soft reboot\r\n` and returns [`Action::SoftReset`].
    pub fn soft_reset(&mut self) -> Vec<Action> {
        self.begin_soft_reset();
        self.take_actions()
    }

    /// Code is running (or booting): input is the program's, except Ctrl-C.
    pub fn is_executing(&self) -> bool {
        matches!(self.state, State::Booting | State::Running(_))
    }

    /// The REPL the console is in; while code runs, the one that started it.
    pub fn mode(&self) -> Mode {
        match self.state {
            State::Friendly => Mode::Friendly,
            State::Paste => Mode::Paste,
            State::Raw => Mode::Raw,
            State::RawPaste | State::RawPasteOverflow => Mode::RawPaste,
            State::Booting | State::Running(_) => match self.kind {
                Kind::Friendly => Mode::Friendly,
                Kind::Raw => Mode::Raw,
            },
        }
    }

    /// Bytes typed while code runs and not yet read, for `sys.stdin` and `select.poll`.
    pub fn stdin_available(&self) -> usize {
        self.stdin.len()
    }

    /// Takes up to `max` bytes of the running program's stdin (raw bytes, no echo), for
    /// `sys.stdin.read()`. When none are there, the program waits for the next [`Repl::feed`].
    pub fn read_stdin(&mut self, max: usize) -> Vec<u8> {
        let n = max.min(self.stdin.len());
        self.stdin.drain(..n).collect()
    }

    /// The running program calls `input()` (after printing its prompt): edit a line as
    /// readline.c does for `mp_hal_readline`, echoing and with history. The line comes back as
    /// [`Action::InputLine`] or [`Action::InputEof`], from this call (if it was typed ahead) or a
    /// later [`Repl::feed`]. Ctrl-C abandons it ([`Action::Interrupt`]).
    pub fn start_input_line(&mut self) -> Vec<Action> {
        if self.is_executing() {
            self.reading_line = true;
            self.editor.start(b"", &mut self.out);
            self.type_ahead();
        }
        self.take_actions()
    }

    fn byte(&mut self, byte: u8, completer: &dyn Completer) {
        let after_cr = core::mem::replace(&mut self.after_cr, false);
        match self.state {
            State::Booting | State::Running(_) => self.running_byte(byte, after_cr, completer),
            State::Friendly => {
                if let Some(key) = line_key(byte, after_cr) {
                    self.friendly_byte(key, completer);
                }
                self.after_cr = byte == b'\r';
            }
            State::Paste => self.paste_byte(byte),
            State::Raw => self.raw_byte(byte),
            State::RawPaste => self.raw_paste_byte(byte),
            State::RawPasteOverflow => self.raw_paste_overflow_byte(byte),
        }
    }

    fn running_byte(&mut self, byte: u8, after_cr: bool, completer: &dyn Completer) {
        if byte == 0x03 {
            // pyexec.c sets Ctrl-C as the interrupt character while code runs; it never reaches
            // stdin.
            self.reading_line = false;
            self.push(Action::Interrupt);
        } else if self.reading_line {
            self.after_cr = byte == b'\r';
            let Some(key) = line_key(byte, after_cr) else {
                return;
            };
            match self.editor.process(key, completer, &mut self.out) {
                Edit::Pending => {}
                Edit::Line => {
                    self.reading_line = false;
                    let line = String::from_utf8_lossy(self.editor.line()).into_owned();
                    self.push(Action::InputLine(line));
                }
                // modbuiltins.c `input()`: Ctrl-D on an empty line is EOFError; Ctrl-A, -B and
                // -E end the line as it is.
                Edit::Control(0x04) => {
                    self.reading_line = false;
                    self.push(Action::InputEof);
                }
                Edit::Control(_) => {
                    self.reading_line = false;
                    self.push(Action::InputLine(String::new()));
                }
            }
        } else if !(after_cr && byte == b'\n') && self.stdin.len() < self.limits.max_stdin {
            self.stdin.push_back(byte);
        }
    }

    /// Input that arrived while code ran goes to the REPL now, as bytes left in a board's UART
    /// buffer do; it stops as soon as one of them starts code again. Tab completion is not
    /// available to these bytes (the embedder's completer is not at hand).
    fn type_ahead(&mut self) {
        while !self.is_executing() || self.reading_line {
            let Some(byte) = self.stdin.pop_front() else {
                break;
            };
            self.byte(byte, &NoCompletion);
        }
    }

    fn begin_soft_reset(&mut self) {
        self.out.extend_from_slice(SOFT_REBOOT);
        self.push(Action::SoftReset);
        self.state = State::Booting;
        self.editor.clear_history();
        self.continued = false;
        self.reading_line = false;
        self.source.clear();
        self.overflowed = false;
    }

    fn execute(&mut self, source: Vec<u8>, mode: ExecMode, kind: Kind) {
        self.state = State::Running(kind);
        let source = normalize_newlines(&source);
        self.push(Action::Execute { source, mode });
    }

    /// Appends to the paste/raw program text, or notes that it no longer fits.
    fn add_source(&mut self, byte: u8) {
        if self.source.len() < self.limits.max_source {
            self.source.push(byte);
        } else {
            self.overflowed = true;
        }
    }

    fn too_long_error(&self) -> Vec<u8> {
        alloc::format!(
            "MemoryError: program longer than {} bytes\r\n",
            self.limits.max_source
        )
        .into_bytes()
    }

    fn push(&mut self, action: Action) {
        self.flush_out();
        self.actions.push(action);
    }

    fn flush_out(&mut self) {
        if !self.out.is_empty() {
            let bytes = core::mem::take(&mut self.out);
            if let Some(Action::Output(last)) = self.actions.last_mut() {
                last.extend_from_slice(&bytes);
            } else {
                self.actions.push(Action::Output(bytes));
            }
        }
    }

    fn take_actions(&mut self) -> Vec<Action> {
        self.flush_out();
        core::mem::take(&mut self.actions)
    }
}

/// The key a console byte is to the line editor: CR or LF is Enter, and the LF of a CRLF pair is
/// dropped, since terminals and tools end lines either way.
fn line_key(byte: u8, after_cr: bool) -> Option<u8> {
    match byte {
        b'\n' if after_cr => None,
        b'\n' => Some(b'\r'),
        _ => Some(byte),
    }
}

/// Program text for the compiler: `\r\n` and lone `\r` become `\n` (MicroPython's lexer does the
/// same), and invalid UTF-8 becomes U+FFFD.
fn normalize_newlines(source: &[u8]) -> String {
    let mut text = Vec::with_capacity(source.len());
    let mut bytes = source.iter().peekable();
    while let Some(&b) = bytes.next() {
        if b == b'\r' {
            if bytes.peek() == Some(&&b'\n') {
                bytes.next();
            }
            text.push(b'\n');
        } else {
            text.push(b);
        }
    }
    match String::from_utf8(text) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    }
}

/// Error text as a serial console shows it: every `\n` sent as `\r\n`, as MicroPython's
/// `mp_hal_stdout_tx_strn_cooked` does.
fn cook(text: &[u8], out: &mut Vec<u8>) {
    let mut prev = 0;
    for &b in text {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
}
