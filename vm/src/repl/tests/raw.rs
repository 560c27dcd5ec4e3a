//! The raw REPL and raw-paste, byte for byte as repl-protocol.md gives them.

use alloc::collections::VecDeque;
use alloc::format;

use super::*;
use crate::repl::Mode;

#[test]
fn ctrl_a_enters_the_raw_repl_which_echoes_nothing() {
    let mut c = Console::raw();
    assert_eq!(c.repl.mode(), Mode::Raw);
    c.expect(b"print('hi')\r\nx = [1,\t2]\x05\x1b[A", "");
}

#[test]
fn ctrl_d_sends_ok_runs_and_frames_output_and_error() {
    let mut c = Console::raw();
    // `print(1)\x04` -> `OK1\r\n\x04\x04>`; the `1\r\n` is the program's own output.
    c.expect_exec(b"print(1)\x04", "OK", "print(1)", ExecMode::File);
    assert_eq!(c.repl.mode(), Mode::Raw);
    c.finish(ExecOutcome::Ok, "\x04\x04>");
    c.expect_exec(b"1/0\x04", "OK", "1/0", ExecMode::File);
    c.finish(
        ExecOutcome::Error(
            b"Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n\
              ZeroDivisionError: divide by zero\n"
                .to_vec(),
        ),
        "\x04Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n\
         ZeroDivisionError: divide by zero\r\n\x04>",
    );
}

#[test]
fn a_syntax_error_goes_in_the_error_section() {
    let mut c = Console::raw();
    c.expect_exec(b"1 +\x04", "OK", "1 +", ExecMode::File);
    c.finish(
        ExecOutcome::Error(
            b"Traceback (most recent call last):\r\n  File \"<stdin>\", line 1\r\nSyntaxError: invalid syntax\r\n"
                .to_vec(),
        ),
        "\x04Traceback (most recent call last):\r\n  File \"<stdin>\", line 1\r\n\
         SyntaxError: invalid syntax\r\n\x04>",
    );
}

#[test]
fn multi_line_programs_keep_their_bytes_with_newlines_normalized() {
    let mut c = Console::raw();
    c.expect_exec(
        b"def f():\r\n    return '\xc3\xa9'\rprint(f())\n\x04",
        "OK",
        "def f():\n    return '\u{e9}'\nprint(f())\n",
        ExecMode::File,
    );
}

#[test]
fn ctrl_c_clears_the_buffer_silently_and_interrupts_a_running_program() {
    let mut c = Console::raw();
    c.expect(b"garbage\x03", "");
    c.expect_exec(b"while 1: pass\x04", "OK", "while 1: pass", ExecMode::File);
    assert_eq!(c.feed(b"\x03"), [Action::Interrupt]);
    c.finish(
        ExecOutcome::Error(
            b"Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\nKeyboardInterrupt: \r\n"
                .to_vec(),
        ),
        "\x04Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n\
         KeyboardInterrupt: \r\n\x04>",
    );
}

#[test]
fn ctrl_a_resends_the_banner_and_clears_the_buffer() {
    let mut c = Console::raw();
    c.expect(b"junk\x01", RAW_BANNER);
    c.expect_exec(b"x\x04", "OK", "x", ExecMode::File);
}

#[test]
fn ctrl_b_returns_to_the_friendly_repl_with_the_banner() {
    let mut c = Console::raw();
    c.expect(b"half a program\x02", format!("\r\n{BANNER}>>> "));
    assert_eq!(c.repl.mode(), Mode::Friendly);
    c.expect_exec(b"1\r", "1\r\n", "1", ExecMode::Single);
}

#[test]
fn ctrl_d_on_an_empty_buffer_soft_resets_into_the_raw_repl() {
    let mut c = Console::raw();
    assert_eq!(
        c.feed(b"\x04"),
        [out("OK\r\nMPY: soft reboot\r\n"), Action::SoftReset]
    );
    // main.py does not run after a soft reset from the raw REPL.
    assert_eq!(c.repl.mode(), Mode::Raw);
    assert!(c.repl.is_executing());
    assert_eq!(c.repl.start(), [out(RAW_BANNER)]);
    c.expect_exec(b"x\x04", "OK", "x", ExecMode::File);
}

#[test]
fn system_exit_ends_the_frame_then_soft_resets() {
    let mut c = Console::raw();
    c.expect_exec(
        b"import sys\nsys.exit()\x04",
        "OK",
        "import sys\nsys.exit()",
        ExecMode::File,
    );
    let actions = c.repl.execution_finished(ExecOutcome::SystemExit);
    assert_eq!(
        actions,
        [out("\x04\x04MPY: soft reboot\r\n"), Action::SoftReset]
    );
    assert_eq!(c.repl.start(), [out(RAW_BANNER)]);
}

#[test]
fn a_program_past_the_limit_is_refused_with_memory_error() {
    let mut c = Console::with_limits(Limits::default().with_max_source(8));
    c.expect(b"\x01", format!("\r\n{RAW_BANNER}"));
    c.expect(b"123456789", "");
    c.expect(
        b"\x04",
        "OK\x04MemoryError: program longer than 8 bytes\r\n\x04>",
    );
    c.expect_exec(b"12345678\x04", "OK", "12345678", ExecMode::File);
}

