//! The lexer: turns Python source into tokens, with the NEWLINE/INDENT/DEDENT layout tokens that
//! make indentation part of the grammar (Python reference, "Lexical analysis").
//!
//! It works on the bytes of the source and allocates only for the values tokens carry (names,
//! decoded string literals). f-strings are not decoded here: the token keeps where their body is
//! in the source, and the parser splits it into literal pieces and replacement fields.

use alloc::borrow::Cow;
use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::ast::{Line, SyntaxError, SyntaxErrorKind};

mod literal;

use literal::{StrFlags, int_token, parse_float};
pub use literal::{decode_bytes, decode_str};

/// CPython's tokenizer refuses more than 200 open brackets (`MAXLEVEL`); deeper nesting would
/// only recurse the parser deeper.
pub const MAX_BRACKETS: usize = 200;
/// CPython's tokenizer allows 100 indentation levels (`MAXINDENT`).
pub const MAX_INDENTS: usize = 100;

/// One token, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: Tok,
    /// 1-based line the token starts on.
    pub line: Line,
    /// Byte offset of the token's first character in the (normalized) source.
    pub start: usize,
}

/// What a token is, with the value it carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Name(String),
    Kw(Kw),
    Int(i64),
    /// An integer literal too large for `i64`, as decimal digits.
    BigInt(String),
    Float(f64),
    Imag(f64),
    Str(String),
    Bytes(Vec<u8>),
    /// An f-string: its body is `source[start..end]`, still undecoded; `line` is where the body
    /// starts.
    FStr {
        start: usize,
        end: usize,
        raw: bool,
        line: Line,
    },
    Op(Op),
    /// Something the parser reports when it gets there, as CPython does: a string literal with
    /// a bad escape (its message), or a stray character (`invalid syntax`).
    Invalid(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
}

/// Python 3's hard keywords (`match` and `case` are soft and not supported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kw {
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
}

impl Kw {
    fn from_str(s: &str) -> Option<Kw> {
        Some(match s {
            "False" => Kw::False,
            "None" => Kw::None,
            "True" => Kw::True,
            "and" => Kw::And,
            "as" => Kw::As,
            "assert" => Kw::Assert,
            "async" => Kw::Async,
            "await" => Kw::Await,
            "break" => Kw::Break,
            "class" => Kw::Class,
            "continue" => Kw::Continue,
            "def" => Kw::Def,
            "del" => Kw::Del,
            "elif" => Kw::Elif,
            "else" => Kw::Else,
            "except" => Kw::Except,
            "finally" => Kw::Finally,
            "for" => Kw::For,
            "from" => Kw::From,
            "global" => Kw::Global,
            "if" => Kw::If,
            "import" => Kw::Import,
            "in" => Kw::In,
            "is" => Kw::Is,
            "lambda" => Kw::Lambda,
            "nonlocal" => Kw::Nonlocal,
            "not" => Kw::Not,
            "or" => Kw::Or,
            "pass" => Kw::Pass,
            "raise" => Kw::Raise,
            "return" => Kw::Return,
            "try" => Kw::Try,
            "while" => Kw::While,
            "with" => Kw::With,
            "yield" => Kw::Yield,
            _ => return None,
        })
    }
}

/// Operators and delimiters, named after their shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    LPar,
    RPar,
    LSqb,
    RSqb,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Semi,
    Dot,
    Ellipsis,
    Plus,
    Minus,
    Star,
    Slash,
    DSlash,
    Percent,
    DStar,
    At,
    VBar,
    Amp,
    Caret,
    Tilde,
    LShift,
    RShift,
    /// `=`
    Assign,
    PlusEq,
    MinusEq,
    StarEq,
    SlashEq,
    DSlashEq,
    PercentEq,
    DStarEq,
    AtEq,
    VBarEq,
    AmpEq,
    CaretEq,
    LShiftEq,
    RShiftEq,
    EqEq,
    NotEq,
    Lt,
    Gt,
    LtE,
    GtE,
    Arrow,
    Walrus,
}

