//! Runs Python programs through `esprit run` and compares their output byte for byte.
//!
//! Two sets of programs:
//! - the shared conformance corpus (`../shared/conformance` when it is there, else the copy in
//!   `tests/conformance/`). Every program named in `tests/passing.txt` must pass, so the count
//!   that passes only goes up; a program that passes but is not listed yet is reported, and
//!   `ESPRIT_BLESS=1` adds it to the list.
//! - the project's own cases in `tests/cases/`, which must all pass. `NAME.exp` is the expected
//!   standard output; when `NAME.err` exists, it is the expected standard error and the program
//!   must exit with status 1 (an uncaught exception), otherwise with status 0.

use esprit_tests::{diff, repo_root, run_esprit};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

/// Generous: every program finishes well under a second; this only catches hangs.
const TIME_LIMIT: Duration = Duration::from_secs(20);

struct Case {
    name: String,
    program: PathBuf,
    expected_stdout: String,
    expected_stderr: Option<String>,
}

fn main() -> ExitCode {
    let root = repo_root();
    let shared = root.join("../shared/conformance");
    let corpus = if shared.is_dir() {
        shared
    } else {
        root.join("tests/conformance")
    };
    println!("conformance corpus: {}", corpus.display());

    let listed_path = root.join("tests/passing.txt");
    let listed: BTreeSet<String> = std::fs::read_to_string(&listed_path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect();

    let corpus_results = run_all(load_cases(&corpus));
    let own_results = run_all(load_cases(&root.join("tests/cases")));

    let mut ok = true;
    let passed: BTreeSet<String> = corpus_results
        .iter()
        .filter(|r| r.failure.is_none())
        .map(|r| r.name.clone())
        .collect();
    for result in &corpus_results {
        if let Some(failure) = &result.failure {
            let required = listed.contains(&result.name);
            ok &= !required;
            let tag = if required { "REGRESSION" } else { "fail" };
            println!("{tag}: {}\n{failure}", result.name);
        }
    }
    for result in &own_results {
        if let Some(failure) = &result.failure {
            ok = false;
            println!("FAIL (tests/cases): {}\n{failure}", result.name);
        }
    }
    for name in listed
        .iter()
        .filter(|name| !corpus_results.iter().any(|r| &&r.name == name))
    {
        ok = false;
        println!("missing: {name} is listed in tests/passing.txt but not in the corpus");
    }

    let newly: Vec<&String> = passed.difference(&listed).collect();
    if !newly.is_empty() {
        if std::env::var_os("ESPRIT_BLESS").is_some() {
            let all: BTreeSet<&String> = passed.iter().chain(listed.iter()).collect();
            let text: String = all.iter().map(|name| format!("{name}\n")).collect();
            std::fs::write(&listed_path, text).expect("tests/passing.txt is writable");
            println!("added {} programs to tests/passing.txt", newly.len());
        } else {
            println!("passing but not yet in tests/passing.txt (ESPRIT_BLESS=1 adds them):");
            for name in newly {
                println!("  {name}");
            }
        }
    }

    let core_total = corpus_results
        .iter()
        .filter(|r| is_core_language(&r.name))
        .count();
    let core_passed = passed.iter().filter(|name| is_core_language(name)).count();
    let own_passed = own_results.iter().filter(|r| r.failure.is_none()).count();
    println!(
        "conformance: {}/{} pass ({core_passed}/{core_total} of the core language); \
         own cases: {own_passed}/{}",
        passed.len(),
        corpus_results.len(),
        own_results.len()
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Programs that need only the language core, not the standard library or asyncio.
fn is_core_language(name: &str) -> bool {
    !name.starts_with("mod_") && !name.starts_with("async_")
}

fn load_cases(dir: &Path) -> Vec<Case> {
    let mut programs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .collect();
    programs.sort();
    programs
        .into_iter()
        .map(|program| {
            let name = program
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let expected_stdout = std::fs::read_to_string(program.with_extension("exp"))
                .unwrap_or_else(|e| panic!("{name}.exp is missing beside {name}.py: {e}"));
            let expected_stderr = std::fs::read_to_string(program.with_extension("err")).ok();
            Case {
                name,
                program,
                expected_stdout,
                expected_stderr,
            }
        })
        .collect()
}

struct CaseResult {
    name: String,
    /// What went wrong, ready to print; `None` when the case passed.
    failure: Option<String>,
}

/// Runs cases on a few threads (each case is its own process) and returns results in order.
fn run_all(cases: Vec<Case>) -> Vec<CaseResult> {
    let queue = Mutex::new(cases.iter().enumerate());
    let results = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().expect("queue lock").next();
                    let Some((index, case)) = next else { break };
                    let failure = check(case);
                    results.lock().expect("results lock").push((index, failure));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("results lock");
    results.sort_by_key(|(index, _)| *index);
    results
        .into_iter()
        .map(|(index, failure)| CaseResult {
            name: cases[index].name.clone(),
            failure,
        })
        .collect()
}

fn check(case: &Case) -> Option<String> {
    // Run from the program's directory with its bare name, so tracebacks name `NAME.py` the
    // same way on every machine.
    let file_name = case
        .program
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    let dir = case.program.parent().unwrap_or(Path::new("."));
    let outcome = run_esprit(&["run", &file_name], dir, TIME_LIMIT);
    let expected_status = if case.expected_stderr.is_some() { 1 } else { 0 };
    let mut problems = String::new();
    match outcome.status {
        None => problems.push_str(&format!("  did not finish within {TIME_LIMIT:?}\n")),
        Some(status) if status != expected_status => {
            problems.push_str(&format!(
                "  exit status {status}, expected {expected_status}\n"
            ));
        }
        Some(_) => {}
    }
    if outcome.stdout != case.expected_stdout {
        problems.push_str("  stdout differs:\n");
        problems.push_str(&diff(&case.expected_stdout, &outcome.stdout));
    }
    match &case.expected_stderr {
        Some(expected) if *expected != outcome.stderr => {
            problems.push_str("  stderr differs:\n");
            problems.push_str(&diff(expected, &outcome.stderr));
        }
        None if !problems.is_empty() && !outcome.stderr.is_empty() => {
            let tail: Vec<&str> = outcome.stderr.lines().rev().take(6).collect();
            problems.push_str("  stderr (last lines):\n");
            for line in tail.into_iter().rev() {
                problems.push_str(&format!("    {line}\n"));
            }
        }
        _ => {}
    }
    (!problems.is_empty()).then_some(problems)
}
