//! The friendly REPL: prompts, running lines, continuation and auto-indent, control keys, paste
//! mode, soft reset, and input while code runs.

use alloc::format;

use super::*;
use crate::repl::Mode;

#[test]
fn boots_silently_then_prints_banner_and_prompt() {
    let mut repl = Repl::new(banner(), Limits::default());
    assert!(repl.is_executing());
    assert_eq!(repl.mode(), Mode::Friendly);
    // main.py may be running: Ctrl-C interrupts it, other input waits.
    assert_eq!(repl.feed(b"\x03", &names), [Action::Interrupt]);
    assert_eq!(repl.feed(b"x", &names), []);
    assert_eq!(repl.start(), [out(format!("{BANNER}>>> x"))]);
    assert!(!repl.is_executing());
    // A second start() is a no-op.
    assert_eq!(repl.start(), []);
}

#[test]
fn a_line_is_echoed_and_run_as_single_input() {
    let mut c = Console::new();
    c.expect_exec(b"1 + 2\r", "1 + 2\r\n", "1 + 2", ExecMode::Single);
    assert_eq!(c.repl.mode(), Mode::Friendly);
    c.finish(ExecOutcome::Ok, ">>> ");
    assert!(!c.repl.is_executing());
}

#[test]
fn errors_are_printed_with_crlf_before_the_prompt() {
    let mut c = Console::new();
    c.expect_exec(b"x\r", "x\r\n", "x", ExecMode::Single);
    c.finish(
        ExecOutcome::Error(
            b"Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n\
              NameError: name 'x' isn't defined\n"
                .to_vec(),
        ),
        "Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n\
         NameError: name 'x' isn't defined\r\n>>> ",
    );
}

#[test]
fn lf_or_crlf_end_a_line_once() {
    let mut c = Console::new();
    c.expect_exec(b"a\n", "a\r\n", "a", ExecMode::Single);
    c.finish(ExecOutcome::Ok, ">>> ");
    // The LF of CRLF arrives while `b` runs; it is not kept as stdin nor typed afterwards.
    c.expect_exec(b"b\r\n", "b\r\n", "b", ExecMode::Single);
    assert_eq!(c.repl.stdin_available(), 0);
    c.finish(ExecOutcome::Ok, ">>> ");
    c.expect(b"\r\n\r\n", "\r\n>>> \r\n>>> ");
}

#[test]
fn an_empty_line_prints_a_new_prompt() {
    let mut c = Console::new();
    c.expect(b"\r", "\r\n>>> ");
}

#[test]
fn a_block_auto_indents_and_ends_after_two_blank_lines() {
    // docs/reference/repl.rst: "you can finish entering a compound statement by pressing RETURN
    // twice, and then a third press will finish and execute."
    let mut c = Console::new();
    c.expect(b"for i in range(3):\r", "for i in range(3):\r\n...     ");
    c.expect(b"print(i)\r", "print(i)\r\n...     ");
    c.expect(b"\r", "\r\n...     ");
    c.expect(b"\r", "\r\n... ");
    c.expect_exec(
        b"\r",
        "\r\n",
        "for i in range(3):\n    print(i)\n    \n    \n",
        ExecMode::Single,
    );
    c.finish(ExecOutcome::Ok, ">>> ");
}

#[test]
fn nested_blocks_indent_deeper_and_backspace_removes_a_level() {
    // The walk-through of docs/reference/repl.rst.
    let mut c = Console::new();
    c.expect(b"for i in range(30):\r", "for i in range(30):\r\n...     ");
    c.expect(b"if i > 3:\r", "if i > 3:\r\n...         ");
    c.expect(b"break\r", "break\r\n...         ");
    c.expect(b"\x7f", "\x08\x08\x08\x08\x1b[K");
    c.expect(b"print(i)\r", "print(i)\r\n...     ");
    c.expect(b"\x08", "\x08\x08\x08\x08\x1b[K");
    c.expect_exec(
        b"\r",
        "\r\n",
        "for i in range(30):\n    if i > 3:\n        break\n    print(i)\n",
        ExecMode::Single,
    );
}

#[test]
fn a_space_after_auto_indent_keeps_one_space_and_a_tab_keeps_four() {
    let mut c = Console::new();
    c.expect(b"if 1:\r", "if 1:\r\n...     ");
    // readline.c moves back 3 without redrawing: the spaces stay on screen, not in the line.
    c.expect(b" ", "\x08\x08\x08");
    c.expect(b"x\r", "x\r\n... ");
    c.expect_exec(b"\r", "\r\n", "if 1:\n x\n", ExecMode::Single);
    c.finish(ExecOutcome::Ok, ">>> ");

    c.expect(b"if 1:\r", "if 1:\r\n...     ");
    c.expect(b"\t", "");
    // ...and auto-indent is off for the rest of the statement.
    c.expect(b"y\r", "y\r\n... ");
}