/// Python reads source with universal newlines: `\r\n` and a lone `\r` both end a line. Doing
/// it once up front lets the rest of the front end look only for `\n`; a leading BOM goes too.
pub fn normalize(source: &str) -> Cow<'_, str> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if !source.contains('\r') {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The 1-based character column of byte offset `pos` in `src`.
pub fn column_at(src: &str, pos: usize) -> u32 {
    let before = src.get(..pos).unwrap_or(src);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let count = before.get(line_start..).map_or(0, |s| s.chars().count());
    u32::try_from(count).unwrap_or(u32::MAX).saturating_add(1)
}

/// A SyntaxError (or IndentationError) at byte offset `pos` of `src`, on `line`.
pub fn error_at(
    src: &str,
    kind: SyntaxErrorKind,
    message: &str,
    line: Line,
    pos: usize,
) -> SyntaxError {
    SyntaxError {
        kind,
        message: String::from(message),
        line,
        column: column_at(src, pos),
    }
}

/// Tokenizes a whole module into a list, through EOF. `src` must already be normalized (see
/// [`normalize`]). The parser streams instead; this is for tools and tests.
pub fn tokenize(src: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut lexer = Lexer::new(src, 1, false);
    let mut tokens = Vec::new();
    loop {
        let t = lexer.next_token()?;
        let end = t.kind == Tok::Eof;
        tokens.push(t);
        if end {
            return Ok(tokens);
        }
    }
}

/// A streaming lexer: the parser pulls tokens one at a time, so no token list is ever held in
/// memory (which matters on a microcontroller).
#[derive(Clone)]
pub struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: Line,
    /// Open brackets: the byte, and the line and offset where it opened.
    brackets: Vec<(u8, Line, usize)>,
    /// Lex as if inside an invisible bracket (f-string fields).
    implicit_bracket: bool,
    /// Open indentation levels: width with tabs to multiples of 8, and with tabs as 1.
    indents: Vec<(u32, u32)>,
    at_line_start: bool,
    /// Tokens made but not yet handed out (one step can make several DEDENTs).
    pending: VecDeque<Token>,
    /// Whether the last token handed out ended or began a line (NEWLINE, INDENT, DEDENT) or
    /// there was none: a NEWLINE then would end an empty logical line.
    after_layout: bool,
    /// EOF has been handed out; later calls hand it out again.
    done: bool,
    /// The line of the last token made: where tokens at the end of input go, so an error
    /// there names the last line rather than the one after it, as CPython does.
    last_line: Line,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'a'..=b'z' => u32::from(b - b'a') + 10,
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        _ => u32::MAX,
    }
}

impl<'a> Lexer<'a> {
    /// A lexer for an f-string replacement field: `src[start..end]`, lexed as if in
    /// parentheses, starting on `line`. Token positions stay offsets into the whole `src`, so
    /// errors get true columns.
    pub fn for_field(src: &'a str, start: usize, end: usize, line: Line) -> Self {
        let src = src.get(..end).unwrap_or(src);
        let mut lexer = Lexer::new(src, line, true);
        lexer.pos = start.min(src.len());
        lexer
    }

    /// A lexer over `src` (already normalized) whose first line is `line`. With
    /// `implicit_bracket` it lexes as if inside parentheses: no layout tokens, as an f-string
    /// field needs.
    pub fn new(src: &'a str, line: Line, implicit_bracket: bool) -> Self {
        Lexer {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            line,
            brackets: Vec::new(),
            implicit_bracket,
            indents: Vec::new(),
            at_line_start: !implicit_bracket,
            pending: VecDeque::new(),
            after_layout: true,
            done: false,
            last_line: line,
        }
    }

