//! The parser: recursive descent over the lexer's tokens, producing `ast::Module` (Python 3
//! grammar as MicroPython supports it; no `match`).
//!
//! `expr.rs` holds operators and primaries, `display.rs` atoms and bracketed displays,
//! `params.rs` parameter lists and lambdas, `stmt.rs` statements, `fstring.rs` f-string bodies. Recursion is
//! bounded by a depth counter so that hostile input gives a SyntaxError rather than a stack
//! overflow; the lexer already caps bracket nesting and indentation levels.

mod display;
mod expr;
mod fstring;
mod params;
mod stmt;
#[cfg(test)]
mod tests;

use alloc::string::String;

use crate::ast::{Expr, Line, Module, SyntaxError, SyntaxErrorKind};
use crate::lexer::{self, Kw, Lexer, Op, Tok, Token};

/// How deep expressions and blocks may nest: each bracket, lambda, conditional expression,
/// `**` and compound statement is one level. A level costs 1-2 KiB of stack on a 64-bit host
/// (about half that on 32-bit targets), so bare-metal builds, which may run in a 32 KiB stack,
/// allow far fewer levels than CPython's 200 nested brackets.
pub const MAX_DEPTH: u32 = if cfg!(target_os = "none") { 20 } else { 200 };

/// Parses a whole module.
pub fn parse_module(source: &str) -> Result<Module, SyntaxError> {
    let src = lexer::normalize(source);
    let mut p = Parser::new(&src, Lexer::new(&src, 1, false), Ctx::default(), 0);
    let module = p.module();
    p.finish(module)
}

/// Parses one expression, as `eval()` takes it: leading whitespace and a trailing newline are
/// allowed.
pub fn parse_expression(source: &str) -> Result<Expr, SyntaxError> {
    let src = lexer::normalize(source);
    let trimmed = src.trim_start_matches([' ', '\t']);
    let mut p = Parser::new(trimmed, Lexer::new(trimmed, 1, false), Ctx::default(), 0);
    let at = p.here();
    let e = p.star_expressions().and_then(|e| {
        p.no_lone_star(&e, at)?;
        while p.eat_newline() {}
        p.expect_eof()?;
        Ok(e)
    });
    p.finish(e)
}

/// A token's position, kept to report errors at it after it has been consumed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pos {
    line: Line,
    start: usize,
}

/// What the statements being parsed are nested in, for the checks CPython does at compile time
/// (`'return' outside function` and friends).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ctx {
    /// Directly inside a function body (or lambda): `return` and `yield` are allowed.
    in_function: bool,
    /// Directly inside an `async def`.
    in_async: bool,
    /// Inside a loop body of the current function: `break` and `continue` are allowed.
    in_loop: bool,
    /// Some enclosing scope is a function: `nonlocal` is allowed.
    any_function: bool,
}

/// How many tokens the parser sees at once: the current one and two of lookahead.
const WINDOW: usize = 3;

