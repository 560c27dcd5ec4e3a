//! `json.dumps`: an iterative encoder (an explicit stack of containers being written), so deep
//! or cyclic data raises RecursionError instead of overflowing the Rust stack. Output follows
//! MicroPython's (py/modjson.c with PRINT_JSON): non-ASCII characters are written as they are,
//! floats as their repr, and non-str dict keys as their JSON text in quotes (`{"5": ...}`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::Vm;

/// Containers nested deeper than this are taken for a cycle (CPython stops near 1000 too).
const MAX_DEPTH: usize = 1000;

pub struct Separators {
    pub item: String,
    pub key: String,
}

/// A container being written: its items (copied when it was entered, so the walk is stable)
/// and how many are done.
enum Open {
    Seq(Vec<Value>, usize),
    Map(Vec<(Value, Value)>, usize),
}

/// What a value is, for the encoder.
enum Kind {
    Scalar,
    Seq(Vec<Value>),
    Map(Vec<(Value, Value)>),
}

fn kind(vm: &mut Vm, v: Value) -> PyResult<Kind> {
    // dict and list subclasses (OrderedDict, namedtuple) encode as what they wrap.
    let b = vm.unwrap_base(v);
    Ok(match vm.heap.get(b) {
        Obj::List(items) => Kind::Seq(items.clone()),
        Obj::Tuple(items) => Kind::Seq(items.to_vec()),
        Obj::Dict(_) => Kind::Map(vm.dict_items(b)?),
        _ => Kind::Scalar,
    })
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a scalar (None, bool, int, float, str); TypeError for anything else.
fn write_scalar(vm: &mut Vm, out: &mut String, v: Value) -> PyResult<()> {
    match v {
        Value::NONE => out.push_str("null"),
        Value::TRUE => out.push_str("true"),
        Value::FALSE => out.push_str("false"),
        _ => {
            if let Some(s) = vm.as_str(v) {
                write_str(out, s);
            } else if vm.is_int(v) {
                out.push_str(&vm.int_to_string(v, 10));
            } else if let Obj::Float(f) = vm.heap.get(v) {
                // MicroPython prints a float's repr: inf and nan come out as `inf`, `nan`.
                out.push_str(&crate::num::float_repr(f.get()));
            } else {
                let msg = format!(
                    "Object of type {} is not JSON serializable",
                    vm.type_name(v)
                );
                return Err(vm.type_error(&msg));
            }
        }
    }
    Ok(())
}

/// Appends a dict key: strings as they are, anything else as its JSON text in quotes.
fn write_key(vm: &mut Vm, out: &mut String, k: Value) -> PyResult<()> {
    if let Some(s) = vm.as_str(k) {
        write_str(out, s);
        return Ok(());
    }
    if !matches!(kind(vm, k)?, Kind::Scalar) {
        let msg = format!(
            "keys must be str, int, float, bool or None, not {}",
            vm.type_name(k)
        );
        return Err(vm.type_error(&msg));
    }
    out.push('"');
    write_scalar(vm, out, k)?;
    out.push('"');
    Ok(())
}

/// The JSON text of `v`.
pub fn dumps(vm: &mut Vm, v: Value, sep: &Separators) -> PyResult<String> {
    let mut out = String::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut next = Some(v);
    loop {
        // Write the pending value, or enter it when it is a container.
        if let Some(v) = next.take() {
            match kind(vm, v)? {
                Kind::Scalar => write_scalar(vm, &mut out, v)?,
                Kind::Seq(items) => {
                    out.push('[');
                    stack.push(Open::Seq(items, 0));
                }
                Kind::Map(items) => {
                    out.push('{');
                    stack.push(Open::Map(items, 0));
                }
            }
            if stack.len() > MAX_DEPTH {
                return Err(vm.recursion_error());
            }
            // The text lives outside the VM heap until it becomes a str: keep it within what
            // the heap could still hold (after collecting what it can), so a huge document is a
            // MemoryError, not an abort.
            vm.ensure_room(out.len())?;
        }
        // Move to the next item of the innermost open container, closing finished ones.
        let Some(top) = stack.last_mut() else {
            return Ok(out);
        };
        match top {
            Open::Seq(items, i) => match items.get(*i) {
                Some(&item) => {
                    if *i > 0 {
                        out.push_str(&sep.item);
                    }
                    *i += 1;
                    next = Some(item);
                }
                None => {
                    out.push(']');
                    stack.pop();
                }
            },
            Open::Map(items, i) => match items.get(*i) {
                Some(&(k, item)) => {
                    if *i > 0 {
                        out.push_str(&sep.item);
                    }
                    *i += 1;
                    write_key(vm, &mut out, k)?;
                    out.push_str(&sep.key);
                    next = Some(item);
                }
                None => {
                    out.push('}');
                    stack.pop();
                }
            },
        }
    }
}
