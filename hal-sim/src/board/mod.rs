//! The simulated ESP32 board: parts from a Wokwi diagram wired into nets, GPIO/PWM/ADC/DAC,
//! buses routed by net to the device models in [`crate::devices`], on virtual time that the
//! embedder advances. Same program + same inputs = same trace. Nothing here reads a wall
//! clock, a file or a thread, so the web build drives it exactly as the host CLI does.
//!
//! Embedding: build a [`SimBoard`] (bare, or from diagram.json text), share it
//! ([`SimBoard::shared`]) and attach [`SharedBoard::hal`] to the VM; then apply input events,
//! advance time, and read [`SimBoard::parts`] and [`SimBoard::trace`].

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use vm::hal::{Chip, Edge, PinMode, Pull, UartConfig};

pub mod console;
pub mod diagram;
pub mod events;
mod hal;
pub mod mcu;
mod nets;
pub mod parts;
pub mod runner;
pub mod trace;

pub use diagram::{Diagram, DiagramError};
pub use events::{InputAction, InputEvent, TimedEvent};
pub use hal::SharedBoard;
pub use parts::PartState;
pub use trace::{Trace, TraceEntry, TraceValue};

use mcu::{McuBoard, McuPin};
use nets::{Groups, NetBuilder};
use parts::{Kind, PartModel};

/// A supply or logic level in volts: what the ESP32's 3.3 V rail gives.
const VDD: f64 = 3.3;
/// Above this a GPIO reads 1.
const THRESHOLD: f64 = 1.65;
/// Servo pulse widths for 0° and 180° (SG90-style hobby servos).
const SERVO_MIN_US: f64 = 500.0;
const SERVO_MAX_US: f64 = 2500.0;
/// HC-SR04: echo starts this long after the trigger pulse ends (its 40 kHz burst).
const ECHO_DELAY_US: u64 = 200;

/// What drives a net: a voltage, and the PWM behind it if it switches.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drive {
    volts: f64,
    /// (frequency, fraction of the period high).
    pwm: Option<(u32, f64)>,
}

impl Drive {
    fn level(volts: f64) -> Drive {
        Drive { volts, pwm: None }
    }

    /// The fraction of time the net is high.
    fn high_fraction(&self) -> f64 {
        match self.pwm {
            Some((_, duty)) => duty,
            None => f64::from(u8::from(self.volts >= THRESHOLD)),
        }
    }
}

/// One GPIO as the program set it up.
#[derive(Clone, Copy, Debug, Default)]
struct GpioState {
    mode: Option<PinMode>,
    pull: Option<Pull>,
    latch: bool,
    /// (frequency, duty out of 65536, inverted).
    pwm: Option<(u32, u32, bool)>,
    dac: Option<f64>,
    irq: (bool, bool),
    /// The level last seen, for edges and the trace.
    level: Option<bool>,
}

/// A change the board will make by itself at a given time.
#[derive(Clone, Debug)]
enum Change {
    Input(InputEvent),
    Contact { part: usize, closed: bool },
    Echo { part: usize, high: bool },
}

struct UartState {
    config: UartConfig,
    rx: VecDeque<(u64, u8)>,
}

/// The simulated board.
pub struct SimBoard {
    chip: Chip,
    mcu: McuBoard,
    parts: Vec<PartModel>,
    /// For each part, its pins' nets by pin name.
    part_pins: Vec<BTreeMap<String, usize>>,
    net_count: usize,
    net_fixed: Vec<Option<f64>>,
    gpio_net: BTreeMap<u32, usize>,
    gpios: BTreeMap<u32, GpioState>,
    now: u64,
    pending: BTreeMap<(u64, u64), Change>,
    seq: u64,
    edges: Vec<Edge>,
    trace: Trace,
    uarts: BTreeMap<u32, UartState>,
    /// The onboard LED's brightness (DevKit v1's blue LED on GPIO2).
    onboard_led: f64,
    boot_pressed: bool,
    resets: u32,
    reset_cause: vm::hal::ResetCause,
    /// The MCU board's `macAddress` attr, `machine.unique_id()`.
    mac: [u8; 6],
    /// The ESP32-C3 DevKitM-1's WS2812 on GPIO8.
    onboard_pixel: Option<crate::devices::ws2812::Ws2812Chain>,
}

