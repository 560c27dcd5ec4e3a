//! Build orchestration, so a fresh machine needs only two commands:
//!
//! - `cargo xtask serve [--port N]`: build the playground (wasm + page) and serve it on
//!   localhost.
//! - `cargo xtask test`: install what the tests need and run every test.
//! - `cargo xtask firmware`: build the ESP32-C3 firmware and its flashable image.
//! - `cargo xtask fuzz` and `cargo xtask bench`: the fuzz targets and the benchmark report.
//!
//! Each step installs what it needs itself and skips what is already there.

mod bench;
mod browser;
mod firmware;
mod fuzz;
mod python;
mod serve;
mod setup;
mod test;
mod web;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test::run(&args[1..]),
        Some("serve") => serve::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("firmware") => firmware::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <serve|test|fuzz|firmware|bench>");
            eprintln!("  serve   build the playground and serve it on localhost [--port N]");
            eprintln!("  test    install what the tests need and run every test");
            eprintln!(
                "  fuzz    [--seconds N] [TARGET...]: run the fuzz targets (default 60 s each)"
            );
            eprintln!(
                "  firmware  build the ESP32-C3 firmware, print its image path (--check: validate it)"
            );
            eprintln!(
                "  bench   [--rounds N]: esprit vs MicroPython and CPython, into docs/PERFORMANCE.md"
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
