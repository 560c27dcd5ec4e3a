//! Reads a lab's `checks.toml` into a [`LabSpec`]. Every mistake names the file, the line and
//! the field, so a teacher can fix it without reading Rust.

use core::fmt;
use core::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::duration::{Tolerance, parse_duration};
use super::spec::{BrightnessGoal, Check, CheckKind, Event, Input, LabSpec, PinRef, Step};

/// A malformed lab file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabError {
    pub file: String,
    /// 1-based; 0 when the mistake has no line (a missing file).
    pub line: usize,
    /// The field at fault (`check[2].period`), empty when the whole file is.
    pub field: String,
    pub message: String,
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LabError {}

/// The 1-based line a byte offset falls on.
pub fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

struct Ctx<'s> {
    file: &'s str,
    source: &'s str,
}

impl Ctx<'_> {
    fn error(&self, span: Range<usize>, field: &str, message: impl Into<String>) -> LabError {
        LabError {
            file: self.file.to_string(),
            line: line_of(self.source, span.start),
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// One table being read: fields are taken by name, and whatever is left over at the end is
/// reported as unknown (a misspelt field must not be silently ignored).
struct Fields<'t, 'i> {
    path: String,
    span: Range<usize>,
    table: &'t DeTable<'i>,
    used: Vec<&'t str>,
}

type Value<'t, 'i> = &'t Spanned<DeValue<'i>>;

impl<'t, 'i> Fields<'t, 'i> {
    fn new(path: String, span: Range<usize>, table: &'t DeTable<'i>) -> Self {
        Fields {
            path,
            span,
            table,
            used: Vec::new(),
        }
    }

    fn field(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    fn get(&mut self, name: &str) -> Option<Value<'t, 'i>> {
        let (key, value) = self
            .table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == name)?;
        self.used.push(key.get_ref().as_ref());
        Some(value)
    }

    fn has(&self, name: &str) -> bool {
        self.table.iter().any(|(k, _)| k.get_ref().as_ref() == name)
    }

    fn require(&mut self, cx: &Ctx<'_>, name: &str) -> Result<Value<'t, 'i>, LabError> {
        match self.get(name) {
            Some(v) => Ok(v),
            None => Err(cx.error(
                self.span.clone(),
                &self.field(name),
                format!("missing field `{name}`"),
            )),
        }
    }

    fn string(&mut self, cx: &Ctx<'_>, name: &str) -> Result<Option<String>, LabError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        match v.get_ref().as_str() {
            Some(s) => Ok(Some(s.to_string())),
            None => Err(cx.error(
                v.span(),
                &self.field(name),
                format!("expected a string, found {}", v.get_ref().type_str()),
            )),
        }
    }

    fn req_string(&mut self, cx: &Ctx<'_>, name: &str) -> Result<String, LabError> {
        self.require(cx, name)?;
        Ok(self.string(cx, name)?.unwrap_or_default())
    }

    fn number(&mut self, cx: &Ctx<'_>, name: &str) -> Result<Option<f64>, LabError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        match number_of(v.get_ref()) {
            Some(n) => Ok(Some(n)),
            None => Err(cx.error(
                v.span(),
                &self.field(name),
                format!("expected a number, found {}", v.get_ref().type_str()),
            )),
        }
    }

    fn duration(&mut self, cx: &Ctx<'_>, name: &str) -> Result<Option<u64>, LabError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        let parsed = match v.get_ref() {
            DeValue::String(s) => parse_duration(s),
            other => match number_of(other) {
                Some(ms) if ms >= 0.0 => Ok((ms * 1000.0).round() as u64),
                _ => Err(format!(
                    "expected a duration such as \"500ms\", found {}",
                    other.type_str()
                )),
            },
        };
        parsed
            .map(Some)
            .map_err(|m| cx.error(v.span(), &self.field(name), m))
    }

    fn req_duration(&mut self, cx: &Ctx<'_>, name: &str) -> Result<u64, LabError> {
        self.require(cx, name)?;
        Ok(self.duration(cx, name)?.unwrap_or_default())
    }

    /// A level: 0/1, true/false, "high"/"low".
    fn level(&mut self, cx: &Ctx<'_>, name: &str) -> Result<Option<bool>, LabError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        level_of(v.get_ref())
            .map(Some)
            .ok_or_else(|| cx.error(v.span(), &self.field(name), "expected 0 or 1"))
    }

    fn pin(&mut self, cx: &Ctx<'_>, name: &str) -> Result<Option<PinRef>, LabError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::String(s) => Ok(Some(PinRef::parse(s))),
            other => match number_of(other) {
                Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(PinRef::Gpio(n as u32))),
                _ => Err(cx.error(
                    v.span(),
                    &self.field(name),
                    "expected a part (\"led1\"), a part's pin (\"esp:D2\") or a GPIO number",
                )),
            },
        }
    }

    fn req_pin(&mut self, cx: &Ctx<'_>, name: &str) -> Result<PinRef, LabError> {
        self.require(cx, name)?;
        Ok(self.pin(cx, name)?.unwrap_or(PinRef::Gpio(0)))
    }

    /// Reports the first field nobody asked for.
    fn finish(self, cx: &Ctx<'_>) -> Result<(), LabError> {
        for (key, _) in self.table.iter() {
            let k: &str = key.get_ref().as_ref();
            if !self.used.contains(&k) {
                return Err(cx.error(key.span(), &self.field(k), format!("unknown field `{k}`")));
            }
        }
        Ok(())
    }
}

