//! Runs a program on the lab's board for the lab's span of virtual time, giving it the timed
//! inputs and following the Wokwi steps, and records what happened; then judges the checks.
//!
//! Virtual time moves only here: to the end of a `time.sleep`, to the next input or step, and
//! by 500 ns for each bytecode a busy program runs, so the same program
//! with the same inputs always gives the same recording, on the host or in wasm.

use vm::{Config, RunOutcome, Vm};

use super::board::LabBoard;
use super::checks;
use super::duration::show_time;
use super::parse::{LabError, parse_checks};
use super::record::Recording;
use super::report::{CheckOutcome, LabReport};
use super::scenario::parse_scenario;
use super::spec::{CheckKind, Input, LabSpec, PinRef, Step};

/// Instructions per `Vm::run` slice.
const BUDGET: u32 = 5_000;
/// Virtual time a slice of busy instructions takes: 500 ns a bytecode, as
/// `esprit run --diagram` counts it (board/runner.rs), so both see the same program run at
/// the same speed.
const SLICE_US: u64 = BUDGET as u64 * 500 / 1000;
/// How often part states (displays, NeoPixels, servos) are sampled at most.
const SAMPLE_US: u64 = 10_000;

/// A lab's files as text; the caller reads them (from disk, or from the page's bundle).
pub struct LabFiles<'a> {
    /// Name of the checks file, for error messages ("labs/blink/checks.toml").
    pub checks_name: &'a str,
    /// `checks.toml`, if the lab has one.
    pub checks: Option<&'a str>,
    pub diagram_name: &'a str,
    /// `diagram.json`, if the lab has one.
    pub diagram: Option<&'a str>,
    pub scenario_name: &'a str,
    /// A Wokwi automation scenario (`scenario.yaml`), if the lab has one.
    pub scenario: Option<&'a str>,
}

/// How long a lab with only a scenario may run: it ends when its steps do.
const SCENARIO_TIMEOUT_US: u64 = 30_000_000;

/// A loaded lab, ready to judge any number of programs.
pub struct Lab {
    pub spec: LabSpec,
    pub diagram_name: String,
    pub diagram: Option<String>,
}

impl Lab {
    pub fn load(files: &LabFiles<'_>) -> Result<Lab, LabError> {
        let mut spec = match files.checks {
            Some(text) => parse_checks(files.checks_name, text)?,
            None => LabSpec {
                until_us: SCENARIO_TIMEOUT_US,
                ..LabSpec::default()
            },
        };
        if let Some(text) = files.scenario {
            let scenario = parse_scenario(files.scenario_name, text)?;
            spec.steps.extend(scenario.steps);
            if spec.title.is_empty() {
                spec.title = scenario.name;
            }
        }
        if spec.checks.is_empty() && spec.steps.is_empty() {
            let (file, field) = match files.checks {
                Some(_) => (files.checks_name, "check"),
                None => (files.scenario_name, "steps"),
            };
            return Err(LabError {
                file: file.to_string(),
                line: 0,
                field: field.to_string(),
                message: "the lab has no [[check]] and no scenario steps: nothing would be checked"
                    .into(),
            });
        }
        let lab = Lab {
            spec,
            diagram_name: files.diagram_name.to_string(),
            diagram: files.diagram.map(str::to_string),
        };
        // Build the board once now, so a broken diagram is reported when the lab loads.
        lab.board()?;
        Ok(lab)
    }

    /// A fresh board for one run.
    pub fn board(&self) -> Result<Box<dyn LabBoard>, LabError> {
        super::board::for_lab(&self.diagram_name, self.diagram.as_deref())
    }
}

/// Runs `program` (its file name for tracebacks) on a fresh board and judges every check.
pub fn run_lab(lab: &Lab, program: &str, program_name: &str) -> LabReport {
    let mut board = match lab.board() {
        Ok(b) => b,
        Err(e) => return LabReport::broken(&lab.spec, e.to_string()),
    };
    let rec = record(&lab.spec, program, program_name, board.as_mut());
    let outcomes = judge(&lab.spec, &rec);
    LabReport::new(&lab.spec, program_name, outcomes, rec)
}

