//! The frozen drivers (ssd1306, i2c_lcd, neopixel, dht, onewire/ds18x20) run against the device
//! models through the real `machine` module, on a bench board that wires each bus straight to
//! its parts: the programs are what a user would write, the assertions are on what the parts
//! show. (The diagram-based end-to-end tests go through the full simulated board.)

use std::cell::RefCell;
use std::rc::Rc;

use hal_sim::devices::{
    BitTiming, BitstreamTarget, Dht22, DhtSensor, Ds18b20, I2cTarget, Lcd1602, Mpu6050,
    OneWireDevice, SpiTarget, Ssd1306, Ws2812Chain,
};
use vm::hal::{
    Adc, BoardInfo, Chip, Dac, Gpio, HalError, I2c, I2cBus, OneWire, PinMode, Pull, Pulse, Pwm,
    Spi, SpiBus, System, Timed, Uart,
};
use vm::{Config, RunOutcome, Vm};

/// The parts on the bench, shared with the test that inspects them.
#[derive(Default)]
struct Parts {
    oled: Option<Ssd1306>,
    lcd: Option<Lcd1602>,
    imu: Option<Mpu6050>,
    spi_oled: Option<Ssd1306>,
    /// (data pin, chain)
    ring: Option<(u32, Ws2812Chain)>,
    dht: Option<(u32, Dht22)>,
    sensors: Vec<Ds18b20>,
    levels: [bool; 32],
}

/// SPI wiring of the SPI display: its DC and CS pins.
const DC: u32 = 4;
const CS: u32 = 5;
const ONE_WIRE: u32 = 13;

struct Bench(Rc<RefCell<Parts>>);

impl Parts {
    fn i2c_target(&mut self, addr: u8) -> Option<&mut dyn I2cTarget> {
        let oled = self.oled.as_mut().map(|d| d as &mut dyn I2cTarget);
        let lcd = self.lcd.as_mut().map(|d| d as &mut dyn I2cTarget);
        let imu = self.imu.as_mut().map(|d| d as &mut dyn I2cTarget);
        [oled, lcd, imu]
            .into_iter()
            .flatten()
            .find(|t| t.address() == addr)
    }
}

impl BoardInfo for Bench {
    fn chip(&self) -> Chip {
        Chip::Esp32
    }
}
impl System for Bench {}
impl Pwm for Bench {}
impl Adc for Bench {}
impl Dac for Bench {}
impl Pulse for Bench {}
impl Uart for Bench {}

impl Gpio for Bench {
    fn pin_configure(&mut self, _: u64, _: u32, _: PinMode, _: Pull) -> Result<(), HalError> {
        Ok(())
    }
    fn pin_write(&mut self, _: u64, pin: u32, high: bool) -> Result<(), HalError> {
        if let Some(l) = self.0.borrow_mut().levels.get_mut(pin as usize) {
            *l = high;
        }
        Ok(())
    }
    fn pin_read(&mut self, _: u64, pin: u32) -> Result<bool, HalError> {
        Ok(self
            .0
            .borrow()
            .levels
            .get(pin as usize)
            .copied()
            .unwrap_or(false))
    }
}

impl I2c for Bench {
    fn i2c_write(
        &mut self,
        now: u64,
        _: &I2cBus,
        addr: u8,
        bytes: &[u8],
        stop: bool,
    ) -> Result<usize, HalError> {
        let mut parts = self.0.borrow_mut();
        let t = parts.i2c_target(addr).ok_or(HalError::NoAck)?;
        t.start(now, false);
        let ack = t.write(now, bytes);
        if stop {
            t.stop();
        }
        Ok(if ack { bytes.len() } else { 0 })
    }
    fn i2c_read(
        &mut self,
        now: u64,
        _: &I2cBus,
        addr: u8,
        buf: &mut [u8],
        stop: bool,
    ) -> Result<(), HalError> {
        let mut parts = self.0.borrow_mut();
        let t = parts.i2c_target(addr).ok_or(HalError::NoAck)?;
        t.start(now, true);
        t.read(now, buf);
        if stop {
            t.stop();
        }
        Ok(())
    }
}

impl Spi for Bench {
    fn spi_transfer(
        &mut self,
        now: u64,
        _: &SpiBus,
        write: &[u8],
        read: &mut [u8],
    ) -> Result<(), HalError> {
        let mut parts = self.0.borrow_mut();
        let (dc, cs) = (parts.levels[DC as usize], parts.levels[CS as usize]);
        read.copy_from_slice(write);
        if let Some(d) = parts.spi_oled.as_mut().filter(|_| !cs) {
            d.transfer(now, dc, read);
        }
        Ok(())
    }
}

