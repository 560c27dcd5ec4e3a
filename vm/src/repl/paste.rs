//! Paste mode (Ctrl-E on an empty `>>> ` line): every byte is kept and echoed, with `=== ` after
//! each CR, until Ctrl-D runs it all as one file or Ctrl-C drops it. No auto-indent, no editing,
//! blank lines kept: the paste loop of `pyexec_friendly_repl` (shared/runtime/pyexec.c).

use super::{ExecMode, Kind, Repl};

impl Repl {
    pub(super) fn paste_byte(&mut self, byte: u8) {
        match byte {
            0x03 => {
                self.out.extend_from_slice(b"\r\n");
                self.friendly_restart();
            }
            0x04 => {
                self.out.extend_from_slice(b"\r\n");
                if self.overflowed {
                    let error = self.too_long_error();
                    self.out.extend_from_slice(&error);
                    self.friendly_restart();
                } else {
                    let source = core::mem::take(&mut self.source);
                    self.execute(source, ExecMode::Paste, Kind::Friendly);
                }
            }
            _ => {
                self.add_source(byte);
                if byte == b'\r' {
                    self.out.extend_from_slice(b"\r\n=== ");
                } else {
                    self.out.push(byte);
                }
            }
        }
    }
}
