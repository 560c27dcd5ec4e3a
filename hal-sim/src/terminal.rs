//! `esprit` with no arguments: the board's friendly REPL on the host terminal. The terminal is
//! put in raw mode (the REPL does its own echo and line editing, as a board does over a serial
//! line) and restored on exit and on panic. When stdin is not a terminal, bytes are fed as they
//! come, so tests can drive the REPL through pipes.

use std::io::{Read, Write};
use std::sync::Mutex;
use std::sync::mpsc;

use hal_sim::console::Console;
use hal_sim::flash_file::FlashBoard;
use rustix::termios::{OptionalActions, Termios, isatty, tcgetattr, tcsetattr};
use vm::Config;

use crate::session::{self, Input, Options};

/// Ctrl-X: leaves the host program. MicroPython's REPL gives it no meaning, and mpremote's
/// `repl` quits on it too.
pub const QUIT: u8 = 0x18;

/// The terminal settings to restore, for the panic hook.
static SAVED: Mutex<Option<Termios>> = Mutex::new(None);

/// Raw mode while alive.
struct RawMode;

impl RawMode {
    fn enter() -> Option<RawMode> {
        let stdin = std::io::stdin();
        if !isatty(&stdin) {
            return None;
        }
        let saved = tcgetattr(&stdin).ok()?;
        let mut raw = saved.clone();
        raw.make_raw();
        if let Ok(mut slot) = SAVED.lock() {
            *slot = Some(saved);
        }
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        tcsetattr(&stdin, OptionalActions::Now, &raw).ok()?;
        Some(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        restore();
    }
}

fn restore() {
    if let Ok(slot) = SAVED.lock()
        && let Some(saved) = slot.as_ref()
    {
        let _ = tcsetattr(std::io::stdin(), OptionalActions::Now, saved);
    }
}

/// Runs the REPL until Ctrl-X, or until stdin ends and the board waits for input.
pub fn repl(config: Config) -> u8 {
    let raw = RawMode::enter();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = [0u8; 1024];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => {
                    let _ = send.send(Input::End);
                    return;
                }
                Ok(n) => {
                    if send
                        .send(Input::Bytes(buf.get(..n).unwrap_or_default().to_vec()))
                        .is_err()
                    {
                        return;
                    }
                }
            }
        }
    });
    // The REPL's board: the bare DevKit's peripherals around the flash.
    let board = hal_sim::board::SimBoard::bare().shared();
    let mut console = Console::new(
        config,
        Box::new(hal_sim::board::console::BoardConsole::new(
            board,
            FlashBoard::new(),
        )),
    );
    let mut stdout = std::io::stdout();
    let options = Options {
        quit_byte: Some(QUIT),
    };
    session::run(
        &mut console,
        &receive,
        &mut |bytes| {
            let _ = stdout.write_all(bytes);
            let _ = stdout.flush();
        },
        &options,
    );
    if raw.is_some() {
        let _ = stdout.write_all(b"\r\n");
        let _ = stdout.flush();
    }
    drop(raw);
    0
}
