//! `sys.stdin`, and what `sys.stdout`/`sys.stderr` need beyond `write`: reading the console
//! input the embedder feeds (`read`, `readline`), MicroPython's reprs (`<io.TextIOWrapper 1>`)
//! and the binary `buffer` (`<io.FileIO 1>`). The streams are instances of the class
//! `builtins::std_streams` makes; an instance's `fd` attribute says which stream it is.

use alloc::string::String;
use alloc::vec::Vec;

use crate::exc::{PyErr, PyResult};
use crate::intern::Qstr;
use crate::modules::args::{arg, between};
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Stream, Vm};

fn fd_of(vm: &mut Vm, stream: Value) -> i64 {
    let fd = vm.intern("fd");
    vm.instance_get(stream, fd)
        .and_then(|v| v.as_small())
        .map_or(-1, i64::from)
}

/// Takes up to `n` bytes of console input (all when `n` is None), or, when `line`, up to and
/// including the first newline. Input that hasn't arrived yet suspends the VM
/// (`RunOutcome::WaitingForInput`) and the call is retried once the embedder feeds more;
/// after `close_input` whatever is left is returned (empty at the end).
fn take_input(vm: &mut Vm, n: Option<usize>, line: bool) -> PyResult<Vec<u8>> {
    let avail = vm.input.len();
    let mut want = n.unwrap_or(usize::MAX);
    if line && let Some(i) = vm.input.iter().position(|b| *b == b'\n') {
        want = want.min(i + 1);
    }
    if want <= avail || vm.input_eof {
        let k = want.min(avail);
        return Ok(vm.input.drain(..k).collect());
    }
    Err(PyErr::WOULD_BLOCK)
}

fn size_arg(vm: &mut Vm, v: Value) -> PyResult<Option<usize>> {
    if v.is_none() {
        return Ok(None);
    }
    let n = vm.int_arg(v)?;
    Ok(usize::try_from(n).ok())
}

// stdin.read([size])
fn read(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    between(vm, args, kw, 1, 2)?;
    let n = size_arg(vm, arg(args, 1))?;
    if fd_of(vm, arg(args, 0)) != 0 {
        return Err(os_error(vm));
    }
    let b = take_input(vm, n, false)?;
    vm.new_string(String::from_utf8_lossy(&b).into_owned())
}

// stdin.readline([size])
fn readline(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    between(vm, args, kw, 1, 2)?;
    let n = size_arg(vm, arg(args, 1))?;
    if fd_of(vm, arg(args, 0)) != 0 {
        return Err(os_error(vm));
    }
    let b = take_input(vm, n, true)?;
    vm.new_string(String::from_utf8_lossy(&b).into_owned())
}

/// Reading stdout or writing stdin: MicroPython's stream error (EINVAL... EBADF is 9).
fn os_error(vm: &mut Vm) -> PyErr {
    let class = vm.ty(TypeId::OSError);
    vm.new_exc_from(class, alloc::vec![Value::small(9)])
}

// stream.__repr__()
fn text_repr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = alloc::format!("<io.TextIOWrapper {}>", fd_of(vm, arg(args, 0)));
    vm.new_string(s)
}

// buffer.__repr__()
fn file_repr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = alloc::format!("<io.FileIO {}>", fd_of(vm, arg(args, 0)));
    vm.new_string(s)
}

// buffer.write(b): bytes straight to the console, for binary protocols.
fn file_write(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    between(vm, args, kw, 2, 2)?;
    let b = vm.bytes_of(arg(args, 1))?;
    let stream = match fd_of(vm, arg(args, 0)) {
        1 => Stream::Stdout,
        2 => Stream::Stderr,
        _ => return Err(os_error(vm)),
    };
    vm.write(stream, &b);
    vm.new_int(b.len() as i64)
}

// buffer.read([size])
fn file_read(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    between(vm, args, kw, 1, 2)?;
    let n = size_arg(vm, arg(args, 1))?;
    if fd_of(vm, arg(args, 0)) != 0 {
        return Err(os_error(vm));
    }
    let b = take_input(vm, n, false)?;
    vm.alloc(Obj::Bytes(b.into_boxed_slice()))
}

// stream.flush()
fn flush(_: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::NONE)
}

static TEXT_METHODS: &[NativeDef] = &[
    NativeDef::new("read", read),
    NativeDef::new("readline", readline),
    NativeDef::new("__repr__", text_repr),
];

static FILE_METHODS: &[NativeDef] = &[
    NativeDef::new("write", file_write),
    NativeDef::new("read", file_read),
    NativeDef::new("flush", flush),
    NativeDef::new("__repr__", file_repr),
];

fn instance(vm: &mut Vm, class: Value, attrs: Vec<(Qstr, Value)>) -> PyResult<Value> {
    let v = vm.make_instance(class, Value::NULL, &attrs)?;
    vm.keep(v);
    Ok(v)
}

