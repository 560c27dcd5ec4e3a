//! End-to-end tests: compile and run snippets, compare what they print.

use alloc::string::String;
use alloc::vec::Vec;

use crate::{Config, RunOutcome, Vm};

mod memory;

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

#[test]
fn syntax_error_traceback() {
    let (_, e) = run("x = 1\ny = (\n");
    assert!(
        e.starts_with("Traceback (most recent call last):\n  File \"t.py\", line "),
        "{e}"
    );
    assert!(e.contains("SyntaxError"), "{e}");
    let (_, e) = run("x = 1\nreturn 5\n");
    assert_eq!(
        e,
        "Traceback (most recent call last):\n  File \"t.py\", line 2\nSyntaxError: 'return' outside function\n"
    );
}

#[test]
fn uncaught_custom_exception() {
    let (_, e) = run("class Oops(Exception):\n    pass\ndef f():\n    raise Oops('bad', 1)\nf()\n");
    assert!(
        e.ends_with("  File \"t.py\", line 4, in f\nOops: ('bad', 1)\n"),
        "{e}"
    );
    let (_, e) = run("raise KeyError\n");
    assert!(e.ends_with("KeyError: \n"), "{e}");
}

#[test]
fn interrupt_raises_keyboard_interrupt() {
    let mut vm = Vm::new(Config::default());
    vm.load_main("while True:\n    pass\n", "t.py").unwrap();
    assert_eq!(vm.run(1000), RunOutcome::BudgetExhausted);
    vm.interrupt();
    assert_eq!(vm.run(1000), RunOutcome::Exception);
    assert!(
        vm.last_traceback()
            .unwrap()
            .ends_with("KeyboardInterrupt: \n")
    );
}

#[test]
fn sleep_suspends_on_the_virtual_clock() {
    let mut vm = Vm::new(Config::default());
    vm.load_main(
        "import time\nprint(time.ticks_ms())\ntime.sleep_ms(250)\nprint(time.ticks_ms())\n",
        "t.py",
    )
    .unwrap();
    assert_eq!(vm.run(10_000), RunOutcome::Sleeping { until_us: 250_000 });
    assert_eq!(vm.run(10_000), RunOutcome::Sleeping { until_us: 250_000 });
    vm.set_time_us(250_000);
    assert_eq!(vm.run(10_000), RunOutcome::Finished);
    let o: Vec<u8> = vm.take_output().into_iter().flat_map(|(_, b)| b).collect();
    assert_eq!(o, b"0\n250\n");
}

#[test]
fn input_waits_for_the_embedder() {
    let mut vm = Vm::new(Config::default());
    vm.load_main("n = input('name? ')\nprint('hi', n)\n", "t.py")
        .unwrap();
    assert_eq!(vm.run(10_000), RunOutcome::WaitingForInput);
    vm.feed_input(b"bob\n");
    assert_eq!(vm.run(10_000), RunOutcome::Finished);
    let o: Vec<u8> = vm.take_output().into_iter().flat_map(|(_, b)| b).collect();
    assert_eq!(o, b"name? hi bob\n");
}

#[test]
fn repl_echoes_expressions_and_keeps_globals() {
    let mut vm = Vm::new(Config::default());
    vm.load_repl_input("x = 6\n").unwrap();
    assert_eq!(vm.run(10_000), RunOutcome::Finished);
    vm.load_repl_input("x * 7\n").unwrap();
    assert_eq!(vm.run(10_000), RunOutcome::Finished);
    vm.load_repl_input("None\n_ + 1\n").unwrap();
    assert_eq!(vm.run(10_000), RunOutcome::Finished);
    let o: Vec<u8> = vm.take_output().into_iter().flat_map(|(_, b)| b).collect();
    assert_eq!(o, b"42\n43\n");
}

#[test]
fn system_exit_status() {
    let mut vm = Vm::new(Config::default());
    vm.load_main("import sys\nsys.exit(3)\n", "t.py").unwrap();
    assert_eq!(vm.run(10_000), RunOutcome::Exit(3));
}

#[test]
fn async_protocols() {
    let src = "class S:\n    def __await__(self):\n        yield 1\n        return 2\n\
async def f():\n    return await S() + 1\nc = f()\nprint(c.send(None))\ntry:\n    c.send(None)\nexcept StopIteration as e:\n    print(e.value)\n";
    assert_eq!(out(src), "1\n3\n");
}

