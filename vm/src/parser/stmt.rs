//! Statements: simple statements (with `;`), compound statements and their blocks, and the
//! compile-time checks CPython makes while parsing (targets, `return` outside a function...).

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Ctx, Parser};
use crate::ast::{
    Alias, BinOp, ClassDef, Constant, ExceptHandler, Expr, ExprKind, FunctionDef, Line, Module,
    Stmt, StmtKind, SyntaxError, SyntaxErrorKind, WithItem,
};
use crate::lexer::{Kw, Op, Tok};

type PResult<T> = Result<T, SyntaxError>;

fn stmt(line: u32, kind: StmtKind) -> Stmt {
    Stmt { line, kind }
}

fn aug_op(tok: &Tok) -> Option<BinOp> {
    let Tok::Op(op) = tok else { return None };
    Some(match op {
        Op::PlusEq => BinOp::Add,
        Op::MinusEq => BinOp::Sub,
        Op::StarEq => BinOp::Mult,
        Op::AtEq => BinOp::MatMult,
        Op::SlashEq => BinOp::Div,
        Op::DSlashEq => BinOp::FloorDiv,
        Op::PercentEq => BinOp::Mod,
        Op::DStarEq => BinOp::Pow,
        Op::LShiftEq => BinOp::LShift,
        Op::RShiftEq => BinOp::RShift,
        Op::VBarEq => BinOp::BitOr,
        Op::CaretEq => BinOp::BitXor,
        Op::AmpEq => BinOp::BitAnd,
        _ => return None,
    })
}

/// How CPython names an expression that cannot be assigned to or deleted.
pub(super) fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Call { .. } => "function call",
        ExprKind::Constant(Constant::True) => "True",
        ExprKind::Constant(Constant::False) => "False",
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::Slice { .. } => "slice",
        ExprKind::Starred(_) => "starred",
        _ => "expression",
    }
}