impl vm::hal::Bitstream for Bench {
    fn bitstream(
        &mut self,
        now: u64,
        pin: u32,
        t: [u32; 4],
        bytes: &[u8],
    ) -> Result<Timed<()>, HalError> {
        let timing = BitTiming {
            t0h_ns: t[0],
            t0l_ns: t[1],
            t1h_ns: t[2],
            t1l_ns: t[3],
        };
        if let Some((p, ring)) = self.0.borrow_mut().ring.as_mut()
            && *p == pin
        {
            ring.receive(now, timing, bytes);
        }
        Ok(((), timing.duration_ns(bytes).div_ceil(1000)))
    }
}

impl vm::hal::Dht for Bench {
    fn dht_readinto(
        &mut self,
        now: u64,
        pin: u32,
        buf: &mut [u8; 5],
    ) -> Result<Timed<()>, HalError> {
        let mut parts = self.0.borrow_mut();
        match parts.dht.as_mut() {
            Some((p, d)) if *p == pin => {
                *buf = d.frame(now).ok_or(HalError::Timeout)?;
                Ok(((), 23_000))
            }
            _ => Err(HalError::Timeout),
        }
    }
}

impl OneWire for Bench {
    fn onewire_reset(&mut self, now: u64, pin: u32) -> Result<Timed<bool>, HalError> {
        let mut parts = self.0.borrow_mut();
        let present = pin == ONE_WIRE
            && parts
                .sensors
                .iter_mut()
                .fold(false, |p, s| s.reset(now) | p);
        Ok((present, 960))
    }
    fn onewire_read_bit(&mut self, now: u64, pin: u32) -> Result<Timed<bool>, HalError> {
        let mut parts = self.0.borrow_mut();
        let level = pin != ONE_WIRE
            || parts
                .sensors
                .iter_mut()
                .fold(true, |l, s| s.read_bit(now) & l);
        Ok((level, 70))
    }
    fn onewire_write_bit(&mut self, now: u64, pin: u32, bit: bool) -> Result<Timed<()>, HalError> {
        if pin == ONE_WIRE {
            for s in self.0.borrow_mut().sensors.iter_mut() {
                s.write_bit(now, bit);
            }
        }
        Ok(((), 70))
    }
}

/// Runs `program` on a bench with `parts` to the end, sleeping in virtual time; returns what
/// it printed.
fn run(parts: &Rc<RefCell<Parts>>, program: &str) -> String {
    let mut vm = Vm::new(Config::default());
    vm.attach_board(Box::new(Bench(parts.clone())));
    vm.load_main(program, "main.py").expect("program compiles");
    let mut out = String::new();
    for _ in 0..1_000_000 {
        match vm.run(10_000) {
            RunOutcome::Finished => break,
            RunOutcome::Sleeping { until_us } => vm.set_time_us(until_us),
            RunOutcome::BudgetExhausted => {}
            other => {
                for (_, bytes) in vm.take_output() {
                    out.push_str(&String::from_utf8_lossy(&bytes));
                }
                panic!(
                    "{other:?}: {out}{}",
                    vm.last_traceback().unwrap_or_default()
                );
            }
        }
    }
    for (_, bytes) in vm.take_output() {
        out.push_str(&String::from_utf8_lossy(&bytes));
    }
    out
}

fn bench(f: impl FnOnce(&mut Parts)) -> Rc<RefCell<Parts>> {
    let parts = Rc::new(RefCell::new(Parts::default()));
    f(&mut parts.borrow_mut());
    parts
}

