//! Issue 2: objects cost no more heap than in MicroPython. Each figure is the `gc.mem_alloc()`
//! growth for keeping one object alive, measured the same way in both.

use super::out;

/// The program measured in both runtimes.
const MEASURE: &str = "import gc
class P:
    def __init__(self, x):
        self.x = x
        self.y = x
def measure(make):
    gc.collect(); before = gc.mem_alloc(); keep = make(); gc.collect()
    return gc.mem_alloc() - before
print(measure(lambda: list(range(1000))))
print(measure(lambda: {i: i for i in range(100)}))
print(measure(lambda: 'x' * 1024))
print(measure(lambda: [P(i) for i in range(100)]))
";

/// MicroPython's figures for `MEASURE`, from its 32-bit WebAssembly build (MicroPython 1.2x,
/// `gc.mem_alloc()`, 16-byte GC blocks), measured on 2026-11-25.
/// The instance figure is the same program's `[P(i) for i in range(100)]` through
/// `@micropython/micropython-webassembly-pyscript` from npm (`loadMicroPython().runPython`).
const MICROPYTHON: [(&str, usize); 4] = [
    ("list of 1000 small ints", 4144),
    ("100-entry dict", 1072),
    ("1 KiB str", 1056),
    ("100 instances with 2 attributes", 3760),
];

/// Our accounting (`Obj::size`) counts a heap slot as `size_of::<Obj>()` and the buffers an
/// object owns at their real sizes, so the figures depend on the target. This test runs on
/// the 64-bit host, where pointers, `Vec`s and boxes are twice as wide, so a slot is larger
/// than on wasm32 or riscv32: a 32-bit target costs less for every object here, and the
/// bound holds there a fortiori.
#[test]
fn objects_cost_no_more_than_in_micropython() {
    let printed = out(MEASURE);
    let ours: alloc::vec::Vec<usize> = printed.lines().filter_map(|l| l.parse().ok()).collect();
    assert_eq!(ours.len(), MICROPYTHON.len(), "{printed}");
    for ((what, theirs), ours) in MICROPYTHON.iter().zip(&ours) {
        assert!(
            ours <= theirs,
            "{what}: {ours} bytes, MicroPython needs {theirs}"
        );
    }
}

/// Issue 3: `micropython.heap_lock()` makes allocation fail with MicroPython's message, locks
/// nest, `heap_locked()` reports the depth, and an uncaught error still prints its traceback.
#[test]
fn heap_lock_stops_allocation() {
    let printed = out("import micropython
def grow():
    micropython.heap_lock()
    try:
        return [1, 2]
    except MemoryError as e:
        return e
    finally:
        micropython.heap_unlock()
e = grow()
print(type(e).__name__, e.args, micropython.heap_locked())
micropython.heap_lock()
micropython.heap_lock()
n = micropython.heap_locked()
m = micropython.heap_unlock()
micropython.heap_unlock()
print(n, m, micropython.heap_unlock(), [0] * 3)
");
    assert_eq!(
        printed,
        "MemoryError ('memory allocation failed, heap is locked',) 0\n2 1 0 [0, 0, 0]\n"
    );
    let (printed, err) = super::run(
        "import micropython
micropython.heap_lock()
print('locked')
x = [1]
",
    );
    assert_eq!(printed, "locked\n");
    assert!(
        err.ends_with("MemoryError: memory allocation failed, heap is locked\n"),
        "{err}"
    );
}

/// A lock left by one REPL input does not outlive it: the next input compiles and allocates.
#[test]
fn heap_lock_ends_with_the_input_that_took_it() {
    use crate::{Config, RunOutcome, Stream, Vm};
    let mut vm = Vm::new(Config::default());
    let mut printed = alloc::vec::Vec::new();
    for src in [
        "import micropython",
        "micropython.heap_lock()",
        "print([1], micropython.heap_locked())",
    ] {
        assert!(vm.load_repl_input(src).is_ok(), "{src}");
        assert_eq!(vm.run(100_000), RunOutcome::Finished, "{src}");
        for (s, b) in vm.take_output() {
            if s == Stream::Stdout {
                printed.extend(b);
            }
        }
    }
    assert_eq!(printed, b"[1] 0\n");
}
