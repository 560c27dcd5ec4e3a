//! Why the chip last reset, as `machine.reset_cause()` reports it.
//!
//! The chip reports a SoC reset reason (ESP32-C3 TRM, "Reset and Clock", table "Reset sources";
//! esp-hal's `SocResetReason`). MicroPython folds those into its constants
//! (ports/esp32/modmachine.c, `mp_machine_reset_cause`); this is that folding, on the raw codes
//! so the host can test it. `None` is a reason MicroPython does not name (it returns 0).

use vm::hal::ResetCause;

/// The cause for an ESP32-C3 SoC reset reason code (RTC_CNTL_RESET_CAUSE_PROCPU).
pub fn from_esp32c3_code(code: u8) -> Option<ResetCause> {
    match code {
        // Power-on (and the EN pin), brown-out.
        0x01 | 0x0F => Some(ResetCause::PowerOn),
        // The USB-Serial-JTAG resets the chip when the host asks (esptool, the page's Flash
        // panel): to the board that is the EN pin.
        0x15 | 0x16 => Some(ResetCause::PowerOn),
        // RTC_CNTL_SW_SYS_RST (`esp_restart`, what `machine.reset()` does) and the CPU's own.
        0x03 | 0x0C => Some(ResetCause::Hard),
        0x05 => Some(ResetCause::DeepSleep),
        // Timer-group watchdogs 0 and 1, the RTC watchdog, the super watchdog.
        0x07 | 0x08 | 0x09 | 0x0B | 0x0D | 0x10 | 0x11 | 0x12 => Some(ResetCause::Watchdog),
        _ => None,
    }
}

/// The cause for a classic ESP32 reset reason code (RTC_CNTL_RESET_CAUSE_PROCPU; ESP32 TRM
/// "Reset and Clock").
pub fn from_esp32_code(code: u8) -> Option<ResetCause> {
    match code {
        0x01 | 0x0F => Some(ResetCause::PowerOn),
        // Software system reset and software CPU reset.
        0x03 | 0x0C => Some(ResetCause::Hard),
        0x05 => Some(ResetCause::DeepSleep),
        // TG0/TG1 watchdogs, RTC watchdogs (core, CPU, core + RTC).
        0x07 | 0x08 | 0x09 | 0x0B | 0x0D | 0x10 => Some(ResetCause::Watchdog),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c3_reasons_fold_as_micropython_folds_them() {
        assert_eq!(from_esp32c3_code(0x01), Some(ResetCause::PowerOn));
        assert_eq!(from_esp32c3_code(0x0F), Some(ResetCause::PowerOn));
        assert_eq!(from_esp32c3_code(0x15), Some(ResetCause::PowerOn));
        assert_eq!(from_esp32c3_code(0x03), Some(ResetCause::Hard));
        assert_eq!(from_esp32c3_code(0x07), Some(ResetCause::Watchdog));
        assert_eq!(from_esp32c3_code(0x12), Some(ResetCause::Watchdog));
        assert_eq!(from_esp32c3_code(0x05), Some(ResetCause::DeepSleep));
        assert_eq!(from_esp32c3_code(0x13), None);
        assert_eq!(from_esp32c3_code(0xFF), None);
    }

    #[test]
    fn esp32_reasons_fold_too() {
        assert_eq!(from_esp32_code(0x01), Some(ResetCause::PowerOn));
        assert_eq!(from_esp32_code(0x0C), Some(ResetCause::Hard));
        assert_eq!(from_esp32_code(0x10), Some(ResetCause::Watchdog));
        assert_eq!(from_esp32_code(0x05), Some(ResetCause::DeepSleep));
        assert_eq!(from_esp32_code(0x00), None);
    }
}
