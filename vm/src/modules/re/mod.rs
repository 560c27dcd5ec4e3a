//! `_re`: the native half of `re`. The engine (`compile`, `exec`) is Rust; the objects users
//! see (compiled patterns, match objects, `sub`, `split`) are the frozen Python module `re.py`
//! beside this file, which calls the two functions here. Positions crossing this boundary are
//! character indices, as in CPython (MicroPython counts bytes; the same for ASCII text).

use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::modules::args;
use crate::obj::str::{byte_to_char, char_to_byte};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

pub mod compile;
pub mod exec;

use compile::Program;
use exec::{Matcher, Subject, TooComplex};

/// The frozen Python source of `re`.
pub const SOURCE: &str = include_str!("re.py");

fn program(vm: &mut Vm, pattern: Value) -> PyResult<Program> {
    let chars: Vec<u32> = if let Some(s) = vm.as_str(pattern) {
        s.chars().map(u32::from).collect()
    } else if let Some(b) = vm.bytes_slice(pattern) {
        b.iter().map(|b| u32::from(*b)).collect()
    } else {
        let msg = alloc::format!("can't convert '{}' object to str", vm.type_name(pattern));
        return Err(vm.type_error(&msg));
    };
    compile::compile(&chars).map_err(|_| vm.value_error("Error in regex"))
}

// _re.compile(pattern) -> number of groups, group 0 included
fn compile_fn(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 1)?;
    let p = program(vm, args[0])?;
    vm.new_int(p.groups as i64)
}

/// A character index argument (None for "the end").
fn index(vm: &mut Vm, v: Value, default: i64) -> PyResult<i64> {
    if v.is_none() {
        Ok(default)
    } else {
        vm.int_arg(v)
    }
}

enum Outcome {
    NotText,
    TooComplex,
    NoMatch,
    Found(Vec<i64>),
}

// _re.exec(pattern, string, pos, endpos, anchored, forbid_empty_at) -> spans or None
fn exec_fn(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 6)?;
    let prog = program(vm, args[0])?;
    let subject = args[1];
    let pos = index(vm, args[2], 0)?;
    let endpos = index(vm, args[3], i64::MAX)?;
    let anchored = vm.truthy(args[4])?;
    let forbid = index(vm, args[5], -1)?;
    let outcome = {
        let (data, text) = match vm.as_str(subject) {
            Some(s) => (s.as_bytes(), Some(s)),
            None => match vm.bytes_slice(subject) {
                Some(b) => (b, None),
                None => (&[][..], None),
            },
        };
        if text.is_none() && vm.bytes_slice(subject).is_none() {
            Outcome::NotText
        } else {
            // Character indices to byte offsets, clamped into the subject as CPython does.
            let to_byte = |i: i64| -> usize {
                let i = i.max(0) as usize;
                match text {
                    Some(t) => char_to_byte(t, i),
                    None => i.min(data.len()),
                }
            };
            let end = to_byte(endpos);
            let start = to_byte(pos).min(end);
            let forbid = (forbid >= 0).then(|| to_byte(forbid));
            let s = Subject {
                data,
                utf8: text.is_some(),
                end,
            };
            match Matcher::new(&prog).search(&s, start, anchored, forbid) {
                Err(TooComplex) => Outcome::TooComplex,
                Ok(None) => Outcome::NoMatch,
                Ok(Some(slots)) => Outcome::Found(
                    slots
                        .iter()
                        .map(|&b| match (b, text) {
                            (usize::MAX, _) => -1,
                            (b, Some(t)) => byte_to_char(t, b) as i64,
                            (b, None) => b as i64,
                        })
                        .collect(),
                ),
            }
        }
    };
    match outcome {
        Outcome::NotText => {
            let msg = alloc::format!("can't convert '{}' object to str", vm.type_name(subject));
            Err(vm.type_error(&msg))
        }
        Outcome::TooComplex => Err(vm.runtime_error("maximum recursion depth exceeded")),
        Outcome::NoMatch => Ok(Value::NONE),
        Outcome::Found(spans) => {
            let mut items = Vec::with_capacity(spans.len());
            for s in spans {
                items.push(vm.new_int(s)?);
            }
            vm.new_tuple(&items)
        }
    }
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("compile", compile_fn),
    NativeDef::new("exec", exec_fn),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}