fn number_of(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

fn level_of(v: &DeValue<'_>) -> Option<bool> {
    match v {
        DeValue::Boolean(b) => Some(*b),
        DeValue::String(s) => match s.to_ascii_lowercase().as_str() {
            "1" | "high" | "on" | "true" => Some(true),
            "0" | "low" | "off" | "false" => Some(false),
            _ => None,
        },
        other => match number_of(other) {
            Some(1.0) => Some(true),
            Some(0.0) => Some(false),
            _ => None,
        },
    }
}

/// The tables of an array of tables (`[[check]]`), with their spans.
fn tables<'t, 'i>(
    cx: &Ctx<'_>,
    field: &str,
    v: Value<'t, 'i>,
) -> Result<Vec<(Range<usize>, &'t DeTable<'i>)>, LabError> {
    let Some(items) = v.get_ref().as_array() else {
        return Err(cx.error(
            v.span(),
            field,
            format!(
                "expected a list of tables ([[{field}]]), found a {}",
                v.get_ref().type_str()
            ),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.get_ref().as_table() {
            Some(t) => Ok((item.span(), t)),
            None => Err(cx.error(
                item.span(),
                &format!("{field}[{}]", i + 1),
                format!("expected a table, found {}", item.get_ref().type_str()),
            )),
        })
        .collect()
}

/// Parses `source`, the text of the file named `file` (used in error messages).
pub fn parse_checks(file: &str, source: &str) -> Result<LabSpec, LabError> {
    let cx = Ctx { file, source };
    let doc = DeTable::parse(source).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        cx.error(span, "", format!("not valid TOML: {}", e.message()))
    })?;
    let mut top = Fields::new(String::new(), doc.span(), doc.get_ref());
    let mut spec = LabSpec {
        title: top.string(&cx, "title")?.unwrap_or_default(),
        until_us: top.duration(&cx, "until")?.unwrap_or(5_000_000),
        ..LabSpec::default()
    };
    if let Some(v) = top.get("event") {
        for (i, (span, t)) in tables(&cx, "event", v)?.into_iter().enumerate() {
            let f = Fields::new(format!("event[{}]", i + 1), span, t);
            spec.events.extend(parse_event(&cx, f)?);
        }
    }
    spec.events.sort_by_key(|e| e.at_us);
    if let Some(v) = top.get("step") {
        for (i, (span, t)) in tables(&cx, "step", v)?.into_iter().enumerate() {
            let f = Fields::new(format!("step[{}]", i + 1), span, t);
            spec.steps.push(parse_step(&cx, f)?);
        }
    }
    if let Some(v) = top.get("check") {
        for (i, (span, t)) in tables(&cx, "check", v)?.into_iter().enumerate() {
            let line = line_of(source, span.start);
            let f = Fields::new(format!("check[{}]", i + 1), span, t);
            spec.checks.push(parse_check(&cx, f, line)?);
        }
    }
    top.finish(&cx)?;
    Ok(spec)
}

fn parse_event(cx: &Ctx<'_>, mut f: Fields<'_, '_>) -> Result<Vec<Event>, LabError> {
    let at_us = f.req_duration(cx, "at")?;
    let mut events = Vec::new();
    if let Some(part) = f.string(cx, "press")? {
        let hold = f.duration(cx, "hold")?.unwrap_or(100_000);
        events.push(Event {
            at_us,
            input: Input::Button {
                part: part.clone(),
                pressed: true,
            },
        });
        if hold > 0 {
            events.push(Event {
                at_us: at_us + hold,
                input: Input::Button {
                    part,
                    pressed: false,
                },
            });
        }
    } else if let Some(part) = f.string(cx, "release")? {
        events.push(Event {
            at_us,
            input: Input::Button {
                part,
                pressed: false,
            },
        });
    } else if let Some(part) = f.string(cx, "set")? {
        let control = f
            .string(cx, "control")?
            .unwrap_or_else(|| "position".into());
        f.require(cx, "value")?;
        let value = f.number(cx, "value")?.unwrap_or_default();
        events.push(Event {
            at_us,
            input: Input::Control {
                part,
                control,
                value,
            },
        });
    } else if let Some(text) = f.string(cx, "serial")? {
        events.push(Event {
            at_us,
            input: Input::Serial(text),
        });
    } else {
        return Err(cx.error(
            f.span.clone(),
            &f.path,
            "an event needs one of `press`, `release`, `set` or `serial`",
        ));
    }
    f.finish(cx)?;
    Ok(events)
}

fn parse_step(cx: &Ctx<'_>, mut f: Fields<'_, '_>) -> Result<Step, LabError> {
    let step = if f.has("delay") {
        Step::Delay(f.req_duration(cx, "delay")?)
    } else if let Some(text) = f.string(cx, "wait-serial")? {
        Step::WaitSerial(text)
    } else if let Some(text) = f.string(cx, "write-serial")? {
        Step::WriteSerial(text)
    } else if let Some(v) = f.get("set-control") {
        let field = f.field("set-control");
        let t = v.get_ref().as_table().ok_or_else(|| {
            cx.error(
                v.span(),
                &field,
                "expected a table {part-id, control, value}",
            )
        })?;
        let mut g = Fields::new(field, v.span(), t);
        let part = g.req_string(cx, "part-id")?;
        let control = g.req_string(cx, "control")?;
        g.require(cx, "value")?;
        let value = g.number(cx, "value")?.unwrap_or_default();
        g.finish(cx)?;
        Step::SetControl(if control == "pressed" {
            Input::Button {
                part,
                pressed: value != 0.0,
            }
        } else {
            Input::Control {
                part,
                control,
                value,
            }
        })
    } else if let Some(v) = f.get("expect-pin") {
        let field = f.field("expect-pin");
        let t = v
            .get_ref()
            .as_table()
            .ok_or_else(|| cx.error(v.span(), &field, "expected a table {part-id, pin, value}"))?;
        let mut g = Fields::new(field, v.span(), t);
        let part = g.req_string(cx, "part-id")?;
        let pin = g.req_string(cx, "pin")?;
        g.require(cx, "value")?;
        let high = g.level(cx, "value")?.unwrap_or(false);
        g.finish(cx)?;
        Step::ExpectPin {
            pin: PinRef::Part {
                part,
                pin: Some(pin),
            },
            high,
        }
    } else {
        return Err(cx.error(
            f.span.clone(),
            &f.path,
            "a step needs one of `delay`, `wait-serial`, `write-serial`, `set-control` or `expect-pin`",
        ));
    };
    f.finish(cx)?;
    Ok(step)
}

fn parse_check(cx: &Ctx<'_>, mut f: Fields<'_, '_>, line: usize) -> Result<Check, LabError> {
    let kind_name = f.req_string(cx, "kind")?;
    let name = f.string(cx, "name")?;
    let kind = match kind_name.as_str() {
        "toggles" => CheckKind::Toggles {
            pin: f.req_pin(cx, "pin")?,
            period_us: f.req_duration(cx, "period")?,
            tolerance: match f.get("tolerance") {
                None => Tolerance::Fraction(0.05),
                Some(v) => match v.get_ref().as_str() {
                    Some(s) => Tolerance::parse(s)
                        .map_err(|m| cx.error(v.span(), &f.field("tolerance"), m))?,
                    None => {
                        return Err(cx.error(
                            v.span(),
                            &f.field("tolerance"),
                            "expected a string such as \"5%\" or \"20ms\"",
                        ));
                    }
                },
            },
            cycles: f.number(cx, "cycles")?.unwrap_or(3.0).max(1.0) as u32,
            from_us: f.duration(cx, "from")?.unwrap_or(0),
        },
        "level" => {
            let pin = f.req_pin(cx, "pin")?;
            let at_us = f.req_duration(cx, "at")?;
            f.require(cx, "value")?;
            CheckKind::Level {
                pin,
                at_us,
                high: f.level(cx, "value")?.unwrap_or(false),
            }
        }
        "responds" => CheckKind::Responds {
            button: f.req_string(cx, "button")?,
            pin: f.req_pin(cx, "pin")?,
            within_us: f.duration(cx, "within")?.unwrap_or(50_000),
        },
        "serial" => {
            let absent = f.level(cx, "absent")?.unwrap_or(false);
            let (field, pattern) = if let Some(p) = f.string(cx, "matches")? {
                ("matches", p)
            } else if let Some(text) = f.string(cx, "contains")? {
                ("contains", regex_lite::escape(&text))
            } else {
                return Err(cx.error(
                    f.span.clone(),
                    &f.path,
                    "a serial check needs `matches` (a regular expression) or `contains` (text)",
                ));
            };
            let regex = regex_lite::Regex::new(&pattern).map_err(|e| {
                cx.error(
                    f.span.clone(),
                    &f.field(field),
                    format!("not a valid regular expression: {e}"),
                )
            })?;
            CheckKind::Serial {
                pattern,
                regex,
                absent,
            }
        }
        "display" => CheckKind::Display {
            part: f.req_string(cx, "part")?,
            line: f.number(cx, "line")?.unwrap_or(0.0).clamp(0.0, 64.0) as u32,
            x: f.number(cx, "x")?.unwrap_or(0.0).clamp(0.0, 1024.0) as u32,
            text: f.req_string(cx, "text")?,
            at_us: f.duration(cx, "at")?,
        },
        "servo" => CheckKind::Servo {
            part: f.req_string(cx, "part")?,
            from_deg: {
                f.require(cx, "from")?;
                f.number(cx, "from")?.unwrap_or_default()
            },
            to_deg: {
                f.require(cx, "to")?;
                f.number(cx, "to")?.unwrap_or_default()
            },
            tolerance_deg: f.number(cx, "tolerance")?.unwrap_or(5.0),
        },
        "brightness" => parse_brightness(cx, &mut f)?,
        "neopixel" => parse_neopixel(cx, &mut f)?,
        "no-exception" => CheckKind::NoException,
        other => {
            return Err(cx.error(
                f.span.clone(),
                &f.field("kind"),
                format!(
                    "unknown check kind '{other}' (known: toggles, level, responds, serial, \
                     display, servo, brightness, neopixel, no-exception)"
                ),
            ));
        }
    };
    f.finish(cx)?;
    let name = name.unwrap_or_else(|| super::checks::default_name(&kind));
    Ok(Check { name, line, kind })
}

fn fraction(cx: &Ctx<'_>, f: &mut Fields<'_, '_>, name: &str) -> Result<Option<f64>, LabError> {
    let span = f.span.clone();
    match f.number(cx, name)? {
        Some(v) if !(0.0..=1.0).contains(&v) => Err(cx.error(
            span,
            &f.field(name),
            format!("{v} is not a brightness between 0 and 1"),
        )),
        other => Ok(other),
    }
}

fn parse_brightness(cx: &Ctx<'_>, f: &mut Fields<'_, '_>) -> Result<CheckKind, LabError> {
    let pin = f.req_pin(cx, "pin")?;
    let goal = if f.level(cx, "rising")? == Some(true) {
        BrightnessGoal::Rising
    } else if f.level(cx, "falling")? == Some(true) {
        BrightnessGoal::Falling
    } else if let Some(v) = fraction(cx, f, "reaches")? {
        BrightnessGoal::Reaches(v)
    } else if let Some(v) = fraction(cx, f, "dims-to")? {
        BrightnessGoal::DimsTo(v)
    } else if let Some(level) = fraction(cx, f, "level")? {
        BrightnessGoal::Level {
            level,
            tolerance: f.number(cx, "tolerance")?.unwrap_or(0.05),
        }
    } else {
        return Err(cx.error(
            f.span.clone(),
            &f.path,
            "a brightness check needs one of `rising = true`, `falling = true`, `reaches`, \
             `dims-to` or `level`",
        ));
    };
    let at_us = f.duration(cx, "at")?;
    if matches!(goal, BrightnessGoal::Level { .. }) && at_us.is_none() {
        return Err(cx.error(
            f.span.clone(),
            &f.field("at"),
            "a brightness `level` needs the time `at` which to measure it",
        ));
    }
    Ok(CheckKind::Brightness {
        pin,
        goal,
        from_us: f.duration(cx, "from")?.unwrap_or(0),
        to_us: f.duration(cx, "to")?,
        at_us,
    })
}

/// "#ff8000" or "ff8000" into RGB.
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().trim_start_matches('#');
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn parse_neopixel(cx: &Ctx<'_>, f: &mut Fields<'_, '_>) -> Result<CheckKind, LabError> {
    let part = f.req_string(cx, "part")?;
    let at_us = f.duration(cx, "at")?;
    let mut pixels = Vec::new();
    if let Some(v) = f.get("colors") {
        let field = f.field("colors");
        let items = v
            .get_ref()
            .as_array()
            .ok_or_else(|| cx.error(v.span(), &field, "expected a list of \"#rrggbb\" colours"))?;
        for (i, item) in items.iter().enumerate() {
            let colour = item
                .get_ref()
                .as_str()
                .and_then(parse_colour)
                .ok_or_else(|| {
                    cx.error(
                        item.span(),
                        &format!("{field}[{}]", i + 1),
                        "expected \"#rrggbb\"",
                    )
                })?;
            pixels.push((i, colour));
        }
    }
    if let Some(v) = f.get("pixels") {
        let field = f.field("pixels");
        let t = v
            .get_ref()
            .as_table()
            .ok_or_else(|| cx.error(v.span(), &field, "expected a table of index = \"#rrggbb\""))?;
        for (k, item) in t.iter() {
            let key: &str = k.get_ref().as_ref();
            let index = key.parse::<usize>().map_err(|_| {
                cx.error(
                    k.span(),
                    &format!("{field}.{key}"),
                    "a pixel index is a number",
                )
            })?;
            let colour = item
                .get_ref()
                .as_str()
                .and_then(parse_colour)
                .ok_or_else(|| {
                    cx.error(
                        item.span(),
                        &format!("{field}.{key}"),
                        "expected \"#rrggbb\"",
                    )
                })?;
            pixels.push((index, colour));
        }
    }
    let changes = f.number(cx, "changes")?.unwrap_or(0.0).max(0.0) as u32;
    if pixels.is_empty() && changes == 0 {
        return Err(cx.error(
            f.span.clone(),
            &f.path,
            "a neopixel check needs `colors`, `pixels` or `changes`",
        ));
    }
    Ok(CheckKind::NeoPixel {
        part,
        at_us,
        pixels,
        changes,
        tolerance: f.number(cx, "tolerance")?.unwrap_or(0.0).clamp(0.0, 255.0) as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses() {
        let src = r##"
title = "Blink"
until = "6s"

[[event]]
at = "1s"
press = "btn1"

[[event]]
at = 2500
set = "pot1"
value = 0.5

[[step]]
wait-serial = "ready"

[[step]]
set-control = { part-id = "btn1", control = "pressed", value = 1 }

[[step]]
expect-pin = { part-id = "led1", pin = "A", value = 1 }

[[check]]
kind = "toggles"
pin = "led1"
period = "1s"
tolerance = "5%"
cycles = 4

[[check]]
kind = "serial"
matches = "^Hello"

[[check]]
kind = "neopixel"
part = "ring1"
colors = ["#ff0000", "#00ff00"]
"##;
        let spec = parse_checks("checks.toml", src).unwrap();
        assert_eq!(spec.title, "Blink");
        assert_eq!(spec.until_us, 6_000_000);
        assert_eq!(spec.events.len(), 3);
        assert_eq!(spec.events[1].at_us, 1_100_000);
        assert_eq!(spec.events[2].at_us, 2_500_000);
        assert_eq!(spec.steps.len(), 3);
        assert_eq!(spec.checks.len(), 3);
        assert_eq!(spec.checks[0].line, 23);
        assert!(
            matches!(spec.checks[2].kind, CheckKind::NeoPixel { ref pixels, .. } if pixels[1] == (1, [0, 255, 0]))
        );
    }

    fn err(src: &str) -> LabError {
        parse_checks("lab/checks.toml", src).unwrap_err()
    }

    #[test]
    fn mistakes_name_the_file_line_and_field() {
        let e = err("[[check]]\nkind = \"toggles\"\npin = \"led1\"\nperiod = \"fast\"\n");
        assert_eq!((e.line, e.field.as_str()), (4, "check[1].period"));
        assert!(
            e.to_string()
                .starts_with("lab/checks.toml:4: check[1].period: 'fast'")
        );

        let e = err("[[check]]\nkind = \"toggles\"\npin = \"led1\"\nperiod = \"1s\"\nperod = 3\n");
        assert_eq!((e.line, e.field.as_str()), (5, "check[1].perod"));
        assert_eq!(e.message, "unknown field `perod`");

        let e = err("[[check]]\nkind = \"blinks\"\n");
        assert_eq!(e.field, "check[1].kind");
        assert!(e.message.contains("unknown check kind 'blinks'"));

        let e = err("[[check]]\nkind = \"serial\"\nmatches = \"(\"\n");
        assert_eq!(e.field, "check[1].matches");

        let e = err("until = \n");
        assert_eq!(e.line, 1);
        assert!(e.message.starts_with("not valid TOML"));

        let e = err("[[check]]\nkind = \"level\"\npin = \"led1\"\nat = \"1s\"\n");
        assert_eq!(e.message, "missing field `value`");
    }
}
