//! Runs each `cases/NAME.py` through the VM and compares its output with `cases/NAME.exp`
//! (CPython 3.11's output for programs that avoid MicroPython differences).

use vm::{Config, RunOutcome, Stream, Vm};

fn run(src: &str, file: &str, gc_stress: u32) -> String {
    let mut vm = Vm::new(Config {
        gc_stress,
        ..Config::default()
    });
    if let Err(e) = vm.load_main(src, file) {
        return e.traceback;
    }
    let mut out = Vec::new();
    loop {
        let r = vm.run(1_000_000);
        for (s, b) in vm.take_output() {
            if s == Stream::Stdout {
                out.extend(b);
            }
        }
        match r {
            RunOutcome::BudgetExhausted => {}
            RunOutcome::Sleeping { until_us } => vm.set_time_us(until_us),
            RunOutcome::Exception => {
                out.extend(vm.last_traceback().unwrap_or_default().bytes());
                break;
            }
            _ => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn cases_match_their_expected_output() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for py in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
    {
        let src = std::fs::read_to_string(py).unwrap();
        let exp = std::fs::read_to_string(py.with_extension("exp")).unwrap();
        // Once normally, once collecting at every allocation (a value the collector can't
        // see would be freed and the output would differ).
        for stress in [0, 1] {
            let got = run(&src, py.file_name().unwrap().to_str().unwrap(), stress);
            if got != exp {
                failures.push(format!(
                    "{} (gc_stress {stress}):\n--- got\n{got}\n--- expected\n{exp}",
                    py.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
