//! The VM's HAL traits on the simulated board. The VM holds a [`SharedBoard`] (the board
//! behind an `Rc<RefCell<_>>`, so the embedder keeps reading it); every call first brings the
//! board's own changes up to the VM's `now_us`. Buses are routed by net: a transfer reaches
//! the device models whose pins share the nets of the bus pins.

use std::cell::RefCell;
use std::rc::Rc;

use vm::hal::{
    Adc, Atten, Bitstream, BoardInfo, Chip, Dac, Dht, Edge, Gpio, HalError, I2c, I2cBus, OneWire,
    PinMode, Pull, Pulse, PulseResult, Pwm, ResetCause, Spi, SpiBus, System, Timed, Uart,
    UartConfig,
};

use super::parts::Kind;
use super::{SimBoard, THRESHOLD, TraceValue, UartState, VDD};
use crate::devices::{BitTiming, BitstreamTarget, DhtSensor, I2cTarget, OneWireDevice, SpiTarget};

/// The board shared between the VM and the embedder.
#[derive(Clone)]
pub struct SharedBoard(pub Rc<RefCell<SimBoard>>);

impl SharedBoard {
    /// The HAL object to give the VM (`vm.attach_board(shared.hal())`).
    pub fn hal(&self) -> Box<dyn vm::hal::Board> {
        Box::new(self.clone())
    }

    /// Runs `f` on the board (None if the board is already borrowed, which a single-threaded
    /// embedder never does).
    pub fn with<T>(&self, f: impl FnOnce(&mut SimBoard) -> T) -> Option<T> {
        self.0.try_borrow_mut().ok().map(|mut b| f(&mut b))
    }

    fn at<T>(
        &self,
        now: u64,
        f: impl FnOnce(&mut SimBoard) -> Result<T, HalError>,
    ) -> Result<T, HalError> {
        self.with(|b| {
            b.advance_to(now);
            f(b)
        })
        .unwrap_or(Err(HalError::Io))
    }
}

impl SimBoard {
    fn gpio_exists(&self, pin: u32) -> Result<(), HalError> {
        if vm::hal::pins::pin_caps(self.chip, pin).is_some() {
            Ok(())
        } else {
            Err(HalError::InvalidPin)
        }
    }

    /// Nets of the devices' pins named `names` (first that exists), per part.
    fn part_net(&self, pi: usize, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.pin_net((pi, n)))
    }

    /// The parts whose pin (one of `names`) shares `gpio`'s net.
    fn parts_on(&self, gpio: u32, names: &[&str]) -> Vec<usize> {
        let Some(&net) = self.gpio_net.get(&gpio) else {
            return Vec::new();
        };
        (0..self.parts.len())
            .filter(|pi| self.part_net(*pi, names) == Some(net))
            .collect()
    }

    fn i2c_targets(&self, bus: &I2cBus) -> Vec<usize> {
        let scl = self.parts_on(bus.scl, &["SCL", "CLK"]);
        self.parts_on(bus.sda, &["SDA", "DATA"])
            .into_iter()
            .filter(|p| scl.contains(p))
            .collect()
    }

    fn i2c_target(&mut self, bus: &I2cBus, addr: u8) -> Option<&mut dyn I2cTarget> {
        let found = self.i2c_targets(bus).into_iter().find(|pi| {
            match self.parts.get(*pi).map(|p| &p.kind) {
                Some(Kind::Ssd1306(d)) => d.address() == addr,
                Some(Kind::Lcd1602(d)) => d.address() == addr,
                Some(Kind::Mpu6050(d)) => d.address() == addr,
                _ => false,
            }
        })?;
        match self.parts.get_mut(found).map(|p| &mut p.kind) {
            Some(Kind::Ssd1306(d)) => Some(d.as_mut()),
            Some(Kind::Lcd1602(d)) => Some(d.as_mut()),
            Some(Kind::Mpu6050(d)) => Some(d.as_mut()),
            _ => None,
        }
    }

    fn uart_deliver(&mut self, now: u64, id: u32, bytes: &[u8]) {
        let Some(tx) = self.uarts.get(&id).and_then(|u| u.config.tx) else {
            return;
        };
        let Some(&tx_net) = self.gpio_net.get(&tx) else {
            return;
        };
        let char_us = self.uarts.get(&id).map_or(87, |u| u.config.char_time_us());
        let gpio_net = self.gpio_net.clone();
        for u in self.uarts.values_mut() {
            let on_net = u.config.rx.and_then(|rx| gpio_net.get(&rx)) == Some(&tx_net);
            if on_net {
                for (i, b) in bytes.iter().enumerate() {
                    u.rx.push_back((now + char_us * (i as u64 + 1), *b));
                }
            }
        }
    }
}

