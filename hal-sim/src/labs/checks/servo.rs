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
            "{expected}, but it never came within {tol}° of {from}° (its angle stayed between \
             {lo:.0}° and {hi:.0}°)"
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
             (it stayed between {lo:.0}° and {hi:.0}°)",
            show_time(angles[start].0)
        ));
    };
    // A sweep passes the middle of the way on its way.
    let mid = (from + to) / 2.0;
    let quarter = (to - from).abs() / 4.0 + tol;
    if !angles[start..=end]
        .iter()
        .any(|(_, a)| (a - mid).abs() <= quarter)
    {
        return Err(format!(
            "{expected}, but it jumped from {from}° at {} to {to}° at {} without passing the \
             angles between",
            show_time(angles[start].0),
            show_time(angles[end].0)
        ));
    }
    Ok(())
}

fn range(angles: &[(u64, f64)]) -> (f64, f64) {
    angles
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), (_, a)| {
            (lo.min(*a), hi.max(*a))
        })
}
