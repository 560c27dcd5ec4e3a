//! Atoms: names, literals and implicitly concatenated strings, and the bracketed forms
//! (parenthesized expressions, tuples, lists, dicts, sets, their comprehensions and generator
//! expressions).

use alloc::string::String;
use alloc::vec::Vec;

use super::expr::{boxed, mk};
use super::{Parser, Pos};
use crate::ast::{Comprehension, Constant, Expr, ExprKind, FStringPart, SyntaxError};
use crate::lexer::{Kw, Op, Tok};

type PResult<T> = Result<T, SyntaxError>;

impl Parser<'_> {
    pub(super) fn atom(&mut self) -> PResult<Expr> {
        let line = self.line();
        let kind = match self.tok() {
            Tok::Name(_) => {
                let name = self.expect_name()?;
                return Ok(mk(line, ExprKind::Name(name)));
            }
            Tok::Int(v) => ExprKind::Constant(Constant::Int(*v)),
            Tok::BigInt(digits) => ExprKind::Constant(Constant::BigInt(digits.clone())),
            Tok::Float(v) => ExprKind::Constant(Constant::Float(*v)),
            Tok::Imag(v) => ExprKind::Constant(Constant::Imaginary(*v)),
            Tok::Kw(Kw::True) => ExprKind::Constant(Constant::True),
            Tok::Kw(Kw::False) => ExprKind::Constant(Constant::False),
            Tok::Kw(Kw::None) => ExprKind::Constant(Constant::None),
            Tok::Op(Op::Ellipsis) => ExprKind::Constant(Constant::Ellipsis),
            Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. } => return self.strings(),
            Tok::Op(Op::LPar) => return self.paren(),
            Tok::Op(Op::LSqb) => return self.list_display(),
            Tok::Op(Op::LBrace) => return self.brace_display(),
            Tok::Op(Op::Star) => return Err(self.error("cannot use starred expression here")),
            Tok::Invalid(message) => return Err(self.error(message)),
            _ => return Err(self.error("invalid syntax")),
        };
        self.bump();
        Ok(mk(line, kind))
    }

    /// Adjacent string literals, concatenated. Any f-string among them makes the whole an
    /// f-string; str and bytes do not mix.
    #[inline(never)]
    fn strings(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first_index = self.here();
        let mut is_bytes = None;
        let mut text = String::new();
        let mut bytes = Vec::new();
        let mut parts: Vec<FStringPart> = Vec::new();
        let mut is_fstring = false;
        loop {
            let this_bytes = match self.tok() {
                Tok::Str(_) | Tok::FStr { .. } => false,
                Tok::Bytes(_) => true,
                Tok::Invalid(message) => return Err(self.error(message)),
                _ => break,
            };
            if *is_bytes.get_or_insert(this_bytes) != this_bytes {
                return Err(self.error_at(first_index, "cannot mix bytes and nonbytes literals"));
            }
            match self.tok() {
                Tok::Str(s) => text.push_str(s),
                Tok::Bytes(b) => bytes.extend_from_slice(b),
                &Tok::FStr {
                    start,
                    end,
                    raw,
                    line,
                } => {
                    is_fstring = true;
                    let at = self.here();
                    if let Err(e) = self.fstring((start, end, raw, line), at, &mut parts, &mut text)
                    {
                        return Err(self.relocate_fstring_error(e));
                    }
                }
                _ => {}
            }
            self.bump();
        }
        let kind = if is_bytes == Some(true) {
            ExprKind::Constant(Constant::Bytes(bytes))
        } else if is_fstring {
            if !text.is_empty() {
                parts.push(FStringPart::Literal(text));
            }
            ExprKind::FString(parts)
        } else {
            ExprKind::Constant(Constant::Str(text))
        };
        Ok(mk(line, kind))
    }

    /// CPython 3.11 reports errors in an f-string's own syntax at the token after the whole run
    /// of string literals; skip to it. Errors inside a field's expression stay where they are.
    #[cold]
    fn relocate_fstring_error(&mut self, mut e: SyntaxError) -> SyntaxError {
        if core::mem::take(&mut self.in_field_error) {
            return e;
        }
        while matches!(
            self.tok(),
            Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. } | Tok::Invalid(_)
        ) {
            self.bump();
        }
        let here = self.error_at(self.here(), "");
        (e.line, e.column) = (here.line, here.column);
        e
    }

    /// `( ... )`: the empty tuple, a parenthesized expression, a tuple, a generator expression
    /// or a parenthesized `yield`.
    #[inline(never)]
    fn paren(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.bump();
        if self.is_op(Op::RPar) || self.is_kw(Kw::Yield) {
            return self.paren_special(line);
        }
        let first_at = self.here();
        let first = self.star_named_expression()?;
        if self.is_op(Op::RPar) && !matches!(first.kind, ExprKind::Starred(_)) {
            self.bump();
            return Ok(first);
        }
        self.paren_rest(line, first, first_at)
    }

    /// `()` and `(yield ...)`.
    #[inline(never)]
    fn paren_special(&mut self, line: u32) -> PResult<Expr> {
        if self.eat_op(Op::RPar) {
            return Ok(mk(line, ExprKind::Tuple(Vec::new())));
        }
        let e = self.yield_expr()?;
        self.expect_op(Op::RPar)?;
        Ok(e)
    }

    /// A generator expression or a tuple, after the first element.
    #[inline(never)]
    fn paren_rest(&mut self, line: u32, first: Expr, first_at: Pos) -> PResult<Expr> {
        if self.is_kw(Kw::For) || self.is_async_for() {
            self.check_not_starred(&first)?;
            let generators = self.comp_for(true)?;
            self.expect_op(Op::RPar)?;
            return Ok(mk(
                line,
                ExprKind::GeneratorExp {
                    elt: boxed(first),
                    generators,
                },
            ));
        }
        if self.eat_op(Op::RPar) {
            self.check_not_starred(&first)?;
            return Ok(first);
        }
        let elts = self.display_rest(first, first_at, Op::RPar)?;
        Ok(mk(line, ExprKind::Tuple(elts)))
    }

    /// Two expressions in a row inside brackets: CPython blames the first one.
    #[cold]
    pub(super) fn missing_comma(&self, elt_at: Pos, last: Option<&Expr>) -> SyntaxError {
        // `print "x"`-style code is just invalid syntax, as in CPython's `invalid_expression`.
        let name_then_string = matches!(last.map(|e| &e.kind), Some(ExprKind::Name(_)))
            && matches!(self.tok(), Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. });
        if self.starts_expr() && !name_then_string {
            self.error_at(elt_at, "invalid syntax. Perhaps you forgot a comma?")
        } else {
            self.error("invalid syntax")
        }
    }

    fn check_not_starred(&self, e: &Expr) -> PResult<()> {
        if let ExprKind::Starred(_) = e.kind {
            return Err(self.error_at(self.prev, "cannot use starred expression here"));
        }
        Ok(())
    }

    /// The remaining `, elt` items of a display whose first element is parsed, through `close`.
    #[inline(never)]
    fn display_rest(&mut self, first: Expr, first_at: Pos, close: Op) -> PResult<Vec<Expr>> {
        let mut elts = Vec::from([first]);
        let mut elt_at = first_at;
        loop {
            if self.eat_op(close) {
                return Ok(elts);
            }
            if !self.eat_op(Op::Comma) {
                return Err(self.missing_comma(elt_at, elts.last()));
            }
            if self.eat_op(close) {
                return Ok(elts);
            }
            elt_at = self.here();
            elts.push(self.star_named_expression()?);
        }
    }

    #[inline(never)]
    fn list_display(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.bump();
        if self.eat_op(Op::RSqb) {
            return Ok(mk(line, ExprKind::List(Vec::new())));
        }
        let first_at = self.here();
        let first = self.star_named_expression()?;
        if self.is_kw(Kw::For) || self.is_async_for() {
            self.check_not_starred(&first)?;
            let generators = self.comp_for(false)?;
            self.expect_close(Op::RSqb)?;
            return Ok(mk(
                line,
                ExprKind::ListComp {
                    elt: boxed(first),
                    generators,
                },
            ));
        }
        let elts = self.display_rest(first, first_at, Op::RSqb)?;
        Ok(mk(line, ExprKind::List(elts)))
    }

    fn expect_close(&mut self, close: Op) -> PResult<()> {
        if self.eat_op(close) {
            Ok(())
        } else {
            Err(self.error("invalid syntax"))
        }
    }

    /// `{...}`: dict or set display, or their comprehensions. `{}` is a dict.
    #[inline(never)]
    fn brace_display(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.bump();
        if self.eat_op(Op::RBrace) {
            return Ok(mk(
                line,
                ExprKind::Dict {
                    keys: Vec::new(),
                    values: Vec::new(),
                },
            ));
        }
        let mut item_at = self.here();
        let (first_key, first_value) = if self.eat_op(Op::DStar) {
            (None, self.bitwise_or()?)
        } else {
            let first_at = self.here();
            let parenthesized = self.is_op(Op::LPar);
            let first = self.star_named_expression()?;
            if matches!(first.kind, ExprKind::NamedExpr { .. })
                && !parenthesized
                && self.is_op(Op::Colon)
            {
                // A dict key is not a named expression unless parenthesized.
                return Err(self.error("invalid syntax"));
            }
            if !self.eat_op(Op::Colon) {
                // A set.
                if self.is_kw(Kw::For) || self.is_async_for() {
                    self.check_not_starred(&first)?;
                    let generators = self.comp_for(false)?;
                    self.expect_close(Op::RBrace)?;
                    return Ok(mk(
                        line,
                        ExprKind::SetComp {
                            elt: boxed(first),
                            generators,
                        },
                    ));
                }
                let elts = self.display_rest(first, first_at, Op::RBrace)?;
                return Ok(mk(line, ExprKind::Set(elts)));
            }
            self.check_not_starred(&first)?;
            let value = self.expression()?;
            if self.is_kw(Kw::For) || self.is_async_for() {
                let generators = self.comp_for(false)?;
                self.expect_close(Op::RBrace)?;
                return Ok(mk(
                    line,
                    ExprKind::DictComp {
                        key: boxed(first),
                        value: boxed(value),
                        generators,
                    },
                ));
            }
            (Some(first), value)
        };
        let mut keys = Vec::from([first_key]);
        let mut values = Vec::from([first_value]);
        loop {
            if self.eat_op(Op::RBrace) {
                break;
            }
            if !self.eat_op(Op::Comma) {
                return Err(self.missing_comma(item_at, values.last()));
            }
            if self.eat_op(Op::RBrace) {
                break;
            }
            item_at = self.here();
            if self.eat_op(Op::DStar) {
                keys.push(None);
                values.push(self.bitwise_or()?);
            } else {
                keys.push(Some(self.expression()?));
                self.expect_op(Op::Colon)?;
                values.push(self.expression()?);
            }
        }
        Ok(mk(line, ExprKind::Dict { keys, values }))
    }

    pub(super) fn is_async_for(&self) -> bool {
        self.is_kw(Kw::Async) && matches!(self.peek_n(1), Tok::Kw(Kw::For))
    }

    /// One or more `[async] for target in iter [if cond]*` clauses.
    #[inline(never)]
    /// `generator` says whether these clauses make a generator expression, which may be
    /// asynchronous anywhere (it makes an async generator); other comprehensions only in an
    /// `async def`.
    pub(super) fn comp_for(&mut self, generator: bool) -> PResult<Vec<Comprehension>> {
        let mut generators = Vec::new();
        loop {
            let is_async = self.is_async_for();
            if is_async {
                if !self.ctx.in_async && !generator {
                    self.defer("asynchronous comprehension outside of an asynchronous function");
                }
                self.bump();
            }
            if !self.eat_kw(Kw::For) {
                break;
            }
            let at = self.here();
            let target = self.target_list()?;
            self.check_target(&target, at, false)?;
            self.expect_kw(Kw::In)?;
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_kw(Kw::If) {
                ifs.push(self.disjunction()?);
            }
            generators.push(Comprehension {
                target,
                iter,
                ifs,
                is_async,
            });
            if !(self.is_kw(Kw::For) || self.is_async_for()) {
                break;
            }
        }
        Ok(generators)
    }
}
