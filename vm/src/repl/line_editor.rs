//! The line editor behind `>>> `, `... ` and `input()`: a byte-at-a-time port of MicroPython's
//! shared/readline/readline.c with `MICROPY_REPL_EMACS_KEYS`, `MICROPY_REPL_AUTO_INDENT` and
//! `MICROPY_HELPER_REPL` on, as the ESP32 port builds it. It emits exactly readline.c's redraw
//! bytes, so terminals and tools that screen-scrape the REPL see what they see on a real board.
//!
//! As in readline.c, one buffer holds the whole statement being typed: earlier lines joined with
//! `\n`, then the line being edited, which starts at `orig`. Only printable ASCII is typed into it.

use alloc::vec::Vec;

use super::complete::{self, Completer, Completion};
use super::history::{HISTORY_SIZE, History};

/// What a byte did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edit {
    /// The line is still being edited.
    Pending,
    /// Enter: the line is complete (`\r\n` was echoed and the line went into the history).
    Line,
    /// Ctrl-A..Ctrl-E on an empty line, or Ctrl-C on any line: the caller decides what it means.
    Control(u8),
}

/// Where a VT100 escape sequence has got to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escape {
    None,
    Esc,
    Bracket,
    /// `ESC [` and one digit, waiting for `~`.
    BracketDigit(u8),
    /// `ESC O`, as terminals send Home and End in application cursor mode.
    O,
}

/// The cursor and screen changes one byte asks for, applied by [`LineEditor::redraw`] exactly as
/// readline.c's `redraw_step_back` / `redraw_from_cursor` / `redraw_step_forward`.
#[derive(Default)]
struct Redraw {
    back: usize,
    from_cursor: bool,
    forward: usize,
}

pub(crate) struct LineEditor {
    buf: Vec<u8>,
    /// Start of the line being edited.
    orig: usize,
    /// Byte offset of the cursor: `orig <= cursor <= buf.len()`.
    cursor: usize,
    escape: Escape,
    /// Which history entry is shown: `None` for the line being typed.
    history_pos: Option<usize>,
    history: History,
    /// Auto-indent is on for this statement (a space or Tab right after an auto-indent turns it off).
    auto_indent: bool,
    /// The previous byte was the auto-indent itself.
    indent_just_added: bool,
    /// Re-printed after a list of completions.
    prompt: &'static [u8],
    /// Longest line, and longest statement, that typing may produce.
    max_line: usize,
    max_total: usize,
}

impl LineEditor {
    pub(crate) fn new(max_line: usize, max_total: usize) -> Self {
        LineEditor {
            buf: Vec::new(),
            orig: 0,
            cursor: 0,
            escape: Escape::None,
            history_pos: None,
            history: History::default(),
            auto_indent: false,
            indent_just_added: false,
            prompt: b"",
            max_line,
            max_total,
        }
    }

    /// Starts a new statement: readline.c's `readline_init` on an empty line.
    pub(crate) fn start(&mut self, prompt: &'static [u8], out: &mut Vec<u8>) {
        self.buf.clear();
        self.orig = 0;
        self.cursor = 0;
        self.escape = Escape::None;
        self.history_pos = None;
        self.prompt = prompt;
        self.auto_indent = true;
        self.indent_just_added = false;
        out.extend_from_slice(prompt);
    }

    /// Starts the next line of the same statement: readline.c's `readline_note_newline`, after the
    /// caller's `\n`. The history position is kept, as readline.c keeps it.
    pub(crate) fn continue_line(&mut self, prompt: &'static [u8], out: &mut Vec<u8>) {
        self.buf.push(b'\n');
        self.orig = self.buf.len();
        self.cursor = self.orig;
        self.prompt = prompt;
        out.extend_from_slice(prompt);
        self.auto_indent(out);
    }

    /// Forgets the history, as a soft reset does (ports call `readline_init0` on every boot).
    pub(crate) fn clear_history(&mut self) {
        self.history = History::default();
        self.history_pos = None;
    }

    /// The statement typed so far, lines joined with `\n`.
    pub(crate) fn text(&self) -> &[u8] {
        &self.buf
    }

    /// The line being edited.
    pub(crate) fn line(&self) -> &[u8] {
        self.buf.get(self.orig..).unwrap_or_default()
    }

    pub(crate) fn take_text(&mut self) -> Vec<u8> {
        self.orig = 0;
        self.cursor = 0;
        core::mem::take(&mut self.buf)
    }

