//! The labs' board: an ESP32 wired as a diagram.json says, implementing the VM's HAL traits
//! with the device models of `crate::devices`, and recording every pin change, PWM setting,
//! display frame, NeoPixel colour and servo angle for the checks.
//!
//! The VM owns its board as a `Box<dyn Board>`, and the runner must still apply inputs and read
//! the record, so both hold the same state through an `Rc<RefCell<_>>` (single-threaded, also
//! in wasm).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use vm::Vm;
use vm::hal::{
    Adc, Atten, Bitstream, BoardInfo, Chip, Dac, Dht, Edge, Gpio, HalError, I2c, I2cBus, OneWire,
    PinMode, Pull, Pulse, Pwm, Spi, System, Timed, Uart,
};

use super::super::parse::LabError;
use super::super::record::{Frame, PwmSetting, Recording};
use super::super::spec::{Input, PinRef};
use super::LabBoard;
use super::diagram::{Diagram, Rail, signal_pins};
use crate::devices::{
    BitTiming, BitstreamTarget, Dht22, DhtSensor, I2cTarget, Ssd1306, Ws2812Chain,
};

/// A servo's pulse width at 0° and at 180°, in µs (the SG90 range MicroPython tutorials use).
const SERVO_MIN_US: f64 = 500.0;
const SERVO_MAX_US: f64 = 2500.0;

#[derive(Clone, Copy, Default)]
struct PinState {
    output: bool,
    open_drain: bool,
    pull: Option<bool>,
    latch: bool,
    irq_rising: bool,
    irq_falling: bool,
}

#[derive(Default)]
struct Hw {
    chip_c3: bool,
    pins: BTreeMap<u32, PinState>,
    /// What parts drive onto each GPIO over time (`None`: nothing, the pull decides).
    external: BTreeMap<u32, Vec<(u64, Option<bool>)>>,
    pwm: BTreeMap<u32, PwmSetting>,
    /// Volts at each analog input.
    analog: BTreeMap<u32, f64>,
    last_level: BTreeMap<u32, bool>,
    edges: Vec<Edge>,
    level_log: Vec<(u32, u64, bool)>,
    pwm_log: Vec<(u32, u64, Option<PwmSetting>)>,
    angle_log: Vec<(String, u64, f64)>,
    displays: Vec<(String, Ssd1306)>,
    chains: Vec<(String, u32, Ws2812Chain)>,
    dhts: Vec<(String, u32, Dht22)>,
    servos: Vec<(String, u32)>,
}

impl Hw {
    fn external_at(&self, gpio: u32, t: u64) -> Option<bool> {
        let s = self.external.get(&gpio)?;
        match s.partition_point(|(at, _)| *at <= t) {
            0 => None,
            n => s[n - 1].1,
        }
    }

    fn level_at(&self, gpio: u32, t: u64) -> bool {
        let p = self.pins.get(&gpio).copied().unwrap_or_default();
        if p.output && !(p.open_drain && p.latch) {
            return p.latch;
        }
        self.external_at(gpio, t).or(p.pull).unwrap_or(false)
    }

    /// Notes the level of `gpio` at `t`: logged for the checks, and an edge if its IRQ wants it.
    fn settle(&mut self, gpio: u32, t: u64) {
        let level = self.level_at(gpio, t);
        let old = self.last_level.insert(gpio, level).unwrap_or(false);
        if old == level {
            return;
        }
        self.level_log.push((gpio, t, level));
        let p = self.pins.get(&gpio).copied().unwrap_or_default();
        if (level && p.irq_rising) || (!level && p.irq_falling) {
            self.edges.push(Edge {
                pin: gpio,
                rising: level,
                at_us: t,
            });
        }
    }

