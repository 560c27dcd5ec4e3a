//! Why the chip last reset, as `machine.reset_cause()` reports it.
//!
//! The chip reports a SoC reset reason (ESP32-C3 TRM, "Reset and Clock", table "Reset sources";
//! esp-hal's `SocResetReason`). MicroPython folds those into five constants
//! (ports/esp32/modmachine.c, `mp_machine_reset_cause`); this is that folding, on the raw codes
//! so the host can test it.

/// `machine.PWRON_RESET` and friends, with MicroPython's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ResetCause {
    /// A reason MicroPython does not name (clock or power glitch, eFuse CRC error): 0.
    Unknown = 0,
    /// Power-on, brown-out, or the EN pin (also a host resetting the chip over USB).
    PowerOn = 1,
    /// `machine.reset()` or a panic: a software reset of the chip.
    Hard = 2,
    /// A watchdog fired.
    Watchdog = 3,
    /// The chip woke from deep sleep.
    DeepSleep = 4,
    /// A soft reboot (Ctrl-D): the chip did not reset, only the VM.
    Soft = 5,
}

impl ResetCause {
    /// The cause for an ESP32-C3 SoC reset reason code (RTC_CNTL_RESET_CAUSE_PROCPU).
    pub fn from_esp32c3_code(code: u8) -> ResetCause {
        match code {
            // Power-on (and EN), and brown-out, which the C3 also reports as 0x01 or 0x0F.
            0x01 | 0x0F => ResetCause::PowerOn,
            // The USB-Serial-JTAG resets the chip when the host asks (esptool, the page's
            // Flash panel): to the board that is the EN pin.
            0x15 | 0x16 => ResetCause::PowerOn,
            // RTC_CNTL_SW_SYS_RST (`esp_restart`, what `machine.reset()` does) and the CPU's own.
            0x03 | 0x0C => ResetCause::Hard,
            0x05 => ResetCause::DeepSleep,
            // Timer-group watchdogs 0 and 1, the RTC watchdog, the super watchdog.
            0x07 | 0x08 | 0x09 | 0x0B | 0x0D | 0x10 | 0x11 | 0x12 => ResetCause::Watchdog,
            _ => ResetCause::Unknown,
        }
    }

    /// The cause for a classic ESP32 reset reason code (RTC_CNTL_RESET_CAUSE_PROCPU; ESP32 TRM
    /// "Reset and Clock").
    pub fn from_esp32_code(code: u8) -> ResetCause {
        match code {
            0x01 | 0x0F => ResetCause::PowerOn,
            // Software system reset and software CPU reset.
            0x03 | 0x0C => ResetCause::Hard,
            0x05 => ResetCause::DeepSleep,
            // TG0/TG1 watchdogs, RTC watchdogs (core, CPU, core + RTC).
            0x07 | 0x08 | 0x09 | 0x0B | 0x0D | 0x10 => ResetCause::Watchdog,
            _ => ResetCause::Unknown,
        }
    }

    /// The value `machine.reset_cause()` returns.
    pub fn code(self) -> u8 {
        self as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c3_reasons_fold_as_micropython_folds_them() {
        assert_eq!(ResetCause::from_esp32c3_code(0x01).code(), 1);
        assert_eq!(ResetCause::from_esp32c3_code(0x0F), ResetCause::PowerOn);
        assert_eq!(ResetCause::from_esp32c3_code(0x15), ResetCause::PowerOn);
        assert_eq!(ResetCause::from_esp32c3_code(0x03).code(), 2);
        assert_eq!(ResetCause::from_esp32c3_code(0x07).code(), 3);
        assert_eq!(ResetCause::from_esp32c3_code(0x12), ResetCause::Watchdog);
        assert_eq!(ResetCause::from_esp32c3_code(0x05).code(), 4);
        assert_eq!(ResetCause::from_esp32c3_code(0x13).code(), 0);
        assert_eq!(ResetCause::from_esp32c3_code(0xFF), ResetCause::Unknown);
    }

    #[test]
    fn esp32_reasons_fold_too() {
        assert_eq!(ResetCause::from_esp32_code(0x01), ResetCause::PowerOn);
        assert_eq!(ResetCause::from_esp32_code(0x0C), ResetCause::Hard);
        assert_eq!(ResetCause::from_esp32_code(0x10), ResetCause::Watchdog);
        assert_eq!(ResetCause::from_esp32_code(0x05), ResetCause::DeepSleep);
        assert_eq!(ResetCause::from_esp32_code(0x00), ResetCause::Unknown);
    }
}
