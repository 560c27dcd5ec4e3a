//! An MPU-6050 accelerometer/gyroscope on I2C: its register file with auto-increment, the
//! WHO_AM_I, the sleep bit of PWR_MGMT_1 it wakes up with, and the ACCEL/TEMP/GYRO output
//! registers computed from settable readings with the configured full-scale ranges
//! (InvenSense MPU-6000/6050 Register Map rev. 4.2).

use super::I2cTarget;

pub const GYRO_CONFIG: u8 = 0x1B;
pub const ACCEL_CONFIG: u8 = 0x1C;
pub const ACCEL_XOUT_H: u8 = 0x3B;
pub const TEMP_OUT_H: u8 = 0x41;
pub const GYRO_XOUT_H: u8 = 0x43;
pub const PWR_MGMT_1: u8 = 0x6B;
pub const WHO_AM_I: u8 = 0x75;

/// Sleep bit of PWR_MGMT_1, set at power-on.
const SLEEP: u8 = 0x40;
const DEVICE_RESET: u8 = 0x80;

#[derive(Clone, Debug)]
pub struct Mpu6050 {
    address: u8,
    regs: [u8; 128],
    pointer: u8,
    /// True until the first byte of a write phase (the register address) has come.
    expect_pointer: bool,
    /// Acceleration in g and rotation in °/s on X, Y, Z; temperature in °C.
    accel_g: [f64; 3],
    gyro_dps: [f64; 3],
    temperature_c: f64,
}

impl Mpu6050 {
    /// A sensor at 0x68 (AD0 low) or 0x69 (AD0 high), at rest and level: 1 g on Z, 24 °C as
    /// Wokwi's part starts.
    pub fn new(ad0_high: bool) -> Mpu6050 {
        let mut m = Mpu6050 {
            address: if ad0_high { 0x69 } else { 0x68 },
            regs: [0; 128],
            pointer: 0,
            expect_pointer: true,
            accel_g: [0.0, 0.0, 1.0],
            gyro_dps: [0.0; 3],
            temperature_c: 24.0,
        };
        m.power_on();
        m
    }

    fn power_on(&mut self) {
        self.regs = [0; 128];
        self.regs[usize::from(PWR_MGMT_1)] = SLEEP;
        // WHO_AM_I holds the upper 6 bits of the address, whatever AD0 is.
        self.regs[usize::from(WHO_AM_I)] = 0x68;
    }

    pub fn set_acceleration(&mut self, g: [f64; 3]) {
        self.accel_g = g;
    }

    pub fn set_rotation(&mut self, degrees_per_s: [f64; 3]) {
        self.gyro_dps = degrees_per_s;
    }

    pub fn set_temperature(&mut self, celsius: f64) {
        self.temperature_c = celsius;
    }

    /// Sets one reading by its Wokwi attribute name (`accelX`..`accelZ` in g, `rotationX`..
    /// `rotationZ` in °/s, `temperature` in °C), leaving the others; false for other names.
    pub fn set_reading(&mut self, name: &str, value: f64) -> bool {
        let axis = match name.as_bytes().last() {
            Some(b'X') => 0,
            Some(b'Y') => 1,
            _ => 2,
        };
        match name {
            "accelX" | "accelY" | "accelZ" => self.accel_g[axis] = value,
            "rotationX" | "rotationY" | "rotationZ" => self.gyro_dps[axis] = value,
            "temperature" => self.temperature_c = value,
            _ => return false,
        }
        true
    }

    /// Acceleration in g on X, Y, Z.
    pub fn acceleration(&self) -> [f64; 3] {
        self.accel_g
    }

    /// Rotation in °/s about X, Y, Z.
    pub fn rotation(&self) -> [f64; 3] {
        self.gyro_dps
    }

    pub fn temperature(&self) -> f64 {
        self.temperature_c
    }

    pub fn sleeping(&self) -> bool {
        self.regs[usize::from(PWR_MGMT_1)] & SLEEP != 0
    }

    /// A register as the host would read it.
    pub fn register(&self, reg: u8) -> u8 {
        let r = usize::from(reg & 0x7F);
        if (usize::from(ACCEL_XOUT_H)..usize::from(GYRO_XOUT_H) + 6).contains(&r) {
            let word = self.output_word((r - usize::from(ACCEL_XOUT_H)) / 2);
            let bytes = word.to_be_bytes();
            return bytes[(r - usize::from(ACCEL_XOUT_H)) % 2];
        }
        self.regs[r]
    }