    fn peek_byte(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn in_brackets(&self) -> bool {
        self.implicit_bracket || !self.brackets.is_empty()
    }

    fn push(&mut self, kind: Tok, line: Line, start: usize) {
        self.after_layout = matches!(kind, Tok::Newline | Tok::Indent | Tok::Dedent);
        self.last_line = line;
        self.pending.push_back(Token { kind, line, start });
    }

    fn err(&self, message: &str, line: Line, pos: usize) -> SyntaxError {
        error_at(self.src, SyntaxErrorKind::SyntaxError, message, line, pos)
    }

    fn indent_err(&self, message: &str, pos: usize) -> SyntaxError {
        error_at(
            self.src,
            SyntaxErrorKind::IndentationError,
            message,
            self.line,
            pos,
        )
    }

    /// The next token; after the end of input, EOF again and again.
    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        loop {
            if let Some(t) = self.pending.pop_front() {
                return Ok(t);
            }
            if self.done {
                let end = self.bytes.len();
                return Ok(Token {
                    kind: Tok::Eof,
                    line: self.last_line,
                    start: end,
                });
            }
            self.step()?;
        }
    }

    /// Consumes one token's worth of input (or a line end, a comment, a continuation), or
    /// finishes at the end of input; every call makes progress.
    fn step(&mut self) -> Result<(), SyntaxError> {
        {
            if self.at_line_start && !self.in_brackets() {
                self.indentation()?;
                self.at_line_start = false;
            }
            // Whitespace between tokens.
            while let Some(b' ' | b'\t' | b'\x0c') = self.peek_byte(0) {
                self.pos += 1;
            }
            let Some(c) = self.peek_byte(0) else {
                return self.finish();
            };
            let start = self.pos;
            match c {
                b'#' => self.skip_comment(),
                b'\n' => {
                    let in_brackets = self.in_brackets();
                    if !in_brackets && self.logical_line_has_tokens() {
                        self.push(Tok::Newline, self.line, start);
                    }
                    self.pos += 1;
                    self.line += 1;
                    // Inside brackets the next line's indentation means nothing.
                    self.at_line_start = !in_brackets;
                }
                b'\\' => match self.peek_byte(1) {
                    Some(b'\n') => {
                        self.pos += 2;
                        self.line += 1;
                        if self.pos >= self.bytes.len() {
                            return Err(self.err(
                                "unexpected EOF while parsing",
                                self.line - 1,
                                start,
                            ));
                        }
                    }
                    None => return Err(self.err("unexpected EOF while parsing", self.line, start)),
                    Some(_) => {
                        return Err(self.err(
                            "unexpected character after line continuation character",
                            self.line,
                            start,
                        ));
                    }
                },
                b'0'..=b'9' => {
                    let tok = self.number()?;
                    self.push(tok, self.line, start);
                }
                b'.' if matches!(self.peek_byte(1), Some(b'0'..=b'9')) => {
                    let tok = self.number()?;
                    self.push(tok, self.line, start);
                }
                b'"' | b'\'' => {
                    let line = self.line;
                    let tok = self.string(start, StrFlags::default())?;
                    self.push(tok, line, start);
                }
                c if is_ident_start(c) => self.name_or_prefixed_string()?,
                _ => self.operator()?,
            }
        }
        Ok(())
    }

    /// Whether a NEWLINE would end a non-empty logical line (not repeat one, nor open the file).
    fn logical_line_has_tokens(&self) -> bool {
        !self.after_layout
    }

    fn skip_comment(&mut self) {
        while let Some(b) = self.peek_byte(0) {
            if b == b'\n' {
                break;
            }
            self.pos += 1;
        }
    }

