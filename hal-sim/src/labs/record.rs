//! What one run of a program on the board produced, and the questions checks ask of it: the
//! level of a pin at a time, its edges, an LED's brightness over time, the console's lines.

use std::collections::BTreeMap;

use super::spec::{Input, PinRef};

/// A monochrome display's pixels at one moment, row-major, `true` = lit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<bool>,
}

impl Frame {
    pub fn blank(width: u32, height: u32) -> Frame {
        Frame {
            width,
            height,
            pixels: vec![false; (width * height) as usize],
        }
    }

    pub fn get(&self, x: u32, y: u32) -> bool {
        x < self.width
            && y < self.height
            && self
                .pixels
                .get((y * self.width + x) as usize)
                .copied()
                .unwrap_or(false)
    }
}

/// A PWM output's setting: high for `duty` (0..1) of each period of `freq_hz`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PwmSetting {
    pub freq_hz: u32,
    pub duty: f64,
}

/// A NeoPixel chain's colours, first pixel first, as RGB.
pub type Colours = Vec<[u8; 3]>;

/// One run's record.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    /// How far virtual time got.
    pub end_us: u64,
    /// Each GPIO's digital level changes, oldest first.
    pub levels: BTreeMap<u32, Vec<(u64, bool)>>,
    /// Each GPIO's PWM settings over time (`None`: PWM stopped).
    pub pwm: BTreeMap<u32, Vec<(u64, Option<PwmSetting>)>>,
    /// Console output as it arrived.
    pub console: Vec<(u64, String)>,
    /// The uncaught exception that ended the program, with its traceback.
    pub exception: Option<(u64, String)>,
    /// The inputs given, when they were given.
    pub inputs: Vec<(u64, Input)>,
    /// Display contents by part id, each snapshot taken when it differed from the last.
    pub frames: BTreeMap<String, Vec<(u64, Frame)>>,
    /// NeoPixel colours by part id, each snapshot when it differed from the last.
    pub pixels: BTreeMap<String, Vec<(u64, Colours)>>,
    /// What the board traces for each part by id, each when it changed: an LED's brightness
    /// (0..1), a servo's angle, a buzzer's frequency.
    pub part_values: BTreeMap<String, Vec<(u64, f64)>>,
    /// Servo angles (degrees) by part id, each when it changed.
    pub angles: BTreeMap<String, Vec<(u64, f64)>>,
    /// How each pin the checks name resolved on this board's diagram.
    pub resolved: BTreeMap<String, Result<u32, String>>,
    /// Failures found while the run went on (a Wokwi step that failed), by step number.
    pub step_failures: Vec<(usize, String)>,
}

/// A run of steady values: `(time, value)` changes, and the value before the first change.
fn value_at<T: Copy>(series: &[(u64, T)], at_us: u64, before: T) -> T {
    match series.partition_point(|(t, _)| *t <= at_us) {
        0 => before,
        n => series[n - 1].1,
    }
}

impl Recording {
    /// The GPIO a pin reference resolved to, or why it did not.
    pub fn gpio(&self, pin: &PinRef) -> Result<u32, String> {
        if let PinRef::Gpio(n) = pin {
            return Ok(*n);
        }
        self.resolved
            .get(&pin.describe())
            .cloned()
            .unwrap_or_else(|| Err(format!("{} is not on the board", pin.describe())))
    }

    /// The PWM setting on `gpio` at `at_us`.
    pub fn pwm_at(&self, gpio: u32, at_us: u64) -> Option<PwmSetting> {
        self.pwm.get(&gpio).and_then(|s| value_at(s, at_us, None))
    }

    /// The digital level on `gpio` at `at_us` (low before anything drove it); a PWM output
    /// reads as high when its duty is at least half.
    pub fn level_at(&self, gpio: u32, at_us: u64) -> bool {
        if let Some(p) = self.pwm_at(gpio, at_us) {
            return p.duty >= 0.5;
        }
        self.levels
            .get(&gpio)
            .map(|s| value_at(s, at_us, false))
            .unwrap_or(false)
    }

