//! The VM's HAL traits (`vm::hal::Board`, what `machine` drives) on the chip: board info,
//! reset, GPIO with edge detection, and pulse timing. The other peripherals (LEDC PWM, ADC,
//! I2C, SPI, UART1, RMT) answer `Unsupported` for now, which `machine` reports as an OSError.
//!
//! The VM attaches the board afresh after each soft reset, so the state (the pins, which the
//! board owns once) lives behind an `Rc<RefCell<_>>` and the VM gets a handle to it.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;

use esp_hal::gpio::{AnyPin, DriveMode, Flex, InputConfig, Level, OutputConfig};
use vm::hal::{
    Adc, Bitstream, BoardInfo, Chip, Dac, Dht, Edge, Gpio, HalError, I2c, OneWire, PinMode, Pull,
    Pulse, PulseResult, Pwm, ResetCause, Spi, System, Timed, Uart,
};

use crate::chip;

/// One GPIO the program may use, and what its edge detection is watching.
struct PinSlot {
    gpio: u32,
    flex: Flex<'static>,
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
    unique_id: [u8; 6],
    reset_cause: Option<ResetCause>,
}

impl EspBoard {
    /// A board with `pins` (GPIO number and pin) for `machine.Pin` and the buses.
    pub fn new(chip: Chip, pins: impl IntoIterator<Item = (u32, AnyPin<'static>)>) -> EspBoard {
        EspBoard {
            chip,
            pins: pins
                .into_iter()
                .map(|(gpio, pin)| PinSlot {
                    gpio,
                    flex: Flex::new(pin),
                    rising: false,
                    falling: false,
                    last: false,
                })
                .collect(),
            unique_id: chip::unique_id(),
            reset_cause: chip::reset_cause(),
        }
    }

    fn pin(&mut self, gpio: u32) -> Result<&mut PinSlot, HalError> {
        self.pins
            .iter_mut()
            .find(|p| p.gpio == gpio)
            .ok_or(HalError::InvalidPin)
    }
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
            let flex = &mut slot.flex;
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
            b.pin(pin)?.flex.set_level(Level::from(high));
            Ok(())
        })
    }

    fn pin_read(&mut self, _now_us: u64, pin: u32) -> Result<bool, HalError> {
        self.with(|b| Ok(b.pin(pin)?.flex.is_high()))
    }

    fn pin_set_irq(&mut self, pin: u32, rising: bool, falling: bool) -> Result<(), HalError> {
        self.with(|b| {
            let slot = b.pin(pin)?;
            slot.rising = rising;
            slot.falling = falling;
            slot.last = slot.flex.is_high();
            Ok(())
        })
    }

    // Edges are seen by comparing levels each time the VM looks (between its run slices,
    // well under a millisecond apart while code runs): enough for buttons and slow signals;
    // a pulse shorter than a slice can be missed.
    fn take_edges(&mut self, now_us: u64, out: &mut Vec<Edge>) {
        let _ = self.with(|b| {
            for slot in b.pins.iter_mut().filter(|s| s.rising || s.falling) {
                let level = slot.flex.is_high();
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
            let flex = &b.pin(pin)?.flex;
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

// Not wired to the chip yet: the defaults answer `Unsupported`.
impl Pwm for SharedBoard {}
impl Adc for SharedBoard {}
impl Dac for SharedBoard {}
impl I2c for SharedBoard {}
impl Spi for SharedBoard {}
impl Uart for SharedBoard {}
impl Bitstream for SharedBoard {}
impl Dht for SharedBoard {}
impl OneWire for SharedBoard {}
