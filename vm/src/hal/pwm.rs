//! `Pwm`: the LEDC peripheral as `machine.PWM` uses it. `machine` allocates channels and timers
//! (and raises MicroPython's "out of PWM channels" errors); the board just drives the pin.

use super::HalError;

pub trait Pwm {
    /// Drives `pin` with a square wave of `freq_hz`, high for `duty / 65536` of each period
    /// (65536 = always high), inverted if `invert`. Called again to change either.
    fn pwm_start(
        &mut self,
        _now_us: u64,
        _pin: u32,
        _freq_hz: u32,
        _duty: u32,
        _invert: bool,
    ) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }

    /// Stops the wave; the pin goes back to GPIO control (driven low until written).
    fn pwm_stop(&mut self, _now_us: u64, _pin: u32) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }
}
