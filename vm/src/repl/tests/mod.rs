//! Byte-level tests of the REPL protocol, written from ../shared/reference/repl-protocol.md and
//! MicroPython's readline.c / pyexec.c: input bytes in, exact output bytes and actions out. The
//! friendly, paste and raw sequences were also checked against MicroPython 1.27's own REPL (its
//! WebAssembly port, driven byte by byte); that port has no raw-paste to check against.

mod editing;
mod friendly;
mod fuzz;
mod raw;
mod tools;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{Action, Banner, ExecMode, ExecOutcome, Limits, Repl, Scope};

const BANNER: &str = "MicroPython v1.24.1 on 2024-11-29; Generic ESP32 module with ESP32\r\n\
                      Type \"help()\" for more information.\r\n";
const RAW_BANNER: &str = "raw REPL; CTRL-B to exit\r\n>";

fn banner() -> Banner {
    Banner {
        version: "v1.24.1".into(),
        build_date: "2024-11-29".into(),
        board: "Generic ESP32 module".into(),
        mcu: "ESP32".into(),
    }
}

/// Names for tab completion, standing in for an interpreter's `__main__` and modules.
fn names(scope: Scope<'_>, _: &str) -> Vec<String> {
    let list: &[&str] = match scope {
        Scope::Globals => &["print", "pow", "prints", "machine", "_hidden", "__name__"],
        Scope::Attributes("machine") => &["Pin", "PWM", "freq", "reset"],
        Scope::Attributes(_) => &[],
        Scope::Modules => &["machine", "math"],
    };
    list.iter().map(|s| s.to_string()).collect()
}

/// Printable form of bytes, so a failing comparison shows where the bytes differ.
fn show(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

fn out(bytes: impl AsRef<[u8]>) -> Action {
    Action::Output(bytes.as_ref().to_vec())
}

fn exec(source: &str, mode: ExecMode) -> Action {
    Action::Execute {
        source: source.into(),
        mode,
    }
}

/// A REPL that has booted, with the banner already checked.
struct Console {
    repl: Repl,
}

impl Console {
    fn new() -> Console {
        Console::with_limits(Limits::default())
    }

    fn with_limits(limits: Limits) -> Console {
        let mut repl = Repl::new(banner(), limits);
        let start = repl.start();
        assert_eq!(start, [out(alloc::format!("{BANNER}>>> "))]);
        Console { repl }
    }

    /// A console switched to the raw REPL.
    fn raw() -> Console {
        let mut console = Console::new();
        console.expect(b"\x01", alloc::format!("\r\n{RAW_BANNER}"));
        console
    }

    fn feed(&mut self, bytes: &[u8]) -> Vec<Action> {
        self.repl.feed(bytes, &names)
    }

    /// Feeds `bytes` and expects exactly `output` and no other action.
    #[track_caller]
    fn expect(&mut self, bytes: &[u8], output: impl AsRef<[u8]>) {
        let actions = self.feed(bytes);
        assert_eq!(show(&output_of(&actions)), show(output.as_ref()), "output");
        assert!(
            actions.iter().all(|a| matches!(a, Action::Output(_))),
            "unexpected actions {actions:?}"
        );
    }

    /// Feeds `bytes`, which must print `output` and then ask to run `source`.
    #[track_caller]
    fn expect_exec(
        &mut self,
        bytes: &[u8],
        output: impl AsRef<[u8]>,
        source: &str,
        mode: ExecMode,
    ) {
        let mut actions = self.feed(bytes);
        assert_eq!(actions.pop(), Some(exec(source, mode)));
        assert_eq!(show(&output_of(&actions)), show(output.as_ref()), "output");
        assert!(self.repl.is_executing());
    }

    #[track_caller]
    fn finish(&mut self, outcome: ExecOutcome, output: &str) {
        let actions = self.repl.execution_finished(outcome);
        assert_eq!(show(&output_of(&actions)), show(output.as_bytes()));
        assert!(
            actions.iter().all(|a| matches!(a, Action::Output(_))),
            "{actions:?}"
        );
    }
}

/// All output bytes of `actions`, concatenated.
fn output_of(actions: &[Action]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for action in actions {
        if let Action::Output(chunk) = action {
            bytes.extend_from_slice(chunk);
        }
    }
    bytes
}
