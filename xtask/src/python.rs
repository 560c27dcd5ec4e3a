//! The Python tools the interop tests drive: mpremote (and esptool, for the flashing tests)
//! from PyPI, pinned, in a venv under `target/venv` so nothing touches the system Python.
//! Installing is skipped when the venv already has the pinned versions.

use std::path::PathBuf;
use std::process::Command;

use crate::setup;

/// Pinned so a new release can't change what the interop tests see.
const PACKAGES: [(&str, &str); 2] = [("mpremote", "1.29.0"), ("esptool", "5.6.0")];

fn venv() -> PathBuf {
    setup::workspace_root().join("target").join("venv")
}

fn venv_python() -> PathBuf {
    venv().join("bin").join("python")
}

/// Are the pinned versions installed in the venv?
fn installed() -> bool {
    let check = PACKAGES
        .iter()
        .map(|(name, version)| format!("m.version('{name}') == '{version}'"))
        .collect::<Vec<_>>()
        .join(" and ");
    Command::new(venv_python())
        .args([
            "-c",
            &format!("import importlib.metadata as m, sys; sys.exit(0 if {check} else 1)"),
        ])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Creates the venv and installs the pinned tools unless they are there. Returns the
/// environment the tests need: `ESPRIT_MPREMOTE` and `ESPRIT_ESPTOOL` (the scripts' paths).
pub fn ensure_tools() -> Result<Vec<(String, PathBuf)>, String> {
    if !installed() {
        let venv = venv();
        let venv_arg = venv.to_string_lossy().into_owned();
        if !venv_python().exists() && setup::run("python3", &["-m", "venv", &venv_arg]).is_err() {
            // Debian ships the venv module separately.
            setup::run("apt-get", &["install", "-y", "python3-venv"])?;
            setup::run("python3", &["-m", "venv", &venv_arg])?;
        }
        let pip = venv.join("bin").join("pip").to_string_lossy().into_owned();
        let pins: Vec<String> = PACKAGES
            .iter()
            .map(|(name, version)| format!("{name}=={version}"))
            .collect();
        let mut args = vec!["install", "--quiet"];
        args.extend(pins.iter().map(String::as_str));
        setup::run(&pip, &args)?;
    }
    Ok(vec![
        (
            "ESPRIT_MPREMOTE".to_string(),
            venv().join("bin").join("mpremote"),
        ),
        (
            "ESPRIT_ESPTOOL".to_string(),
            venv().join("bin").join("esptool"),
        ),
    ])
}

/// The path of a script the venv installed (`esptool`), installing the tools first if needed.
pub fn tool(name: &str) -> Result<PathBuf, String> {
    ensure_tools()?;
    Ok(venv().join("bin").join(name))
}

/// `cargo test` with the interop tools installed and their paths in the environment.
pub fn cargo_test(args: &[&str]) -> Result<(), String> {
    let env = ensure_tools()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    eprintln!("$ {cargo} {}", args.join(" "));
    let status = Command::new(&cargo)
        .args(args)
        .envs(env)
        .current_dir(setup::workspace_root())
        .status()
        .map_err(|e| format!("cannot start {cargo}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}
