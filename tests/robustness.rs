//! No input panics or hangs the VM: every prefix of every corpus program, and many random
//! mutations of them, must compile and run to a clean end (success, a Python exception, or the
//! instruction budget used up) on a small heap.
//!
//! A failure names the input and writes it to `target/robustness-failure.py` so it can be
//! replayed with `esprit run`.

use esprit_tests::repo_root;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use vm::{Config, RunOutcome, Vm};

/// Instructions a program may run before it counts as "still going", which is a clean end.
const BUDGET: u32 = 20_000;
/// A small heap, so MemoryError paths run too.
const HEAP_BYTES: usize = 48 * 1024;

fn corpus_programs() -> Vec<(String, String)> {
    let root = repo_root();
    let shared = root.join("../shared/conformance");
    let corpus = if shared.is_dir() {
        shared
    } else {
        root.join("tests/conformance")
    };
    let mut programs = Vec::new();
    for dir in [corpus, root.join("tests/cases")] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
            .collect();
        paths.sort();
        for path in paths {
            let source = std::fs::read_to_string(&path).expect("corpus files are UTF-8");
            programs.push((
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into(),
                source,
            ));
        }
    }
    programs
}

/// Compiles and runs `source` under the budget. Returns a description of the failure, if any.
fn check(source: &str) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let config = Config {
            heap_bytes: HEAP_BYTES,
            ..Config::default()
        };
        let mut vm = Vm::new(config);
        if vm.load_main(source, "fuzz.py").is_err() {
            return;
        }
        let mut budget_left = BUDGET;
        while budget_left > 0 {
            let slice = budget_left.min(5_000);
            budget_left -= slice;
            match vm.run(slice) {
                RunOutcome::BudgetExhausted => {}
                RunOutcome::Sleeping { until_us } => vm.set_time_us(until_us),
                RunOutcome::WaitingForInput => vm.close_input(),
                RunOutcome::Exception => {
                    let _ = vm.last_traceback();
                    break;
                }
                RunOutcome::Finished | RunOutcome::Exit(_) => break,
            }
            let _ = vm.take_output();
        }
    }));
    outcome.map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic".into());
        format!("panicked: {message}")
    })
}

fn report(label: &str, source: &str, failure: String) -> ! {
    let path = repo_root().join("target/robustness-failure.py");
    let _ = std::fs::write(&path, source);
    panic!("{label}: {failure}\n(input saved to {})", path.display());
}

/// Quiet the default panic printer: panics are caught and reported with their input.
fn silence_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

#[test]
fn every_prefix_compiles_cleanly_and_line_prefixes_run_cleanly() {
    silence_panics();
    for (name, source) in corpus_programs() {
        // Every character boundary: the lexer and parser see every way a file can be cut off.
        // (Parsing alone, since a VM per prefix would make this quadratic in start-ups.)
        for (cut, _) in source.char_indices() {
            let prefix = &source[..cut];
            if catch_unwind(|| vm::parser::parse_module(prefix)).is_err() {
                report(
                    &format!("{name} cut at byte {cut}"),
                    prefix,
                    "parser panicked".into(),
                );
            }
        }
        // Every line boundary, compiled and run: half-finished programs still behave.
        let mut end = 0;
        for line in source.split_inclusive('\n') {
            end += line.len();
            if std::env::var_os("ROBUSTNESS_TRACE").is_some() {
                eprintln!("{name} prefix {end}");
            }
            let prefix = &source[..end];
            if let Err(failure) = check(prefix) {
                report(&format!("{name} cut after byte {end}"), prefix, failure);
            }
        }
    }
}

/// A small deterministic generator, so a failure reproduces on every machine.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Fragments that stress the grammar and the runtime when spliced in anywhere.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "\n",
    "    ",
    "\t",
    "\\\n",
    "'",
    "\"",
    "'''",
    "f'{",
    "}'",
    "lambda: ",
    "yield ",
    "await ",
    "*",
    "**",
    "=",
    ":=",
    ",",
    ".",
    "0x",
    "1e400",
    "9",
    "-",
    "not ",
    " if ",
    " else ",
    "del ",
    "return ",
    "global x\n",
    "nonlocal x\n",
    "async ",
    "with ",
    "try:\n",
    "except:\n",
    "finally:\n",
    "class C:\n",
    "def f(*a, **k):\n",
    "@f\n",
    "raise ",
    "import sys\n",
    "10 ** 10 ** 10",
    "[0] * 99999999",
    "'x' * 99999999",
    "while True: pass\n",
    "f(f(f(f(",
    "))))",
    "é",
    "\u{0}",
    "#",
    "None",
    "__class__",
    "super()",
    "range(-1, 10**20)",
    "1 << 100000",
    "b'\\xff'",
    "r'\\",
    "%s",
    "{0}",
];

fn mutate(source: &str, rng: &mut XorShift) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out: Vec<char> = chars.clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(4) {
            0 => {
                let len = rng.below(20).min(out.len() - at.min(out.len()));
                out.drain(at..at + len);
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                out.splice(at..at, fragment.chars());
            }
            2 if !chars.is_empty() => {
                let from = rng.below(chars.len());
                let len = rng.below(40).min(chars.len() - from);
                out.splice(at..at, chars[from..from + len].iter().copied());
            }
            _ => {
                if at < out.len() {
                    out[at] = char::from(b" ():\n'\"*[]{}=.,#\\0aZ"[rng.below(20)]);
                }
            }
        }
    }
    out.into_iter().collect()
}

#[test]
fn random_mutations_of_the_corpus_end_cleanly() {
    silence_panics();
    let mut rng = XorShift(0x5eed_e5b1_7000_0001);
    for (name, source) in corpus_programs() {
        for round in 0..25 {
            let mutated = mutate(&source, &mut rng);
            if std::env::var_os("ROBUSTNESS_TRACE").is_some() {
                eprintln!("{name} mutation {round}");
            }
            if let Err(failure) = check(&mutated) {
                report(&format!("{name}, mutation {round}"), &mutated, failure);
            }
        }
    }
}
