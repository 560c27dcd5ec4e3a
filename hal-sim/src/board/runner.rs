//! Runs a program on a simulated board for a span of virtual time, as `esprit run --diagram`
//! does: time advances through sleeps and by a fixed cost per bytecode, so busy-wait loops
//! progress and the same program with the same inputs gives the same trace at any host speed.

use vm::{Config, RunOutcome, Stream, Vm};

use super::{SharedBoard, TimedEvent};

/// Bytecodes per slice between looks at the board.
const BUDGET: u32 = 100;
/// Virtual time one bytecode takes, in nanoseconds (MicroPython on a 160 MHz ESP32 runs
/// about two million simple bytecodes a second).
const NS_PER_BYTECODE: u64 = 500;

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunEnd {
    /// The program finished.
    Finished,
    /// An uncaught exception; its traceback.
    Exception(String),
    /// `sys.exit(code)`, `machine.reset()` or `soft_reset()`.
    Exit(i32),
    /// The time limit came first.
    TimeUp,
}

/// Checks that every event names a part of the board and something it can do.
pub fn check_events(board: &SharedBoard, events: &[TimedEvent]) -> Result<(), String> {
    for (i, e) in events.iter().enumerate() {
        let known = board
            .with(|b| b.part_index(&e.event.part).is_some())
            .unwrap_or(false);
        if !known {
            return Err(format!(
                "event {}: no part \"{}\" on the board",
                i, e.event.part
            ));
        }
    }
    Ok(())
}

/// Runs `source` on `board` until it ends or the clock reaches `until_us`. Output goes to
/// `out` as it is produced.
pub fn run(
    board: &SharedBoard,
    config: Config,
    source: &str,
    filename: &str,
    until_us: u64,
    out: &mut dyn FnMut(Stream, &[u8]),
) -> RunEnd {
    let mut vm = Vm::new(config);
    crate::flash_file::mount(&mut vm);
    vm.attach_board(board.hal());
    let start = board.with(|b| b.now_us()).unwrap_or(0);
    vm.set_time_us(start);
    if let Err(e) = vm.load_main(source, filename) {
        return RunEnd::Exception(e.traceback);
    }
    let end = loop {
        let now = vm.time_us();
        if now >= until_us {
            break RunEnd::TimeUp;
        }
        board.with(|b| b.advance_to(now));
        let outcome = vm.run(BUDGET);
        for (stream, bytes) in vm.take_output() {
            out(stream, &bytes);
        }
        match outcome {
            RunOutcome::BudgetExhausted => {
                vm.advance_time_us(u64::from(BUDGET) * NS_PER_BYTECODE / 1000);
            }
            RunOutcome::Sleeping { until_us: wake } => {
                vm.set_time_us(wake.clamp(now + 1, until_us));
            }
            RunOutcome::WaitingForInput => vm.close_input(),
            RunOutcome::Finished => break RunEnd::Finished,
            RunOutcome::Exit(code) => break RunEnd::Exit(code),
            RunOutcome::Exception => {
                break RunEnd::Exception(vm.last_traceback().unwrap_or_default());
            }
        }
    };
    let t = vm.time_us().min(until_us);
    board.with(|b| b.advance_to(if end == RunEnd::TimeUp { until_us } else { t }));
    end
}
