//! Wokwi automation scenarios (`scenario.yaml`), so a lab, or a Wokwi project with its test,
//! runs here unchanged:
//!
//! ```yaml
//! name: Blink
//! version: 1
//! steps:
//!   - wait-serial: "ready"
//!   - set-control: { part-id: btn1, control: pressed, value: 1 }
//!   - delay: 500ms
//!   - expect-pin: { part-id: led1, pin: A, value: 1 }
//! ```
//!
//! The steps become the same [`Step`]s `[[step]]` tables in checks.toml give.

use yaml_rust2::{Yaml, YamlLoader};

use super::duration::parse_duration;
use super::parse::LabError;
use super::spec::{Input, PinRef, Step};

/// A parsed scenario: its name and steps.
#[derive(Debug)]
pub struct Scenario {
    pub name: String,
    pub steps: Vec<Step>,
}

/// The lines the items of the top-level `steps:` list start on, for error messages (the YAML
/// loader keeps no positions).
fn step_lines(source: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut in_steps = false;
    let mut indent = None;
    for (i, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        if depth == 0 {
            in_steps = trimmed.starts_with("steps:");
            continue;
        }
        if in_steps && trimmed.starts_with("- ") && *indent.get_or_insert(depth) == depth {
            lines.push(i + 1);
        }
    }
    lines
}

fn text(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(v: &Yaml) -> Option<f64> {
    match v {
        Yaml::Integer(i) => Some(*i as f64),
        Yaml::Real(s) | Yaml::String(s) => s.trim().parse().ok(),
        Yaml::Boolean(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

pub fn parse_scenario(file: &str, source: &str) -> Result<Scenario, LabError> {
    let error = |line: usize, field: String, message: String| LabError {
        file: file.to_string(),
        line,
        field,
        message,
    };
    let docs = YamlLoader::load_from_str(source).map_err(|e| {
        error(
            e.marker().line(),
            String::new(),
            format!("not valid YAML: {e}"),
        )
    })?;
    let Some(doc) = docs.first() else {
        return Err(error(0, String::new(), "the scenario is empty".into()));
    };
    let Some(steps) = doc["steps"].as_vec() else {
        return Err(error(
            0,
            "steps".into(),
            "a scenario needs a list of `steps`".into(),
        ));
    };
    let lines = step_lines(source);
    let mut out = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let field = |name: &str| format!("steps[{}].{name}", i + 1);
        let Some((key, value)) = step
            .as_hash()
            .filter(|h| h.len() == 1)
            .and_then(|h| h.iter().next())
        else {
            return Err(error(
                line,
                format!("steps[{}]", i + 1),
                "a step is one `name: value` pair".into(),
            ));
        };
        let name = key.as_str().unwrap_or("");
        let get = |k: &str| match value[k] {
            Yaml::BadValue => None,
            ref v => Some(v),
        };
        let require = |k: &str| {
            get(k).ok_or_else(|| {
                error(
                    line,
                    field(&format!("{name}.{k}")),
                    format!("missing `{k}`"),
                )
            })
        };
        out.push(match name {
            "delay" => {
                let t = text(value).unwrap_or_default();
                Step::Delay(parse_duration(&t).map_err(|m| error(line, field(name), m))?)
            }
            "wait-serial" => {
                Step::WaitSerial(text(value).ok_or_else(|| {
                    error(line, field(name), "expected the text to wait for".into())
                })?)
            }
            "write-serial" => Step::WriteSerial(
                text(value)
                    .ok_or_else(|| error(line, field(name), "expected the text to type".into()))?,
            ),
            "set-control" => {
                let part = require("part-id").map(text)?.unwrap_or_default();
                let control = require("control").map(text)?.unwrap_or_default();
                let v = number(require("value")?).ok_or_else(|| {
                    error(line, field("set-control.value"), "expected a number".into())
                })?;
                Step::SetControl(if control == "pressed" {
                    Input::Button {
                        part,
                        pressed: v != 0.0,
                    }
                } else {
                    Input::Control {
                        part,
                        control,
                        value: v,
                    }
                })
            }
            "expect-pin" => {
                let part = require("part-id").map(text)?.unwrap_or_default();
                let pin = require("pin").map(text)?.unwrap_or_default();
                let v = number(require("value")?).ok_or_else(|| {
                    error(line, field("expect-pin.value"), "expected 0 or 1".into())
                })?;
                Step::ExpectPin {
                    pin: PinRef::Part {
                        part,
                        pin: Some(pin),
                    },
                    high: v != 0.0,
                }
            }
            other => {
                return Err(error(
                    line,
                    format!("steps[{}]", i + 1),
                    format!(
                        "unknown step '{other}' (known: delay, wait-serial, write-serial, \
                         set-control, expect-pin)"
                    ),
                ));
            }
        });
    }
    Ok(Scenario {
        name: doc["name"].as_str().unwrap_or("").to_string(),
        steps: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wokwi_scenario_reads_as_steps() {
        let src = "name: Blink test\nversion: 1\nauthor: me\n\nsteps:\n  - wait-serial: 'Ready'\n  \
                   - set-control:\n      part-id: btn1\n      control: pressed\n      value: 1\n  \
                   - delay: 500ms\n  - expect-pin:\n      part-id: led1\n      pin: A\n      value: 1\n";
        let s = parse_scenario("scenario.yaml", src).unwrap();
        assert_eq!(s.name, "Blink test");
        assert_eq!(
            s.steps,
            vec![
                Step::WaitSerial("Ready".into()),
                Step::SetControl(Input::Button {
                    part: "btn1".into(),
                    pressed: true
                }),
                Step::Delay(500_000),
                Step::ExpectPin {
                    pin: PinRef::Part {
                        part: "led1".into(),
                        pin: Some("A".into())
                    },
                    high: true
                },
            ]
        );
    }

    #[test]
    fn mistakes_name_the_step_and_its_line() {
        let e = parse_scenario("s.yaml", "steps:\n  - delay: 1s\n  - delay: soon\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (3, "steps[2].delay"));
        let e = parse_scenario("s.yaml", "steps:\n  - take-screenshot: x\n").unwrap_err();
        assert!(e.message.contains("unknown step 'take-screenshot'"), "{e}");
        let e = parse_scenario(
            "s.yaml",
            "steps:\n  - expect-pin: { part-id: led1, value: 1 }\n",
        )
        .unwrap_err();
        assert_eq!(e.field, "steps[1].expect-pin.pin");
        let e = parse_scenario("s.yaml", "steps: [\n").unwrap_err();
        assert!(e.message.starts_with("not valid YAML"), "{e}");
    }
}
