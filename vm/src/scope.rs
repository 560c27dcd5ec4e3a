//! Scope analysis: which names are locals, cells, free variables or globals in each function,
//! class body, comprehension and module. Runs over the whole module before compiling, because a
//! function's locals become cells when an inner function captures them.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::ast::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
}

const ASSIGNED: u8 = 1;
const PARAM: u8 = 2;
const USED: u8 = 4;
const GLOBAL: u8 = 8;
const NONLOCAL: u8 = 16;

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<usize>,
    /// Names in first-seen order with their flags.
    pub names: Vec<(String, u8)>,
    pub params: Vec<String>,
    pub cells: Vec<String>,
    pub frees: Vec<String>,
    pub is_generator: bool,
    pub is_coroutine: bool,
}

/// How a name is accessed from a given scope.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    Fast,
    Deref,
    Global,
    /// Class bodies (and names of a class body not found elsewhere): namespace, globals, builtins.
    Name,
}

#[derive(Debug)]
pub struct ScopeError {
    pub message: String,
    pub line: Line,
}

pub struct Scopes {
    pub scopes: Vec<Scope>,
    /// AST node address -> scope index.
    pub by_node: BTreeMap<usize, usize>,
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            parent,
            names: Vec::new(),
            params: Vec::new(),
            cells: Vec::new(),
            frees: Vec::new(),
            is_generator: false,
            is_coroutine: false,
        }
    }

    fn flags(&self, name: &str) -> u8 {
        self.names
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, f)| *f)
    }

    fn add(&mut self, name: &str, flag: u8) {
        if let Some(e) = self.names.iter_mut().find(|(n, _)| n == name) {
            e.1 |= flag;
        } else {
            self.names.push((name.to_string(), flag));
        }
    }

    /// Is `name` bound in this function scope (a local or a cell)?
    fn binds(&self, name: &str) -> bool {
        let f = self.flags(name);
        f & (ASSIGNED | PARAM) != 0 && f & (GLOBAL | NONLOCAL) == 0
    }

    pub fn access(&self, name: &str) -> Access {
        let f = self.flags(name);
        if self.frees.iter().any(|n| n == name)
            || (self.kind == ScopeKind::Function && self.cells.iter().any(|n| n == name))
        {
            return Access::Deref;
        }
        if self.kind == ScopeKind::Class
            && self.cells.iter().any(|n| n == name)
            && f & ASSIGNED == 0
        {
            return Access::Deref;
        }
        match self.kind {
            ScopeKind::Module => Access::Global,
            ScopeKind::Class => {
                if f & GLOBAL != 0 {
                    Access::Global
                } else {
                    Access::Name
                }
            }
            ScopeKind::Function => {
                if f & GLOBAL != 0 {
                    Access::Global
                } else if f & (ASSIGNED | PARAM) != 0 {
                    Access::Fast
                } else {
                    Access::Global
                }
            }
        }
    }

    /// Local (fast) slot names: parameters first, then other bound names in first-seen order.
    pub fn locals(&self) -> Vec<String> {
        let mut out: Vec<String> = self.params.clone();
        for (n, f) in &self.names {
            if f & ASSIGNED != 0
                && f & (GLOBAL | NONLOCAL | PARAM) == 0
                && !self.cells.contains(n)
                && !out.contains(n)
            {
                out.push(n.clone());
            }
        }
        out
    }
}

struct Builder {
    scopes: Vec<Scope>,
    by_node: BTreeMap<usize, usize>,
    cur: usize,
    error: Option<ScopeError>,
}

pub fn analyze(module: &Module) -> Result<Scopes, ScopeError> {
    let mut b = Builder {
        scopes: alloc::vec![Scope::new(ScopeKind::Module, None)],
        by_node: BTreeMap::new(),
        cur: 0,
        error: None,
    };
    b.stmts(&module.body);
    if let Some(e) = b.error {
        return Err(e);
    }
    b.resolve()?;
    Ok(Scopes {
        scopes: b.scopes,
        by_node: b.by_node,
    })
}