impl BoardInfo for SharedBoard {
    fn chip(&self) -> Chip {
        self.0.try_borrow().map_or(Chip::Esp32, |b| b.chip)
    }

    fn unique_id(&self) -> [u8; 6] {
        self.0.try_borrow().map_or([0; 6], |b| b.mac)
    }

    fn reset_cause(&self) -> ResetCause {
        self.0
            .try_borrow()
            .map_or(ResetCause::PowerOn, |b| b.reset_cause)
    }
}

impl System for SharedBoard {
    fn next_input_change_us(&mut self, _now_us: u64) -> Option<u64> {
        self.with(|b| b.next_change_us()).flatten()
    }

    fn set_cpu_freq(&mut self, _hz: u32) -> Result<(), HalError> {
        Ok(())
    }

    fn reset(&mut self, now_us: u64) -> Result<(), HalError> {
        self.reset_with_cause(now_us, ResetCause::Hard)
    }

    fn reset_with_cause(&mut self, now_us: u64, cause: ResetCause) -> Result<(), HalError> {
        self.at(now_us, |b| {
            b.resets += 1;
            b.reset_cause = cause;
            b.trace.push(now_us, "reset", TraceValue::Bit(true));
            Ok(())
        })
    }
}

impl Gpio for SharedBoard {
    fn pin_configure(
        &mut self,
        now: u64,
        pin: u32,
        mode: PinMode,
        pull: Pull,
    ) -> Result<(), HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            let s = b.gpios.entry(pin).or_default();
            s.mode = Some(mode);
            s.pull = Some(pull);
            s.dac = None;
            b.settle();
            Ok(())
        })
    }

    fn pin_write(&mut self, now: u64, pin: u32, high: bool) -> Result<(), HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            b.gpios.entry(pin).or_default().latch = high;
            b.settle();
            Ok(())
        })
    }

    fn pin_read(&mut self, now: u64, pin: u32) -> Result<bool, HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            Ok(b.gpio_level(pin))
        })
    }

    fn pin_set_irq(&mut self, pin: u32, rising: bool, falling: bool) -> Result<(), HalError> {
        self.with(|b| {
            b.gpio_exists(pin)?;
            let level = b.gpio_level(pin);
            let s = b.gpios.entry(pin).or_default();
            s.irq = (rising, falling);
            s.level.get_or_insert(level);
            Ok(())
        })
        .unwrap_or(Err(HalError::Io))
    }

    fn take_edges(&mut self, now: u64, out: &mut Vec<Edge>) {
        self.with(|b| {
            b.advance_to(now);
            out.append(&mut b.edges);
        });
    }
}

impl Pwm for SharedBoard {
    fn pwm_start(
        &mut self,
        now: u64,
        pin: u32,
        freq: u32,
        duty: u32,
        invert: bool,
    ) -> Result<(), HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            b.gpios.entry(pin).or_default().pwm = Some((freq, duty, invert));
            let frac = f64::from(duty.min(65536)) / 65536.0;
            b.trace
                .push(now, &format!("GPIO{}.duty", pin), TraceValue::Real(frac));
            b.settle();
            Ok(())
        })
    }

    fn pwm_stop(&mut self, now: u64, pin: u32) -> Result<(), HalError> {
        self.at(now, |b| {
            if let Some(s) = b.gpios.get_mut(&pin) {
                s.pwm = None;
                s.latch = false;
            }
            b.trace
                .push(now, &format!("GPIO{}.duty", pin), TraceValue::Real(0.0));
            b.settle();
            Ok(())
        })
    }
}

impl Adc for SharedBoard {
    fn adc_read_uv(&mut self, now: u64, pin: u32, atten: Atten) -> Result<u32, HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            let v = b
                .gpio_volts(pin)
                .clamp(0.0, f64::from(atten.full_scale_mv()) / 1000.0);
            Ok((v * 1e6).round() as u32)
        })
    }
}

impl Dac for SharedBoard {
    fn dac_write(&mut self, now: u64, pin: u32, value: u8) -> Result<(), HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            let v = f64::from(value) / 255.0 * VDD;
            b.gpios.entry(pin).or_default().dac = Some(v);
            b.trace
                .push(now, &format!("GPIO{}.dac", pin), TraceValue::Real(v));
            b.settle();
            Ok(())
        })
    }
}

