//! `json.loads`: a parser with an explicit stack of open containers, so nesting depth costs
//! heap, not Rust stack. Lists and dicts are created when they open and filled through the VM,
//! so a large document runs into MemoryError like any other Python data. Every error is
//! MicroPython's ValueError("syntax error in JSON").

use alloc::string::String;
use alloc::vec::Vec;

use crate::exc::{PyErr, PyResult};
use crate::num::BigInt;
use crate::value::Value;
use crate::vm::Vm;

/// Open containers beyond this depth raise RecursionError, as CPython's decoder does near 1000.
const MAX_DEPTH: usize = 1000;

/// An open container: a list, or a dict with the key whose value is being parsed.
#[derive(Clone, Copy)]
enum Open {
    List(Value),
    Dict(Value, Value),
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Consumes `c` after optional whitespace.
    fn eat(&mut self, c: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.src.get(self.pos..self.pos + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += 4;
        Some(n)
    }

    /// A string body after its opening quote. None on a bad escape or a missing close quote.
    fn string(&mut self) -> Option<String> {
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote or backslash in one go: the source is valid
            // UTF-8 and both delimiters are ASCII, so the run is valid UTF-8 too.
            let start = self.pos;
            while !matches!(self.peek(), Some(b'"' | b'\\') | None) {
                self.pos += 1;
            }
            out.push_str(core::str::from_utf8(self.src.get(start..self.pos)?).ok()?);
            let c = self.peek()?;
            self.pos += 1;
            if c == b'"' {
                return Some(out);
            }
            let e = self.peek()?;
            self.pos += 1;
            let ch = match e {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hi = self.hex4()?;
                    let code = if (0xd800..0xdc00).contains(&hi) {
                        // A UTF-16 surrogate pair spells one character beyond the BMP; a lone
                        // surrogate is no character at all, so it is an error.
                        if self.src.get(self.pos..self.pos + 2) != Some(b"\\u") {
                            return None;
                        }
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if !(0xdc00..0xe000).contains(&lo) {
                            return None;
                        }
                        0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                    } else {
                        hi
                    };
                    char::from_u32(code)?
                }
                _ => return None,
            };
            out.push(ch);
        }
    }

    /// The extent of a number: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, and whether it
    /// is a float.
    fn number(&mut self) -> Option<(usize, bool)> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > s
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return None;
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            float = true;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            float = true;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Some((start, float))
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.src.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }
}

fn syntax_error(vm: &mut Vm) -> PyErr {
    vm.value_error("syntax error in JSON")
}

/// What came after a value inside a container.
enum Step {
    /// Another value follows (after `,`, or after `key:` in a dict).
    Value,
    /// The container closed; it is the value to attach to its parent.
    Closed(Value),
}

/// Parses a whole document.
pub fn loads(vm: &mut Vm, src: &str) -> PyResult<Value> {
    let mut p = Parser {
        src: src.as_bytes(),
        pos: 0,
    };
    let mut stack: Vec<Open> = Vec::new();
    loop {
        // Parse one value; an opening bracket pushes a container and goes round again.
        p.skip_ws();
        let c = p.peek().ok_or_else(|| syntax_error(vm))?;
        let value = match c {
            b'[' | b'{' => {
                p.pos += 1;
                if stack.len() >= MAX_DEPTH {
                    return Err(vm.recursion_error());
                }
                if c == b'[' {
                    let l = vm.new_list(Vec::new())?;
                    if p.eat(b']') {
                        l
                    } else {
                        stack.push(Open::List(l));
                        continue;
                    }
                } else {
                    let d = vm.new_dict()?;
                    if p.eat(b'}') {
                        d
                    } else {
                        let k = key(vm, &mut p)?;
                        stack.push(Open::Dict(d, k));
                        continue;
                    }
                }
            }
            b'"' => {
                p.pos += 1;
                let s = p.string().ok_or_else(|| syntax_error(vm))?;
                vm.new_string(s)?
            }
            b't' if p.literal(b"true") => Value::TRUE,
            b'f' if p.literal(b"false") => Value::FALSE,
            b'n' if p.literal(b"null") => Value::NONE,
            b'-' | b'0'..=b'9' => number(vm, &mut p)?,
            _ => return Err(syntax_error(vm)),
        };
        // Attach the value to the open containers, closing as many as end here.
        let mut value = value;
        loop {
            let Some(&top) = stack.last() else {
                p.skip_ws();
                if p.pos != p.src.len() {
                    return Err(syntax_error(vm));
                }
                return Ok(value);
            };
            match attach(vm, &mut p, top, value)? {
                (Step::Value, next) => {
                    if let (Some(slot), Some(next)) = (stack.last_mut(), next) {
                        *slot = next;
                    }
                    break;
                }
                (Step::Closed(v), _) => {
                    stack.pop();
                    value = v;
                }
            }
        }
    }
}

