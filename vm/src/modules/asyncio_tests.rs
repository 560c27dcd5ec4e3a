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

/// A StreamReader on stdin with nothing else to do suspends the VM for input, and the loop
/// resumes with the line once it is fed.
#[test]
fn stream_reader_waits_for_input_without_spinning() {
    let mut vm = Vm::new(Config::default());
    vm.load_main(
        r#"import asyncio, sys
async def main():
    r = asyncio.StreamReader(sys.stdin)
    a = await r.readline()
    b = await r.read(3)
    c = await r.readexactly(2)
    d = await r.readline()
    e = await r.readline()
    print(repr(a), repr(b), repr(c), repr(d), repr(e))
asyncio.run(main())
"#,
        "t.py",
    )
    .unwrap();
    assert_eq!(run_to_pause(&mut vm), RunOutcome::WaitingForInput);
    // Part of a line is not a line: still waiting.
    vm.feed_input(b"hel");
    assert_eq!(run_to_pause(&mut vm), RunOutcome::WaitingForInput);
    // readexactly(2) has one byte of two.
    vm.feed_input(b"lo\nabcd");
    assert_eq!(run_to_pause(&mut vm), RunOutcome::WaitingForInput);
    vm.feed_input(b"ef\n");
    assert_eq!(run_to_pause(&mut vm), RunOutcome::WaitingForInput);
    // The end of input is readable: readline() gives b''.
    vm.close_input();
    assert_eq!(run_to_pause(&mut vm), RunOutcome::Finished);
    assert_eq!(stdout(&mut vm), "b'hello\\n' 'abc' b'de' b'f\\n' b''\n");
}

/// Beside a timed task the loop sleeps until that task's time, but input fed during the sleep
/// wakes it at once (`wants_input`), so the reader answers before the timer fires.
#[test]
fn stream_reader_and_a_timed_task_share_the_loop() {
    let mut vm = Vm::new(Config::default());
    vm.load_main(
        r#"import asyncio, sys, time
async def ticker():
    for i in range(3):
        await asyncio.sleep_ms(100)
        print('tick', time.ticks_ms())
async def echo():
    r = asyncio.StreamReader(sys.stdin)
    line = await r.readline()
    print('got', line, time.ticks_ms())
async def main():
    await asyncio.gather(ticker(), echo())
asyncio.run(main())
"#,
        "t.py",
    )
    .unwrap();
    assert_eq!(
        run_to_pause(&mut vm),
        RunOutcome::Sleeping { until_us: 100_000 }
    );
    assert!(vm.wants_input());
    vm.set_time_us(100_000);
    assert_eq!(
        run_to_pause(&mut vm),
        RunOutcome::Sleeping { until_us: 200_000 }
    );
    vm.set_time_us(150_000);
    vm.feed_input(b"hi\n");
    assert_eq!(
        run_to_pause(&mut vm),
        RunOutcome::Sleeping { until_us: 200_000 }
    );
    // Only the ticker is left: a plain sleep, no input wanted.
    assert!(!vm.wants_input());
    for t in [200_000, 300_000] {
        vm.set_time_us(t);
        run_to_pause(&mut vm);
    }
    assert_eq!(
        stdout(&mut vm),
        "tick 100\ngot b'hi\\n' 150\ntick 200\ntick 300\n"
    );
}
