//! Builds the playground: the `web` crate for wasm32, wasm-bindgen's JS glue, and the page
//! bundled by `www/build.mjs` into `target/www`. Installs what is missing (the rustup target,
//! wasm-bindgen-cli at the version `web/Cargo.toml` pins, Node/npm, the npm packages of
//! `www/package-lock.json`) and skips what is there.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Where the built page goes.
pub fn dist() -> PathBuf {
    setup::workspace_root().join("target").join("www")
}

/// Builds everything the page needs into [`dist`].
pub fn build() -> Result<PathBuf, String> {
    let root = setup::workspace_root();
    setup::ensure_rust_targets(&[WASM_TARGET])?;
    ensure_wasm_bindgen(&root)?;
    ensure_node()?;
    setup::cargo(&[
        "build",
        "--quiet",
        "--release",
        "-p",
        "esprit-web",
        "--target",
        WASM_TARGET,
    ])?;
    let wasm = root
        .join("target")
        .join(WASM_TARGET)
        .join("release")
        .join("esprit_web.wasm");
    let pkg = root.join("target").join("web-pkg");
    setup::run(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-dir",
            &pkg.to_string_lossy(),
            &wasm.to_string_lossy(),
        ],
    )?;
    let www = root.join("www");
    npm_ci(&www)?;
    let out = dist();
    run_in(
        &www,
        "node",
        &[
            "build.mjs",
            "--pkg",
            &pkg.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ],
    )?;
    Ok(out)
}

/// The exact version `web/Cargo.toml` pins (`wasm-bindgen = "=X"`): the CLI must match it.
fn pinned_wasm_bindgen(root: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("web").join("Cargo.toml"))
        .map_err(|e| format!("cannot read web/Cargo.toml: {e}"))?;
    manifest
        .lines()
        .find_map(|line| {
            let rest = line.trim().strip_prefix("wasm-bindgen")?.trim_start();
            let rest = rest.strip_prefix('=')?.trim().strip_prefix("\"=")?;
            rest.split('"').next().map(str::to_string)
        })
        .ok_or_else(|| "web/Cargo.toml does not pin wasm-bindgen as \"=X.Y.Z\"".to_string())
}

fn ensure_wasm_bindgen(root: &Path) -> Result<(), String> {
    let version = pinned_wasm_bindgen(root)?;
    let installed = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout).trim() == format!("wasm-bindgen {version}")
        });
    if installed {
        return Ok(());
    }
    setup::cargo(&["install", "wasm-bindgen-cli", "--version", &version])
}

fn ensure_node() -> Result<(), String> {
    let present = |program: &str| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if present("node") && present("npm") {
        return Ok(());
    }
    setup::run("apt-get", &["update", "-qq"])?;
    setup::run("apt-get", &["install", "-y", "-qq", "nodejs", "npm"])
}

/// `npm ci`, unless node_modules already holds what package-lock.json says.
pub fn npm_ci(dir: &Path) -> Result<(), String> {
    let lock_path = dir.join("package-lock.json");
    let lock = std::fs::read(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let stamp = dir.join("node_modules").join(".esprit-lock");
    if std::fs::read(&stamp).is_ok_and(|kept| kept == lock) {
        return Ok(());
    }
    run_in(dir, "npm", &["ci", "--no-audit", "--no-fund"])?;
    std::fs::write(&stamp, &lock).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// Runs a command in `dir`, echoing it, and fails if it fails.
pub fn run_in(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("$ (cd {}) {program} {}", dir.display(), args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}
