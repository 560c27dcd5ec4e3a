//! End-to-end tests: compile and run snippets, compare what they print.

use alloc::string::String;
use alloc::vec::Vec;

use crate::{Config, RunOutcome, Vm};

fn run(src: &str) -> (String, String) {
    let mut vm = Vm::new(Config::default());
    if let Err(e) = vm.load_main(src, "t.py") {
        return (String::new(), e.traceback);
    }
    let mut out = Vec::new();
    let mut err = Vec::new();
    loop {
        let r = vm.run(100_000);
        for (s, b) in vm.take_output() {
            match s {
                crate::Stream::Stdout => out.extend(b),
                crate::Stream::Stderr => err.extend(b),
            }
        }
        match r {
            RunOutcome::BudgetExhausted => continue,
            RunOutcome::Sleeping { until_us } => vm.set_time_us(until_us),
            RunOutcome::Exception => {
                err.extend(vm.last_traceback().unwrap_or_default().bytes());
                break;
            }
            _ => break,
        }
    }
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn out(src: &str) -> String {
    let (o, e) = run(src);
    assert_eq!(e, "", "stderr for {src:?}");
    o
}

#[test]
fn arithmetic_and_print() {
    assert_eq!(
        out("print(1 + 2 * 3, 7 // 2, -7 // 2, 7 % -3, 2 ** 100)"),
        "7 3 -4 -2 1267650600228229401496703205376\n"
    );
    assert_eq!(
        out("print(1/2, 3.0, 'a' + 'b', [1, 2] * 2)"),
        "0.5 3.0 ab [1, 2, 1, 2]\n"
    );
}

#[test]
fn functions_loops_closures() {
    let src = "def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\nprint(f(10))\n\
def mk():\n    x = 1\n    def g():\n        nonlocal x\n        x += 1\n        return x\n    return g\ng = mk()\ng()\nprint(g())\n";
    assert_eq!(out(src), "45\n3\n");
}

#[test]
fn classes_and_exceptions() {
    let src = "class A:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\n\
class B(A):\n    def get(self):\n        return super().get() * 2\nprint(B(21).get())\n\
try:\n    1/0\nexcept ZeroDivisionError as e:\n    print('caught', e)\nfinally:\n    print('fin')\n";
    assert_eq!(out(src), "42\ncaught divide by zero\nfin\n");
}

#[test]
fn generators() {
    let src = "def g():\n    x = yield 1\n    yield x * 2\nit = g()\nprint(next(it), it.send(5))\nprint(list(i * i for i in range(4)))\n";
    assert_eq!(out(src), "1 10\n[0, 1, 4, 9]\n");
}

#[test]
fn traceback_format() {
    let (_, e) = run("def f():\n    return 1 // 0\nf()\n");
    assert_eq!(
        e,
        "Traceback (most recent call last):\n  File \"t.py\", line 3, in <module>\n  File \"t.py\", line 2, in f\nZeroDivisionError: divide by zero\n"
    );
}

#[test]
fn deep_recursion_is_recursion_error() {
    let src = "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError:\n    print('deep')\n";
    assert_eq!(out(src), "deep\n");
}

#[test]
fn memory_error_on_small_heap() {
    let mut vm = Vm::new(Config {
        heap_bytes: 32 * 1024,
        ..Config::default()
    });
    vm.load_main("x = []\ntry:\n    while True:\n        x.append([1, 2, 3])\nexcept MemoryError:\n    x = None\n    print('oom')\n", "t.py").unwrap();
    let mut r = vm.run(10_000_000);
    while r == RunOutcome::BudgetExhausted {
        r = vm.run(10_000_000);
    }
    assert_eq!(r, RunOutcome::Finished);
    let o: Vec<u8> = vm.take_output().into_iter().flat_map(|(_, b)| b).collect();
    assert_eq!(o, b"oom\n");
}
