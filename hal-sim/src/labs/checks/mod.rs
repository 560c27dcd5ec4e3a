//! Judging one check against a recording. Each kind lives in its own file and answers
//! `Ok(())` or, in plain words with times, what was expected and what happened instead.

mod display;
mod light;
mod pins;
mod serial;
mod servo;

use super::duration::show_span;
use super::record::Recording;
use super::report::CheckOutcome;
use super::spec::{BrightnessGoal, Check, CheckKind, PinRef};

/// Judges `check`.
pub fn evaluate(check: &Check, rec: &Recording) -> CheckOutcome {
    let verdict = match &check.kind {
        CheckKind::Toggles { .. } | CheckKind::Level { .. } | CheckKind::Responds { .. } => {
            pins::judge(&check.kind, rec)
        }
        CheckKind::Serial {
            pattern,
            regex,
            absent,
        } => serial::judge(pattern, regex, *absent, rec),
        CheckKind::Display {
            part,
            line,
            x,
            text,
            at_us,
        } => display::judge(part, *line, *x, text, at_us.unwrap_or(rec.end_us), rec),
        CheckKind::Servo {
            part,
            from_deg,
            to_deg,
            tolerance_deg,
        } => servo::judge(part, *from_deg, *to_deg, *tolerance_deg, rec),
        CheckKind::Brightness { .. } | CheckKind::NeoPixel { .. } => light::judge(&check.kind, rec),
        CheckKind::NoException => no_exception(rec),
    };
    CheckOutcome {
        name: check.name.clone(),
        line: check.line,
        passed: verdict.is_ok(),
        message: verdict.err().unwrap_or_default(),
    }
}

fn no_exception(rec: &Recording) -> Result<(), String> {
    match &rec.exception {
        None => Ok(()),
        Some((t, tb)) => {
            let last = tb.lines().last().unwrap_or("").trim();
            let place = tb
                .lines()
                .rfind(|l| l.trim_start().starts_with("File "))
                .map(|l| format!(" ({})", l.trim()))
                .unwrap_or_default();
            Err(format!(
                "expected the program to run without an uncaught exception, but at {} it \
                 stopped with {last}{place}",
                super::duration::show_time(*t)
            ))
        }
    }
}

/// A name for a check the teacher did not name.
pub fn default_name(kind: &CheckKind) -> String {
    let pin = PinRef::describe;
    match kind {
        CheckKind::Toggles {
            pin: p,
            period_us,
            tolerance,
            cycles,
            ..
        } => format!(
            "{} toggles with a period of {} ± {} for {} cycles",
            pin(p),
            show_span(*period_us),
            tolerance.describe(),
            cycles
        ),
        CheckKind::Level {
            pin: p,
            at_us,
            high,
        } => format!(
            "{} is {} at {}",
            pin(p),
            if *high { "high" } else { "low" },
            super::duration::show_time(*at_us)
        ),
        CheckKind::Responds {
            button,
            pin: p,
            within_us,
        } => format!(
            "{} changes within {} of each press of {button}",
            pin(p),
            show_span(*within_us)
        ),
        CheckKind::Serial {
            pattern, absent, ..
        } => {
            if *absent {
                format!("No serial line matches /{pattern}/")
            } else {
                format!("A serial line matches /{pattern}/")
            }
        }
        CheckKind::Display {
            part, line, text, ..
        } => {
            format!("{part} shows '{text}' on line {line}")
        }
        CheckKind::Servo {
            part,
            from_deg,
            to_deg,
            ..
        } => format!("{part} sweeps from {from_deg}° to {to_deg}°"),
        CheckKind::Brightness { pin: p, goal, .. } => match goal {
            BrightnessGoal::Rising => format!("{} gets steadily brighter", pin(p)),
            BrightnessGoal::Falling => format!("{} gets steadily dimmer", pin(p)),
            BrightnessGoal::Reaches(v) => {
                format!("{} reaches {:.0}% brightness", pin(p), v * 100.0)
            }
            BrightnessGoal::DimsTo(v) => format!("{} dims to {:.0}% brightness", pin(p), v * 100.0),
            BrightnessGoal::Level { level, .. } => {
                format!("{} is at {:.0}% brightness", pin(p), level * 100.0)
            }
        },
        CheckKind::NeoPixel {
            part,
            pixels,
            changes,
            ..
        } => {
            if pixels.is_empty() {
                format!("{part}'s colours change at least {changes} times")
            } else {
                format!("{part} shows the expected colours")
            }
        }
        CheckKind::NoException => "The program raises no exception".into(),
    }
}
