//! Device models behind the simulated board's buses: the small traits the board's bus routing
//! calls (I2C, SPI, WS2812 bitstreams, DHT, 1-Wire) and the parts that implement them. Models
//! keep to `core` + `alloc`-style collections and take the time as an argument, so they run the
//! same on the host and in wasm, and the same inputs always give the same state.

pub mod dht22;
pub mod ds18b20;
pub mod lcd1602;
pub mod mpu6050;
pub mod ssd1306;
pub mod ws2812;

pub use dht22::Dht22;
pub use ds18b20::Ds18b20;
pub use lcd1602::Lcd1602;
pub use mpu6050::Mpu6050;
pub use ssd1306::Ssd1306;
pub use ws2812::Ws2812Chain;

/// A device on an I2C bus. The bus finds the target whose [`address`](I2cTarget::address)
/// matches the address byte; no match is a NACK (MicroPython's `OSError: [Errno 19] ENODEV`).
///
/// One transaction is: `start`, then a `write` or `read` phase, possibly more (repeated)
/// `start`s and phases, then `stop`. Each phase belongs to the `start` before it.
pub trait I2cTarget {
    /// The 7-bit address this target answers.
    fn address(&self) -> u8;
    /// A START or repeated START addressed to this target; `read` is the R/W bit.
    fn start(&mut self, _now_us: u64, _read: bool) {}
    /// Bytes the controller wrote in the current phase (one or more calls per phase). Returns
    /// false if the target NACKed one of them (the bus reports that as a failed write).
    fn write(&mut self, now_us: u64, bytes: &[u8]) -> bool;
    /// Fills `buf` with the bytes the target sends in the current phase.
    fn read(&mut self, now_us: u64, buf: &mut [u8]);
    /// The STOP that ends the transaction.
    fn stop(&mut self) {}
}

/// A device on an SPI bus, selected by its chip-select line.
pub trait SpiTarget {
    /// Chip select asserted (`true`) or released.
    fn select(&mut self, _now_us: u64, _selected: bool) {}
    /// A full-duplex transfer while selected: `buf` holds the MOSI bytes on entry and the MISO
    /// bytes on return. `dc` is the level of the target's data/command pin, for displays such
    /// as the SSD1306 (high = data); targets without one ignore it.
    fn transfer(&mut self, now_us: u64, dc: bool, buf: &mut [u8]);
}

/// The pulse widths of a bitstream, as `machine.bitstream(pin, 0, (t0h, t0l, t1h, t1l), buf)`
/// gives them: high then low time for a 0 bit, high then low time for a 1 bit, in ns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitTiming {
    pub t0h_ns: u32,
    pub t0l_ns: u32,
    pub t1h_ns: u32,
    pub t1l_ns: u32,
}

impl BitTiming {
    /// MicroPython's `neopixel` timing 1 (800 kHz).
    pub const WS2812_800KHZ: BitTiming = BitTiming {
        t0h_ns: 400,
        t0l_ns: 850,
        t1h_ns: 800,
        t1l_ns: 450,
    };

    /// How long sending `bytes` takes, in ns.
    pub fn duration_ns(&self, bytes: &[u8]) -> u64 {
        let ones: u64 = bytes.iter().map(|b| u64::from(b.count_ones())).sum();
        let zeros = bytes.len() as u64 * 8 - ones;
        ones * u64::from(self.t1h_ns + self.t1l_ns) + zeros * u64::from(self.t0h_ns + self.t0l_ns)
    }
}

/// A receiver of bitstreams on its data-in pin: a WS2812 pixel, strip or ring.
pub trait BitstreamTarget {
    /// A burst of bits (MSB first) starting at `now_us`. Returns how many leading bytes this
    /// target kept; the rest go out of its DOUT pin to the next part of the chain.
    fn receive(&mut self, now_us: u64, timing: BitTiming, bytes: &[u8]) -> usize;
}

/// A DHT11/DHT22-style sensor, read by `machine.dht_readinto`.
pub trait DhtSensor {
    /// The 5 bytes the sensor sends after a start signal at `now_us` (humidity, temperature,
    /// checksum), or `None` if it does not answer (MicroPython raises ETIMEDOUT).
    fn frame(&mut self, now_us: u64) -> Option<[u8; 5]>;
}

