//! The VM's HAL traits (`vm::hal::Board`, what `machine` drives) on the chip: board info,
//! reset, GPIO with edge detection, pulse timing, PWM on the LEDC's low-speed channels, I2C
//! (controller 0 for `I2C` and `SoftI2C` alike), SPI (SPI2, the C3's general-purpose SPI, for
//! every bus) and `bitstream` (NeoPixel) on RMT channel 0. The other peripherals (ADC, UART1)
//! answer `Unsupported` for now, which `machine` reports as an OSError.
//!
//! The VM attaches the board afresh after each soft reset, so the state (the pins, which the
//! board owns once) lives behind an `Rc<RefCell<_>>` and the VM gets a handle to it.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;

use esp_hal::gpio::interconnect::OutputSignal;
use esp_hal::gpio::{AnyPin, DriveMode, Flex, InputConfig, Level, OutputConfig};
use esp_hal::i2c::master::{self as i2c, Operation};
use esp_hal::ledc::channel::{self, ChannelHW, ChannelIFace};
use esp_hal::ledc::timer::{self, TimerIFace};
use esp_hal::ledc::{LSGlobalClkSource, Ledc, LowSpeed};
use esp_hal::peripherals::{I2C0, LEDC, RMT, SPI2};
use esp_hal::rmt::{PulseCode, Rmt, TxChannelConfig, TxChannelCreator};
use esp_hal::spi::master::{self as spi, Spi as SpiDriver};
use esp_hal::spi::{BitOrder, Mode};
use esp_hal::time::Rate;
use vm::hal::{
    Adc, Bitstream, BoardInfo, Chip, Dac, Dht, Edge, Gpio, HalError, I2c, I2cBus, OneWire, PinMode,
    Pull, Pulse, PulseResult, Pwm, ResetCause, Spi, SpiBus, System, Timed, Uart,
};

use crate::chip;
use crate::ledc::{self as plan, LedcPlan};

/// LEDC low-speed channels and timers: 6 and 4 on the C3, 8 and 4 on the ESP32 (whose
/// high-speed half is not used).
#[cfg(feature = "esp32c3")]
type Plan = LedcPlan<6, 4>;
#[cfg(not(feature = "esp32c3"))]
type Plan = LedcPlan<8, 4>;

/// One GPIO the program may use, and what its edge detection is watching.
struct PinSlot {
    gpio: u32,
    /// The pin as a GPIO; None while it is lent to a bus driver (or was, last).
    flex: Option<Flex<'static>>,
    /// Record rising / falling edges for `take_edges`.
    rising: bool,
    falling: bool,
    /// The level at the last look, to see edges by comparing.
    last: bool,
}

/// The board's state: the pins handed to `machine` (the console's and the flash's are not
/// among them) and the chip's identity.
pub struct EspBoard {
    chip: Chip,
    pins: Vec<PinSlot>,
    i2c: Option<I2C0<'static>>,
    ledc: LEDC<'static>,
    pwm: Plan,
    rmt: RMT<'static>,
    spi: SPI2<'static>,
    /// A write that ended without a stop (`writeto(..., stop=False)`, the register address of
    /// `readfrom_mem`): sent with the next transfer, after a repeated start, as one
    /// transaction.
    pending: Option<(u8, Vec<u8>)>,
    unique_id: [u8; 6],
    reset_cause: Option<ResetCause>,
}

impl EspBoard {
    /// A board with `pins` (GPIO number and pin) for `machine.Pin` and the buses, and the
    /// peripherals `machine` drives.
    pub fn new(
        chip: Chip,
        pins: impl IntoIterator<Item = (u32, AnyPin<'static>)>,
        (i2c, ledc, rmt, spi): (I2C0<'static>, LEDC<'static>, RMT<'static>, SPI2<'static>),
    ) -> EspBoard {
        EspBoard {
            chip,
            i2c: Some(i2c),
            ledc,
            rmt,
            spi,
            pwm: Plan::default(),
            pending: None,
            pins: pins
                .into_iter()
                .map(|(gpio, pin)| PinSlot {
                    gpio,
                    flex: Some(Flex::new(pin)),
                    rising: false,
                    falling: false,
                    last: false,
                })
                .collect(),
            unique_id: chip::unique_id(),
            reset_cause: chip::reset_cause(),
        }
    }

    fn slot(&mut self, gpio: u32) -> Result<&mut PinSlot, HalError> {
        self.pins
            .iter_mut()
            .find(|p| p.gpio == gpio)
            .ok_or(HalError::InvalidPin)
    }

    /// The pin as a GPIO, taken back from the bus it was lent to if need be.
    fn pin(&mut self, gpio: u32) -> Result<&mut PinSlot, HalError> {
        let slot = self.slot(gpio)?;
        if slot.flex.is_none() {
            // Flex::new resets the pin to a plain GPIO, as MicroPython's Pin() does.
            slot.flex = Some(Flex::new(steal(gpio)?));
        }
        Ok(slot)
    }

    /// Lends the pin to a bus driver for one transfer: its GPIO driver is dropped first.
    fn lend(&mut self, gpio: u32) -> Result<AnyPin<'static>, HalError> {
        let slot = self.slot(gpio)?;
        slot.flex = None;
        slot.rising = false;
        slot.falling = false;
        steal(gpio)
    }

