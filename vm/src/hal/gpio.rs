//! `Gpio`: digital pins with pulls and edge interrupts, and `Pulse`, measuring a pulse on one
//! (`machine.time_pulse_us`).

use alloc::vec::Vec;

use super::{HalError, Timed};

/// How a pin is driven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinMode {
    /// Input only: the pin reads the outside world.
    Input,
    /// Push-pull output with its input still enabled, so a read returns the driven level
    /// (MicroPython's `Pin.OUT` on the ESP32 is input+output).
    Output,
    /// Drives low for 0, floats for 1 (`Pin.OPEN_DRAIN`); reads the line.
    OpenDrain,
}

/// The internal resistor on a pin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pull {
    None,
    Up,
    Down,
}

/// A level change seen on a pin whose edge interrupt is enabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub pin: u32,
    /// True for low-to-high.
    pub rising: bool,
    /// When it happened, in virtual microseconds.
    pub at_us: u64,
}

/// Digital I/O. Pin numbers are GPIO numbers; callers (`machine`) have already checked them
/// against [`super::BoardInfo::pin_caps`], but a board still answers `InvalidPin` for a pin it
/// cannot use rather than panicking.
pub trait Gpio {
    /// Sets the mode and pull of `pin` at `now_us`. The level driven by an output is the last
    /// one written (low if none).
    fn pin_configure(
        &mut self,
        _now_us: u64,
        _pin: u32,
        _mode: PinMode,
        _pull: Pull,
    ) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }

    /// Sets the output latch of `pin`; it shows on the pin while it is an output.
    fn pin_write(&mut self, _now_us: u64, _pin: u32, _high: bool) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }

    /// The level on `pin` at `now_us`.
    fn pin_read(&mut self, _now_us: u64, _pin: u32) -> Result<bool, HalError> {
        Err(HalError::Unsupported)
    }

    /// Which edges of `pin` to record for [`Gpio::take_edges`] (both false: none).
    fn pin_set_irq(&mut self, _pin: u32, _rising: bool, _falling: bool) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }

    /// Moves the recorded edges that happened at or before `now_us` into `out`, oldest first.
    fn take_edges(&mut self, _now_us: u64, _out: &mut Vec<Edge>) {}
}

/// What `time_pulse_us` saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PulseResult {
    /// The pulse lasted this many microseconds.
    Width(u32),
    /// The pin never reached the level within the timeout (`-2`).
    NoStart,
    /// The pulse started but outlasted the timeout (`-1`).
    TooLong,
}

/// Pulse measurement, as `machine.time_pulse_us(pin, level, timeout_us)` does it: wait (up to
/// `timeout_us`) for `pin` to be at `level`, then time how long it stays there (up to
/// `timeout_us` again). A pin already at `level` starts the pulse at once.
pub trait Pulse {
    fn pulse_in(
        &mut self,
        _now_us: u64,
        _pin: u32,
        _level: bool,
        _timeout_us: u32,
    ) -> Result<Timed<PulseResult>, HalError> {
        Err(HalError::Unsupported)
    }
}
