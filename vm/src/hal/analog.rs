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
    /// The voltage a raw reading of 4095 stands for, in millivolts: 1.1 V at 0 dB, 1.5 V at
    /// 2.5 dB, 2.2 V at 6 dB and the 3.3 V supply at 11 dB (Wokwi's ESP32 reads 3.3 V as 4095
    /// there, so programs written for it read the same numbers).
    pub fn full_scale_mv(self) -> u32 {
        match self {
            Atten::Db0 => 1100,
            Atten::Db2_5 => 1500,
            Atten::Db6 => 2200,
            Atten::Db11 => 3300,
        }
    }
}

/// Analog input. `machine.ADC` turns the voltage into raw readings for the chosen width.
pub trait Adc {
    /// The voltage at `pin` in microvolts, clamped to `atten`'s full scale as a real reading
    /// saturates. `machine.ADC` turns it into raw counts.
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
