//! `cargo xtask fuzz [--seconds N] [TARGET...]`: run the cargo-fuzz targets in `fuzz/` with
//! seeds from the conformance corpus and the project's own cases, and replay every input
//! that once crashed (`fuzz/regressions/TARGET/`). `cargo xtask test` calls [`smoke`].

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup::workspace_root;

/// Every target in fuzz/Cargo.toml.
pub const TARGETS: [&str; 7] = ["compile", "run", "repl", "fs", "diagram", "lab", "rom"];
/// The cargo-fuzz release these targets are built with.
const CARGO_FUZZ_VERSION: &str = "0.13.1";
/// Seconds per target in `cargo xtask test`: enough to catch a regression in the common paths.
const SMOKE_SECONDS: u32 = 20;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut seconds = 60;
    let mut targets = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--seconds" {
            let value = rest.next().ok_or("--seconds needs a number")?;
            seconds = value
                .parse()
                .map_err(|_| format!("--seconds: `{value}` is not a number"))?;
        } else if TARGETS.contains(&arg.as_str()) {
            targets.push(arg.as_str());
        } else {
            return Err(format!(
                "unknown fuzz target or flag `{arg}` (targets: {})",
                TARGETS.join(", ")
            ));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    fuzz(&targets, seconds)
}

/// The short run of every target that `cargo xtask test` does.
pub fn smoke() -> Result<(), String> {
    fuzz(&TARGETS, SMOKE_SECONDS)
}

fn fuzz(targets: &[&str], seconds: u32) -> Result<(), String> {
    ensure_cargo_fuzz()?;
    for target in targets {
        replay_regressions(target)?;
        let corpus = seed_corpus(target)?;
        let report = fuzz_target(
            target,
            &[
                corpus.to_str().unwrap_or_default(),
                &format!("-max_total_time={seconds}"),
                "-max_len=4096",
                "-timeout=10",
                "-rss_limit_mb=2048",
                "-print_final_stats=1",
            ],
        )?;
        eprintln!("xtask: fuzz {target}: {seconds} s, {report}");
    }
    Ok(())
}

/// Inputs that once crashed a target run again first, so a fixed bug stays fixed.
fn replay_regressions(target: &str) -> Result<(), String> {
    let dir = workspace_root().join("fuzz/regressions").join(target);
    if dir.is_dir() {
        fuzz_target(target, &[dir.to_str().unwrap_or_default(), "-runs=0"])?;
    }
    Ok(())
}

/// Runs `cargo fuzz run TARGET -- ARGS`, and returns libFuzzer's execution count.
fn fuzz_target(target: &str, libfuzzer_args: &[&str]) -> Result<String, String> {
    let mut command = cargo_fuzz();
    command.args(["run", "--release", target, "--"]);
    command.args(libfuzzer_args);
    eprintln!("$ cargo fuzz run {target} -- {}", libfuzzer_args.join(" "));
    let output = command
        .output()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        eprintln!("{log}");
        if !log.contains("Failing input") {
            return Err(format!(
                "`cargo fuzz run {target}` failed ({})",
                output.status
            ));
        }
        return Err(format!(
            "fuzz target `{target}` failed: a crashing input is saved under fuzz/artifacts/{target}/; \
             copy it to fuzz/regressions/{target}/ once fixed"
        ));
    }
    let execs = log
        .lines()
        .find_map(|line| line.strip_prefix("stat::number_of_executed_units:"))
        .map(str::trim)
        .unwrap_or("?");
    Ok(format!("{execs} executions, no crash"))
}

/// cargo-fuzz needs nightly's -Z flags: use the nightly toolchain when rustup has one, else let
/// the stable compiler accept them (RUSTC_BOOTSTRAP), whose sanitizer runtimes ship with it.
fn cargo_fuzz() -> Command {
    let has_nightly = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("nightly"))
        .unwrap_or(false);
    let mut command = Command::new("cargo");
    if has_nightly {
        command.arg("+nightly");
    } else {
        command.env("RUSTC_BOOTSTRAP", "1");
    }
    command.arg("fuzz").current_dir(workspace_root());
    command
}

