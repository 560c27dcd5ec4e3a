//! Byte-level tests of the console: what a terminal or mpremote sends, what the board answers,
//! with the bytes taken from ../shared/reference/repl-protocol.md.

use super::*;
use vm::{Config, Vm};

const BANNER: &str = "MicroPython v1.24.1 on 2024-11-29; Generic ESP32 module with ESP32\r\n\
                      Type \"help()\" for more information.\r\n>>> ";

/// A board with files, to check the boot sequence.
struct FileBoard(Vec<(&'static str, &'static str)>);

impl Board for FileBoard {
    fn read_file(&mut self, _: &mut Vm, path: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, s)| s.to_string())
    }
}

fn console() -> Console {
    board(Box::new(BareBoard))
}

fn board(board: Box<dyn Board>) -> Console {
    let mut c = Console::new(Config::default(), board);
    settle(&mut c);
    c
}

/// Runs until the console waits for input, advancing virtual time through sleeps.
fn settle(c: &mut Console) -> Poll {
    for _ in 0..10_000 {
        match c.run(10_000) {
            Poll::Busy => {}
            Poll::Sleeping { until_us } => c.set_time_us(until_us),
            other => return other,
        }
    }
    panic!("the console never settled");
}

/// Feeds `input`, runs to quiescence, returns the output as text.
fn send(c: &mut Console, input: &[u8]) -> String {
    c.feed(input);
    settle(c);
    String::from_utf8_lossy(&c.take_output()).into_owned()
}

#[test]
fn boots_to_the_friendly_banner() {
    let mut c = Console::new(Config::default(), Box::new(BareBoard));
    assert_eq!(settle(&mut c), Poll::Idle);
    assert_eq!(String::from_utf8_lossy(&c.take_output()), BANNER);
}

#[test]
fn friendly_exec_echoes_and_prints_results() {
    let mut c = console();
    c.take_output();
    assert_eq!(send(&mut c, b"1 + 2\r"), "1 + 2\r\n3\r\n>>> ");
    assert_eq!(
        send(&mut c, b"print('a\\nb')\r"),
        "print('a\\nb')\r\na\r\nb\r\n>>> "
    );
    assert_eq!(send(&mut c, b"_ * 2\r"), "_ * 2\r\n6\r\n>>> ");
}

#[test]
fn friendly_error_prints_a_traceback() {
    let mut c = console();
    c.take_output();
    assert_eq!(
        send(&mut c, b"1/0\r"),
        "1/0\r\nTraceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n\
         ZeroDivisionError: divide by zero\r\n>>> "
    );
    let out = send(&mut c, b"x y\r");
    assert!(
        out.contains("SyntaxError: invalid syntax\r\n>>> "),
        "{out:?}"
    );
}

#[test]
fn multi_line_function_with_auto_indent() {
    let mut c = console();
    c.take_output();
    // Enter twice leaves the block (auto-indent stops after two blank lines), a third runs it.
    let out = send(&mut c, b"def f(x):\rreturn x * 2\r\r\r\rf(21)\r");
    assert_eq!(
        out,
        "def f(x):\r\n...     return x * 2\r\n...     \r\n...     \r\n... \r\n>>> f(21)\r\n42\r\n>>> "
    );
}

#[test]
fn ctrl_c_interrupts_an_endless_loop() {
    let mut c = console();
    c.take_output();
    c.feed(b"while True: pass\r\r");
    for _ in 0..5 {
        assert_eq!(c.run(1000), Poll::Busy);
    }
    c.feed(b"\x03");
    assert_eq!(settle(&mut c), Poll::Idle);
    let out = String::from_utf8_lossy(&c.take_output()).into_owned();
    assert!(
        out.ends_with(
            "Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n\
             KeyboardInterrupt: \r\n>>> "
        ),
        "{out:?}"
    );
}

#[test]
fn ctrl_c_interrupts_a_sleep() {
    let mut c = console();
    c.take_output();
    c.feed(b"import time\r");
    settle(&mut c);
    c.feed(b"time.sleep(100)\r");
    assert!(matches!(c.run(1000), Poll::Sleeping { .. }));
    c.feed(b"\x03");
    assert_eq!(settle(&mut c), Poll::Idle);
    let out = String::from_utf8_lossy(&c.take_output()).into_owned();
    assert!(out.ends_with("KeyboardInterrupt: \r\n>>> "), "{out:?}");
    assert!(c.time_us() < 1_000_000);
}

#[test]
fn input_reads_a_line_from_the_console() {
    let mut c = console();
    c.take_output();
    c.feed(b"s = input('name? ')\r");
    assert_eq!(settle(&mut c), Poll::WaitingForInput);
    assert_eq!(
        String::from_utf8_lossy(&c.take_output()),
        "s = input('name? ')\r\nname? "
    );
    assert_eq!(send(&mut c, b"bob\r"), "bob\r\n>>> ");
    assert_eq!(send(&mut c, b"s\r"), "s\r\n'bob'\r\n>>> ");
    // Ctrl-D on an empty input() line is EOFError, for that call only.
    c.feed(b"input()\r");
    settle(&mut c);
    let out = send(&mut c, b"\x04");
    assert!(out.ends_with("EOFError: \r\n>>> "), "{out:?}");
    c.feed(b"input()\r");
    assert_eq!(settle(&mut c), Poll::WaitingForInput);
    assert!(send(&mut c, b"ok\r").ends_with("ok\r\n'ok'\r\n>>> "));
}

#[test]
fn soft_reset_clears_the_heap() {
    let mut c = console();
    c.take_output();
    send(&mut c, b"x = 1\r");
    assert_eq!(
        send(&mut c, b"\x04"),
        format!("\r\nMPY: soft reboot\r\n{BANNER}")
    );
    let out = send(&mut c, b"x\r");
    assert!(out.contains("NameError: name 'x' isn't defined"), "{out:?}");
}

