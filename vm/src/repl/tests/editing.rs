//! Line editing keys, history and tab completion, with readline.c's exact redraw bytes:
//! `\b` for moves of up to 4 columns, `ESC [ n D` beyond, `ESC [ K` when the line got shorter.

use super::*;

#[test]
fn left_and_right_arrows_move_and_insertion_redraws_the_tail() {
    let mut c = Console::new();
    c.expect(b"abc", "abc");
    c.expect(b"\x1b[D", "\x08");
    c.expect(b"X", "Xc\x08");
    c.expect(b"\x1b[C", "c");
    // At the end, right does nothing; at the start, left does nothing.
    c.expect(b"\x1b[C", "");
    c.expect(b"\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D", "\x08\x08\x08\x08");
    c.expect_exec(b"\r", "\r\n", "abXc", ExecMode::Single);
}

#[test]
fn emacs_keys_on_a_non_empty_line() {
    let mut c = Console::new();
    c.expect(b"abcdef", "abcdef");
    c.expect(b"\x01", "\x1b[6D"); // Ctrl-A: home
    c.expect(b"\x06", "a"); // Ctrl-F: right
    c.expect(b"\x05", "bcdef"); // Ctrl-E: end
    c.expect(b"\x02", "\x08"); // Ctrl-B: left
    c.expect(b"\x04", "\x1b[K"); // Ctrl-D: delete
    c.expect(b"\x02\x02", "\x08\x08");
    c.expect(b"\x0b", "\x1b[K"); // Ctrl-K: kill to end
    c.expect(b"\x02", "\x08");
    c.expect(b"\x15", "\x08\x08\x1b[Kc\x08"); // Ctrl-U: kill to start
    c.expect_exec(b"\r", "\r\n", "c", ExecMode::Single);
}

#[test]
fn every_home_and_end_sequence() {
    let mut c = Console::new();
    c.expect(b"abcdef", "abcdef");
    for home in [&b"\x1b[H"[..], b"\x1b[1~", b"\x1b[7~", b"\x1bOH"] {
        c.expect(home, "\x1b[6D");
        c.expect(home, "");
        c.expect(b"\x1b[F", "abcdef");
    }
    for end in [&b"\x1b[F"[..], b"\x1b[4~", b"\x1b[8~", b"\x1bOF"] {
        c.expect(b"\x1b[H", "\x1b[6D");
        c.expect(end, "abcdef");
        c.expect(end, "");
    }
}

#[test]
fn backspace_and_delete() {
    let mut c = Console::new();
    c.expect(b"abc", "abc");
    c.expect(b"\x7f", "\x08\x1b[K");
    c.expect(b"\x08", "\x08\x1b[K");
    c.expect(b"bcd\x1b[D\x1b[D", "bcd\x08\x08");
    // Mid-line: the tail is redrawn and the cursor put back.
    c.expect(b"\x7f", "\x08\x1b[Kcd\x08\x08");
    c.expect(b"\x1b[3~", "\x1b[Kd\x08");
    c.expect(b"\x1b[3~", "\x1b[K");
    c.expect(b"\x1b[3~", "");
    c.expect_exec(b"\r", "\r\n", "a", ExecMode::Single);
    c.finish(ExecOutcome::Ok, ">>> ");
    // On an empty line backspace does nothing.
    c.expect(b"\x7f\x08", "");
}

#[test]
fn unknown_keys_are_ignored() {
    let mut c = Console::new();
    c.expect(b"a\x00\x07\x80\xff\x1bX\x1b[Z\x1b[2~\x1bOQ", "a");
    // An unknown digit sequence ends at its second byte; the `~` of F5 is then typed, as on a board.
    c.expect(b"\x1b[15~", "~");
}

#[test]
fn long_cursor_moves_use_csi_d() {
    let mut c = Console::new();
    c.expect(b"0123456789", "0123456789");
    c.expect(b"\x1b[H", "\x1b[10D");
    c.expect(b"\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C", "01234");
    c.expect(b"\x0b", "\x1b[K");
}

#[test]
fn history_walks_back_and_forth() {
    let mut c = Console::new();
    for line in [&b"1"[..], b"22", b"22", b"333"] {
        let mut bytes = line.to_vec();
        bytes.push(b'\r');
        c.feed(&bytes);
        c.repl.execution_finished(ExecOutcome::Ok);
    }
    c.expect(b"\x1b[A", "333");
    // "22" was entered twice in a row and is kept once.
    c.expect(b"\x1b[A", "\x08\x08\x08\x1b[K22");
    c.expect(b"\x1b[A", "\x08\x08\x1b[K1");
    c.expect(b"\x1b[A", "");
    c.expect(b"\x1b[B", "\x0822");
    c.expect(b"\x0e", "\x08\x08333"); // Ctrl-N
    c.expect(b"\x1b[B", "\x08\x08\x08\x1b[K");
    c.expect(b"\x1b[B", "");
    c.expect(b"\x10", "333"); // Ctrl-P works on an empty line too
    c.expect_exec(b"\r", "\r\n", "333", ExecMode::Single);
}