fn ensure_cargo_fuzz() -> Result<(), String> {
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_FUZZ_VERSION))
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    crate::setup::cargo(&["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION])
}

/// The target's working corpus (kept between runs, not committed), topped up with seeds: the
/// Python programs for the language targets, console sessions for the REPL.
fn seed_corpus(target: &str) -> Result<PathBuf, String> {
    let root = workspace_root();
    let corpus = root.join("target/fuzz-corpus").join(target);
    fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    match target {
        "compile" | "run" => {
            for dir in [
                root.join("../shared/conformance"),
                root.join("tests/conformance"),
                root.join("tests/cases"),
            ] {
                seeds.extend(python_files(&dir));
            }
        }
        "repl" => {
            for (name, session) in REPL_SEEDS {
                seeds.push((name.to_string(), session_bytes(session)));
            }
        }
        "fs" => seeds.push(("ops_with_cuts".to_string(), FS_SEED.to_vec())),
        "diagram" => seeds.extend(lab_files(&root, "diagram.json", &[])),
        // The lab target's first byte picks the file kind: 0 checks.toml, 1 scenario.yaml.
        "lab" => {
            seeds.extend(lab_files(&root, "checks.toml", &[0]));
            seeds.extend(lab_files(&root, "scenario.yaml", &[1]));
        }
        "rom" => seeds.push(("sync_then_read_reg".to_string(), rom_seed())),
        _ => {}
    }
    for (name, bytes) in seeds {
        let path = corpus.join(name);
        if !path.exists() {
            fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(corpus)
}

/// The file `name` of every lab under www/labs/, after `prefix`, as `LAB_name` seeds.
fn lab_files(root: &Path, name: &str, prefix: &[u8]) -> Vec<(String, Vec<u8>)> {
    let Ok(labs) = fs::read_dir(root.join("www/labs")) else {
        return Vec::new();
    };
    labs.flatten()
        .filter_map(|lab| {
            let mut bytes = prefix.to_vec();
            bytes.extend(fs::read(lab.path().join(name)).ok()?);
            Some((format!("{}_{name}", lab.file_name().to_str()?), bytes))
        })
        .collect()
}

fn python_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .filter_map(|p| Some((p.file_name()?.to_str()?.to_string(), fs::read(&p).ok()?)))
        .collect()
}

/// Console sessions as the REPL tests send them: friendly lines, paste mode, raw REPL and
/// raw-paste (see ../shared/reference/repl-protocol.md).
const REPL_SEEDS: [(&str, &[u8]); 5] = [
    ("friendly", b"x = 1\rfor i in range(3):\r    print(i)\r\r"),
    ("paste", b"\x05def f():\n    return 2\nprint(f())\n\x04"),
    ("raw", b"\r\x01print('hi')\x04\x02"),
    ("raw_paste", b"\r\x01\x05A\x01print(7)\x04\x02"),
    ("interrupt", b"while True: pass\r\x03\x04"),
];

/// Three bytes an operation (see fuzz_targets/fs.rs): write, mkdir, write in it, a cut during
/// an append, a rename, a cut during a remove.
const FS_SEED: [u8; 24] = [
    0, 0, 5, 2, 2, 0, 0, 3, 7, 0xFF, 3, 0, 1, 0, 9, 5, 0, 1, 0xFF, 10, 0, 3, 1, 0,
];

/// Target byte, chunk byte, then esptool's first two requests as SLIP frames: SYNC (0x08) and
/// READ_REG (0x0A) of the chip-detect register (see esp-rom-serial-protocol.md).
fn rom_seed() -> Vec<u8> {
    let mut seed = vec![1, 7];
    let mut sync = vec![0x07, 0x07, 0x12, 0x20];
    sync.extend([0x55; 32]);
    for (command, payload) in [
        (0x08u8, sync),
        (0x0A, 0x4000_1000u32.to_le_bytes().to_vec()),
    ] {
        seed.push(0xC0);
        seed.extend([0x00, command]);
        seed.extend((payload.len() as u16).to_le_bytes());
        seed.extend([0; 4]);
        seed.extend(payload);
        seed.push(0xC0);
    }
    seed
}

/// The repl target reads a length byte before each chunk: split a session into 16-byte chunks.
fn session_bytes(session: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in session.chunks(16) {
        out.push((chunk.len() - 1) as u8);
        out.extend_from_slice(chunk);
    }
    out
}