impl Pulse for SharedBoard {
    fn pulse_in(
        &mut self,
        now: u64,
        pin: u32,
        level: bool,
        timeout_us: u32,
    ) -> Result<Timed<PulseResult>, HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            let timeout = u64::from(timeout_us);
            // Wait for the level: step through the board's own changes.
            let deadline = now + timeout;
            while b.gpio_level(pin) != level {
                match b.next_change_us() {
                    Some(t) if t <= deadline => b.advance_to(t),
                    _ => {
                        b.advance_to(deadline);
                        return Ok((PulseResult::NoStart, timeout));
                    }
                }
            }
            let start = b.now;
            let deadline = start + timeout;
            while b.gpio_level(pin) == level {
                match b.next_change_us() {
                    Some(t) if t <= deadline => b.advance_to(t),
                    _ => {
                        b.advance_to(deadline);
                        return Ok((PulseResult::TooLong, deadline - now));
                    }
                }
            }
            let width = b.now - start;
            Ok((PulseResult::Width(width as u32), b.now - now))
        })
    }
}

impl I2c for SharedBoard {
    fn i2c_write(
        &mut self,
        now: u64,
        bus: &I2cBus,
        addr: u8,
        bytes: &[u8],
        stop: bool,
    ) -> Result<usize, HalError> {
        self.at(now, |b| {
            let Some(t) = b.i2c_target(bus, addr) else {
                return Err(HalError::NoAck);
            };
            t.start(now, false);
            let ok = bytes.is_empty() || t.write(now, bytes);
            if stop {
                t.stop();
            }
            Ok(if ok { bytes.len() } else { 0 })
        })
    }

    fn i2c_read(
        &mut self,
        now: u64,
        bus: &I2cBus,
        addr: u8,
        buf: &mut [u8],
        stop: bool,
    ) -> Result<(), HalError> {
        self.at(now, |b| {
            let Some(t) = b.i2c_target(bus, addr) else {
                return Err(HalError::NoAck);
            };
            t.start(now, true);
            t.read(now, buf);
            if stop {
                t.stop();
            }
            Ok(())
        })
    }
}

impl Spi for SharedBoard {
    fn spi_transfer(
        &mut self,
        now: u64,
        bus: &SpiBus,
        write: &[u8],
        read: &mut [u8],
    ) -> Result<(), HalError> {
        self.at(now, |b| {
            let Some(mosi) = bus.mosi else {
                read.fill(0xFF);
                return Ok(());
            };
            let clk = b.parts_on(bus.sck, &["CLK", "SCK"]);
            let targets: Vec<usize> = b
                .parts_on(mosi, &["DATA", "MOSI", "DIN"])
                .into_iter()
                .filter(|p| clk.contains(p))
                .collect();
            read.fill(0xFF);
            for pi in targets {
                let mut g = b.groups();
                let drives = b.drives(&mut g);
                let level = |g: &mut super::Groups, name: &str| {
                    b.drive_of(g, &drives, b.pin_net((pi, name)))
                        .map(|d| d.volts >= THRESHOLD)
                };
                // Chip select is active low; an unwired CS counts as selected.
                if level(&mut g, "CS") == Some(true) {
                    continue;
                }
                let dc = level(&mut g, "DC").unwrap_or(true);
                if let Some(Kind::Ssd1306(d)) = b.parts.get_mut(pi).map(|p| &mut p.kind) {
                    let mut buf = write.to_vec();
                    d.select(now, true);
                    d.transfer(now, dc, &mut buf);
                    for (r, v) in read.iter_mut().zip(&buf) {
                        *r = *v;
                    }
                }
            }
            Ok(())
        })
    }
}

impl Uart for SharedBoard {
    fn uart_configure(&mut self, now: u64, config: &UartConfig) -> Result<(), HalError> {
        self.at(now, |b| {
            b.uarts.insert(
                config.id,
                UartState {
                    config: *config,
                    rx: Default::default(),
                },
            );
            Ok(())
        })
    }

    fn uart_write(&mut self, now: u64, id: u32, bytes: &[u8]) -> Result<usize, HalError> {
        self.at(now, |b| {
            b.uart_deliver(now, id, bytes);
            Ok(bytes.len())
        })
    }

