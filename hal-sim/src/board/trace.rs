//! The board's trace: every pin level change and every change of a part's visible state,
//! with its virtual time, and its export as a VCD file (IEEE 1364 value change dump) that
//! GTKWave and PulseView open.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

/// A traced value: a pin level or a part's quantity (brightness, angle, frequency, duty).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum TraceValue {
    Bit(bool),
    Real(f64),
}

/// One change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceEntry {
    pub time_us: u64,
    /// `GPIO2`, `GPIO2.duty`, or a part id (`led1`).
    pub signal: String,
    pub value: TraceValue,
}

#[derive(Default)]
pub struct Trace {
    pub entries: Vec<TraceEntry>,
}

impl Trace {
    pub fn push(&mut self, time_us: u64, signal: &str, value: TraceValue) {
        self.entries.push(TraceEntry {
            time_us,
            signal: signal.to_string(),
            value,
        });
    }

    /// The changes of one signal, in time order.
    pub fn of<'a>(&'a self, signal: &'a str) -> impl Iterator<Item = &'a TraceEntry> + 'a {
        self.entries.iter().filter(move |e| e.signal == signal)
    }

    /// The trace as VCD text with a 1 µs timescale, ending at `end_us`.
    pub fn to_vcd(&self, end_us: u64) -> String {
        // Signals in first-seen order, each with a short identifier and a kind.
        let mut ids: BTreeMap<&str, (String, bool)> = BTreeMap::new();
        let mut order: Vec<&str> = Vec::new();
        for e in &self.entries {
            if !ids.contains_key(e.signal.as_str()) {
                let n = ids.len();
                let real = matches!(e.value, TraceValue::Real(_));
                ids.insert(&e.signal, (vcd_id(n), real));
                order.push(&e.signal);
            }
        }
        let mut out = String::new();
        out.push_str("$date esprit simulation $end\n$version esprit hal-sim $end\n");
        out.push_str("$timescale 1us $end\n$scope module board $end\n");
        for name in &order {
            if let Some((id, real)) = ids.get(name) {
                let (kind, width) = if *real { ("real", 64) } else { ("wire", 1) };
                let _ = writeln!(
                    out,
                    "$var {} {} {} {} $end",
                    kind,
                    width,
                    id,
                    vcd_name(name)
                );
            }
        }
        out.push_str("$upscope $end\n$enddefinitions $end\n");
        let mut last_time = None;
        for e in &self.entries {
            if last_time != Some(e.time_us) {
                let _ = writeln!(out, "#{}", e.time_us);
                last_time = Some(e.time_us);
            }
            let Some((id, _)) = ids.get(e.signal.as_str()) else {
                continue;
            };
            match e.value {
                TraceValue::Bit(b) => {
                    let _ = writeln!(out, "{}{}", u8::from(b), id);
                }
                TraceValue::Real(r) => {
                    let _ = writeln!(out, "r{} {}", r, id);
                }
            }
        }
        if last_time.is_none_or(|t| t < end_us) {
            let _ = writeln!(out, "#{}", end_us);
        }
        out
    }
}

/// VCD identifiers: printable ASCII 33..=126, base 94.
fn vcd_id(mut n: usize) -> String {
    let mut s = String::new();
    loop {
        s.push(char::from(33 + (n % 94) as u8));
        n /= 94;
        if n == 0 {
            break;
        }
    }
    s
}

/// Signal names may not contain spaces in VCD.
fn vcd_name(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}