/// Adds `value` to the open container `top`, then reads `,` (and a dict's next `key:`) or the
/// closing bracket. For a dict the returned `Open` carries the next key.
fn attach(
    vm: &mut Vm,
    p: &mut Parser<'_>,
    top: Open,
    value: Value,
) -> PyResult<(Step, Option<Open>)> {
    match top {
        Open::List(l) => {
            vm.list_push(l, value)?;
            if p.eat(b',') {
                Ok((Step::Value, None))
            } else if p.eat(b']') {
                Ok((Step::Closed(l), None))
            } else {
                Err(syntax_error(vm))
            }
        }
        Open::Dict(d, k) => {
            vm.dict_set(d, k, value)?;
            if p.eat(b',') {
                let k = key(vm, p)?;
                Ok((Step::Value, Some(Open::Dict(d, k))))
            } else if p.eat(b'}') {
                Ok((Step::Closed(d), None))
            } else {
                Err(syntax_error(vm))
            }
        }
    }
}

/// A dict key and its colon.
fn key(vm: &mut Vm, p: &mut Parser<'_>) -> PyResult<Value> {
    if !p.eat(b'"') {
        return Err(syntax_error(vm));
    }
    let s = p.string().ok_or_else(|| syntax_error(vm))?;
    if !p.eat(b':') {
        return Err(syntax_error(vm));
    }
    vm.new_string(s)
}

fn number(vm: &mut Vm, p: &mut Parser<'_>) -> PyResult<Value> {
    let (start, float) = p.number().ok_or_else(|| syntax_error(vm))?;
    let text = p
        .src
        .get(start..p.pos)
        .and_then(|b| core::str::from_utf8(b).ok())
        .unwrap_or("0");
    if float {
        // Rust's parser rounds correctly, and overflow gives inf as CPython's does.
        let f: f64 = text.parse().map_err(|_| syntax_error(vm))?;
        return vm.new_float(f);
    }
    if let Ok(i) = text.parse::<i64>() {
        return vm.new_int(i);
    }
    match BigInt::parse_radix(text, 10) {
        Some(b) => vm.new_bigint(b),
        None => Err(syntax_error(vm)),
    }
}

#[cfg(test)]
mod tests {
    use super::loads;
    use crate::vm::{Config, Vm};
    use alloc::string::String;

    /// Random documents over JSON's alphabet: every one parses or raises, none panics, and
    /// whatever parses survives a dumps/loads round trip.
    #[test]
    fn random_documents_never_panic() {
        let alphabet: &[&str] = &[
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            " ",
            "\"",
            "\\",
            "u",
            "d8",
            "dc",
            "0",
            "1",
            "-",
            ".",
            "e",
            "+",
            "true",
            "null",
            "false",
            "a",
            "\u{e9}",
            "\\n",
            "\\u0041",
            "\\ud83d\\ude00",
        ];
        let mut vm = Vm::new(Config::default());
        let mut seed: u32 = 12345;
        let mut parsed = 0;
        for _ in 0..20000 {
            // No interpreter runs here to trim the nursery: let each document's objects go.
            vm.heap.nursery.clear();
            let mut doc = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let len = 1 + seed % 7;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                doc.push_str(alphabet[seed as usize % alphabet.len()]);
            }
            if let Ok(v) = loads(&mut vm, &doc) {
                parsed += 1;
                let sep = super::super::encode::Separators {
                    item: String::from(","),
                    key: String::from(":"),
                };
                let text = super::super::encode::dumps(&mut vm, v, &sep).expect("dumps");
                let again = loads(&mut vm, &text).expect("round trip");
                assert!(vm.eq(v, again).expect("eq"), "{doc:?} -> {text:?}");
            }
        }
        assert!(parsed > 500, "only {parsed} documents parsed");
    }
}