#[test]
fn sys_exit_soft_resets() {
    let mut c = console();
    c.take_output();
    assert_eq!(
        send(&mut c, b"import sys; sys.exit()\r"),
        format!("import sys; sys.exit()\r\nMPY: soft reboot\r\n{BANNER}")
    );
}

#[test]
fn raw_repl_exec_with_output_and_error_sections() {
    let mut c = console();
    c.take_output();
    assert_eq!(send(&mut c, b"\x01"), "\r\nraw REPL; CTRL-B to exit\r\n>");
    assert_eq!(send(&mut c, b"print(1)\x04"), "OK1\r\n\x04\x04>");
    assert_eq!(
        send(&mut c, b"1/0\x04"),
        "OK\x04Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n\
         ZeroDivisionError: divide by zero\r\n\x04>"
    );
    // Bare expressions print nothing in the raw REPL.
    assert_eq!(send(&mut c, b"2+2\x04"), "OK\x04\x04>");
    // Soft reset from the raw REPL comes back to it, without main.py.
    assert_eq!(
        send(&mut c, b"\x04"),
        "OK\r\nMPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>"
    );
    assert_eq!(send(&mut c, b"\x02"), format!("\r\n{BANNER}"));
}

#[test]
fn raw_repl_ctrl_c_interrupts_running_code() {
    let mut c = console();
    c.feed(b"\x01");
    settle(&mut c);
    c.take_output();
    c.feed(b"while 1:\n pass\n\x04");
    assert_eq!(c.run(1000), Poll::Busy);
    let out = send(&mut c, b"\x03");
    assert!(out.starts_with("OK\x04Traceback"), "{out:?}");
    assert!(out.ends_with("KeyboardInterrupt: \r\n\x04>"), "{out:?}");
}

#[test]
fn raw_paste_runs_with_flow_control() {
    let mut c = console();
    c.take_output();
    c.feed(b"\x01\x05A\x01print(123)\x04");
    settle(&mut c);
    assert_eq!(
        c.take_output(),
        b"\r\nraw REPL; CTRL-B to exit\r\n>R\x01\x80\x00\x01\x04123\r\n\x04\x04>"
    );
    // A program longer than a window gets a `\x01` grant per 128 bytes.
    let mut program = b"\x05A\x01".to_vec();
    program.extend(std::iter::repeat_n(b'#', 300));
    program.extend(b"\nprint('long')\x04");
    c.feed(&program);
    settle(&mut c);
    assert_eq!(
        c.take_output(),
        b"R\x01\x80\x00\x01\x01\x01\x04long\r\n\x04\x04>"
    );
}

#[test]
fn paste_mode_prints_each_expression() {
    let mut c = console();
    c.take_output();
    let out = send(&mut c, b"\x05a = 5\rif a:\r    print(a)\ra\r\x04");
    assert_eq!(
        out,
        "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== a = 5\r\n=== if a:\r\n===     \
         print(a)\r\n=== a\r\n=== \r\n5\r\n5\r\n>>> "
    );
}

#[test]
fn tab_completes_globals_and_attributes() {
    let mut c = console();
    c.take_output();
    send(&mut c, b"import sys\r");
    send(&mut c, b"value_one = 1\r");
    assert_eq!(send(&mut c, b"valu\t"), "value_one");
    assert_eq!(send(&mut c, b"\r"), "\r\n1\r\n>>> ");
    assert_eq!(send(&mut c, b"sys.ar\t"), "sys.argv");
}

#[test]
fn boot_py_and_main_py_run_at_power_on_and_soft_reset() {
    let files = vec![("boot.py", "print('boot')"), ("main.py", "print('main')")];
    let mut c = Console::new(Config::default(), Box::new(FileBoard(files)));
    settle(&mut c);
    assert_eq!(
        String::from_utf8_lossy(&c.take_output()),
        format!("boot\r\nmain\r\n{BANNER}")
    );
    assert_eq!(
        send(&mut c, b"\x04"),
        format!("\r\nMPY: soft reboot\r\nboot\r\nmain\r\n{BANNER}")
    );
    // From the raw REPL, main.py is skipped: that is how tools get a clean board.
    send(&mut c, b"\x01");
    assert_eq!(
        send(&mut c, b"\x04"),
        "OK\r\nMPY: soft reboot\r\nboot\r\nraw REPL; CTRL-B to exit\r\n>"
    );
}

#[test]
fn a_failing_boot_py_skips_main_py() {
    let files = vec![("boot.py", "1/0"), ("main.py", "print('main')")];
    let c = board(Box::new(FileBoard(files)));
    let mut c = c;
    let out = String::from_utf8_lossy(&c.take_output()).into_owned();
    assert!(out.contains("ZeroDivisionError"), "{out:?}");
    assert!(!out.contains("main"), "{out:?}");
}

#[test]
fn files_survive_a_soft_reset_and_main_py_runs_from_flash() {
    let mut c = board(Box::new(crate::flash_file::FlashBoard::new()));
    c.take_output();
    send(&mut c, b"\x01");
    let out = send(
        &mut c,
        b"f = open('main.py', 'w')\nf.write('print(\"from main\")')\nf.close()\nimport os\nos.mkdir('d')\nos.chdir('d')\n\x04",
    );
    assert_eq!(out, "OK\x04\x04>");
    send(&mut c, b"\x02");
    let out = send(&mut c, b"\x04");
    assert_eq!(
        out,
        format!("\r\nMPY: soft reboot\r\nfrom main\r\n{BANNER}")
    );
    // The current directory is the root again, as after a remount.
    assert!(send(&mut c, b"import os; os.getcwd()\r").contains("'/'"));
}
