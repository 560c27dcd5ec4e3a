//! The backtracking matcher. Alternatives still to try live on an explicit stack, not the Rust
//! stack, so a long subject can't overflow it; and every run has a step budget, so a pattern
//! that backtracks exponentially stops with an error instead of hanging the board.

use alloc::vec;
use alloc::vec::Vec;

use super::compile::{ClassItem, Inst, Program};

/// Instructions one search may execute. Ordinary searches of a few kilobytes use a small
/// fraction; `(a*)*b` against a long run of `a`s uses it up.
pub const STEP_BUDGET: u64 = 20_000_000;
/// Pending alternatives one search may hold (each is a few words).
const STACK_LIMIT: usize = 1 << 20;

/// The subject: UTF-8 text (positions are byte offsets at character boundaries) or bytes.
pub struct Subject<'a> {
    pub data: &'a [u8],
    pub utf8: bool,
    /// `endpos`: the matcher sees nothing past it.
    pub end: usize,
}

impl Subject<'_> {
    /// The character at `pos` and its width in bytes.
    pub fn char_at(&self, pos: usize) -> Option<(u32, usize)> {
        if pos >= self.end {
            return None;
        }
        let b0 = *self.data.get(pos)?;
        if !self.utf8 || b0 < 0x80 {
            return Some((u32::from(b0), 1));
        }
        let (width, init) = match b0 {
            0xc0..=0xdf => (2, u32::from(b0 & 0x1f)),
            0xe0..=0xef => (3, u32::from(b0 & 0x0f)),
            _ => (4, u32::from(b0 & 0x07)),
        };
        let tail = self.data.get(pos + 1..pos + width)?;
        let c = tail
            .iter()
            .fold(init, |acc, b| (acc << 6) | u32::from(b & 0x3f));
        Some((c, width))
    }
}

/// The search ran out of budget (MicroPython's recursive engine would have overflowed).
#[derive(Debug, PartialEq)]
pub struct TooComplex;

fn named(kind: u8, c: u32) -> bool {
    let ch = char::from_u32(c).unwrap_or('\0');
    let hit = match kind.to_ascii_lowercase() {
        b'd' => ch.is_ascii_digit(),
        b'w' => ch.is_ascii_alphanumeric() || ch == '_',
        _ => matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'),
    };
    hit != kind.is_ascii_uppercase()
}

fn in_class(items: &[ClassItem], negated: bool, c: u32) -> bool {
    let hit = items.iter().any(|it| match *it {
        ClassItem::Range(lo, hi) => lo <= c && c <= hi,
        ClassItem::Named(k) => named(k, c),
    });
    hit != negated
}

enum Pending {
    Try(usize, usize),
    Restore(usize, usize),
}

const UNSET: usize = usize::MAX;

pub struct Matcher<'p> {
    prog: &'p Program,
    steps: u64,
}

