//! asyncio on the embedding API: an idle event loop must suspend `run` on virtual time
//! (`RunOutcome::Sleeping` until the earliest wake time) rather than spin through its budget.

use alloc::string::String;
use alloc::vec::Vec;

use crate::{Config, RunOutcome, Stream, Vm};

fn stdout(vm: &mut Vm) -> String {
    let out: Vec<u8> = vm
        .take_output()
        .into_iter()
        .filter(|(s, _)| *s == Stream::Stdout)
        .flat_map(|(_, b)| b)
        .collect();
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs until the program sleeps or ends; budget exhaustion just continues.
fn run_to_pause(vm: &mut Vm) -> RunOutcome {
    loop {
        match vm.run(100_000) {
            RunOutcome::BudgetExhausted => {}
            r => return r,
        }
    }
}

#[test]
fn run_sleep_suspends_until_the_wake_time() {
    let mut vm = Vm::new(Config::default());
    vm.load_main(
        "import asyncio\nasyncio.run(asyncio.sleep(1))\nprint('woke')\n",
        "t.py",
    )
    .unwrap();
    assert_eq!(
        run_to_pause(&mut vm),
        RunOutcome::Sleeping {
            until_us: 1_000_000
        }
    );
    // Not yet time: the VM stays asleep without running anything.
    vm.set_time_us(500_000);
    assert_eq!(
        vm.run(100_000),
        RunOutcome::Sleeping {
            until_us: 1_000_000
        }
    );
    vm.set_time_us(1_000_000);
    assert_eq!(run_to_pause(&mut vm), RunOutcome::Finished);
    assert_eq!(stdout(&mut vm), "woke\n");
}

#[test]
fn tasks_wake_in_order_of_virtual_time() {
    let mut vm = Vm::new(Config::default());
    vm.load_main(
        "import asyncio, time\n\
         async def w(n, ms):\n    await asyncio.sleep_ms(ms)\n    print(n, time.ticks_ms())\n\
         async def main():\n    await asyncio.gather(w('b', 30), w('a', 10), w('c', 20))\n\
         asyncio.run(main())\n",
        "t.py",
    )
    .unwrap();
    let mut wakes = Vec::new();
    loop {
        match run_to_pause(&mut vm) {
            RunOutcome::Sleeping { until_us } => {
                wakes.push(until_us);
                vm.set_time_us(until_us);
            }
            r => {
                assert_eq!(r, RunOutcome::Finished);
                break;
            }
        }
    }
    assert_eq!(wakes, [10_000, 20_000, 30_000]);
    assert_eq!(stdout(&mut vm), "a 10\nc 20\nb 30\n");
}