    /// Parts drive `gpio` to `level` (None: let go) from `t`. With `bounce`, a contact that
    /// closes chatters first: it touches, springs back 100 µs later and settles at 300 µs, so
    /// a program that does not debounce sees two presses.
    fn drive(&mut self, gpio: u32, t: u64, level: Option<bool>, bounce: bool) {
        let before = self.external_at(gpio, t);
        let mut changes = vec![(t, level)];
        if bounce && level.is_some() {
            changes.extend([(t + 100, before), (t + 300, level)]);
        }
        let series = self.external.entry(gpio).or_default();
        series.retain(|(at, _)| *at < t);
        series.extend(changes.iter().copied());
        for (at, _) in changes {
            self.settle(gpio, at);
        }
    }

    fn set_pwm(&mut self, gpio: u32, t: u64, setting: Option<PwmSetting>) {
        match setting {
            Some(s) => self.pwm.insert(gpio, s),
            None => self.pwm.remove(&gpio),
        };
        self.pwm_log.push((gpio, t, setting));
        let servos: Vec<String> = self
            .servos
            .iter()
            .filter(|(_, g)| *g == gpio)
            .map(|(id, _)| id.clone())
            .collect();
        for id in servos {
            if let Some(s) = setting.filter(|s| s.freq_hz > 0) {
                let pulse_us = s.duty * 1e6 / f64::from(s.freq_hz);
                if (SERVO_MIN_US * 0.5..=SERVO_MAX_US * 1.2).contains(&pulse_us) {
                    let angle = ((pulse_us - SERVO_MIN_US) / (SERVO_MAX_US - SERVO_MIN_US) * 180.0)
                        .clamp(0.0, 180.0);
                    self.angle_log.push((id, t, angle));
                }
            }
        }
    }
}

/// The VM's view of the board.
struct Shared(Rc<RefCell<Hw>>);

impl BoardInfo for Shared {
    fn chip(&self) -> Chip {
        if self.0.borrow().chip_c3 {
            Chip::Esp32C3
        } else {
            Chip::Esp32
        }
    }
}

impl Gpio for Shared {
    fn pin_configure(
        &mut self,
        now: u64,
        pin: u32,
        mode: PinMode,
        pull: Pull,
    ) -> Result<(), HalError> {
        let mut hw = self.0.borrow_mut();
        let p = hw.pins.entry(pin).or_default();
        p.output = mode != PinMode::Input;
        p.open_drain = mode == PinMode::OpenDrain;
        p.pull = match pull {
            Pull::Up => Some(true),
            Pull::Down => Some(false),
            Pull::None => None,
        };
        hw.settle(pin, now);
        Ok(())
    }

    fn pin_write(&mut self, now: u64, pin: u32, high: bool) -> Result<(), HalError> {
        let mut hw = self.0.borrow_mut();
        hw.pins.entry(pin).or_default().latch = high;
        hw.settle(pin, now);
        Ok(())
    }

    fn pin_read(&mut self, now: u64, pin: u32) -> Result<bool, HalError> {
        Ok(self.0.borrow().level_at(pin, now))
    }

    fn pin_set_irq(&mut self, pin: u32, rising: bool, falling: bool) -> Result<(), HalError> {
        let mut hw = self.0.borrow_mut();
        let p = hw.pins.entry(pin).or_default();
        p.irq_rising = rising;
        p.irq_falling = falling;
        hw.edges.retain(|e| e.pin != pin);
        Ok(())
    }

    fn take_edges(&mut self, now: u64, out: &mut Vec<Edge>) {
        let mut hw = self.0.borrow_mut();
        hw.edges.sort_by_key(|e| e.at_us);
        out.extend(hw.edges.iter().filter(|e| e.at_us <= now));
        hw.edges.retain(|e| e.at_us > now);
    }
}

impl System for Shared {
    fn next_input_change_us(&mut self, now: u64) -> Option<u64> {
        let hw = self.0.borrow();
        hw.edges.iter().map(|e| e.at_us).filter(|t| *t > now).min()
    }
}

impl Pwm for Shared {
    fn pwm_start(
        &mut self,
        now: u64,
        pin: u32,
        freq_hz: u32,
        duty: u32,
        invert: bool,
    ) -> Result<(), HalError> {
        let mut d = f64::from(duty.min(65536)) / 65536.0;
        if invert {
            d = 1.0 - d;
        }
        self.0
            .borrow_mut()
            .set_pwm(pin, now, Some(PwmSetting { freq_hz, duty: d }));
        Ok(())
    }

