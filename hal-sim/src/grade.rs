//! `esprit grade LAB_DIR STUDENT.py [...] [--json PATH] [--junit PATH]`: a teacher's headless
//! grading. Reads the lab and the submissions from disk, runs each on a fresh virtual board,
//! prints a table and writes the JSON and JUnit reports. Exit status: 0 when every check of
//! every submission passed, 1 when any failed, 2 when the lab or the command line is wrong.

use std::path::Path;
use std::process::ExitCode;

use hal_sim::labs::report::{self, LabReport};
use hal_sim::labs::runner::{Lab, LabFiles, run_lab};

pub const USAGE: &str = "\
usage: esprit grade LAB_DIR STUDENT.py [STUDENT.py ...] [--json PATH] [--junit PATH]

  Runs each program on the lab's virtual board (LAB_DIR/diagram.json) and judges it with
  LAB_DIR/checks.toml and/or a Wokwi automation scenario LAB_DIR/scenario.yaml; prints a
  table, writes the reports asked for, and exits 0 only when every check of every
  submission passes.
";

fn read(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Loads the lab in `dir`: its checks.toml and/or a Wokwi scenario.yaml, and its diagram.
pub fn load(dir: &Path) -> Result<Lab, String> {
    let checks_path = dir.join("checks.toml");
    let diagram_path = dir.join("diagram.json");
    let scenario_path = dir.join("scenario.yaml");
    let checks = read(&checks_path)?;
    let scenario = read(&scenario_path)?;
    if checks.is_none() && scenario.is_none() {
        return Err(format!(
            "{}: missing (a lab needs its checks, or a Wokwi scenario.yaml)",
            checks_path.display()
        ));
    }
    let diagram = read(&diagram_path)?;
    Lab::load(&LabFiles {
        checks_name: &checks_path.display().to_string(),
        checks: checks.as_deref(),
        diagram_name: &diagram_path.display().to_string(),
        diagram: diagram.as_deref(),
        scenario_name: &scenario_path.display().to_string(),
        scenario: scenario.as_deref(),
    })
    .map_err(|e| e.to_string())
}

pub fn grade(args: &[String]) -> ExitCode {
    let mut json_path = None;
    let mut junit_path = None;
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" | "--junit" => {
                let Some(value) = it.next() else {
                    eprint!("{USAGE}");
                    return ExitCode::from(2);
                };
                if a == "--json" {
                    json_path = Some(value.clone());
                } else {
                    junit_path = Some(value.clone());
                }
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => positional.push(a.clone()),
        }
    }
    let [lab_dir, submissions @ ..] = positional.as_slice() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    if submissions.is_empty() {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }
    let lab = match load(Path::new(lab_dir)) {
        Ok(lab) => lab,
        Err(e) => {
            eprintln!("esprit grade: {e}");
            return ExitCode::from(2);
        }
    };
    let mut reports: Vec<LabReport> = Vec::new();
    for path in submissions {
        let report = match std::fs::read_to_string(path) {
            Ok(source) => run_lab(&lab, &source, path),
            Err(e) => {
                let mut r = LabReport::broken(&lab.spec, format!("can't read {path}: {e}"));
                r.program = path.clone();
                r.checks[0].name = "The submission can be read".into();
                r
            }
        };
        reports.push(report);
    }
    print!("{}", report::table(&reports));
    for (path, text) in [
        (&json_path, report::json(lab_dir, &reports)),
        (&junit_path, report::junit(lab_dir, &reports)),
    ] {
        if let Some(p) = path
            && let Err(e) = std::fs::write(p, text)
        {
            eprintln!("esprit grade: can't write {p}: {e}");
            return ExitCode::from(2);
        }
    }
    if reports.iter().all(LabReport::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