/// Completes `sys`'s streams: adds the reading methods and reprs to stdout's class, makes
/// stdin, and gives each stream its `buffer`. Returns `(stdin, stdout, stderr)`.
pub fn streams(vm: &mut Vm) -> PyResult<(Value, Value, Value)> {
    let (out, err) = crate::modules::builtins::std_streams(vm)?;
    let class = vm.type_of(out);
    for d in TEXT_METHODS {
        let f = vm.register_native(d.name, d.f);
        let k = vm.intern(d.name);
        vm.setattr(class, k, f)?;
    }
    let ns = vm.new_dict()?;
    vm.add_functions(ns, FILE_METHODS)?;
    let name = vm.intern("FileIO");
    let file_class = vm.new_class(name, &[], ns)?;
    vm.roots.push(file_class);
    let fd = vm.intern("fd");
    let buffer = vm.intern("buffer");
    let stdin = instance(vm, class, alloc::vec![(fd, Value::small(0))])?;
    vm.roots.push(stdin);
    for (n, s) in [(0, stdin), (1, out), (2, err)] {
        let b = instance(vm, file_class, alloc::vec![(fd, Value::small(n))])?;
        vm.setattr(s, buffer, b)?;
    }
    Ok((stdin, out, err))
}

/// Is there console input to read without waiting: any (or, for `line`, a whole line), or
/// the end of input?
fn input_ready(vm: &Vm, line: bool) -> bool {
    vm.input_eof
        || if line {
            vm.input.contains(&b'\n')
        } else {
            !vm.input.is_empty()
        }
}

// _select.stdin_ready([line]): can sys.stdin be read (a line, with `line`) without waiting?
fn stdin_ready(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let line = vm.truthy(arg(args, 0))?;
    Ok(Value::bool(input_ready(vm, line)))
}

// _select.wait_stdin([line]): suspends the VM until the embedder feeds input (a whole line,
// with `line`) or closes it.
fn wait_stdin(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let line = vm.truthy(arg(args, 0))?;
    if !input_ready(vm, line) {
        return Err(PyErr::WOULD_BLOCK);
    }
    Ok(Value::NONE)
}

// _select.stdin_available(): bytes of console input ready to read.
fn stdin_available(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.new_int(vm.input.len() as i64)
}

// _select.sleep_for_stdin(ms): sleeps like time.sleep_ms, but input fed meanwhile ends the
// sleep at once (`Vm::wants_input` tells the embedder to pass it on).
fn sleep_for_stdin(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let ms = vm.int_arg(arg(args, 0))?.max(0) as u64;
    vm.sleep_us(ms.saturating_mul(1000));
    vm.input_poll_until = vm.sleep_until;
    Ok(Value::NONE)
}

static SELECT_FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("stdin_ready", stdin_ready),
    NativeDef::new("wait_stdin", wait_stdin),
    NativeDef::new("stdin_available", stdin_available),
    NativeDef::new("sleep_for_stdin", sleep_for_stdin),
];

/// `_select`: what the frozen `select` module needs to know about console input.
pub fn init_select(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, SELECT_FUNCTIONS)
}

#[cfg(test)]
mod tests {
    use alloc::string::String;
    use alloc::vec::Vec;

    use crate::{Config, RunOutcome, Stream, Vm};

    fn run(vm: &mut Vm) -> RunOutcome {
        loop {
            match vm.run(100_000) {
                RunOutcome::BudgetExhausted => {}
                r => return r,
            }
        }
    }

    fn stdout(vm: &mut Vm) -> String {
        let out: Vec<u8> = vm
            .take_output()
            .into_iter()
            .filter(|(s, _)| *s == Stream::Stdout)
            .flat_map(|(_, b)| b)
            .collect();
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn poll_on_stdin_waits_for_input_then_reads_it() {
        let mut vm = Vm::new(Config::default());
        vm.load_main(
            "import select, sys\np = select.poll()\np.register(sys.stdin, select.POLLIN)\n\
             print(p.poll(0))\nprint(p.poll())\nprint(repr(sys.stdin.readline()))\n\
             print(repr(sys.stdin.read(2)), repr(sys.stdin.read()))\n",
            "t.py",
        )
        .unwrap();
        assert_eq!(run(&mut vm), RunOutcome::WaitingForInput);
        assert_eq!(stdout(&mut vm), "[]\n");
        vm.feed_input(b"hello\nab");
        assert_eq!(run(&mut vm), RunOutcome::WaitingForInput);
        vm.feed_input(b"c");
        vm.close_input();
        assert_eq!(run(&mut vm), RunOutcome::Finished);
        assert_eq!(
            stdout(&mut vm),
            "[(<io.TextIOWrapper 0>, 1)]\n'hello\\n'\n'ab' 'c'\n"
        );
    }
}
