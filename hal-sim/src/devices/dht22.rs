//! DHT22 (AM2302) and DHT11 temperature/humidity sensors: the 5 bytes they send after a start
//! signal, for the temperature and humidity currently set (Aosong AM2302 datasheet; DHT11
//! datasheet, D-Robotics).

use super::DhtSensor;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DhtKind {
    /// 0.1 units as 16-bit values; negative temperatures set bit 15. −40..80 °C, 0..100 %.
    Dht22,
    /// Whole units in the first byte of each pair, tenths in the second. 0..50 °C, 20..90 %.
    Dht11,
}

#[derive(Clone, Debug)]
pub struct Dht22 {
    kind: DhtKind,
    temperature_c: f64,
    humidity_pct: f64,
    /// A sensor that is unplugged, or wired to another pin, never answers.
    connected: bool,
    reads: u64,
}

impl Dht22 {
    /// A DHT22 reading `temperature_c` and `humidity_pct` (Wokwi's defaults are 24 °C, 40 %).
    pub fn new(temperature_c: f64, humidity_pct: f64) -> Dht22 {
        Dht22 {
            kind: DhtKind::Dht22,
            temperature_c,
            humidity_pct,
            connected: true,
            reads: 0,
        }
    }

    pub fn dht11(temperature_c: f64, humidity_pct: f64) -> Dht22 {
        Dht22 {
            kind: DhtKind::Dht11,
            ..Dht22::new(temperature_c, humidity_pct)
        }
    }

    pub fn set_temperature(&mut self, celsius: f64) {
        self.temperature_c = celsius;
    }

    pub fn set_humidity(&mut self, percent: f64) {
        self.humidity_pct = percent;
    }

    pub fn set_connected(&mut self, connected: bool) {
        self.connected = connected;
    }

    pub fn temperature(&self) -> f64 {
        self.temperature_c
    }

    pub fn humidity(&self) -> f64 {
        self.humidity_pct
    }

    /// How many start signals it has answered.
    pub fn reads(&self) -> u64 {
        self.reads
    }

    /// The bytes for the current values, clamped to the sensor's range.
    pub fn encode(&self) -> [u8; 5] {
        let mut f = [0u8; 5];
        match self.kind {
            DhtKind::Dht22 => {
                let h = (self.humidity_pct.clamp(0.0, 100.0) * 10.0).round() as u16;
                let t = (self.temperature_c.clamp(-40.0, 80.0) * 10.0).round() as i32;
                let t = t.unsigned_abs() as u16 | if t < 0 { 0x8000 } else { 0 };
                f[..2].copy_from_slice(&h.to_be_bytes());
                f[2..4].copy_from_slice(&t.to_be_bytes());
            }
            DhtKind::Dht11 => {
                let h = (self.humidity_pct.clamp(20.0, 90.0) * 10.0).round() as u16;
                let t = (self.temperature_c.clamp(0.0, 50.0) * 10.0).round() as u16;
                f[..4].copy_from_slice(&[
                    (h / 10) as u8,
                    (h % 10) as u8,
                    (t / 10) as u8,
                    (t % 10) as u8,
                ]);
            }
        }
        f[4] = f[..4].iter().fold(0u8, |s, b| s.wrapping_add(*b));
        f
    }
}

impl DhtSensor for Dht22 {
    fn frame(&mut self, _now_us: u64) -> Option<[u8; 5]> {
        if !self.connected {
            return None;
        }
        self.reads += 1;
        Some(self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dht22_frames_match_the_datasheet_examples() {
        // AM2302 datasheet: 65.2 %RH, 35.1 °C -> 02 8C 01 5F EE.
        let mut d = Dht22::new(35.1, 65.2);
        assert_eq!(d.frame(0), Some([0x02, 0x8C, 0x01, 0x5F, 0xEE]));
        // -10.1 °C -> 80 65.
        d.set_temperature(-10.1);
        let f = d.encode();
        assert_eq!(&f[2..4], &[0x80, 0x65]);
        d.set_connected(false);
        assert_eq!(d.frame(0), None);
        assert_eq!(d.reads(), 1);
    }

    #[test]
    fn dht11_sends_whole_and_tenth_bytes() {
        let mut d = Dht22::dht11(23.0, 45.0);
        assert_eq!(d.frame(0), Some([45, 0, 23, 0, 68]));
    }
}
