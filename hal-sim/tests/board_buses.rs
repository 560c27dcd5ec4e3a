//! The board routes buses by net to the device models: the frozen drivers (ssd1306, i2c_lcd,
//! neopixel, dht, onewire/ds18x20) reach the parts wired to their pins, and only those.

use hal_sim::board::parts::Kind;
use hal_sim::board::runner::{RunEnd, run};
use hal_sim::board::{PartState, SimBoard};
use vm::Config;

const DIAGRAM: &str = r#"{
  "version": 1, "author": "t", "editor": "wokwi",
  "parts": [
    { "type": "wokwi-esp32-devkit-v1", "id": "esp", "attrs": {} },
    { "type": "board-ssd1306", "id": "oled", "attrs": {} },
    { "type": "wokwi-lcd1602", "id": "lcd", "attrs": { "pins": "i2c" } },
    { "type": "wokwi-mpu6050", "id": "imu", "attrs": { "accelX": "0.5" } },
    { "type": "wokwi-led-ring", "id": "ring", "attrs": { "pixels": "4" } },
    { "type": "wokwi-neopixel", "id": "px", "attrs": {} },
    { "type": "wokwi-dht22", "id": "dht", "attrs": { "temperature": "21.5", "humidity": "63" } },
    { "type": "wokwi-ds18b20", "id": "ds", "attrs": { "temperature": "30.25" } }
  ],
  "connections": [
    [ "oled:SDA", "esp:D21", "", [] ], [ "oled:SCL", "esp:D22", "", [] ],
    [ "lcd:SDA", "esp:D21", "", [] ], [ "lcd:SCL", "esp:D22", "", [] ],
    [ "imu:SDA", "esp:D21", "", [] ], [ "imu:SCL", "esp:D22", "", [] ],
    [ "oled:GND", "esp:GND.1", "", [] ], [ "oled:VCC", "esp:3V3", "", [] ],
    [ "ring:DIN", "esp:D13", "", [] ], [ "ring:DOUT", "px:DIN", "", [] ],
    [ "dht:SDA", "esp:D15", "", [] ],
    [ "ds:DQ", "esp:D4", "", [] ]
  ]
}"#;

const PROGRAM: &str = "\
from machine import Pin, I2C, SoftI2C
import time, ssd1306, neopixel, dht, onewire, ds18x20
from i2c_lcd import I2cLcd
i2c = I2C(0, scl=Pin(22), sda=Pin(21))
print([hex(a) for a in i2c.scan()])
oled = ssd1306.SSD1306_I2C(128, 64, i2c)
oled.fill(0)
oled.text('Hi', 0, 0)
oled.show()
lcd = I2cLcd(i2c, 0x27, 2, 16)
lcd.putstr('Hello, board!')
ax = i2c.readfrom_mem(0x68, 0x3B, 2)
i2c.writeto_mem(0x68, 0x6B, b'\\x00')
ax = i2c.readfrom_mem(0x68, 0x3B, 2)
print(int.from_bytes(ax, 'big'))
np = neopixel.NeoPixel(Pin(13), 5)
np[0] = (255, 0, 0)
np[4] = (0, 0, 9)
np.write()
d = dht.DHT22(Pin(15))
d.measure()
print(d.temperature(), d.humidity())
try:
    dht.DHT22(Pin(16)).measure()
except OSError as e:
    print('no dht:', e)
ds = ds18x20.DS18X20(onewire.OneWire(Pin(4)))
roms = ds.scan()
ds.convert_temp()
time.sleep_ms(750)
print(len(roms), ds.read_temp(roms[0]))
print(SoftI2C(scl=Pin(22), sda=Pin(21)).scan() == i2c.scan(), I2C(1, scl=Pin(25), sda=Pin(26)).scan())
";

#[test]
fn drivers_reach_the_parts_on_their_nets() {
    let board = SimBoard::from_diagram_json(DIAGRAM).unwrap().shared();
    let mut out = String::new();
    let end = run(
        &board,
        Config::default(),
        PROGRAM,
        "main.py",
        5_000_000,
        &mut |_, b| out.push_str(&String::from_utf8_lossy(b)),
    );
    assert_eq!(end, RunEnd::Finished, "{}", out);
    assert_eq!(
        out,
        "['0x27', '0x3c', '0x68']\n8192\n21.5 63.0\nno dht: [Errno 116] ETIMEDOUT\n1 30.25\nTrue []\n"
    );
    board.with(|b| {
        match b.part_kind("oled") {
            Some(Kind::Ssd1306(d)) => assert!((0..8).any(|x| d.pixel(x, 2))),
            _ => panic!("no oled"),
        }
        match b.part("lcd") {
            Some(PartState::Lcd1602 { lines, .. }) => {
                assert_eq!(lines[0].trim_end(), "Hello, board!")
            }
            other => panic!("{:?}", other),
        }
        let ring = match b.part("ring") {
            Some(PartState::NeoPixels { pixels }) => pixels,
            other => panic!("{:?}", other),
        };
        assert_eq!(ring[0], [255, 0, 0]);
        assert_eq!(
            b.part("px"),
            Some(PartState::NeoPixels {
                pixels: vec![[0, 0, 9]]
            })
        );
    });
}
