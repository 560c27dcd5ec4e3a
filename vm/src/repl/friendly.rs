//! The friendly REPL (`>>> `): what Enter and the control keys mean once the line editor has
//! had its say. Follows `pyexec_friendly_repl` in shared/runtime/pyexec.c, the loop the ESP32
//! port runs.

use super::line_editor::Edit;
use super::{Completer, ExecMode, ExecOutcome, Kind, PS1, PS2, Repl, State, continuation, cook};

const PASTE_BANNER: &[u8] = b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ";

impl Repl {
    pub(super) fn friendly_byte(&mut self, key: u8, completer: &dyn Completer) {
        let edit = self.editor.process(key, completer, &mut self.out);
        if !self.continued {
            match edit {
                Edit::Pending => {}
                // Ctrl-A on an empty line: the raw REPL.
                Edit::Control(0x01) => {
                    self.out.extend_from_slice(b"\r\n");
                    self.enter_raw();
                }
                // Ctrl-B: the banner again.
                Edit::Control(0x02) => {
                    self.out.extend_from_slice(b"\r\n");
                    self.banner.write(&mut self.out);
                    self.friendly_restart();
                }
                // Ctrl-D on an empty line: soft reset.
                Edit::Control(0x04) => {
                    self.out.extend_from_slice(b"\r\n");
                    self.begin_soft_reset();
                }
                Edit::Control(0x05) => {
                    self.out.extend_from_slice(PASTE_BANNER);
                    self.source.clear();
                    self.overflowed = false;
                    self.state = State::Paste;
                }
                // Ctrl-C, on any line, cancels it.
                Edit::Control(_) => {
                    self.out.extend_from_slice(b"\r\n");
                    self.friendly_restart();
                }
                Edit::Line if self.editor.text().is_empty() => self.friendly_restart(),
                Edit::Line => self.line_done(),
            }
        } else {
            match edit {
                Edit::Pending => {}
                Edit::Control(0x03) => {
                    self.out.extend_from_slice(b"\r\n");
                    self.friendly_restart();
                }
                // Ctrl-D on an empty `... ` line runs what was entered.
                Edit::Control(0x04) => self.run_statement(),
                // Enter, or (as in pyexec.c, which only special-cases Ctrl-C and Ctrl-D here)
                // Ctrl-A, -B or -E on an empty `... ` line: more lines, or run.
                Edit::Control(_) | Edit::Line => self.line_done(),
            }
        }
    }

    /// A line is complete: ask for another (`... `, auto-indented) or run the statement.
    fn line_done(&mut self) {
        if !continuation::needs_continuation(self.editor.text()) {
            self.run_statement();
        } else if self.editor.text().len() < self.limits.max_source {
            self.continued = true;
            self.editor.continue_line(PS2, &mut self.out);
        } else {
            // Enter inside an open bracket would grow the statement forever.
            let error = self.too_long_error();
            self.out.extend_from_slice(&error);
            self.friendly_restart();
        }
    }

    fn run_statement(&mut self) {
        self.continued = false;
        let source = self.editor.take_text();
        self.execute(source, ExecMode::Single, Kind::Friendly);
    }

    /// pyexec.c's `input_restart`: a fresh `>>> `.
    pub(super) fn friendly_restart(&mut self) {
        self.state = State::Friendly;
        self.kind = Kind::Friendly;
        self.continued = false;
        self.source.clear();
        self.overflowed = false;
        self.editor.start(PS1, &mut self.out);
    }

    pub(super) fn friendly_finished(&mut self, outcome: ExecOutcome) {
        match outcome {
            ExecOutcome::Ok => self.friendly_restart(),
            ExecOutcome::Error(text) => {
                cook(&text, &mut self.out);
                self.friendly_restart();
            }
            ExecOutcome::SystemExit => self.begin_soft_reset(),
        }
    }
}
