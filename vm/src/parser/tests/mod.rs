//! Parser and lexer tests: AST shapes for each construct, error kinds and lines, the shared
//! conformance corpus, and robustness against truncated and hostile input.

extern crate std;

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use alloc::{format, vec};

use super::{parse_expression, parse_module};
use crate::ast::*;

mod cpython;

fn conformance_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/conformance"
    ))
}

fn conformance_files() -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(conformance_dir()) else {
        return Vec::new();
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    files.sort();
    files
}

#[test]
fn conformance_corpus_parses() {
    let mut failures = Vec::new();
    for (path, text) in conformance_files() {
        if let Err(e) = parse_module(&text) {
            failures.push(format!("{path}: {e:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- Helpers ---------------------------------------------------------------------------------

fn e(src: &str) -> Expr {
    parse_expression(src).unwrap_or_else(|err| panic!("{src:?}: {err:?}"))
}

fn m(src: &str) -> Vec<Stmt> {
    parse_module(src)
        .unwrap_or_else(|err| panic!("{src:?}: {err:?}"))
        .body
}

fn err(src: &str) -> SyntaxError {
    match parse_module(src) {
        Ok(module) => panic!("{src:?} parsed: {module:?}"),
        Err(err) => err,
    }
}

/// Asserts that `src` fails with a message containing `needle`, on `line`.
fn fails(src: &str, needle: &str, line: u32) {
    let got = err(src);
    assert!(
        got.message.contains(needle),
        "{src:?}: {got:?} lacks {needle:?}"
    );
    assert_eq!(got.line, line, "{src:?}: {got:?}");
}

fn bin(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mult => "*",
        BinOp::MatMult => "@",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "**",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::BitAnd => "&",
    }
}

fn cmp(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "==",
        CmpOp::NotEq => "!=",
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        CmpOp::Is => "is",
        CmpOp::IsNot => "is-not",
        CmpOp::In => "in",
        CmpOp::NotIn => "not-in",
    }
}

fn list(items: &[Expr]) -> String {
    items.iter().map(sx).collect::<Vec<_>>().join(" ")
}

fn opt(e: &Option<Box<Expr>>) -> String {
    e.as_deref().map_or_else(|| "_".to_string(), sx)
}

fn comps(gens: &[Comprehension]) -> String {
    gens.iter()
        .map(|g| {
            let mut s = format!(
                "({}for {} {}",
                if g.is_async { "async " } else { "" },
                sx(&g.target),
                sx(&g.iter)
            );
            for cond in &g.ifs {
                s.push_str(&format!(" if {}", sx(cond)));
            }
            s.push(')');
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn parts(ps: &[FStringPart]) -> String {
    ps.iter()
        .map(|p| match p {
            FStringPart::Literal(s) => q(s),
            FStringPart::Field {
                value,
                conversion,
                format_spec,
            } => {
                let conv = conversion.map_or(String::new(), |c| format!(" !{c}"));
                let spec = if format_spec.is_empty() {
                    String::new()
                } else {
                    format!(" :{}", parts(format_spec))
                };
                format!("{{{}{conv}{spec}}}", sx(value))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn params(p: &Params) -> String {
    let mut out = Vec::new();
    for (i, a) in p.args.iter().enumerate() {
        if i == p.posonly_count && p.posonly_count > 0 {
            out.push("/".to_string());
        }
        out.push(match &a.default {
            Some(d) => format!("{}={}", a.name, sx(d)),
            None => a.name.clone(),
        });
    }
    if p.posonly_count == p.args.len() && p.posonly_count > 0 {
        out.push("/".to_string());
    }
    if let Some(v) = &p.vararg {
        out.push(format!("*{v}"));
    } else if !p.kwonly.is_empty() {
        out.push("*".to_string());
    }
    for a in &p.kwonly {
        out.push(match &a.default {
            Some(d) => format!("{}={}", a.name, sx(d)),
            None => a.name.clone(),
        });
    }
    if let Some(k) = &p.kwarg {
        out.push(format!("**{k}"));
    }
    out.join(",")
}

/// A string quoted the way the CPython-side dumper quotes it: printable ASCII as itself,
/// everything else as `\u{hex}`.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (' '..='~').contains(&c) && c != '\\' && c != '"' {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    out.push('"');
    out
}

std::thread_local! {
    /// Whether `sx` appends `@line` to every node (for the comparison with CPython).
    static WITH_LINES: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

/// A compact S-expression rendering, so tests can state tree shapes in one line.
fn sx(e: &Expr) -> String {
    let s = sx_node(e);
    if WITH_LINES.with(|w| w.get()) {
        format!("{s}@{}", e.line)
    } else {
        s
    }
}

fn sx_node(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Name(n) => n.clone(),
        ExprKind::Constant(c) => match c {
            Constant::None => "None".into(),
            Constant::True => "True".into(),
            Constant::False => "False".into(),
            Constant::Ellipsis => "...".into(),
            Constant::Int(v) => format!("{v}"),
            Constant::BigInt(d) => format!("big:{d}"),
            Constant::Float(v) => format!("{v:?}"),
            Constant::Imaginary(v) => format!("{v:?}j"),
            Constant::Str(s) => q(s),
            Constant::Bytes(b) => format!(
                "b{}",
                q(&b.iter().map(|&c| char::from(c)).collect::<String>())
            ),
        },
        ExprKind::BinOp { left, op, right } => format!("({} {} {})", bin(*op), sx(left), sx(right)),
        ExprKind::UnaryOp { op, operand } => {
            let o = match op {
                UnaryOp::Invert => "~",
                UnaryOp::Not => "not",
                UnaryOp::UAdd => "+",
                UnaryOp::USub => "-",
            };
            format!("({o} {})", sx(operand))
        }
        ExprKind::BoolOp { op, values } => {
            format!(
                "({} {})",
                if *op == BoolOp::And { "and" } else { "or" },
                list(values)
            )
        }
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => {
            let mut s = format!("(cmp {}", sx(left));
            for (o, c) in ops.iter().zip(comparators) {
                s.push_str(&format!(" {} {}", cmp(*o), sx(c)));
            }
            s + ")"
        }
        ExprKind::NamedExpr { target, value } => format!("(:= {target} {})", sx(value)),
        ExprKind::Lambda { params: p, body } => format!("(lambda {} {})", params(p), sx(body)),
        ExprKind::IfExp { test, body, orelse } => {
            format!("(if {} {} {})", sx(test), sx(body), sx(orelse))
        }
        ExprKind::Dict { keys, values } => {
            let items: Vec<String> = keys
                .iter()
                .zip(values)
                .map(|(k, v)| match k {
                    Some(k) => format!("{}:{}", sx(k), sx(v)),
                    None => format!("**{}", sx(v)),
                })
                .collect();
            format!("{{dict {}}}", items.join(" "))
        }
        ExprKind::Set(items) => format!("{{set {}}}", list(items)),
        ExprKind::ListComp { elt, generators } => {
            format!("[listcomp {} {}]", sx(elt), comps(generators))
        }
        ExprKind::SetComp { elt, generators } => {
            format!("{{setcomp {} {}}}", sx(elt), comps(generators))
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            format!(
                "{{dictcomp {}:{} {}}}",
                sx(key),
                sx(value),
                comps(generators)
            )
        }
        ExprKind::GeneratorExp { elt, generators } => {
            format!("(genexp {} {})", sx(elt), comps(generators))
        }
        ExprKind::Await(v) => format!("(await {})", sx(v)),
        ExprKind::Yield(v) => format!("(yield {})", opt(v)),
        ExprKind::YieldFrom(v) => format!("(yield-from {})", sx(v)),
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            let mut s = format!("(call {}", sx(func));
            for a in args {
                s.push_str(&format!(" {}", sx(a)));
            }
            for k in keywords {
                match &k.name {
                    Some(n) => s.push_str(&format!(" {n}={}", sx(&k.value))),
                    None => s.push_str(&format!(" **{}", sx(&k.value))),
                }
            }
            s + ")"
        }
        ExprKind::FString(ps) => format!("(f {})", parts(ps)),
        ExprKind::Attribute { value, attr } => format!("(. {} {attr})", sx(value)),
        ExprKind::Subscript { value, index } => format!("([] {} {})", sx(value), sx(index)),
        ExprKind::Starred(v) => format!("(* {})", sx(v)),
        ExprKind::List(items) => format!("[list {}]", list(items)),
        ExprKind::Tuple(items) => format!("(tuple {})", list(items)),
        ExprKind::Slice { lower, upper, step } => {
            format!("(slice {} {} {})", opt(lower), opt(upper), opt(step))
        }
    }
}

fn sxe(src: &str) -> String {
    sx(&e(src))
}

/// The one statement of `src`.
fn one(src: &str) -> StmtKind {
    let mut body = m(src);
    assert_eq!(body.len(), 1, "{src:?}: {body:?}");
    body.remove(0).kind
}

/// The expression of a one-line expression statement, rendered.
fn sxs(src: &str) -> String {
    match one(src) {
        StmtKind::Expr(x) => sx(&x),
        other => panic!("{src:?}: {other:?}"),
    }
}

// --- Lexer -------------------------------------------------------------------------------------

#[test]
fn numbers() {
    assert_eq!(sxe("0"), "0");
    assert_eq!(sxe("00"), "0");
    assert_eq!(sxe("0_0"), "0");
    assert_eq!(sxe("1_000_000"), "1000000");
    assert_eq!(sxe("0xff"), "255");
    assert_eq!(sxe("0XFF"), "255");
    assert_eq!(sxe("0x_f_f"), "255");
    assert_eq!(sxe("0o17"), "15");
    assert_eq!(sxe("0O17"), "15");
    assert_eq!(sxe("0b101"), "5");
    assert_eq!(sxe("0B1_01"), "5");
    assert_eq!(sxe("9223372036854775807"), "9223372036854775807");
    assert_eq!(sxe("9223372036854775808"), "big:9223372036854775808");
    assert_eq!(
        sxe("123456789012345678901234567890"),
        "big:123456789012345678901234567890"
    );
    assert_eq!(
        sxe("0xffffffffffffffffffff"),
        "big:1208925819614629174706175"
    );
    assert_eq!(sxe("0o7777777777777777777777"), "big:73786976294838206463");
    assert_eq!(
        sxe(&format!("0b{}", "1".repeat(64))),
        "big:18446744073709551615"
    );
    assert_eq!(sxe("0x1_0000_0000_0000_0000"), "big:18446744073709551616");
    assert_eq!(
        sxe("1_000_000_000_000_000_000_000"),
        "big:1000000000000000000000"
    );
    assert_eq!(sxe("1."), "1.0");
    assert_eq!(sxe(".5"), "0.5");
    assert_eq!(sxe("1e10"), "10000000000.0");
    assert_eq!(sxe("1E-3"), "0.001");
    assert_eq!(sxe("1_000.5"), "1000.5");
    assert_eq!(sxe("1.5e+2"), "150.0");
    assert_eq!(sxe("1.e2"), "100.0");
    assert_eq!(sxe("1j"), "1.0j");
    assert_eq!(sxe("1.5J"), "1.5j");
    assert_eq!(sxe("0j"), "0.0j");
    assert_eq!(sxe("1e3j"), "1000.0j");
    assert_eq!(sxe("1 .real"), "(. 1 real)");
}

#[test]
fn bad_numbers() {
    fails("x = 012\n", "leading zeros", 1);
    fails("x = 0_7\n", "leading zeros", 1);
    fails("x = 1_\n", "invalid decimal literal", 1);
    fails("x = 1__0\n", "invalid decimal literal", 1);
    fails("x = 1._5\n", "invalid decimal literal", 1);
    fails("x = 1e\n", "invalid decimal literal", 1);
    fails("x = 1e_5\n", "invalid decimal literal", 1);
    fails("x = 0x\n", "invalid hexadecimal literal", 1);
    fails("x = 0xg\n", "invalid hexadecimal literal", 1);
    fails("x = 0b12\n", "invalid binary literal", 1);
    fails("x = 0o8\n", "invalid octal literal", 1);
    fails("x = 0x_\n", "invalid hexadecimal literal", 1);
    fails("x = 1abc\n", "invalid decimal literal", 1);
}

#[test]
fn strings_and_escapes() {
    assert_eq!(sxe(r#"'a' "b""#), "\"ab\"");
    assert_eq!(
        sxe(r#"'\n\t\\\'\"\a\b\f\v\r\0'"#),
        q("\n\t\\'\"\x07\x08\x0c\x0b\r\0")
    );
    assert_eq!(sxe(r"'\101\x41\u0041\U00000041'"), "\"AAAA\"");
    assert_eq!(sxe(r"'\777'"), q("\u{1ff}"));
    assert_eq!(sxe(r"'\q\d'"), q("\\q\\d"));
    assert_eq!(sxe(r"'\u00e9'"), q("é"));
    assert_eq!(sxe("'é€'"), q("é€"));
    assert_eq!(sxe(r"r'\n\''"), q("\\n\\'"));
    assert_eq!(sxe(r"R'\d'"), q("\\d"));
    assert_eq!(sxe(r"u'x'"), "\"x\"");
    assert_eq!(
        sxe(r"b'a\x00\xff\n'"),
        format!(
            "b{}",
            q(&b"a\x00\xff\n"
                .iter()
                .map(|&c| char::from(c))
                .collect::<String>())
        )
    );
    assert_eq!(sxe(r"b'\u0041'"), format!("b{}", q("\\u0041")));
    assert_eq!(sxe(r"rb'\n' Br'\t' b'x'"), format!("b{}", q("\\n\\tx")));
    assert_eq!(sxe("'''a\nb'''"), q("a\nb"));
    assert_eq!(sxe("\"\"\"a\"b\"\"c\"\"\""), q("a\"b\"\"c"));
    assert_eq!(sxe("'a\\\nb'"), "\"ab\"");
    assert_eq!(sxe("''"), "\"\"");
    assert_eq!(sxe("''''''"), "\"\"");
    match e(r"b'\x80'").kind {
        ExprKind::Constant(Constant::Bytes(b)) => assert_eq!(b, vec![0x80]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_strings() {
    fails("x = 'abc\n", "unterminated string literal", 1);
    fails(
        "x = 1\ny = '''abc\n\ndef\n",
        "unterminated triple-quoted string literal",
        2,
    );
    fails(
        "x = 'a' b'b'\n",
        "cannot mix bytes and nonbytes literals",
        1,
    );
    fails(
        "x = b'a' 'b'\n",
        "cannot mix bytes and nonbytes literals",
        1,
    );
    fails("x = b'é'\n", "bytes can only contain ASCII", 1);
    fails(r"x = '\x4'", "truncated \\xXX", 1);
    fails(r"x = '\u12'", "truncated \\uXXXX", 1);
    fails(r"x = '\U00110000'", "illegal Unicode character", 1);
    fails("x = 'a'\\\n'b\n", "unterminated string literal", 2);
}

#[test]
fn layout() {
    let body = m("if x:\n    a\n    if y:\n        b\n\n  # comment\n    c\nd\n");
    assert_eq!(body.len(), 2);
    // A tab goes to the next multiple of 8, consistently with spaces.
    assert_eq!(m("if x:\n\tif y:\n\t\tb\n\tc\n").len(), 1);
    assert_eq!(m("if x:\n  \ta\n  \tb\n").len(), 1);
    let body = m("if x:\r\n    a\r\nb\r\n");
    assert_eq!(body.len(), 2);
    assert_eq!(body[1].line, 3);
    // No trailing newline.
    assert_eq!(m("if x:\n    a").len(), 1);
    assert_eq!(m("x = (1,\n  2,\n     3)\ny = 2").len(), 2);
    assert_eq!(m("x = 1 + \\\n    2\ny = 3")[1].line, 3);
    assert_eq!(m("# only a comment").len(), 0);
    assert_eq!(m("").len(), 0);
    assert_eq!(m("\n\n   \n").len(), 0);
    assert_eq!(m("\u{feff}x = 1\n").len(), 1);
    assert_eq!(m("if x:\n    a\n  \n    # c\n    b\n").len(), 1);
    assert_eq!(m("x = 1; y = 2;\n").len(), 2);
    assert_eq!(m("x = 1\n\x0c\ny = 2\n").len(), 2);
}

#[test]
fn layout_errors() {
    let got = err("if x:\n    a\n  b\n");
    assert_eq!(got.kind, SyntaxErrorKind::IndentationError);
    assert_eq!(
        got.message,
        "unindent doesn't match any outer indentation level"
    );
    assert_eq!(got.line, 3);
    let got = err("x = 1\n    y = 2\n");
    assert_eq!(got.kind, SyntaxErrorKind::IndentationError);
    assert_eq!(got.message, "unexpected indent");
    assert_eq!(got.line, 2);
    // Ambiguous mixes of tabs and spaces are a TabError (an IndentationError).
    let got = err("if x:\n    a\n\tb\n");
    assert_eq!((got.kind, got.line), (SyntaxErrorKind::IndentationError, 3));
    assert_eq!(
        got.message,
        "inconsistent use of tabs and spaces in indentation"
    );
    fails("if x:\n        a\n\tb\n", "inconsistent use of tabs", 3);
    let got = err("if x:\ny = 2\n");
    assert_eq!(got.kind, SyntaxErrorKind::IndentationError);
    assert!(got.message.starts_with("expected an indented block"));
    assert_eq!(got.line, 2);
    let got = err("def f():\n");
    assert_eq!(got.kind, SyntaxErrorKind::IndentationError);
    fails("x = (1,\n2\n", "'(' was never closed", 1);
    fails("x = [1,\n2)\n", "does not match", 2);
    fails("x = 1)\n", "unmatched ')'", 1);
    fails(
        "x = 1 \\ 2\n",
        "unexpected character after line continuation",
        1,
    );
    fails("x = $\n", "invalid syntax", 1);
    fails("x = 1 € 2\n", "invalid character '€' (U+20AC)", 1);
}

#[test]
fn identifiers() {
    assert_eq!(sxe("_x1 + été"), "(+ _x1 été)");
    assert_eq!(sxe("matchx"), "matchx");
}

#[test]
fn error_columns() {
    let got = err("x = 1\nfoo(a b)\n");
    assert_eq!((got.line, got.column), (2, 5));
    let got = err("s = 'é' + 'é' $\n");
    assert_eq!((got.line, got.column), (1, 15));
    // Inside an f-string field, columns still count from the start of the line.
    let got = err("x = f'{a b}'\n");
    assert_eq!((got.line, got.column), (1, 10));
    let got = err("x = 1\ns = f\"\"\"\n  {a +}\"\"\"\n");
    assert_eq!((got.line, got.column), (3, 7));
}

// --- Expressions -------------------------------------------------------------------------------

#[test]
fn precedence() {
    assert_eq!(sxe("1 + 2 * 3"), "(+ 1 (* 2 3))");
    assert_eq!(sxe("1 - 2 - 3"), "(- (- 1 2) 3)");
    assert_eq!(sxe("2 ** 3 ** 2"), "(** 2 (** 3 2))");
    assert_eq!(sxe("-2 ** 2"), "(- (** 2 2))");
    assert_eq!(sxe("2 ** -1"), "(** 2 (- 1))");
    assert_eq!(sxe("-x.y ** -z[0]"), "(- (** (. x y) (- ([] z 0))))");
    assert_eq!(sxe("~-+x"), "(~ (- (+ x)))");
    assert_eq!(
        sxe("a | b ^ c & d << e + f * g"),
        "(| a (^ b (& c (<< d (+ e (* f g))))))"
    );
    assert_eq!(
        sxe("a * b / c // d % e @ f"),
        "(@ (% (// (/ (* a b) c) d) e) f)"
    );
    assert_eq!(sxe("a << b >> c"), "(>> (<< a b) c)");
    assert_eq!(sxe("not a == b"), "(not (cmp a == b))");
    assert_eq!(sxe("not not a"), "(not (not a))");
    assert_eq!(sxe("a or b and not c"), "(or a (and b (not c)))");
    assert_eq!(sxe("a or b or c"), "(or a b c)");
    assert_eq!(sxe("a and b and c or d"), "(or (and a b c) d)");
    assert_eq!(sxe("a < b <= c"), "(cmp a < b <= c)");
    assert_eq!(
        sxe("a is not b not in c in d != e > f >= g == h is i"),
        "(cmp a is-not b not-in c in d != e > f >= g == h is i)"
    );
    assert_eq!(sxe("a | b < c & d"), "(cmp (| a b) < (& c d))");
    assert_eq!(sxe("a if b else c if d else e"), "(if b a (if d c e))");
    assert_eq!(sxe("a or b if c and d else e"), "(if (and c d) (or a b) e)");
    assert_eq!(sxe("lambda: a if b else c"), "(lambda  (if b a c))");
    assert_eq!(
        sxe("lambda x, y=1: lambda z: x + y + z"),
        "(lambda x,y=1 (lambda z (+ (+ x y) z)))"
    );
    assert_eq!(sxe("lambda *a, k, **kw: 0"), "(lambda *a,k,**kw 0)");
    assert_eq!(sxe("lambda a, /, b, *, c=2: 0"), "(lambda a,/,b,*,c=2 0)");
    assert_eq!(sxe("(1)"), "1");
    assert_eq!(sxe("((a + b)) * c"), "(* (+ a b) c)");
    assert_eq!(sxe("-(1)"), "(- 1)");
    assert_eq!(sxe("x.y.z"), "(. (. x y) z)");
    assert_eq!(sxe("f(x)(y)[z].w"), "(. ([] (call (call f x) y) z) w)");
}

#[test]
fn await_precedence() {
    let body = m("async def f():\n    return await a ** 2, -await b.c()\n");
    let StmtKind::FunctionDef(def) = &body[0].kind else {
        panic!()
    };
    let StmtKind::Return(Some(v)) = &def.body[0].kind else {
        panic!()
    };
    assert_eq!(sx(v), "(tuple (** (await a) 2) (- (await (call (. b c)))))");
}

#[test]
fn displays() {
    assert_eq!(sxe("()"), "(tuple )");
    assert_eq!(sxe("(1,)"), "(tuple 1)");
    assert_eq!(sxe("1,"), "(tuple 1)");
    assert_eq!(sxe("1, 2"), "(tuple 1 2)");
    assert_eq!(sxe("(1, 2,)"), "(tuple 1 2)");
    assert_eq!(sxe("[]"), "[list ]");
    assert_eq!(sxe("[1, *a, *b,]"), "[list 1 (* a) (* b)]");
    assert_eq!(sxe("{}"), "{dict }");
    assert_eq!(sxe("{1: 2, **d, 'k': v,}"), "{dict 1:2 **d \"k\":v}");
    assert_eq!(sxe("{**a, **b}"), "{dict **a **b}");
    assert_eq!(sxe("{1}"), "{set 1}");
    assert_eq!(sxe("{1, *s, 2,}"), "{set 1 (* s) 2}");
    assert_eq!(sxe("(*a, b)"), "(tuple (* a) b)");
    assert_eq!(sxe("..."), "...");
    assert_eq!(sxe("None, True, False"), "(tuple None True False)");
}

#[test]
fn comprehensions() {
    assert_eq!(sxe("[x for x in y]"), "[listcomp x (for x y)]");
    assert_eq!(
        sxe("[x * y for x in a if x if x > 1 for y in b if y]"),
        "[listcomp (* x y) (for x a if x if (cmp x > 1)) (for y b if y)]"
    );
    assert_eq!(sxe("{x for x, in y}"), "{setcomp x (for (tuple x) y)}");
    assert_eq!(
        sxe("{k: v for k, v in d.items()}"),
        "{dictcomp k:v (for (tuple k v) (call (. d items)))}"
    );
    assert_eq!(
        sxe("(x for *a, b in c)"),
        "(genexp x (for (tuple (* a) b) c))"
    );
    assert_eq!(
        sxe("[y for x in data if (y := f(x))]"),
        "[listcomp y (for x data if (:= y (call f x)))]"
    );
    assert_eq!(
        sxe("[x for x in a or b if not x]"),
        "[listcomp x (for x (or a b) if (not x))]"
    );
    assert_eq!(
        sxe("[lambda: x for x in y]"),
        "[listcomp (lambda  x) (for x y)]"
    );
    assert_eq!(
        sxe("[x if c else y for x in z]"),
        "[listcomp (if c x y) (for x z)]"
    );
    let body = m("async def f():\n    return [x async for x in y]\n");
    let StmtKind::FunctionDef(def) = &body[0].kind else {
        panic!()
    };
    let StmtKind::Return(Some(v)) = &def.body[0].kind else {
        panic!()
    };
    assert_eq!(sx(v), "[listcomp x (async for x y)]");
}

#[test]
fn calls() {
    assert_eq!(sxe("f()"), "(call f)");
    assert_eq!(sxe("f(a, b,)"), "(call f a b)");
    assert_eq!(
        sxe("f(a, *b, c, k=1, *d, **e, z=2)"),
        "(call f a (* b) c (* d) k=1 **e z=2)"
    );
    assert_eq!(sxe("f(x for x in y)"), "(call f (genexp x (for x y)))");
    assert_eq!(
        sxe("f((x for x in y), 1)"),
        "(call f (genexp x (for x y)) 1)"
    );
    assert_eq!(sxe("print(*x)"), "(call print (* x))");
    assert_eq!(sxe("f(a := 1)"), "(call f (:= a 1))");
    assert_eq!(sxe("f(a == 1)"), "(call f (cmp a == 1))");
    assert_eq!(
        sxe("f(lambda x: x, key=lambda y: -y)"),
        "(call f (lambda x x) key=(lambda y (- y)))"
    );
}

#[test]
fn call_errors() {
    fails(
        "f(a=1, b)\n",
        "positional argument follows keyword argument",
        1,
    );
    fails(
        "f(**a, b)\n",
        "positional argument follows keyword argument unpacking",
        1,
    );
    fails(
        "f(**a, *b)\n",
        "iterable argument unpacking follows keyword argument unpacking",
        1,
    );
    fails("f(a=1, a=2)\n", "keyword argument repeated: a", 1);
    fails(
        "f(x for x in y, 1)\n",
        "Generator expression must be parenthesized",
        1,
    );
    fails(
        "f(1, x for x in y)\n",
        "Generator expression must be parenthesized",
        1,
    );
    fails("f(a.b=1)\n", "expression cannot contain assignment", 1);
    fails("f(1 2)\n", "invalid syntax", 1);
}

#[test]
fn subscripts() {
    assert_eq!(sxe("a[i]"), "([] a i)");
    assert_eq!(sxe("a[i:j:k]"), "([] a (slice i j k))");
    assert_eq!(sxe("a[::2]"), "([] a (slice _ _ 2))");
    assert_eq!(sxe("a[:]"), "([] a (slice _ _ _))");
    assert_eq!(sxe("a[1:]"), "([] a (slice 1 _ _))");
    assert_eq!(sxe("a[:-1]"), "([] a (slice _ (- 1) _))");
    assert_eq!(sxe("a[::]"), "([] a (slice _ _ _))");
    assert_eq!(sxe("a[1:2, 3]"), "([] a (tuple (slice 1 2 _) 3))");
    assert_eq!(sxe("a[x, y]"), "([] a (tuple x y))");
    assert_eq!(sxe("a[x,]"), "([] a (tuple x))");
    assert_eq!(sxe("a[b][c]"), "([] ([] a b) c)");
    assert_eq!(sxe("a[*b]"), "([] a (tuple (* b)))");
    assert_eq!(sxe("a[*b, c]"), "([] a (tuple (* b) c))");
    assert_eq!(sxe("a[b:=1]"), "([] a (:= b 1))");
}

#[test]
fn walrus() {
    assert_eq!(sxe("(n := 10)"), "(:= n 10)");
    assert_eq!(sxe("[y := 1, y]"), "[list (:= y 1) y]");
    assert!(matches!(
        one("if (n := len(a)) > 3: pass\n"),
        StmtKind::If { .. }
    ));
    assert!(matches!(
        one("while (line := f()): pass\n"),
        StmtKind::While { .. }
    ));
    assert!(matches!(one("if n := 3: pass\n"), StmtKind::If { .. }));
    err("x := 1\n");
    err("(a.b := 1)\n");
    err("{x := 1: 2}\n");
    assert_eq!(sxe("{(x := 1): 2}"), "{dict (:= x 1):2}");
}

#[test]
fn fstrings() {
    assert_eq!(sxe("f'a{x}b'"), "(f \"a\" {x} \"b\")");
    assert_eq!(sxe("f''"), "(f )");
    assert_eq!(sxe("f'{x!r}{y!s}{z!a}'"), "(f {x !r} {y !s} {z !a})");
    assert_eq!(sxe("f'{x:>10}'"), "(f {x :\">10\"})");
    assert_eq!(sxe("f'{x:{w}.{p}f}'"), "(f {x :{w} \".\" {p} \"f\"})");
    assert_eq!(sxe("f'{{a}} {{ }}'"), "(f \"{a} { }\")");
    assert_eq!(sxe("f'{x=}'"), "(f \"x=\" {x !r})");
    assert_eq!(sxe("f'{x = }'"), "(f \"x = \" {x !r})");
    assert_eq!(sxe("f'{x=:.2f}'"), "(f \"x=\" {x :\".2f\"})");
    assert_eq!(sxe("f'{x=!s}'"), "(f \"x=\" {x !s})");
    assert_eq!(
        sxe("f'{a == b}{a != b}{a <= b}{a >= b}'"),
        "(f {(cmp a == b)} {(cmp a != b)} {(cmp a <= b)} {(cmp a >= b)})"
    );
    assert_eq!(sxe("f'{d[\"k\"]}'"), "(f {([] d \"k\")})");
    assert_eq!(sxe("f\"{d['}']}\""), "(f {([] d \"}\")})");
    assert_eq!(
        sxe("f'{ {\"a\": 1}[\"a\"] }'"),
        "(f {([] {dict \"a\":1} \"a\")})"
    );
    assert_eq!(sxe("f'{ {1, 2} }'"), "(f {{set 1 2}})");
    assert_eq!(sxe("f'{(lambda: 1)()}'"), "(f {(call (lambda  1))})");
    assert_eq!(sxe("f'{1, 2}'"), "(f {(tuple 1 2)})");
    assert_eq!(sxe("'a' f'{x}' 'b' f'c'"), "(f \"a\" {x} \"bc\")");
    assert_eq!(
        sxe("f'\\n{x}\\t'"),
        format!("(f {} {{x}} {})", q("\n"), q("\t"))
    );
    assert_eq!(sxe("rf'\\n{x}'"), format!("(f {} {{x}})", q("\\n")));
    assert_eq!(sxe("F'{x}' FR'{y}'"), "(f {x} {y})");
    assert_eq!(sxe("f'{x:%H:%M}'"), "(f {x :\"%H:%M\"})");
    assert_eq!(sxe("f'{x!r:^{w}}'"), "(f {x !r :\"^\" {w}})");
    assert_eq!(sxe("f'{3.14:.1f}'"), "(f {3.14 :\".1f\"})");
    assert_eq!(sxe("f'{a if b else c}'"), "(f {(if b a c)})");
    assert_eq!(sxe("f'''{\n x\n}'''"), "(f {x})");
    // Field expressions get the line they are on.
    let body = m("x = 1\ns = f'''a\nb {y} c\n{z}'''\n");
    let StmtKind::Assign { value, .. } = &body[1].kind else {
        panic!()
    };
    assert_eq!(value.line, 2);
    let ExprKind::FString(ps) = &value.kind else {
        panic!()
    };
    let lines: Vec<u32> = ps
        .iter()
        .filter_map(|p| match p {
            FStringPart::Field { value, .. } => Some(value.line),
            FStringPart::Literal(_) => None,
        })
        .collect();
    assert_eq!(lines, vec![3, 4]);
}

#[test]
fn fstring_errors() {
    fails("f'{}'\n", "empty expression", 1);
    fails("f'{ }'\n", "empty expression", 1);
    fails("f'}'\n", "single '}'", 1);
    fails("f'{x'\n", "expecting '}'", 1);
    fails("f'{x!z}'\n", "invalid conversion character", 1);
    fails("f'{x:{y:{z}}}'\n", "nested too deeply", 1);
    fails("f'{a b}'\n", "invalid syntax", 1);
    fails("x = 1\nf'{\\'a\\'}'\n", "backslash", 2);
    fails("f'{x#}'\n", "'#'", 1);
    fails("f'a' b'b'\n", "cannot mix", 1);
}

// --- Statements --------------------------------------------------------------------------------

fn assign(src: &str) -> (Vec<String>, String) {
    match one(src) {
        StmtKind::Assign { targets, value } => (targets.iter().map(sx).collect(), sx(&value)),
        other => panic!("{src:?}: {other:?}"),
    }
}

#[test]
fn assignments() {
    assert_eq!(
        assign("a = b = 1"),
        (vec!["a".into(), "b".into()], "1".into())
    );
    assert_eq!(
        assign("*a, b = c"),
        (vec!["(tuple (* a) b)".into()], "c".into())
    );
    assert_eq!(
        assign("a, (b, [c, *d]) = x"),
        (
            vec!["(tuple a (tuple b [list c (* d)]))".into()],
            "x".into()
        )
    );
    assert_eq!(
        assign("a.b, c[0], d[1:2] = 1, 2, 3"),
        (
            vec!["(tuple (. a b) ([] c 0) ([] d (slice 1 2 _)))".into()],
            "(tuple 1 2 3)".into()
        )
    );
    assert_eq!(assign("(a) = 1"), (vec!["a".into()], "1".into()));
    assert_eq!(
        assign("[a, b] = 1, 2"),
        (vec!["[list a b]".into()], "(tuple 1 2)".into())
    );
    assert_eq!(
        assign("x = *a, b"),
        (vec!["x".into()], "(tuple (* a) b)".into())
    );
    let ops = [
        "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "<<=", ">>=", "|=", "^=", "&=",
    ];
    let want = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mult,
        BinOp::Div,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::MatMult,
        BinOp::LShift,
        BinOp::RShift,
        BinOp::BitOr,
        BinOp::BitXor,
        BinOp::BitAnd,
    ];
    for (text, op) in ops.iter().zip(want) {
        match one(&format!("x.y {text} 2\n")) {
            StmtKind::AugAssign {
                target,
                op: got,
                value,
            } => {
                assert_eq!(
                    (sx(&target), got, sx(&value)),
                    ("(. x y)".into(), op, "2".into())
                );
            }
            other => panic!("{other:?}"),
        }
    }
    match one("x: int = 5\n") {
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => {
            assert_eq!(
                (sx(&target), sx(&annotation), value.map(|v| sx(&v))),
                ("x".into(), "int".into(), Some("5".into()))
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        one("a.b: list[int]\n"),
        StmtKind::AnnAssign { value: None, .. }
    ));
}

#[test]
fn bad_targets() {
    fails("f() = 1\n", "cannot assign to function call", 1);
    fails("1 = x\n", "cannot assign to literal", 1);
    fails("a + b = c\n", "cannot assign to expression", 1);
    fails(
        "x = 1\na, f() = 1, 2\n",
        "cannot assign to function call",
        2,
    );
    fails("None = 1\n", "cannot assign to None", 1);
    fails("del f()\n", "cannot delete function call", 1);
    fails("del *a\n", "cannot delete starred", 1);
    fails("for f() in x: pass\n", "cannot assign to function call", 1);
    fails("with a as f(): pass\n", "cannot assign to function call", 1);
    fails("[x for 1 in y]\n", "cannot assign to literal", 1);
    fails(
        "*a = b\n",
        "starred assignment target must be in a list or tuple",
        1,
    );
    fails("*a, *b = c\n", "multiple starred expressions", 1);
    fails(
        "f() += 1\n",
        "illegal expression for augmented assignment",
        1,
    );
    fails(
        "a, b += 1\n",
        "illegal expression for augmented assignment",
        1,
    );
    fails("a, b: int\n", "only single target", 1);
    fails("x = 1 = y\n", "cannot assign to literal", 1);
}

#[test]
fn simple_statements() {
    assert!(matches!(one("pass"), StmtKind::Pass));
    match one("del a, b.c, d[0], (e, f)\n") {
        StmtKind::Delete(ts) => assert_eq!(
            ts.iter().map(sx).collect::<Vec<_>>(),
            ["a", "(. b c)", "([] d 0)", "(tuple e f)"]
        ),
        other => panic!("{other:?}"),
    }
    match one("del (a, b)\n") {
        StmtKind::Delete(ts) => assert_eq!(ts.len(), 1),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        one("raise"),
        StmtKind::Raise {
            exc: None,
            cause: None
        }
    ));
    assert!(matches!(
        one("raise E from None"),
        StmtKind::Raise {
            exc: Some(_),
            cause: Some(_)
        }
    ));
    assert!(matches!(
        one("assert x, 'msg'"),
        StmtKind::Assert { msg: Some(_), .. }
    ));
    assert!(matches!(
        one("assert x"),
        StmtKind::Assert { msg: None, .. }
    ));
    assert_eq!(
        one("global a, b"),
        StmtKind::Global(vec!["a".into(), "b".into()])
    );
    assert_eq!(m("x = 1; y = 2; print(x)\n").len(), 3);
    assert_eq!(sxs("x;"), "x");
}

#[test]
fn imports() {
    assert_eq!(
        one("import a.b as c, d\n"),
        StmtKind::Import(vec![
            Alias {
                name: "a.b".into(),
                asname: Some("c".into())
            },
            Alias {
                name: "d".into(),
                asname: None
            }
        ])
    );
    assert_eq!(
        one("from . import x\n"),
        StmtKind::ImportFrom {
            module: None,
            names: vec![Alias {
                name: "x".into(),
                asname: None
            }],
            level: 1,
            star: false
        }
    );
    assert_eq!(
        one("from ..pkg import (a, b as c,)\n"),
        StmtKind::ImportFrom {
            module: Some("pkg".into()),
            names: vec![
                Alias {
                    name: "a".into(),
                    asname: None
                },
                Alias {
                    name: "b".into(),
                    asname: Some("c".into())
                }
            ],
            level: 2,
            star: false
        }
    );
    assert_eq!(
        one("from m import *\n"),
        StmtKind::ImportFrom {
            module: Some("m".into()),
            names: vec![],
            level: 0,
            star: true
        }
    );
    assert!(matches!(
        one("from ....a.b import c\n"),
        StmtKind::ImportFrom { level: 4, .. }
    ));
    fails("from m import a,\n", "trailing comma", 1);
    err("from import x\n");
    err("import\n");
}

#[test]
fn context_errors() {
    fails("break\n", "'break' outside loop", 1);
    fails("x = 1\ncontinue\n", "'continue' not properly in loop", 2);
    fails("return 1\n", "'return' outside function", 1);
    fails("class C:\n    return\n", "'return' outside function", 2);
    fails("yield 1\n", "'yield' outside function", 1);
    fails("x = yield\n", "'yield' outside function", 1);
    fails(
        "nonlocal x\n",
        "nonlocal declaration not allowed at module level",
        1,
    );
    fails("await x\n", "'await' outside function", 1);
    fails(
        "def f():\n    await x\n",
        "'await' outside async function",
        2,
    );
    fails(
        "def f():\n    async for x in y: pass\n",
        "'async for' outside async function",
        2,
    );
    fails(
        "def f():\n    async with x: pass\n",
        "'async with' outside async function",
        2,
    );
    fails(
        "while x:\n    def f():\n        break\n",
        "'break' outside loop",
        3,
    );
    fails(
        "for x in y:\n    pass\nelse:\n    break\n",
        "'break' outside loop",
        4,
    );
    fails(
        "def f():\n    lambda: (yield)\n    class C:\n        yield 1\n",
        "'yield' outside function",
        4,
    );
    m("def f():\n    nonlocal x\n");
    m("def f():\n    class C:\n        nonlocal x\n");
    m("while x:\n    if y:\n        break\n    else:\n        continue\n");
    m("for x in y:\n    try:\n        continue\n    finally:\n        break\n");
}

#[test]
fn functions() {
    let StmtKind::FunctionDef(def) =
        one("@a.b(1)\n@c\ndef f(a, b=1, *args, c, d=2, **kw) -> int:\n    return a\n")
    else {
        panic!()
    };
    assert_eq!(def.name, "f");
    assert_eq!(params(&def.params), "a,b=1,*args,c,d=2,**kw");
    assert_eq!(
        def.decorators.iter().map(sx).collect::<Vec<_>>(),
        ["(call (. a b) 1)", "c"]
    );
    assert_eq!(def.returns.as_ref().map(sx), Some("int".into()));
    assert!(!def.is_async);
    let StmtKind::FunctionDef(def) = one("def f(a, b, /, c, *, d, e=1,): pass\n") else {
        panic!()
    };
    assert_eq!(params(&def.params), "a,b,/,c,*,d,e=1");
    assert_eq!(def.params.posonly_count, 2);
    let StmtKind::FunctionDef(def) =
        one("def f(a: int, b: 'str' = 'x', *c: int, **d: dict): pass\n")
    else {
        panic!()
    };
    assert_eq!(
        def.params.args[0].annotation.as_ref().map(sx),
        Some("int".into())
    );
    assert_eq!(params(&def.params), "a,b=\"x\",*c,**d");
    let StmtKind::FunctionDef(def) = one("async def f():\n    await x\n") else {
        panic!()
    };
    assert!(def.is_async);
    let StmtKind::FunctionDef(def) = one("def f(a, /): pass\n") else {
        panic!()
    };
    assert_eq!(params(&def.params), "a,/");
    let StmtKind::FunctionDef(def) =
        one("def g():\n    x = yield\n    y = yield 1, 2\n    yield from z\n    return\n")
    else {
        panic!()
    };
    assert_eq!(def.body.len(), 4);
    let StmtKind::Assign { value, .. } = &def.body[1].kind else {
        panic!()
    };
    assert_eq!(sx(value), "(yield (tuple 1 2))");
    let StmtKind::Expr(v) = &def.body[2].kind else {
        panic!()
    };
    assert_eq!(sx(v), "(yield-from z)");
    let StmtKind::FunctionDef(def) = one("@property\nasync def f(): pass\n") else {
        panic!()
    };
    assert!(def.is_async && def.decorators.len() == 1);
    let StmtKind::FunctionDef(def) = one("@(lambda f: f)\ndef f(): pass\n") else {
        panic!()
    };
    assert_eq!(def.decorators.len(), 1);
}

#[test]
fn bad_functions() {
    fails(
        "def f(a, a): pass\n",
        "duplicate argument 'a' in function definition",
        1,
    );
    fails("def f(a, *, a): pass\n", "duplicate argument", 1);
    fails(
        "def f(a=1, b): pass\n",
        "non-default argument follows default argument",
        1,
    );
    fails("def f(*): pass\n", "named arguments must follow bare *", 1);
    fails(
        "def f(*, **k): pass\n",
        "named arguments must follow bare *",
        1,
    );
    fails(
        "def f(**k, a): pass\n",
        "arguments cannot follow var-keyword argument",
        1,
    );
    fails(
        "def f(*a, *b): pass\n",
        "* argument may appear only once",
        1,
    );
    fails("def f(/): pass\n", "invalid syntax", 1);
    fails("lambda a, a: 0\n", "duplicate argument", 1);
    m("def f(a=1, *, b): pass\n");
    m("def f(a=1, *b, c, d=2, e): pass\n");
}

#[test]
fn classes() {
    let StmtKind::ClassDef(c) =
        one("@dec\nclass C(A, B, metaclass=M, **kw):\n    x = 1\n    def f(self): pass\n")
    else {
        panic!()
    };
    assert_eq!(c.name, "C");
    assert_eq!(c.bases.iter().map(sx).collect::<Vec<_>>(), ["A", "B"]);
    assert_eq!(c.keywords.len(), 2);
    assert_eq!(c.keywords[0].name.as_deref(), Some("metaclass"));
    assert_eq!(c.body.len(), 2);
    assert_eq!(c.decorators.len(), 1);
    let StmtKind::ClassDef(c) = one("class C: pass\n") else {
        panic!()
    };
    assert!(c.bases.is_empty());
    let StmtKind::ClassDef(c) = one("class C(): pass\n") else {
        panic!()
    };
    assert!(c.bases.is_empty());
}

#[test]
fn control_flow() {
    let StmtKind::If { test, body, orelse } =
        one("if a:\n    x\nelif b:\n    y\nelif c: z\nelse:\n    w\n")
    else {
        panic!()
    };
    assert_eq!(sx(&test), "a");
    assert_eq!(body.len(), 1);
    assert_eq!(orelse.len(), 1);
    assert_eq!(orelse[0].line, 3);
    let StmtKind::If { orelse: inner, .. } = &orelse[0].kind else {
        panic!()
    };
    assert_eq!(inner[0].line, 5);
    let StmtKind::If { orelse: last, .. } = &inner[0].kind else {
        panic!()
    };
    assert_eq!(last.len(), 1);
    let StmtKind::While { orelse, .. } = one("while x:\n    pass\nelse:\n    pass\n") else {
        panic!()
    };
    assert_eq!(orelse.len(), 1);
    let StmtKind::For {
        target,
        iter,
        orelse,
        is_async,
        ..
    } = one("for a, (b, c) in x, y:\n    pass\nelse: pass\n")
    else {
        panic!()
    };
    assert_eq!(
        (sx(&target), sx(&iter), orelse.len(), is_async),
        (
            "(tuple a (tuple b c))".into(),
            "(tuple x y)".into(),
            1,
            false
        )
    );
    let StmtKind::For { target, .. } = one("for x, in y: pass\n") else {
        panic!()
    };
    assert_eq!(sx(&target), "(tuple x)");
    let StmtKind::If { body, .. } = one("if x: y; z\n") else {
        panic!()
    };
    assert_eq!(body.len(), 2);
}

#[test]
fn try_statements() {
    let src = "try:\n    a\nexcept (A, B) as e:\n    b\nexcept C:\n    c\nexcept:\n    d\nelse:\n    e\nfinally:\n    f\n";
    let StmtKind::Try {
        body,
        handlers,
        orelse,
        finalbody,
    } = one(src)
    else {
        panic!()
    };
    assert_eq!(
        (body.len(), handlers.len(), orelse.len(), finalbody.len()),
        (1, 3, 1, 1)
    );
    assert_eq!(
        handlers[0].type_.as_ref().map(sx),
        Some("(tuple A B)".into())
    );
    assert_eq!(handlers[0].name.as_deref(), Some("e"));
    assert_eq!(handlers[0].line, 3);
    assert!(handlers[2].type_.is_none());
    assert!(matches!(
        one("try:\n    a\nfinally:\n    b\n"),
        StmtKind::Try { .. }
    ));
    fails(
        "try:\n    a\nexcept:\n    b\nexcept E:\n    c\n",
        "default 'except:' must be last",
        5,
    );
    fails(
        "try:\n    a\nx = 1\n",
        "expected 'except' or 'finally' block",
        3,
    );
    fails(
        "try:\n    a\nexcept A, B:\n    pass\n",
        "multiple exception types must be parenthesized",
        3,
    );
}

#[test]
fn with_statements() {
    let StmtKind::With {
        items,
        body,
        is_async,
    } = one("with a as b, c, d() as (e, f):\n    pass\n")
    else {
        panic!()
    };
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].target.as_ref().map(sx), Some("b".into()));
    assert!(items[1].target.is_none());
    assert_eq!(items[2].target.as_ref().map(sx), Some("(tuple e f)".into()));
    assert_eq!((body.len(), is_async), (1, false));
    let StmtKind::With { items, .. } = one("with (open(a) as f, open(b) as g,):\n    pass\n")
    else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    let StmtKind::With { items, .. } = one("with (a, b):\n    pass\n") else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    let StmtKind::With { items, .. } = one("with (a, b)[0]:\n    pass\n") else {
        panic!()
    };
    assert_eq!(items.len(), 1);
    let StmtKind::With { items, .. } = one("with (yield_) as y: pass\n") else {
        panic!()
    };
    assert_eq!(items.len(), 1);
    let StmtKind::FunctionDef(def) = one(
        "async def f():\n    async with a as b:\n        async for x in y:\n            pass\n",
    ) else {
        panic!()
    };
    let StmtKind::With {
        is_async: true,
        body,
        ..
    } = &def.body[0].kind
    else {
        panic!()
    };
    assert!(matches!(body[0].kind, StmtKind::For { is_async: true, .. }));
}

#[test]
fn line_numbers() {
    let body = m("x = 1\n\n# c\ny = f(\n    a,\n    b +\n    c)\nif x:\n    pass\n");
    assert_eq!(body.iter().map(|s| s.line).collect::<Vec<_>>(), [1, 4, 8]);
    let StmtKind::Assign { value, .. } = &body[1].kind else {
        panic!()
    };
    assert_eq!(value.line, 4);
    let ExprKind::Call { args, .. } = &value.kind else {
        panic!()
    };
    assert_eq!(args[0].line, 5);
    assert_eq!(args[1].line, 6);
    let ExprKind::BinOp { right, .. } = &args[1].kind else {
        panic!()
    };
    assert_eq!(right.line, 7);
    let body = m("s = '''a\nb\nc'''\nt = 1\n");
    assert_eq!(body[1].line, 4);
    let body = m("@d\ndef f():\n    pass\n");
    assert_eq!(body[0].line, 2);
}

#[test]
fn misc_errors() {
    fails("x = \n", "invalid syntax", 1);
    fails("if x\n    pass\n", "invalid syntax", 1);
    fails("x = 1 2\n", "invalid syntax", 1);
    fails("print 'hello'\n", "invalid syntax", 1);
    fails("a = (*b)\n", "cannot use starred expression here", 1);
    fails("else: pass\n", "invalid syntax", 1);
    fails("def f(:\n    pass\n", "'(' was never closed", 1);
    // A generic error gives way to the lexer's complaint further on, as in CPython.
    fails("x = [1, 2\ny = 3\n", "'[' was never closed", 1);
    fails("x = 1 +\ny = 'abc\n", "unterminated string literal", 2);
    fails("f() = 1\nx = (\n", "cannot assign to function call", 1);
    fails("class\n", "invalid syntax", 1);
    fails("x = a if b\n", "expected 'else'", 1);
    err("a b c");
    err("lambda x: yield\n");
}

#[test]
fn parse_expression_entry() {
    assert_eq!(sxe("  1 + 2\n"), "(+ 1 2)");
    assert_eq!(sxe("x,y"), "(tuple x y)");
    assert!(parse_expression("x = 1").is_err());
    assert!(parse_expression("").is_err());
    assert!(parse_expression("1\n2").is_err());
}

// --- Robustness --------------------------------------------------------------------------------

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let cases = [
        "(".repeat(10_000),
        format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000)),
        format!("{}1", "-".repeat(10_000)),
        format!("{}1", "not ".repeat(10_000)),
        format!("{}1", "~+".repeat(10_000)),
        format!("x = {}1{}", "[".repeat(5000), "]".repeat(5000)),
        format!("x = {}", "lambda: ".repeat(10_000)),
        format!("x = {}1", "2 ** ".repeat(10_000)),
        format!("x = {}1", "2 ** -".repeat(10_000)),
        format!("x = {}", "a if b else ".repeat(10_000)),
        format!("async def f():\n    {}x\n", "await ".repeat(10_000)),
        format!("x = {}1", "a.".repeat(10_000)),
        format!("x = 1{}", "(2)".repeat(10_000)),
        (0..300)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect::<String>(),
        format!("x = f'{}'", "{x:{y}}".repeat(1000)),
    ];
    for src in cases {
        let _ = parse_module(&src);
        let _ = parse_expression(&src);
    }
    // A long but flat chain is fine.
    m(&format!("x = {}1\n", "1 + ".repeat(10_000)));
    m(&format!("x = {}1\n", "- ".repeat(10_000)));
    m(&format!("x = [{}]\n", "1, ".repeat(10_000)));
    m(&format!(
        "if x:\n    pass\n{}",
        "elif x:\n    pass\n".repeat(10_000)
    ));
    // Within the limits.
    m(&format!("x = {}1{}\n", "(".repeat(150), ")".repeat(150)));
    m(&format!("x = {}1\n", "2 ** ".repeat(150)));
    fails(
        &format!("x = {}1{}\n", "(".repeat(201), ")".repeat(201)),
        "too many nested parentheses",
        1,
    );
}

/// Every truncation of a valid program must return, error or not.
#[test]
fn prefixes_do_not_panic() {
    let files = conformance_files();
    let picked: Vec<&(String, String)> = files
        .iter()
        .filter(|(p, _)| {
            [
                "lex_strings",
                "fstring_basic",
                "lex_numbers",
                "class_basic",
                "prog_tokenizer",
                "func_args",
            ]
            .iter()
            .any(|n| p.contains(n))
        })
        .collect();
    let mut own = String::from(
        "async def f(a, /, b=1, *c, d, **e) -> 'x':\n    return [x async for x in y if x]\n",
    );
    own.push_str("s = f'{a!r:>{w}} {b=} {{' rb'\\x00' 0x_FF 1_0.5e-3j\nwith (a as b, c as d):\n    del a[1:2, ::3]\n");
    own.push_str(
        "try:\n    raise E from None\nexcept (A, B) as e:\n    pass\nfinally:\n    x @= y ** -z\n",
    );
    let mut texts: Vec<&str> = picked.iter().map(|(_, t)| t.as_str()).collect();
    texts.push(&own);
    for text in texts {
        for (i, _) in text.char_indices() {
            let _ = parse_module(&text[..i]);
        }
        let mut end = 0;
        for line in text.split_inclusive('\n') {
            end += line.len();
            let _ = parse_module(&text[..end]);
        }
    }
}

/// Cheap deterministic garbage: mutate valid programs by swapping, deleting and duplicating
/// tokens' worth of bytes.
#[test]
fn mutations_do_not_panic() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet: Vec<char> = "()[]{}:;,.'\"\\\n \t#=+-*/%@<>!~^&|0123456789abcdefxjrbf_"
        .chars()
        .collect();
    for (_, text) in conformance_files().iter().take(40) {
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            continue;
        }
        for _ in 0..50 {
            let mut c = chars.clone();
            for _ in 0..3 {
                let at = (next() as usize) % c.len();
                match next() % 3 {
                    0 => c[at] = alphabet[(next() as usize) % alphabet.len()],
                    1 => {
                        c.remove(at);
                    }
                    _ => c.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                }
                if c.is_empty() {
                    c.push('x');
                }
            }
            let s: String = c.into_iter().collect();
            let _ = parse_module(&s);
        }
    }
}

/// At the nesting limit, each kind of nesting must fit in a modest stack (measured: about
/// 2 KiB per level at the dev profile on x86_64, so 200 levels take under 512 KiB).
#[test]
fn nesting_limit_fits_in_one_mebibyte_of_stack() {
    let deep = super::MAX_DEPTH as usize;
    let cases = [
        format!("x = {}1{}\n", "(".repeat(deep), ")".repeat(deep)),
        format!("x = {}1{}\n", "[".repeat(deep), "]".repeat(deep)),
        format!("x = {}1{}\n", "f(".repeat(deep), ")".repeat(deep)),
        format!("x = {}1{}\n", "a[".repeat(deep), "]".repeat(deep)),
        format!("x = {}1{}\n", "{1: ".repeat(deep), "}".repeat(deep)),
        format!("x = [{}1{}]\n", "*[".repeat(deep), "]".repeat(deep)),
        format!("x = {}1{}\n", "-(".repeat(deep), ")".repeat(deep)),
        format!("x = {}1\n", "2 ** ".repeat(deep)),
        format!("x = {}1\n", "lambda: ".repeat(deep)),
        format!("x = {}1\n", "a if b else ".repeat(deep)),
        format!("x = f'{{{}1{}}}'\n", "(".repeat(deep), ")".repeat(deep)),
        (0..99)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(99)
            + "x = (((((((1)))))))\n",
        (0..99)
            .map(|i| format!("{}def f():\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(99)
            + "return [[[[[[(1)]]]]]]\n",
    ];
    let worker = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for src in cases {
                let _ = parse_module(&src);
            }
        });
    worker
        .map(|w| w.join())
        .expect("spawn")
        .expect("parse in 1 MiB of stack");
}

#[test]
fn cpython_error_precedence() {
    // What CPython's compiler finds waits for the whole parse: a syntax error anywhere wins.
    fails("return 1\nx = )\n", "unmatched ')'", 2);
    fails("def f():\n    pass\nbreak\nx = 1 +\n", "invalid syntax", 4);
    fails(
        "nonlocal x\nyield\n",
        "nonlocal declaration not allowed at module level",
        1,
    );
    // A lexer error past the parse error wins, except for indentation and late brackets.
    fails("x = 1 +\ny = 'abc\n", "unterminated string literal", 2);
    fails("  x = 1\ny = 'abc\n", "unexpected indent", 1);
    fails("x = 1 +\nif y:\n        a\n    b\n", "invalid syntax", 1);
    fails("x = 1 +\ny = (\n", "invalid syntax", 1);
    // Bad escapes and stray characters count where the parser meets them.
    fails("else:\n    pass\nx = '\\x4'\n", "invalid syntax", 1);
    fails("x = 1\ny = 'a\\x4'\n", "truncated \\xXX escape", 2);
    fails("x = (1 +\n$)\n", "invalid syntax", 2);
    // Errors at the end of input name the last line.
    let got = err("if x:\n");
    assert_eq!(
        (got.line, got.message.as_str()),
        (
            1,
            "expected an indented block after 'if' statement on line 1"
        )
    );
    fails(
        "class C:\n    def f(self):\n",
        "after function definition on line 2",
        2,
    );
    fails(
        "try:\n    x = 1\n\n\n",
        "expected 'except' or 'finally' block",
        2,
    );
    fails("x = \\\n", "unexpected EOF while parsing", 1);
    // A name followed by a string is not a missing comma (Python 2's `print "x"`).
    fails("print(f\n'x')\n", "invalid syntax", 2);
    fails("f(a,\n  b c)\n", "Perhaps you forgot a comma?", 2);
    // Lone starred values.
    fails("x = *a\n", "can't use starred expression here", 1);
    fails("*a\n", "can't use starred expression here", 1);
    fails(
        "def f():\n    return *a\n",
        "can't use starred expression here",
        2,
    );
    fails(
        "for x in *a: pass\n",
        "can't use starred expression here",
        1,
    );
    assert!(parse_expression("*a").is_err());
    m("x = *a, b\nfor x in *a, b: pass\n");
}

#[test]
fn cpython_lexer_leniencies() {
    // A number run into a keyword is still accepted, as CPython does (with a warning).
    assert_eq!(sxe("1if x else 2"), "(if x 1 2)");
    // Hex digits come first, as in CPython: `0x1for` is `0x1f or`.
    assert_eq!(sxe("[0x1for x in y]"), "[list (or 31 (cmp x in y))]");
    assert_eq!(sxe("[0o1for x in y]"), "[listcomp 1 (for x y)]");
    assert_eq!(sxe("1or 2"), "(or 1 2)");
    err("x = 0x1e\n0xfelse\n");
    // A backslash does not escape a brace in an f-string.
    assert_eq!(sxe("f'\\{x}'"), format!("(f {} {{x}})", q("\\")));
    assert_eq!(sxe("f'a\\{{x}}'"), format!("(f {})", q("a\\{x}")));
}
