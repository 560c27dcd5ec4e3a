//! `BoardInfo`: which chip the board carries, its pins, its identity and why it last reset.

use super::pins::{PinCaps, pin_caps};

/// The chip on the board. It decides the pin map ([`super::pins`]) and counts of peripherals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Chip {
    /// The classic dual-core Xtensa ESP32 (DevKit v1, DevKitC v4).
    Esp32,
    /// The RISC-V ESP32-C3 (DevKitM-1).
    Esp32C3,
}

impl Chip {
    /// LEDC PWM channels and timers (ESP32: 16 and 8; C3: 6 and 4).
    pub fn pwm_channels_timers(self) -> (usize, usize) {
        match self {
            Chip::Esp32 => (16, 8),
            Chip::Esp32C3 => (6, 4),
        }
    }

    /// Hardware timers `machine.Timer` can use (ESP32: 4; C3: 2).
    pub fn hardware_timers(self) -> u32 {
        match self {
            Chip::Esp32 => 4,
            Chip::Esp32C3 => 2,
        }
    }
}

/// Why the chip last started, as `machine.reset_cause()` numbers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResetCause {
    /// Power-on, brown-out or the EN pin (`PWRON_RESET` = 1).
    PowerOn,
    /// `machine.reset()` or a panic (`HARD_RESET` = 2).
    Hard,
    /// The watchdog fired (`WDT_RESET` = 3).
    Watchdog,
    /// Woken from deep sleep (`DEEPSLEEP_RESET` = 4).
    DeepSleep,
    /// A soft reboot of the VM (`SOFT_RESET` = 5).
    Soft,
}

/// What the board is. Cheap, infallible queries.
pub trait BoardInfo {
    /// The chip; pin rules follow from it.
    fn chip(&self) -> Chip;

    /// What `gpio` can do, or None if it does not exist. Boards share the chip's table, so the
    /// simulator and a real chip agree.
    fn pin_caps(&self, gpio: u32) -> Option<PinCaps> {
        pin_caps(self.chip(), gpio)
    }

    /// `machine.unique_id()`: the 6-byte base MAC address.
    fn unique_id(&self) -> [u8; 6] {
        [0x24, 0x0a, 0xc4, 0x00, 0x01, 0x10]
    }

    /// Why the chip last started.
    fn reset_cause(&self) -> ResetCause {
        ResetCause::PowerOn
    }
}
