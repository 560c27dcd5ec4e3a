//! Checks on light: an LED's brightness (PWM duty) over time, and NeoPixel colours.

use super::super::duration::show_time;
use super::super::record::Recording;
use super::super::spec::{BrightnessGoal, CheckKind, PinRef};
use super::pins::named;

fn pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Brightness changes smaller than this are noise (a 10-bit duty step is 0.1%).
const SLACK: f64 = 0.01;

pub fn judge(kind: &CheckKind, rec: &Recording) -> Result<(), String> {
    match kind {
        CheckKind::Brightness {
            pin,
            goal,
            from_us,
            to_us,
            at_us,
        } => {
            let gpio = rec.gpio(pin)?;
            let to = to_us.unwrap_or(rec.end_us);
            // A part the board traces (an LED) has its true brightness, polarity and all;
            // a bare GPIO has its PWM duty or level.
            let series = match pin {
                PinRef::Part { part, pin: None } if rec.part_values.contains_key(part) => {
                    rec.part_values[part].clone()
                }
                _ => rec.brightness(gpio),
            };
            let at = |t: u64| match series.partition_point(|(s, _)| *s <= t) {
                0 => 0.0,
                n => series[n - 1].1,
            };
            // The window's values: the one in force at its start, then each change inside it.
            let mut window = vec![(*from_us, at(*from_us))];
            window.extend(
                series
                    .iter()
                    .copied()
                    .filter(|(t, _)| t > from_us && *t <= to),
            );
            let who = named(pin, gpio);
            let span = format!("between {} and {}", show_time(*from_us), show_time(to));
            match *goal {
                BrightnessGoal::Rising | BrightnessGoal::Falling => {
                    let rising = *goal == BrightnessGoal::Rising;
                    let word = if rising { "brighter" } else { "dimmer" };
                    let expected = format!("expected {who} to get steadily {word} {span}");
                    for w in window.windows(2) {
                        let step = w[1].1 - w[0].1;
                        if (rising && step < -SLACK) || (!rising && step > SLACK) {
                            return Err(format!(
                                "{expected}, but at {} it went from {} to {}",
                                show_time(w[1].0),
                                pct(w[0].1),
                                pct(w[1].1)
                            ));
                        }
                    }
                    let mut levels: Vec<i64> =
                        window.iter().map(|(_, b)| (b * 1000.0) as i64).collect();
                    levels.dedup();
                    let first = window.first().map(|w| w.1).unwrap_or(0.0);
                    let last = window.last().map(|w| w.1).unwrap_or(0.0);
                    if levels.len() == 1 {
                        return Err(format!("{expected}, but it stayed at {}", pct(first)));
                    }
                    if levels.len() < 4 || (last - first).abs() < 0.25 {
                        return Err(format!(
                            "{expected}, but it only went from {} to {} in {} step{} (a fade \
                             changes the PWM duty in many small steps)",
                            pct(first),
                            pct(last),
                            levels.len().saturating_sub(1),
                            if levels.len() == 2 { "" } else { "s" }
                        ));
                    }
                    Ok(())
                }
                BrightnessGoal::Reaches(target) => {
                    let (t, best) = window
                        .iter()
                        .copied()
                        .fold((0, f64::MIN), |a, b| if b.1 > a.1 { b } else { a });
                    if best + SLACK >= target {
                        Ok(())
                    } else {
                        Err(format!(
                            "expected {who} to reach {} brightness {span}, but the brightest it got \
                             was {} (at {})",
                            pct(target),
                            pct(best),
                            show_time(t)
                        ))
                    }
                }
                BrightnessGoal::DimsTo(target) => {
                    let (t, least) = window
                        .iter()
                        .copied()
                        .fold((0, f64::MAX), |a, b| if b.1 < a.1 { b } else { a });
                    if least - SLACK <= target {
                        Ok(())
                    } else {
                        Err(format!(
                            "expected {who} to dim to {} brightness {span}, but the dimmest it got \
                             was {} (at {})",
                            pct(target),
                            pct(least),
                            show_time(t)
                        ))
                    }
                }
                BrightnessGoal::Level { level, tolerance } => {
                    let t = at_us.unwrap_or(rec.end_us);
                    let b = at(t);
                    if (b - level).abs() <= tolerance + 1e-9 {
                        Ok(())
                    } else {
                        Err(format!(
                            "expected {who} to be at {} ± {} brightness at {}, but it was {}",
                            pct(level),
                            pct(tolerance),
                            show_time(t),
                            pct(b)
                        ))
                    }
                }
            }
        }
        CheckKind::NeoPixel {
            part,
            at_us,
            pixels,
            changes,
            tolerance,
        } => {
            let Some(history) = rec.pixels.get(part) else {
                return Err(format!("{part} is not a NeoPixel part on this board"));
            };
            if *changes > 0 {
                let changed = history.len().saturating_sub(1) as u32;
                if changed < *changes {
                    return Err(format!(
                        "expected {part}'s colours to change at least {changes} times, but they \
                         changed {changed} time{} in {}",
                        if changed == 1 { "" } else { "s" },
                        show_time(rec.end_us)
                    ));
                }
            }
            if pixels.is_empty() {
                return Ok(());
            }
            let t = at_us.unwrap_or(rec.end_us);
            let shown = rec.pixels_at(part, t).cloned().unwrap_or_default();
            for (i, want) in pixels {
                let got = shown.get(*i).copied().unwrap_or([0, 0, 0]);
                let close = want
                    .iter()
                    .zip(got.iter())
                    .all(|(w, g)| w.abs_diff(*g) <= *tolerance);
                if !close {
                    return Err(format!(
                        "expected {part} pixel {i} to be {} at {}, but it was {}{}",
                        hex(*want),
                        show_time(t),
                        hex(got),
                        if shown.is_empty() {
                            " (no colours were ever sent to it)"
                        } else {
                            ""
                        }
                    ));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
