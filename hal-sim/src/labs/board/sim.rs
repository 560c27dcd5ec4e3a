//! The lab runner's view of the simulated board (`crate::board`, issue 5): the board built
//! from the lab's diagram.json drives the VM's HAL, and this adapter applies the lab's inputs
//! and copies the board's trace (pin levels, PWM duties, LED brightness, servo angles) and part
//! snapshots (SSD1306 pixels, NeoPixel colours) into the [`Recording`] the checks judge.

use vm::Vm;

use super::super::parse::LabError;
use super::super::record::{Frame, PwmSetting, Recording};
use super::super::spec::{Input, PinRef};
use super::LabBoard;
use super::diagram::{Diagram, signal_pins};
use crate::board::{InputAction, InputEvent, PartState, SharedBoard, SimBoard, TraceValue};

/// Adds a change to a series; a value replaced at the same instant was never seen (a servo
/// does not move for the default duty `PWM()` sets just before `duty_ns()` changes it).
fn settle<T>(series: &mut Vec<(u64, T)>, t: u64, value: T) {
    match series.last_mut() {
        Some(last) if last.0 == t => last.1 = value,
        _ => series.push((t, value)),
    }
}

pub struct SimLabBoard {
    /// For naming: which GPIO a part's pin reaches (None: the bare DevKit, no diagram).
    diagram: Option<Diagram>,
    board: SharedBoard,
    /// Trace entries already copied.
    seen: usize,
}

impl SimLabBoard {
    /// The bare DevKit: the console, the onboard LED on GPIO2 and the BOOT button.
    pub fn bare() -> SimLabBoard {
        SimLabBoard {
            diagram: None,
            board: SimBoard::bare().shared(),
            seen: 0,
        }
    }

    pub fn from_diagram(file: &str, text: &str) -> Result<SimLabBoard, LabError> {
        let diagram = Diagram::parse(file, text)?;
        let board = SimBoard::from_diagram_json(text).map_err(|e| LabError {
            file: file.to_string(),
            line: e.line.unwrap_or(0),
            field: String::new(),
            message: e.message,
        })?;
        Ok(SimLabBoard {
            diagram: Some(diagram),
            board: board.shared(),
            seen: 0,
        })
    }

    fn is_servo(&self, id: &str) -> bool {
        self.diagram
            .as_ref()
            .and_then(|d| d.part(id))
            .is_some_and(|p| p.kind == "wokwi-servo")
    }
}

impl LabBoard for SimLabBoard {
    fn attach(&mut self, vm: &mut Vm) {
        vm.attach_board(self.board.hal());
    }

    fn resolve(&self, pin: &PinRef) -> Result<u32, String> {
        let (part, pin) = match pin {
            PinRef::Gpio(n) => return Ok(*n),
            PinRef::Part { part, pin } => (part, pin),
        };
        let Some(d) = &self.diagram else {
            return Err(format!(
                "{part} is not on the board: this lab has no diagram.json"
            ));
        };
        let kind = &d
            .part(part)
            .ok_or_else(|| format!("there is no part '{part}' in diagram.json"))?
            .kind;
        match pin {
            Some(p) => d
                .gpio_on(part, p)
                .ok_or_else(|| format!("{part}:{p} is not wired to a GPIO in diagram.json")),
            None => signal_pins(kind)
                .iter()
                .find_map(|p| d.gpio_on(part, p))
                .ok_or_else(|| format!("{part} is not wired to a GPIO in diagram.json")),
        }
    }

    fn apply(&mut self, now_us: u64, input: &Input) -> Result<(), String> {
        let event = match input {
            Input::Button { part, pressed } => InputEvent {
                part: part.clone(),
                action: if *pressed {
                    InputAction::Press
                } else {
                    InputAction::Release
                },
            },
            Input::Control {
                part,
                control,
                value,
            } => InputEvent {
                part: part.clone(),
                action: InputAction::Set {
                    property: Some(control.clone()),
                    value: *value,
                },
            },
            Input::Serial(_) => return Ok(()),
        };
        self.board
            .with(|b| {
                b.advance_to(now_us);
                b.apply(&event)
            })
            .unwrap_or_else(|| Err("the board is busy".into()))
    }

    fn record(&mut self, now_us: u64, rec: &mut Recording) {
        let servos: Vec<String> = self
            .diagram
            .iter()
            .flat_map(|d| d.parts.iter())
            .filter(|p| self.is_servo(&p.id))
            .map(|p| p.id.clone())
            .collect();
        let mut seen = self.seen;
        self.board.with(|b| {
            b.advance_to(now_us);
            let entries = b.trace().entries.get(seen..).unwrap_or(&[]);
            seen += entries.len();
            for e in entries {
                let t = e.time_us;
                match (e.signal.strip_prefix("GPIO"), e.value) {
                    (Some(rest), TraceValue::Bit(level)) => {
                        if let Ok(n) = rest.parse::<u32>() {
                            rec.levels.entry(n).or_default().push((t, level));
                        }
                    }
                    (Some(rest), TraceValue::Real(duty)) => {
                        if let Some(n) = rest
                            .strip_suffix(".duty")
                            .and_then(|n| n.parse::<u32>().ok())
                        {
                            // The trace has no frequency; 0 says "unknown", not "slow".
                            let setting = PwmSetting { freq_hz: 0, duty };
                            settle(rec.pwm.entry(n).or_default(), t, Some(setting));
                        }
                    }
                    (None, TraceValue::Real(v)) => {
                        settle(rec.part_values.entry(e.signal.clone()).or_default(), t, v);
                        if servos.contains(&e.signal) {
                            settle(rec.angles.entry(e.signal.clone()).or_default(), t, v);
                        }
                    }
                    _ => {}
                }
            }
            for (id, state) in b.parts() {
                match state {
                    PartState::Ssd1306 {
                        width,
                        height,
                        on,
                        pixels,
                    } => {
                        let series = rec.frames.entry(id).or_default();
                        if !on {
                            continue;
                        }
                        let frame = Frame {
                            width: width as u32,
                            height: height as u32,
                            pixels: pixels.iter().map(|p| *p != 0).collect(),
                        };
                        if series.last().map(|l| &l.1) != Some(&frame) {
                            series.push((now_us, frame));
                        }
                    }
                    PartState::NeoPixels { pixels } => {
                        let series = rec.pixels.entry(id).or_default();
                        if series.last().map(|l| &l.1) != Some(&pixels) {
                            series.push((now_us, pixels));
                        }
                    }
                    _ => {}
                }
            }
        });
        self.seen = seen;
        for id in servos {
            rec.angles.entry(id).or_default();
        }
    }
}
