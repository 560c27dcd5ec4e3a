//! The regular-expression compiler: MicroPython's re1.5 syntax parsed into a tree, then
//! compiled to a small backtracking program (`Inst`). The syntax: literals, `.`, classes
//! `[a-z]` `[^...]`, `\d \D \w \W \s \S`, `* + ?` and their lazy forms, `|`, groups `( )` and
//! `(?: )`, `^ $`. Like MicroPython, `{` and `}` are literals (no counted repetition) and `.`
//! matches a newline. Constructs MicroPython lacks and would misread (`\b`, back-references,
//! named groups, inline flags) are rejected rather than matched as something else.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

/// Parenthesis nesting allowed in a pattern; the parser and compiler recurse once per level.
const MAX_NESTING: usize = 64;

/// A character-class member.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ClassItem {
    Range(u32, u32),
    /// `\d \D \w \W \s \S`, by letter.
    Named(u8),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Inst {
    Char(u32),
    Any,
    Class(Box<[ClassItem]>, bool),
    /// Try the first target, backtrack to the second.
    Split(usize, usize),
    Jmp(usize),
    /// Record the position in slot n (group g's start is slot 2g, its end 2g+1).
    Save(usize),
    /// Leave the loop (jump to the target) when the position equals slot n: a loop body that
    /// matched nothing ends the loop, keeping its captures, as CPython does.
    Progress(usize, usize),
    Bol,
    Eol,
    Match,
}

pub struct Program {
    pub insts: Vec<Inst>,
    /// Capture groups, group 0 (the whole match) included.
    pub groups: usize,
    /// Slots: two per group, then one per loop whose body can match empty.
    pub slots: usize,
}

enum Node {
    Empty,
    Char(u32),
    Any,
    Class(Vec<ClassItem>, bool),
    Bol,
    Eol,
    Group(Box<Node>, Option<usize>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    /// `min` is 0 or 1, `max` 1 or unbounded (None).
    Repeat {
        node: Box<Node>,
        min: u8,
        many: bool,
        greedy: bool,
    },
}

impl Node {
    fn nullable(&self) -> bool {
        match self {
            Node::Empty | Node::Bol | Node::Eol => true,
            Node::Char(_) | Node::Any | Node::Class(..) => false,
            Node::Group(n, _) => n.nullable(),
            Node::Concat(v) => v.iter().all(Node::nullable),
            Node::Alt(v) => v.iter().any(Node::nullable),
            Node::Repeat { node, min, .. } => *min == 0 || node.nullable(),
        }
    }
}

/// Why a pattern was rejected (the caller raises MicroPython's "Error in regex").
#[derive(Debug, PartialEq)]
pub struct BadPattern;

struct Parser<'a> {
    chars: &'a [u32],
    pos: usize,
    groups: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u32> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c as u32) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, BadPattern> {
        if depth > MAX_NESTING {
            return Err(BadPattern);
        }
        let mut alts = vec![self.concat(depth)?];
        while self.eat('|') {
            alts.push(self.concat(depth)?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self, depth: usize) -> Result<Node, BadPattern> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' as u32 || c == ')' as u32 {
                break;
            }
            let atom = self.atom(depth)?;
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, BadPattern> {
        let (min, many) = if self.eat('*') {
            (0, true)
        } else if self.eat('+') {
            (1, true)
        } else if self.eat('?') {
            (0, false)
        } else {
            return Ok(atom);
        };
        if matches!(atom, Node::Bol | Node::Eol) {
            return Err(BadPattern);
        }
        let greedy = !self.eat('?');
        // `a**` is "multiple repeat" in CPython; re1.5 rejects it too.
        if matches!(self.peek(), Some(c) if c == '*' as u32 || c == '+' as u32 || c == '?' as u32) {
            return Err(BadPattern);
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            many,
            greedy,
        })
    }

    fn atom(&mut self, depth: usize) -> Result<Node, BadPattern> {
        let c = self.peek().ok_or(BadPattern)?;
        self.pos += 1;
        Ok(match char::from_u32(c).unwrap_or('\0') {
            '.' => Node::Any,
            '^' => Node::Bol,
            '$' => Node::Eol,
            '*' | '+' | '?' => return Err(BadPattern),
            '(' => {
                let index = if self.eat('?') {
                    if !self.eat(':') {
                        return Err(BadPattern);
                    }
                    None
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let inner = self.alternation(depth + 1)?;
                if !self.eat(')') {
                    return Err(BadPattern);
                }
                Node::Group(Box::new(inner), index)
            }
            '[' => self.class()?,
            '\\' => match self.escape()? {
                ClassItem::Named(n) => Node::Class(vec![ClassItem::Named(n)], false),
                ClassItem::Range(c, _) => Node::Char(c),
            },
            _ => Node::Char(c),
        })
    }

    /// After a backslash: a named class or a literal character.
    fn escape(&mut self) -> Result<ClassItem, BadPattern> {
        let c = self.peek().ok_or(BadPattern)?;
        self.pos += 1;
        let lit = match char::from_u32(c).unwrap_or('\0') {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => return Ok(ClassItem::Named(c as u8)),
            'n' => '\n' as u32,
            't' => '\t' as u32,
            'r' => '\r' as u32,
            'f' => 0x0c,
            'v' => 0x0b,
            // Assertions, back-references and the like: not in MicroPython's engine.
            'b' | 'B' | 'A' | 'Z' | 'z' | 'G' | '1'..='9' => return Err(BadPattern),
            _ => c,
        };
        Ok(ClassItem::Range(lit, lit))
    }

    fn class(&mut self) -> Result<Node, BadPattern> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or(BadPattern)?;
            // A `]` first in the set is a literal, as in CPython.
            if c == ']' as u32 && !first {
                self.pos += 1;
                break;
            }
            first = false;
            self.pos += 1;
            let lo = if c == '\\' as u32 {
                match self.escape()? {
                    ClassItem::Range(l, _) => l,
                    named => {
                        items.push(named);
                        continue;
                    }
                }
            } else {
                c
            };
            // `a-z` is a range unless the `-` ends the set.
            let is_range = self.peek() == Some('-' as u32)
                && self
                    .chars
                    .get(self.pos + 1)
                    .is_some_and(|n| *n != ']' as u32);
            if !is_range {
                items.push(ClassItem::Range(lo, lo));
                continue;
            }
            self.pos += 1;
            let h = self.peek().ok_or(BadPattern)?;
            self.pos += 1;
            let hi = if h == '\\' as u32 {
                match self.escape()? {
                    ClassItem::Range(l, _) => l,
                    ClassItem::Named(_) => return Err(BadPattern),
                }
            } else {
                h
            };
            if hi < lo {
                return Err(BadPattern);
            }
            items.push(ClassItem::Range(lo, hi));
        }
        Ok(Node::Class(items, negated))
    }
}