    fn pwm_stop(&mut self, now: u64, pin: u32) -> Result<(), HalError> {
        let mut hw = self.0.borrow_mut();
        hw.set_pwm(pin, now, None);
        hw.settle(pin, now);
        Ok(())
    }
}

impl Adc for Shared {
    fn adc_read_uv(&mut self, _now: u64, pin: u32, atten: Atten) -> Result<u32, HalError> {
        let hw = self.0.borrow();
        let volts = match hw.analog.get(&pin) {
            Some(v) => *v,
            None => {
                if hw.level_at(pin, _now) {
                    3.3
                } else {
                    0.0
                }
            }
        };
        let uv = (volts * 1e6)
            .round()
            .clamp(0.0, f64::from(atten.full_scale_mv()) * 1000.0);
        Ok(uv as u32)
    }
}

impl I2c for Shared {
    fn i2c_write(
        &mut self,
        now: u64,
        _bus: &I2cBus,
        addr: u8,
        bytes: &[u8],
        stop: bool,
    ) -> Result<usize, HalError> {
        let mut hw = self.0.borrow_mut();
        let Some((_, d)) = hw.displays.iter_mut().find(|(_, d)| d.address() == addr) else {
            return Err(HalError::NoAck);
        };
        d.start(now, false);
        let ok = d.write(now, bytes);
        if stop {
            d.stop();
        }
        Ok(if ok { bytes.len() } else { 0 })
    }

    fn i2c_read(
        &mut self,
        now: u64,
        _bus: &I2cBus,
        addr: u8,
        buf: &mut [u8],
        stop: bool,
    ) -> Result<(), HalError> {
        let mut hw = self.0.borrow_mut();
        let Some((_, d)) = hw.displays.iter_mut().find(|(_, d)| d.address() == addr) else {
            return Err(HalError::NoAck);
        };
        d.start(now, true);
        d.read(now, buf);
        if stop {
            d.stop();
        }
        Ok(())
    }
}

impl Bitstream for Shared {
    fn bitstream(
        &mut self,
        now: u64,
        pin: u32,
        t: [u32; 4],
        bytes: &[u8],
    ) -> Result<Timed<()>, HalError> {
        let timing = BitTiming {
            t0h_ns: t[0],
            t0l_ns: t[1],
            t1h_ns: t[2],
            t1l_ns: t[3],
        };
        let mut hw = self.0.borrow_mut();
        for (_, gpio, chain) in hw.chains.iter_mut() {
            if *gpio == pin {
                chain.receive(now, timing, bytes);
            }
        }
        Ok(((), timing.duration_ns(bytes).div_ceil(1000)))
    }
}

impl Dht for Shared {
    fn dht_readinto(
        &mut self,
        now: u64,
        pin: u32,
        buf: &mut [u8; 5],
    ) -> Result<Timed<()>, HalError> {
        let mut hw = self.0.borrow_mut();
        let Some((_, _, dht)) = hw.dhts.iter_mut().find(|(_, g, _)| *g == pin) else {
            return Err(HalError::Timeout);
        };
        // The host's 18 ms start signal, then about 4 ms of answer.
        match dht.frame(now) {
            Some(frame) => {
                *buf = frame;
                Ok(((), 22_000))
            }
            None => Err(HalError::Timeout),
        }
    }
}

impl Dac for Shared {}
impl Pulse for Shared {}
impl Spi for Shared {}
impl Uart for Shared {}
impl OneWire for Shared {}

/// A diagram's board, for the lab runner.
pub struct DiagramBoard {
    diagram: Diagram,
    hw: Rc<RefCell<Hw>>,
}