#[test]
fn raw_paste_as_in_the_reference_example() {
    // Host writes `\x01\x05A\x01print(123)\x04` at a fresh friendly prompt; the device writes
    // `\r\nraw REPL; CTRL-B to exit\r\n>R\x01\x80\x00\x01\x04123\r\n\x04\x04>`.
    let mut c = Console::new();
    c.expect_exec(
        b"\x01\x05A\x01print(123)\x04",
        b"\r\nraw REPL; CTRL-B to exit\r\n>R\x01\x80\x00\x01\x04",
        "print(123)",
        ExecMode::File,
    );
    c.finish(ExecOutcome::Ok, "\x04\x04>");
    assert_eq!(c.repl.mode(), Mode::Raw);
}

#[test]
fn raw_paste_grants_a_window_every_128_bytes() {
    let mut c = Console::raw();
    c.expect(b"\x05A\x01", b"R\x01\x80\x00\x01");
    assert_eq!(c.repl.mode(), Mode::RawPaste);
    // Control bytes other than Ctrl-C and Ctrl-D are program bytes in raw-paste.
    let payload: Vec<u8> = (0..600u32)
        .map(|i| [b'a', 0x01, 0x02, 0x05, b'\n'][(i % 5) as usize])
        .collect();
    for (i, byte) in payload.iter().enumerate() {
        let expected = if (i + 1) % 128 == 0 { "\x01" } else { "" };
        c.expect(&[*byte], expected);
    }
    let actions = c.feed(b"\x04");
    assert_eq!(actions.first(), Some(&out("\x04")));
    let Some(Action::Execute {
        source,
        mode: ExecMode::File,
    }) = actions.get(1)
    else {
        panic!("expected an Execute, got {actions:?}");
    };
    assert_eq!(source.as_bytes(), &payload[..]);
    c.finish(ExecOutcome::Ok, "\x04\x04>");
}

/// mpremote's `raw_paste_write` (tools/mpremote/mpremote/transport_serial.py), run against the
/// REPL: the host never sends more than it has been granted, and the transfer completes.
#[test]
fn raw_paste_with_mpremotes_flow_control_loop() {
    let mut c = Console::raw();
    let reply = output_of(&c.feed(b"\x05A\x01"));
    assert_eq!(reply.get(..2), Some(&b"R\x01"[..]));
    let window = usize::from(u16::from_le_bytes([reply[2], reply[3]]));
    let mut from_device: VecDeque<u8> = reply[4..].iter().copied().collect();
    let program: Vec<u8> = (0..5000u32)
        .map(|i| b"x = 1  # padding\n"[(i % 17) as usize])
        .collect();
    let (mut remaining, mut sent) = (window, 0);
    let mut granted = 2 * window; // the reply itself and its trailing `\x01`
    while sent < program.len() {
        while remaining == 0 || !from_device.is_empty() {
            match from_device.pop_front() {
                Some(0x01) => remaining += window,
                other => panic!("host expected a window grant, got {other:?}"),
            }
        }
        let chunk = &program[sent..program.len().min(sent + remaining)];
        let actions = c.feed(chunk);
        let grants = output_of(&actions);
        assert!(grants.iter().all(|&b| b == 0x01), "{}", show(&grants));
        assert!(sent + chunk.len() <= granted, "host overran the window");
        granted += window * grants.len();
        from_device.extend(grants);
        sent += chunk.len();
        remaining -= chunk.len();
    }
    let actions = c.feed(b"\x04");
    assert_eq!(actions.first(), Some(&out("\x04")));
    assert!(matches!(&actions[1], Action::Execute { source, .. } if source.as_bytes() == program));
}

#[test]
fn ctrl_c_during_raw_paste_reception_is_a_keyboard_interrupt() {
    let mut c = Console::raw();
    c.expect(b"\x05A\x01", b"R\x01\x80\x00\x01");
    c.expect(b"print(1", "");
    c.expect(b"\x03", "\x04\x04KeyboardInterrupt: \r\n\x04>");
    assert_eq!(c.repl.mode(), Mode::Raw);
    c.expect_exec(b"x\x04", "OK", "x", ExecMode::File);
}

#[test]
fn an_unknown_raw_paste_command_is_refused() {
    let mut c = Console::raw();
    c.expect(b"\x05B\x01", "R\x00>");
    c.expect_exec(b"x\x04", "OK", "x", ExecMode::File);
}

#[test]
fn a_raw_paste_past_the_limit_stops_the_host_then_reports_memory_error() {
    let mut c = Console::with_limits(Limits::default().with_max_source(8));
    c.expect(b"\x01", format!("\r\n{RAW_BANNER}"));
    c.expect(b"\x05A\x01", b"R\x01\x80\x00\x01");
    c.expect(b"12345678", "");
    // The ninth byte does not fit: `\x04` tells the host to stop; what follows is dropped.
    c.expect(b"9", "\x04");
    c.expect(&[b'z'; 300], "");
    // The host answers the `\x04` with its own.
    c.expect(
        b"\x04",
        "\x04MemoryError: program longer than 8 bytes\r\n\x04>",
    );
    c.expect_exec(b"y\x04", "OK", "y", ExecMode::File);
}

#[test]
fn an_empty_raw_paste_program_runs() {
    // Thonny's probe: `\x05A\x01`, then `\x04` at once.
    let mut c = Console::raw();
    c.expect(b"\x05A\x01", b"R\x01\x80\x00\x01");
    c.expect_exec(b"\x04", "\x04", "", ExecMode::File);
    c.finish(ExecOutcome::Ok, "\x04\x04>");
}
