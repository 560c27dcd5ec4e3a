//! The `builtins` module: the built-in functions, types and exceptions.

use alloc::string::String;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::int::Num;
use crate::obj::types::TYPE_TABLE;
use crate::obj::{IterObj, Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Resume, Stream, Vm};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

fn kwarg(kw: &[(Qstr, Value)], name: Qstr) -> Option<Value> {
    kw.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

fn need(vm: &mut Vm, args: &[Value], n: usize, name: &str) -> PyResult<()> {
    if args.len() < n {
        let msg = alloc::format!("{}() missing required arguments", name);
        return Err(vm.type_error(&msg));
    }
    Ok(())
}

/// `sys.stdout` and `sys.stderr`: instances of a small class whose `write` goes to the VM's
/// output streams.
pub fn std_streams(vm: &mut Vm) -> PyResult<(Value, Value)> {
    let name = vm.intern("TextIOWrapper");
    let ns = vm.new_dict()?;
    vm.add_functions(ns, STREAM_METHODS)?;
    let cls = vm.new_class(name, &[], ns)?;
    vm.roots.push(cls);
    let mk = |vm: &mut Vm, fd: i32| -> PyResult<Value> {
        let attrs = alloc::vec![(vm.intern("fd"), Value::small(fd))];
        vm.make_instance(cls, Value::NULL, &attrs)
    };
    let out = mk(vm, 1)?;
    vm.keep(out);
    let err = mk(vm, 2)?;
    vm.keep(err);
    vm.roots.push(out);
    vm.roots.push(err);
    Ok((out, err))
}

fn stream_of(vm: &mut Vm, f: Value) -> Option<Stream> {
    let fd = vm.intern("fd");
    match vm.heap.get(f) {
        Obj::Instance(_) => match vm.instance_get(f, fd).and_then(|v| v.as_small()) {
            Some(1) => Some(Stream::Stdout),
            Some(2) => Some(Stream::Stderr),
            _ => None,
        },
        _ => None,
    }
}

// stream.write(s)
fn stream_write(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = match vm.as_str(arg(args, 1)) {
        Some(s) => String::from(s),
        None => vm.to_str(arg(args, 1))?,
    };
    let stream = stream_of(vm, arg(args, 0)).unwrap_or(Stream::Stdout);
    vm.write(stream, s.as_bytes());
    vm.new_int(s.chars().count() as i64)
}

// stream.flush()
fn stream_flush(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::NONE)
}

static STREAM_METHODS: &[NativeDef] = &[
    NativeDef::new("write", stream_write),
    NativeDef::new("flush", stream_flush),
];

// print(*objects, sep=' ', end='\n', file=sys.stdout)
fn print(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let sep = match kwarg(kw, q::sep).filter(|v| !v.is_none()) {
        Some(v) => String::from(vm.as_str(v).unwrap_or(" ")),
        None => String::from(" "),
    };
    let end = match kwarg(kw, q::end).filter(|v| !v.is_none()) {
        Some(v) => String::from(vm.as_str(v).unwrap_or("\n")),
        None => String::from("\n"),
    };
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match vm.as_str(*a) {
            Some(s) => out.push_str(s),
            None => {
                let s = vm.to_str(*a)?;
                out.push_str(&s);
            }
        }
    }
    out.push_str(&end);
    match kwarg(kw, q::file).filter(|v| !v.is_none()) {
        None => vm.write(Stream::Stdout, out.as_bytes()),
        Some(f) => match stream_of(vm, f) {
            Some(s) => vm.write(s, out.as_bytes()),
            None => {
                let s = vm.new_string(out)?;
                vm.call_method(f, q::write, &[s])?;
            }
        },
    }
    Ok(Value::NONE)
}

