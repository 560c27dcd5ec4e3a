//! Results: one outcome per check, a report per submission, and the forms a teacher reads or a
//! CI consumes (a text table, JSON, JUnit XML). Built as strings; the caller writes the files.

use std::fmt::Write as _;

use super::record::Recording;
use super::spec::LabSpec;

/// How one check went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOutcome {
    pub name: String,
    /// The line of checks.toml the check is written on (0 for ones the runner adds).
    pub line: usize,
    pub passed: bool,
    /// Why it failed, in plain words with times; empty when it passed.
    pub message: String,
}

/// One program judged against one lab.
#[derive(Clone, Debug)]
pub struct LabReport {
    pub lab: String,
    pub program: String,
    pub checks: Vec<CheckOutcome>,
    /// What the program printed (and its traceback).
    pub console: String,
    pub end_us: u64,
}

impl LabReport {
    pub fn new(spec: &LabSpec, program: &str, checks: Vec<CheckOutcome>, rec: Recording) -> Self {
        LabReport {
            lab: spec.title.clone(),
            program: program.to_string(),
            checks,
            console: rec.console_text(),
            end_us: rec.end_us,
        }
    }

    /// A report for a lab that could not run at all (its board failed to build).
    pub fn broken(spec: &LabSpec, message: String) -> Self {
        LabReport {
            lab: spec.title.clone(),
            program: String::new(),
            checks: vec![CheckOutcome {
                name: "The lab's board builds".into(),
                line: 0,
                passed: false,
                message,
            }],
            console: String::new(),
            end_us: 0,
        }
    }

    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    pub fn failures(&self) -> usize {
        self.checks.iter().filter(|c| !c.passed).count()
    }
}

/// A plain-text table: one row per submission, then each failure spelled out.
pub fn table(reports: &[LabReport]) -> String {
    let width = reports
        .iter()
        .map(|r| r.program.chars().count())
        .max()
        .unwrap_or(0)
        .max("submission".len());
    let mut out = String::new();
    let _ = writeln!(out, "{:width$}  result  passed", "submission");
    for r in reports {
        let _ = writeln!(
            out,
            "{:width$}  {:6}  {}/{}",
            r.program,
            if r.passed() { "PASS" } else { "FAIL" },
            r.checks.len() - r.failures(),
            r.checks.len()
        );
    }
    for r in reports.iter().filter(|r| !r.passed()) {
        let _ = writeln!(out, "\n{}:", r.program);
        for c in r.checks.iter().filter(|c| !c.passed) {
            let _ = writeln!(out, "  FAIL {}\n       {}", c.name, c.message);
        }
    }
    out
}

/// A JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One report as a JSON object.
pub fn report_json(r: &LabReport) -> String {
    let checks: Vec<String> = r
        .checks
        .iter()
        .map(|c| {
            format!(
                "{{\"name\":{},\"line\":{},\"passed\":{},\"message\":{}}}",
                json_string(&c.name),
                c.line,
                c.passed,
                json_string(&c.message)
            )
        })
        .collect();
    format!(
        "{{\"lab\":{},\"submission\":{},\"passed\":{},\"end_us\":{},\"checks\":[{}],\"console\":{}}}",
        json_string(&r.lab),
        json_string(&r.program),
        r.passed(),
        r.end_us,
        checks.join(","),
        json_string(&r.console)
    )
}

/// Every submission's report as JSON.
pub fn json(lab_dir: &str, reports: &[LabReport]) -> String {
    let items: Vec<String> = reports.iter().map(report_json).collect();
    format!(
        "{{\"lab\":{},\"passed\":{},\"submissions\":[{}]}}\n",
        json_string(lab_dir),
        reports.iter().all(LabReport::passed),
        items.join(",")
    )
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: a test suite per submission, a test case per check.
pub fn junit(lab_dir: &str, reports: &[LabReport]) -> String {
    let tests: usize = reports.iter().map(|r| r.checks.len()).sum();
    let failures: usize = reports.iter().map(LabReport::failures).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\">",
        xml(lab_dir)
    );
    for r in reports {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" time=\"{:.3}\">",
            xml(&r.program),
            r.checks.len(),
            r.failures(),
            r.end_us as f64 / 1e6
        );
        for c in &r.checks {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(lab_dir),
                xml(&c.name)
            );
            if c.passed {
                out.push_str("/>\n");
            } else {
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                    xml(&c.message),
                    xml(&c.message)
                );
            }
        }
        let _ = writeln!(out, "    <system-out>{}</system-out>", xml(&r.console));
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
