//! Timed input events: pressing buttons, turning pots, changing what sensors read. From a JSON
//! file (`esprit run --events events.json`) or from the page.
//!
//! ```json
//! [ {"time": "500ms", "part": "btn1", "action": "press"},
//!   {"time": "1.2s",  "part": "btn1", "action": "release"},
//!   {"time": "2s",    "part": "pot1", "action": "set", "value": 0.75},
//!   {"time": "3s",    "part": "dht1", "action": "set", "property": "humidity", "value": 55} ]
//! ```
//! `time` is a number of seconds or a string with a unit (`us`, `ms`, `s`). `set` takes a
//! number: a pot's position 0..1 (or `"property": "value"`, 0..1023), a slide switch's 0/1,
//! a photoresistor's lux, an NTC's or DHT22's or DS18B20's temperature (°C), a DHT22's
//! humidity, an HC-SR04's distance (cm), an MPU6050's accelX..Z (g), rotationX..Z (°/s).

use std::fmt;

use serde::Deserialize;

/// What happens to a part.
#[derive(Clone, Debug, PartialEq)]
pub enum InputAction {
    Press,
    Release,
    Set {
        property: Option<String>,
        value: f64,
    },
}

impl fmt::Display for InputAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputAction::Press => f.write_str("be pressed"),
            InputAction::Release => f.write_str("be released"),
            InputAction::Set {
                property: Some(p), ..
            } => write!(f, "set \"{}\"", p),
            InputAction::Set { .. } => f.write_str("be set"),
        }
    }
}

/// An input to a part.
#[derive(Clone, Debug, PartialEq)]
pub struct InputEvent {
    pub part: String,
    pub action: InputAction,
}

impl InputEvent {
    /// The number a `set` carries (0 for press/release).
    pub fn value(&self) -> f64 {
        match self.action {
            InputAction::Set { value, .. } => value,
            _ => 0.0,
        }
    }
}

/// An input at a virtual time.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedEvent {
    pub time_us: u64,
    pub event: InputEvent,
}

#[derive(Deserialize)]
struct RawEvent {
    time: serde_json::Value,
    part: String,
    action: String,
    #[serde(default)]
    property: Option<String>,
    #[serde(default)]
    value: Option<f64>,
}

/// `"1.5s"`, `"200ms"`, `"10us"` or a number of seconds, in microseconds.
pub fn parse_duration(v: &serde_json::Value) -> Option<u64> {
    if let Some(s) = v.as_f64() {
        return (s >= 0.0).then_some((s * 1e6).round() as u64);
    }
    let s = v.as_str()?.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix("ms") {
        (n, 1e3)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1e6)
    } else {
        (s, 1e6)
    };
    let n: f64 = num.trim().parse().ok()?;
    (n >= 0.0 && n.is_finite()).then_some((n * scale).round() as u64)
}

/// Parses an events file. Errors say which event and what is wrong with it.
pub fn parse_events(text: &str) -> Result<Vec<TimedEvent>, String> {
    let raw: Vec<RawEvent> =
        serde_json::from_str(text).map_err(|e| format!("events line {}: {}", e.line(), e))?;
    let mut out = Vec::new();
    for (i, r) in raw.into_iter().enumerate() {
        let line = super::diagram::line_of(text, &format!("\"{}\"", r.part))
            .map_or(String::new(), |l| format!(" (line {})", l));
        let Some(time_us) = parse_duration(&r.time) else {
            return Err(format!("event {}{}: bad time {}", i, line, r.time));
        };
        let action = match r.action.as_str() {
            "press" => InputAction::Press,
            "release" => InputAction::Release,
            "set" => match r.value {
                Some(value) => InputAction::Set {
                    property: r.property,
                    value,
                },
                None => return Err(format!("event {}{}: \"set\" needs a \"value\"", i, line)),
            },
            other => {
                return Err(format!(
                    "event {}{}: unknown action \"{}\" (press, release or set)",
                    i, line, other
                ));
            }
        };
        out.push(TimedEvent {
            time_us,
            event: InputEvent {
                part: r.part,
                action,
            },
        });
    }
    out.sort_by_key(|e| e.time_us);
    Ok(out)
}
