//! No byte sequence panics the REPL or grows its memory past the limits, whatever the embedder's
//! answers.

use super::*;

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Mostly the bytes the protocol cares about, so that deep states are reached.
fn interesting_byte(rng: &mut Rng) -> u8 {
    const SPECIAL: &[u8] =
        b"\x01\x02\x03\x04\x05\x06\x08\x0b\x0e\x10\x15\x7f\x1b[O0134578~ABCDHF\r\n\t :(.'\"\\Am";
    match rng.below(4) {
        0 => rng.next() as u8,
        1 => b' ' + rng.below(95) as u8,
        _ => SPECIAL[rng.below(SPECIAL.len() as u64) as usize],
    }
}

#[test]
fn random_bytes_never_panic_and_memory_stays_bounded() {
    let limits = Limits {
        max_source: 2000,
        max_line: 300,
        max_stdin: 100,
    };
    let mut repl = Repl::new(banner(), limits);
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut fed = 0;
    let mut actions = repl.start();
    let (mut executions, mut resets) = (0, 0);
    while fed < 100_000 {
        let len = 1 + rng.below(64) as usize;
        let chunk: Vec<u8> = (0..len).map(|_| interesting_byte(&mut rng)).collect();
        fed += len;
        actions.extend(repl.feed(&chunk, &names));
        // Play the embedder, sometimes slowly.
        for action in core::mem::take(&mut actions) {
            match action {
                Action::Execute { source, .. } => {
                    executions += 1;
                    assert!(
                        source.len() <= 3 * limits.max_source,
                        "source of {} bytes",
                        source.len()
                    );
                }
                Action::SoftReset => resets += 1,
                Action::Output(_) | Action::Interrupt | Action::InputLine(_) | Action::InputEof => {
                }
            }
        }
        assert!(repl.stdin_available() <= limits.max_stdin);
        if repl.is_executing() {
            match rng.below(8) {
                0 => actions.extend(repl.execution_finished(ExecOutcome::Ok)),
                1 => actions.extend(repl.execution_finished(ExecOutcome::Error(b"E\n".to_vec()))),
                2 => actions.extend(repl.execution_finished(ExecOutcome::SystemExit)),
                3 => actions.extend(repl.start()),
                4 => actions.extend(repl.start_input_line()),
                5 => drop(repl.read_stdin(rng.below(10) as usize)),
                6 => actions.extend(repl.soft_reset()),
                _ => {}
            }
        }
    }
    assert!(
        executions > 100 && resets > 10,
        "{executions} executions, {resets} resets"
    );
}

#[test]
fn random_bytes_in_every_mode() {
    for (seed, prefix) in [
        (1, &b""[..]),
        (2, b"\x05"),
        (3, b"\x01"),
        (4, b"\x01\x05A\x01"),
    ] {
        let mut repl = Repl::new(
            banner(),
            Limits {
                max_source: 500,
                max_line: 80,
                max_stdin: 50,
            },
        );
        repl.start();
        repl.feed(prefix, &names);
        let mut rng = Rng(seed);
        let bytes: Vec<u8> = (0..20_000).map(|_| rng.next() as u8).collect();
        for chunk in bytes.chunks(1 + (seed as usize) * 7) {
            repl.feed(chunk, &names);
            if repl.is_executing() {
                repl.execution_finished(ExecOutcome::Ok);
                repl.start();
            }
        }
    }
}
