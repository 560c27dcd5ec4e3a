//! The Labs panel's entry into the lab engine: the same checks `esprit grade` runs, on a fresh
//! virtual board in virtual time, so a student's Check and the teacher's grade agree.

use hal_sim::labs::report::report_json;
use hal_sim::labs::runner::{Lab, LabFiles, run_lab};
use wasm_bindgen::prelude::*;

/// Judges `program` with a lab's `checks.toml` and (if it has them) `diagram.json` and Wokwi
/// `scenario.yaml`, and returns
/// the report as JSON: `{lab, submission, passed, end_us, checks: [{name, line, passed,
/// message}], console}`. A malformed lab throws an error naming the file, line and field.
#[wasm_bindgen(js_name = checkLab)]
pub fn check_lab(
    checks: &str,
    diagram: Option<String>,
    scenario: Option<String>,
    program: &str,
) -> Result<String, JsError> {
    let lab = Lab::load(&LabFiles {
        checks_name: "checks.toml",
        checks: Some(checks),
        diagram_name: "diagram.json",
        diagram: diagram.as_deref(),
        scenario_name: "scenario.yaml",
        scenario: scenario.as_deref(),
    })
    .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(report_json(&run_lab(&lab, program, "main.py")))
}
