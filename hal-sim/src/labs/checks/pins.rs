//! Checks on a pin's digital trace: it toggles with a period, it is at a level at a time, it
//! answers each button press.

use super::super::duration::{show_span, show_time};
use super::super::record::Recording;
use super::super::spec::{CheckKind, PinRef};

/// "led1 (GPIO2)".
pub fn named(pin: &PinRef, gpio: u32) -> String {
    match pin {
        PinRef::Gpio(_) => format!("GPIO{gpio}"),
        other => format!("{} (GPIO{gpio})", other.describe()),
    }
}

fn level_word(high: bool) -> &'static str {
    if high { "high" } else { "low" }
}

pub fn judge(kind: &CheckKind, rec: &Recording) -> Result<(), String> {
    match kind {
        CheckKind::Toggles {
            pin,
            period_us,
            tolerance,
            cycles,
            from_us,
        } => {
            let gpio = rec.gpio(pin)?;
            let allowed = tolerance.allowed(*period_us);
            let expected = format!(
                "expected {} to toggle with a period of {} ± {} for at least {} cycles",
                named(pin, gpio),
                show_span(*period_us),
                tolerance.describe(),
                cycles
            );
            let edges: Vec<(u64, bool)> = rec
                .edges(gpio)
                .into_iter()
                .filter(|(t, _)| t >= from_us)
                .collect();
            if edges.len() < 2 {
                let since = if *from_us > 0 {
                    format!(" after {}", show_time(*from_us))
                } else {
                    String::new()
                };
                return Err(format!(
                    "{expected}, but it {}{since} in a run of {} (it ended {})",
                    if edges.is_empty() {
                        "never changed level"
                    } else {
                        "changed level only once"
                    },
                    show_time(rec.end_us),
                    level_word(rec.level_at(gpio, rec.end_us))
                ));
            }
            let rising: Vec<u64> = edges.iter().filter(|e| e.1).map(|e| e.0).collect();
            // The longest run of consecutive good periods, and the first bad one.
            let (mut best, mut run) = (0u32, 0u32);
            let mut first_bad = None;
            for w in rising.windows(2) {
                let p = w[1] - w[0];
                if p.abs_diff(*period_us) <= allowed {
                    run += 1;
                    best = best.max(run);
                } else {
                    run = 0;
                    first_bad.get_or_insert((w[0], p));
                }
            }
            if best >= *cycles {
                return Ok(());
            }
            match first_bad {
                Some((at, p)) => Err(format!(
                    "{expected}, but the period starting at {} was {} ({} good cycles in a row at best)",
                    show_time(at),
                    show_span(p),
                    best
                )),
                None => Err(format!(
                    "{expected}, but it completed only {} cycles before the run ended at {}",
                    best,
                    show_time(rec.end_us)
                )),
            }
        }
        CheckKind::Level { pin, at_us, high } => {
            let gpio = rec.gpio(pin)?;
            let level = rec.level_at(gpio, *at_us);
            if level == *high {
                return Ok(());
            }
            let last = rec
                .edges(gpio)
                .into_iter()
                .rfind(|(t, _)| t <= at_us)
                .map(|(t, _)| format!(" (it last changed at {})", show_time(t)))
                .unwrap_or_else(|| " (it never changed before then)".into());
            Err(format!(
                "expected {} to be {} at {}, but it was {}{last}",
                named(pin, gpio),
                level_word(*high),
                show_time(*at_us),
                level_word(level)
            ))
        }
        CheckKind::Responds {
            button,
            pin,
            within_us,
        } => {
            let gpio = rec.gpio(pin)?;
            let presses = rec.presses(button);
            if presses.is_empty() {
                return Err(format!(
                    "{button} was never pressed during the run, so there was nothing to respond to \
                     (the lab's [[event]]s must press it)"
                ));
            }
            let edges = rec.edges(gpio);
            for t in presses {
                let next = edges.iter().find(|(e, _)| *e >= t).map(|(e, _)| *e);
                match next {
                    Some(e) if e - t <= *within_us => {}
                    Some(e) => {
                        return Err(format!(
                            "expected {} to change within {} of each press of {button}, but after \
                             the press at {} it did not change until {} ({} later)",
                            named(pin, gpio),
                            show_span(*within_us),
                            show_time(t),
                            show_time(e),
                            show_span(e - t)
                        ));
                    }
                    None => {
                        return Err(format!(
                            "expected {} to change within {} of each press of {button}, but after \
                             the press at {} it never changed (it stayed {})",
                            named(pin, gpio),
                            show_span(*within_us),
                            show_time(t),
                            level_word(rec.level_at(gpio, rec.end_us))
                        ));
                    }
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