    /// The times `gpio` changed level, with the new level, oldest first. A slow PWM output
    /// (50 Hz or less, a blink made with PWM) contributes its edges too.
    pub fn edges(&self, gpio: u32) -> Vec<(u64, bool)> {
        let mut out: Vec<(u64, bool)> = Vec::new();
        let mut last = false;
        let digital = self.levels.get(&gpio).map(Vec::as_slice).unwrap_or(&[]);
        let pwm = self.pwm.get(&gpio).map(Vec::as_slice).unwrap_or(&[]);
        let mut push = |t: u64, level: bool, out: &mut Vec<(u64, bool)>| {
            if level != last {
                out.push((t, level));
                last = level;
            }
        };
        // Walk the digital changes and the PWM segments in time order.
        let mut times: Vec<u64> = digital
            .iter()
            .map(|e| e.0)
            .chain(pwm.iter().map(|e| e.0))
            .collect();
        times.sort_unstable();
        times.dedup();
        times.push(self.end_us);
        for w in times.windows(2) {
            let (start, end) = (w[0], w[1]);
            match self.pwm_at(gpio, start) {
                Some(p) if p.freq_hz > 0 && p.freq_hz <= 50 && p.duty > 0.0 && p.duty < 1.0 => {
                    let period = 1_000_000 / u64::from(p.freq_hz);
                    let high = (period as f64 * p.duty) as u64;
                    let mut t = start;
                    while t < end {
                        push(t, true, &mut out);
                        if t + high < end {
                            push(t + high, false, &mut out);
                        }
                        t += period;
                    }
                }
                Some(p) => push(start, p.duty >= 0.5, &mut out),
                None => push(start, value_at(digital, start, false), &mut out),
            }
        }
        out
    }

    /// An LED's brightness (0..1) over time: the PWM duty while PWM drives the pin, else its
    /// level. Entries are changes, oldest first; it is 0 before the first.
    pub fn brightness(&self, gpio: u32) -> Vec<(u64, f64)> {
        let digital = self.levels.get(&gpio).map(Vec::as_slice).unwrap_or(&[]);
        let pwm = self.pwm.get(&gpio).map(Vec::as_slice).unwrap_or(&[]);
        let mut times: Vec<u64> = digital
            .iter()
            .map(|e| e.0)
            .chain(pwm.iter().map(|e| e.0))
            .collect();
        times.sort_unstable();
        times.dedup();
        let mut out: Vec<(u64, f64)> = Vec::new();
        for t in times {
            let b = match self.pwm_at(gpio, t) {
                Some(p) => p.duty.clamp(0.0, 1.0),
                None => f64::from(u8::from(value_at(digital, t, false))),
            };
            if out.last().map(|l| l.1) != Some(b) {
                out.push((t, b));
            }
        }
        out
    }

    /// The console's complete lines with the time each ended, then any unfinished last line
    /// (at the end of the run). Carriage returns are dropped.
    pub fn lines(&self) -> Vec<(u64, String)> {
        let mut out = Vec::new();
        let mut current = String::new();
        for (t, chunk) in &self.console {
            for c in chunk.chars() {
                match c {
                    '\n' => out.push((*t, core::mem::take(&mut current))),
                    '\r' => {}
                    c => current.push(c),
                }
            }
        }
        if !current.is_empty() {
            out.push((self.end_us, current));
        }
        out
    }

    /// All console output as one string.
    pub fn console_text(&self) -> String {
        self.console.iter().map(|(_, s)| s.as_str()).collect()
    }

    /// The times each press of a button happened.
    pub fn presses(&self, button: &str) -> Vec<u64> {
        self.inputs
            .iter()
            .filter_map(|(t, i)| match i {
                Input::Button {
                    part,
                    pressed: true,
                } if part == button => Some(*t),
                _ => None,
            })
            .collect()
    }

    /// A display's contents at `at_us` (the latest snapshot at or before it).
    pub fn frame_at(&self, part: &str, at_us: u64) -> Option<&Frame> {
        let s = self.frames.get(part)?;
        match s.partition_point(|(t, _)| *t <= at_us) {
            0 => None,
            n => Some(&s[n - 1].1),
        }
    }

    /// A NeoPixel part's colours at `at_us`.
    pub fn pixels_at(&self, part: &str, at_us: u64) -> Option<&Colours> {
        let s = self.pixels.get(part)?;
        match s.partition_point(|(t, _)| *t <= at_us) {
            0 => None,
            n => Some(&s[n - 1].1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_pwm_counts_as_toggling_and_fast_pwm_as_brightness() {
        let mut r = Recording {
            end_us: 3_000_000,
            ..Recording::default()
        };
        r.pwm.insert(
            2,
            vec![
                (
                    0,
                    Some(PwmSetting {
                        freq_hz: 1,
                        duty: 0.5,
                    }),
                ),
                (2_000_000, None),
            ],
        );
        let e = r.edges(2);
        assert_eq!(
            e,
            vec![
                (0, true),
                (500_000, false),
                (1_000_000, true),
                (1_500_000, false)
            ]
        );
        r.pwm.insert(
            4,
            vec![(
                10,
                Some(PwmSetting {
                    freq_hz: 1000,
                    duty: 0.25,
                }),
            )],
        );
        assert_eq!(r.brightness(4), vec![(10, 0.25)]);
        assert!(!r.level_at(4, 20));
    }

    #[test]
    fn lines_carry_the_time_they_ended() {
        let r = Recording {
            end_us: 9,
            console: vec![(1, "Hel".into()), (2, "lo\r\nwor".into()), (3, "ld".into())],
            ..Recording::default()
        };
        assert_eq!(r.lines(), vec![(2, "Hello".into()), (9, "world".into())]);
    }
}
