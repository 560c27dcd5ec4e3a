//! The parser: recursive descent over the lexer's tokens, producing `ast::Module` (Python 3
//! grammar as MicroPython supports it; no `match`).
//!
//! `expr.rs` holds expressions, `stmt.rs` statements, `fstring.rs` f-string bodies. Recursion is
//! bounded by a depth counter so that hostile input gives a SyntaxError rather than a stack
//! overflow; the lexer already caps bracket nesting and indentation levels.

mod expr;
mod fstring;
mod stmt;
#[cfg(test)]
mod tests;

use alloc::string::String;
use alloc::vec::Vec;

use crate::ast::{Expr, Line, Module, SyntaxError, SyntaxErrorKind};
use crate::lexer::{self, Kw, Op, Tok, Token};

/// How deep expressions and blocks may nest: each bracket, lambda, conditional expression,
/// `**` and compound statement is one level. A level costs 1-2 KiB of stack on a 64-bit host
/// (about half that on 32-bit targets), so bare-metal builds, which may run in a 32 KiB stack,
/// allow far fewer levels than CPython's 200 nested brackets.
pub const MAX_DEPTH: u32 = if cfg!(target_os = "none") { 20 } else { 200 };

/// Parses a whole module.
pub fn parse_module(source: &str) -> Result<Module, SyntaxError> {
    let src = lexer::normalize(source);
    let tokens = lexer::tokenize(&src)?;
    let mut p = Parser::new(&src, tokens, Ctx::default(), 0);
    p.module()
}

/// Parses one expression, as `eval()` takes it: leading whitespace and a trailing newline are
/// allowed.
pub fn parse_expression(source: &str) -> Result<Expr, SyntaxError> {
    let src = lexer::normalize(source);
    let trimmed = src.trim_start_matches([' ', '\t']);
    let tokens = lexer::tokenize(trimmed)?;
    let mut p = Parser::new(trimmed, tokens, Ctx::default(), 0);
    let e = p.star_expressions()?;
    while p.eat_newline() {}
    p.expect_eof()?;
    Ok(e)
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

pub(crate) struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    depth: u32,
    ctx: Ctx,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, toks: Vec<Token>, ctx: Ctx, depth: u32) -> Self {
        Parser {
            src,
            toks,
            pos: 0,
            depth,
            ctx,
        }
    }

    // --- Tokens -------------------------------------------------------------------------------

    fn tok(&self) -> &Tok {
        self.peek_n(0)
    }

    fn peek_n(&self, n: usize) -> &Tok {
        // The token list always ends with Eof, so past-the-end reads see Eof.
        self.toks
            .get(self.pos + n)
            .or(self.toks.last())
            .map_or(&Tok::Eof, |t| &t.kind)
    }

    fn line(&self) -> Line {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or(1, |t| t.line)
    }

    fn bump(&mut self) {
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
    }

    fn is_op(&self, op: Op) -> bool {
        *self.tok() == Tok::Op(op)
    }

    fn is_kw(&self, kw: Kw) -> bool {
        *self.tok() == Tok::Kw(kw)
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
        let hit = *self.tok() == Tok::Newline;
        if hit {
            self.bump();
        }
        hit
    }

    fn expect_op(&mut self, op: Op) -> Result<(), SyntaxError> {
        if self.eat_op(op) {
            Ok(())
        } else {
            let msg = match op {
                Op::Colon => "expected ':'",
                Op::LPar => "expected '('",
                Op::RPar => "expected ')'",
                Op::Assign => "expected '='",
                _ => "invalid syntax",
            };
            Err(self.error(msg))
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
        if *self.tok() == Tok::Eof {
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
        match self.toks.get_mut(self.pos) {
            Some(Token { kind: Tok::Name(n), .. }) => {
                let n = core::mem::take(n);
                self.bump();
                Some(n)
            }
            _ => None,
        }
    }

    // --- Errors -------------------------------------------------------------------------------

    /// A SyntaxError at the current token.
    #[cold]
    #[inline(never)]
    fn error(&self, message: &str) -> SyntaxError {
        self.error_at_token(self.pos, message)
    }

    #[cold]
    #[inline(never)]
    fn error_at_token(&self, index: usize, message: &str) -> SyntaxError {
        self.error_kind_at(index, SyntaxErrorKind::SyntaxError, message)
    }

    #[cold]
    #[inline(never)]
    fn error_kind_at(&self, index: usize, kind: SyntaxErrorKind, message: &str) -> SyntaxError {
        let (line, start) = self
            .toks
            .get(index)
            .or(self.toks.last())
            .map_or((1, 0), |t| (t.line, t.start));
        // A generic error on a layout token is better reported as what it is.
        let message = match (message, self.toks.get(index).map(|t| &t.kind)) {
            ("invalid syntax", Some(Tok::Indent)) => {
                return lexer::error_at(
                    self.src,
                    SyntaxErrorKind::IndentationError,
                    "unexpected indent",
                    line,
                    start,
                );
            }
            ("invalid syntax", Some(Tok::Eof)) => "unexpected EOF while parsing",
            _ => message,
        };
        lexer::error_at(self.src, kind, message, line, start)
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
