//! The parser against CPython's: the same trees (line numbers included) for the corpus and a
//! program of every construct, and the same verdicts on mutated programs. Both run only where
//! `python3` is installed.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::*;

fn opt_sx(e: &Option<Expr>) -> String {
    e.as_ref().map_or_else(|| "_".to_string(), sx)
}

fn aliases(names: &[Alias]) -> String {
    names
        .iter()
        .map(|a| match &a.asname {
            Some(s) => format!("{} as {s}", a.name),
            None => a.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders statements in the format of `CPYTHON_DUMPER` below, one per line.
fn dump_block(body: &[Stmt], ind: usize, out: &mut Vec<String>) {
    for s in body {
        dump_stmt(s, ind, out);
    }
}

fn dump_stmt(s: &Stmt, ind: usize, out: &mut Vec<String>) {
    let pad = "  ".repeat(ind);
    let mut p = |text: String| out.push(format!("{pad}{}: {text}", s.line));
    let join = |xs: &[Expr]| xs.iter().map(sx).collect::<Vec<_>>().join(" ");
    match &s.kind {
        StmtKind::Expr(e) => p(format!("expr {}", sx(e))),
        StmtKind::Assign { targets, value } => {
            p(format!("assign {} = {}", join(targets), sx(value)))
        }
        StmtKind::AugAssign { target, op, value } => {
            p(format!("aug {} {} {}", bin(*op), sx(target), sx(value)))
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => p(format!(
            "ann {} {} {}",
            sx(target),
            sx(annotation),
            opt_sx(value)
        )),
        StmtKind::FunctionDef(d) => {
            p(format!(
                "def {}({}){} deco=[{}] -> {}",
                d.name,
                params(&d.params),
                if d.is_async { " async" } else { "" },
                join(&d.decorators),
                opt_sx(&d.returns)
            ));
            dump_block(&d.body, ind + 1, out);
        }
        StmtKind::ClassDef(c) => {
            let kws: Vec<String> = c
                .keywords
                .iter()
                .map(|k| match &k.name {
                    Some(n) => format!("{n}={}", sx(&k.value)),
                    None => format!("**{}", sx(&k.value)),
                })
                .collect();
            p(format!(
                "class {} bases=[{}] kw=[{}] deco=[{}]",
                c.name,
                join(&c.bases),
                kws.join(" "),
                join(&c.decorators)
            ));
            dump_block(&c.body, ind + 1, out);
        }
        StmtKind::Return(v) => p(format!("return {}", opt_sx(v))),
        StmtKind::Delete(ts) => p(format!("del {}", join(ts))),
        StmtKind::Pass => p("pass".into()),
        StmtKind::Break => p("break".into()),
        StmtKind::Continue => p("continue".into()),
        StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
            let word = if matches!(s.kind, StmtKind::If { .. }) {
                "if"
            } else {
                "while"
            };
            p(format!("{word} {}", sx(test)));
            dump_block(body, ind + 1, out);
            if !orelse.is_empty() {
                out.push(format!("{pad}else"));
                dump_block(orelse, ind + 1, out);
            }
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async,
        } => {
            p(format!(
                "for {} in {}{}",
                sx(target),
                sx(iter),
                if *is_async { " async" } else { "" }
            ));
            dump_block(body, ind + 1, out);
            if !orelse.is_empty() {
                out.push(format!("{pad}else"));
                dump_block(orelse, ind + 1, out);
            }
        }
        StmtKind::With {
            items,
            body,
            is_async,
        } => {
            let items: Vec<String> = items
                .iter()
                .map(|i| match &i.target {
                    Some(t) => format!("{} as {}", sx(&i.context), sx(t)),
                    None => sx(&i.context),
                })
                .collect();
            p(format!(
                "with {}{}",
                items.join(", "),
                if *is_async { " async" } else { "" }
            ));
            dump_block(body, ind + 1, out);
        }
        StmtKind::Raise { exc, cause } => {
            p(format!("raise {} from {}", opt_sx(exc), opt_sx(cause)))
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            p("try".into());
            dump_block(body, ind + 1, out);
            for h in handlers {
                out.push(format!(
                    "{pad}{}: except {} as {}",
                    h.line,
                    opt_sx(&h.type_),
                    h.name.as_deref().unwrap_or("_")
                ));
                dump_block(&h.body, ind + 1, out);
            }
            if !orelse.is_empty() {
                out.push(format!("{pad}else"));
                dump_block(orelse, ind + 1, out);
            }
            if !finalbody.is_empty() {
                out.push(format!("{pad}finally"));
                dump_block(finalbody, ind + 1, out);
            }
        }
        StmtKind::Assert { test, msg } => p(format!("assert {} {}", sx(test), opt_sx(msg))),
        StmtKind::Import(names) => p(format!("import {}", aliases(names))),
        StmtKind::ImportFrom {
            module,
            names,
            level,
            star,
        } => p(format!(
            "from {}{} import {}",
            ".".repeat(*level as usize),
            module.as_deref().unwrap_or(""),
            if *star {
                "*".to_string()
            } else {
                aliases(names)
            }
        )),
        StmtKind::Global(names) => p(format!("global {}", names.join(" "))),
        StmtKind::Nonlocal(names) => p(format!("nonlocal {}", names.join(" "))),
    }
}

/// Every construct the parser knows, in one program, to compare with CPython.
const TRICKY: &str = r#####"import a.b.c as d, e
from . import x
from ..pkg import (a, b as c,)
from m import *
from ....deep.mod import thing
x = -2 ** -3 ** 2
y = not a == b < c is not d not in e in f
z = a if b else c if d else lambda q, *r, s=1, **t: q
w = [*a, *b], {**c, 'k': 1}, {1, *s}, (), (1,), [], {}
v = a[1:2, ::3, :, x:y:z, ...]
u = f(a)(b)[c].d(*e, f=g, **h)
t = (yield_ for yield_ in range(3) if yield_ if not yield_)
s = {k: v for k, v in d.items() for _ in [1] if k}
r = f'{x!r:>{width}.{prec}f} {y=} {z = !s} {{}} {a["k"]} {b:%Y-%m-%d}' 'tail' f"{1+1}"
q = b'\x00\xff' rb'\d' B'x'
p = 'a' "b" '''c
d''' """e"""
o = 0x_FF + 0o17 + 0b1_0 + 1_000 + 1e-3 + 1.5j + .5 + 1. + 99999999999999999999
n = 1 if x else 2
m = (n := 10) + 1
a, *b, (c, [d, *e]) = f = g
a.b[c] += 1
x: int = 5
y: list[int]
del a, b.c, d[0]
assert x, "msg"
global g1, g2
def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> "ret":
    nonlocal_ = 1
    x = yield
    y = yield 1, 2
    yield from z
    return *a, b
async def g(x):
    await x
    async with a as b, c:
        async for i in j:
            pass
    return [i async for i in x if await i]
@decorator
@d.e(1)
class C(B, metaclass=M, **kw):
    """doc"""
    def m(self): return self
    @property
    def p(self): ...
for i, (j, k) in enumerate(x):
    if i: continue
    elif j:
        break
    else:
        pass
else:
    pass
while (line := f()):
    pass
else:
    pass
try:
    pass
except (A, B) as e:
    raise C from e
except D:
    raise
except:
    pass
else:
    pass
finally:
    pass
with open(a) as f, open(b) as g:
    pass
with (open(a) as f, open(b) as g,):
    pass
with (a, b):
    pass
if x: a; b; c
print(*args, sep='', **kw)
x = (1 +
     2 *
     3)
call(
    a,
    b=lambda: (
        c
    ),
)
x = [
    y
    for y in z
]
lambda: (yield)
f(x for x in y)
x = a or b and c or d
x = a and b and c
x = (a or b) or c
x = (a < b) < c
x = ~+-x
x = a @ b // c % d
x = a << b >> c & d ^ e | f
x = a[b][c:d]
x = 'a' f'b{c}' 'd'
x = f''
x = f'{x:{y:>3}}'
x = rf'\n{x}'
x = f'''multi
{line}
'''
x = f"{'nested'!r}"
x = f'{a:{b}{c}d}'
x = f'{3.14:.{2}f}'
x = f'{x!a}'
x = f'{1, 2}'
x = f'{ {1: 2}[1] }'
x = f'{(lambda: 1)()}'
x = {'a': 1,
     'b': 2}
x = a.b.c.d
x = a if (b if c else d) else e
x = not not x
x = -x ** -y
x = (-x) ** y
x = 2 ** 3 ** 4
x = a is not b
x = a not in b
x = [a for b in c for d in e if f if g]
x = [[a for a in b] for b in c]
x = (a for a in b), 1
x = yield_
def h(*, a, b=2): pass
def h2(a, /): pass
def h3(a, /, b, *, c): pass
def h4(**kw): pass
def h5(*a, b): pass
def h6(a=1, *b, c, d=2, e): pass
class D: pass
class E(): pass
x = 1; y = 2;
x = (
    1
)
x = \
    3
if True:
    if False:
        pass
    # comment
        # weird comment
    x = 1
x = 'é' + '\u00e9' if 0 else None
f(x
  for x in y)
f(a,
  (x
   for x in y))
x = (
    a +
    b
)
x = (a,
     b)
x = [a,
     b]
@dec(
    1)
def g(): pass
x = f"""a
{b}
c {d}"""
x = ('a'
     'b')
x = (f'{a}'
     f'{b}')
y = a.b(
    c).d[
    e]
z = (yield_
     if c
     else d)
w = {
    k: v
    for k, v in items
}
q = not (
    a)
r = -(
    a)
s = a[
    1:
    2]
t = lambda: (
    x)
u = (a
     < b
     < c)
v = (a
     and b
     or c)
x = a[*b], a[*b, c], a[b:=1], {(x := 1): 2}
x = 1if y else 2
x = f'\{y}' f"{'a' 'b'}"
"#####;

/// Dumps a module parsed by CPython's `ast` in the format of `dump_stmt`.
const CPYTHON_DUMPER: &str = r#####"
import ast, sys

def q(x):
    out = []
    for ch in x:
        o = ord(ch)
        out.append(ch if 32 <= o < 127 and ch not in '\\"' else '\\u{%x}' % o)
    return '"' + ''.join(out) + '"'

def qb(x):
    return 'b' + q(''.join(chr(c) for c in x))

def fl(v):
    r = repr(v)
    if 'e' in r:
        m, e = r.split('e')
        r = m + 'e' + str(int(e))
    return r

BIN = {ast.Add: '+', ast.Sub: '-', ast.Mult: '*', ast.MatMult: '@', ast.Div: '/', ast.FloorDiv: '//',
       ast.Mod: '%', ast.Pow: '**', ast.LShift: '<<', ast.RShift: '>>', ast.BitOr: '|', ast.BitXor: '^',
       ast.BitAnd: '&'}
UN = {ast.Invert: '~', ast.Not: 'not', ast.UAdd: '+', ast.USub: '-'}
CMP = {ast.Eq: '==', ast.NotEq: '!=', ast.Lt: '<', ast.LtE: '<=', ast.Gt: '>', ast.GtE: '>=', ast.Is: 'is',
       ast.IsNot: 'is-not', ast.In: 'in', ast.NotIn: 'not-in'}
LINES = False

def params(a):
    out = []
    pos = a.posonlyargs + a.args
    d = [None] * (len(pos) - len(a.defaults)) + list(a.defaults)
    for i, (p, df) in enumerate(zip(pos, d)):
        if i == len(a.posonlyargs) and a.posonlyargs:
            out.append('/')
        out.append(p.arg if df is None else p.arg + '=' + e(df))
    if a.posonlyargs and len(a.posonlyargs) == len(pos):
        out.append('/')
    if a.vararg:
        out.append('*' + a.vararg.arg)
    elif a.kwonlyargs:
        out.append('*')
    for p, df in zip(a.kwonlyargs, a.kw_defaults):
        out.append(p.arg if df is None else p.arg + '=' + e(df))
    if a.kwarg:
        out.append('**' + a.kwarg.arg)
    return ','.join(out)

def gens(gs):
    r = []
    for g in gs:
        s = '(' + ('async ' if g.is_async else '') + 'for ' + e(g.target) + ' ' + e(g.iter)
        for c in g.ifs:
            s += ' if ' + e(c)
        r.append(s + ')')
    return ' '.join(r)

def parts(vals):
    r = []
    for v in vals:
        if isinstance(v, ast.Constant):
            r.append(q(v.value))
        else:
            conv = '' if v.conversion == -1 else ' !' + chr(v.conversion)
            spec = '' if v.format_spec is None or not v.format_spec.values else ' :' + parts(v.format_spec.values)
            r.append('{' + e(v.value) + conv + spec + '}')
    return ' '.join(r)

def e(n):
    s = e2(n)
    return s + ('@%d' % n.lineno if LINES else '')

def e2(n):
    t = type(n)
    L = lambda xs: ' '.join(e(x) for x in xs)
    if t is ast.Name: return n.id
    if t is ast.Constant:
        v = n.value
        if v is None: return 'None'
        if v is True: return 'True'
        if v is False: return 'False'
        if v is Ellipsis: return '...'
        if isinstance(v, int): return ('big:%d' % v) if v > 2**63 - 1 else str(v)
        if isinstance(v, float): return fl(v)
        if isinstance(v, complex): return fl(v.imag) + 'j'
        if isinstance(v, str): return q(v)
        if isinstance(v, bytes): return qb(v)
    if t is ast.BinOp: return '(%s %s %s)' % (BIN[type(n.op)], e(n.left), e(n.right))
    if t is ast.UnaryOp: return '(%s %s)' % (UN[type(n.op)], e(n.operand))
    if t is ast.BoolOp: return '(%s %s)' % ('and' if isinstance(n.op, ast.And) else 'or', L(n.values))
    if t is ast.Compare:
        s = '(cmp ' + e(n.left)
        for o, c in zip(n.ops, n.comparators):
            s += ' %s %s' % (CMP[type(o)], e(c))
        return s + ')'
    if t is ast.NamedExpr: return '(:= %s %s)' % (n.target.id, e(n.value))
    if t is ast.Lambda: return '(lambda %s %s)' % (params(n.args), e(n.body))
    if t is ast.IfExp: return '(if %s %s %s)' % (e(n.test), e(n.body), e(n.orelse))
    if t is ast.Dict:
        return '{dict %s}' % ' '.join(('**' + e(v)) if k is None else (e(k) + ':' + e(v)) for k, v in zip(n.keys, n.values))
    if t is ast.Set: return '{set %s}' % L(n.elts)
    if t is ast.ListComp: return '[listcomp %s %s]' % (e(n.elt), gens(n.generators))
    if t is ast.SetComp: return '{setcomp %s %s}' % (e(n.elt), gens(n.generators))
    if t is ast.DictComp: return '{dictcomp %s:%s %s}' % (e(n.key), e(n.value), gens(n.generators))
    if t is ast.GeneratorExp: return '(genexp %s %s)' % (e(n.elt), gens(n.generators))
    if t is ast.Await: return '(await %s)' % e(n.value)
    if t is ast.Yield: return '(yield %s)' % ('_' if n.value is None else e(n.value))
    if t is ast.YieldFrom: return '(yield-from %s)' % e(n.value)
    if t is ast.Call:
        s = '(call ' + e(n.func)
        for a in n.args: s += ' ' + e(a)
        for k in n.keywords:
            s += (' **' + e(k.value)) if k.arg is None else (' %s=%s' % (k.arg, e(k.value)))
        return s + ')'
    if t is ast.JoinedStr: return '(f %s)' % parts(n.values)
    if t is ast.Attribute: return '(. %s %s)' % (e(n.value), n.attr)
    if t is ast.Subscript: return '([] %s %s)' % (e(n.value), e(n.slice))
    if t is ast.Starred: return '(* %s)' % e(n.value)
    if t is ast.List: return '[list %s]' % L(n.elts)
    if t is ast.Tuple: return '(tuple %s)' % L(n.elts)
    if t is ast.Slice:
        o = lambda x: '_' if x is None else e(x)
        return '(slice %s %s %s)' % (o(n.lower), o(n.upper), o(n.step))
    raise Exception('unknown ' + t.__name__)

def opt(x):
    return '_' if x is None else e(x)

def block(body, ind, out):
    for st in body:
        stmt(st, ind, out)

def stmt(n, ind, out):
    t = type(n)
    p = lambda s: out.append('%s%d: %s' % ('  ' * ind, n.lineno, s))
    if t is ast.Expr: p('expr ' + e(n.value))
    elif t is ast.Assign: p('assign ' + ' '.join(e(x) for x in n.targets) + ' = ' + e(n.value))
    elif t is ast.AugAssign: p('aug %s %s %s' % (BIN[type(n.op)], e(n.target), e(n.value)))
    elif t is ast.AnnAssign: p('ann %s %s %s' % (e(n.target), e(n.annotation), opt(n.value)))
    elif t in (ast.FunctionDef, ast.AsyncFunctionDef):
        p('def %s(%s)%s deco=[%s] -> %s' % (n.name, params(n.args), ' async' if t is ast.AsyncFunctionDef else '',
                                           ' '.join(e(d) for d in n.decorator_list), opt(n.returns)))
        block(n.body, ind + 1, out)
    elif t is ast.ClassDef:
        kws = ' '.join(('**' + e(k.value)) if k.arg is None else ('%s=%s' % (k.arg, e(k.value))) for k in n.keywords)
        p('class %s bases=[%s] kw=[%s] deco=[%s]' % (n.name, ' '.join(e(b) for b in n.bases), kws, ' '.join(e(d) for d in n.decorator_list)))
        block(n.body, ind + 1, out)
    elif t is ast.Return: p('return ' + opt(n.value))
    elif t is ast.Delete: p('del ' + ' '.join(e(x) for x in n.targets))
    elif t is ast.Pass: p('pass')
    elif t is ast.Break: p('break')
    elif t is ast.Continue: p('continue')
    elif t in (ast.If, ast.While):
        p(('if ' if t is ast.If else 'while ') + e(n.test))
        block(n.body, ind + 1, out)
        if n.orelse:
            out.append('  ' * ind + 'else')
            block(n.orelse, ind + 1, out)
    elif t in (ast.For, ast.AsyncFor):
        p('for %s in %s%s' % (e(n.target), e(n.iter), ' async' if t is ast.AsyncFor else ''))
        block(n.body, ind + 1, out)
        if n.orelse:
            out.append('  ' * ind + 'else')
            block(n.orelse, ind + 1, out)
    elif t in (ast.With, ast.AsyncWith):
        items = ', '.join(e(i.context_expr) + ('' if i.optional_vars is None else ' as ' + e(i.optional_vars)) for i in n.items)
        p('with %s%s' % (items, ' async' if t is ast.AsyncWith else ''))
        block(n.body, ind + 1, out)
    elif t is ast.Raise: p('raise %s from %s' % (opt(n.exc), opt(n.cause)))
    elif t is ast.Try:
        p('try')
        block(n.body, ind + 1, out)
        for h in n.handlers:
            out.append('%s%d: except %s as %s' % ('  ' * ind, h.lineno, opt(h.type), h.name or '_'))
            block(h.body, ind + 1, out)
        if n.orelse:
            out.append('  ' * ind + 'else')
            block(n.orelse, ind + 1, out)
        if n.finalbody:
            out.append('  ' * ind + 'finally')
            block(n.finalbody, ind + 1, out)
    elif t is ast.Assert: p('assert %s %s' % (e(n.test), opt(n.msg)))
    elif t is ast.Import: p('import ' + ', '.join(a.name + ('' if a.asname is None else ' as ' + a.asname) for a in n.names))
    elif t is ast.ImportFrom:
        names = '*' if n.names[0].name == '*' else ', '.join(a.name + ('' if a.asname is None else ' as ' + a.asname) for a in n.names)
        p('from %s%s import %s' % ('.' * n.level, n.module or '', names))
    elif t is ast.Global: p('global ' + ' '.join(n.names))
    elif t is ast.Nonlocal: p('nonlocal ' + ' '.join(n.names))
    else: raise Exception('unknown stmt ' + t.__name__)

LINES = True
for path in sys.argv[1:]:
    out = []
    block(ast.parse(open(path, encoding='utf-8').read()).body, 0, out)
    print('=== ' + path)
    print('\n'.join(out))
"#####;

fn dump_ours(text: &str, lines: bool) -> String {
    WITH_LINES.with(|w| w.set(lines));
    let module = parse_module(text).unwrap_or_else(|e| panic!("{e:?}"));
    let mut out = Vec::new();
    dump_block(&module.body, 0, &mut out);
    WITH_LINES.with(|w| w.set(false));
    out.join("\n")
}

/// Whether `python3` is CPython 3.11, the version the corpus was made with (other versions
/// differ in what they accept and how they report it).
fn have_cpython_311() -> bool {
    let version = std::process::Command::new("python3")
        .arg("--version")
        .output();
    version.is_ok_and(|v| String::from_utf8_lossy(&v.stdout).starts_with("Python 3.11"))
}

/// Parses every conformance program with CPython too (when `python3` is 3.11) and requires
/// the same tree, line numbers of every statement and expression included.
#[test]
fn same_trees_as_cpython() {
    if !have_cpython_311() {
        return;
    }
    let mut files = conformance_files();
    let dir = std::env::temp_dir().join(format!("esprit-parser-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let script = dir.join("dump.py");
    let tricky = dir.join("tricky.py");
    if std::fs::write(&script, CPYTHON_DUMPER).is_err() || std::fs::write(&tricky, TRICKY).is_err()
    {
        return;
    }
    files.push((tricky.display().to_string(), TRICKY.to_string()));
    let output = std::process::Command::new("python3")
        .arg(&script)
        .args(files.iter().map(|f| &f.0))
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(output) = output else { return };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut theirs: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut current = None;
    for line in stdout.lines() {
        if let Some(path) = line.strip_prefix("=== ") {
            current = Some(path);
            theirs.insert(path, String::new());
        } else if let Some(dump) = current.and_then(|p| theirs.get_mut(p)) {
            if !dump.is_empty() {
                dump.push('\n');
            }
            dump.push_str(line);
        }
    }
    let mut mismatches = Vec::new();
    for (path, text) in &files {
        let ours = dump_ours(text, true);
        let theirs = theirs.get(path.as_str()).map_or("", |s| s.as_str());
        if theirs != ours {
            let first = theirs.lines().zip(ours.lines()).find(|(a, b)| a != b);
            mismatches.push(format!(
                "{path}:\n  cpython: {:?}\n  esprit:  {:?}",
                first.map(|f| f.0),
                first.map(|f| f.1)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Mutates snippets of the corpus and prints, per case, the hex of the source and what
/// CPython's `compile` says of it.
const CPYTHON_MUTATOR: &str = r#####"
import random, sys, textwrap, warnings
warnings.filterwarnings('ignore')
random.seed(int(sys.argv[1]))
count = int(sys.argv[2])
srcs = [open(f, encoding='utf-8').read() for f in sys.argv[3:]]
ALPH = list("()[]{}:;,.'\"\\\n \t#=+-*/%@<>!~^&|0123456789abcdefxjrbf_") + ['if ', 'else', ' for ', ' in ', 'lambda', 'not ', 'yield', 'await ', 'return', 'async ', 'def ', 'class ', '    ', ':=', '**', '->', '...', 'f"', "'''", ' as ', 'import ', 'from ', 'global ', 'del ', 'break', 'continue', 'pass', '*', 'try:', 'except', 'finally:', 'with ', 'while ', 'elif ', 'nonlocal x', '\n    ', '\n']
for _ in range(count):
    lines = random.choice(srcs).split('\n')
    a = random.randrange(len(lines))
    snippet = textwrap.dedent('\n'.join(lines[a:a + random.randint(1, 8)]) + '\n')
    for _ in range(random.randint(0, 2)):
        if not snippet:
            break
        i = random.randrange(len(snippet))
        op = random.randrange(3)
        if op == 0:
            snippet = snippet[:i] + snippet[i + 1:]
        elif op == 1:
            snippet = snippet[:i] + random.choice(ALPH) + snippet[i:]
        else:
            snippet = snippet[:i] + random.choice(ALPH) + snippet[i + 1:]
    try:
        compile(snippet, 'x', 'exec', dont_inherit=True)
        res = 'OK'
    except SyntaxError as e:
        res = 'ERR %s %s' % (e.lineno, e.msg)
    except Exception as e:
        res = 'EXC %s' % type(e).__name__
    print(snippet.encode('utf-8', 'surrogatepass').hex() + '\t' + res)
"#####;

/// Mutated programs must be accepted or rejected exactly as CPython 3.11 does (the version the
/// corpus was made with), with the error on the same line. Only what CPython's symbol table
/// finds (`no binding for nonlocal`) is left to the compiler.
#[test]
fn same_verdicts_as_cpython_on_mutated_programs() {
    if !have_cpython_311() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("esprit-mutate-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let script = dir.join("mutate.py");
    let tricky = dir.join("tricky.py");
    if std::fs::write(&script, CPYTHON_MUTATOR).is_err() || std::fs::write(&tricky, TRICKY).is_err()
    {
        return;
    }
    let mut sources: Vec<String> = conformance_files().into_iter().map(|f| f.0).collect();
    sources.push(tricky.display().to_string());
    let output = std::process::Command::new("python3")
        .arg(&script)
        .args(["7", "2500"])
        .args(&sources)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(output) = output else { return };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut differences = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((hex, theirs)) = line.split_once('\t') else {
            continue;
        };
        let bytes: Vec<u8> = (0..hex.len() / 2)
            .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        let Ok(src) = String::from_utf8(bytes) else {
            continue;
        };
        if theirs.contains("no binding for nonlocal") || theirs.starts_with("EXC") {
            continue;
        }
        let ours = match parse_module(&src) {
            Ok(_) => "OK".to_string(),
            Err(e) => format!("ERR {} {}", e.line, e.message),
        };
        let verdict = |s: &str| s.split(' ').take(2).collect::<Vec<_>>().join(" ");
        // CPython 3.11 takes a NAME that is a prefix of a soft keyword (`c`, `ma`, `_`) for
        // one, and then omits its "forgot a comma" hint; esprit gives the hint.
        let quirk =
            ours.ends_with("Perhaps you forgot a comma?") && theirs.ends_with("invalid syntax");
        if verdict(&ours) != verdict(theirs) && !quirk {
            differences.push(format!("{src:?}\n  cpython: {theirs}\n  esprit:  {ours}"));
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