#[test]
fn open_brackets_and_strings_continue_without_indent() {
    let mut c = Console::new();
    c.expect(b"f(1,\r", "f(1,\r\n... ");
    c.expect_exec(b"2)\r", "2)\r\n", "f(1,\n2)", ExecMode::Single);
    c.finish(ExecOutcome::Ok, ">>> ");
    c.expect(b"s = '''a\r", "s = '''a\r\n... ");
    c.expect_exec(b"b'''\r", "b'''\r\n", "s = '''a\nb'''", ExecMode::Single);
    c.finish(ExecOutcome::Ok, ">>> ");
    c.expect(b"x = 1 + \\\r", "x = 1 + \\\r\n... ");
    c.expect_exec(b"2\r", "2\r\n", "x = 1 + \\\n2", ExecMode::Single);
}

#[test]
fn ctrl_c_cancels_the_line_or_the_whole_block() {
    let mut c = Console::new();
    c.expect(b"abc\x03", "abc\r\n>>> ");
    c.expect(b"\x03", "\r\n>>> ");
    c.expect(b"if 1:\r", "if 1:\r\n...     ");
    c.expect(b"x = 1\r", "x = 1\r\n...     ");
    c.expect(b"\x03", "\r\n>>> ");
    // Nothing of the abandoned block is left.
    c.expect_exec(b"2\r", "2\r\n", "2", ExecMode::Single);
}

#[test]
fn ctrl_d_on_an_empty_continuation_line_runs_the_block() {
    let mut c = Console::new();
    c.expect(b"if 1:\r", "if 1:\r\n...     ");
    c.expect(b"pass\r", "pass\r\n...     ");
    // With the auto-indent still there the line is not empty: Ctrl-D deletes (nothing).
    c.expect(b"\x04", "");
    c.expect(b"\x7f", "\x08\x08\x08\x08\x1b[K");
    c.expect_exec(b"\x04", "", "if 1:\n    pass\n", ExecMode::Single);
}

#[test]
fn ctrl_b_reprints_the_banner() {
    let mut c = Console::new();
    c.expect(b"\x02", format!("\r\n{BANNER}>>> "));
}

#[test]
fn ctrl_d_on_an_empty_line_soft_resets() {
    let mut c = Console::new();
    let actions = c.feed(b"\x04");
    assert_eq!(
        actions,
        [out("\r\nMPY: soft reboot\r\n"), Action::SoftReset]
    );
    assert!(c.repl.is_executing());
    assert_eq!(
        c.repl.mode(),
        Mode::Friendly,
        "main.py runs after a friendly soft reset"
    );
    assert_eq!(c.repl.start(), [out(format!("{BANNER}>>> "))]);
}

#[test]
fn system_exit_soft_resets() {
    let mut c = Console::new();
    c.expect_exec(
        b"import sys; sys.exit()\r",
        "import sys; sys.exit()\r\n",
        "import sys; sys.exit()",
        ExecMode::Single,
    );
    let actions = c.repl.execution_finished(ExecOutcome::SystemExit);
    assert_eq!(actions, [out("MPY: soft reboot\r\n"), Action::SoftReset]);
    assert_eq!(c.repl.start(), [out(format!("{BANNER}>>> "))]);
}

#[test]
fn paste_mode_echoes_with_prompts_and_runs_as_a_file() {
    let mut c = Console::new();
    c.expect(
        b"\x05",
        "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ",
    );
    assert_eq!(c.repl.mode(), Mode::Paste);
    c.expect(
        b"def f():\r\n    return 1\r\n\r\nf()\r\n",
        "def f():\r\n=== \n    return 1\r\n=== \n\r\n=== \nf()\r\n=== \n",
    );
    c.expect_exec(
        b"\x04",
        "\r\n",
        "def f():\n    return 1\n\nf()\n",
        ExecMode::Paste,
    );
    c.finish(ExecOutcome::Ok, ">>> ");
    assert_eq!(c.repl.mode(), Mode::Friendly);
}

#[test]
fn paste_mode_keeps_tabs_and_control_bytes_and_has_no_auto_indent() {
    let mut c = Console::new();
    c.expect(
        b"\x05",
        "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ",
    );
    c.expect(b"if 1:\r\tx\x1b[A\r", "if 1:\r\n=== \tx\x1b[A\r\n=== ");
    c.expect_exec(b"\x04", "\r\n", "if 1:\n\tx\x1b[A\n", ExecMode::Paste);
}

#[test]
fn paste_mode_ctrl_c_cancels() {
    let mut c = Console::new();
    c.expect(
        b"\x05",
        "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ",
    );
    c.expect(b"print(1)\r", "print(1)\r\n=== ");
    c.expect(b"\x03", "\r\n>>> ");
    let paste = "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== \r\n";
    c.expect_exec(b"\x05\x04", paste, "", ExecMode::Paste);
}