pub(crate) struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    /// The current token and the lookahead. Past the end of input, EOF fills it.
    window: [Token; WINDOW],
    /// A lexer error met while filling the lookahead. An EOF stands in for the bad token, and
    /// whatever error the parser raises there becomes this one.
    lex_error: Option<SyntaxError>,
    /// The first error CPython would only find after parsing (`'return' outside function` and
    /// the like, found by its compiler): reported if the parse otherwise succeeds, so that a
    /// syntax error anywhere takes precedence, as in CPython.
    deferred: Option<SyntaxError>,
    /// The last error came from inside an f-string field and keeps its own position.
    in_field_error: bool,
    /// The last consumed token.
    prev: Pos,
    depth: u32,
    ctx: Ctx,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, lexer: Lexer<'a>, ctx: Ctx, depth: u32) -> Self {
        let eof = || Token {
            kind: Tok::Eof,
            line: 1,
            start: 0,
        };
        let mut p = Parser {
            src,
            lexer,
            window: [eof(), eof(), eof()],
            lex_error: None,
            deferred: None,
            in_field_error: false,
            prev: Pos { line: 1, start: 0 },
            depth,
            ctx,
        };
        for slot in 0..WINDOW {
            p.fill(slot);
        }
        p
    }

    /// Puts the next token from the lexer in `window[slot]`, or EOF if the slot before it
    /// already holds EOF. A lexer error becomes an EOF there, remembered in `lex_error`.
    fn fill(&mut self, slot: usize) {
        let before = slot.checked_sub(1).and_then(|i| self.window.get(i));
        let (line, start) = before.map_or((1, 0), |t| (t.line, t.start));
        let t = if before.is_some_and(|t| matches!(t.kind, Tok::Eof)) {
            Token {
                kind: Tok::Eof,
                line,
                start,
            }
        } else {
            match self.lexer.next_token() {
                Ok(t) => t,
                Err(e) => {
                    self.lex_error = Some(e);
                    Token {
                        kind: Tok::Eof,
                        line,
                        start,
                    }
                }
            }
        };
        if let Some(place) = self.window.get_mut(slot) {
            *place = t;
        }
    }

    /// The parse result, unless the lexer failed or a deferred error is pending.
    fn finish<T>(&mut self, result: Result<T, SyntaxError>) -> Result<T, SyntaxError> {
        let at_bad_token = self.at_lex_error();
        match (self.lex_error.take(), result) {
            // The parser got to the bad token: that is the error.
            (Some(lex), _) if at_bad_token => Err(lex),
            // The parser failed before the lookahead's bad token: as if found by a rescan.
            (Some(lex), Err(e)) => Err(self.prefer(e, lex)),
            (Some(lex), Ok(_)) => Err(lex),
            (None, Err(e)) => Err(self.rescan(e)),
            (None, Ok(v)) => match self.deferred.take() {
                Some(e) => Err(e),
                None => Ok(v),
            },
        }
    }

    /// Like `finish`, for a sub-parser whose deferred error the caller takes over.
    fn finish_nested<T>(&mut self, result: Result<T, SyntaxError>) -> Result<T, SyntaxError> {
        let at_bad_token = self.at_lex_error();
        match (self.lex_error.take(), result) {
            (Some(lex), Err(e)) if !at_bad_token => Err(self.prefer(e, lex)),
            (Some(lex), _) => Err(lex),
            (None, r) => r.map_err(|e| self.rescan(e)),
        }
    }

    /// Whether the current token stands in for a lexer error.
    fn at_lex_error(&self) -> bool {
        self.lex_error.is_some() && matches!(self.tok(), Tok::Eof)
    }

    /// Lexes the rest of the source after a parse error, as CPython does: a lexer error found
    /// there (an unterminated string, say) is usually the real cause and is reported instead.
    fn rescan(&mut self, error: SyntaxError) -> SyntaxError {
        if error.message.starts_with("unexpected indent") {
            return error;
        }
        loop {
            match self.lexer.next_token() {
                Ok(t) if t.kind == Tok::Eof => return error,
                Ok(_) => {}
                Err(lex) => return self.prefer(error, lex),
            }
        }
    }

    /// Which of a parse error and a later lexer error to report. CPython's tokenizer raises
    /// some errors itself (those win); it only flags bad indentation and a bad line
    /// continuation (those lose); an unclosed bracket wins if it opened before the line of
    /// the furthest token the parser read (pegen.c,
    /// `_PyPegen_tokenize_full_source_to_check_for_errors`).
    fn prefer(&self, error: SyntaxError, lex: SyntaxError) -> SyntaxError {
        let furthest = self.window[WINDOW - 1].line.max(error.line);
        let flagged_only = lex.kind == SyntaxErrorKind::IndentationError
            || lex
                .message
                .starts_with("unexpected character after line continuation")
            || lex.message.starts_with("unexpected EOF");
        let late_bracket = lex.message.ends_with("was never closed") && lex.line >= furthest;
        if error.message.starts_with("unexpected indent") || flagged_only || late_bracket {
            error
        } else {
            lex
        }
    }

    /// Records an error CPython's compiler would raise, to report once parsing succeeds.
    fn defer_at(&mut self, at: Pos, message: &str) {
        if self.deferred.is_none() {
            self.deferred = Some(self.error_at(at, message));
        }
    }

    fn defer(&mut self, message: &str) {
        self.defer_at(self.here(), message);
    }

    // --- Tokens -------------------------------------------------------------------------------

    fn tok(&self) -> &Tok {
        self.peek_n(0)
    }

    fn peek_n(&self, n: usize) -> &Tok {
        self.window.get(n).map_or(&Tok::Eof, |t| &t.kind)
    }

    fn here(&self) -> Pos {
        let t = &self.window[0];
        Pos {
            line: t.line,
            start: t.start,
        }
    }

    fn line(&self) -> Line {
        self.here().line
    }

    fn bump(&mut self) {
        // EOF is never consumed, so the parser can always look at it.
        if !matches!(self.window[0].kind, Tok::Eof) {
            self.prev = self.here();
            self.window.rotate_left(1);
            self.fill(WINDOW - 1);
        }
    }

    fn is_op(&self, op: Op) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: Kw) -> bool {
        matches!(self.tok(), Tok::Kw(k) if *k == kw)
    }

    fn eat_op(&mut self, op: Op) -> bool {
        let hit = self.is_op(op);
        if hit {
            self.bump();
        }
        hit
    }

    fn eat_kw(&mut self, kw: Kw) -> bool {
        let hit = self.is_kw(kw);
        if hit {
            self.bump();
        }
        hit
    }

    fn eat_newline(&mut self) -> bool {
        let hit = matches!(self.tok(), Tok::Newline);
        if hit {
            self.bump();
        }
        hit
    }

    /// A missing `:` or `)` is plain "invalid syntax", as MicroPython says (CPython 3.10+ says
    /// "expected ':'"); tests/cases/syntax_error_line.py holds us to it.
    fn expect_op(&mut self, op: Op) -> Result<(), SyntaxError> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.error("invalid syntax"))
        }
    }

    fn expect_kw(&mut self, kw: Kw) -> Result<(), SyntaxError> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.error("invalid syntax"))
        }
    }

    fn expect_eof(&self) -> Result<(), SyntaxError> {
        if matches!(self.tok(), Tok::Eof) {
            Ok(())
        } else {
            Err(self.error("invalid syntax"))
        }
    }

    fn expect_name(&mut self) -> Result<String, SyntaxError> {
        self.take_name().ok_or_else(|| self.error("invalid syntax"))
    }

    /// Consumes a name token, moving its string out (the parser never looks back at a
    /// consumed token's value, only at its position).
    fn take_name(&mut self) -> Option<String> {
        match self.window.first_mut() {
            Some(Token {
                kind: Tok::Name(n), ..
            }) => {
                let n = core::mem::take(n);
                self.bump();
                Some(n)
            }
            _ => None,
        }
    }

    // --- Errors -------------------------------------------------------------------------------

    /// A SyntaxError at the current token. A generic one on a layout token is reported as
    /// what it is.
    #[cold]
    #[inline(never)]
    fn error(&self, message: &str) -> SyntaxError {
        match (message, self.tok()) {
            ("invalid syntax", Tok::Indent) => self.error_kind_at(
                self.here(),
                SyntaxErrorKind::IndentationError,
                "unexpected indent",
            ),
            ("invalid syntax", Tok::Eof) => {
                self.error_at(self.here(), "unexpected EOF while parsing")
            }
            _ => self.error_at(self.here(), message),
        }
    }

    #[cold]
    #[inline(never)]
    fn error_at(&self, at: Pos, message: &str) -> SyntaxError {
        self.error_kind_at(at, SyntaxErrorKind::SyntaxError, message)
    }

    #[cold]
    #[inline(never)]
    fn error_kind_at(&self, at: Pos, kind: SyntaxErrorKind, message: &str) -> SyntaxError {
        lexer::error_at(self.src, kind, message, at.line, at.start)
    }

    // --- Nesting ------------------------------------------------------------------------------

    /// Counts one level of recursion; every recursive path in the parser passes through here.
    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("expression too deeply nested"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}
