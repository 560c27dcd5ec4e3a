//! The stdlib modules under memory pressure: a program using math, io, json and collections
//! runs on heaps from tiny to ample. Each run must end in the program's full output or in a
//! MemoryError, never a panic or any other error, as STYLE.md asks of every allocation path.

use alloc::string::String;
use alloc::vec::Vec;

use crate::{Config, RunOutcome, Vm};

const PROGRAM: &str = "\
import math, io, json
from collections import deque, namedtuple, OrderedDict
P = namedtuple('P', 'x y')
d = deque((), 16)
od = OrderedDict()
buf = io.StringIO()
for i in range(40):
    p = P(i, math.sqrt(i))
    d.append(p)
    od[str(i)] = [p.x, round(p.y, 3), {'k': 'v' * i}]
    buf.write(json.dumps(od[str(i)]))
doc = json.loads(json.dumps(od))
print(len(doc), len(buf.getvalue()), list(d)[-1].x, math.factorial(30) % 1000)
";

const EXPECTED: &str = "40 1635 39 0\n";

/// Is the traceback's last line a MemoryError (with or without the `: ` MicroPython adds)?
pub(super) fn is_memory_error(tb: &str) -> bool {
    let last = tb.trim_end().lines().last().unwrap_or("");
    last.split(':').next() == Some("MemoryError")
}

/// Runs `src` to its end on a heap of `heap_bytes`: stdout, and the traceback if it raised.
pub(super) fn run(src: &str, heap_bytes: usize) -> (String, Option<String>) {
    let mut vm = Vm::new(Config {
        heap_bytes,
        ..Config::default()
    });
    if let Err(e) = vm.load_main(src, "t.py") {
        return (String::new(), Some(e.traceback));
    }
    let mut r = vm.run(1_000_000);
    while r == RunOutcome::BudgetExhausted {
        r = vm.run(1_000_000);
    }
    let out: Vec<u8> = vm
        .take_output()
        .into_iter()
        .filter(|(s, _)| *s == crate::Stream::Stdout)
        .flat_map(|(_, b)| b)
        .collect();
    let tb = match r {
        RunOutcome::Exception => Some(vm.last_traceback().unwrap_or_default()),
        _ => None,
    };
    (String::from_utf8_lossy(&out).into_owned(), tb)
}

/// Runs `program` on heaps from 8 to 128 KiB (every `step_kib`): each run must print exactly
/// `expected` or end in MemoryError, and at least one heap must be enough.
pub(super) fn assert_output_or_memory_error(program: &str, expected: &str, step_kib: usize) {
    let mut finished = 0;
    for kib in (8..=128).step_by(step_kib) {
        let (out, tb) = run(program, kib * 1024);
        match tb {
            None => {
                assert_eq!(out, expected, "heap {kib} KiB");
                finished += 1;
            }
            Some(tb) => assert!(is_memory_error(&tb), "heap {kib} KiB: {tb}"),
        }
    }
    assert!(finished > 0, "no heap size was enough");
}

#[test]
fn stdlib_programs_end_in_output_or_memory_error() {
    assert_output_or_memory_error(PROGRAM, EXPECTED, 2);
}

/// A heap too small to compile a frozen module: MemoryError (as in MicroPython), which a
/// program can catch, not a SyntaxError blaming the module's source.
#[test]
fn compiling_without_heap_is_memory_error() {
    for kib in (8..=64).step_by(2) {
        let (out, tb) = run(
            "try:\n    import collections\n    print('ok')\nexcept MemoryError:\n    print('oom')\n",
            kib * 1024,
        );
        if let Some(tb) = &tb {
            assert!(is_memory_error(tb), "heap {kib} KiB: {tb}");
        }
        assert!(
            tb.is_some() || out == "ok\n" || out == "oom\n",
            "heap {kib} KiB: {out}"
        );
    }
}
