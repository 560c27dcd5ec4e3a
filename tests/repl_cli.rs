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
fn console(input: &[u8]) -> (Option<i32>, String) {
    let mut child = Command::new(esprit_binary())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("esprit starts");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input);
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
    (status, reader.join().unwrap_or_default())
}

#[test]
fn piped_input_runs_and_ends_with_the_input() {
    let (status, out) = console(b"x = 6\r\nx * 7\r\ndef f(a):\rreturn a + 1\r\r\r\rf(x)\r");
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
fn ctrl_d_soft_resets_and_ctrl_x_quits() {
    let (status, out) = console(b"x = 1\r\x04x\r\x18print('not run')\r");
    assert_eq!(status, Some(0));
    assert!(
        out.contains("\r\nMPY: soft reboot\r\nMicroPython v1.24.1"),
        "{out:?}"
    );
    assert!(out.contains("NameError: name 'x' isn't defined"), "{out:?}");
    assert!(!out.contains("not run"), "{out:?}");
}

#[test]
fn input_reads_from_the_pipe() {
    let (status, out) = console(b"n = input('? ')\rbob\rn\r");
    assert_eq!(status, Some(0));
    assert!(
        out.ends_with("n = input('? ')\r\n? bob\r\n>>> n\r\n'bob'\r\n>>> "),
        "{out:?}"
    );
}