/// A device on a 1-Wire bus, at the level of reset pulses and time slots, so the bus can AND
/// several devices together and ROM search works as on the wire.
pub trait OneWireDevice {
    /// A reset pulse; returns true if the device answers with a presence pulse.
    fn reset(&mut self, now_us: u64) -> bool;
    /// A write time slot carrying `bit`.
    fn write_bit(&mut self, now_us: u64, bit: bool);
    /// A read time slot: the level the device leaves on the line (false = it pulls low).
    /// A device with nothing to say releases the line (true).
    fn read_bit(&mut self, now_us: u64) -> bool;
}

/// Dallas/Maxim CRC-8 (polynomial x^8 + x^5 + x^4 + 1, reflected), as 1-Wire ROMs and the
/// DS18B20 scratchpad carry it; a buffer ending in its own CRC checks to 0.
pub fn crc8(bytes: &[u8]) -> u8 {
    let mut crc = 0u8;
    for &b in bytes {
        let mut byte = b;
        for _ in 0..8 {
            let mix = (crc ^ byte) & 1;
            crc >>= 1;
            if mix != 0 {
                crc ^= 0x8C;
            }
            byte >>= 1;
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc8_matches_the_maxim_application_note_example() {
        // Maxim AN27's example ROM: family 0x02, serial 1C B8 01 00 00 00, CRC 0xA2.
        let rom = [0x02, 0x1C, 0xB8, 0x01, 0x00, 0x00, 0x00];
        assert_eq!(crc8(&rom), 0xA2);
        assert_eq!(crc8(&[0x02, 0x1C, 0xB8, 0x01, 0x00, 0x00, 0x00, 0xA2]), 0);
    }

    #[test]
    fn bitstream_duration_counts_each_bit() {
        let t = BitTiming::WS2812_800KHZ;
        assert_eq!(t.duration_ns(&[0xFF]), 8 * 1250);
        assert_eq!(t.duration_ns(&[0x00, 0x00]), 16 * 1250);
    }
}

#[cfg(test)]
mod fuzz {
    //! Whatever a program sends on a bus, a model never panics.
    use super::*;

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }

        fn coin(&mut self) -> bool {
            self.next() & 1 == 0
        }

        fn bytes(&mut self) -> Vec<u8> {
            let n = self.next() % 40;
            (0..n).map(|_| self.next() as u8).collect()
        }
    }

    #[test]
    fn random_bus_traffic_never_panics() {
        let mut rng = Rng(42);
        let mut oled = Ssd1306::new(0x3C);
        let mut lcd = Lcd1602::with_size(0x27, 20, 4);
        let mut imu = Mpu6050::new(false);
        let mut ring = Ws2812Chain::new(3);
        let mut probe = Ds18b20::new(5, 30.0);
        let mut dht = Dht22::new(1000.0, -5.0);
        for step in 0..20_000u64 {
            let now = step * 37;
            let mut buf = rng.bytes();
            let targets: [&mut dyn I2cTarget; 3] = [&mut oled, &mut lcd, &mut imu];
            for t in targets {
                match rng.next() % 4 {
                    0 => t.start(now, rng.coin()),
                    1 => {
                        t.write(now, &buf);
                    }
                    2 => t.read(now, &mut buf),
                    _ => t.stop(),
                }
            }
            oled.transfer(now, rng.coin(), &mut buf);
            let timing = BitTiming {
                t0h_ns: rng.next() as u32 % 2000,
                t0l_ns: rng.next() as u32 % 2000,
                t1h_ns: rng.next() as u32 % 2000,
                t1l_ns: rng.next() as u32 % 2000,
            };
            assert!(ring.receive(now, timing, &buf) <= buf.len());
            match rng.next() % 3 {
                0 => {
                    probe.reset(now);
                }
                1 => probe.write_bit(now, rng.coin()),
                _ => {
                    probe.read_bit(now);
                }
            }
            let _ = dht.frame(now);
            if step.is_multiple_of(500) {
                (0..4).for_each(|r| drop(lcd.line(r)));
                let _ = oled.render();
            }
        }
        assert!(oled.commands() > 0);
    }
}