// abs(x)
fn abs(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let x = arg(args, 0);
    match vm.to_num(x) {
        Some(Num::Int(i)) => match i.checked_abs() {
            Some(r) => vm.new_int(r),
            None => vm.new_bigint(crate::num::BigInt::from_i64(i).abs()),
        },
        Some(Num::Big(b)) => vm.new_bigint(b.abs()),
        Some(Num::Float(f)) => vm.new_float(f.abs()),
        None => match vm.call_special(x, q::__abs__, &[])? {
            Some(r) => Ok(r),
            None => Err(vm.unsupported_unop("abs", x)),
        },
    }
}

// all(iterable)
fn all(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let it = vm.get_iter(arg(args, 0))?;
    vm.keep(it);
    let mark = vm.nursery_mark();
    while let Some(v) = vm.next(it)? {
        if !vm.truthy(v)? {
            return Ok(Value::FALSE);
        }
        vm.nursery_reset(mark);
    }
    Ok(Value::TRUE)
}

// any(iterable)
fn any(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let it = vm.get_iter(arg(args, 0))?;
    vm.keep(it);
    let mark = vm.nursery_mark();
    while let Some(v) = vm.next(it)? {
        if vm.truthy(v)? {
            return Ok(Value::TRUE);
        }
        vm.nursery_reset(mark);
    }
    Ok(Value::FALSE)
}

fn radix_str(vm: &mut Vm, x: Value, radix: u32, prefix: &str) -> PyResult<Value> {
    let n = match vm.to_num(x) {
        Some(Num::Float(_)) | None => {
            let msg = alloc::format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(x)
            );
            return Err(vm.type_error(&msg));
        }
        Some(n) => n.to_big(),
    };
    let digits = n.abs().to_string_radix(radix);
    let s = if n.is_negative() {
        alloc::format!("-{}{}", prefix, digits)
    } else {
        alloc::format!("{}{}", prefix, digits)
    };
    vm.new_string(s)
}

// bin(x)
fn bin(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    radix_str(vm, arg(args, 0), 2, "0b")
}

// oct(x)
fn oct(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    radix_str(vm, arg(args, 0), 8, "0o")
}

// hex(x)
fn hex(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    radix_str(vm, arg(args, 0), 16, "0x")
}

// callable(x)
fn callable(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let x = arg(args, 0);
    if x.as_native().is_some() {
        return Ok(Value::TRUE);
    }
    let r = match vm.heap.get(x) {
        Obj::Function(_) | Obj::BoundMethod(..) | Obj::Type(_) => true,
        Obj::Instance(_) | Obj::Exception(_) => {
            let t = vm.type_of(x);
            vm.lookup_type(t, q::__call__).is_some()
        }
        _ => false,
    };
    Ok(Value::bool(r))
}

// chr(i)
fn chr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let i = vm.int_arg(arg(args, 0))?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => {
            let mut buf = [0u8; 4];
            let s = String::from(&*c.encode_utf8(&mut buf));
            vm.new_str(&s)
        }
        None => Err(vm.value_error("chr() arg not in range(0x110000)")),
    }
}

// ord(c)
fn ord(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let x = arg(args, 0);
    if let Some(s) = vm.as_str(x) {
        let mut cs = s.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            return vm.new_int(i64::from(u32::from(c)));
        }
        let n = s.chars().count();
        let msg = alloc::format!(
            "ord() expected a character, but string of length {} found",
            n
        );
        return Err(vm.type_error(&msg));
    }
    if let Some(b) = vm.bytes_slice(x)
        && b.len() == 1
    {
        let v = b[0];
        return vm.new_int(i64::from(v));
    }
    let msg = alloc::format!("ord() expected a character, but {} found", vm.type_name(x));
    Err(vm.type_error(&msg))
}

// dir([obj])
fn dir(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let names: Vec<Qstr> = match args.first() {
        Some(o) => vm.dir(*o),
        None => {
            let g = vm.frames.last().map(|f| f.globals).unwrap_or(Value::NONE);
            vm.dict_keys(g).iter().filter_map(|k| k.as_qstr()).collect()
        }
    };
    let mut vals: Vec<Value> = names.into_iter().map(Value::qstr).collect();
    vm.sort_values(&mut vals, None, false)?;
    vm.new_list(vals)
}

