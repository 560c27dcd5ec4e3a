//! The raw REPL (Ctrl-A) and raw-paste, the machine-facing protocols mpremote, Thonny and the
//! page use: no echo, `OK` on Ctrl-D, then the program's output, `\x04`, its error text, `\x04`
//! and the `>` prompt. Follows `pyexec_raw_repl` and `do_reader_stdin` in
//! shared/runtime/pyexec.c.
//!
//! Raw-paste differs from MicroPython in one invisible way: MicroPython compiles while bytes
//! arrive, we buffer them and compile after the host's `\x04`. Flow control counts bytes as they
//! arrive, so the host sees the same window grants; a syntax error is reported after the whole
//! program is in instead of midway, with the same bytes (`\x04`, `\x04`, the error, `\x04>`).

use super::{ExecMode, ExecOutcome, Kind, Repl, State, cook};

pub(super) const BANNER: &[u8] = b"raw REPL; CTRL-B to exit\r\n>";

/// `MICROPY_REPL_STDIN_BUFFER_MAX`: the window is half of it, and two windows are granted at
/// once, so a host may send 256 bytes before it waits.
const STDIN_BUFFER_MAX: u16 = 256;
const WINDOW: u16 = STDIN_BUFFER_MAX / 2;

impl Repl {
    /// From the friendly REPL: print the raw banner, forget the friendly line.
    pub(super) fn enter_raw(&mut self) {
        self.kind = Kind::Raw;
        self.continued = false;
        self.editor.take_text();
        self.out.extend_from_slice(BANNER);
        self.raw_restart();
    }

    /// An empty program and the `>` already printed.
    pub(super) fn raw_restart(&mut self) {
        self.state = State::Raw;
        self.kind = Kind::Raw;
        self.source.clear();
        self.overflowed = false;
    }

    pub(super) fn raw_byte(&mut self, byte: u8) {
        match byte {
            0x01 => {
                if let [0x05, command] = self.source[..] {
                    self.raw_paste_request(command);
                } else {
                    // Ctrl-A again: re-synchronise (old firmware's answer to a raw-paste request,
                    // which hosts rely on to detect it).
                    self.out.extend_from_slice(BANNER);
                    self.raw_restart();
                }
            }
            0x02 => {
                self.out.extend_from_slice(b"\r\n");
                self.banner.write(&mut self.out);
                self.friendly_restart();
            }
            0x03 => {
                self.source.clear();
                self.overflowed = false;
            }
            0x04 => {
                self.out.extend_from_slice(b"OK");
                if self.source.is_empty() && !self.overflowed {
                    self.out.extend_from_slice(b"\r\n");
                    self.begin_soft_reset();
                } else if self.overflowed {
                    let error = self.too_long_error();
                    self.raw_finished(ExecOutcome::Error(error));
                } else {
                    let source = core::mem::take(&mut self.source);
                    self.execute(source, ExecMode::File, Kind::Raw);
                }
            }
            _ => self.add_source(byte),
        }
    }

    /// `\x05 <command> \x01` at the `>` prompt. `A` is raw-paste; other commands are unknown.
    fn raw_paste_request(&mut self, command: u8) {
        self.source.clear();
        if command == b'A' {
            let [low, high] = WINDOW.to_le_bytes();
            // Accepted; the window size, then one `\x01`: a second window is free too.
            self.out.extend_from_slice(&[b'R', 0x01, low, high, 0x01]);
            self.window_left = WINDOW;
            self.state = State::RawPaste;
        } else {
            self.out.extend_from_slice(b"R\x00>");
        }
    }

    pub(super) fn raw_paste_byte(&mut self, byte: u8) {
        match byte {
            0x04 => {
                // End of the program: acknowledge, then run it.
                self.out.push(0x04);
                let source = core::mem::take(&mut self.source);
                self.execute(source, ExecMode::File, Kind::Raw);
            }
            0x03 => {
                // pyexec.c's stdin reader raises KeyboardInterrupt from inside the compiler, so
                // there is no traceback.
                self.out.push(0x04);
                self.raw_finished(ExecOutcome::Error(b"KeyboardInterrupt: \r\n".to_vec()));
            }
            _ => {
                self.add_source(byte);
                if self.overflowed {
                    // As on a compile error midway: tell the host to stop, then drop its bytes
                    // until it ends the transfer.
                    self.out.push(0x04);
                    self.state = State::RawPasteOverflow;
                    return;
                }
                self.window_left = self.window_left.saturating_sub(1);
                if self.window_left == 0 {
                    self.out.push(0x01);
                    self.window_left = WINDOW;
                }
            }
        }
    }

    pub(super) fn raw_paste_overflow_byte(&mut self, byte: u8) {
        if matches!(byte, 0x03 | 0x04) {
            let error = self.too_long_error();
            self.raw_finished(ExecOutcome::Error(error));
        }
    }

    /// The raw REPL's tail after a program: `\x04`, the error text, `\x04`, `>`.
    pub(super) fn raw_finished(&mut self, outcome: ExecOutcome) {
        self.out.push(0x04);
        match outcome {
            ExecOutcome::Ok => {}
            ExecOutcome::Error(text) => cook(&text, &mut self.out),
            ExecOutcome::SystemExit => {
                self.out.push(0x04);
                self.begin_soft_reset();
                return;
            }
        }
        self.out.extend_from_slice(b"\x04>");
        self.raw_restart();
    }
}