impl Parser<'_> {
    pub(super) fn module(&mut self) -> PResult<Module> {
        let mut body = Vec::new();
        loop {
            match self.tok() {
                Tok::Eof => break,
                Tok::Newline => self.bump(),
                _ => self.statement(&mut body)?,
            }
        }
        Ok(Module { body })
    }

    /// One line's worth of statements (or one compound statement), appended to `out`.
    fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        match self.tok() {
            Tok::Kw(
                Kw::If | Kw::While | Kw::For | Kw::Try | Kw::With | Kw::Def | Kw::Class | Kw::Async,
            )
            | Tok::Op(Op::At) => {
                let s = self.compound()?;
                out.push(s);
                Ok(())
            }
            Tok::Indent => Err(self.error_kind_at(
                self.here(),
                SyntaxErrorKind::IndentationError,
                "unexpected indent",
            )),
            _ => self.simple_statements(out),
        }
    }

    /// `simple (';' simple)* [';'] NEWLINE`.
    fn simple_statements(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            let s = self.simple()?;
            out.push(s);
            if !self.eat_op(Op::Semi) {
                break;
            }
            if matches!(self.tok(), Tok::Newline) || matches!(self.tok(), Tok::Eof) {
                break;
            }
        }
        if self.eat_newline() || matches!(self.tok(), Tok::Eof) {
            Ok(())
        } else {
            Err(self.error("invalid syntax"))
        }
    }

    fn simple(&mut self) -> PResult<Stmt> {
        let line = self.line();
        let at = self.here();
        let kind = match self.tok() {
            Tok::Kw(Kw::Pass) => {
                self.bump();
                StmtKind::Pass
            }
            Tok::Kw(Kw::Break) => {
                if !self.ctx.in_loop {
                    self.defer("'break' outside loop");
                }
                self.bump();
                StmtKind::Break
            }
            Tok::Kw(Kw::Continue) => {
                if !self.ctx.in_loop {
                    self.defer("'continue' not properly in loop");
                }
                self.bump();
                StmtKind::Continue
            }
            Tok::Kw(Kw::Return) => {
                if !self.ctx.in_function {
                    self.defer("'return' outside function");
                }
                self.bump();
                StmtKind::Return(if self.starts_expr() {
                    Some(self.value()?)
                } else {
                    None
                })
            }
            Tok::Kw(Kw::Raise) => {
                self.bump();
                let mut exc = None;
                let mut cause = None;
                if self.starts_expr() {
                    exc = Some(self.expression()?);
                    if self.eat_kw(Kw::From) {
                        cause = Some(self.expression()?);
                    }
                }
                StmtKind::Raise { exc, cause }
            }
            Tok::Kw(Kw::Global) => {
                self.bump();
                StmtKind::Global(self.name_list()?)
            }
            Tok::Kw(Kw::Nonlocal) => {
                if !self.ctx.any_function {
                    self.defer("nonlocal declaration not allowed at module level");
                }
                self.bump();
                StmtKind::Nonlocal(self.name_list()?)
            }
            Tok::Kw(Kw::Del) => {
                self.bump();
                let target_at = self.here();
                let parenthesized = self.is_op(Op::LPar);
                let targets = self.star_expressions()?;
                let targets = match targets.kind {
                    ExprKind::Tuple(elts) if !parenthesized => elts,
                    _ => Vec::from([targets]),
                };
                for t in &targets {
                    self.check_target(t, target_at, true)?;
                }
                StmtKind::Delete(targets)
            }
            Tok::Kw(Kw::Assert) => {
                self.bump();
                let test = self.expression()?;
                let msg = if self.eat_op(Op::Comma) {
                    Some(self.expression()?)
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            Tok::Kw(Kw::Import) => {
                self.bump();
                let mut names = Vec::new();
                loop {
                    let name = self.dotted_name()?;
                    let asname = if self.eat_kw(Kw::As) {
                        Some(self.expect_name()?)
                    } else {
                        None
                    };
                    names.push(Alias { name, asname });
                    if !self.eat_op(Op::Comma) {
                        break;
                    }
                }
                StmtKind::Import(names)
            }
            Tok::Kw(Kw::From) => self.import_from()?,
            _ => return self.expression_statement(line, at),
        };
        Ok(stmt(line, kind))
    }

    fn name_list(&mut self) -> PResult<Vec<String>> {
        let mut names = Vec::from([self.expect_name()?]);
        while self.eat_op(Op::Comma) {
            names.push(self.expect_name()?);
        }
        Ok(names)
    }

    fn dotted_name(&mut self) -> PResult<String> {
        let mut name = self.expect_name()?;
        while self.eat_op(Op::Dot) {
            name.push('.');
            name.push_str(&self.expect_name()?);
        }
        Ok(name)
    }

    /// `from [.]* [module] import (* | names | (names))`.
    fn import_from(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut level = 0u32;
        loop {
            if self.eat_op(Op::Dot) {
                level = level.saturating_add(1);
            } else if self.eat_op(Op::Ellipsis) {
                level = level.saturating_add(3);
            } else {
                break;
            }
        }
        let module = if let Tok::Name(_) = self.tok() {
            Some(self.dotted_name()?)
        } else {
            None
        };
        if module.is_none() && level == 0 {
            return Err(self.error("invalid syntax"));
        }
        self.expect_kw(Kw::Import)?;
        if self.eat_op(Op::Star) {
            return Ok(StmtKind::ImportFrom {
                module,
                names: Vec::new(),
                level,
                star: true,
            });
        }
        let parenthesized = self.eat_op(Op::LPar);
        let mut names = Vec::new();
        loop {
            let name = self.expect_name()?;
            let asname = if self.eat_kw(Kw::As) {
                Some(self.expect_name()?)
            } else {
                None
            };
            names.push(Alias { name, asname });
            if !self.eat_op(Op::Comma) {
                break;
            }
            if parenthesized && self.is_op(Op::RPar) {
                break;
            }
            if !parenthesized && !matches!(self.tok(), Tok::Name(_)) {
                return Err(
                    self.error("trailing comma not allowed without surrounding parentheses")
                );
            }
        }
        if parenthesized {
            self.expect_op(Op::RPar)?;
        }
        Ok(StmtKind::ImportFrom {
            module,
            names,
            level,
            star: false,
        })
    }

    /// The right-hand side of `=` and augmented assignment: a yield expression or expressions.
    fn assigned_value(&mut self) -> PResult<Expr> {
        if self.is_kw(Kw::Yield) {
            self.yield_expr()
        } else {
            self.star_expressions()
        }
    }

    /// A value that is used, not assigned to: a lone `*x` is an error there (`x = *a`).
    fn value(&mut self) -> PResult<Expr> {
        let at = self.here();
        let e = self.assigned_value()?;
        self.no_lone_star(&e, at)?;
        Ok(e)
    }

    pub(super) fn no_lone_star(&self, e: &Expr, at: super::Pos) -> PResult<()> {
        match e.kind {
            ExprKind::Starred(_) => Err(self.error_at(at, "can't use starred expression here")),
            _ => Ok(()),
        }
    }

    /// Expression statements and the assignments that start like one.
    fn expression_statement(&mut self, line: u32, at: super::Pos) -> PResult<Stmt> {
        let parenthesized = self.is_op(Op::LPar);
        let first = self.assigned_value()?;
        if let Some(op) = aug_op(self.tok()) {
            match first.kind {
                ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
                _ => {
                    let msg = format!(
                        "'{}' is an illegal expression for augmented assignment",
                        describe(&first)
                    );
                    return Err(self.error_at(at, &msg));
                }
            }
            self.bump();
            let value = self.value()?;
            return Ok(stmt(
                line,
                StmtKind::AugAssign {
                    target: first,
                    op,
                    value,
                },
            ));
        }
        if self.is_op(Op::Colon) {
            match first.kind {
                ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
                ExprKind::Tuple(_) if !parenthesized => {
                    return Err(
                        self.error_at(at, "only single target (not tuple) can be annotated")
                    );
                }
                _ => return Err(self.error_at(at, "illegal target for annotation")),
            }
            self.bump();
            let annotation = self.expression()?;
            let value = if self.eat_op(Op::Assign) {
                Some(self.value()?)
            } else {
                None
            };
            return Ok(stmt(
                line,
                StmtKind::AnnAssign {
                    target: first,
                    annotation,
                    value,
                },
            ));
        }
        if !self.is_op(Op::Assign) {
            self.no_lone_star(&first, at)?;
            return Ok(stmt(line, StmtKind::Expr(first)));
        }
        let mut targets = Vec::from([first]);
        let mut target_starts = Vec::from([at]);
        let mut value;
        loop {
            self.bump(); // `=`
            let value_at = self.here();
            value = self.assigned_value()?;
            if !self.is_op(Op::Assign) {
                self.no_lone_star(&value, value_at)?;
                break;
            }
            targets.push(value);
            target_starts.push(value_at);
        }
        for (t, &start) in targets.iter().zip(&target_starts) {
            self.check_target(t, start, false)?;
        }
        Ok(stmt(line, StmtKind::Assign { targets, value }))
    }

    /// Checks that `e` (which starts at token `at`) can be assigned to, or deleted if `delete`.
    pub(super) fn check_target(&mut self, e: &Expr, at: super::Pos, delete: bool) -> PResult<()> {
        self.check_target_inner(e, at, delete, true)
    }

    fn check_target_inner(
        &mut self,
        e: &Expr,
        at: super::Pos,
        delete: bool,
        top: bool,
    ) -> PResult<()> {
        match &e.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                let starred = elts
                    .iter()
                    .filter(|e| matches!(e.kind, ExprKind::Starred(_)))
                    .count();
                // These two are CPython compiler errors: found after the parse.
                if starred > 1 && !delete {
                    self.defer_at(at, "multiple starred expressions in assignment");
                }
                for elt in elts {
                    self.check_target_inner(elt, at, delete, false)?;
                }
                Ok(())
            }
            ExprKind::Starred(inner) if !delete => {
                if top {
                    self.defer_at(at, "starred assignment target must be in a list or tuple");
                }
                self.check_target_inner(inner, at, delete, false)
            }
            _ => {
                let verb = if delete { "delete" } else { "assign to" };
                let what = if let ExprKind::Starred(_) = e.kind {
                    "starred"
                } else {
                    describe(e)
                };
                Err(self.error_at(at, &format!("cannot {verb} {what}")))
            }
        }
    }

    // --- Compound statements ----------------------------------------------------------------

    fn compound(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let r = self.compound_inner();
        self.leave();
        r
    }

    fn compound_inner(&mut self) -> PResult<Stmt> {
        let line = self.line();
        match self.tok() {
            Tok::Kw(Kw::If) => self.if_statement(),
            Tok::Kw(Kw::While) => {
                self.bump();
                let test = self.named_expression()?;
                let body = self.loop_block("'while' statement", line)?;
                let orelse = self.else_block()?;
                Ok(stmt(line, StmtKind::While { test, body, orelse }))
            }
            Tok::Kw(Kw::For) => self.for_statement(false, line),
            Tok::Kw(Kw::Try) => self.try_statement(),
            Tok::Kw(Kw::With) => self.with_statement(false, line),
            Tok::Kw(Kw::Def) => self.function_def(Vec::new(), false, line),
            Tok::Kw(Kw::Class) => self.class_def(Vec::new()),
            Tok::Kw(Kw::Async) => {
                self.bump();
                match self.tok() {
                    Tok::Kw(Kw::Def) => self.function_def(Vec::new(), true, line),
                    Tok::Kw(Kw::For) => {
                        self.check_async("'async for' outside async function")?;
                        self.for_statement(true, line)
                    }
                    Tok::Kw(Kw::With) => {
                        self.check_async("'async with' outside async function")?;
                        self.with_statement(true, line)
                    }
                    _ => Err(self.error("invalid syntax")),
                }
            }
            _ => self.decorated(),
        }
    }

    fn check_async(&mut self, msg: &str) -> PResult<()> {
        if !self.ctx.in_async {
            self.defer_at(self.prev, msg);
        }
        Ok(())
    }

    /// `else: block`, if there is one.
    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        let line = self.line();
        if self.eat_kw(Kw::Else) {
            self.block("'else' statement", line)
        } else {
            Ok(Vec::new())
        }
    }

    /// `':' block`: an indented suite, or simple statements on the same line. `what` and `line`
    /// name the clause it belongs to, for the error when the indented block is missing.
    fn block(&mut self, what: &str, line: Line) -> PResult<Vec<Stmt>> {
        self.expect_op(Op::Colon)?;
        let mut body = Vec::new();
        if !self.eat_newline() {
            self.simple_statements(&mut body)?;
            return Ok(body);
        }
        if !matches!(self.tok(), Tok::Indent) {
            return Err(self.error_kind_at(
                self.here(),
                SyntaxErrorKind::IndentationError,
                &format!("expected an indented block after {what} on line {line}"),
            ));
        }
        self.bump();
        loop {
            match self.tok() {
                Tok::Dedent => {
                    self.bump();
                    break;
                }
                Tok::Eof => break,
                _ => self.statement(&mut body)?,
            }
        }
        Ok(body)
    }

    /// A loop body: `break` and `continue` are allowed in it.
    fn loop_block(&mut self, what: &str, line: Line) -> PResult<Vec<Stmt>> {
        let saved = self.ctx;
        self.ctx.in_loop = true;
        let body = self.block(what, line);
        self.ctx = saved;
        body
    }

    fn if_statement(&mut self) -> PResult<Stmt> {
        // `elif` chains become nested `If`s in `orelse`; collected first, folded from the end, so
        // a long chain costs no recursion.
        let mut branches = Vec::new();
        loop {
            let line = self.line();
            let what = if self.is_kw(Kw::If) {
                "'if' statement"
            } else {
                "'elif' statement"
            };
            self.bump(); // `if` or `elif`
            let test = self.named_expression()?;
            let body = self.block(what, line)?;
            branches.push((line, test, body));
            if !self.is_kw(Kw::Elif) {
                break;
            }
        }
        let mut orelse = self.else_block()?;
        let mut result = None;
        while let Some((line, test, body)) = branches.pop() {
            let s = stmt(line, StmtKind::If { test, body, orelse });
            if branches.is_empty() {
                result = Some(s);
                break;
            }
            orelse = Vec::from([s]);
        }
        result.ok_or_else(|| self.error("invalid syntax"))
    }

    fn for_statement(&mut self, is_async: bool, line: u32) -> PResult<Stmt> {
        self.bump(); // `for`
        let at = self.here();
        let target = self.target_list()?;
        self.check_target(&target, at, false)?;
        self.expect_kw(Kw::In)?;
        let iter_at = self.here();
        let iter = self.star_expressions()?;
        self.no_lone_star(&iter, iter_at)?;
        let body = self.loop_block("'for' statement", line)?;
        let orelse = self.else_block()?;
        Ok(stmt(
            line,
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            },
        ))
    }

    fn try_statement(&mut self) -> PResult<Stmt> {
        let line = self.line();
        self.bump();
        let body = self.block("'try' statement", line)?;
        let mut handlers: Vec<ExceptHandler> = Vec::new();
        while self.is_kw(Kw::Except) {
            let handler_line = self.line();
            if handlers.last().is_some_and(|h| h.type_.is_none()) {
                return Err(self.error("default 'except:' must be last"));
            }
            self.bump();
            let mut type_ = None;
            let mut name = None;
            if !self.is_op(Op::Colon) {
                let t = self.expression()?;
                if self.is_op(Op::Comma) {
                    return Err(self.error("multiple exception types must be parenthesized"));
                }
                type_ = Some(t);
                if self.eat_kw(Kw::As) {
                    name = Some(self.expect_name()?);
                }
            }
            let body = self.block("'except' statement", handler_line)?;
            handlers.push(ExceptHandler {
                line: handler_line,
                type_,
                name,
                body,
            });
        }
        let orelse = if handlers.is_empty() {
            Vec::new()
        } else {
            self.else_block()?
        };
        let finally_line = self.line();
        let has_finally = self.eat_kw(Kw::Finally);
        let finalbody = if has_finally {
            self.block("'finally' statement", finally_line)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && !has_finally {
            return Err(self.error("expected 'except' or 'finally' block"));
        }
        Ok(stmt(
            line,
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
        ))
    }

    fn with_statement(&mut self, is_async: bool, line: u32) -> PResult<Stmt> {
        self.bump(); // `with`
        let mut items = Vec::new();
        if self.is_op(Op::LPar) && self.parenthesized_with_items() {
            self.bump();
            loop {
                items.push(self.with_item()?);
                if !self.eat_op(Op::Comma) || self.is_op(Op::RPar) {
                    break;
                }
            }
            self.expect_op(Op::RPar)?;
        } else {
            loop {
                items.push(self.with_item()?);
                if !self.eat_op(Op::Comma) {
                    break;
                }
            }
        }
        let body = self.block("'with' statement", line)?;
        Ok(stmt(
            line,
            StmtKind::With {
                items,
                body,
                is_async,
            },
        ))
    }

    /// Whether the `(` at the current token opens Python 3.9's parenthesized with-items, which
    /// is so when its matching `)` is directly followed by `:`.
    fn parenthesized_with_items(&self) -> bool {
        // Look ahead with a copy of the lexer; this costs re-lexing one `with` header.
        let mut lexer = self.lexer.clone();
        let mut ahead = self.window.iter().map(|t| t.kind.clone());
        let mut depth = 0usize;
        let mut closed = false;
        loop {
            let kind = match ahead.next() {
                Some(kind) => kind,
                None => match lexer.next_token() {
                    Ok(t) => t.kind,
                    Err(_) => return false,
                },
            };
            if closed {
                return kind == Tok::Op(Op::Colon);
            }
            match kind {
                Tok::Op(Op::LPar | Op::LSqb | Op::LBrace) => depth += 1,
                Tok::Op(Op::RPar | Op::RSqb | Op::RBrace) => {
                    depth = depth.saturating_sub(1);
                    closed = depth == 0;
                }
                Tok::Newline | Tok::Eof => return false,
                _ => {}
            }
        }
    }

    fn with_item(&mut self) -> PResult<WithItem> {
        let context = self.expression()?;
        let target = if self.eat_kw(Kw::As) {
            let at = self.here();
            // One target: a comma here separates with-items.
            let t = self.bitwise_or()?;
            self.check_target(&t, at, false)?;
            Some(t)
        } else {
            None
        };
        Ok(WithItem { context, target })
    }

    /// `@decorator` lines, then the `def`, `async def` or `class` they decorate.
    fn decorated(&mut self) -> PResult<Stmt> {
        let mut decorators = Vec::new();
        while self.eat_op(Op::At) {
            decorators.push(self.named_expression()?);
            if !self.eat_newline() {
                return Err(self.error("invalid syntax"));
            }
        }
        let line = self.line();
        match self.tok() {
            Tok::Kw(Kw::Def) => self.function_def(decorators, false, line),
            Tok::Kw(Kw::Async) if matches!(self.peek_n(1), Tok::Kw(Kw::Def)) => {
                self.bump();
                self.function_def(decorators, true, line)
            }
            Tok::Kw(Kw::Class) => self.class_def(decorators),
            _ => Err(self.error("invalid syntax")),
        }
    }

    fn function_def(&mut self, decorators: Vec<Expr>, is_async: bool, line: u32) -> PResult<Stmt> {
        self.bump(); // `def`
        let name = self.expect_name()?;
        self.expect_op(Op::LPar)?;
        let params = self.params(Op::RPar, true)?;
        self.expect_op(Op::RPar)?;
        let returns = if self.eat_op(Op::Arrow) {
            Some(self.expression()?)
        } else {
            None
        };
        let saved = self.ctx;
        self.ctx = Ctx {
            in_function: true,
            in_async: is_async,
            in_loop: false,
            any_function: true,
        };
        let body = self.block("function definition", line);
        self.ctx = saved;
        let def = FunctionDef {
            name,
            params,
            body: body?,
            decorators,
            returns,
            is_async,
        };
        Ok(stmt(line, StmtKind::FunctionDef(Box::new(def))))
    }

    fn class_def(&mut self, decorators: Vec<Expr>) -> PResult<Stmt> {
        let line = self.line();
        self.bump(); // `class`
        let name = self.expect_name()?;
        let (bases, keywords) = if self.eat_op(Op::LPar) {
            self.call_args()?
        } else {
            (Vec::new(), Vec::new())
        };
        let saved = self.ctx;
        self.ctx = Ctx {
            in_function: false,
            in_async: false,
            in_loop: false,
            any_function: saved.any_function,
        };
        let body = self.block("class definition", line);
        self.ctx = saved;
        let class = ClassDef {
            name,
            bases,
            keywords,
            body: body?,
            decorators,
        };
        Ok(stmt(line, StmtKind::ClassDef(Box::new(class))))
    }
}