    fn uart_read(&mut self, now: u64, id: u32, buf: &mut [u8]) -> Result<usize, HalError> {
        self.at(now, |b| {
            let Some(u) = b.uarts.get_mut(&id) else {
                return Ok(0);
            };
            let mut n = 0;
            for slot in buf.iter_mut() {
                match u.rx.front() {
                    Some(&(t, byte)) if t <= now => {
                        *slot = byte;
                        u.rx.pop_front();
                        n += 1;
                    }
                    _ => break,
                }
            }
            Ok(n)
        })
    }

    fn uart_any(&mut self, now: u64, id: u32) -> Result<usize, HalError> {
        self.at(now, |b| {
            Ok(b.uarts
                .get(&id)
                .map_or(0, |u| u.rx.iter().filter(|(t, _)| *t <= now).count()))
        })
    }
}

impl Bitstream for SharedBoard {
    fn bitstream(
        &mut self,
        now: u64,
        pin: u32,
        t: [u32; 4],
        bytes: &[u8],
    ) -> Result<Timed<()>, HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            let timing = BitTiming {
                t0h_ns: t[0],
                t0l_ns: t[1],
                t1h_ns: t[2],
                t1l_ns: t[3],
            };
            let took = timing.duration_ns(bytes).div_ceil(1000);
            // Down the chain: each part keeps its share and passes the rest on from DOUT.
            let mut net = b.gpio_net.get(&pin).copied();
            let mut rest: &[u8] = bytes;
            let mut seen = Vec::new();
            while let Some(n) = net {
                let Some(pi) = (0..b.parts.len())
                    .find(|pi| !seen.contains(pi) && b.part_net(*pi, &["DIN"]) == Some(n))
                else {
                    break;
                };
                seen.push(pi);
                let kept = match b.parts.get_mut(pi).map(|p| &mut p.kind) {
                    Some(Kind::Pixels(c)) => c.receive(now, timing, rest),
                    _ => 0,
                };
                rest = rest.get(kept..).unwrap_or_default();
                net = b.part_net(pi, &["DOUT"]);
            }
            if pin == 8
                && let Some(px) = b.onboard_pixel.as_mut()
            {
                px.receive(now, timing, bytes);
            }
            b.trace.push(
                now,
                &format!("GPIO{}.bitstream", pin),
                TraceValue::Real(bytes.len() as f64),
            );
            Ok(((), took))
        })
    }
}

impl Dht for SharedBoard {
    fn dht_readinto(
        &mut self,
        now: u64,
        pin: u32,
        buf: &mut [u8; 5],
    ) -> Result<Timed<()>, HalError> {
        self.at(now, |b| {
            b.gpio_exists(pin)?;
            for pi in b.parts_on(pin, &["SDA"]) {
                if let Some(Kind::Dht(d)) = b.parts.get_mut(pi).map(|p| &mut p.kind)
                    && let Some(frame) = d.frame(now)
                {
                    *buf = frame;
                    // Start signal, response, then 40 bits of ~50 + 26/70 µs.
                    return Ok(((), 18_000 + 160 + 40 * 100));
                }
            }
            Err(HalError::Timeout)
        })
    }
}

impl OneWire for SharedBoard {
    fn onewire_reset(&mut self, now: u64, pin: u32) -> Result<Timed<bool>, HalError> {
        self.at(now, |b| {
            let mut present = false;
            for pi in b.parts_on(pin, &["DQ"]) {
                if let Some(Kind::Ds18b20(d)) = b.parts.get_mut(pi).map(|p| &mut p.kind) {
                    present |= d.reset(now);
                }
            }
            Ok((present, 960))
        })
    }

    fn onewire_read_bit(&mut self, now: u64, pin: u32) -> Result<Timed<bool>, HalError> {
        self.at(now, |b| {
            let mut level = true;
            for pi in b.parts_on(pin, &["DQ"]) {
                if let Some(Kind::Ds18b20(d)) = b.parts.get_mut(pi).map(|p| &mut p.kind) {
                    level &= d.read_bit(now);
                }
            }
            Ok((level, 70))
        })
    }

    fn onewire_write_bit(&mut self, now: u64, pin: u32, bit: bool) -> Result<Timed<()>, HalError> {
        self.at(now, |b| {
            for pi in b.parts_on(pin, &["DQ"]) {
                if let Some(Kind::Ds18b20(d)) = b.parts.get_mut(pi).map(|p| &mut p.kind) {
                    d.write_bit(now, bit);
                }
            }
            Ok(((), 70))
        })
    }
}