struct Emitter {
    insts: Vec<Inst>,
    slots: usize,
}

impl Emitter {
    fn pc(&self) -> usize {
        self.insts.len()
    }

    fn patch(&mut self, at: usize, inst: Inst) {
        if let Some(slot) = self.insts.get_mut(at) {
            *slot = inst;
        }
    }

    fn emit(&mut self, node: &Node) {
        match node {
            Node::Empty => {}
            Node::Char(c) => self.insts.push(Inst::Char(*c)),
            Node::Any => self.insts.push(Inst::Any),
            Node::Class(items, neg) => self
                .insts
                .push(Inst::Class(items.clone().into_boxed_slice(), *neg)),
            Node::Bol => self.insts.push(Inst::Bol),
            Node::Eol => self.insts.push(Inst::Eol),
            Node::Group(inner, index) => match index {
                Some(g) => {
                    self.insts.push(Inst::Save(2 * g));
                    self.emit(inner);
                    self.insts.push(Inst::Save(2 * g + 1));
                }
                None => self.emit(inner),
            },
            Node::Concat(items) => items.iter().for_each(|n| self.emit(n)),
            Node::Alt(alts) => {
                // split L1, next; L1: a; jmp end; next: split L2, next2; ... last alternative.
                let mut jumps = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    if i + 1 < alts.len() {
                        let split = self.pc();
                        self.insts.push(Inst::Match);
                        self.emit(alt);
                        jumps.push(self.pc());
                        self.insts.push(Inst::Match);
                        let next = self.pc();
                        self.patch(split, Inst::Split(split + 1, next));
                    } else {
                        self.emit(alt);
                    }
                }
                let end = self.pc();
                for j in jumps {
                    self.patch(j, Inst::Jmp(end));
                }
            }
            Node::Repeat {
                node,
                min,
                many,
                greedy,
            } => {
                if *min == 1 {
                    // e+ is e e*.
                    self.emit(node);
                }
                let order = |body, out| {
                    if *greedy {
                        Inst::Split(body, out)
                    } else {
                        Inst::Split(out, body)
                    }
                };
                let split = self.pc();
                self.insts.push(Inst::Match);
                if !*many {
                    self.emit(node);
                    let out = self.pc();
                    self.patch(split, order(split + 1, out));
                    return;
                }
                // An iteration that matched nothing ends the loop, so `(a*)*` terminates.
                let guard = node.nullable().then(|| {
                    self.slots += 1;
                    self.slots - 1
                });
                if let Some(s) = guard {
                    self.insts.push(Inst::Save(s));
                }
                self.emit(node);
                let progress = self.pc();
                if guard.is_some() {
                    self.insts.push(Inst::Match);
                }
                self.insts.push(Inst::Jmp(split));
                let out = self.pc();
                if let Some(s) = guard {
                    self.patch(progress, Inst::Progress(s, out));
                }
                self.patch(split, order(split + 1, out));
            }
        }
    }
}

/// Compiles a pattern given as characters (code points; bytes for a bytes pattern).
pub fn compile(pattern: &[u32]) -> Result<Program, BadPattern> {
    let mut p = Parser {
        chars: pattern,
        pos: 0,
        groups: 0,
    };
    let tree = p.alternation(0)?;
    if p.pos != pattern.len() {
        // An unbalanced `)`.
        return Err(BadPattern);
    }
    let groups = p.groups + 1;
    let mut e = Emitter {
        insts: vec![Inst::Save(0)],
        slots: 2 * groups,
    };
    e.emit(&tree);
    e.insts.push(Inst::Save(1));
    e.insts.push(Inst::Match);
    Ok(Program {
        insts: e.insts,
        groups,
        slots: e.slots,
    })
}