/// Where a part's pin is: (part index, pin name).
type PinRef<'a> = (usize, &'a str);

impl SimBoard {
    /// The bare DevKit: no diagram, its onboard LED on GPIO2 and BOOT button on GPIO0.
    pub fn bare() -> SimBoard {
        let d = Diagram {
            parts: vec![diagram::Part {
                id: "esp".into(),
                kind: "wokwi-esp32-devkit-v1".into(),
                attrs: BTreeMap::new(),
            }],
            connections: Vec::new(),
        };
        match SimBoard::from_diagram(&d, "") {
            Ok(b) => b,
            Err(_) => unreachable_board(),
        }
    }

    /// A board from diagram.json text.
    pub fn from_diagram_json(text: &str) -> Result<SimBoard, DiagramError> {
        let d = Diagram::parse(text)?;
        SimBoard::from_diagram(&d, text)
    }

    /// A board from a parsed diagram (`text` locates errors; it may be empty).
    pub fn from_diagram(d: &Diagram, text: &str) -> Result<SimBoard, DiagramError> {
        let parts: Vec<PartModel> = d
            .parts
            .iter()
            .enumerate()
            .map(|(i, p)| PartModel::new(p, i))
            .collect();
        let mcus: Vec<usize> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.kind, Kind::Mcu(_)))
            .map(|(i, _)| i)
            .collect();
        if mcus.len() > 1 {
            return Err(DiagramError {
                message: "the diagram has more than one ESP32 board".into(),
                line: None,
            });
        }
        let mcu = mcus
            .first()
            .and_then(|i| match parts.get(*i).map(|p| &p.kind) {
                Some(Kind::Mcu(m)) => Some(*m),
                _ => None,
            })
            .unwrap_or(McuBoard::DevkitV1);
        let mut nb = NetBuilder::default();
        // Canonical pin names: an MCU's pins by what they are, others without `.N`.
        let canon = |part: &PartModel, pin: &str| -> Option<String> {
            match &part.kind {
                Kind::Mcu(m) => m.pin(pin).map(|p| match p {
                    McuPin::Gpio(n) => format!("GPIO{}", n),
                    McuPin::Ground => "GND".into(),
                    McuPin::Supply(v) => format!("V{}", v),
                    McuPin::Other => mcu::strip_index(pin).to_string(),
                }),
                _ => {
                    let base = mcu::strip_index(pin);
                    match part.pins() {
                        Some(list) if !list.contains(&base) && !list.contains(&pin) => None,
                        _ => Some(base.to_string()),
                    }
                }
            }
        };
        for (a, b) in &d.connections {
            let mut nodes = Vec::new();
            for e in [a, b] {
                if e.part.starts_with('$') {
                    continue;
                }
                let Some(pi) = parts.iter().position(|p| p.id == e.part) else {
                    continue;
                };
                let Some(part) = parts.get(pi) else { continue };
                let Some(name) = canon(part, &e.pin) else {
                    return Err(DiagramError {
                        message: format!(
                            "part \"{}\" ({}) has no pin \"{}\"",
                            e.part, part.kind_name, e.pin
                        ),
                        line: diagram::line_of(text, &format!("\"{}:{}\"", e.part, e.pin)),
                    });
                };
                nodes.push(nb.node(pi, &name));
            }
            if let [x, y] = nodes[..] {
                nb.join(x, y);
            }
        }
        // Conductors inside parts.
        for (pi, p) in parts.iter().enumerate() {
            if let Kind::Button { .. } = p.kind {
                let (a, b) = (nb.node(pi, "1.l"), nb.node(pi, "1.r"));
                nb.join(a, b);
                let (a, b) = (nb.node(pi, "2.l"), nb.node(pi, "2.r"));
                nb.join(a, b);
            }
        }
        // Every GPIO of the chip has a net, wired or not.
        let mcu_index = mcus.first().copied().unwrap_or(usize::MAX);
        for g in 0..48u32 {
            if vm::hal::pins::pin_caps(mcu.chip(), g).is_some() {
                nb.node(mcu_index, &format!("GPIO{}", g));
            }
        }
        let (net_count, keys) = nb.finish();
        let mut part_pins: Vec<BTreeMap<String, usize>> = vec![BTreeMap::new(); parts.len()];
        let mut net_fixed = vec![None; net_count];
        let mut gpio_net = BTreeMap::new();
        for ((pi, name), net) in keys {
            if pi == mcu_index {
                if let Some(g) = name.strip_prefix("GPIO").and_then(|n| n.parse().ok()) {
                    gpio_net.insert(g, net);
                } else if name == "GND" {
                    if let Some(f) = net_fixed.get_mut(net) {
                        *f = Some(0.0);
                    }
                } else if let Some(v) = name.strip_prefix('V').and_then(|v| v.parse().ok())
                    && let Some(f) = net_fixed.get_mut(net)
                {
                    *f = Some(v);
                }
            }
            if let Some(pins) = part_pins.get_mut(pi) {
                pins.insert(name, net);
            }
        }
        let mut board = SimBoard {
            chip: mcu.chip(),
            mcu,
            parts,
            part_pins,
            net_count,
            net_fixed,
            gpio_net,
            gpios: BTreeMap::new(),
            now: 0,
            pending: BTreeMap::new(),
            seq: 0,
            edges: Vec::new(),
            trace: Trace::default(),
            uarts: BTreeMap::new(),
            onboard_led: 0.0,
            boot_pressed: false,
            resets: 0,
            reset_cause: vm::hal::ResetCause::PowerOn,
            mac: mcus
                .first()
                .and_then(|i| d.parts.get(*i))
                .and_then(|p| p.attrs.get("macAddress"))
                .and_then(|m| parse_mac(m))
                .unwrap_or([0x24, 0x0a, 0xc4, 0x00, 0x01, 0x10]),
            onboard_pixel: (mcu == McuBoard::C3DevkitM1)
                .then(|| crate::devices::ws2812::Ws2812Chain::new(1)),
        };
        board.settle();
        Ok(board)
    }

    /// Shares the board so the VM (through [`SharedBoard::hal`]) and the embedder both reach it.
    pub fn shared(self) -> SharedBoard {
        SharedBoard(Rc::new(RefCell::new(self)))
    }

    /// The chip on the board.
    pub fn chip(&self) -> Chip {
        self.chip
    }

    /// The board's virtual clock.
    pub fn now_us(&self) -> u64 {
        self.now
    }

    /// Hard resets recorded (`machine.reset()`).
    pub fn resets(&self) -> u32 {
        self.resets
    }

    /// The trace so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The state of every part, by id (the MCU board's: its onboard LED and BOOT button).
    pub fn parts(&self) -> Vec<(String, PartState)> {
        self.parts
            .iter()
            .map(|p| (p.id.clone(), self.part_state(p)))
            .collect()
    }

    /// The state of part `id`.
    pub fn part(&self, id: &str) -> Option<PartState> {
        self.parts
            .iter()
            .find(|p| p.id == id)
            .map(|p| self.part_state(p))
    }

    fn part_state(&self, p: &PartModel) -> PartState {
        match p.kind {
            Kind::Mcu(_) => PartState::Board {
                led: self.onboard_led,
                boot: self.boot_pressed,
                pixel: self
                    .onboard_pixel
                    .as_ref()
                    .and_then(|c| c.pixel(0))
                    .map(|(r, g, b)| [r, g, b]),
            },
            _ => p.snapshot(),
        }
    }

    /// The device model of part `id`, for tests and for the page's detailed views.
    pub fn part_kind(&self, id: &str) -> Option<&Kind> {
        self.parts.iter().find(|p| p.id == id).map(|p| &p.kind)
    }

    /// Schedules input events (they apply when the clock reaches their time).
    pub fn schedule(&mut self, events: &[TimedEvent]) {
        for e in events {
            self.push_change(e.time_us, Change::Input(e.event.clone()));
        }
    }

    /// Applies an input event now. An unknown part or an action the part does not take is an
    /// error naming them.
    pub fn apply(&mut self, event: &InputEvent) -> Result<(), String> {
        let r = self.apply_input(event);
        self.settle();
        r
    }

    /// Runs the board's own changes (scheduled events, bounces, echoes) up to `t`.
    pub fn advance_to(&mut self, t: u64) {
        while let Some((&(time, seq), _)) = self.pending.first_key_value() {
            if time > t {
                break;
            }
            let Some(change) = self.pending.remove(&(time, seq)) else {
                break;
            };
            self.now = self.now.max(time);
            match change {
                Change::Input(e) => {
                    // A bad event in a file was reported when the file was read.
                    let _ = self.apply_input(&e);
                }
                Change::Contact { part, closed } => {
                    if let Some(Kind::Button { contact, .. }) =
                        self.parts.get_mut(part).map(|p| &mut p.kind)
                    {
                        *contact = closed;
                    }
                }
                Change::Echo { part, high } => {
                    if let Some(Kind::HcSr04 { echo, .. }) =
                        self.parts.get_mut(part).map(|p| &mut p.kind)
                    {
                        *echo = high;
                    }
                }
            }
            self.settle();
        }
        self.now = self.now.max(t);
    }

    /// When the board next changes an input by itself, if it will.
    pub fn next_change_us(&self) -> Option<u64> {
        self.pending.keys().next().map(|(t, _)| *t)
    }

    /// The VCD text of the trace up to now.
    pub fn vcd(&self) -> String {
        self.trace.to_vcd(self.now)
    }

    fn push_change(&mut self, t: u64, c: Change) {
        self.seq += 1;
        self.pending.insert((t, self.seq), c);
    }

    fn part_index(&self, id: &str) -> Option<usize> {
        self.parts.iter().position(|p| p.id == id)
    }

    fn pin_net(&self, (part, pin): PinRef<'_>) -> Option<usize> {
        self.part_pins.get(part).and_then(|m| m.get(pin)).copied()
    }

    fn apply_input(&mut self, e: &InputEvent) -> Result<(), String> {
        let Some(pi) = self.part_index(&e.part) else {
            return Err(format!("no part \"{}\" on the board", e.part));
        };
        let now = self.now;
        let mut schedule = Vec::new();
        let Some(part) = self.parts.get_mut(pi) else {
            return Err(format!("no part \"{}\" on the board", e.part));
        };
        let bad = || {
            format!(
                "part \"{}\" ({}) cannot {}",
                e.part,
                part_kind_name(&e.part),
                e.action
            )
        };
        match (&mut part.kind, &e.action) {
            (Kind::Mcu(_), InputAction::Press) => self.boot_pressed = true,
            (Kind::Mcu(_), InputAction::Release) => self.boot_pressed = false,
            (
                Kind::Button {
                    pressed,
                    contact,
                    bounce,
                    presses,
                },
                InputAction::Press | InputAction::Release,
            ) => {
                let down = e.action == InputAction::Press;
                if *pressed != down {
                    *pressed = down;
                    *presses += 1;
                    if *bounce {
                        // A contact chatters for under a millisecond before it settles; the
                        // pattern is fixed by the part and the press count, so runs repeat.
                        let mut seed = presses.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
                        let mut t = now;
                        let flips = 4 + (seed >> 60) as usize * 2;
                        let mut state = down;
                        *contact = down;
                        for _ in 0..flips {
                            seed ^= seed << 13;
                            seed ^= seed >> 7;
                            seed ^= seed << 17;
                            t += 20 + seed % 120;
                            state = !state;
                            schedule.push((
                                t,
                                Change::Contact {
                                    part: pi,
                                    closed: state,
                                },
                            ));
                        }
                        if state != down {
                            schedule.push((
                                t + 50,
                                Change::Contact {
                                    part: pi,
                                    closed: down,
                                },
                            ));
                        }
                    } else {
                        *contact = down;
                    }
                }
            }
            (Kind::SlideSwitch { right }, InputAction::Set { value, .. }) => *right = *value >= 0.5,
            (Kind::Pot { position }, InputAction::Set { property, value }) => {
                *position = match property.as_deref() {
                    Some("value") => value / 1023.0,
                    _ => *value,
                }
                .clamp(0.0, 1.0);
            }
            (Kind::Photoresistor { lux, .. }, InputAction::Set { .. }) => *lux = e.value().max(0.0),
            (Kind::Ntc { celsius, .. }, InputAction::Set { .. }) => *celsius = e.value(),
            (Kind::HcSr04 { distance_cm, .. }, InputAction::Set { .. }) => {
                *distance_cm = e.value().clamp(2.0, 400.0)
            }
            (Kind::Dht(d), InputAction::Set { property, value }) => match property.as_deref() {
                Some("humidity") => d.set_humidity(*value),
                _ => d.set_temperature(*value),
            },
            (Kind::Ds18b20(d), InputAction::Set { value, .. }) => d.set_temperature(*value),
            (Kind::Mpu6050(m), InputAction::Set { property, value }) => {
                // One reading changes; the other axes keep theirs.
                if !m.set_reading(property.as_deref().unwrap_or(""), *value) {
                    return Err(bad());
                }
            }
            _ => return Err(bad()),
        }
        for (t, c) in schedule {
            self.push_change(t, c);
        }
        Ok(())
    }

    // ----- the electrical model -----

    /// Nets joined by closed switches at this moment.
    fn groups(&self) -> Groups {
        let mut g = Groups::new(self.net_count);
        for (pi, p) in self.parts.iter().enumerate() {
            let pairs: &[(&str, &str)] = match p.kind {
                Kind::Button { contact: true, .. } => &[("1.l", "2.l")],
                Kind::SlideSwitch { right: false } => &[("2", "1")],
                Kind::SlideSwitch { right: true } => &[("2", "3")],
                _ => &[],
            };
            for (a, b) in pairs {
                if let (Some(x), Some(y)) = (self.pin_net((pi, a)), self.pin_net((pi, b))) {
                    g.join(x, y);
                }
            }
        }
        g
    }

    /// What drives each group of nets (indexed by group root).
    fn drives(&self, g: &mut Groups) -> Vec<Option<Drive>> {
        let mut strong: Vec<Option<Drive>> = vec![None; self.net_count];
        let mut set = |g: &mut Groups, net: usize, d: Drive| {
            let root = g.find(net);
            if let Some(slot) = strong.get_mut(root)
                && slot.is_none()
            {
                *slot = Some(d);
            }
        };
        for (net, v) in self.net_fixed.iter().enumerate() {
            if let Some(v) = v {
                set(g, net, Drive::level(*v));
            }
        }
        for (gpio, s) in &self.gpios {
            let Some(&net) = self.gpio_net.get(gpio) else {
                continue;
            };
            if let Some((freq, duty, invert)) = s.pwm {
                let mut frac = f64::from(duty.min(65536)) / 65536.0;
                if invert {
                    frac = 1.0 - frac;
                }
                let volts = if frac >= 0.5 { VDD } else { 0.0 };
                set(
                    g,
                    net,
                    Drive {
                        volts,
                        pwm: Some((freq, frac)),
                    },
                );
            } else if let Some(v) = s.dac {
                set(g, net, Drive::level(v));
            } else {
                match s.mode {
                    Some(PinMode::Output) => {
                        set(g, net, Drive::level(if s.latch { VDD } else { 0.0 }))
                    }
                    Some(PinMode::OpenDrain) if !s.latch => set(g, net, Drive::level(0.0)),
                    _ => {}
                }
            }
        }
        if self.boot_pressed
            && let Some(&net) = self.gpio_net.get(&self.boot_gpio())
        {
            set(g, net, Drive::level(0.0));
        }
        for (pi, p) in self.parts.iter().enumerate() {
            let outs: Vec<(&str, f64)> = match &p.kind {
                Kind::Pot { position } => vec![("SIG", position * VDD)],
                Kind::Ntc { celsius, beta } => {
                    let k = (beta * (1.0 / (celsius + 273.15) - 1.0 / 298.15)).exp();
                    vec![("OUT", VDD * k / (1.0 + k))]
                }
                Kind::Photoresistor {
                    lux,
                    threshold,
                    rl10,
                    gamma,
                } => {
                    let r = rl10 * 1e3 * 10f64.powf(*gamma) / lux.max(0.01).powf(*gamma);
                    let ao = VDD * r / (r + 10_000.0);
                    vec![("AO", ao), ("DO", if ao > *threshold { VDD } else { 0.0 })]
                }
                Kind::HcSr04 { echo, .. } => vec![("ECHO", if *echo { VDD } else { 0.0 })],
                _ => Vec::new(),
            };
            for (pin, v) in outs {
                if let Some(net) = self.pin_net((pi, pin)) {
                    set(g, net, Drive::level(v));
                }
            }
        }
        // Weak: pulls, and resistors from a driven net to an undriven one.
        let mut weak: Vec<Option<Drive>> = vec![None; self.net_count];
        for (gpio, s) in &self.gpios {
            let Some(&net) = self.gpio_net.get(gpio) else {
                continue;
            };
            let v = match s.pull {
                Some(Pull::Up) => VDD,
                Some(Pull::Down) => 0.0,
                _ => continue,
            };
            let root = g.find(net);
            if let Some(slot) = weak.get_mut(root) {
                *slot = Some(Drive::level(v));
            }
        }
        for (pi, p) in self.parts.iter().enumerate() {
            if !matches!(p.kind, Kind::Resistor { .. }) {
                continue;
            }
            let (Some(a), Some(b)) = (self.pin_net((pi, "1")), self.pin_net((pi, "2"))) else {
                continue;
            };
            let (ra, rb) = (g.find(a), g.find(b));
            let (da, db) = (
                strong.get(ra).copied().flatten(),
                strong.get(rb).copied().flatten(),
            );
            match (da, db) {
                (Some(d), None) => {
                    if let Some(slot) = weak.get_mut(rb) {
                        *slot = Some(d);
                    }
                }
                (None, Some(d)) => {
                    if let Some(slot) = weak.get_mut(ra) {
                        *slot = Some(d);
                    }
                }
                _ => {}
            }
        }
        strong.into_iter().zip(weak).map(|(s, w)| s.or(w)).collect()
    }

    fn boot_gpio(&self) -> u32 {
        match self.chip {
            Chip::Esp32C3 => 9,
            _ => 0,
        }
    }

    fn drive_of(
        &self,
        g: &mut Groups,
        drives: &[Option<Drive>],
        net: Option<usize>,
    ) -> Option<Drive> {
        net.and_then(|n| drives.get(g.find(n)).copied().flatten())
    }

    /// The level of a GPIO now.
    fn gpio_level(&self, gpio: u32) -> bool {
        let mut g = self.groups();
        let drives = self.drives(&mut g);
        let net = self.gpio_net.get(&gpio).copied();
        self.drive_of(&mut g, &drives, net)
            .is_some_and(|d| d.volts >= THRESHOLD)
    }

    /// The voltage at a GPIO now (0 when floating).
    fn gpio_volts(&self, gpio: u32) -> f64 {
        let mut g = self.groups();
        let drives = self.drives(&mut g);
        let net = self.gpio_net.get(&gpio).copied();
        self.drive_of(&mut g, &drives, net)
            .map_or(0.0, |d| match d.pwm {
                Some((_, duty)) => duty * VDD,
                None => d.volts,
            })
    }

    /// Recomputes levels after a change: records GPIO level changes (edges for IRQ-enabled
    /// pins) and part state changes in the trace, and lets parts react (HC-SR04 triggers).
    fn settle(&mut self) {
        let now = self.now;
        let mut g = self.groups();
        let drives = self.drives(&mut g);
        // GPIO levels, for pins the program uses or the diagram wires.
        let gpios: Vec<u32> = self.gpio_net.keys().copied().collect();
        for gpio in gpios {
            let net = self.gpio_net.get(&gpio).copied();
            let wired = net.is_some_and(|n| self.net_is_wired(n));
            if !wired && !self.gpios.contains_key(&gpio) && !self.onboard_led_gpio(gpio) {
                continue;
            }
            let level = self
                .drive_of(&mut g, &drives, net)
                .is_some_and(|d| d.volts >= THRESHOLD);
            let s = self.gpios.entry(gpio).or_default();
            let old = s.level;
            if old == Some(level) {
                continue;
            }
            s.level = Some(level);
            let irq = s.irq;
            self.trace
                .push(now, &format!("GPIO{}", gpio), TraceValue::Bit(level));
            if old.is_some() && ((level && irq.0) || (!level && irq.1)) {
                self.edges.push(Edge {
                    pin: gpio,
                    rising: level,
                    at_us: now,
                });
            }
        }
        // The onboard LED follows GPIO2 on the DevKit v1.
        if self.mcu == McuBoard::DevkitV1 {
            let net = self.gpio_net.get(&2).copied();
            let b = self
                .drive_of(&mut g, &drives, net)
                .map_or(0.0, |d| d.high_fraction());
            if b != self.onboard_led {
                self.onboard_led = b;
                self.trace.push(now, "onboard_led", TraceValue::Real(b));
            }
        }
        // Parts that show something.
        let mut echoes = Vec::new();
        let mut lcd_pins = Vec::new();
        for pi in 0..self.parts.len() {
            let pin = |name: &str| self.pin_net((pi, name));
            let get = |g: &mut Groups, name: &str| self.drive_of(g, &drives, pin(name));
            let Some(kind) = self.parts.get(pi).map(|p| &p.kind) else {
                continue;
            };
            let value: Option<f64> = match kind {
                Kind::Led => Some(lit(get(&mut g, "A"), get(&mut g, "C"))),
                Kind::Servo { angle } => Some(match get(&mut g, "PWM").and_then(|d| d.pwm) {
                    Some((freq, duty)) if freq > 0 => {
                        let pulse = duty * 1e6 / f64::from(freq);
                        ((pulse - SERVO_MIN_US) / (SERVO_MAX_US - SERVO_MIN_US) * 180.0)
                            .clamp(0.0, 180.0)
                    }
                    _ => *angle,
                }),
                Kind::Buzzer { .. } => Some(match get(&mut g, "2").and_then(|d| d.pwm) {
                    Some((freq, duty)) if duty > 0.0 && duty < 1.0 => f64::from(freq),
                    _ => 0.0,
                }),
                Kind::RgbLed { common_anode, .. } => {
                    let com = get(&mut g, "COM");
                    let ch: Vec<f64> = ["R", "G", "B"]
                        .iter()
                        .map(|c| {
                            let d = get(&mut g, c);
                            if *common_anode {
                                lit(com, d)
                            } else {
                                lit(d, com)
                            }
                        })
                        .collect();
                    let rgb = [ch[0], ch[1], ch[2]];
                    if let Some(Kind::RgbLed { rgb: stored, .. }) =
                        self.parts.get_mut(pi).map(|p| &mut p.kind)
                    {
                        *stored = rgb;
                    }
                    Some(rgb[0] + 2.0 * rgb[1] + 4.0 * rgb[2])
                }
                Kind::Lcd1602(_) if pin("E").is_some() => {
                    // Wired to GPIOs ("full" pins): the controller watches its own pins.
                    let mut high =
                        |name: &str| get(&mut g, name).is_some_and(|d| d.volts >= THRESHOLD);
                    let data = (0..8).fold(0u8, |b, i| b | (u8::from(high(&format!("D{i}"))) << i));
                    lcd_pins.push((pi, high("RS"), high("RW"), high("E"), data));
                    None
                }
                Kind::HcSr04 {
                    trig_rise_us,
                    distance_cm,
                    ..
                } => {
                    let high = get(&mut g, "TRIG").is_some_and(|d| d.volts >= THRESHOLD);
                    match (high, *trig_rise_us) {
                        (true, None) => echoes.push((pi, Some(now), None)),
                        (false, Some(rise)) => {
                            let fire = (now.saturating_sub(rise) >= 10).then_some(*distance_cm);
                            echoes.push((pi, None, fire));
                        }
                        _ => {}
                    }
                    None
                }
                _ => None,
            };
            let Some(value) = value else { continue };
            let Some(part) = self.parts.get_mut(pi) else {
                continue;
            };
            match &mut part.kind {
                Kind::Servo { angle } => *angle = value,
                Kind::Buzzer { frequency } => *frequency = value,
                _ => {}
            }
            if part.traced != Some(value) {
                part.traced = Some(value);
                let id = part.id.clone();
                self.trace.push(now, &id, TraceValue::Real(value));
            }
        }
        for (pi, rs, rw, e, data) in lcd_pins {
            if let Some(Kind::Lcd1602(d)) = self.parts.get_mut(pi).map(|p| &mut p.kind) {
                d.pins(rs, rw, e, data);
            }
        }
        for (pi, rise, fire) in echoes {
            if let Some(Kind::HcSr04 { trig_rise_us, .. }) =
                self.parts.get_mut(pi).map(|p| &mut p.kind)
            {
                *trig_rise_us = rise;
            }
            if let Some(cm) = fire {
                let start = now + ECHO_DELAY_US;
                let width = (cm * 58.0).round() as u64;
                self.push_change(
                    start,
                    Change::Echo {
                        part: pi,
                        high: true,
                    },
                );
                self.push_change(
                    start + width,
                    Change::Echo {
                        part: pi,
                        high: false,
                    },
                );
            }
        }
    }

    /// Is a net wired to anything besides its GPIO?
    fn net_is_wired(&self, net: usize) -> bool {
        self.part_pins
            .iter()
            .flat_map(|m| m.values())
            .filter(|n| **n == net)
            .count()
            > 1
    }

    fn onboard_led_gpio(&self, gpio: u32) -> bool {
        self.mcu == McuBoard::DevkitV1 && gpio == 2
    }
}