/// Every line-prefix of the corpus programs, and random mutations of them, compile and run
/// to a clean end (finished, exception, or budget used up) without panicking.
#[test]
fn corpus_prefixes_and_mutations_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for path in files {
        if path.extension().and_then(|e| e.to_str()) != Some("py") {
            continue;
        }
        let Ok(src) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut cases: Vec<String> = Vec::new();
        for (i, _) in src.match_indices('\n').step_by(3) {
            cases.push(String::from(&src[..i]));
        }
        let bytes = src.as_bytes();
        for _ in 0..8 {
            let mut b = bytes.to_vec();
            for _ in 0..3 {
                if b.is_empty() {
                    break;
                }
                let at = (rand() as usize) % b.len();
                let junk = b"()[]{}:=,.*'\"\n \\#0a+-";
                match rand() % 3 {
                    0 => {
                        b.remove(at);
                    }
                    1 => b.insert(at, junk[(rand() as usize) % junk.len()]),
                    _ => b[at] = junk[(rand() as usize) % junk.len()],
                }
            }
            cases.push(String::from_utf8_lossy(&b).into_owned());
        }
        for c in cases {
            let mut vm = Vm::new(Config {
                heap_bytes: 64 * 1024,
                ..Config::default()
            });
            if vm.load_main(&c, "fuzz.py").is_ok() {
                let _ = vm.run(20_000);
            }
        }
    }
}

#[test]
fn scheduled_callbacks_run_between_instructions() {
    let src = "import micropython\nseen = []\ndef cb(a):\n    seen.append(a)\nmicropython.schedule(cb, 7)\nx = 0\nfor i in range(10):\n    x += i\nprint(seen, x)\n";
    assert_eq!(out(src), "[7] 45\n");
}

/// Under small heaps every corpus program either prints exactly its expected output or stops
/// with MemoryError or RecursionError after a prefix of it: a collection never frees a live
/// object (which would show up as wrong output or a stray TypeError).
#[test]
fn corpus_under_small_heaps_is_right_or_out_of_memory() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    let mut bad = Vec::new();
    let mut ran = 0;
    let mut exact = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
    {
        ran += 1;
        let (Ok(src), Ok(exp)) = (
            std::fs::read_to_string(path),
            std::fs::read_to_string(path.with_extension("exp")),
        ) else {
            continue;
        };
        for heap in [24 * 1024, 40 * 1024] {
            let mut vm = Vm::new(Config {
                heap_bytes: heap,
                ..Config::default()
            });
            if vm.load_main(&src, "t.py").is_err() {
                continue;
            }
            let mut out = Vec::new();
            let mut tb = String::new();
            loop {
                let r = vm.run(1_000_000);
                for (s, b) in vm.take_output() {
                    if s == crate::Stream::Stdout {
                        out.extend(b);
                    }
                }
                match r {
                    RunOutcome::BudgetExhausted => {}
                    RunOutcome::Sleeping { until_us } => vm.set_time_us(until_us),
                    RunOutcome::Exception => {
                        tb = vm.last_traceback().unwrap_or_default();
                        break;
                    }
                    _ => break,
                }
            }
            let out = String::from_utf8_lossy(&out).into_owned();
            let ok = if tb.is_empty() {
                out == exp
            } else {
                let oom = tb.contains("MemoryError") || tb.contains("RecursionError");
                let missing = tb.contains("ImportError");
                missing || (oom && exp.starts_with(&out[..out.rfind('\n').map_or(0, |i| i + 1)]))
            };
            if ok && tb.is_empty() {
                exact += 1;
            }
            if !ok {
                bad.push(alloc::format!(
                    "{} at {} bytes: {}",
                    path.display(),
                    heap,
                    tb
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    std::eprintln!("ran {ran} programs, {exact} runs exact");
}

#[test]
fn completions_from_the_live_vm() {
    let mut vm = Vm::new(Config::default());
    vm.load_repl_input("import sys\nvalue = 3\n").unwrap();
    assert_eq!(vm.run(10_000), RunOutcome::Finished);
    let g = vm.completions(crate::repl::Scope::Globals, "va");
    assert_eq!(g, ["value"]);
    let a = vm.completions(crate::repl::Scope::Attributes("sys"), "ex");
    assert_eq!(a, ["exit"]);
    assert!(
        vm.completions(crate::repl::Scope::Modules, "ma")
            .contains(&String::from("math"))
    );
}
