//! The friendly REPL's line history, as MicroPython keeps it (`readline_push_history` in
//! shared/readline/readline.c): the 8 most recent non-empty lines, newest first, never two equal
//! lines in a row.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// `MICROPY_READLINE_HISTORY_SIZE` in MicroPython's default configuration.
pub(crate) const HISTORY_SIZE: usize = 8;

#[derive(Default)]
pub(crate) struct History {
    /// Newest first.
    lines: VecDeque<Vec<u8>>,
}

impl History {
    /// Remembers `line` unless it is empty or repeats the newest entry.
    pub(crate) fn push(&mut self, line: &[u8]) {
        if line.is_empty() || self.lines.front().is_some_and(|newest| newest == line) {
            return;
        }
        if self.lines.len() == HISTORY_SIZE {
            self.lines.pop_back();
        }
        self.lines.push_front(line.to_vec());
    }

    /// The entry `age` steps back: 0 is the newest.
    pub(crate) fn get(&self, age: usize) -> Option<&[u8]> {
        self.lines.get(age).map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_eight_lines_without_consecutive_duplicates() {
        let mut history = History::default();
        history.push(b"");
        assert_eq!(history.get(0), None);
        for i in 0..10u8 {
            history.push(&[b'0' + i]);
            history.push(&[b'0' + i]);
        }
        assert_eq!(history.get(0), Some(&b"9"[..]));
        assert_eq!(history.get(7), Some(&b"2"[..]));
        assert_eq!(history.get(8), None);
        history.push(b"2");
        assert_eq!(history.get(0), Some(&b"2"[..]));
    }
}