// divmod(a, b)
fn divmod(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let (a, b) = (arg(args, 0), arg(args, 1));
    let d = vm.binary_op(crate::ast::BinOp::FloorDiv, a, b)?;
    vm.keep(d);
    let m = vm.binary_op(crate::ast::BinOp::Mod, a, b)?;
    vm.keep(m);
    vm.new_tuple(&[d, m])
}

// enumerate(iterable, start=0)
fn enumerate(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let it = vm.get_iter(arg(args, 0))?;
    let count = args
        .get(1)
        .copied()
        .or_else(|| kwarg(kw, q::start))
        .unwrap_or(Value::small(0));
    vm.make_iter(IterObj::Enumerate { iter: it, count })
}

// filter(function, iterable)
fn filter(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    need(vm, args, 2, "filter")?;
    let it = vm.get_iter(arg(args, 1))?;
    vm.make_iter(IterObj::Filter {
        func: arg(args, 0),
        iter: it,
    })
}

// map(function, *iterables)
fn map(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    need(vm, args, 2, "map")?;
    let mut iters = Vec::new();
    for a in &args[1..] {
        let it = vm.get_iter(*a)?;
        vm.keep(it);
        iters.push(it);
    }
    vm.make_iter(IterObj::Map {
        func: arg(args, 0),
        iters,
    })
}

// zip(*iterables)
fn zip(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let mut iters = Vec::new();
    for a in args {
        let it = vm.get_iter(*a)?;
        vm.keep(it);
        iters.push(it);
    }
    vm.make_iter(IterObj::Zip(iters))
}

// reversed(seq)
fn reversed(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = arg(args, 0);
    if let Some(r) = vm.call_special(s, q::__reversed__, &[]).ok().flatten() {
        return Ok(r);
    }
    if let Obj::Range(r) = vm.heap.get(s) {
        let r = **r;
        let n = r.len();
        let last = r.start + (n - 1) * r.step;
        return vm.make_iter(IterObj::Range {
            next: last,
            stop: r.start - r.step,
            step: -r.step,
        });
    }
    if matches!(vm.heap.get(s), Obj::Dict(_) | Obj::DictView(..)) {
        let mut items = vm.iterate(s)?;
        items.reverse();
        let l = vm.new_list(items)?;
        return vm.get_iter(l);
    }
    let n = vm.len(s)?;
    vm.make_iter(IterObj::Reversed { seq: s, index: n })
}

// eval(source[, globals[, locals]])
fn eval(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let src = match vm.as_str(arg(args, 0)) {
        Some(s) => String::from(s),
        None => return Err(vm.type_error("eval() arg 1 must be a string")),
    };
    let globals = scope_arg(vm, args.get(1).copied());
    let locals = args
        .get(2)
        .copied()
        .filter(|v| !v.is_none())
        .unwrap_or(Value::NULL);
    let expr = match crate::parser::parse_expression(src.trim()) {
        Ok(e) => e,
        Err(e) => return Err(vm.syntax_error(TypeId::SyntaxError, &e.message, "<string>", e.line)),
    };
    let line = expr.line;
    let module = crate::ast::Module {
        body: alloc::vec![crate::ast::Stmt {
            line,
            kind: crate::ast::StmtKind::Expr(expr)
        }],
    };
    let code = match vm.compile_module(&module, "<string>", crate::compiler::Mode::Eval) {
        Ok(c) => c,
        Err(e) if e.message == crate::compiler::OUT_OF_MEMORY => return Err(vm.memory_error()),
        Err(e) => return Err(vm.syntax_error(TypeId::SyntaxError, &e.message, "<string>", e.line)),
    };
    vm.exec_code_in(code, globals, locals)
}
fn scope_arg(vm: &mut Vm, v: Option<Value>) -> Value {
    match v.filter(|v| !v.is_none()) {
        Some(g) => g,
        None => vm
            .frames
            .last()
            .map(|f| if f.ns.is_null() { f.globals } else { f.ns })
            .unwrap_or(Value::NONE),
    }
}