    /// Starts (or changes) the square wave on `pin`: its channel and timer from the plan, the
    /// timer configured for the frequency, the channel's output routed to the pin.
    fn pwm_start(
        &mut self,
        pin: u32,
        freq_hz: u32,
        duty: u32,
        invert: bool,
    ) -> Result<(), HalError> {
        let bits = plan::duty_bits(freq_hz).ok_or(HalError::InvalidConfig)?;
        let resolution =
            timer::config::Duty::try_from(bits).map_err(|_| HalError::InvalidConfig)?;
        let output = OutputSignal::from(self.lend(pin)?).with_output_inverter(invert);
        let at = self.pwm.assign(pin, freq_hz)?;
        let mut ledc = Ledc::new(self.ledc.reborrow());
        ledc.set_global_slow_clock(LSGlobalClkSource::APBClk);
        let mut timer = ledc.timer::<LowSpeed>(timer_number(at.timer)?);
        // Configured every time: the channel reads its resolution from this timer object.
        // Reconfiguring restarts the timer, which shifts the phase of channels sharing it.
        timer
            .configure(timer::config::Config {
                duty: resolution,
                clock_source: timer::LSClockSource::APBClk,
                frequency: Rate::from_hz(freq_hz),
            })
            .map_err(|_| HalError::InvalidConfig)?;
        let mut channel = ledc.channel(channel_number(at.channel)?, output);
        channel
            .configure(channel::config::Config {
                timer: &timer,
                duty_pct: 0,
                drive_mode: DriveMode::PushPull,
            })
            .map_err(|_| HalError::InvalidConfig)?;
        channel.set_duty_hw(plan::duty_ticks(duty, bits));
        // Dropping the drivers leaves the LEDC running: its state is in the registers.
        Ok(())
    }

    /// Stops the wave on `pin` and gives the pin back to GPIO control, driven low.
    fn pwm_stop(&mut self, pin: u32) -> Result<(), HalError> {
        self.pwm.release(pin);
        let slot = self.slot(pin)?;
        slot.flex = None;
        let flex = self.pin(pin)?.flex.as_mut().ok_or(HalError::Io)?;
        flex.set_low();
        flex.set_output_enable(true);
        Ok(())
    }

    /// `machine.bitstream`: the bits as RMT pulse codes at 12.5 ns a tick, sent on channel 0
    /// (the driver refills the channel's RAM as it goes, so any length works), then the pin is
    /// a GPIO output again, held low (the WS2812's latch).
    fn bitstream(&mut self, pin: u32, timing_ns: [u32; 4], bytes: &[u8]) -> Result<u64, HalError> {
        // 80 MHz: a tick is 12.5 ns, so ticks = ns * 80 / 1000.
        let ticks =
            |ns: u32| (u64::from(ns) * 80 / 1000).clamp(1, u64::from(PulseCode::MAX_LEN)) as u16;
        let [t0h, t0l, t1h, t1l] = timing_ns.map(ticks);
        let mut codes = Vec::new();
        codes
            .try_reserve_exact(bytes.len() * 8 + 1)
            .map_err(|_| HalError::InvalidConfig)?;
        for byte in bytes {
            for bit in (0..8).rev() {
                let (high, low) = if byte >> bit & 1 == 1 {
                    (t1h, t1l)
                } else {
                    (t0h, t0l)
                };
                codes.push(PulseCode::new(Level::High, high, Level::Low, low));
            }
        }
        codes.push(PulseCode::end_marker());
        let output = self.lend(pin)?;
        let start = chip::now_us();
        let rmt = Rmt::new(self.rmt.reborrow(), Rate::from_mhz(80))
            .map_err(|_| HalError::InvalidConfig)?;
        let config = TxChannelConfig::default()
            .with_clk_divider(1)
            .with_idle_output_level(Level::Low)
            .with_idle_output(true);
        let channel = rmt
            .channel0
            .configure_tx(&config)
            .map_err(|_| HalError::InvalidConfig)?
            .with_pin(output);
        let sent = channel
            .transmit(&codes)
            .map_err(|(_, _)| HalError::Io)?
            .wait()
            .map(|_| ())
            .map_err(|(_, _)| HalError::Io);
        let took = chip::now_us() - start;
        let flex = self.pin(pin)?.flex.as_mut().ok_or(HalError::Io)?;
        flex.set_low();
        flex.set_output_enable(true);
        sent.map(|_| took)
    }

