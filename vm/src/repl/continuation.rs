//! Whether the friendly REPL needs another `... ` line before it can run what was typed: a small
//! lexical scan, a port of MicroPython's `mp_repl_continue_with_input` (py/repl.c). It is a
//! heuristic on purpose: it must answer for half-typed input that the parser would reject.

/// Keywords that open a compound statement. A statement starting with one of them (or with a
/// decorator `@`) continues until a blank line, as in py/repl.c.
const COMPOUND_KEYWORDS: [&[u8]; 8] = [
    b"if", b"while", b"for", b"try", b"with", b"def", b"class", b"async",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Single1,
    Double1,
    Single3,
    Double3,
}

/// `input` is the whole statement typed so far, its lines joined with `\n`.
pub(crate) fn needs_continuation(input: &[u8]) -> bool {
    let Some(&last) = input.last() else {
        return false;
    };
    let compound = input.first() == Some(&b'@')
        || COMPOUND_KEYWORDS
            .iter()
            .any(|kw| starts_with_word(input, kw));

    let (mut paren, mut bracket, mut brace) = (0i64, 0i64, 0i64);
    let mut quote = Quote::None;
    let mut i = 0;
    while let Some(&c) = input.get(i) {
        let next_two = |q: u8| input.get(i + 1) == Some(&q) && input.get(i + 2) == Some(&q);
        match c {
            b'\'' => {
                if matches!(quote, Quote::None | Quote::Single3) && next_two(b'\'') {
                    i += 2;
                    quote = if quote == Quote::None {
                        Quote::Single3
                    } else {
                        Quote::None
                    };
                } else if matches!(quote, Quote::None | Quote::Single1) {
                    quote = if quote == Quote::None {
                        Quote::Single1
                    } else {
                        Quote::None
                    };
                }
            }
            b'"' => {
                if matches!(quote, Quote::None | Quote::Double3) && next_two(b'"') {
                    i += 2;
                    quote = if quote == Quote::None {
                        Quote::Double3
                    } else {
                        Quote::None
                    };
                } else if matches!(quote, Quote::None | Quote::Double1) {
                    quote = if quote == Quote::None {
                        Quote::Double1
                    } else {
                        Quote::None
                    };
                }
            }
            // An escaped quote or backslash inside a string does not count; outside a string
            // py/repl.c looks at the escaped character again on the next pass, and so do we.
            b'\\' if matches!(input.get(i + 1), Some(b'\'' | b'"' | b'\\')) => {
                i += usize::from(quote != Quote::None);
            }
            _ if quote == Quote::None => match c {
                b'(' => paren += 1,
                b')' => paren -= 1,
                b'[' => bracket += 1,
                b']' => bracket -= 1,
                b'{' => brace += 1,
                b'}' => brace -= 1,
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }

    if matches!(quote, Quote::Single3 | Quote::Double3) {
        return true;
    }
    if (paren > 0 || bracket > 0 || brace > 0) && quote == Quote::None {
        return true;
    }
    if last == b'\\' {
        return true;
    }
    // A compound statement ends with an empty line, i.e. when the input ends in the `\n` that
    // joined an empty last line.
    compound && last != b'\n'
}

/// `input` starts with the word `head`, not merely with its letters (`iffy` is not `if`).
fn starts_with_word(input: &[u8], head: &[u8]) -> bool {
    input.starts_with(head)
        && input
            .get(head.len())
            .is_none_or(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
}

#[cfg(test)]
mod tests {
    use super::needs_continuation as cont;

    #[test]
    fn simple_statements_run_at_once() {
        assert!(!cont(b""));
        assert!(!cont(b"1 + 2"));
        assert!(!cont(b"iffy = 3"));
        assert!(!cont(b"print(')')"));
        assert!(!cont(b"s = '''x'''"));
    }

    #[test]
    fn compound_statements_continue_until_a_blank_line() {
        assert!(cont(b"if x:"));
        assert!(cont(b"for i in range(3):\n    print(i)"));
        assert!(cont(b"for i in range(3):\n    print(i)\n    "));
        assert!(!cont(b"for i in range(3):\n    print(i)\n"));
        assert!(cont(b"@decorator"));
        assert!(cont(b"async def f():"));
        assert!(cont(b"while True: pass"));
        assert!(cont(b"class A: pass"));
    }

    #[test]
    fn open_brackets_quotes_and_backslashes_continue() {
        assert!(cont(b"f(1,"));
        assert!(cont(b"[1, 2"));
        assert!(cont(b"{'a': 1,"));
        assert!(!cont(b"f(1)]"));
        assert!(cont(b"s = '''abc"));
        assert!(cont(b"s = \"\"\"abc\n"));
        assert!(!cont(b"s = \"\"\"abc\"\"\""));
        assert!(cont(b"x = 1 + \\"));
        assert!(!cont(b"s = 'it\\'s ('"));
        // An open bracket inside an unterminated one-quote string does not continue.
        assert!(!cont(b"s = '("));
    }
}