impl DiagramBoard {
    pub fn new(file: &str, text: &str) -> Result<DiagramBoard, LabError> {
        let diagram = Diagram::parse(file, text)?;
        let mut hw = Hw {
            chip_c3: diagram.chip_c3,
            ..Hw::default()
        };
        for p in &diagram.parts {
            let signal = |pins: &[&str]| pins.iter().find_map(|pin| diagram.gpio_on(&p.id, pin));
            match p.kind.as_str() {
                "board-ssd1306" | "wokwi-ssd1306" => {
                    let addr = p
                        .attr("i2cAddress")
                        .and_then(|a| u8::from_str_radix(a.trim_start_matches("0x"), 16).ok())
                        .unwrap_or(0x3C);
                    hw.displays.push((p.id.clone(), Ssd1306::new(addr)));
                }
                "wokwi-neopixel"
                | "wokwi-led-ring"
                | "wokwi-led-strip"
                | "wokwi-neopixel-matrix" => {
                    let count = match p.kind.as_str() {
                        "wokwi-neopixel" => 1,
                        "wokwi-led-ring" => p.attr_f64("pixels").unwrap_or(16.0) as usize,
                        "wokwi-led-strip" => p.attr_f64("pixels").unwrap_or(8.0) as usize,
                        _ => {
                            (p.attr_f64("rows").unwrap_or(8.0) * p.attr_f64("cols").unwrap_or(8.0))
                                as usize
                        }
                    };
                    if let Some(g) = signal(&["DIN"]) {
                        hw.chains
                            .push((p.id.clone(), g, Ws2812Chain::new(count.clamp(1, 1024))));
                    }
                }
                "wokwi-dht22" => {
                    if let Some(g) = signal(&["SDA"]) {
                        let dht = Dht22::new(
                            p.attr_f64("temperature").unwrap_or(24.0),
                            p.attr_f64("humidity").unwrap_or(40.0),
                        );
                        hw.dhts.push((p.id.clone(), g, dht));
                    }
                }
                "wokwi-servo" => {
                    if let Some(g) = signal(&["PWM"]) {
                        hw.servos.push((p.id.clone(), g));
                    }
                }
                "wokwi-potentiometer" | "wokwi-slide-potentiometer" => {
                    if let Some(g) = signal(&["SIG"]) {
                        let max = if p.kind == "wokwi-potentiometer" {
                            1023.0
                        } else {
                            100.0
                        };
                        let pos = p.attr_f64("value").unwrap_or(0.0) / max;
                        hw.analog.insert(g, pos.clamp(0.0, 1.0) * 3.3);
                    }
                }
                _ => {}
            }
        }
        Ok(DiagramBoard {
            diagram,
            hw: Rc::new(RefCell::new(hw)),
        })
    }

    fn part(&self, id: &str) -> Result<&super::diagram::Part, String> {
        self.diagram
            .part(id)
            .ok_or_else(|| format!("there is no part '{id}' in diagram.json"))
    }

    fn press(&mut self, now: u64, id: &str, pressed: bool) -> Result<(), String> {
        let part = self.part(id)?.clone();
        if !part.kind.contains("pushbutton") {
            return Err(format!("{id} is a {}, not a pushbutton", part.kind));
        }
        let bounce = part.attr("bounce") != Some("0");
        let mut hw = self.hw.borrow_mut();
        let mut wired = false;
        for (side, other) in [("1", "2"), ("2", "1")] {
            if let Some(g) = self.diagram.gpio_on(id, side) {
                wired = true;
                let level = match self.diagram.rail_on(id, other) {
                    Some(Rail::Ground) => Some(false),
                    Some(Rail::Supply) => Some(true),
                    None => None,
                };
                hw.drive(g, now, if pressed { level } else { None }, bounce);
            }
        }
        if wired {
            Ok(())
        } else {
            Err(format!("{id} is not wired to a GPIO in diagram.json"))
        }
    }
}

impl LabBoard for DiagramBoard {
    fn attach(&mut self, vm: &mut Vm) {
        vm.attach_board(Box::new(Shared(self.hw.clone())));
    }

