//! `esprit` with no arguments, driven through pipes as a script would drive it: the board's
//! console bytes in, its console bytes out, and the program ends when the input does (or on
//! Ctrl-X).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use esprit_tests::esprit_binary;

const BANNER: &str = "MicroPython v1.24.1 on 2024-11-29; Generic ESP32 module with ESP32\r\n\
                      Type \"help()\" for more information.\r\n>>> ";

/// Runs `esprit` with `input` on stdin; returns (exit status, stdout), killing it after 30 s.
/// With `hold_open`, stdin stays open, so only the input itself can end the session.
fn console(input: &[u8], hold_open: bool) -> (Option<i32>, String) {
    let mut child = Command::new(esprit_binary())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("esprit starts");
    let mut stdin = child.stdin.take();
    if let Some(stdin) = stdin.as_mut() {
        let _ = stdin.write_all(input);
    }
    if !hold_open {
        drop(stdin.take());
    }
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut out) = stdout {
            let _ = std::io::Read::read_to_end(&mut out, &mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code(),
            Ok(None) if started.elapsed() < Duration::from_secs(30) => {
                std::thread::sleep(Duration::from_millis(10));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    drop(stdin);
    (status, reader.join().unwrap_or_default())
}

#[test]
fn piped_input_runs_and_ends_with_the_input() {
    let (status, out) = console(
        b"x = 6\r\nx * 7\r\ndef f(a):\rreturn a + 1\r\r\r\rf(x)\r",
        false,
    );
    assert_eq!(status, Some(0));
    assert_eq!(
        out,
        format!(
            "{BANNER}x = 6\r\n>>> x * 7\r\n42\r\n>>> def f(a):\r\n...     return a + 1\r\n\
             ...     \r\n...     \r\n... \r\n>>> f(x)\r\n7\r\n>>> "
        )
    );
}

#[test]
fn ctrl_d_soft_resets() {
    let (status, out) = console(b"x = 1\r\x04x\r", false);
    assert_eq!(status, Some(0));
    assert!(
        out.contains("\r\nMPY: soft reboot\r\nMicroPython v1.24.1"),
        "{out:?}"
    );
    assert!(out.contains("NameError: name 'x' isn't defined"), "{out:?}");
}

#[test]
fn ctrl_x_quits_at_once() {
    // stdin stays open and the program would sleep for long: only Ctrl-X ends it in time.
    let (status, out) = console(b"\x18import time; time.sleep(100)\r", true);
    assert_eq!(status, Some(0));
    assert!(!out.contains("import time"), "{out:?}");
}

#[test]
fn input_reads_from_the_pipe() {
    let (status, out) = console(b"n = input('? ')\rbob\rn\r", false);
    assert_eq!(status, Some(0));
    assert!(
        out.ends_with("n = input('? ')\r\n? bob\r\n>>> n\r\n'bob'\r\n>>> "),
        "{out:?}"
    );
}

/// Issue 11's limits at the console: running out of heap, recursing too deep and a huge int
/// each end in their exception, and the REPL that typed them still runs the next line.
#[test]
fn limits_leave_the_repl_working() {
    let (status, out) = console(
        b"x = []\rwhile True: x.append('y' * 1000)\r\r\
          x = None\rprint('after heap', 6 * 7)\r\
          def f(n): return f(n + 1)\r\r\
          f(0)\rprint('after recursion', 6 * 7)\r\
          n = 1 << 100_000_000\rprint('after int', 6 * 7)\r",
        false,
    );
    assert_eq!(status, Some(0), "{out}");
    let after = |what: &str| format!("after {what} 42");
    let heap = out
        .find("MemoryError")
        .expect("MemoryError from the full heap");
    let recursion = out.find("RecursionError").expect("RecursionError from f");
    assert!(
        heap < out
            .find(&after("heap"))
            .expect("the REPL ran on after MemoryError")
    );
    assert!(
        recursion
            < out
                .find(&after("recursion"))
                .expect("and after RecursionError")
    );
    let int = out[recursion..]
        .find("MemoryError")
        .expect("MemoryError from a huge int");
    assert!(recursion + int < out.find(&after("int")).expect("and after the huge int"));
}
