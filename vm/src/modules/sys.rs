//! `sys`: argv, modules, path, stdin/stdout/stderr, exit, print_exception, version and
//! implementation info, as MicroPython's ESP32 port has them.

use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::modules::args::{arg, between};
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Stream, Vm};

/// The MicroPython release whose behaviour esprit follows (`sys.implementation.version`).
const MICROPYTHON_VERSION: (i32, i32, i32) = (1, 27, 0);

// sys.exit([code])
fn exit(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let class = vm.ty(TypeId::SystemExit);
    Err(vm.new_exc_from(class, args.to_vec()))
}

// sys.print_exception(exc, file=sys.stdout, /): positional only in MicroPython.
fn print_exception(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    between(vm, args, kw, 1, 2)?;
    let e = arg(args, 0);
    // A non-exception prints as its repr, as mp_obj_print_exception does.
    let text = if let Obj::Exception(x) = vm.heap.get(e) {
        let no_traceback = x.traceback.is_empty();
        let text = vm.format_exception(e);
        // An exception never raised has no traceback, and MicroPython then prints only its
        // last line.
        match text.split_once('\n') {
            Some((_, rest)) if no_traceback => alloc::string::String::from(rest),
            _ => text,
        }
    } else {
        let mut s = vm.repr(e)?;
        s.push('\n');
        s
    };
    let file = arg(args, 1);
    let fd = vm.intern("fd");
    let std = match vm.heap.get(file) {
        _ if file.is_none() => Some(Stream::Stdout),
        Obj::Instance(_) => match vm.instance_get(file, fd).and_then(|v| v.as_small()) {
            Some(1) => Some(Stream::Stdout),
            Some(2) => Some(Stream::Stderr),
            _ => None,
        },
        _ => None,
    };
    match std {
        Some(s) => vm.write(s, text.as_bytes()),
        None => {
            let s = vm.new_string(text)?;
            vm.call_method(file, q::write, &[s])?;
        }
    }
    Ok(Value::NONE)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("exit", exit),
    NativeDef::new("print_exception", print_exception),
];

// implementation.__repr__(): named fields, as MicroPython's attrtuple prints.
fn implementation_repr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let mut s = alloc::string::String::from("(");
    for (i, name) in ["name", "version", "_machine"].iter().enumerate() {
        let k = vm.intern(name);
        let v = vm.getattr(arg(args, 0), k)?;
        let r = vm.repr(v)?;
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&alloc::format!("{}={}", name, r));
    }
    s.push(')');
    vm.new_string(s)
}

static IMPLEMENTATION_METHODS: &[NativeDef] = &[NativeDef::new("__repr__", implementation_repr)];

/// `sys.implementation`: MicroPython's attrtuple, here a tuple subclass whose instance also
/// carries the fields as attributes, so both `[0]` and `.name` work.
fn implementation(vm: &mut Vm) -> PyResult<Value> {
    let (major, minor, micro) = MICROPYTHON_VERSION;
    let name = vm.new_str("micropython")?;
    vm.keep(name);
    let empty = vm.new_str("")?;
    let version = vm.new_tuple(&[
        Value::small(major),
        Value::small(minor),
        Value::small(micro),
        empty,
    ])?;
    vm.keep(version);
    let machine = vm.new_str("Generic ESP32 module with ESP32")?;
    vm.keep(machine);
    let tuple = vm.new_tuple(&[name, version, machine])?;
    vm.keep(tuple);
    let ns = vm.new_dict()?;
    vm.add_functions(ns, IMPLEMENTATION_METHODS)?;
    let base = vm.ty(TypeId::Tuple);
    let cname = vm.intern("implementation");
    let class = vm.new_class(cname, &[base], ns)?;
    vm.keep(class);
    let attrs = [
        (vm.intern("name"), name),
        (vm.intern("version"), version),
        (vm.intern("_machine"), machine),
    ];
    let v = vm.make_instance(class, tuple, &attrs)?;
    vm.keep(v);
    Ok(v)
}

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)?;
    let argv: Vec<alloc::string::String> = vm.config.argv.clone();
    let mut items = Vec::new();
    for a in argv {
        let s = vm.new_string(a)?;
        vm.keep(s);
        items.push(s);
    }
    let l = vm.new_list(items)?;
    vm.set_item_str(d, "argv", l)?;
    // The ESP32 port's search path: the current directory, frozen modules, then /lib.
    let mut path = Vec::new();
    for p in ["", ".frozen", "/lib"] {
        let s = vm.new_str(p)?;
        vm.keep(s);
        path.push(s);
    }
    let p = vm.new_list(path)?;
    vm.set_item_str(d, "path", p)?;
    let m = vm.modules;
    vm.set_item_str(d, "modules", m)?;
    let (major, minor, micro) = MICROPYTHON_VERSION;
    let version = alloc::format!("3.4.0; MicroPython v{major}.{minor}.{micro} (esprit)");
    let s = vm.new_string(version)?;
    vm.set_item_str(d, "version", s)?;
    let plat = vm.new_str("esp32")?;
    vm.set_item_str(d, "platform", plat)?;
    let big = vm.new_int(i64::from(i32::MAX))?;
    vm.set_item_str(d, "maxsize", big)?;
    let bo = vm.new_str("little")?;
    vm.set_item_str(d, "byteorder", bo)?;
    let vi = vm.new_tuple(&[Value::small(3), Value::small(4), Value::small(0)])?;
    vm.set_item_str(d, "version_info", vi)?;
    let imp = implementation(vm)?;
    vm.set_item_str(d, "implementation", imp)?;
    let (inp, out, err) = crate::modules::stdio::streams(vm)?;
    vm.set_item_str(d, "stdin", inp)?;
    vm.set_item_str(d, "stdout", out)?;
    vm.set_item_str(d, "stderr", err)?;
    Ok(())
}
