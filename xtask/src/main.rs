//! Build orchestration, so a fresh machine needs only two commands:
//!
//! - `cargo xtask serve`: build what the playground needs and serve it (until the page exists,
//!   it starts the host REPL).
//! - `cargo xtask test`: install what the tests need and run every test.
//!
//! Each step installs what it needs itself and skips what is already there.

mod fuzz;
mod python;
mod setup;
mod test;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test::run(&args[1..]),
        Some("serve") => serve(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <serve|test|fuzz>");
            eprintln!("  serve   build and start the esprit playground (for now: the host REPL)");
            eprintln!("  test    install what the tests need and run every test");
            eprintln!(
                "  fuzz    [--seconds N] [TARGET...]: run the fuzz targets (default 60 s each)"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Until the browser page exists, `serve` gives the host REPL on the simulated board.
fn serve(extra: &[String]) -> Result<(), String> {
    let mut args = vec![
        "run",
        "--quiet",
        "--release",
        "-p",
        "esprit-hal-sim",
        "--bin",
        "esprit",
    ];
    if !extra.is_empty() {
        args.push("--");
        args.extend(extra.iter().map(String::as_str));
    }
    setup::cargo(&args)
}