/// Every pin reference in the spec, so the board resolves them once.
fn pin_refs(spec: &LabSpec) -> Vec<PinRef> {
    let mut refs = Vec::new();
    for c in &spec.checks {
        match &c.kind {
            CheckKind::Toggles { pin, .. }
            | CheckKind::Level { pin, .. }
            | CheckKind::Responds { pin, .. }
            | CheckKind::Brightness { pin, .. } => refs.push(pin.clone()),
            CheckKind::Servo { part, .. } => refs.push(PinRef::parse(part)),
            _ => {}
        }
    }
    for s in &spec.steps {
        if let Step::ExpectPin { pin, .. } = s {
            refs.push(pin.clone());
        }
    }
    refs
}

/// Where the Wokwi steps have got to.
struct Scenario {
    index: usize,
    /// When the current `delay` step started.
    delay_from: Option<u64>,
    /// When the current `wait-serial` step started.
    wait_from: Option<u64>,
    /// Console text before this offset was already matched by an earlier `wait-serial`.
    serial_seen: usize,
    failed: bool,
}

/// Runs the program and records what happened.
pub fn record(
    spec: &LabSpec,
    program: &str,
    program_name: &str,
    board: &mut dyn LabBoard,
) -> Recording {
    let mut rec = Recording::default();
    for pin in pin_refs(spec) {
        rec.resolved.insert(pin.describe(), board.resolve(&pin));
    }
    let mut vm = Vm::new(Config::default());
    crate::flash_file::mount(&mut vm);
    board.attach(&mut vm);
    let mut running = match vm.load_main(program, program_name) {
        Ok(()) => true,
        Err(e) => {
            rec.console.push((0, e.traceback.clone()));
            rec.exception = Some((0, e.traceback));
            false
        }
    };
    let mut scenario = Scenario {
        index: 0,
        delay_from: None,
        wait_from: None,
        serial_seen: 0,
        failed: false,
    };
    let mut next_event = 0;
    let mut now = 0u64;
    let mut next_sample = 0u64;
    let mut console_text = String::new();
    loop {
        // Inputs due now.
        while let Some(e) = spec.events.get(next_event).filter(|e| e.at_us <= now) {
            give(&mut vm, board, &mut rec, now, &e.input);
            next_event += 1;
        }
        board.record(now, &mut rec);
        let step_wake = advance_steps(
            spec,
            &mut scenario,
            &mut vm,
            board,
            &mut rec,
            now,
            &console_text,
        );
        if now >= next_sample {
            next_sample = now + SAMPLE_US;
        }
        if now >= spec.until_us {
            break;
        }
        // A lab that is only a scenario ends with it, as Wokwi's runner does.
        if spec.checks.is_empty() && (scenario.failed || scenario.index >= spec.steps.len()) {
            break;
        }
        // Run the program until it sleeps, waits, ends, or uses its slice.
        let mut wake = spec.until_us.min(next_sample);
        if let Some(e) = spec.events.get(next_event) {
            wake = wake.min(e.at_us);
        }
        if let Some(w) = step_wake {
            wake = wake.min(w);
        }
        if running {
            let outcome = vm.run(BUDGET);
            // stdout and stderr share the one serial console, as on a board.
            for (_, bytes) in vm.take_output() {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                console_text.push_str(&text);
                rec.console.push((now, text));
            }
            // A `wait-serial` step is satisfied at the time the text was printed.
            board.record(now, &mut rec);
            if let Some(w) = advance_steps(
                spec,
                &mut scenario,
                &mut vm,
                board,
                &mut rec,
                now,
                &console_text,
            ) {
                wake = wake.min(w);
            }
            match outcome {
                RunOutcome::BudgetExhausted => wake = wake.min(now + SLICE_US),
                RunOutcome::Sleeping { until_us } => wake = wake.min(until_us),
                // Nothing typed yet: time passes until the next input.
                RunOutcome::WaitingForInput => {}
                RunOutcome::Finished | RunOutcome::Exit(_) => running = false,
                RunOutcome::Exception => {
                    running = false;
                    let tb = vm.last_traceback().unwrap_or_default();
                    console_text.push_str(&tb);
                    rec.console.push((now, tb.clone()));
                    rec.exception = Some((now, tb));
                }
            }
        }
        let wake = wake.max(now + 1).min(spec.until_us.max(now));
        if wake > now {
            now = wake;
            vm.set_time_us(now);
        } else {
            break;
        }
    }
    board.record(now, &mut rec);
    if let Some(step) = spec.steps.get(scenario.index).filter(|_| !scenario.failed) {
        let since = scenario
            .wait_from
            .or(scenario.delay_from)
            .map(|t| format!(" since {}", show_time(t)))
            .unwrap_or_default();
        let what = match step {
            Step::WaitSerial(text) => {
                format!("waited{since} for the serial output {text:?}, but it never came")
            }
            Step::Delay(_) => format!("was still waiting{since} when the run ended"),
            _ => "was not reached".to_string(),
        };
        rec.step_failures.push((
            scenario.index + 1,
            format!("{what} (the run ended at {})", show_time(now)),
        ));
    }
    rec.end_us = now;
    rec
}