impl<'p> Matcher<'p> {
    pub fn new(prog: &'p Program) -> Matcher<'p> {
        Matcher { prog, steps: 0 }
    }

    /// Finds the leftmost match starting at or after `pos` (only at `pos` when `anchored`).
    /// A match that is empty and starts at `forbid_empty_at` is rejected, which is how `sub`
    /// and `split` step past an empty match. Returns the group slots (start, end per group;
    /// `usize::MAX` for a group that did not take part).
    pub fn search(
        &mut self,
        s: &Subject<'_>,
        pos: usize,
        anchored: bool,
        forbid_empty_at: Option<usize>,
    ) -> Result<Option<Vec<usize>>, TooComplex> {
        let mut start = pos;
        loop {
            if let Some(slots) = self.run_at(s, start, forbid_empty_at)? {
                return Ok(Some(slots));
            }
            if anchored {
                return Ok(None);
            }
            match s.char_at(start) {
                Some((_, w)) => start += w,
                None => return Ok(None),
            }
        }
    }

    fn run_at(
        &mut self,
        s: &Subject<'_>,
        start: usize,
        forbid_empty_at: Option<usize>,
    ) -> Result<Option<Vec<usize>>, TooComplex> {
        let insts = &self.prog.insts;
        let mut slots = vec![UNSET; self.prog.slots];
        let mut stack = vec![Pending::Try(0, start)];
        while let Some(p) = stack.pop() {
            let (mut pc, mut sp) = match p {
                Pending::Restore(i, old) => {
                    if let Some(slot) = slots.get_mut(i) {
                        *slot = old;
                    }
                    continue;
                }
                Pending::Try(pc, sp) => (pc, sp),
            };
            // Run this thread until it fails (then pop the next alternative) or matches.
            loop {
                self.steps += 1;
                if self.steps > STEP_BUDGET || stack.len() > STACK_LIMIT {
                    return Err(TooComplex);
                }
                let Some(inst) = insts.get(pc) else { break };
                match inst {
                    Inst::Char(c) => match s.char_at(sp) {
                        Some((x, w)) if x == *c => {
                            sp += w;
                            pc += 1;
                        }
                        _ => break,
                    },
                    Inst::Any => match s.char_at(sp) {
                        Some((_, w)) => {
                            sp += w;
                            pc += 1;
                        }
                        None => break,
                    },
                    Inst::Class(items, neg) => match s.char_at(sp) {
                        Some((x, w)) if in_class(items, *neg, x) => {
                            sp += w;
                            pc += 1;
                        }
                        _ => break,
                    },
                    Inst::Split(a, b) => {
                        stack.push(Pending::Try(*b, sp));
                        pc = *a;
                    }
                    Inst::Jmp(a) => pc = *a,
                    Inst::Save(i) => {
                        if let Some(slot) = slots.get_mut(*i) {
                            stack.push(Pending::Restore(*i, *slot));
                            *slot = sp;
                        }
                        pc += 1;
                    }
                    Inst::Progress(i, exit) => {
                        pc = if slots.get(*i) == Some(&sp) {
                            *exit
                        } else {
                            pc + 1
                        };
                    }
                    Inst::Bol => {
                        if sp != 0 {
                            break;
                        }
                        pc += 1;
                    }
                    Inst::Eol => {
                        if sp != s.end {
                            break;
                        }
                        pc += 1;
                    }
                    Inst::Match => {
                        if forbid_empty_at == Some(start) && sp == start {
                            break;
                        }
                        slots.truncate(2 * self.prog.groups);
                        return Ok(Some(slots));
                    }
                }
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::super::compile::compile;
    use super::*;

    fn find(pat: &str, text: &str) -> Option<(usize, usize)> {
        let p: Vec<u32> = pat.chars().map(|c| c as u32).collect();
        let prog = compile(&p).ok()?;
        let s = Subject {
            data: text.as_bytes(),
            utf8: true,
            end: text.len(),
        };
        let slots = Matcher::new(&prog).search(&s, 0, false, None).ok()??;
        Some((slots[0], slots[1]))
    }

    #[test]
    fn leftmost_first_semantics() {
        assert_eq!(find("a|ab", "ab"), Some((0, 1)));
        assert_eq!(find("<.+>", "<a><b>"), Some((0, 6)));
        assert_eq!(find("<.+?>", "<a><b>"), Some((0, 3)));
        assert_eq!(find("x*", "abc"), Some((0, 0)));
        assert_eq!(find("b+$", "abbb"), Some((1, 4)));
        assert_eq!(find("^b", "ab"), None);
        assert_eq!(find("[^a-c]+", "abcdef"), Some((3, 6)));
        assert_eq!(find("é+", "aéé"), Some((1, 5)));
        assert_eq!(find(".", "\n"), Some((0, 1)));
        assert_eq!(find("[]a]+", "]a]b"), Some((0, 3)));
        assert_eq!(find("[a-]+", "-a-b"), Some((0, 3)));
        assert_eq!(find(r"[\d.]+", "v1.25x"), Some((1, 5)));
    }

    #[test]
    fn empty_loops_terminate() {
        assert_eq!(find("(a*)*b", "aab"), Some((0, 3)));
        assert_eq!(find("(a*)*", "b"), Some((0, 0)));
        assert_eq!(find("(a|)+c", "aac"), Some((0, 3)));
    }

    #[test]
    fn bad_patterns_are_rejected() {
        for p in [
            "(", ")", "a)", "*a", "a**", "[a", "\\", "(?P<n>a)", "\\b", "\\1", "[z-a]", "^*",
        ] {
            let chars: Vec<u32> = p.chars().map(|c| c as u32).collect();
            assert!(compile(&chars).is_err(), "{p}");
        }
    }

    #[test]
    fn exponential_patterns_hit_the_budget() {
        let p: Vec<u32> = "(a|a)*b".chars().map(|c| c as u32).collect();
        let prog = compile(&p).unwrap();
        let text = "a".repeat(40);
        let s = Subject {
            data: text.as_bytes(),
            utf8: true,
            end: text.len(),
        };
        assert_eq!(
            Matcher::new(&prog).search(&s, 0, false, None),
            Err(TooComplex)
        );
    }
}
