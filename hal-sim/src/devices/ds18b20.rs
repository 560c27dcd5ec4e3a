//! A DS18B20 1-Wire thermometer at the level of time slots: ROM commands (read, match, skip,
//! search), convert T with the resolution's conversion time, scratchpad read/write/copy/recall
//! with its CRC (Maxim DS18B20 datasheet, 19-7487 rev. 6).

use super::{OneWireDevice, crc8};

const FAMILY: u8 = 0x28;
/// The power-on value of the temperature register: +85 °C.
const POWER_ON_RAW: i16 = 0x0550;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// Not addressed since the last reset (or dropped out of a search): ignores the bus.
    Idle,
    /// Receiving the ROM command after a reset.
    RomCommand,
    /// Comparing the 64 ROM bits of MATCH ROM.
    MatchRom { bit: usize },
    /// SEARCH ROM: for each ROM bit, the bit, its complement, then the controller's choice.
    Search { bit: usize, slot: u8 },
    /// Receiving a function command.
    FunctionCommand,
    /// Sending bytes, LSB first; read slots past the end read 1.
    Sending { data: Vec<u8>, bit: usize },
    /// Receiving TH, TL and config for WRITE SCRATCHPAD.
    WritingScratchpad { data: Vec<u8> },
    /// CONVERT T in progress until this time; read slots read 0 until done.
    Converting,
}

#[derive(Clone, Debug)]
pub struct Ds18b20 {
    rom: [u8; 8],
    temperature_c: f64,
    /// Temperature register, TH, TL, config; the EEPROM copy of TH, TL, config.
    raw: i16,
    th: u8,
    tl: u8,
    config: u8,
    eeprom: [u8; 3],
    phase: Phase,
    /// Bits of the command byte being received.
    shift: u8,
    shift_bits: u8,
    convert_done_us: u64,
    conversions: u64,
}

impl Ds18b20 {
    /// A sensor with serial number `serial` (48 bits) reading `temperature_c`.
    pub fn new(serial: u64, temperature_c: f64) -> Ds18b20 {
        let mut rom = [0u8; 8];
        rom[0] = FAMILY;
        rom[1..7].copy_from_slice(&serial.to_le_bytes()[..6]);
        rom[7] = crc8(&rom[..7]);
        Ds18b20 {
            rom,
            temperature_c,
            raw: POWER_ON_RAW,
            th: 0x4B,
            tl: 0x46,
            config: 0x7F,
            eeprom: [0x4B, 0x46, 0x7F],
            phase: Phase::Idle,
            shift: 0,
            shift_bits: 0,
            convert_done_us: 0,
            conversions: 0,
        }
    }

    pub fn rom(&self) -> [u8; 8] {
        self.rom
    }

    pub fn set_temperature(&mut self, celsius: f64) {
        self.temperature_c = celsius;
    }

    pub fn temperature(&self) -> f64 {
        self.temperature_c
    }

    /// How many CONVERT T commands have finished.
    pub fn conversions(&self) -> u64 {
        self.conversions
    }

    /// 9..=12 bits, from the config register's R1 R0.
    fn resolution_bits(&self) -> u32 {
        9 + u32::from((self.config >> 5) & 3)
    }

    /// 93.75 ms at 9 bits, doubling to 750 ms at 12.
    fn conversion_us(&self) -> u64 {
        93_750 << (self.resolution_bits() - 9)
    }

    /// The scratchpad: temperature LSB, MSB, TH, TL, config, reserved (FF, 0C, 10), CRC.
    pub fn scratchpad(&self) -> [u8; 9] {
        let t = self.raw.to_le_bytes();
        let mut s = [
            t[0],
            t[1],
            self.th,
            self.tl,
            self.config,
            0xFF,
            0x0C,
            0x10,
            0,
        ];
        s[8] = crc8(&s[..8]);
        s
    }

    /// Finishes a conversion whose time has come.
    fn settle(&mut self, now_us: u64) {
        if self.phase == Phase::Converting && now_us >= self.convert_done_us {
            let t = self.temperature_c.clamp(-55.0, 125.0);
            // Sixteenths of a degree; lower resolutions leave their undefined bits at 0.
            let raw = (t * 16.0).round() as i16;
            let drop = 12 - self.resolution_bits();
            self.raw = (raw >> drop) << drop;
            self.conversions += 1;
            self.phase = Phase::FunctionCommand;
        }
    }

    /// Collects a command byte; returns it when complete.
    fn take_bit(&mut self, bit: bool) -> Option<u8> {
        self.shift |= u8::from(bit) << self.shift_bits;
        self.shift_bits += 1;
        if self.shift_bits < 8 {
            return None;
        }
        let byte = self.shift;
        self.shift = 0;
        self.shift_bits = 0;
        Some(byte)
    }

    fn rom_bit(&self, bit: usize) -> bool {
        (self.rom[bit / 8] >> (bit % 8)) & 1 == 1
    }