impl Builder {
    fn push(&mut self, kind: ScopeKind, node: usize) -> usize {
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, Some(self.cur)));
        self.by_node.insert(node, id);
        let prev = self.cur;
        self.cur = id;
        prev
    }

    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.cur]
    }

    fn fail(&mut self, message: &str, line: Line) {
        if self.error.is_none() {
            self.error = Some(ScopeError {
                message: message.to_string(),
                line,
            });
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn params(&mut self, p: &Params) {
        for a in p.args.iter().chain(p.kwonly.iter()) {
            self.scope().params.push(a.name.clone());
            self.scope().add(&a.name, PARAM);
        }
        if let Some(v) = &p.vararg {
            self.scope().params.push(v.clone());
            self.scope().add(v, PARAM);
        }
        if let Some(v) = &p.kwarg {
            self.scope().params.push(v.clone());
            self.scope().add(v, PARAM);
        }
    }

    fn param_defaults(&mut self, p: &Params) {
        for a in p.args.iter().chain(p.kwonly.iter()) {
            if let Some(d) = &a.default {
                self.expr(d);
            }
            if let Some(an) = &a.annotation {
                self.expr(an);
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                for t in targets {
                    self.target(t);
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value);
                self.target(target);
                self.expr(target);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => {
                self.expr(annotation);
                if let Some(v) = value {
                    self.expr(v);
                    self.target(target);
                }
            }
            StmtKind::FunctionDef(f) => {
                for d in &f.decorators {
                    self.expr(d);
                }
                self.param_defaults(&f.params);
                if let Some(r) = &f.returns {
                    self.expr(r);
                }
                self.scope().add(&f.name, ASSIGNED);
                let prev = self.push(ScopeKind::Function, &**f as *const FunctionDef as usize);
                self.scope().is_coroutine = f.is_async;
                self.params(&f.params);
                self.stmts(&f.body);
                self.cur = prev;
            }
            StmtKind::ClassDef(c) => {
                for d in &c.decorators {
                    self.expr(d);
                }
                for b in &c.bases {
                    self.expr(b);
                }
                for k in &c.keywords {
                    self.expr(&k.value);
                }
                self.scope().add(&c.name, ASSIGNED);
                let prev = self.push(ScopeKind::Class, &**c as *const ClassDef as usize);
                self.stmts(&c.body);
                self.cur = prev;
            }
            StmtKind::Return(v) => {
                if self.scopes[self.cur].kind != ScopeKind::Function {
                    self.fail("'return' outside function", s.line);
                }
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            StmtKind::Delete(ts) => {
                for t in ts {
                    self.target(t);
                }
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(iter);
                self.target(target);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::With { items, body, .. } => {
                for i in items {
                    self.expr(&i.context);
                    if let Some(t) = &i.target {
                        self.target(t);
                    }
                }
                self.stmts(body);
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e);
                }
                if let Some(c) = cause {
                    self.expr(c);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body);
                for h in handlers {
                    if let Some(t) = &h.type_ {
                        self.expr(t);
                    }
                    if let Some(n) = &h.name {
                        self.scope().add(n, ASSIGNED);
                    }
                    self.stmts(&h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            StmtKind::Import(names) => {
                for a in names {
                    let n = a
                        .asname
                        .as_deref()
                        .unwrap_or_else(|| a.name.split('.').next().unwrap_or(""));
                    self.scope().add(n, ASSIGNED);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    let n = a.asname.as_deref().unwrap_or(&a.name);
                    self.scope().add(n, ASSIGNED);
                }
            }
            StmtKind::Global(names) => {
                for n in names {
                    self.scope().add(n, GLOBAL);
                }
            }
            StmtKind::Nonlocal(names) => {
                if self.scopes[self.cur].kind == ScopeKind::Module {
                    self.fail("nonlocal declaration not allowed at module level", s.line);
                }
                for n in names {
                    self.scope().add(n, NONLOCAL);
                }
            }
        }
    }

    fn target(&mut self, t: &Expr) {
        match &t.kind {
            ExprKind::Name(n) => self.scope().add(n, ASSIGNED),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.target(i);
                }
            }
            ExprKind::Starred(e) => self.target(e),
            _ => self.expr(t),
        }
    }

    fn comprehension(
        &mut self,
        node: usize,
        generators: &[Comprehension],
        elts: &[&Expr],
        is_gen: bool,
    ) {
        let Some(first) = generators.first() else {
            return;
        };
        self.expr(&first.iter);
        let prev = self.push(ScopeKind::Function, node);
        self.scope().params.push(".0".to_string());
        self.scope().add(".0", PARAM);
        self.scope().is_generator = is_gen;
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter);
            }
            self.target(&g.target);
            for c in &g.ifs {
                self.expr(c);
            }
        }
        for e in elts {
            self.expr(e);
        }
        self.cur = prev;
    }

    fn fstring(&mut self, parts: &[FStringPart]) {
        for p in parts {
            if let FStringPart::Field {
                value, format_spec, ..
            } = p
            {
                self.expr(value);
                self.fstring(format_spec);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        let node = e as *const Expr as usize;
        match &e.kind {
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v);
                }
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value);
                // The walrus binds in the enclosing non-comprehension scope.
                let mut s = self.cur;
                while self.is_comprehension(s) {
                    match self.scopes[s].parent {
                        Some(p) => s = p,
                        None => break,
                    }
                }
                let t = target.clone();
                self.scopes[s].add(&t, ASSIGNED);
                if s != self.cur {
                    self.scope().add(&t, USED);
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                let mut rights = alloc::vec![&**right];
                let mut leftmost: &Expr = left;
                while let ExprKind::BinOp { left, right, .. } = &leftmost.kind {
                    rights.push(&**right);
                    leftmost = left;
                }
                self.expr(leftmost);
                for r in rights.into_iter().rev() {
                    self.expr(r);
                }
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Lambda { params, body } => {
                self.param_defaults(params);
                let prev = self.push(ScopeKind::Function, node);
                self.params(params);
                self.expr(body);
                self.cur = prev;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.expr(k);
                }
                for v in values {
                    self.expr(v);
                }
            }
            ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
                for i in items {
                    self.expr(i);
                }
            }
            ExprKind::ListComp { elt, generators } | ExprKind::SetComp { elt, generators } => {
                self.comprehension(node, generators, &[elt], false)
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(node, generators, &[elt], true)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(node, generators, &[key, value], false),
            ExprKind::Await(v) => {
                self.scope().is_generator = true;
                self.expr(v)
            }
            ExprKind::Yield(v) => {
                if self.scopes[self.cur].kind != ScopeKind::Function {
                    self.fail("'yield' outside function", e.line);
                }
                self.scope().is_generator = true;
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            ExprKind::YieldFrom(v) => {
                if self.scopes[self.cur].kind != ScopeKind::Function {
                    self.fail("'yield' outside function", e.line);
                }
                self.scope().is_generator = true;
                self.expr(v);
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                for c in comparators {
                    self.expr(c);
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func);
                for a in args {
                    self.expr(a);
                }
                for k in keywords {
                    self.expr(&k.value);
                }
            }
            ExprKind::FString(parts) => self.fstring(parts),
            ExprKind::Constant(_) => {}
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index);
            }
            ExprKind::Starred(v) => self.expr(v),
            ExprKind::Name(n) => {
                self.scope().add(n, USED);
                if n == "super" {
                    self.scope().add("__class__", USED);
                }
            }
            ExprKind::Slice { lower, upper, step } => {
                for p in [lower, upper, step].into_iter().flatten() {
                    self.expr(p);
                }
            }
        }
    }

    fn is_comprehension(&self, s: usize) -> bool {
        self.scopes[s]
            .params
            .first()
            .map(|p| p == ".0")
            .unwrap_or(false)
    }

    /// Decides cells and free variables: a name used in a scope but not bound there is free if
    /// an enclosing function binds it (class scopes are skipped, except for `__class__`).
    fn resolve(&mut self) -> Result<(), ScopeError> {
        for id in 0..self.scopes.len() {
            if self.scopes[id].kind == ScopeKind::Module {
                continue;
            }
            let names: Vec<(String, u8)> = self.scopes[id].names.clone();
            for (name, flags) in names {
                let free_candidate = if flags & NONLOCAL != 0 {
                    true
                } else {
                    flags & (ASSIGNED | PARAM | GLOBAL) == 0
                };
                if !free_candidate {
                    continue;
                }
                // Walk outwards for a binding function scope.
                let mut path = Vec::new();
                let mut p = self.scopes[id].parent;
                let mut found = None;
                while let Some(pid) = p {
                    let s = &self.scopes[pid];
                    if s.kind == ScopeKind::Module {
                        break;
                    }
                    if s.kind == ScopeKind::Class {
                        if name == "__class__" {
                            found = Some(pid);
                            break;
                        }
                        path.push(pid);
                        p = s.parent;
                        continue;
                    }
                    if s.binds(&name) {
                        found = Some(pid);
                        break;
                    }
                    if s.flags(&name) & GLOBAL != 0 {
                        break;
                    }
                    path.push(pid);
                    p = s.parent;
                }
                match found {
                    Some(def) => {
                        if !self.scopes[def].cells.contains(&name) {
                            self.scopes[def].cells.push(name.clone());
                        }
                        for s in path.into_iter().chain(core::iter::once(id)) {
                            if !self.scopes[s].frees.contains(&name) {
                                self.scopes[s].frees.push(name.clone());
                            }
                        }
                    }
                    None if flags & NONLOCAL != 0 => {
                        return Err(ScopeError {
                            message: alloc::format!("no binding for nonlocal '{}' found", name),
                            line: 0,
                        });
                    }
                    None => {}
                }
            }
        }
        Ok(())
    }
}