    /// Output word `i`: accel X, Y, Z, temperature, gyro X, Y, Z. Asleep, the sensors do not
    /// sample, so the registers keep their reset value 0.
    fn output_word(&self, i: usize) -> i16 {
        if self.sleeping() {
            return 0;
        }
        let scale = |v: f64, lsb: f64| (v * lsb).round().clamp(-32768.0, 32767.0) as i16;
        // AFS_SEL 0..3: ±2, 4, 8, 16 g = 16384, 8192, 4096, 2048 LSB/g.
        let afs = (self.regs[usize::from(ACCEL_CONFIG)] >> 3) & 3;
        let accel_lsb = 16384.0 / f64::from(1u16 << afs);
        // FS_SEL 0..3: ±250, 500, 1000, 2000 °/s = 131, 65.5, 32.8, 16.4 LSB/(°/s).
        let fs = (self.regs[usize::from(GYRO_CONFIG)] >> 3) & 3;
        let gyro_lsb = [131.0, 65.5, 32.8, 16.4][usize::from(fs)];
        match i {
            0..=2 => scale(self.accel_g[i], accel_lsb),
            // Temperature in °C = raw / 340 + 36.53.
            3 => scale(self.temperature_c - 36.53, 340.0),
            _ => scale(self.gyro_dps[(i - 4).min(2)], gyro_lsb),
        }
    }

    fn write_register(&mut self, reg: u8, value: u8) {
        match reg {
            PWR_MGMT_1 if value & DEVICE_RESET != 0 => self.power_on(),
            WHO_AM_I => {}
            // The data registers are read-only.
            r if (ACCEL_XOUT_H..GYRO_XOUT_H + 6).contains(&r) => {}
            r => self.regs[usize::from(r & 0x7F)] = value,
        }
    }
}

impl I2cTarget for Mpu6050 {
    fn address(&self) -> u8 {
        self.address
    }

    fn start(&mut self, _now_us: u64, read: bool) {
        self.expect_pointer = !read;
    }

    fn write(&mut self, _now_us: u64, bytes: &[u8]) -> bool {
        for &b in bytes {
            if self.expect_pointer {
                self.pointer = b & 0x7F;
                self.expect_pointer = false;
            } else {
                self.write_register(self.pointer, b);
                self.pointer = (self.pointer + 1) & 0x7F;
            }
        }
        true
    }

    fn read(&mut self, _now_us: u64, buf: &mut [u8]) {
        for b in buf.iter_mut() {
            *b = self.register(self.pointer);
            self.pointer = (self.pointer + 1) & 0x7F;
        }
    }

    fn stop(&mut self) {
        self.expect_pointer = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(m: &mut Mpu6050, bytes: &[u8]) {
        m.start(0, false);
        m.write(0, bytes);
        m.stop();
    }

    fn read_mem(m: &mut Mpu6050, reg: u8, n: usize) -> Vec<u8> {
        m.start(0, false);
        m.write(0, &[reg]);
        m.start(0, true);
        let mut buf = vec![0; n];
        m.read(0, &mut buf);
        m.stop();
        buf
    }

    #[test]
    fn one_reading_changes_alone() {
        let mut m = Mpu6050::new(false);
        assert!(m.set_reading("accelX", 0.25));
        assert!(m.set_reading("rotationY", -3.0));
        assert!(m.set_reading("temperature", 30.0));
        assert!(!m.set_reading("pressure", 1.0));
        assert_eq!(m.acceleration(), [0.25, 0.0, 1.0]);
        assert_eq!(m.rotation(), [0.0, -3.0, 0.0]);
        assert_eq!(m.temperature(), 30.0);
    }

    #[test]
    fn who_am_i_and_sleep_at_power_on() {
        let mut m = Mpu6050::new(false);
        assert_eq!(m.address(), 0x68);
        assert_eq!(Mpu6050::new(true).address(), 0x69);
        assert_eq!(read_mem(&mut m, WHO_AM_I, 1), [0x68]);
        assert_eq!(read_mem(&mut m, PWR_MGMT_1, 1), [0x40]);
        assert!(m.sleeping());
        // Asleep: nothing sampled.
        assert_eq!(read_mem(&mut m, ACCEL_XOUT_H, 14), vec![0; 14]);
    }

    #[test]
    fn awake_outputs_follow_the_readings_and_ranges() {
        let mut m = Mpu6050::new(false);
        write(&mut m, &[PWR_MGMT_1, 0x00]);
        m.set_acceleration([0.5, -1.0, 1.0]);
        m.set_rotation([250.0, -10.0, 0.0]);
        m.set_temperature(36.53 + 1.0);
        let raw = read_mem(&mut m, ACCEL_XOUT_H, 14);
        let words: Vec<i16> = raw
            .chunks(2)
            .map(|c| i16::from_be_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(words, [8192, -16384, 16384, 340, 32750, -1310, 0]);
        // ±8 g and ±2000 °/s.
        write(&mut m, &[GYRO_CONFIG, 0x18, 0x10]);
        assert_eq!(read_mem(&mut m, ACCEL_CONFIG, 1), [0x10]);
        let ax = read_mem(&mut m, ACCEL_XOUT_H, 2);
        assert_eq!(i16::from_be_bytes([ax[0], ax[1]]), 2048);
        let gx = read_mem(&mut m, GYRO_XOUT_H, 2);
        assert_eq!(i16::from_be_bytes([gx[0], gx[1]]), 4100);
        // DEVICE_RESET puts it back to sleep with default ranges.
        write(&mut m, &[PWR_MGMT_1, 0x80]);
        assert!(m.sleeping());
        assert_eq!(read_mem(&mut m, ACCEL_CONFIG, 1), [0]);
    }
}