    fn rom_command(&mut self, cmd: u8) {
        self.phase = match cmd {
            0x33 => Phase::Sending {
                data: self.rom.to_vec(),
                bit: 0,
            },
            0x55 => Phase::MatchRom { bit: 0 },
            0xCC => Phase::FunctionCommand,
            0xF0 => Phase::Search { bit: 0, slot: 0 },
            // ALARM SEARCH: take part only when the temperature is outside TH..TL.
            0xEC => {
                let whole = self.raw >> 4;
                if whole >= i16::from(self.th as i8) || whole <= i16::from(self.tl as i8) {
                    Phase::Search { bit: 0, slot: 0 }
                } else {
                    Phase::Idle
                }
            }
            _ => Phase::Idle,
        };
    }

    fn function_command(&mut self, now_us: u64, cmd: u8) {
        self.phase = match cmd {
            0x44 => {
                self.convert_done_us = now_us + self.conversion_us();
                Phase::Converting
            }
            0xBE => Phase::Sending {
                data: self.scratchpad().to_vec(),
                bit: 0,
            },
            0x4E => Phase::WritingScratchpad { data: Vec::new() },
            0x48 => {
                self.eeprom = [self.th, self.tl, self.config];
                Phase::FunctionCommand
            }
            0xB8 => {
                [self.th, self.tl, self.config] = self.eeprom;
                Phase::FunctionCommand
            }
            // READ POWER SUPPLY: externally powered parts answer 1 (the line stays high).
            0xB4 => Phase::Sending {
                data: vec![0xFF],
                bit: 0,
            },
            _ => Phase::Idle,
        };
    }
}

impl OneWireDevice for Ds18b20 {
    fn reset(&mut self, now_us: u64) -> bool {
        self.settle(now_us);
        self.phase = Phase::RomCommand;
        self.shift = 0;
        self.shift_bits = 0;
        true
    }

    fn write_bit(&mut self, now_us: u64, bit: bool) {
        self.settle(now_us);
        match &mut self.phase {
            Phase::RomCommand => {
                if let Some(cmd) = self.take_bit(bit) {
                    self.rom_command(cmd);
                }
            }
            Phase::MatchRom { bit: i } => {
                let i = *i;
                self.phase = if self.rom_bit(i) != bit {
                    Phase::Idle
                } else if i == 63 {
                    Phase::FunctionCommand
                } else {
                    Phase::MatchRom { bit: i + 1 }
                };
            }
            Phase::Search { bit: i, slot } if *slot == 2 => {
                let i = *i;
                self.phase = if self.rom_bit(i) != bit {
                    Phase::Idle
                } else if i == 63 {
                    Phase::FunctionCommand
                } else {
                    Phase::Search {
                        bit: i + 1,
                        slot: 0,
                    }
                };
            }
            Phase::FunctionCommand => {
                if let Some(cmd) = self.take_bit(bit) {
                    self.function_command(now_us, cmd);
                }
            }
            Phase::WritingScratchpad { .. } => {
                if let Some(byte) = self.take_bit(bit)
                    && let Phase::WritingScratchpad { data } = &mut self.phase
                {
                    data.push(byte);
                    if data.len() == 3 {
                        // Only R1 R0 of the config register are writable.
                        self.th = data[0];
                        self.tl = data[1];
                        self.config = (data[2] & 0x60) | 0x1F;
                        self.phase = Phase::FunctionCommand;
                    }
                }
            }
            _ => {}
        }
    }

