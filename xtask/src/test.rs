//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use crate::fuzz;
use crate::setup::{self, VM_TARGETS};
use crate::{browser, python};

pub fn run(extra: &[String]) -> Result<(), String> {
    if let Some(unknown) = extra.first() {
        return Err(format!(
            "`cargo xtask test` takes no arguments (got `{unknown}`)"
        ));
    }
    setup::cargo(&["fmt", "--all", "--", "--check"])?;

    // The VM must never drift away from the chips and the browser: build it for both.
    setup::ensure_rust_targets(&VM_TARGETS)?;
    for target in VM_TARGETS {
        setup::cargo(&["build", "--quiet", "-p", "esprit-vm", "--target", target])?;
    }

    setup::cargo(&[
        "clippy",
        "--quiet",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;

    // The chip's firmware builds, and its flashable image is one esptool accepts.
    crate::firmware::test()?;

    // The workspace tests drive the `esprit` binary, so build it first.
    setup::cargo(&[
        "build",
        "--quiet",
        "-p",
        "esprit-hal-sim",
        "--bin",
        "esprit",
    ])?;
    // The interop tests drive real mpremote/esptool from a venv that this installs.
    python::cargo_test(&["test", "--quiet", "--workspace"])?;
    // A short run of every fuzz target (and a replay of every input that once crashed one).
    fuzz::smoke()?;
    // The page in headless Chromium (builds the wasm and the page first).
    browser::test()?;
    eprintln!("xtask: all tests passed");
    Ok(())
}