    /// One full-duplex SPI transfer on SPI2 with the bus's pins, mode, speed and bit order:
    /// `write` goes out while `read` fills.
    fn spi_transfer(
        &mut self,
        bus: &SpiBus,
        write: &[u8],
        read: &mut [u8],
    ) -> Result<(), HalError> {
        if bus.bits != 8 {
            return Err(HalError::InvalidConfig);
        }
        let mode = match (bus.polarity, bus.phase) {
            (0, 0) => Mode::_0,
            (0, _) => Mode::_1,
            (_, 0) => Mode::_2,
            _ => Mode::_3,
        };
        let order = if bus.lsb_first {
            BitOrder::LsbFirst
        } else {
            BitOrder::MsbFirst
        };
        let config = spi::Config::default()
            .with_frequency(Rate::from_hz(bus.baudrate))
            .with_mode(mode)
            .with_read_bit_order(order)
            .with_write_bit_order(order);
        let sck = self.lend(bus.sck)?;
        let mosi = bus.mosi.map(|p| self.lend(p)).transpose()?;
        let miso = bus.miso.map(|p| self.lend(p)).transpose()?;
        let mut driver = SpiDriver::new(self.spi.reborrow(), config)
            .map_err(|_| HalError::InvalidConfig)?
            .with_sck(sck);
        if let Some(mosi) = mosi {
            driver = driver.with_mosi(mosi);
        }
        if let Some(miso) = miso {
            driver = driver.with_miso(miso);
        }
        // The driver transfers in place: what was sent is replaced by what came back.
        let buf = read.get_mut(..write.len()).ok_or(HalError::InvalidConfig)?;
        buf.copy_from_slice(write);
        driver.transfer(buf).map_err(|_| HalError::Io)
    }

    /// One I2C transaction on controller 0 with the bus's pins and speed, after any pending
    /// write.
    fn i2c_transaction(
        &mut self,
        bus: &I2cBus,
        addr: u8,
        last: Operation<'_>,
    ) -> Result<(), HalError> {
        let pending = self.pending.take();
        let sda = self.lend(bus.sda)?;
        let scl = self.lend(bus.scl)?;
        let controller = self.i2c.as_mut().ok_or(HalError::Unsupported)?;
        let config = i2c::Config::default().with_frequency(Rate::from_hz(bus.freq_hz));
        let mut driver = i2c::I2c::new(controller.reborrow(), config)
            .map_err(|_| HalError::InvalidConfig)?
            .with_sda(sda)
            .with_scl(scl);
        let result = match &pending {
            Some((to, bytes)) if *to == addr => {
                let mut ops = [Operation::Write(bytes), last];
                driver.transaction(addr, ops.iter_mut())
            }
            _ => {
                let mut ops = [last];
                driver.transaction(addr, ops.iter_mut())
            }
        };
        result.map_err(|e| match e {
            i2c::Error::AcknowledgeCheckFailed(_) => HalError::NoAck,
            i2c::Error::Timeout => HalError::Timeout,
            _ => HalError::Io,
        })
    }
}

fn timer_number(index: usize) -> Result<timer::Number, HalError> {
    Ok(match index {
        0 => timer::Number::Timer0,
        1 => timer::Number::Timer1,
        2 => timer::Number::Timer2,
        3 => timer::Number::Timer3,
        _ => return Err(HalError::InvalidConfig),
    })
}

fn channel_number(index: usize) -> Result<channel::Number, HalError> {
    Ok(match index {
        0 => channel::Number::Channel0,
        1 => channel::Number::Channel1,
        2 => channel::Number::Channel2,
        3 => channel::Number::Channel3,
        4 => channel::Number::Channel4,
        5 => channel::Number::Channel5,
        #[cfg(not(feature = "esp32c3"))]
        6 => channel::Number::Channel6,
        #[cfg(not(feature = "esp32c3"))]
        7 => channel::Number::Channel7,
        _ => return Err(HalError::InvalidConfig),
    })
}