#[test]
fn ssd1306_i2c_shows_the_framebuffer_pixel_for_pixel() {
    let parts = bench(|p| p.oled = Some(Ssd1306::new(0x3C)));
    let out = run(
        &parts,
        "from machine import Pin, I2C\n\
         import ssd1306\n\
         i2c = I2C(0, scl=Pin(22), sda=Pin(21))\n\
         print(i2c.scan())\n\
         oled = ssd1306.SSD1306_I2C(128, 64, i2c)\n\
         oled.text('Hello, ESP32!', 0, 0)\n\
         oled.rect(0, 16, 128, 20, 1)\n\
         oled.fill_rect(4, 20, 30, 12, 1)\n\
         oled.line(0, 63, 127, 40, 1)\n\
         oled.show()\n\
         oled.contrast(0x40)\n\
         print(oled.buffer.hex())\n",
    );
    assert!(out.starts_with("[60]\n"), "{out}");
    let parts = parts.borrow();
    let oled = parts.oled.as_ref().unwrap();
    assert!(oled.display_on());
    assert_eq!(oled.contrast(), 0x40);
    // The frame buffer the program drew (printed as hex) is what the glass shows, pixel for
    // pixel.
    let hex = out.lines().nth(1).unwrap_or_default();
    let fb: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    assert_eq!(fb.len(), 1024);
    for y in 0..64 {
        for x in 0..128 {
            let drawn = (fb[(y / 8) * 128 + x] >> (y % 8)) & 1 == 1;
            assert_eq!(oled.pixel(x, y), drawn, "pixel ({x}, {y})");
        }
    }
    assert!(fb.iter().filter(|b| **b != 0).count() > 100);
    assert!(oled.pixel(0, 16) && oled.pixel(127, 35) && !oled.pixel(1, 17));
    assert!(oled.pixel(4, 20) && oled.pixel(33, 31) && !oled.pixel(34, 31));
    assert!(oled.pixel(0, 63) && oled.pixel(127, 40));
}

#[test]
fn ssd1306_spi_takes_commands_and_data_by_dc() {
    let parts = bench(|p| p.spi_oled = Some(Ssd1306::new(0x3C)));
    run(
        &parts,
        "from machine import Pin, SPI\n\
         import ssd1306\n\
         spi = SPI(2, baudrate=8000000, sck=Pin(18), mosi=Pin(23), miso=Pin(19))\n\
         oled = ssd1306.SSD1306_SPI(128, 64, spi, Pin(4), Pin(2), Pin(5))\n\
         oled.fill(0)\n\
         oled.text('SPI', 100, 56)\n\
         oled.invert(1)\n\
         oled.show()\n",
    );
    let parts = parts.borrow();
    let oled = parts.spi_oled.as_ref().unwrap();
    assert!(oled.display_on() && oled.inverted());
    // 'S' at x = 100: its first column (0x26 in the font: rows 1, 2, 5) is dark on light.
    assert!(!oled.pixel(101, 57) && oled.pixel(101, 56) && oled.pixel(0, 0));
}

#[test]
fn lcd1602_over_pcf8574_shows_putstr_and_custom_chars() {
    let parts = bench(|p| p.lcd = Some(Lcd1602::new(0x27)));
    run(
        &parts,
        "from machine import Pin, SoftI2C\n\
         from i2c_lcd import I2cLcd\n\
         i2c = SoftI2C(scl=Pin(22), sda=Pin(21))\n\
         lcd = I2cLcd(i2c, 0x27, 2, 16)\n\
         lcd.putstr('Hello, world!\\nLine two')\n\
         lcd.custom_char(0, bytearray([0, 10, 31, 31, 14, 4, 0, 0]))\n\
         lcd.move_to(15, 1)\n\
         lcd.putchar(chr(0))\n\
         lcd.show_cursor()\n\
         lcd.backlight_off()\n",
    );
    let parts = parts.borrow();
    let lcd = parts.lcd.as_ref().unwrap();
    assert_eq!(lcd.line(0), "Hello, world!   ");
    assert_eq!(lcd.line(1), "Line two       \u{0}");
    assert_eq!(lcd.glyph(0), [0, 10, 31, 31, 14, 4, 0, 0]);
    assert!(lcd.cursor_on() && !lcd.backlight());
}

#[test]
fn mpu6050_reads_over_i2c_with_the_default_ranges() {
    let parts = bench(|p| {
        let mut imu = Mpu6050::new(false);
        imu.set_acceleration([0.0, 0.5, -1.0]);
        imu.set_rotation([10.0, 0.0, -250.0]);
        imu.set_temperature(25.0);
        p.imu = Some(imu);
    });
    let out = run(
        &parts,
        "from machine import Pin, I2C\n\
         import struct\n\
         i2c = I2C(0, scl=Pin(22), sda=Pin(21))\n\
         print(hex(i2c.readfrom_mem(0x68, 0x75, 1)[0]))\n\
         i2c.writeto_mem(0x68, 0x6B, b'\\x00')\n\
         ax, ay, az, t, gx, gy, gz = struct.unpack('>7h', i2c.readfrom_mem(0x68, 0x3B, 14))\n\
         print(ax / 16384, ay / 16384, az / 16384)\n\
         print(round(t / 340 + 36.53, 1))\n\
         print(gx / 131, gy / 131, gz / 131)\n",
    );
    assert_eq!(out, "0x68\n0.0 0.5 -1.0\n25.0\n10.0 0.0 -250.0\n");
}

