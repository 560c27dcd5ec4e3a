//! `OneWire`: the Dallas 1-Wire bus primitives `_onewire` exposes. Each returns how long its
//! time slot took (reset ~960 µs, a bit ~70 µs).

use super::{HalError, Timed};

pub trait OneWire {
    /// Reset pulse; true when a device answered with a presence pulse.
    fn onewire_reset(&mut self, _now_us: u64, _pin: u32) -> Result<Timed<bool>, HalError> {
        Err(HalError::Unsupported)
    }

    /// Reads one bit slot.
    fn onewire_read_bit(&mut self, _now_us: u64, _pin: u32) -> Result<Timed<bool>, HalError> {
        Err(HalError::Unsupported)
    }

    /// Writes one bit slot.
    fn onewire_write_bit(
        &mut self,
        _now_us: u64,
        _pin: u32,
        _bit: bool,
    ) -> Result<Timed<()>, HalError> {
        Err(HalError::Unsupported)
    }

    /// Reads a byte, LSB first, from eight bit slots.
    fn onewire_read_byte(&mut self, now_us: u64, pin: u32) -> Result<Timed<u8>, HalError> {
        let (mut byte, mut took) = (0u8, 0u64);
        for i in 0..8 {
            let (bit, t) = self.onewire_read_bit(now_us.saturating_add(took), pin)?;
            took += t;
            byte |= u8::from(bit) << i;
        }
        Ok((byte, took))
    }

    /// Writes a byte, LSB first, as eight bit slots.
    fn onewire_write_byte(
        &mut self,
        now_us: u64,
        pin: u32,
        byte: u8,
    ) -> Result<Timed<()>, HalError> {
        let mut took = 0u64;
        for i in 0..8 {
            let ((), t) =
                self.onewire_write_bit(now_us.saturating_add(took), pin, (byte >> i) & 1 == 1)?;
            took += t;
        }
        Ok(((), took))
    }
}