    fn read_bit(&mut self, now_us: u64) -> bool {
        self.settle(now_us);
        match &mut self.phase {
            Phase::Sending { data, bit } => {
                let level = data
                    .get(*bit / 8)
                    .is_none_or(|b| (b >> (*bit % 8)) & 1 == 1);
                *bit += 1;
                level
            }
            Phase::Search { bit, slot } if *slot < 2 => {
                let (i, complement) = (*bit, *slot == 1);
                *slot += 1;
                self.rom_bit(i) != complement
            }
            Phase::Converting => false,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Several devices on one open-drain line: any presence pulse is seen, and a read slot is
    /// low if any device pulls it low.
    fn one_wire_reset(devices: &mut [&mut dyn OneWireDevice], now_us: u64) -> bool {
        devices.iter_mut().fold(false, |p, d| d.reset(now_us) | p)
    }

    fn one_wire_read_bit(devices: &mut [&mut dyn OneWireDevice], now_us: u64) -> bool {
        devices.iter_mut().fold(true, |l, d| d.read_bit(now_us) & l)
    }

    fn write_byte(d: &mut dyn OneWireDevice, t: u64, byte: u8) {
        for i in 0..8 {
            d.write_bit(t, (byte >> i) & 1 == 1);
        }
    }

    fn read_byte(d: &mut dyn OneWireDevice, t: u64) -> u8 {
        (0..8).fold(0, |b, i| b | (u8::from(d.read_bit(t)) << i))
    }

    #[test]
    fn convert_then_read_scratchpad_gives_the_temperature_with_a_good_crc() {
        let mut s = Ds18b20::new(0x1234_5678_9ABC, 21.5);
        assert!(s.reset(0));
        write_byte(&mut s, 0, 0xCC);
        write_byte(&mut s, 0, 0x44);
        // Converting: read slots read 0 until 750 ms have passed.
        assert!(!s.read_bit(1000));
        assert!(s.read_bit(750_000));
        s.reset(751_000);
        write_byte(&mut s, 751_000, 0xCC);
        write_byte(&mut s, 751_000, 0xBE);
        let pad: Vec<u8> = (0..9).map(|_| read_byte(&mut s, 751_000)).collect();
        assert_eq!(crc8(&pad), 0);
        assert_eq!(i16::from_le_bytes([pad[0], pad[1]]), 344); // 21.5 * 16
        assert_eq!(s.conversions(), 1);
    }

    #[test]
    fn power_on_reads_85_and_negative_temperatures_are_twos_complement() {
        let mut s = Ds18b20::new(1, -10.125);
        assert_eq!(&s.scratchpad()[..2], &[0x50, 0x05]);
        s.reset(0);
        write_byte(&mut s, 0, 0xCC);
        write_byte(&mut s, 0, 0x44);
        s.settle(800_000);
        // Datasheet table 1: -10.125 °C = FF5Eh.
        assert_eq!(&s.scratchpad()[..2], &[0x5E, 0xFF]);
    }

    #[test]
    fn search_rom_finds_both_sensors_on_a_shared_line() {
        let mut a = Ds18b20::new(0x0000_0000_0001, 20.0);
        let mut b = Ds18b20::new(0x0000_0000_0002, 30.0);
        let mut found = Vec::new();
        // The standard search (Maxim AN187) over the wired-AND of both devices.
        let mut last_discrepancy = 0usize;
        let mut last_rom = [0u8; 8];
        loop {
            let mut devs: [&mut dyn OneWireDevice; 2] = [&mut a, &mut b];
            assert!(one_wire_reset(&mut devs, 0));
            for d in devs.iter_mut() {
                write_byte(*d, 0, 0xF0);
            }
            let mut rom = [0u8; 8];
            let mut discrepancy = 0;
            for i in 0..64 {
                let bit = one_wire_read_bit(&mut devs, 0);
                let comp = one_wire_read_bit(&mut devs, 0);
                assert!(!(bit && comp), "no device answered");
                let dir = if bit != comp {
                    bit
                } else {
                    // Both answered: take the last pass's branch before its last
                    // discrepancy, the 1 branch at it, and the 0 branch after it.
                    let dir = match (i + 1).cmp(&last_discrepancy) {
                        core::cmp::Ordering::Less => (last_rom[i / 8] >> (i % 8)) & 1 == 1,
                        core::cmp::Ordering::Equal => true,
                        core::cmp::Ordering::Greater => false,
                    };
                    if !dir {
                        discrepancy = i + 1;
                    }
                    dir
                };
                if dir {
                    rom[i / 8] |= 1 << (i % 8);
                }
                for d in devs.iter_mut() {
                    d.write_bit(0, dir);
                }
            }
            found.push(rom);
            last_rom = rom;
            last_discrepancy = discrepancy;
            if last_discrepancy == 0 {
                break;
            }
        }
        found.sort();
        let mut want = vec![a.rom(), b.rom()];
        want.sort();
        assert_eq!(found, want);
    }

    #[test]
    fn match_rom_addresses_one_sensor_and_resolution_is_writable() {
        let mut s = Ds18b20::new(7, 25.0625);
        s.reset(0);
        write_byte(&mut s, 0, 0x55);
        for byte in s.rom() {
            write_byte(&mut s, 0, byte);
        }
        write_byte(&mut s, 0, 0x4E);
        for byte in [0x10, 0x20, 0x1F] {
            write_byte(&mut s, 0, byte);
        }
        assert_eq!(s.resolution_bits(), 9);
        assert_eq!(s.conversion_us(), 93_750);
        s.reset(0);
        write_byte(&mut s, 0, 0xCC);
        write_byte(&mut s, 0, 0x44);
        s.settle(100_000);
        // 9 bits: halves of a degree.
        assert_eq!(
            i16::from_le_bytes([s.scratchpad()[0], s.scratchpad()[1]]),
            400
        );
        // A wrong ROM makes it drop out: reads float high.
        s.reset(0);
        write_byte(&mut s, 0, 0x55);
        write_byte(&mut s, 0, 0x10);
        write_byte(&mut s, 0, 0xBE);
        assert_eq!(read_byte(&mut s, 0), 0xFF);
    }
}