#[test]
fn history_keeps_eight_lines() {
    let mut c = Console::new();
    for i in 0..10 {
        c.feed(&[b'a' + i, b'\r']);
        c.repl.execution_finished(ExecOutcome::Ok);
    }
    let mut shown = Vec::new();
    for _ in 0..10 {
        shown.extend(output_of(&c.feed(b"\x1b[A")));
    }
    assert_eq!(show(&shown), show(b"j\x08i\x08h\x08g\x08f\x08e\x08d\x08c"));
}

#[test]
fn tab_completes_a_single_match_or_a_common_prefix() {
    let mut c = Console::new();
    c.expect(b"mac\t", "machine");
    c.expect(b".Pi\t", ".Pin");
    c.expect(b"\x03", "\r\n>>> ");
    c.expect(b"pri\t", "print");
    c.expect(b"\x03", "\r\n>>> ");
    c.expect(b"im\t", "import ");
    c.expect(b"mac\t", "machine");
    c.expect(b"\x03", "\r\n>>> ");
    // Completion happens at the cursor, and the tail is redrawn.
    c.expect(b"x=mac)\x1b[D\t", "x=mac)\x08hine)\x08");
}

#[test]
fn tab_lists_several_matches_then_redraws_prompt_and_line() {
    let mut c = Console::new();
    c.expect(
        b"x = p\t",
        "x = p\r\npow             print           prints\r\n>>> x = p",
    );
    c.expect(b"\x03", "\r\n>>> ");
    c.expect(
        b"machine.\t",
        "machine.\r\nPWM             Pin             freq            reset\r\n>>> machine.",
    );
    c.expect(b"\x03", "\r\n>>> ");
    c.expect(b"import m\t", "import ma");
    c.expect(b"\t", "\r\nmachine         math\r\n>>> import ma");
    c.expect(b"\x03", "\r\n>>> ");
    // With the cursor inside the line the tail is reprinted and the cursor moved back.
    c.expect(
        b"p()\x1b[D\x1b[D\t",
        "p()\x08\x08\r\npow             print           prints\r\n>>> p()\x08\x08",
    );
    c.expect(b"\x03", "\r\n>>> ");
    // In a continuation line the `... ` prompt is reprinted.
    c.expect(
        b"if p\t",
        "if p\r\npow             print           prints\r\n>>> if p",
    );
    c.expect(b":\r", ":\r\n...     ");
    c.expect(
        b"\x7fp\t",
        "\x08\x08\x08\x08\x1b[Kp\r\npow             print           prints\r\n... p",
    );
}

#[test]
fn tab_after_whitespace_indents() {
    let mut c = Console::new();
    c.expect(b"x = \t", "x =     ");
    c.expect(b"\x03", "\r\n>>> ");
    c.expect(b"f(\r", "f(\r\n... ");
    // At the start of a continuation line the character before the cursor is the `\n`.
    c.expect(b"\t", "    ");
}

#[test]
fn tab_on_an_empty_line_completes_the_common_prefix_of_all_public_names() {
    let names = |scope: Scope<'_>, _: &str| -> Vec<String> {
        match scope {
            Scope::Globals => ["alpha_one", "alpha_two", "_private", "__name__"]
                .map(String::from)
                .to_vec(),
            _ => Vec::new(),
        }
    };
    let mut repl = Repl::new(banner(), Limits::default());
    repl.start();
    assert_eq!(output_of(&repl.feed(b"\t", &names)), b"alpha_");
    assert_eq!(
        show(&output_of(&repl.feed(b"\t", &names))),
        show(b"\r\nalpha_one       alpha_two\r\n>>> alpha_")
    );
}

#[test]
fn a_space_then_tab_after_auto_indent() {
    let mut c = Console::new();
    c.expect(b"def g():\r", "def g():\r\n...     ");
    // The first space cuts the indent to one, the second is typed, Tab after it indents by 4.
    c.expect(b"  \t", "\x08\x08\x08     ");
    // Six spaces: backspace takes 4, then 1, then 1, then nothing.
    c.expect(
        b"\x7f\x7f\x7f\x7f",
        "\x08\x08\x08\x08\x1b[K\x08\x1b[K\x08\x1b[K",
    );
    // The space also turned auto-indent off for the statement.
    c.expect(b"pass\r", "pass\r\n... ");
    c.expect_exec(b"\r", "\r\n", "def g():\npass\n", ExecMode::Single);
}

#[test]
fn a_soft_reset_forgets_the_history() {
    let mut c = Console::new();
    c.feed(b"1\r");
    c.repl.execution_finished(ExecOutcome::Ok);
    c.feed(b"\x04");
    c.repl.start();
    c.expect(b"\x1b[A", "");
}