// exec(source[, globals[, locals]])
fn exec(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let src = match vm.as_str(arg(args, 0)) {
        Some(s) => String::from(s),
        None => return Err(vm.type_error("exec() arg 1 must be a string")),
    };
    let globals = scope_arg(vm, args.get(1).copied());
    let locals = args
        .get(2)
        .copied()
        .filter(|v| !v.is_none())
        .unwrap_or(Value::NULL);
    let code = vm.compile_source(&src, "<string>", crate::compiler::Mode::Exec)?;
    vm.exec_code_in(code, globals, locals)?;
    Ok(Value::NONE)
}

// getattr(obj, name[, default])
fn getattr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(name) = vm.str_to_qstr(arg(args, 1)) else {
        return Err(vm.type_error("attribute name must be string"));
    };
    match vm.getattr(arg(args, 0), name) {
        Ok(v) => Ok(v),
        Err(e) if args.len() > 2 && vm.exc_matches(e, TypeId::AttributeError) => Ok(arg(args, 2)),
        Err(e) => Err(e),
    }
}

// setattr(obj, name, value)
fn setattr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(name) = vm.str_to_qstr(arg(args, 1)) else {
        return Err(vm.type_error("attribute name must be string"));
    };
    vm.setattr(arg(args, 0), name, arg(args, 2))?;
    Ok(Value::NONE)
}

// delattr(obj, name)
fn delattr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(name) = vm.str_to_qstr(arg(args, 1)) else {
        return Err(vm.type_error("attribute name must be string"));
    };
    vm.delattr(arg(args, 0), name)?;
    Ok(Value::NONE)
}

// hasattr(obj, name)
fn hasattr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(name) = vm.str_to_qstr(arg(args, 1)) else {
        return Err(vm.type_error("attribute name must be string"));
    };
    match vm.getattr(arg(args, 0), name) {
        Ok(_) => Ok(Value::TRUE),
        Err(e) if vm.exc_matches(e, TypeId::AttributeError) => Ok(Value::FALSE),
        Err(e) => Err(e),
    }
}

// globals()
fn globals(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(vm.frames.last().map(|f| f.globals).unwrap_or(Value::NONE))
}

// locals()
fn locals(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(f) = vm.frames.last() else {
        return Ok(Value::NONE);
    };
    if !f.ns.is_null() {
        return Ok(f.ns);
    }
    if f.code.name == q::module {
        return Ok(f.globals);
    }
    let pairs: Vec<(Qstr, Value)> = f
        .code
        .varnames
        .iter()
        .zip(f.regs.iter())
        .filter(|(_, v)| !v.is_null())
        .map(|(n, v)| (*n, *v))
        .collect();
    let d = vm.new_dict()?;
    for (n, v) in pairs {
        vm.dict_set(d, Value::qstr(n), v)?;
    }
    Ok(d)
}

// hash(x)
fn hash(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let h = vm.hash(arg(args, 0))?;
    vm.new_int(i64::from(h as i32))
}

// id(x)
fn id(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.new_int(i64::from(arg(args, 0).raw()))
}

// input([prompt])
fn input(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    if let Some(nl) = vm.input.iter().position(|b| *b == b'\n') {
        let line: Vec<u8> = vm.input.drain(..=nl).collect();
        vm.prompt_shown = false;
        let s = String::from_utf8_lossy(&line[..line.len() - 1])
            .trim_end_matches('\r')
            .into();
        return vm.new_string(s);
    }
    if vm.input_eof {
        if vm.input.is_empty() {
            return Err(vm.err(TypeId::EOFError, ""));
        }
        let line: Vec<u8> = core::mem::take(&mut vm.input);
        let s = String::from_utf8_lossy(&line).into_owned();
        return vm.new_string(s);
    }
    // Show the prompt once, then wait for the embedder to feed a line.
    if !vm.prompt_shown {
        if let Some(p) = args.first() {
            let s = vm.to_str(*p)?;
            vm.write(Stream::Stdout, s.as_bytes());
        }
        vm.prompt_shown = true;
    }
    Err(crate::exc::PyErr::WOULD_BLOCK)
}

