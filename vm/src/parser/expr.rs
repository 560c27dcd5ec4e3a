//! Expressions, from `lambda` and `if`-`else` down to atoms, with Python's precedence
//! (Python reference, 6.17 "Operator precedence").

use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use super::Parser;
use crate::ast::{BinOp, BoolOp, CmpOp, Expr, ExprKind, Keyword, SyntaxError, UnaryOp};
use crate::lexer::{Kw, Op, Tok};

type PResult<T> = Result<T, SyntaxError>;

pub(super) fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

pub(super) fn mk(line: u32, kind: ExprKind) -> Expr {
    Expr { line, kind }
}

// Binding powers for `climb`, loosest first (Python reference, 6.17).
const P_OR: u8 = 1;
const P_AND: u8 = 2;
const P_NOT: u8 = 3;
const P_CMP: u8 = 4;
const P_BITOR: u8 = 5;
const P_UNARY: u8 = 11;
const P_POW: u8 = 12;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Infix {
    Or,
    And,
    Cmp,
    Pow,
    Bin(BinOp),
}

/// Left-associative binary operators between `|` and `*`, with their binding power.
fn binop_of(tok: &Tok) -> Option<(BinOp, u8)> {
    let Tok::Op(op) = tok else { return None };
    Some(match op {
        Op::VBar => (BinOp::BitOr, P_BITOR),
        Op::Caret => (BinOp::BitXor, 6),
        Op::Amp => (BinOp::BitAnd, 7),
        Op::LShift => (BinOp::LShift, 8),
        Op::RShift => (BinOp::RShift, 8),
        Op::Plus => (BinOp::Add, 9),
        Op::Minus => (BinOp::Sub, 9),
        Op::Star => (BinOp::Mult, 10),
        Op::Slash => (BinOp::Div, 10),
        Op::DSlash => (BinOp::FloorDiv, 10),
        Op::Percent => (BinOp::Mod, 10),
        Op::At => (BinOp::MatMult, 10),
        _ => return None,
    })
}