    fn resolve(&self, pin: &PinRef) -> Result<u32, String> {
        match pin {
            PinRef::Gpio(n) => Ok(*n),
            PinRef::Part { part, pin: Some(p) } => {
                self.part(part)?;
                self.diagram
                    .gpio_on(part, p)
                    .ok_or_else(|| format!("{part}:{p} is not wired to a GPIO in diagram.json"))
            }
            PinRef::Part { part, pin: None } => {
                let kind = self.part(part)?.kind.clone();
                signal_pins(&kind)
                    .iter()
                    .find_map(|p| self.diagram.gpio_on(part, p))
                    .ok_or_else(|| format!("{part} is not wired to a GPIO in diagram.json"))
            }
        }
    }

    fn apply(&mut self, now: u64, input: &Input) -> Result<(), String> {
        match input {
            Input::Button { part, pressed } => self.press(now, part, *pressed),
            Input::Control {
                part,
                control,
                value,
            } => {
                let kind = self.part(part)?.kind.clone();
                let mut hw = self.hw.borrow_mut();
                match (kind.as_str(), control.as_str()) {
                    ("wokwi-potentiometer" | "wokwi-slide-potentiometer", "position" | "value") => {
                        let pos = if control == "value" {
                            value
                                / if kind == "wokwi-potentiometer" {
                                    1023.0
                                } else {
                                    100.0
                                }
                        } else {
                            *value
                        };
                        let g = self
                            .diagram
                            .gpio_on(part, "SIG")
                            .ok_or_else(|| format!("{part}:SIG is not wired to a GPIO"))?;
                        hw.analog.insert(g, pos.clamp(0.0, 1.0) * 3.3);
                        Ok(())
                    }
                    ("wokwi-dht22", "temperature" | "humidity") => {
                        let Some((_, _, dht)) = hw.dhts.iter_mut().find(|(id, _, _)| id == part)
                        else {
                            return Err(format!("{part} is not wired to a GPIO"));
                        };
                        if control == "temperature" {
                            dht.set_temperature(*value);
                        } else {
                            dht.set_humidity(*value);
                        }
                        Ok(())
                    }
                    _ => Err(format!(
                        "{part} ({kind}) has no control '{control}' the labs can set"
                    )),
                }
            }
            Input::Serial(_) => Ok(()),
        }
    }

    fn record(&mut self, now: u64, rec: &mut Recording) {
        let mut hw = self.hw.borrow_mut();
        for (gpio, t, level) in hw.level_log.drain(..) {
            let s = rec.levels.entry(gpio).or_default();
            s.push((t, level));
            if s.len() > 1 && s[s.len() - 2].0 > t {
                s.sort_by_key(|e| e.0);
            }
        }
        for (gpio, t, setting) in hw.pwm_log.drain(..) {
            rec.pwm.entry(gpio).or_default().push((t, setting));
        }
        for (id, t, angle) in hw.angle_log.drain(..) {
            let s = rec.angles.entry(id).or_default();
            if s.last().map(|l| l.1) != Some(angle) {
                s.push((t, angle));
            }
        }
        for (id, d) in &hw.displays {
            let series = rec.frames.entry(id.clone()).or_default();
            if d.commands() == 0 {
                continue;
            }
            let mut frame = Frame::blank(128, 64);
            for y in 0..64u32 {
                for x in 0..128u32 {
                    frame.pixels[(y * 128 + x) as usize] = d.pixel(x as usize, y as usize);
                }
            }
            if series.last().map(|l| &l.1) != Some(&frame) {
                series.push((now, frame));
            }
        }
        for (id, _, chain) in &hw.chains {
            let series = rec.pixels.entry(id.clone()).or_default();
            if chain.frames() == 0 {
                continue;
            }
            let colours: Vec<[u8; 3]> = chain.pixels().iter().map(|&(r, g, b)| [r, g, b]).collect();
            if series.last().map(|l| &l.1) != Some(&colours) {
                series.push((now, colours));
            }
        }
        for (id, _) in &hw.servos {
            rec.angles.entry(id.clone()).or_default();
        }
    }
}