#[test]
fn neopixel_ring_shows_the_colours_written() {
    let parts = bench(|p| p.ring = Some((15, Ws2812Chain::new(16))));
    run(
        &parts,
        "from machine import Pin\n\
         import neopixel\n\
         np = neopixel.NeoPixel(Pin(15), 16)\n\
         np.fill((0, 0, 8))\n\
         np[0] = (255, 0, 0)\n\
         np[1] = (0, 128, 0)\n\
         np[15] = (1, 2, 3)\n\
         np.write()\n\
         print(np[1], len(np))\n",
    );
    let bench_parts = parts.borrow();
    let (_, ring) = bench_parts.ring.as_ref().unwrap();
    assert_eq!(ring.pixel(0), Some((255, 0, 0)));
    assert_eq!(ring.pixel(1), Some((0, 128, 0)));
    assert_eq!(ring.pixel(7), Some((0, 0, 8)));
    assert_eq!(ring.pixel(15), Some((1, 2, 3)));
    assert_eq!(ring.timing_issue(), None);
    drop(bench_parts);
    // APA106 sends R, G, B: a WS2812 ring reads those bytes as G, R, B.
    let out = run(
        &parts,
        "from machine import Pin\n\
         import apa106\n\
         import time\n\
         time.sleep_ms(5)\n\
         np = apa106.APA106(Pin(15), 2)\n\
         np[0] = (1, 2, 3)\n\
         np.write()\n\
         print(np.buf)\n",
    );
    assert_eq!(out, "bytearray(b'\\x01\\x02\\x03\\x00\\x00\\x00')\n");
    let parts = parts.borrow();
    assert_eq!(parts.ring.as_ref().unwrap().1.pixel(0), Some((2, 1, 3)));
}

#[test]
fn dht22_readings_and_a_missing_sensor() {
    let parts = bench(|p| p.dht = Some((4, Dht22::new(-3.4, 56.7))));
    let out = run(
        &parts,
        "from machine import Pin\n\
         import dht\n\
         d = dht.DHT22(Pin(4))\n\
         d.measure()\n\
         print(round(d.temperature(), 1), round(d.humidity(), 1))\n\
         try:\n    dht.DHT22(Pin(5)).measure()\n\
         except OSError as e:\n    print('OSError', e.errno)\n",
    );
    assert_eq!(out, "-3.4 56.7\nOSError 116\n");
}

#[test]
fn ds18b20_sensors_are_found_and_read() {
    let parts = bench(|p| {
        p.sensors = vec![Ds18b20::new(0xA1, 21.5), Ds18b20::new(0xB2, -5.25)];
    });
    let out = run(
        &parts,
        "import time\n\
         from machine import Pin\n\
         import onewire, ds18x20\n\
         ds = ds18x20.DS18X20(onewire.OneWire(Pin(13)))\n\
         roms = ds.scan()\n\
         print(len(roms), [hex(r[0]) for r in roms])\n\
         ds.convert_temp()\n\
         time.sleep_ms(750)\n\
         print(sorted(ds.read_temp(r) for r in roms))\n",
    );
    assert_eq!(out, "2 ['0x28', '0x28']\n[-5.25, 21.5]\n");
    assert!(parts.borrow().sensors.iter().all(|s| s.conversions() == 1));
}

#[test]
fn onewire_scan_walks_the_whole_rom_tree() {
    // Serials chosen to fork at the first bit, the last byte and in between.
    let serials = [0x01, 0x02, 0x03, 0x8000_0000_0001, 0xFFFF_FFFF_FFFF, 0x7F];
    let parts = bench(|p| {
        p.sensors = serials.iter().map(|s| Ds18b20::new(*s, 20.0)).collect();
    });
    let out = run(
        &parts,
        "from machine import Pin\n\
         import onewire\n\
         ow = onewire.OneWire(Pin(13))\n\
         roms = ow.scan()\n\
         print(len(roms), len(set(bytes(r) for r in roms)), all(ow.crc8(r) == 0 for r in roms))\n\
         for r in sorted(bytes(r) for r in roms):\n    print(r.hex())\n",
    );
    let mut want: Vec<String> = parts
        .borrow()
        .sensors
        .iter()
        .map(|s| s.rom().iter().map(|b| format!("{b:02x}")).collect())
        .collect();
    want.sort();
    assert_eq!(out, format!("6 6 True\n{}\n", want.join("\n")));
}
