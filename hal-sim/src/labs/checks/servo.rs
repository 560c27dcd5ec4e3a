//! The servo check: its angle goes from one end of a sweep to the other, passing the angles
//! between rather than jumping.

use super::super::duration::show_time;
use super::super::record::Recording;

pub fn judge(part: &str, from: f64, to: f64, tol: f64, rec: &Recording) -> Result<(), String> {
    let expected = format!("expected {part} to sweep from {from}° to {to}°");
    let Some(angles) = rec.angles.get(part).filter(|a| !a.is_empty()) else {
        return Err(format!(
            "{expected}, but it never moved (no servo pulses reached {part})"
        ));
    };
    let near = |a: f64, target: f64| (a - target).abs() <= tol;
    let Some(start) = angles.iter().position(|(_, a)| near(*a, from)) else {
        let (lo, hi) = range(angles);
        return Err(format!(
            "{expected}, but it never came within {tol}° of {from}° ({})",
            stayed(lo, hi)
        ));
    };
    let Some(end) = angles[start..]
        .iter()
        .position(|(_, a)| near(*a, to))
        .map(|i| i + start)
    else {
        let (lo, hi) = range(&angles[start..]);
        return Err(format!(
            "{expected}, but after reaching {from}° at {} it never came within {tol}° of {to}° \
             (after that {})",
            show_time(angles[start].0),
            stayed(lo, hi)
        ));
    };
    // A sweep passes the middle of the way. Try each arrival at `to`, from the last time the
    // servo was at `from` before it (a glitch straight to `to` must not hide a real sweep).
    let mid = (from + to) / 2.0;
    let quarter = (to - from).abs() / 4.0 + tol;
    let mut jump = None;
    for j in (start..angles.len()).filter(|&j| near(angles[j].1, to)) {
        let Some(i) = (start..j).rev().find(|&i| near(angles[i].1, from)) else {
            continue;
        };
        if angles[i..=j]
            .iter()
            .any(|(_, a)| (a - mid).abs() <= quarter)
        {
            return Ok(());
        }
        jump.get_or_insert((i, j));
    }
    let (i, j) = jump.unwrap_or((start, end));
    Err(format!(
        "{expected}, but it jumped from {from}° at {} to {to}° at {} without passing the \
         angles between",
        show_time(angles[i].0),
        show_time(angles[j].0)
    ))
}

fn stayed(lo: f64, hi: f64) -> String {
    if (hi - lo).abs() < 0.5 {
        format!("it stayed at {lo:.0}°")
    } else {
        format!("it stayed between {lo:.0}° and {hi:.0}°")
    }
}

fn range(angles: &[(u64, f64)]) -> (f64, f64) {
    angles
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), (_, a)| {
            (lo.min(*a), hi.max(*a))
        })
}