    /// One byte from the terminal: readline.c's `readline_process_char`.
    pub(crate) fn process(&mut self, c: u8, completer: &dyn Completer, out: &mut Vec<u8>) -> Edit {
        // Every edit below relies on `orig <= cursor <= buf.len()`; make it so rather than trust
        // it, so that a slip can never become a panic on the chip.
        self.orig = self.orig.min(self.buf.len());
        self.cursor = self.cursor.clamp(self.orig, self.buf.len());
        let last_len = self.buf.len();
        let mut redraw = Redraw::default();
        match self.escape {
            Escape::None => match c {
                0x01..=0x05 if self.buf.len() == self.orig => return Edit::Control(c),
                0x01 => self.home(&mut redraw),
                0x02 => self.left(&mut redraw),
                0x03 => return Edit::Control(c),
                0x04 => self.delete(&mut redraw),
                0x05 => self.end(&mut redraw),
                0x06 => self.right(&mut redraw),
                0x0b => {
                    // Ctrl-K: kill to the end of the line.
                    self.buf.truncate(self.cursor);
                    redraw.from_cursor = true;
                }
                0x0e => self.history_newer(&mut redraw),
                0x10 => self.history_older(&mut redraw),
                0x15 => {
                    // Ctrl-U: kill from the start of the line to the cursor.
                    self.buf.drain(self.orig..self.cursor);
                    redraw.back = self.cursor.saturating_sub(self.orig);
                    redraw.from_cursor = true;
                }
                b'\r' => {
                    out.extend_from_slice(b"\r\n");
                    self.history
                        .push(self.buf.get(self.orig..).unwrap_or_default());
                    return Edit::Line;
                }
                0x1b => self.escape = Escape::Esc,
                0x08 | 0x7f => self.backspace(&mut redraw),
                b'\t' | b' ' if self.indent_just_added => {
                    // Typing right after an auto-indent turns auto-indent off for the statement;
                    // a space replaces the indent's last 3 spaces with itself, a Tab keeps it.
                    self.auto_indent = false;
                    if c == b' ' {
                        let cut = self.buf.len().saturating_sub(3).max(self.orig);
                        redraw.back = self.buf.len() - cut;
                        self.buf.truncate(cut);
                    }
                }
                b'\t' => self.tab(completer, &mut redraw, out),
                b' '..=b'~' if self.can_insert(1) => {
                    self.buf.insert(self.cursor, c);
                    redraw.from_cursor = true;
                    redraw.forward = 1;
                }
                _ => {}
            },
            Escape::Esc => {
                self.escape = match c {
                    b'[' => Escape::Bracket,
                    b'O' => Escape::O,
                    _ => Escape::None,
                }
            }
            Escape::Bracket => {
                self.escape = Escape::None;
                match c {
                    b'0'..=b'9' => self.escape = Escape::BracketDigit(c),
                    b'A' => self.history_older(&mut redraw),
                    b'B' => self.history_newer(&mut redraw),
                    b'C' => self.right(&mut redraw),
                    b'D' => self.left(&mut redraw),
                    b'H' => self.home(&mut redraw),
                    b'F' => self.end(&mut redraw),
                    _ => {}
                }
            }
            Escape::BracketDigit(digit) => {
                self.escape = Escape::None;
                match (digit, c) {
                    (b'1' | b'7', b'~') => self.home(&mut redraw),
                    (b'4' | b'8', b'~') => self.end(&mut redraw),
                    (b'3', b'~') => self.delete(&mut redraw),
                    _ => {}
                }
            }
            Escape::O => {
                self.escape = Escape::None;
                match c {
                    b'H' => self.home(&mut redraw),
                    b'F' => self.end(&mut redraw),
                    _ => {}
                }
            }
        }
        self.redraw(last_len, redraw, out);
        self.indent_just_added = false;
        Edit::Pending
    }

    fn can_insert(&self, n: usize) -> bool {
        self.buf.len().saturating_sub(self.orig) + n <= self.max_line
            && self.buf.len() + n <= self.max_total
    }

    fn home(&self, redraw: &mut Redraw) {
        redraw.back = self.cursor.saturating_sub(self.orig);
    }

    fn end(&self, redraw: &mut Redraw) {
        redraw.forward = self.buf.len().saturating_sub(self.cursor);
    }

    fn left(&self, redraw: &mut Redraw) {
        if self.cursor > self.orig {
            redraw.back = 1;
        }
    }

    fn right(&self, redraw: &mut Redraw) {
        if self.cursor < self.buf.len() {
            redraw.forward = 1;
        }
    }

    fn delete(&mut self, redraw: &mut Redraw) {
        if self.cursor < self.buf.len() {
            self.buf.remove(self.cursor);
            redraw.from_cursor = true;
        }
    }

    fn backspace(&mut self, redraw: &mut Redraw) {
        if self.cursor <= self.orig {
            return;
        }
        // Auto-indent's inverse: when only spaces precede the cursor, and at least 4, delete 4.
        let before = self.buf.get(self.orig..self.cursor).unwrap_or_default();
        let n = if before.len() >= 4 && before.iter().all(|&c| c == b' ') {
            4
        } else {
            1
        };
        self.buf.drain(self.cursor - n..self.cursor);
        redraw.back = n;
        redraw.from_cursor = true;
    }

    /// Shows the next older history entry (up arrow, Ctrl-P).
    fn history_older(&mut self, redraw: &mut Redraw) {
        let next = self.history_pos.map_or(0, |pos| pos + 1);
        if next >= HISTORY_SIZE {
            return;
        }
        if let Some(entry) = self.history.get(next) {
            self.buf.truncate(self.orig);
            self.buf.extend_from_slice(entry);
            self.history_pos = Some(next);
            self.show_replaced_line(redraw);
        }
    }