// isinstance(obj, classinfo)
fn isinstance(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let t = vm.type_of(arg(args, 0));
    class_check(vm, t, arg(args, 1))
}

// issubclass(cls, classinfo)
fn issubclass(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let c = arg(args, 0);
    if !matches!(vm.heap.get(c), Obj::Type(_)) {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    }
    class_check(vm, c, arg(args, 1))
}

fn class_check(vm: &mut Vm, t: Value, info: Value) -> PyResult<Value> {
    if let Obj::Tuple(ts) = vm.heap.get(info) {
        let ts = ts.clone();
        for c in ts.iter() {
            if class_check(vm, t, *c)? == Value::TRUE {
                return Ok(Value::TRUE);
            }
        }
        return Ok(Value::FALSE);
    }
    if !matches!(vm.heap.get(info), Obj::Type(_)) {
        return Err(vm.type_error("isinstance() arg 2 must be a class, type, or tuple of classes"));
    }
    // MicroPython: bool is not a subclass of int.
    Ok(Value::bool(vm.is_subclass(t, info)))
}

// iter(obj)
fn iter(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.get_iter(arg(args, 0))
}

// len(obj)
fn len(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let n = vm.len(arg(args, 0))?;
    vm.new_int(n as i64)
}

fn minmax(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)], want_max: bool) -> PyResult<Value> {
    if args.is_empty() {
        let msg = if want_max {
            "max expected at least 1 argument, got 0"
        } else {
            "min expected at least 1 argument, got 0"
        };
        return Err(vm.type_error(msg));
    }
    let items = if args.len() == 1 {
        vm.iterate(arg(args, 0))?
    } else {
        args.to_vec()
    };
    let key = kwarg(kw, q::key).filter(|v| !v.is_none());
    if items.is_empty() {
        if let Some(d) = kwarg(kw, q::default) {
            return Ok(d);
        }
        let msg = if want_max {
            "max() arg is an empty sequence"
        } else {
            "min() arg is an empty sequence"
        };
        return Err(vm.value_error(msg));
    }
    let mut best = items[0];
    let mut best_key = match key {
        Some(f) => vm.call(f, &[best])?,
        None => best,
    };
    vm.keep(best_key);
    for &x in &items[1..] {
        let k = match key {
            Some(f) => vm.call(f, &[x])?,
            None => x,
        };
        vm.keep(k);
        let better = if want_max {
            vm.lt(best_key, k)?
        } else {
            vm.lt(k, best_key)?
        };
        if better {
            best = x;
            best_key = k;
        }
    }
    Ok(best)
}

// max(iterable, *, key=None, default=...) / max(a, b, ...)
fn max(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    minmax(vm, args, kw, true)
}

// min(iterable, *, key=None, default=...) / min(a, b, ...)
fn min(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    minmax(vm, args, kw, false)
}

// next(iterator[, default])
fn next(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let it = arg(args, 0);
    if matches!(vm.heap.get(it), Obj::Generator(_)) {
        if args.len() == 1 {
            vm.resume = Some(Resume {
                generator: it,
                value: Value::NONE,
                throw: false,
            });
            return Ok(Value::NULL);
        }
        return match vm.run_resume_nested(Resume {
            generator: it,
            value: Value::NONE,
            throw: false,
        }) {
            Ok(v) => Ok(v),
            Err(e) if vm.exc_matches(e, TypeId::StopIteration) => Ok(arg(args, 1)),
            Err(e) => Err(e),
        };
    }
    if !matches!(vm.heap.get(it), Obj::Iter(_) | Obj::Instance(_)) {
        let msg = alloc::format!("'{}' object isn't an iterator", vm.type_name(it));
        return Err(vm.type_error(&msg));
    }
    match vm.next(it)? {
        Some(v) => Ok(v),
        None if args.len() > 1 => Ok(arg(args, 1)),
        None => Err(vm.new_exc(TypeId::StopIteration, None)),
    }
}

