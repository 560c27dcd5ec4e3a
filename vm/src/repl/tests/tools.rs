//! The exact sequences mpremote, pyboard.py and Thonny send (repl-protocol.md), and what they
//! wait for.

use alloc::format;

use super::*;
use crate::repl::Mode;

#[test]
fn mpremote_enter_raw_repl_with_soft_reset_then_exec_and_disconnect() {
    let mut c = Console::new();
    // Interrupt whatever runs, then drain.
    c.expect(b"\r\x03", "\r\n>>> \r\n>>> ");
    // Enter the raw REPL; mpremote waits for `raw REPL; CTRL-B to exit\r\n>`.
    c.expect(b"\r\x01", format!("\r\n>>> \r\n{RAW_BANNER}"));
    // Soft reset; it waits for `soft reboot\r\n`, then for the raw banner.
    assert_eq!(
        c.feed(b"\x04"),
        [out("OK\r\nMPY: soft reboot\r\n"), Action::SoftReset]
    );
    assert_eq!(c.repl.mode(), Mode::Raw);
    assert_eq!(c.repl.start(), [out(RAW_BANNER)]);
    // `exec "print(1)"` through raw-paste.
    c.expect(b"\x05A\x01", b"R\x01\x80\x00\x01");
    c.expect(b"print(1)", "");
    c.expect_exec(b"\x04", "\x04", "print(1)", ExecMode::File);
    c.finish(ExecOutcome::Ok, "\x04\x04>");
    // `eval "x"` without raw-paste (plain raw: 256-byte chunks, `\x04`, expect `OK`).
    c.expect_exec(b"print(x)\x04", "OK", "print(x)", ExecMode::File);
    c.finish(
        ExecOutcome::Error(b"NameError: name 'x' isn't defined\n".to_vec()),
        "\x04NameError: name 'x' isn't defined\r\n\x04>",
    );
    // Disconnect.
    c.expect(b"\r\x02", format!("\r\n{BANNER}>>> "));
}

#[test]
fn mpremote_interrupts_a_running_main_py() {
    let mut repl = Repl::new(banner(), Limits::default());
    // main.py loops forever while booting; the `\r` waits, Ctrl-C interrupts it.
    assert_eq!(repl.feed(b"\r\x03", &names), [Action::Interrupt]);
    // main.py ends with KeyboardInterrupt (printed by the embedder); the REPL starts and then
    // reads the `\r` that waited.
    assert_eq!(repl.start(), [out(format!("{BANNER}>>> \r\n>>> "))]);
    let actions = repl.feed(b"\r\x01", &names);
    assert_eq!(actions, [out(format!("\r\n>>> \r\n{RAW_BANNER}"))]);
}

#[test]
fn mpremote_resume_reuses_the_raw_repl_and_a_command_runs_while_the_last_output_drains() {
    let mut c = Console::raw();
    c.expect_exec(
        b"f=open('p','wb')\nw=f.write\x04",
        "OK",
        "f=open('p','wb')\nw=f.write",
        ExecMode::File,
    );
    c.finish(ExecOutcome::Ok, "\x04\x04>");
    for chunk in ["w(b'abc')", "w(b'\\x00\\xff')", "f.close()"] {
        let mut bytes = chunk.as_bytes().to_vec();
        bytes.push(0x04);
        c.expect_exec(&bytes, "OK", chunk, ExecMode::File);
        c.finish(ExecOutcome::Ok, "\x04\x04>");
    }
}

#[test]
fn pyboard_py_enter_raw_repl() {
    let mut c = Console::new();
    c.expect(b"\r\x03\x03", "\r\n>>> \r\n>>> \r\n>>> ");
    c.expect(b"\r\x01", format!("\r\n>>> \r\n{RAW_BANNER}"));
    assert_eq!(
        c.feed(b"\x04"),
        [out("OK\r\nMPY: soft reboot\r\n"), Action::SoftReset]
    );
    assert_eq!(c.repl.start(), [out(RAW_BANNER)]);
}

#[test]
fn mpremote_enter_raw_repl_from_a_half_typed_line() {
    let mut c = Console::new();
    // The `\r` runs the half-typed line first, as it does on a board; Ctrl-C then interrupts it.
    let actions = c.feed(b"abc\r\x03");
    assert_eq!(
        actions,
        [
            out("abc\r\n"),
            exec("abc", ExecMode::Single),
            Action::Interrupt
        ]
    );
    c.finish(
        ExecOutcome::Error(b"KeyboardInterrupt: \r\n".to_vec()),
        "KeyboardInterrupt: \r\n>>> ",
    );
    c.expect(b"\r\x01", format!("\r\n>>> \r\n{RAW_BANNER}"));
}

#[test]
fn thonny_connect_clean_start_and_welcome() {
    let mut c = Console::new();
    // Connect: `\x03\x01` until the raw prompt, which may be sent more than once.
    c.expect(b"\x03\x01", format!("\r\n>>> \r\n{RAW_BANNER}"));
    c.expect(b"\x03\x01", RAW_BANNER);
    // Clean start: `\x04\x03` in raw mode: soft reboot without main.py; the Ctrl-C lands while
    // booting.
    assert_eq!(
        c.feed(b"\x04\x03"),
        [
            out("OK\r\nMPY: soft reboot\r\n"),
            Action::SoftReset,
            Action::Interrupt
        ]
    );
    assert_eq!(c.repl.mode(), Mode::Raw);
    assert_eq!(c.repl.start(), [out(RAW_BANNER)]);
    // Submit-mode probe.
    c.expect(b"\x05A\x01", b"R\x01\x80\x00\x01");
    c.expect_exec(b"\x04", "\x04", "", ExecMode::File);
    c.finish(ExecOutcome::Ok, "\x04\x04>");
    // Welcome text: `\x02`, read to `>>> `.
    c.expect(b"\x02", format!("\r\n{BANNER}>>> "));
}

#[test]
fn thonny_sends_program_input_as_text_and_crlf_and_reads_the_echo() {
    let mut c = Console::raw();
    c.expect_exec(
        b"print(input())\x04",
        "OK",
        "print(input())",
        ExecMode::File,
    );
    assert_eq!(c.repl.start_input_line(), []);
    assert_eq!(
        c.feed(b"hello\r\n"),
        [out("hello\r\n"), Action::InputLine("hello".into())]
    );
    c.finish(ExecOutcome::Ok, "\x04\x04>");
}

#[test]
fn thonny_stop_goes_to_the_friendly_repl_and_soft_reboots_with_main_py() {
    let mut c = Console::raw();
    c.expect(b"\x02", format!("\r\n{BANNER}>>> "));
    assert_eq!(
        c.feed(b"\x04"),
        [out("\r\nMPY: soft reboot\r\n"), Action::SoftReset]
    );
    assert_eq!(c.repl.mode(), Mode::Friendly);
}
