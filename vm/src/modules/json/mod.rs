//! `json` (MicroPython's py/modjson.c): `dumps`/`dump` with `separators`, `loads`/`load`.
//! Bad documents raise ValueError("syntax error in JSON"), as MicroPython does (CPython's
//! JSONDecodeError is a ValueError subclass, so portable code catches ValueError).

use alloc::string::String;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::modules::args::{arg, exact, kwarg, only_keywords, positional};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

mod decode;
mod encode;

use encode::Separators;

/// `separators=(item, key)`, defaulting to MicroPython's and CPython's `', '` and `': '`.
fn separators(vm: &mut Vm, v: Option<Value>) -> PyResult<Separators> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Separators {
            item: String::from(", "),
            key: String::from(": "),
        });
    };
    let items = vm.iterate(v)?;
    let [item, key] = items[..] else {
        let msg = alloc::format!("requested length 2 but object has length {}", items.len());
        return Err(vm.value_error(&msg));
    };
    let mut text = |x: Value| match vm.as_str(x) {
        Some(s) => Ok(String::from(s)),
        None => Err(vm.type_error("separators must be strings")),
    };
    Ok(Separators {
        item: text(item)?,
        key: text(key)?,
    })
}

// json.dumps(obj, separators=None)
fn dumps(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    only_keywords(vm, kw, &["separators"])?;
    positional(vm, args, 1, 2)?;
    let sep = args.get(1).copied().or_else(|| kwarg(vm, kw, "separators"));
    let sep = separators(vm, sep)?;
    let text = encode::dumps(vm, arg(args, 0), &sep)?;
    vm.new_string(text)
}

// json.dump(obj, stream, separators=None)
fn dump(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    only_keywords(vm, kw, &["separators"])?;
    positional(vm, args, 2, 3)?;
    let sep = args.get(2).copied().or_else(|| kwarg(vm, kw, "separators"));
    let sep = separators(vm, sep)?;
    let text = encode::dumps(vm, arg(args, 0), &sep)?;
    let s = vm.new_string(text)?;
    vm.call_method(arg(args, 1), q::write, &[s])?;
    Ok(Value::NONE)
}

/// Parses a str or bytes-like document.
fn parse(vm: &mut Vm, doc: Value) -> PyResult<Value> {
    // The text is copied out because the parser allocates through the VM as it goes.
    let text = if let Some(s) = vm.as_str(doc) {
        String::from(s)
    } else if let Some(b) = vm.bytes_slice(doc) {
        match core::str::from_utf8(b) {
            Ok(s) => String::from(s),
            Err(_) => return Err(vm.value_error("syntax error in JSON")),
        }
    } else {
        let msg = alloc::format!(
            "the JSON object must be str, bytes or bytearray, not {}",
            vm.type_name(doc)
        );
        return Err(vm.type_error(&msg));
    };
    decode::loads(vm, &text)
}

// json.loads(str)
fn loads(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    parse(vm, arg(args, 0))
}

// json.load(stream)
fn load(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let read = vm.intern("read");
    let doc = vm.call_method(arg(args, 0), read, &[])?;
    parse(vm, doc)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("dumps", dumps),
    NativeDef::new("dump", dump),
    NativeDef::new("loads", loads),
    NativeDef::new("load", load),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}