    /// Measures the indentation of the next non-blank line and emits INDENT/DEDENT tokens.
    /// Blank and comment-only lines do not count (Python reference, 2.1.8).
    fn indentation(&mut self) -> Result<(), SyntaxError> {
        loop {
            // `width` counts a tab to the next multiple of 8, as CPython does; `alt` counts it as
            // one column. Indentation that compares differently under the two is ambiguous, and
            // Python 3 rejects it (TabError, tokenizer.c).
            let mut width: u32 = 0;
            let mut alt: u32 = 0;
            while let Some(c) = self.peek_byte(0) {
                match c {
                    b' ' => {
                        width = width.saturating_add(1);
                        alt = alt.saturating_add(1);
                    }
                    b'\t' => {
                        width = (width / 8).saturating_add(1).saturating_mul(8);
                        alt = alt.saturating_add(1);
                    }
                    b'\x0c' => {
                        width = 0;
                        alt = 0;
                    }
                    _ => break,
                }
                self.pos += 1;
            }
            match self.peek_byte(0) {
                // At EOF the dedents come from finish().
                None => return Ok(()),
                Some(b'#') => {
                    self.skip_comment();
                    continue;
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    continue;
                }
                Some(_) => {}
            }
            let (top, top_alt) = self.indents.last().copied().unwrap_or((0, 0));
            let tab_error = |l: &Self| {
                l.indent_err("inconsistent use of tabs and spaces in indentation", l.pos)
            };
            if width > top {
                if alt <= top_alt {
                    return Err(tab_error(self));
                }
                if self.indents.len() >= MAX_INDENTS {
                    return Err(self.indent_err("too many levels of indentation", self.pos));
                }
                self.indents.push((width, alt));
                self.push(Tok::Indent, self.line, self.pos);
            } else if width < top {
                while self.indents.last().is_some_and(|&(w, _)| w > width) {
                    self.indents.pop();
                    self.push(Tok::Dedent, self.line, self.pos);
                }
                let (outer, outer_alt) = self.indents.last().copied().unwrap_or((0, 0));
                if outer != width {
                    return Err(self.indent_err(
                        "unindent doesn't match any outer indentation level",
                        self.pos,
                    ));
                }
                if outer_alt != alt {
                    return Err(tab_error(self));
                }
            } else if alt != top_alt {
                return Err(tab_error(self));
            }
            return Ok(());
        }
    }

    fn finish(&mut self) -> Result<(), SyntaxError> {
        if let Some(&(b, line, pos)) = self.brackets.last() {
            let msg = format!("'{}' was never closed", char::from(b));
            return Err(self.err(&msg, line, pos));
        }
        let end = self.bytes.len();
        if !self.implicit_bracket && self.logical_line_has_tokens() {
            self.push(Tok::Newline, self.line, end);
        }
        for _ in 0..self.indents.len() {
            self.push(Tok::Dedent, self.last_line, end);
        }
        self.indents.clear();
        self.done = true;
        Ok(())
    }

    fn name_or_prefixed_string(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        while let Some(b) = self.peek_byte(0) {
            if !is_ident_continue(b) {
                break;
            }
            self.pos += 1;
        }
        let word = self.src.get(start..self.pos).unwrap_or("");
        if let (Some(b'"' | b'\''), Some(flags)) = (self.peek_byte(0), StrFlags::from_prefix(word))
        {
            let line = self.line;
            let tok = self.string(start, flags)?;
            self.push(tok, line, start);
            return Ok(());
        }
        if !word.is_ascii() {
            // Python identifiers may be non-ASCII letters (PEP 3131, approximated by Unicode's
            // alphabetic/numeric classes).
            for (i, ch) in word.char_indices() {
                let ok = ch == '_' || ch.is_alphabetic() || (i > 0 && ch.is_alphanumeric());
                if !ok {
                    let msg = format!("invalid character '{}' (U+{:04X})", ch, u32::from(ch));
                    return Err(self.err(&msg, self.line, start + i));
                }
            }
        }
        let kind = match Kw::from_str(word) {
            Some(kw) => Tok::Kw(kw),
            None => Tok::Name(String::from(word)),
        };
        self.push(kind, self.line, start);
        Ok(())
    }

