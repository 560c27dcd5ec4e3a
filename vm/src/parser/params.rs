//! Parameter lists, for `def` and `lambda`, and `lambda` itself.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::expr::{boxed, mk};
use super::{Ctx, Parser};
use crate::ast::{Expr, ExprKind, Param, Params, SyntaxError};
use crate::lexer::{Op, Tok};

type PResult<T> = Result<T, SyntaxError>;

impl Parser<'_> {
    #[inline(never)]
    pub(super) fn lambda(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.bump();
        let params = self.params(Op::Colon, false)?;
        self.expect_op(Op::Colon)?;
        let saved = self.ctx;
        self.ctx = Ctx {
            in_function: true,
            in_async: false,
            in_loop: false,
            any_function: true,
        };
        let body = self.expression();
        self.ctx = saved;
        Ok(mk(
            line,
            ExprKind::Lambda {
                params: Box::new(params),
                body: boxed(body?),
            },
        ))
    }

    /// A parameter list for `def` (with annotations) or `lambda`, up to but not including `end`.
    #[inline(never)]
    pub(super) fn params(&mut self, end: Op, annotations: bool) -> PResult<Params> {
        let mut params = Params::default();
        let mut seen_star = false;
        let mut seen_slash = false;
        let mut seen_default = false;
        let mut names: Vec<String> = Vec::new();
        while !self.is_op(end) {
            let at = self.here();
            if self.eat_op(Op::Slash) {
                if seen_slash || seen_star || params.args.is_empty() {
                    return Err(self.error_at(at, "invalid syntax"));
                }
                seen_slash = true;
                params.posonly_count = params.args.len();
            } else if self.eat_op(Op::DStar) {
                let name = self.expect_name()?;
                self.param_annotation(annotations)?;
                self.check_duplicate(&mut names, &name, at)?;
                params.kwarg = Some(name);
                self.eat_op(Op::Comma);
                if !self.is_op(end) {
                    return Err(self.error("arguments cannot follow var-keyword argument"));
                }
                break;
            } else if self.eat_op(Op::Star) {
                if seen_star {
                    return Err(self.error_at(at, "* argument may appear only once"));
                }
                seen_star = true;
                if let Tok::Name(_) = self.tok() {
                    let name = self.expect_name()?;
                    self.param_annotation(annotations)?;
                    self.check_duplicate(&mut names, &name, at)?;
                    params.vararg = Some(name);
                } else if !(self.is_op(Op::Comma) && matches!(self.peek_n(1), Tok::Name(_))) {
                    return Err(self.error_at(at, "named arguments must follow bare *"));
                }
            } else {
                let name = self.expect_name()?;
                let annotation = self.param_annotation(annotations)?;
                let default = if self.eat_op(Op::Assign) {
                    Some(self.expression()?)
                } else {
                    None
                };
                self.check_duplicate(&mut names, &name, at)?;
                if seen_star {
                    params.kwonly.push(Param {
                        name,
                        default,
                        annotation,
                    });
                } else {
                    if default.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        return Err(
                            self.error_at(at, "non-default argument follows default argument")
                        );
                    }
                    params.args.push(Param {
                        name,
                        default,
                        annotation,
                    });
                }
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        Ok(params)
    }

    fn param_annotation(&mut self, allowed: bool) -> PResult<Option<Expr>> {
        if allowed && self.eat_op(Op::Colon) {
            Ok(Some(self.expression()?))
        } else {
            Ok(None)
        }
    }

    fn check_duplicate(&self, names: &mut Vec<String>, name: &str, at: super::Pos) -> PResult<()> {
        if names.iter().any(|n| n == name) {
            return Err(self.error_at(
                at,
                &format!("duplicate argument '{name}' in function definition"),
            ));
        }
        names.push(String::from(name));
        Ok(())
    }
}
