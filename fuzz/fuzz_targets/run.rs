//! Programs that compile are run under an instruction budget and a small heap: whatever they
//! do (deep recursion, huge allocations, sleeping, reading input) ends in an outcome, never a
//! panic, and the VM stays usable for the next program.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vm::{Config, RunOutcome, Vm};

/// Slices of the budget before the run is abandoned (as the page's Stop would).
const SLICES: usize = 20;
const BUDGET: u32 = 2_000;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let mut vm = Vm::new(Config {
        heap_bytes: 32 * 1024,
        max_depth: 64,
        ..Config::default()
    });
    if vm.load_main(&source, "<fuzz>").is_err() {
        return;
    }
    for _ in 0..SLICES {
        match vm.run(BUDGET) {
            RunOutcome::BudgetExhausted => {}
            RunOutcome::Sleeping { until_us } => vm.set_time_us(until_us),
            RunOutcome::WaitingForInput => vm.close_input(),
            RunOutcome::Finished | RunOutcome::Exit(_) => break,
            RunOutcome::Exception => {
                let _ = vm.last_traceback();
                break;
            }
        }
        let _ = vm.take_output();
    }
    // Whatever state the program left, an interrupt stops it and the VM takes new code.
    vm.interrupt();
    let _ = vm.run(BUDGET);
    assert!(vm.load_main("print(1 + 1)", "<after>").is_ok());
});
