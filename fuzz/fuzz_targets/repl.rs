//! The board's console (friendly REPL, paste mode, raw REPL and raw-paste, with the VM behind
//! it) fed arbitrary bytes in arbitrary chunks: no panic, and afterwards Ctrl-C then Ctrl-B
//! bring back a friendly prompt that runs code.
#![no_main]

use hal_sim::console::{BareBoard, Console, Poll};
use libfuzzer_sys::fuzz_target;
use vm::Config;

const BUDGET: u32 = 2_000;

fuzz_target!(|data: &[u8]| {
    let mut console = Console::new(
        Config {
            heap_bytes: 32 * 1024,
            max_depth: 64,
            ..Config::default()
        },
        Box::new(BareBoard),
    );
    let mut now = 0u64;
    // The first byte of each chunk is its length, so the fuzzer explores how input is split.
    let mut rest = data;
    while let Some((&len, tail)) = rest.split_first() {
        let take = (len as usize % 16 + 1).min(tail.len());
        console.feed(&tail[..take]);
        rest = &tail[take..];
        step(&mut console, &mut now, 4);
    }
    console.feed(b"\x03\x03\x02");
    step(&mut console, &mut now, 8);
    let _ = console.take_output();
    console.feed(b"\x03print(6*7)\r");
    let last = step(&mut console, &mut now, 50);
    let out = String::from_utf8_lossy(&console.take_output()).into_owned();
    // A program that swallows KeyboardInterrupt keeps running on a real board too; only a
    // console that came back to its prompt must have run the line.
    if last == Poll::Idle {
        assert!(out.contains("42"), "console did not recover: {out:?}");
    }
});

/// Runs the board for up to `slices` budgets and returns what it waits for at the end.
fn step(console: &mut Console, now: &mut u64, slices: usize) -> Poll {
    let mut poll = Poll::Busy;
    for _ in 0..slices {
        poll = console.run(BUDGET);
        match poll {
            Poll::Busy => {}
            Poll::Sleeping { until_us } => *now = until_us.max(*now),
            Poll::Idle | Poll::WaitingForInput => break,
        }
        *now += 1_000;
        console.set_time_us(*now);
    }
    poll
}