#[test]
fn paste_mode_refuses_a_program_past_the_limit() {
    let mut c = Console::with_limits(Limits::default().with_max_source(4));
    c.expect(
        b"\x05",
        "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ",
    );
    c.expect(b"123456", "123456");
    c.expect(
        b"\x04",
        "\r\nMemoryError: program longer than 4 bytes\r\n>>> ",
    );
}

#[test]
fn ctrl_c_while_running_interrupts() {
    let mut c = Console::new();
    c.expect_exec(b"spin()\r", "spin()\r\n", "spin()", ExecMode::Single);
    assert_eq!(c.feed(b"\x03"), [Action::Interrupt]);
    c.finish(
        ExecOutcome::Error(
            b"Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n\
              KeyboardInterrupt: \r\n"
                .to_vec(),
        ),
        "Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n\
         KeyboardInterrupt: \r\n>>> ",
    );
}

#[test]
fn input_while_running_is_stdin_for_the_program() {
    let mut c = Console::new();
    c.expect_exec(b"f()\r", "f()\r\n", "f()", ExecMode::Single);
    assert_eq!(c.feed(b"abc"), []);
    assert_eq!(c.repl.stdin_available(), 3);
    assert_eq!(c.repl.read_stdin(2), b"ab");
    // input(): the line editor takes over, starting with what was typed ahead.
    assert_eq!(c.repl.start_input_line(), [out("c")]);
    assert_eq!(
        c.feed(b"d\x7fe\r\n"),
        [out("d\x08\x1b[Ke\r\n"), Action::InputLine("ce".into())]
    );
    // The LF of that CRLF is not left for the program.
    assert_eq!(c.repl.stdin_available(), 0);
    assert_eq!(c.repl.start_input_line(), []);
    assert_eq!(c.feed(b"\x04"), [Action::InputEof]);
    assert_eq!(c.repl.start_input_line(), []);
    assert_eq!(c.feed(b"\x03"), [Action::Interrupt]);
    // The line is abandoned: later bytes are plain stdin again.
    assert_eq!(c.feed(b"z"), []);
    assert_eq!(c.repl.read_stdin(10), b"z");
    c.finish(ExecOutcome::Ok, ">>> ");
}

#[test]
fn input_lines_go_into_the_history() {
    let mut c = Console::new();
    c.expect_exec(b"input()\r", "input()\r\n", "input()", ExecMode::Single);
    c.repl.start_input_line();
    assert_eq!(
        c.feed(b"42\r"),
        [out("42\r\n"), Action::InputLine("42".into())]
    );
    c.finish(ExecOutcome::Ok, ">>> ");
    c.expect(b"\x1b[A", "42");
    c.expect(b"\x1b[A", "\x08\x08input()");
}

#[test]
fn input_typed_ahead_is_typed_into_the_repl_when_the_code_ends() {
    let mut c = Console::new();
    c.expect_exec(b"slow()\r", "slow()\r\n", "slow()", ExecMode::Single);
    assert_eq!(c.feed(b"2+2\r3"), []);
    let actions = c.repl.execution_finished(ExecOutcome::Ok);
    assert_eq!(actions, [out(">>> 2+2\r\n"), exec("2+2", ExecMode::Single)]);
    // The rest waits for the next prompt.
    c.finish(ExecOutcome::Ok, ">>> 3");
}

#[test]
fn stdin_is_bounded() {
    let mut c = Console::with_limits(Limits::default().with_max_stdin(4));
    c.expect_exec(b"f()\r", "f()\r\n", "f()", ExecMode::Single);
    assert_eq!(c.feed(&[b'x'; 100]), []);
    assert_eq!(c.repl.stdin_available(), 4);
}

#[test]
fn enter_in_an_open_bracket_stops_at_the_statement_limit() {
    let mut c = Console::with_limits(Limits::default().with_max_source(8));
    c.expect(b"f(\r", "f(\r\n... ");
    c.expect(b"1,\r", "1,\r\n... ");
    c.expect(
        b"2,\r",
        "2,\r\nMemoryError: program longer than 8 bytes\r\n>>> ",
    );
}

#[test]
fn ctrl_a_b_or_e_on_an_empty_continuation_line_act_like_enter() {
    // pyexec.c only special-cases Ctrl-C and Ctrl-D in a `... ` block; the others end the line
    // without an echo.
    let mut c = Console::new();
    c.expect(b"(1,\r", "(1,\r\n... ");
    c.expect(b"\x01", "... ");
    c.expect(b"2)", "2)");
    // On a non-empty line Ctrl-E is End again.
    c.expect(b"\x05", "");
    c.expect_exec(b"\r", "\r\n", "(1,\n\n2)", ExecMode::Single);
}

#[test]
fn finishing_when_nothing_runs_does_nothing() {
    let mut c = Console::new();
    assert_eq!(c.repl.execution_finished(ExecOutcome::Ok), []);
    assert_eq!(c.repl.start_input_line(), []);
    assert_eq!(
        c.repl.soft_reset(),
        [out("MPY: soft reboot\r\n"), Action::SoftReset]
    );
    assert!(c.repl.is_executing());
}