    /// Shows the next newer entry, then the empty line (down arrow, Ctrl-N).
    fn history_newer(&mut self, redraw: &mut Redraw) {
        let Some(pos) = self.history_pos else {
            return;
        };
        self.buf.truncate(self.orig);
        self.history_pos = pos.checked_sub(1);
        if let Some(entry) = self.history_pos.and_then(|p| self.history.get(p)) {
            self.buf.extend_from_slice(entry);
        }
        self.show_replaced_line(redraw);
    }

    fn show_replaced_line(&self, redraw: &mut Redraw) {
        redraw.back = self.cursor.saturating_sub(self.orig);
        redraw.from_cursor = true;
        redraw.forward = self.buf.len().saturating_sub(self.orig);
    }

    fn tab(&mut self, completer: &dyn Completer, redraw: &mut Redraw, out: &mut Vec<u8>) {
        // After whitespace (including the `\n` before a continuation line) Tab indents; at the
        // very start of the statement it still completes, as readline.c does.
        let after_space = self
            .cursor
            .checked_sub(1)
            .and_then(|i| self.buf.get(i))
            .is_some_and(|c| c.is_ascii_whitespace());
        let insert = if after_space {
            Completion::Insert(b"    ".to_vec())
        } else {
            let typed = self.buf.get(self.orig..self.cursor).unwrap_or_default();
            complete::complete(typed, completer, out)
        };
        match insert {
            Completion::Nothing => {}
            Completion::Listed => {
                out.extend_from_slice(self.prompt);
                out.extend_from_slice(self.buf.get(self.orig..self.cursor).unwrap_or_default());
                redraw.from_cursor = true;
            }
            Completion::Insert(bytes) => {
                if self.can_insert(bytes.len()) {
                    let at = self.cursor;
                    self.buf.splice(at..at, bytes.iter().copied());
                    redraw.from_cursor = true;
                    redraw.forward = bytes.len();
                }
            }
        }
    }

    /// readline.c's redraw: move back, rewrite from the cursor (erasing leftovers when the line
    /// got shorter), then step forward.
    fn redraw(&mut self, last_len: usize, redraw: Redraw, out: &mut Vec<u8>) {
        if redraw.back > 0 {
            move_cursor_back(redraw.back, out);
            self.cursor = self.cursor.saturating_sub(redraw.back).max(self.orig);
        }
        if redraw.from_cursor {
            if self.buf.len() < last_len {
                out.extend_from_slice(b"\x1b[K");
            }
            out.extend_from_slice(self.buf.get(self.cursor..).unwrap_or_default());
            let target = (self.cursor + redraw.forward).min(self.buf.len());
            move_cursor_back(self.buf.len() - target, out);
            self.cursor = target;
        } else if redraw.forward > 0 {
            let target = (self.cursor + redraw.forward).min(self.buf.len());
            out.extend_from_slice(self.buf.get(self.cursor..target).unwrap_or_default());
            self.cursor = target;
        }
    }

    /// readline.c's `readline_auto_indent`: after a line ending in `:` indent one level more than
    /// that line, otherwise as much; but not after two all-space lines, so that pressing Enter
    /// twice more ends the statement.
    fn auto_indent(&mut self, out: &mut Vec<u8>) {
        if !self.auto_indent || self.buf.len() < 2 || self.buf.last() != Some(&b'\n') {
            return;
        }
        let body = self.buf.get(..self.buf.len() - 1).unwrap_or_default();
        let prev_start = body.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        let prev = body.get(prev_start..).unwrap_or_default();
        let spaces = prev.iter().take_while(|&&c| c == b' ').count();
        if prev_start > 0 && spaces == prev.len() {
            // The previous line is blank; if the one before it is blank too, stop indenting.
            // (readline.c does not count the statement's first line as blank.)
            let before = body.get(..prev_start - 1).unwrap_or_default();
            let second = before
                .iter()
                .rposition(|&c| c == b'\n')
                .and_then(|i| before.get(i + 1..));
            if second.is_some_and(|line| line.iter().all(|&c| c == b' ')) {
                return;
            }
        }
        let levels = spaces / 4 + usize::from(prev.last() == Some(&b':'));
        for _ in 0..levels {
            if !self.can_insert(4) {
                break;
            }
            self.buf.extend_from_slice(b"    ");
            out.extend_from_slice(b"    ");
            self.cursor += 4;
            self.indent_just_added = true;
        }
    }
}

/// readline.c's `mp_hal_move_cursor_back`: backspaces for short moves, `ESC [ n D` for longer.
fn move_cursor_back(n: usize, out: &mut Vec<u8>) {
    if n <= 4 {
        out.extend(core::iter::repeat_n(b'\x08', n));
    } else {
        out.extend_from_slice(b"\x1b[");
        out.extend_from_slice(alloc::format!("{n}").as_bytes());
        out.push(b'D');
    }
}
