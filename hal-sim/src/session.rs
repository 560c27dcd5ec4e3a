//! Drives a [`Console`] or a whole [`Chip`] from a stream of input bytes, paced to the wall
//! clock: the loop shared by the terminal REPL (`esprit`), `esprit serve --pty` and
//! `--rfc2217`. Input arrives on a channel from a reader thread, so the board keeps running
//! while nothing is typed and Ctrl-C reaches running code.

use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use hal_sim::console::{Console, Poll};
use hal_sim::rom::chip::Chip;

/// Bytecodes per slice: small enough that Ctrl-C and output stay prompt.
const BUDGET: u32 = 20_000;

/// What a session drives: bytes in, bytes out, on the caller's clock.
pub trait Device {
    fn feed(&mut self, bytes: &[u8]);
    fn set_time_us(&mut self, now_us: u64);
    fn run(&mut self, budget: u32) -> Poll;
    fn take_output(&mut self) -> Vec<u8>;
    /// The host set DTR and RTS (true = asserted); a console alone has no such lines.
    fn set_lines(&mut self, _dtr: bool, _rts: bool) {}
    /// The host purged the port's buffers.
    fn purge(&mut self) {}
}

impl Device for Console {
    fn feed(&mut self, bytes: &[u8]) {
        Console::feed(self, bytes);
    }
    fn set_time_us(&mut self, now_us: u64) {
        Console::set_time_us(self, now_us);
    }
    fn run(&mut self, budget: u32) -> Poll {
        Console::run(self, budget)
    }
    fn take_output(&mut self) -> Vec<u8> {
        Console::take_output(self)
    }
}

impl Device for Chip {
    fn feed(&mut self, bytes: &[u8]) {
        Chip::feed(self, bytes);
    }
    fn set_time_us(&mut self, now_us: u64) {
        Chip::set_time_us(self, now_us);
    }
    fn run(&mut self, budget: u32) -> Poll {
        Chip::run(self, budget)
    }
    fn take_output(&mut self) -> Vec<u8> {
        Chip::take_output(self)
    }
    fn set_lines(&mut self, dtr: bool, rts: bool) {
        Chip::set_lines(self, dtr, rts);
    }
    fn purge(&mut self) {
        Chip::purge(self);
    }
}

/// What the reader thread saw.
pub enum Input {
    Bytes(Vec<u8>),
    /// DTR and RTS as the host set them (RFC 2217 SET-CONTROL).
    Lines {
        dtr: bool,
        rts: bool,
    },
    /// The host purged the port's buffers.
    Purge,
    /// The input ended (a pipe closed).
    End,
}

/// How the session ends.
pub struct Options {
    /// A byte that quits the host program (Ctrl-X at the terminal); bytes after it are dropped.
    pub quit_byte: Option<u8>,
}

/// Runs the board until the quit byte, or until input has ended and the board waits for more.
pub fn run(
    console: &mut dyn Device,
    input: &Receiver<Input>,
    out: &mut dyn FnMut(&[u8]),
    options: &Options,
) {
    let start = Instant::now();
    let mut ended = false;
    loop {
        let now_us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        console.set_time_us(now_us);
        let poll = console.run(BUDGET);
        let bytes = console.take_output();
        if !bytes.is_empty() {
            out(&bytes);
        }
        let wait = match poll {
            Poll::Busy => Some(Duration::ZERO),
            Poll::Sleeping { until_us } => {
                Some(Duration::from_micros(until_us.saturating_sub(now_us)))
            }
            Poll::Idle | Poll::WaitingForInput => None,
        };
        if ended {
            match wait {
                // Nothing more will come: the session is over once the board waits for input.
                None => return,
                Some(wait) => std::thread::sleep(wait),
            }
            continue;
        }
        let received = match wait {
            Some(Duration::ZERO) => input
                .try_recv()
                .map_err(|e| matches!(e, TryRecvError::Disconnected)),
            Some(wait) => input
                .recv_timeout(wait)
                .map_err(|e| matches!(e, RecvTimeoutError::Disconnected)),
            None => input.recv().map_err(|_| true),
        };
        match received {
            Ok(Input::Bytes(bytes)) => {
                let quit = options
                    .quit_byte
                    .and_then(|q| bytes.iter().position(|&b| b == q));
                match quit {
                    Some(at) => {
                        console.feed(bytes.get(..at).unwrap_or_default());
                        out(&console.take_output());
                        return;
                    }
                    None => console.feed(&bytes),
                }
            }
            Ok(Input::Lines { dtr, rts }) => console.set_lines(dtr, rts),
            Ok(Input::Purge) => console.purge(),
            Ok(Input::End) | Err(true) => ended = true,
            Err(false) => {}
        }
    }
}