    fn operator(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        let c = self.peek_byte(0).unwrap_or(0);
        let n1 = self.peek_byte(1);
        let n2 = self.peek_byte(2);
        let (op, len) = match (c, n1, n2) {
            (b'*', Some(b'*'), Some(b'=')) => (Op::DStarEq, 3),
            (b'/', Some(b'/'), Some(b'=')) => (Op::DSlashEq, 3),
            (b'<', Some(b'<'), Some(b'=')) => (Op::LShiftEq, 3),
            (b'>', Some(b'>'), Some(b'=')) => (Op::RShiftEq, 3),
            (b'.', Some(b'.'), Some(b'.')) => (Op::Ellipsis, 3),
            (b'*', Some(b'*'), _) => (Op::DStar, 2),
            (b'/', Some(b'/'), _) => (Op::DSlash, 2),
            (b'<', Some(b'<'), _) => (Op::LShift, 2),
            (b'>', Some(b'>'), _) => (Op::RShift, 2),
            (b'<', Some(b'='), _) => (Op::LtE, 2),
            (b'>', Some(b'='), _) => (Op::GtE, 2),
            (b'=', Some(b'='), _) => (Op::EqEq, 2),
            (b'!', Some(b'='), _) => (Op::NotEq, 2),
            (b'-', Some(b'>'), _) => (Op::Arrow, 2),
            (b':', Some(b'='), _) => (Op::Walrus, 2),
            (b'+', Some(b'='), _) => (Op::PlusEq, 2),
            (b'-', Some(b'='), _) => (Op::MinusEq, 2),
            (b'*', Some(b'='), _) => (Op::StarEq, 2),
            (b'/', Some(b'='), _) => (Op::SlashEq, 2),
            (b'%', Some(b'='), _) => (Op::PercentEq, 2),
            (b'@', Some(b'='), _) => (Op::AtEq, 2),
            (b'&', Some(b'='), _) => (Op::AmpEq, 2),
            (b'|', Some(b'='), _) => (Op::VBarEq, 2),
            (b'^', Some(b'='), _) => (Op::CaretEq, 2),
            (b'(', _, _) => (Op::LPar, 1),
            (b')', _, _) => (Op::RPar, 1),
            (b'[', _, _) => (Op::LSqb, 1),
            (b']', _, _) => (Op::RSqb, 1),
            (b'{', _, _) => (Op::LBrace, 1),
            (b'}', _, _) => (Op::RBrace, 1),
            (b',', _, _) => (Op::Comma, 1),
            (b':', _, _) => (Op::Colon, 1),
            (b';', _, _) => (Op::Semi, 1),
            (b'.', _, _) => (Op::Dot, 1),
            (b'+', _, _) => (Op::Plus, 1),
            (b'-', _, _) => (Op::Minus, 1),
            (b'*', _, _) => (Op::Star, 1),
            (b'/', _, _) => (Op::Slash, 1),
            (b'%', _, _) => (Op::Percent, 1),
            (b'@', _, _) => (Op::At, 1),
            (b'|', _, _) => (Op::VBar, 1),
            (b'&', _, _) => (Op::Amp, 1),
            (b'^', _, _) => (Op::Caret, 1),
            (b'~', _, _) => (Op::Tilde, 1),
            (b'=', _, _) => (Op::Assign, 1),
            (b'<', _, _) => (Op::Lt, 1),
            (b'>', _, _) => (Op::Gt, 1),
            _ => {
                let ch = self
                    .src
                    .get(start..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or('?');
                if ch.is_ascii_graphic() {
                    // `$`, `?`, a lone `!`: only a syntax error where the parser meets it.
                    self.pos += 1;
                    self.push(Tok::Invalid("invalid syntax"), self.line, start);
                    return Ok(());
                }
                let msg = format!("invalid character '{}' (U+{:04X})", ch, u32::from(ch));
                return Err(self.err(&msg, self.line, start));
            }
        };
        match c {
            b'(' | b'[' | b'{' => {
                if self.brackets.len() >= MAX_BRACKETS {
                    return Err(self.err("too many nested parentheses", self.line, start));
                }
                self.brackets.push((c, self.line, start));
            }
            b')' | b']' | b'}' => {
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match self.brackets.pop() {
                    Some((open, _, _)) if open == want => {}
                    Some((open, open_line, _)) => {
                        let msg = if open_line == self.line {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                char::from(c),
                                char::from(open)
                            )
                        } else {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                                char::from(c),
                                char::from(open),
                                open_line
                            )
                        };
                        return Err(self.err(&msg, self.line, start));
                    }
                    None => {
                        let msg = format!("unmatched '{}'", char::from(c));
                        return Err(self.err(&msg, self.line, start));
                    }
                }
            }
            _ => {}
        }
        self.pos += len;
        self.push(Tok::Op(op), self.line, start);
        Ok(())
    }

    /// Consumes digits of `radix` with single `_` separators between them (PEP 515). Returns
    /// how many digits it read.
    fn digits(&mut self, radix: u32, allow_leading_underscore: bool) -> Result<usize, SyntaxError> {
        let mut count = 0;
        loop {
            match self.peek_byte(0) {
                Some(b) if digit_value(b) < radix => {
                    count += 1;
                    self.pos += 1;
                }
                Some(b'_') => {
                    let next_ok = self.peek_byte(1).is_some_and(|b| digit_value(b) < radix);
                    if (count == 0 && !allow_leading_underscore) || !next_ok {
                        return Err(self.number_error(radix));
                    }
                    self.pos += 1;
                }
                _ => return Ok(count),
            }
        }
    }

    /// CPython still accepts a number run into one of these keywords (`1if x else 2`, `0x1for`),
    /// with a deprecation warning (tokenizer.c, `verify_end_of_number`).
    fn keyword_follows(&self) -> bool {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        [
            &b"and"[..],
            b"else",
            b"for",
            b"if",
            b"in",
            b"is",
            b"not",
            b"or",
        ]
        .iter()
        .any(|kw| rest.starts_with(kw))
    }

    fn number_error(&self, radix: u32) -> SyntaxError {
        let msg = match radix {
            16 => "invalid hexadecimal literal",
            8 => "invalid octal literal",
            2 => "invalid binary literal",
            _ => "invalid decimal literal",
        };
        self.err(msg, self.line, self.pos)
    }

    fn number(&mut self) -> Result<Tok, SyntaxError> {
        let start = self.pos;
        let radix = match (self.peek_byte(0), self.peek_byte(1)) {
            (Some(b'0'), Some(b'x' | b'X')) => 16,
            (Some(b'0'), Some(b'o' | b'O')) => 8,
            (Some(b'0'), Some(b'b' | b'B')) => 2,
            _ => 10,
        };
        if radix != 10 {
            self.pos += 2;
            let digits_start = self.pos;
            if self.digits(radix, true)? == 0 {
                return Err(self.number_error(radix));
            }
            let next = self.peek_byte(0);
            // Hex digits include the `e` of `else` and the `a` of `and`: those stay errors.
            if next.is_some_and(is_ident_continue)
                && !(self.keyword_follows() && next.is_some_and(|b| digit_value(b) >= radix))
            {
                return Err(self.number_error(radix));
            }
            let text = self.src.get(digits_start..self.pos).unwrap_or("");
            return Ok(int_token(text, radix));
        }
        let int_digits = self.digits(10, false)?;
        let mut is_float = false;
        if self.peek_byte(0) == Some(b'.') {
            is_float = true;
            self.pos += 1;
            if self.peek_byte(0) == Some(b'_') {
                return Err(self.number_error(10));
            }
            self.digits(10, false)?;
        }
        if let Some(b'e' | b'E') = self.peek_byte(0) {
            let sign = usize::from(matches!(self.peek_byte(1), Some(b'+' | b'-')));
            if self.peek_byte(1 + sign).is_some_and(|b| b.is_ascii_digit()) {
                is_float = true;
                self.pos += 1 + sign;
                self.digits(10, false)?;
            } else {
                return Err(self.number_error(10));
            }
        }
        let text = self.src.get(start..self.pos).unwrap_or("0");
        let imaginary = matches!(self.peek_byte(0), Some(b'j' | b'J'));
        if imaginary {
            self.pos += 1;
        }
        if self.peek_byte(0).is_some_and(is_ident_continue) && !self.keyword_follows() {
            return Err(self.number_error(10));
        }
        if is_float || imaginary {
            let value = parse_float(text)
                .ok_or_else(|| self.err("invalid decimal literal", self.line, start))?;
            return Ok(if imaginary {
                Tok::Imag(value)
            } else {
                Tok::Float(value)
            });
        }
        // "012" is an error in Python 3 (it was octal in Python 2); "00" is still zero.
        if int_digits > 1 && text.starts_with('0') && text.bytes().any(|b| matches!(b, b'1'..=b'9'))
        {
            return Err(self.err(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                self.line,
                start,
            ));
        }
        Ok(int_token(text, 10))
    }

    fn string(&mut self, token_start: usize, flags: StrFlags) -> Result<Tok, SyntaxError> {
        let line = self.line;
        let quote = self.peek_byte(0).unwrap_or(b'"');
        let triple = self.peek_byte(1) == Some(quote) && self.peek_byte(2) == Some(quote);
        self.pos += if triple { 3 } else { 1 };
        let body_start = self.pos;
        let body_end;
        loop {
            match self.peek_byte(0) {
                None => {
                    let msg = if triple {
                        format!(
                            "unterminated triple-quoted string literal (detected at line {})",
                            self.line
                        )
                    } else {
                        format!(
                            "unterminated string literal (detected at line {})",
                            self.line
                        )
                    };
                    return Err(self.err(&msg, line, token_start));
                }
                Some(b'\\') => {
                    if self.peek_byte(1) == Some(b'\n') {
                        self.line += 1;
                    }
                    // A backslash always takes the next character with it, even in raw strings
                    // (r"\"" is a two-character string).
                    self.pos += if self.peek_byte(1).is_some() { 2 } else { 1 };
                }
                Some(b'\n') => {
                    if !triple {
                        let msg = format!(
                            "unterminated string literal (detected at line {})",
                            self.line
                        );
                        return Err(self.err(&msg, line, token_start));
                    }
                    self.line += 1;
                    self.pos += 1;
                }
                Some(b) if b == quote => {
                    if !triple {
                        body_end = self.pos;
                        self.pos += 1;
                        break;
                    }
                    if self.peek_byte(1) == Some(quote) && self.peek_byte(2) == Some(quote) {
                        body_end = self.pos;
                        self.pos += 3;
                        break;
                    }
                    self.pos += 1;
                }
                Some(_) => self.pos += 1,
            }
        }
        let body = self.src.get(body_start..body_end).unwrap_or("");
        if flags.format {
            return Ok(Tok::FStr {
                start: body_start,
                end: body_end,
                raw: flags.raw,
                line,
            });
        }
        if flags.bytes {
            if !body.is_ascii() {
                return Err(self.err(
                    "bytes can only contain ASCII literal characters",
                    line,
                    token_start,
                ));
            }
            let mut out = Vec::with_capacity(body.len());
            if flags.raw {
                out.extend_from_slice(body.as_bytes());
            } else {
                if let Err(message) = decode_bytes(body, &mut out) {
                    return Ok(Tok::Invalid(message));
                }
            }
            return Ok(Tok::Bytes(out));
        }
        let mut out = String::with_capacity(body.len());
        if flags.raw {
            out.push_str(body);
        } else {
            if let Err(message) = decode_str(body, &mut out) {
                return Ok(Tok::Invalid(message));
            }
        }
        Ok(Tok::Str(out))
    }
}
