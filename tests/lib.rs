//! Helpers shared by the workspace-level tests: finding and running the `esprit` binary.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The `esprit` binary built beside this test (`cargo xtask test` builds it first), or the one
/// named by `ESPRIT_BIN`.
pub fn esprit_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("ESPRIT_BIN") {
        return PathBuf::from(path);
    }
    // Tests run from target/<profile>/deps/; the binary sits in target/<profile>/.
    let exe = std::env::current_exe().expect("the test knows its own path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary is in target/*/deps");
    let binary = profile_dir.join(format!("esprit{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: build it with `cargo build -p esprit-hal-sim --bin esprit` \
         (`cargo xtask test` does this)",
        binary.display()
    );
    binary
}

/// What a program printed and how it ended.
#[derive(Debug)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    /// The exit status, or `None` when the program was killed for running too long.
    pub status: Option<i32>,
}

/// Runs `esprit` with `args` in the directory `cwd`, killing it after `limit` so a hang fails
/// one test instead of the whole suite.
pub fn run_esprit(args: &[&str], cwd: &Path, limit: Duration) -> Outcome {
    let mut child = Command::new(esprit_binary())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("esprit starts");
    // Drain both pipes on their own threads so a chatty program cannot block on a full pipe.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        match child.try_wait().expect("waiting for esprit") {
            Some(status) => break status.code(),
            None if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    Outcome {
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        status,
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// A short line-by-line comparison of expected and actual text, for failure reports.
pub fn diff(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let mut report = String::new();
    let mut shown = 0;
    for i in 0..expected.len().max(actual.len()) {
        let (want, got) = (expected.get(i), actual.get(i));
        if want == got {
            continue;
        }
        if shown == 8 {
            report.push_str("    ... (more differences)\n");
            break;
        }
        shown += 1;
        report.push_str(&format!("    line {}:\n", i + 1));
        report.push_str(&format!(
            "      expected: {}\n",
            want.copied().unwrap_or("<missing>")
        ));
        report.push_str(&format!(
            "      actual:   {}\n",
            got.copied().unwrap_or("<missing>")
        ));
    }
    report
}

/// Starts `esprit serve ARGS...` and returns it with the first line it prints (the pty path or
/// the rfc2217 URL), or an empty string when none comes within `limit`.
pub fn start_serve(args: &[&std::ffi::OsStr], limit: Duration) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(esprit_binary())
        .arg("serve")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("esprit serve starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = send.send(line);
    });
    let line = receive.recv_timeout(limit).unwrap_or_default();
    (child, line.trim().to_string())
}