/// The pin numbered `gpio`, made anew.
#[allow(
    unsafe_code,
    reason = "esp-hal's only way from a GPIO number to its pin; the board owns every pin it \
              steals (they were handed to EspBoard::new) and drops the previous driver first"
)]
fn steal(gpio: u32) -> Result<AnyPin<'static>, HalError> {
    let gpio = u8::try_from(gpio).map_err(|_| HalError::InvalidPin)?;
    // SAFETY: see the reason above; `lend` and `pin` drop the pin's other driver first.
    Ok(unsafe { AnyPin::steal(gpio) })
}

/// The board shared between the firmware and each VM it powers on.
#[derive(Clone)]
pub struct SharedBoard(Rc<RefCell<EspBoard>>);

impl SharedBoard {
    pub fn new(board: EspBoard) -> SharedBoard {
        SharedBoard(Rc::new(RefCell::new(board)))
    }

    /// The HAL object to give a VM (`vm.attach_board(shared.hal())`).
    pub fn hal(&self) -> Box<dyn vm::hal::Board> {
        Box::new(self.clone())
    }

    fn with<T>(&self, f: impl FnOnce(&mut EspBoard) -> Result<T, HalError>) -> Result<T, HalError> {
        // Single-threaded: the board is never borrowed twice, but say so rather than panic.
        let mut board = self.0.try_borrow_mut().map_err(|_| HalError::Io)?;
        f(&mut board)
    }
}

impl BoardInfo for SharedBoard {
    fn chip(&self) -> Chip {
        self.0.try_borrow().map_or(Chip::Esp32C3, |b| b.chip)
    }

    fn unique_id(&self) -> [u8; 6] {
        self.0.try_borrow().map_or([0; 6], |b| b.unique_id)
    }

    fn reset_cause(&self) -> ResetCause {
        // The VM's enum has no "unknown"; a glitch or eFuse reset started the chip afresh.
        self.0
            .try_borrow()
            .ok()
            .and_then(|b| b.reset_cause)
            .unwrap_or(ResetCause::PowerOn)
    }
}

impl System for SharedBoard {
    fn reset(&mut self, _now_us: u64) -> Result<(), HalError> {
        esp_hal::system::software_reset()
    }
}

impl Gpio for SharedBoard {
    fn pin_configure(
        &mut self,
        _now_us: u64,
        pin: u32,
        mode: PinMode,
        pull: Pull,
    ) -> Result<(), HalError> {
        let pull = match pull {
            Pull::None => esp_hal::gpio::Pull::None,
            Pull::Up => esp_hal::gpio::Pull::Up,
            Pull::Down => esp_hal::gpio::Pull::Down,
        };
        self.with(|b| {
            let slot = b.pin(pin)?;
            let flex = slot.flex.as_mut().ok_or(HalError::Io)?;
            match mode {
                PinMode::Input => {
                    flex.set_output_enable(false);
                    flex.apply_input_config(&InputConfig::default().with_pull(pull));
                }
                PinMode::Output | PinMode::OpenDrain => {
                    let drive = if mode == PinMode::Output {
                        DriveMode::PushPull
                    } else {
                        DriveMode::OpenDrain
                    };
                    flex.apply_output_config(
                        &OutputConfig::default()
                            .with_drive_mode(drive)
                            .with_pull(pull),
                    );
                    flex.set_output_enable(true);
                }
            }
            // MicroPython's Pin.OUT reads back the level: the input stays enabled in every mode.
            flex.set_input_enable(true);
            slot.last = flex.is_high();
            Ok(())
        })
    }

    fn pin_write(&mut self, _now_us: u64, pin: u32, high: bool) -> Result<(), HalError> {
        self.with(|b| {
            let slot = b.pin(pin)?;
            slot.flex
                .as_mut()
                .ok_or(HalError::Io)?
                .set_level(Level::from(high));
            Ok(())
        })
    }

    fn pin_read(&mut self, _now_us: u64, pin: u32) -> Result<bool, HalError> {
        self.with(|b| is_high(b.pin(pin)?))
    }

    fn pin_set_irq(&mut self, pin: u32, rising: bool, falling: bool) -> Result<(), HalError> {
        self.with(|b| {
            let slot = b.pin(pin)?;
            slot.rising = rising;
            slot.falling = falling;
            slot.last = is_high(slot)?;
            Ok(())
        })
    }