fn give(vm: &mut Vm, board: &mut dyn LabBoard, rec: &mut Recording, now: u64, input: &Input) {
    rec.inputs.push((now, input.clone()));
    match input {
        Input::Serial(text) => vm.feed_input(text.as_bytes()),
        other => {
            if let Err(e) = board.apply(now, other) {
                rec.step_failures
                    .push((0, format!("at {}: {e}", show_time(now))));
            }
        }
    }
}

/// Runs the Wokwi steps that can run at `now`; returns when the next one wants to be woken.
fn advance_steps(
    spec: &LabSpec,
    sc: &mut Scenario,
    vm: &mut Vm,
    board: &mut dyn LabBoard,
    rec: &mut Recording,
    now: u64,
    console: &str,
) -> Option<u64> {
    while !sc.failed {
        let step = spec.steps.get(sc.index)?;
        match step {
            Step::Delay(d) => {
                let from = *sc.delay_from.get_or_insert(now);
                if now < from + d {
                    return Some(from + d);
                }
                sc.delay_from = None;
            }
            Step::WaitSerial(text) => {
                sc.wait_from.get_or_insert(now);
                let rest = console.get(sc.serial_seen..).unwrap_or("");
                match rest.find(text.as_str()) {
                    Some(at) => {
                        sc.serial_seen += at + text.len();
                        sc.wait_from = None;
                    }
                    None => return None,
                }
            }
            Step::SetControl(input) => give(vm, board, rec, now, input),
            Step::WriteSerial(text) => give(vm, board, rec, now, &Input::Serial(text.clone())),
            Step::ExpectPin { pin, high } => {
                let verdict = match rec.gpio(pin) {
                    Ok(gpio) => {
                        let level = rec.level_at(gpio, now);
                        if level == *high {
                            None
                        } else {
                            Some(format!(
                                "expected {} to be {} at {}, but it was {}",
                                pin.describe(),
                                u8::from(*high),
                                show_time(now),
                                u8::from(level)
                            ))
                        }
                    }
                    Err(e) => Some(e),
                };
                if let Some(message) = verdict {
                    rec.step_failures.push((sc.index + 1, message));
                    sc.failed = true;
                    return None;
                }
            }
        }
        sc.index += 1;
    }
    None
}

/// Judges every check against the recording.
pub fn judge(spec: &LabSpec, rec: &Recording) -> Vec<CheckOutcome> {
    let mut out: Vec<CheckOutcome> = spec
        .checks
        .iter()
        .map(|c| checks::evaluate(c, rec))
        .collect();
    if !spec.steps.is_empty() {
        let failure = rec.step_failures.iter().find(|(i, _)| *i > 0);
        out.push(CheckOutcome {
            name: format!("The scenario's {} steps run to the end", spec.steps.len()),
            line: 0,
            passed: failure.is_none(),
            message: failure
                .map(|(i, m)| format!("step {i}: {m}"))
                .unwrap_or_default(),
        });
    }
    // An input the board could not apply is the lab's mistake, and must not pass silently.
    if let Some((_, m)) = rec.step_failures.iter().find(|(i, _)| *i == 0) {
        out.push(CheckOutcome {
            name: "The lab's inputs reach the board".into(),
            line: 0,
            passed: false,
            message: m.clone(),
        });
    }
    out
}
