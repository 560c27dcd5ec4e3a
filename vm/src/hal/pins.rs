//! The board description both HALs share: which GPIOs exist on each chip and what each can do,
//! so the simulator and a real chip reject the same mistakes with the same error. From the
//! ESP32 and ESP32-C3 technical reference manuals' IO_MUX tables and MicroPython's
//! ports/esp32/machine_pin.c, machine_adc.c, machine_dac.c, machine_touchpad.c.

use super::board_info::Chip;

/// What one GPIO can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PinCaps {
    /// It can drive its level (false for the ESP32's input-only GPIO34-39).
    pub output: bool,
    /// It has internal pull-up/pull-down resistors.
    pub pull: bool,
    /// It is wired to the SPI flash: `Pin()` accepts it, but using it crashes a real board.
    pub flash: bool,
    /// ADC unit (1 or 2) and channel.
    pub adc: Option<(u8, u8)>,
    /// DAC channel (1 or 2, ESP32 only).
    pub dac: Option<u8>,
    /// Touch pad number (ESP32 only).
    pub touch: Option<u8>,
}

const fn io(output: bool) -> PinCaps {
    PinCaps {
        output,
        pull: output,
        flash: false,
        adc: None,
        dac: None,
        touch: None,
    }
}

/// The capabilities of `gpio` on `chip`, or None when the chip has no such GPIO.
pub fn pin_caps(chip: Chip, gpio: u32) -> Option<PinCaps> {
    match chip {
        Chip::Esp32 => esp32(gpio),
        Chip::Esp32C3 => esp32c3(gpio),
    }
}

fn esp32(gpio: u32) -> Option<PinCaps> {
    let mut caps = match gpio {
        0..=23 | 25..=27 | 32..=33 => io(true),
        34..=39 => io(false),
        _ => return None,
    };
    caps.flash = (6..=11).contains(&gpio);
    caps.adc = match gpio {
        36 => Some((1, 0)),
        37 => Some((1, 1)),
        38 => Some((1, 2)),
        39 => Some((1, 3)),
        32 => Some((1, 4)),
        33 => Some((1, 5)),
        34 => Some((1, 6)),
        35 => Some((1, 7)),
        4 => Some((2, 0)),
        0 => Some((2, 1)),
        2 => Some((2, 2)),
        15 => Some((2, 3)),
        13 => Some((2, 4)),
        12 => Some((2, 5)),
        14 => Some((2, 6)),
        27 => Some((2, 7)),
        25 => Some((2, 8)),
        26 => Some((2, 9)),
        _ => None,
    };
    caps.dac = match gpio {
        25 => Some(1),
        26 => Some(2),
        _ => None,
    };
    caps.touch = match gpio {
        4 => Some(0),
        0 => Some(1),
        2 => Some(2),
        15 => Some(3),
        13 => Some(4),
        12 => Some(5),
        14 => Some(6),
        27 => Some(7),
        33 => Some(8),
        32 => Some(9),
        _ => None,
    };
    Some(caps)
}

fn esp32c3(gpio: u32) -> Option<PinCaps> {
    if gpio > 21 {
        return None;
    }
    let mut caps = io(true);
    caps.flash = (12..=17).contains(&gpio);
    caps.adc = match gpio {
        0..=4 => Some((1, gpio as u8)),
        5 => Some((2, 0)),
        _ => None,
    };
    Some(caps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esp32_rules() {
        assert!(pin_caps(Chip::Esp32, 24).is_none());
        assert!(pin_caps(Chip::Esp32, 40).is_none());
        let p34 = pin_caps(Chip::Esp32, 34).unwrap();
        assert!(!p34.output && !p34.pull && p34.adc == Some((1, 6)));
        assert_eq!(pin_caps(Chip::Esp32, 25).unwrap().dac, Some(1));
        assert!(pin_caps(Chip::Esp32, 2).unwrap().output);
        assert!(pin_caps(Chip::Esp32, 6).unwrap().flash);
        assert!(pin_caps(Chip::Esp32, 5).unwrap().adc.is_none());
    }

    #[test]
    fn c3_rules() {
        assert!(pin_caps(Chip::Esp32C3, 22).is_none());
        assert_eq!(pin_caps(Chip::Esp32C3, 3).unwrap().adc, Some((1, 3)));
        assert!(pin_caps(Chip::Esp32C3, 3).unwrap().dac.is_none());
    }
}