    // Edges are seen by comparing levels each time the VM looks (between its run slices,
    // well under a millisecond apart while code runs): enough for buttons and slow signals;
    // a pulse shorter than a slice can be missed.
    fn take_edges(&mut self, now_us: u64, out: &mut Vec<Edge>) {
        let _ = self.with(|b| {
            for slot in b.pins.iter_mut().filter(|s| s.rising || s.falling) {
                let Ok(level) = is_high(slot) else {
                    continue;
                };
                if level != slot.last {
                    slot.last = level;
                    if (level && slot.rising) || (!level && slot.falling) {
                        out.push(Edge {
                            pin: slot.gpio,
                            rising: level,
                            at_us: now_us,
                        });
                    }
                }
            }
            Ok(())
        });
    }
}

impl Pulse for SharedBoard {
    fn pulse_in(
        &mut self,
        _now_us: u64,
        pin: u32,
        level: bool,
        timeout_us: u32,
    ) -> Result<Timed<PulseResult>, HalError> {
        self.with(|b| {
            let flex = b.pin(pin)?.flex.as_ref().ok_or(HalError::Io)?;
            let start = chip::now_us();
            let timeout = u64::from(timeout_us);
            // machine_pulse.c: wait for the level, then time it, each with the timeout.
            while flex.is_high() != level {
                if chip::now_us() - start >= timeout {
                    return Ok((PulseResult::NoStart, chip::now_us() - start));
                }
            }
            let rise = chip::now_us();
            while flex.is_high() == level {
                if chip::now_us() - rise >= timeout {
                    return Ok((PulseResult::TooLong, chip::now_us() - start));
                }
            }
            let width = chip::now_us() - rise;
            let width = u32::try_from(width).unwrap_or(u32::MAX);
            Ok((PulseResult::Width(width), chip::now_us() - start))
        })
    }
}

fn is_high(slot: &PinSlot) -> Result<bool, HalError> {
    slot.flex.as_ref().map(Flex::is_high).ok_or(HalError::Io)
}

impl I2c for SharedBoard {
    fn i2c_write(
        &mut self,
        _now_us: u64,
        bus: &I2cBus,
        addr: u8,
        bytes: &[u8],
        stop: bool,
    ) -> Result<usize, HalError> {
        self.with(|b| {
            if !stop {
                // Held until the transfer that ends with a stop; writes in a row add up, as
                // `writevto` sends its buffers as one.
                match &mut b.pending {
                    Some((to, held)) if *to == addr => held.extend_from_slice(bytes),
                    _ => b.pending = Some((addr, bytes.to_vec())),
                }
                return Ok(bytes.len());
            }
            b.i2c_transaction(bus, addr, Operation::Write(bytes))?;
            Ok(bytes.len())
        })
    }

    fn i2c_read(
        &mut self,
        _now_us: u64,
        bus: &I2cBus,
        addr: u8,
        buf: &mut [u8],
        _stop: bool,
    ) -> Result<(), HalError> {
        // esp-hal ends every transaction with a stop; a read without one is rare (MicroPython's
        // readfrom(stop=False)) and gets one.
        self.with(|b| b.i2c_transaction(bus, addr, Operation::Read(buf)))
    }
}

impl Pwm for SharedBoard {
    fn pwm_start(
        &mut self,
        _now_us: u64,
        pin: u32,
        freq_hz: u32,
        duty: u32,
        invert: bool,
    ) -> Result<(), HalError> {
        self.with(|b| b.pwm_start(pin, freq_hz, duty, invert))
    }

    fn pwm_stop(&mut self, _now_us: u64, pin: u32) -> Result<(), HalError> {
        self.with(|b| b.pwm_stop(pin))
    }
}

impl Bitstream for SharedBoard {
    fn bitstream(
        &mut self,
        _now_us: u64,
        pin: u32,
        timing_ns: [u32; 4],
        bytes: &[u8],
    ) -> Result<Timed<()>, HalError> {
        self.with(|b| Ok(((), b.bitstream(pin, timing_ns, bytes)?)))
    }
}

// Not wired to the chip yet: the defaults answer `Unsupported`.
impl Adc for SharedBoard {}
impl Dac for SharedBoard {}
impl Spi for SharedBoard {
    fn spi_transfer(
        &mut self,
        _now_us: u64,
        bus: &SpiBus,
        write: &[u8],
        read: &mut [u8],
    ) -> Result<(), HalError> {
        self.with(|b| b.spi_transfer(bus, write, read))
    }
}
impl Uart for SharedBoard {}
impl Dht for SharedBoard {}
impl OneWire for SharedBoard {}
