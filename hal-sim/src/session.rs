//! Drives a [`Console`] from a stream of input bytes, paced to the wall clock: the loop shared by
//! the terminal REPL (`esprit`) and `esprit serve --pty`. Input arrives on a channel from a reader
//! thread, so the board keeps running while nothing is typed and Ctrl-C reaches running code.

use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use hal_sim::console::{Console, Poll};

/// Bytecodes per slice: small enough that Ctrl-C and output stay prompt.
const BUDGET: u32 = 20_000;

/// What the reader thread saw.
pub enum Input {
    Bytes(Vec<u8>),
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
    console: &mut Console,
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
            Ok(Input::End) | Err(true) => ended = true,
            Err(false) => {}
        }
    }
}
