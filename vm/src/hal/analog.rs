//! `Adc` and `Dac`: voltages in and out.

use super::HalError;

/// ADC input attenuation, as `machine.ADC.ATTN_*` numbers it (ESP-IDF's `adc_atten_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Atten {
    Db0 = 0,
    Db2_5 = 1,
    Db6 = 2,
    Db11 = 3,
}

impl Atten {
    /// The calibrated linear range in millivolts (ESP-IDF's documented ranges for the ESP32).
    pub fn range_mv(self) -> (u32, u32) {
        match self {
            Atten::Db0 => (100, 950),
            Atten::Db2_5 => (100, 1250),
            Atten::Db6 => (150, 1750),
            Atten::Db11 => (150, 2450),
        }
    }
}

/// Analog input. `machine.ADC` turns the voltage into raw readings for the chosen width.
pub trait Adc {
    /// The calibrated voltage at `pin` in microvolts, as the ADC sees it with `atten` (clamped
    /// to the attenuation's range, as a real reading saturates).
    fn adc_read_uv(&mut self, _now_us: u64, _pin: u32, _atten: Atten) -> Result<u32, HalError> {
        Err(HalError::Unsupported)
    }
}

/// Analog output (the ESP32's 8-bit DACs on GPIO25/26): 0..=255 maps to 0..3.3 V.
pub trait Dac {
    fn dac_write(&mut self, _now_us: u64, _pin: u32, _value: u8) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }
}