impl Parser<'_> {
    /// Whether the current token can begin an expression (to tell `x,` from `x, y`).
    pub(super) fn starts_expr(&self) -> bool {
        match self.tok() {
            Tok::Name(_)
            | Tok::Int(_)
            | Tok::BigInt(_)
            | Tok::Float(_)
            | Tok::Imag(_)
            | Tok::Str(_)
            | Tok::Bytes(_)
            | Tok::FStr { .. } => true,
            Tok::Kw(kw) => matches!(
                kw,
                Kw::False | Kw::None | Kw::True | Kw::Not | Kw::Lambda | Kw::Await
            ),
            Tok::Op(op) => matches!(
                op,
                Op::LPar
                    | Op::LSqb
                    | Op::LBrace
                    | Op::Minus
                    | Op::Plus
                    | Op::Tilde
                    | Op::Ellipsis
                    | Op::Star
            ),
            _ => false,
        }
    }

    /// `star_expressions`: expressions and `*starred` separated by commas; a comma makes a
    /// tuple. Used for expression statements, assignment sides, `return`, `for ... in`.
    pub(super) fn star_expressions(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.star_expression()?;
        if !self.is_op(Op::Comma) {
            return Ok(first);
        }
        let mut elts = Vec::from([first]);
        while self.eat_op(Op::Comma) {
            if !self.starts_expr() {
                break;
            }
            elts.push(self.star_expression()?);
        }
        Ok(mk(line, ExprKind::Tuple(elts)))
    }

    fn star_expression(&mut self) -> PResult<Expr> {
        if self.is_op(Op::Star) {
            let line = self.line();
            self.bump();
            let value = self.bitwise_or()?;
            return Ok(mk(line, ExprKind::Starred(boxed(value))));
        }
        self.expression()
    }

    /// `star_named_expression`: an element of a list, set or tuple display.
    pub(super) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.is_op(Op::Star) {
            return self.star_expression();
        }
        self.named_expression()
    }

    /// An expression that may be `name := value`.
    pub(super) fn named_expression(&mut self) -> PResult<Expr> {
        if let (Tok::Name(_), Tok::Op(Op::Walrus)) = (self.tok(), self.peek_n(1)) {
            return self.walrus();
        }
        let at = self.here();
        let e = self.expression()?;
        if self.is_op(Op::Walrus) {
            let what = super::stmt::describe(&e);
            let what = match e.kind {
                ExprKind::Attribute { .. } => "attribute",
                ExprKind::Subscript { .. } => "subscript",
                _ => what,
            };
            return Err(self.error_at(
                at,
                &alloc::format!("cannot use assignment expressions with {what}"),
            ));
        }
        Ok(e)
    }

    // Kept out of line, like the other rare forms below, so that the frames on the recursive
    // path (expression, climb, primary, atom) stay small.
    #[inline(never)]
    fn walrus(&mut self) -> PResult<Expr> {
        let line = self.line();
        let target = self.expect_name()?;
        self.bump();
        let value = self.expression()?;
        Ok(mk(
            line,
            ExprKind::NamedExpr {
                target,
                value: boxed(value),
            },
        ))
    }

    /// `expression`: lambda, conditional expression, or a disjunction.
    pub(super) fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_inner();
        self.leave();
        r
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.is_kw(Kw::Lambda) {
            return self.lambda();
        }
        let at = self.here();
        let body = self.disjunction()?;
        if self.is_kw(Kw::If) {
            self.if_expression(body, at)
        } else {
            Ok(body)
        }
    }

    /// `body if test else orelse`, after `body`.
    #[inline(never)]
    fn if_expression(&mut self, body: Expr, at: super::Pos) -> PResult<Expr> {
        self.bump();
        let test = self.disjunction()?;
        if !self.eat_kw(Kw::Else) {
            // CPython points at the whole conditional expression.
            return Err(self.error_at(at, "expected 'else' after 'if' expression"));
        }
        let orelse = self.expression()?;
        Ok(mk(
            body.line,
            ExprKind::IfExp {
                test: boxed(test),
                body: boxed(body),
                orelse: boxed(orelse),
            },
        ))
    }

    /// `or`/`and` level: what an `if` condition or a comprehension's iterable is.
    pub(super) fn disjunction(&mut self) -> PResult<Expr> {
        self.climb(P_OR)
    }

    /// `|` and everything that binds tighter: operands of comparisons, targets, `*value`.
    /// Counted as a nesting level: it is how `*value` and targets recurse without passing
    /// through `expression`.
    pub(super) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.enter()?;
        let e = self.climb(P_BITOR);
        self.leave();
        e
    }

    /// Precedence climbing over every operator from `or` down to `**`, in one function so that
    /// a parenthesized expression costs one small frame here instead of one per grammar level
    /// (the VM must parse in 32 KiB embedded stacks). Parses an expression whose operators all
    /// bind at least as tightly as `min`. Recursion happens only when a tighter operator follows
    /// a looser one, so its depth is bounded by the number of levels, except for `**`.
    #[inline(never)]
    fn climb(&mut self, min: u8) -> PResult<Expr> {
        let line = self.line();
        let mut left = match self.tok() {
            Tok::Kw(Kw::Not) if min <= P_NOT => self.prefixed(min)?,
            Tok::Op(Op::Minus | Op::Plus | Op::Tilde) => self.prefixed(min)?,
            Tok::Kw(Kw::Await) => self.await_primary()?,
            _ => self.primary()?,
        };
        loop {
            let (kind, power) = match self.tok() {
                Tok::Kw(Kw::Or) => (Infix::Or, P_OR),
                Tok::Kw(Kw::And) => (Infix::And, P_AND),
                Tok::Kw(Kw::Not) if matches!(self.peek_n(1), Tok::Kw(Kw::In)) => {
                    (Infix::Cmp, P_CMP)
                }
                Tok::Kw(Kw::In | Kw::Is) => (Infix::Cmp, P_CMP),
                Tok::Op(Op::EqEq | Op::NotEq | Op::Lt | Op::LtE | Op::Gt | Op::GtE) => {
                    (Infix::Cmp, P_CMP)
                }
                Tok::Op(Op::DStar) => (Infix::Pow, P_POW),
                tok => match binop_of(tok) {
                    Some((op, power)) => (Infix::Bin(op), power),
                    None => break,
                },
            };
            if power < min {
                break;
            }
            left = self.infix(line, left, kind, power)?;
        }
        Ok(left)
    }

    /// Applies one infix operator (and, for `and`/`or`/comparisons, the rest of its chain).
    #[inline(never)]
    fn infix(&mut self, line: u32, left: Expr, kind: Infix, power: u8) -> PResult<Expr> {
        Ok(match kind {
            Infix::Or | Infix::And => {
                // Flat, as CPython's AST: `a or b or c` is one BoolOp.
                let (kw, op) = if kind == Infix::Or {
                    (Kw::Or, BoolOp::Or)
                } else {
                    (Kw::And, BoolOp::And)
                };
                let mut values = Vec::from([left]);
                while self.eat_kw(kw) {
                    values.push(self.climb(power + 1)?);
                }
                mk(line, ExprKind::BoolOp { op, values })
            }
            Infix::Cmp => self.comparison_chain(line, left)?,
            Infix::Pow => {
                // Right-associative, and the exponent may carry unary operators: `2**-1`.
                self.bump();
                self.enter()?;
                let right = self.climb(P_UNARY);
                self.leave();
                mk(
                    line,
                    ExprKind::BinOp {
                        left: boxed(left),
                        op: BinOp::Pow,
                        right: boxed(right?),
                    },
                )
            }
            Infix::Bin(op) => {
                self.bump();
                let right = self.climb(power + 1)?;
                mk(
                    line,
                    ExprKind::BinOp {
                        left: boxed(left),
                        op,
                        right: boxed(right),
                    },
                )
            }
        })
    }

    /// The operand at the start of `climb`: prefix `not`s and unary operators, collected
    /// iteratively so a long run of them costs no stack, or an `await` primary.
    #[inline(never)]
    fn prefixed(&mut self, min: u8) -> PResult<Expr> {
        let mut prefix = Vec::new();
        let operand_level = if min <= P_NOT && self.is_kw(Kw::Not) {
            while self.is_kw(Kw::Not) {
                prefix.push((UnaryOp::Not, self.line()));
                self.bump();
            }
            P_CMP
        } else {
            loop {
                let op = match self.tok() {
                    Tok::Op(Op::Minus) => UnaryOp::USub,
                    Tok::Op(Op::Plus) => UnaryOp::UAdd,
                    Tok::Op(Op::Tilde) => UnaryOp::Invert,
                    _ => break,
                };
                prefix.push((op, self.line()));
                self.bump();
            }
            // `-2**2` is `-(2**2)`: unary operators bind looser than `**` on their right.
            P_POW
        };
        let mut e = self.climb(operand_level)?;
        for (op, line) in prefix.into_iter().rev() {
            e = mk(
                line,
                ExprKind::UnaryOp {
                    op,
                    operand: boxed(e),
                },
            );
        }
        Ok(e)
    }

    /// `a < b <= c ...` after `a`: one Compare node for the whole chain.
    #[inline(never)]
    fn comparison_chain(&mut self, line: u32, left: Expr) -> PResult<Expr> {
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        loop {
            let op = match self.tok() {
                Tok::Op(Op::EqEq) => CmpOp::Eq,
                Tok::Op(Op::NotEq) => CmpOp::NotEq,
                Tok::Op(Op::Lt) => CmpOp::Lt,
                Tok::Op(Op::LtE) => CmpOp::LtE,
                Tok::Op(Op::Gt) => CmpOp::Gt,
                Tok::Op(Op::GtE) => CmpOp::GtE,
                Tok::Kw(Kw::In) => CmpOp::In,
                Tok::Kw(Kw::Is) => {
                    if matches!(self.peek_n(1), Tok::Kw(Kw::Not)) {
                        self.bump();
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                Tok::Kw(Kw::Not) if matches!(self.peek_n(1), Tok::Kw(Kw::In)) => {
                    self.bump();
                    CmpOp::NotIn
                }
                _ => break,
            };
            self.bump();
            ops.push(op);
            comparators.push(self.climb(P_CMP + 1)?);
        }
        Ok(mk(
            line,
            ExprKind::Compare {
                left: boxed(left),
                ops,
                comparators,
            },
        ))
    }

    #[inline(never)]
    fn await_primary(&mut self) -> PResult<Expr> {
        if !self.ctx.in_async {
            let msg = if self.ctx.in_function {
                "'await' outside async function"
            } else {
                "'await' outside function"
            };
            self.defer(msg);
        }
        let line = self.line();
        self.bump();
        let value = self.primary()?;
        Ok(mk(line, ExprKind::Await(boxed(value))))
    }

    /// An atom followed by any number of `.name`, `(args)` and `[index]` trailers.
    fn primary(&mut self) -> PResult<Expr> {
        let line = self.line();
        let mut e = self.atom()?;
        while let Tok::Op(Op::Dot | Op::LPar | Op::LSqb) = self.tok() {
            e = self.trailer(line, e)?;
        }
        Ok(e)
    }

    /// One `.name`, `(args)` or `[index]` applied to `e`.
    #[inline(never)]
    fn trailer(&mut self, line: u32, e: Expr) -> PResult<Expr> {
        let kind = match self.tok() {
            Tok::Op(Op::Dot) => {
                self.bump();
                let attr = self.expect_name()?;
                ExprKind::Attribute {
                    value: boxed(e),
                    attr,
                }
            }
            Tok::Op(Op::LPar) => {
                self.bump();
                let (args, keywords) = self.call_args()?;
                ExprKind::Call {
                    func: boxed(e),
                    args,
                    keywords,
                }
            }
            _ => {
                self.bump();
                let index = self.subscript()?;
                ExprKind::Subscript {
                    value: boxed(e),
                    index: boxed(index),
                }
            }
        };
        Ok(mk(line, kind))
    }

    /// Call arguments after `(`, through the closing `)`.
    #[inline(never)]
    pub(super) fn call_args(&mut self) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let mut args = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        loop {
            if self.eat_op(Op::RPar) {
                break;
            }
            let line = self.line();
            let keyword_count = keywords.len();
            let arg_at = self.here();
            if self.eat_op(Op::Star) {
                let value = self.expression()?;
                if keywords.iter().any(|k| k.name.is_none()) {
                    return Err(self.error_at(
                        self.prev,
                        "iterable argument unpacking follows keyword argument unpacking",
                    ));
                }
                args.push(mk(line, ExprKind::Starred(boxed(value))));
            } else if self.eat_op(Op::DStar) {
                let value = self.expression()?;
                keywords.push(Keyword { name: None, value });
            } else if let (Tok::Name(_), Tok::Op(Op::Assign)) = (self.tok(), self.peek_n(1)) {
                let at = self.here();
                let name = self.expect_name()?;
                self.bump();
                let value = self.expression()?;
                if keywords
                    .iter()
                    .any(|k| k.name.as_deref() == Some(name.as_str()))
                {
                    return Err(self.error_at(at, &format!("keyword argument repeated: {name}")));
                }
                keywords.push(Keyword {
                    name: Some(name),
                    value,
                });
            } else {
                let at = self.here();
                let mut value = self.named_expression()?;
                if self.is_kw(Kw::For) || self.is_async_for() {
                    let generators = self.comp_for(true)?;
                    // A bare generator expression must be the only argument. Anything but `,`
                    // or `)` after it is just a syntax error, reported where it is.
                    let first = args.is_empty() && keywords.is_empty();
                    let more =
                        self.is_op(Op::Comma) && !matches!(self.peek_n(1), Tok::Op(Op::RPar));
                    if (!first && (self.is_op(Op::Comma) || self.is_op(Op::RPar)))
                        || (first && more)
                    {
                        return Err(self.error_at(at, "Generator expression must be parenthesized"));
                    }
                    value = mk(
                        line,
                        ExprKind::GeneratorExp {
                            elt: boxed(value),
                            generators,
                        },
                    );
                }
                if self.is_op(Op::Assign) {
                    return Err(self.error_at(
                        at,
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                    ));
                }
                if !keywords.is_empty() {
                    let msg = if keywords.iter().any(|k| k.name.is_some()) {
                        "positional argument follows keyword argument"
                    } else {
                        "positional argument follows keyword argument unpacking"
                    };
                    return Err(self.error_at(at, msg));
                }
                args.push(value);
            }
            if !self.eat_op(Op::Comma) {
                if self.is_op(Op::RPar) {
                    self.bump();
                    break;
                }
                let last = if keywords.len() > keyword_count {
                    None
                } else {
                    args.last()
                };
                return Err(self.missing_comma(arg_at, last));
            }
        }
        Ok((args, keywords))
    }

    /// The inside of `[...]` after a primary, through `]`.
    #[inline(never)]
    fn subscript(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.slice_item()?;
        let index = if self.is_op(Op::Comma) {
            let mut elts = Vec::from([first]);
            while self.eat_op(Op::Comma) {
                if self.is_op(Op::RSqb) {
                    break;
                }
                elts.push(self.slice_item()?);
            }
            mk(line, ExprKind::Tuple(elts))
        } else if let ExprKind::Starred(_) = first.kind {
            // `a[*b]` indexes with a one-element tuple (PEP 646).
            mk(line, ExprKind::Tuple(Vec::from([first])))
        } else {
            first
        };
        if !self.eat_op(Op::RSqb) {
            return Err(self.error("invalid syntax"));
        }
        Ok(index)
    }

    fn slice_item(&mut self) -> PResult<Expr> {
        let line = self.line();
        let lower = if self.is_op(Op::Colon) {
            None
        } else {
            Some(self.star_named_expression()?)
        };
        if !self.eat_op(Op::Colon) {
            return lower.ok_or_else(|| self.error("invalid syntax"));
        }
        let ends = |p: &Self| p.is_op(Op::Colon) || p.is_op(Op::RSqb) || p.is_op(Op::Comma);
        let upper = if ends(self) {
            None
        } else {
            Some(boxed(self.expression()?))
        };
        let step = if self.eat_op(Op::Colon) {
            if self.is_op(Op::RSqb) || self.is_op(Op::Comma) {
                None
            } else {
                Some(boxed(self.expression()?))
            }
        } else {
            None
        };
        Ok(mk(
            line,
            ExprKind::Slice {
                lower: lower.map(boxed),
                upper,
                step,
            },
        ))
    }

    /// The target of `for`: `*`-able `|`-level expressions separated by commas (stopping short
    /// of `in`, which a full expression would take as an operator).
    pub(super) fn target_list(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.target_elem()?;
        if !self.is_op(Op::Comma) {
            return Ok(first);
        }
        let mut elts = Vec::from([first]);
        while self.eat_op(Op::Comma) {
            if self.is_kw(Kw::In) || self.is_op(Op::Assign) {
                break;
            }
            elts.push(self.target_elem()?);
        }
        Ok(mk(line, ExprKind::Tuple(elts)))
    }

    fn target_elem(&mut self) -> PResult<Expr> {
        if self.is_op(Op::Star) {
            let line = self.line();
            self.bump();
            let value = self.bitwise_or()?;
            return Ok(mk(line, ExprKind::Starred(boxed(value))));
        }
        self.bitwise_or()
    }

    /// `yield`, `yield value(s)` or `yield from iterable`.
    #[inline(never)]
    pub(super) fn yield_expr(&mut self) -> PResult<Expr> {
        let line = self.line();
        if !self.ctx.in_function {
            self.defer("'yield' outside function");
        }
        self.bump();
        if self.eat_kw(Kw::From) {
            let value = self.expression()?;
            return Ok(mk(line, ExprKind::YieldFrom(boxed(value))));
        }
        if !self.starts_expr() {
            return Ok(mk(line, ExprKind::Yield(None)));
        }
        let at = self.here();
        let value = self.star_expressions()?;
        self.no_lone_star(&value, at)?;
        Ok(mk(line, ExprKind::Yield(Some(boxed(value)))))
    }
}
