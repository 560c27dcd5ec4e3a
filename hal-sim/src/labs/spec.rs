//! What a lab's `checks.toml` says, once parsed: how long to run, the inputs, the scenario
//! steps and the checks. docs/labs.md documents each field.

use super::duration::Tolerance;

/// A whole `checks.toml`.
#[derive(Clone, Debug, Default)]
pub struct LabSpec {
    /// The lab's title, for reports.
    pub title: String,
    /// How long to run the program, in virtual microseconds.
    pub until_us: u64,
    /// Inputs at fixed times, in time order.
    pub events: Vec<Event>,
    /// Wokwi automation-scenario steps, run one after another from time 0.
    pub steps: Vec<Step>,
    pub checks: Vec<Check>,
}

/// Where a check looks: a part (`"led1"`, meaning its usual signal pin), a part's pin
/// (`"led1:A"`, `"esp:D2"`), or a GPIO (`"GPIO2"`, or the number `2`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinRef {
    Gpio(u32),
    Part { part: String, pin: Option<String> },
}

impl PinRef {
    pub fn parse(text: &str) -> PinRef {
        let t = text.trim();
        let upper = t.to_ascii_uppercase();
        if let Some(n) = upper.strip_prefix("GPIO").and_then(|n| n.parse().ok()) {
            return PinRef::Gpio(n);
        }
        if let Ok(n) = t.parse() {
            return PinRef::Gpio(n);
        }
        match t.split_once(':') {
            Some((part, pin)) => PinRef::Part {
                part: part.to_string(),
                pin: Some(pin.to_string()),
            },
            None => PinRef::Part {
                part: t.to_string(),
                pin: None,
            },
        }
    }

    /// How a report names it: "led1", "esp:D2", "GPIO2".
    pub fn describe(&self) -> String {
        match self {
            PinRef::Gpio(n) => format!("GPIO{n}"),
            PinRef::Part { part, pin: None } => part.clone(),
            PinRef::Part {
                part,
                pin: Some(pin),
            } => format!("{part}:{pin}"),
        }
    }
}

/// An input given to the board.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A pushbutton goes down (`pressed` = 1) or up.
    Button { part: String, pressed: bool },
    /// A part's control takes a value: a pot's `position` 0..1, a DHT22's `temperature`, a
    /// slide switch's `value`... (Wokwi's `set-control`).
    Control {
        part: String,
        control: String,
        value: f64,
    },
    /// Text typed on the serial console (the program's stdin).
    Serial(String),
}

impl Input {
    pub fn describe(&self) -> String {
        match self {
            Input::Button {
                part,
                pressed: true,
            } => format!("press {part}"),
            Input::Button {
                part,
                pressed: false,
            } => format!("release {part}"),
            Input::Control {
                part,
                control,
                value,
            } => format!("set {part}.{control} to {value}"),
            Input::Serial(text) => format!("type {text:?}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub at_us: u64,
    pub input: Input,
}

/// A Wokwi automation-scenario step.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `delay: 500ms`.
    Delay(u64),
    /// `wait-serial: "text"`: wait until the console prints a line containing it.
    WaitSerial(String),
    /// `set-control: {part-id, control, value}`.
    SetControl(Input),
    /// `expect-pin: {part-id, pin, value}`: the pin's level now.
    ExpectPin { pin: PinRef, high: bool },
    /// `write-serial: "text"` (an esprit addition: type on the console).
    WriteSerial(String),
}

/// One check with its teacher-readable name and the line it was written on.
#[derive(Clone, Debug)]
pub struct Check {
    pub name: String,
    pub line: usize,
    pub kind: CheckKind,
}

/// Which way a brightness must go, or the level it must reach.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BrightnessGoal {
    Rising,
    Falling,
    /// Reaches at least this level (0..1) at some point.
    Reaches(f64),
    /// Stays at or below this level (0..1) at some point (dims to it).
    DimsTo(f64),
    /// Is this level (0..1) ± the tolerance at `at`.
    Level {
        level: f64,
        tolerance: f64,
    },
}

#[derive(Clone, Debug)]
pub enum CheckKind {
    /// The pin toggles with this period for at least `cycles` full periods.
    Toggles {
        pin: PinRef,
        period_us: u64,
        tolerance: Tolerance,
        cycles: u32,
        from_us: u64,
    },
    /// The pin's level at a time.
    Level { pin: PinRef, at_us: u64, high: bool },
    /// Within `within_us` of each press of `button` the pin changes level.
    Responds {
        button: String,
        pin: PinRef,
        within_us: u64,
    },
    /// A console line matches the pattern (or, with `absent`, none does).
    Serial {
        pattern: String,
        regex: regex_lite::Regex,
        absent: bool,
    },
    /// The display shows `text` on text line `line` (8 pixels a line) at column `x`.
    Display {
        part: String,
        line: u32,
        x: u32,
        text: String,
        at_us: Option<u64>,
    },
    /// The servo's angle sweeps from `from` to `to` degrees.
    Servo {
        part: String,
        from_deg: f64,
        to_deg: f64,
        tolerance_deg: f64,
    },
    /// An LED's brightness (PWM duty, or its on/off level) over a window.
    Brightness {
        pin: PinRef,
        goal: BrightnessGoal,
        from_us: u64,
        to_us: Option<u64>,
        at_us: Option<u64>,
    },
    /// NeoPixel colours at a time, or that they keep changing.
    NeoPixel {
        part: String,
        at_us: Option<u64>,
        pixels: Vec<(usize, [u8; 3])>,
        changes: u32,
        tolerance: u8,
    },
    /// No uncaught exception ended the program.
    NoException,
}
