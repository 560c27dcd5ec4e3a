//! Durations as teachers write them ("1s", "500ms", "250us", "1.5s"; a bare number is in
//! milliseconds, as in Wokwi's scenarios) and how reports print times.

/// Parses a duration into microseconds, or says what a duration looks like.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1_000.0)
    } else if let Some(n) = t.strip_suffix("us").or_else(|| t.strip_suffix("µs")) {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1_000_000.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60_000_000.0)
    } else {
        (t, 1_000.0)
    };
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 && v * scale < 1e15 => Ok((v * scale).round() as u64),
        _ => Err(format!(
            "'{text}' is not a duration (write e.g. \"500ms\", \"2s\" or \"250us\")"
        )),
    }
}

/// A time for a person: "2.350 s", "12 ms", "80 us".
pub fn show_time(us: u64) -> String {
    if us == 0 {
        "0 s".to_string()
    } else if us >= 1_000_000 {
        format!("{:.3} s", us as f64 / 1e6)
    } else if us >= 1_000 && us.is_multiple_of(1_000) {
        format!("{} ms", us / 1_000)
    } else if us >= 1_000 {
        format!("{:.1} ms", us as f64 / 1e3)
    } else {
        format!("{us} us")
    }
}

/// A span for a person: "1000 ms", "1.5 s" (a period, a delay).
pub fn show_span(us: u64) -> String {
    if us >= 10_000_000 {
        format!("{:.1} s", us as f64 / 1e6)
    } else if us >= 1_000 {
        let ms = us as f64 / 1e3;
        if (ms - ms.round()).abs() < 1e-9 {
            format!("{} ms", ms.round() as u64)
        } else {
            format!("{ms:.1} ms")
        }
    } else {
        format!("{us} us")
    }
}

/// How far a measured value may be from the expected one: a fraction ("5%") or an absolute
/// amount in the value's unit ("50ms" for a period).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tolerance {
    Fraction(f64),
    Absolute(u64),
}

impl Tolerance {
    pub fn parse(text: &str) -> Result<Tolerance, String> {
        let t = text.trim();
        if let Some(p) = t.strip_suffix('%') {
            match p.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && (0.0..=100.0).contains(&v) => {
                    Ok(Tolerance::Fraction(v / 100.0))
                }
                _ => Err(format!("'{text}' is not a percentage between 0% and 100%")),
            }
        } else {
            parse_duration(t).map(Tolerance::Absolute)
        }
    }

    /// The allowed distance from `expected`.
    pub fn allowed(&self, expected: u64) -> u64 {
        match *self {
            Tolerance::Fraction(f) => (expected as f64 * f).round() as u64,
            Tolerance::Absolute(a) => a,
        }
    }

    pub fn describe(&self) -> String {
        match *self {
            Tolerance::Fraction(f) => format!("{}%", (f * 1000.0).round() / 10.0),
            Tolerance::Absolute(a) => show_span(a),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(parse_duration("1s"), Ok(1_000_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000));
        assert_eq!(parse_duration("500ms"), Ok(500_000));
        assert_eq!(parse_duration("250us"), Ok(250));
        assert_eq!(parse_duration("20"), Ok(20_000));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    #[test]
    fn tolerances() {
        assert_eq!(Tolerance::parse("5%"), Ok(Tolerance::Fraction(0.05)));
        assert_eq!(
            Tolerance::parse("5%").map(|t| t.allowed(1_000_000)),
            Ok(50_000)
        );
        assert_eq!(Tolerance::parse("20ms"), Ok(Tolerance::Absolute(20_000)));
        assert!(Tolerance::parse("150%").is_err());
    }

    #[test]
    fn times_read_naturally() {
        assert_eq!(show_time(2_350_000), "2.350 s");
        assert_eq!(show_time(12_000), "12 ms");
        assert_eq!(show_span(1_000_000), "1000 ms");
        assert_eq!(show_span(1_500), "1.5 ms");
    }
}