// pow(base, exp[, mod])
fn pow(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    if args.len() == 3 {
        let (b, e, m) = (
            vm.to_num(arg(args, 0)),
            vm.to_num(arg(args, 1)),
            vm.to_num(arg(args, 2)),
        );
        return match (b, e, m) {
            (
                Some(b @ (Num::Int(_) | Num::Big(_))),
                Some(e @ (Num::Int(_) | Num::Big(_))),
                Some(m @ (Num::Int(_) | Num::Big(_))),
            ) => match b.to_big().pow_mod(&e.to_big(), &m.to_big()) {
                Ok(r) => vm.new_bigint(r),
                Err(msg) => Err(vm.value_error(msg)),
            },
            _ => {
                Err(vm
                    .type_error("pow() 3rd argument not allowed unless all arguments are integers"))
            }
        };
    }
    vm.binary_op(crate::ast::BinOp::Pow, arg(args, 0), arg(args, 1))
}

// repr(obj)
fn repr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.repr(arg(args, 0))?;
    vm.new_string(s)
}

// round(number[, ndigits])
fn round(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let x = arg(args, 0);
    let nd = args.get(1).copied().filter(|v| !v.is_none());
    match vm.to_num(x) {
        Some(Num::Float(f)) => match nd {
            None => {
                if !f.is_finite() {
                    return Err(if f.is_nan() {
                        vm.value_error("cannot convert float NaN to integer")
                    } else {
                        vm.overflow_error("cannot convert float infinity to integer")
                    });
                }
                let r = libm::rint(f);
                vm.new_bigint(crate::num::BigInt::from_f64(r))
            }
            Some(n) => {
                let n = vm.int_arg(n)?;
                vm.new_float(crate::num::float_repr::round_f64(f, n))
            }
        },
        Some(n) => match nd {
            None => vm.new_num(n),
            Some(d) => {
                let d = vm.int_arg(d)?;
                if d >= 0 {
                    return vm.new_num(n);
                }
                let p = crate::num::BigInt::from_i64(10)
                    .pow((-d) as u64)
                    .unwrap_or_else(|| crate::num::BigInt::from_i64(1));
                let v = n.to_big();
                // Round half to even at 10**-d.
                let (q, r) = v
                    .divmod_floor(&p)
                    .unwrap_or((v.clone(), crate::num::BigInt::zero()));
                let twice = &r + &r;
                let q = match twice.cmp(&p) {
                    core::cmp::Ordering::Greater => &q + &crate::num::BigInt::from_i64(1),
                    core::cmp::Ordering::Equal if q.is_odd() => {
                        &q + &crate::num::BigInt::from_i64(1)
                    }
                    _ => q,
                };
                vm.new_bigint(&q * &p)
            }
        },
        None => match vm.call_special(x, q::__round__, &args[1..])? {
            Some(r) => Ok(r),
            None => Err(vm.unsupported_unop("round", x)),
        },
    }
}

// sorted(iterable, *, key=None, reverse=False)
fn sorted(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let mut items = vm.iterate(arg(args, 0))?;
    let l = vm.new_list(Vec::new())?;
    vm.keep(l);
    crate::obj::list::sort_with_kwargs(vm, &mut items, kw)?;
    if let Obj::List(v) = vm.heap.get_mut(l) {
        *v = items;
    }
    Ok(l)
}

// sum(iterable, start=0)
fn sum(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let mut acc = args
        .get(1)
        .copied()
        .or_else(|| kwarg(kw, q::start))
        .unwrap_or(Value::small(0));
    let it = vm.get_iter(arg(args, 0))?;
    vm.keep(it);
    vm.keep(acc);
    let mark = vm.nursery_mark();
    while let Some(v) = vm.next(it)? {
        acc = vm.binary_op(crate::ast::BinOp::Add, acc, v)?;
        vm.nursery_reset(mark);
        vm.keep(acc);
    }
    Ok(acc)
}

