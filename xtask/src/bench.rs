//! `cargo xtask bench [--rounds N]`: builds esprit (native and the page's wasm), installs the
//! peers (MicroPython's wasm build from npm; CPython is the machine's `python3`), runs
//! `bench/run.mjs` and writes its report to docs/PERFORMANCE.md, with the sizes of the
//! ESP32-C3 firmware, which it builds too.

use crate::{firmware, setup, web};

pub fn run(args: &[String]) -> Result<(), String> {
    let mut rounds = String::from("5");
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--rounds" => rounds = rest.next().ok_or("--rounds needs a number")?.clone(),
            other => {
                return Err(format!(
                    "unknown bench argument `{other}` (takes --rounds N)"
                ));
            }
        }
    }
    let root = setup::workspace_root();
    setup::cargo(&[
        "build",
        "--quiet",
        "--release",
        "-p",
        "esprit-hal-sim",
        "--bin",
        "esprit",
    ])?;
    web::build()?;
    let bench = root.join("bench");
    web::npm_ci(&bench)?;

    let esprit = root.join("target/release/esprit");
    let pkg = root.join("target/web-pkg/esprit_web.js");
    let report = root.join("docs/PERFORMANCE.md");
    let mut node_args = vec![
        "run.mjs".to_string(),
        "--esprit".into(),
        esprit.display().to_string(),
        "--esprit-wasm".into(),
        pkg.display().to_string(),
        "--rounds".into(),
        rounds.clone(),
        "--out".into(),
        report.display().to_string(),
        "--command".into(),
        if rounds == "5" {
            "cargo xtask bench".to_string()
        } else {
            format!("cargo xtask bench --rounds {rounds}")
        },
    ];
    // The merged image is checked and split into its parts: the app is what flash holds.
    let merged = firmware::test()?;
    let elf = root.join("target/riscv32imc-unknown-none-elf/release/esprit-firmware");
    let app = merged.with_extension("app.bin");
    node_args.extend([
        "--firmware-elf".into(),
        elf.display().to_string(),
        "--firmware-image".into(),
        app.display().to_string(),
    ]);
    let node_args: Vec<&str> = node_args.iter().map(String::as_str).collect();
    web::run_in(&bench, "node", &node_args)?;
    eprintln!("xtask: wrote {}", report.display());
    Ok(())
}