/// How lit an LED (or one colour of an RGB LED) is: the fraction of time its anode is high
/// while its cathode is low.
fn lit(anode: Option<Drive>, cathode: Option<Drive>) -> f64 {
    match (anode, cathode) {
        (Some(a), Some(c)) => a.high_fraction() * (1.0 - c.high_fraction()),
        _ => 0.0,
    }
}

fn part_kind_name(id: &str) -> &str {
    id
}

/// The bare board's diagram is built in; it cannot fail.
fn unreachable_board() -> SimBoard {
    SimBoard {
        chip: Chip::Esp32,
        mcu: McuBoard::DevkitV1,
        parts: Vec::new(),
        part_pins: Vec::new(),
        net_count: 0,
        net_fixed: Vec::new(),
        gpio_net: BTreeMap::new(),
        gpios: BTreeMap::new(),
        now: 0,
        pending: BTreeMap::new(),
        seq: 0,
        edges: Vec::new(),
        trace: Trace::default(),
        uarts: BTreeMap::new(),
        onboard_led: 0.0,
        boot_pressed: false,
        resets: 0,
        reset_cause: vm::hal::ResetCause::PowerOn,
        mac: [0; 6],
        onboard_pixel: None,
    }
}

/// `"24:0a:c4:00:01:10"` -> bytes.
fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let mut out = [0u8; 6];
    let mut parts = s.split(':');
    for slot in &mut out {
        *slot = u8::from_str_radix(parts.next()?.trim(), 16).ok()?;
    }
    parts.next().is_none().then_some(out)
}