// format(value[, spec])
fn format(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let spec = match args.get(1) {
        Some(s) => String::from(vm.as_str(*s).unwrap_or("")),
        None => String::new(),
    };
    let s = vm.format_with_spec(arg(args, 0), &spec)?;
    vm.new_string(s)
}

// vars([obj])
fn vars(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    match args.first() {
        Some(o) => vm.getattr(*o, q::__dict__),
        None => locals(vm, args, kw),
    }
}

// __build_class__(body, name, *bases, **kw)
fn build_class(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    need(vm, args, 2, "__build_class__")?;
    vm.build_class(arg(args, 0), arg(args, 1), &args[2..], kw)
}

// __import__(name, ...)
fn import(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(name) = vm.str_to_qstr(arg(args, 0)) else {
        return Err(vm.type_error("module name must be str"));
    };
    vm.import(name)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("print", print),
    NativeDef::new("abs", abs),
    NativeDef::new("all", all),
    NativeDef::new("any", any),
    NativeDef::new("bin", bin),
    NativeDef::new("oct", oct),
    NativeDef::new("hex", hex),
    NativeDef::new("callable", callable),
    NativeDef::new("chr", chr),
    NativeDef::new("open", super::file::builtin_open),
    NativeDef::new("ord", ord),
    NativeDef::new("dir", dir),
    NativeDef::new("divmod", divmod),
    NativeDef::new("enumerate", enumerate),
    NativeDef::new("filter", filter),
    NativeDef::new("map", map),
    NativeDef::new("zip", zip),
    NativeDef::new("reversed", reversed),
    NativeDef::new("eval", eval),
    NativeDef::new("exec", exec),
    NativeDef::new("getattr", getattr),
    NativeDef::new("setattr", setattr),
    NativeDef::new("delattr", delattr),
    NativeDef::new("hasattr", hasattr),
    NativeDef::new("globals", globals),
    NativeDef::new("locals", locals),
    NativeDef::new("hash", hash),
    NativeDef::new("id", id),
    NativeDef::new("input", input),
    NativeDef::new("isinstance", isinstance),
    NativeDef::new("issubclass", issubclass),
    NativeDef::new("iter", iter),
    NativeDef::new("len", len),
    NativeDef::new("max", max),
    NativeDef::new("min", min),
    NativeDef::new("next", next),
    NativeDef::new("pow", pow),
    NativeDef::new("repr", repr),
    NativeDef::new("round", round),
    NativeDef::new("sorted", sorted),
    NativeDef::new("sum", sum),
    NativeDef::new("format", format),
    NativeDef::new("vars", vars),
    NativeDef::new("__build_class__", build_class),
    NativeDef::new("__import__", import),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)?;
    for spec in TYPE_TABLE {
        let t = vm.ty(spec.id);
        if matches!(
            spec.id,
            TypeId::NoneType
                | TypeId::NotImplementedType
                | TypeId::Ellipsis
                | TypeId::Function
                | TypeId::BoundMethod
                | TypeId::NativeFunction
                | TypeId::Module
                | TypeId::Cell
                | TypeId::Code
                | TypeId::Generator
                | TypeId::Coroutine
                | TypeId::Iterator
                | TypeId::DictKeys
                | TypeId::DictValues
                | TypeId::DictItems
        ) {
            continue;
        }
        vm.set_item_str(d, spec.name, t)?;
    }
    vm.set_item_str(d, "Ellipsis", Value::ELLIPSIS)?;
    vm.set_item_str(d, "NotImplemented", Value::NOT_IMPLEMENTED)?;
    let e = vm.ty(TypeId::OSError);
    vm.set_item_str(d, "IOError", e)?;
    Ok(())
}
