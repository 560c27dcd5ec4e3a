//! Checks on the serial console: a line matches a pattern, or none does.

use super::super::duration::show_time;
use super::super::record::Recording;

pub fn judge(
    pattern: &str,
    regex: &regex_lite::Regex,
    absent: bool,
    rec: &Recording,
) -> Result<(), String> {
    let lines = rec.lines();
    let found = lines.iter().find(|(_, l)| regex.is_match(l));
    match (found, absent) {
        (None, false) => {
            let printed = match lines.last() {
                None => "the program printed nothing".to_string(),
                Some((t, last)) => format!(
                    "the program printed {} line{}, the last at {}: {:?}",
                    lines.len(),
                    if lines.len() == 1 { "" } else { "s" },
                    show_time(*t),
                    last
                ),
            };
            Err(format!(
                "expected a serial line matching /{pattern}/ by {}, but {printed}",
                show_time(rec.end_us)
            ))
        }
        (Some((t, line)), true) => Err(format!(
            "expected no serial line matching /{pattern}/, but at {} the program printed {line:?}",
            show_time(*t)
        )),
        _ => Ok(()),
    }
}
