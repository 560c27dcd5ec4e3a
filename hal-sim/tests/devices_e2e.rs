//! Issue 5's end-to-end checks for the display, LED and sensor parts: realistic MicroPython
//! programs on Wokwi diagrams, run on the simulated board in virtual time, checked on what the
//! parts show (SSD1306 pixels, LCD lines, NeoPixel colours) and what the programs read (DHT22,
//! MPU6050, DS18B20), with timed events changing the readings mid-run.

use hal_sim::board::events::parse_events;
use hal_sim::board::parts::Kind;
use hal_sim::board::runner::{RunEnd, run};
use hal_sim::board::{PartState, SharedBoard, SimBoard};
use vm::{Config, RunOutcome, Vm};

const S: u64 = 1_000_000;

/// Runs `program` on the board of `diagram` with `events` until it ends (or `until_us`).
fn sim(diagram: &str, events: &str, program: &str, until_us: u64) -> (SharedBoard, String) {
    let board = SimBoard::from_diagram_json(diagram)
        .expect("diagram")
        .shared();
    let events = parse_events(events).expect("events");
    board.with(|b| b.schedule(&events));
    let mut out = String::new();
    let end = run(
        &board,
        Config::default(),
        program,
        "main.py",
        until_us,
        &mut |_, b| out.push_str(&String::from_utf8_lossy(b)),
    );
    assert_eq!(end, RunEnd::Finished, "{out}");
    (board, out)
}

/// Runs a program with no board (a plain VM) and returns what it printed.
fn plain(program: &str) -> String {
    let mut vm = Vm::new(Config::default());
    vm.load_main(program, "reference.py").expect("compiles");
    let mut r = vm.run(1_000_000);
    while r == RunOutcome::BudgetExhausted {
        r = vm.run(1_000_000);
    }
    let out: Vec<u8> = vm.take_output().into_iter().flat_map(|(_, b)| b).collect();
    assert_eq!(r, RunOutcome::Finished, "{}", String::from_utf8_lossy(&out));
    String::from_utf8_lossy(&out).into_owned()
}

fn diagram(parts: &str, connections: &str) -> String {
    format!(
        r#"{{ "version": 1, "author": "esprit", "editor": "wokwi",
  "parts": [ {{ "type": "wokwi-esp32-devkit-v1", "id": "esp", "top": 0, "left": 0, "attrs": {{}} }},
    {parts} ],
  "connections": [ [ "esp:TX0", "$serialMonitor:RX", "", [] ], [ "esp:RX0", "$serialMonitor:TX", "", [] ],
    {connections} ],
  "serialMonitor": {{ "display": "auto", "newline": "lf" }}, "dependencies": {{}} }}"#
    )
}

/// The drawing both the board program and the reference do: a status screen.
const SCREEN: &str = "\
def draw(fb):
    fb.fill(0)
    fb.rect(0, 0, 128, 64, 1)
    fb.text('esprit', 40, 4)
    fb.hline(4, 14, 120, 1)
    fb.text('Temp: 23.5 C', 8, 20)
    fb.text('Hum:  41 %', 8, 32)
    fb.fill_rect(8, 46, 70, 8, 1)
    fb.text('OK', 10, 46, 0)
    fb.ellipse(105, 50, 8, 6, 1)
";

#[test]
fn ssd1306_text_matches_a_framebuf_reference_pixel_for_pixel() {
    let d = diagram(
        r#"{ "type": "board-ssd1306", "id": "oled", "top": 100, "left": 150, "attrs": { "i2cAddress": "0x3c" } }"#,
        r#"[ "oled:GND", "esp:GND.1", "black", [] ], [ "oled:VCC", "esp:3V3", "red", [] ],
    [ "oled:SCL", "esp:D22", "green", [] ], [ "oled:SDA", "esp:D21", "blue", [] ]"#,
    );
    let program = format!(
        "from machine import Pin, I2C\nimport ssd1306\n{SCREEN}\n\
         i2c = I2C(0, scl=Pin(22), sda=Pin(21), freq=400000)\n\
         oled = ssd1306.SSD1306_I2C(128, 64, i2c)\n\
         draw(oled)\noled.show()\nprint('shown')\n"
    );
    let (board, out) = sim(&d, "[]", &program, 5 * S);
    assert_eq!(out, "shown\n");
    assert_glass_shows_screen(&board, "oled");
}

/// The display `id` shows exactly what `SCREEN` draws on a plain frame buffer.
fn assert_glass_shows_screen(board: &SharedBoard, id: &str) {
    // The same drawing on a plain frame buffer, MONO_HLSB so each row reads left to right.
    let reference = plain(&format!(
        "import framebuf\n{SCREEN}\n\
         fb = framebuf.FrameBuffer(bytearray(1024), 128, 64, framebuf.MONO_HLSB)\n\
         draw(fb)\n\
         for y in range(64):\n    print(''.join('#' if fb.pixel(x, y) else '.' for x in range(128)))\n"
    ));
    let Some(PartState::Ssd1306 {
        width, on, pixels, ..
    }) = board.with(|b| b.part(id)).flatten()
    else {
        panic!("no display state");
    };
    assert!(on);
    let glass: String = pixels
        .chunks(width)
        .map(|row| {
            let mut line: String = row
                .iter()
                .map(|p| if *p != 0 { '#' } else { '.' })
                .collect();
            line.push('\n');
            line
        })
        .collect();
    assert_eq!(glass, reference, "the glass differs from the frame buffer");
    assert!(glass.matches('#').count() > 600, "{glass}");
}

#[test]
fn ssd1306_over_spi_shows_the_same_screen() {
    // The older wokwi-ssd1306 part has the SPI pins: DATA (MOSI), CLK, DC, RST, CS.
    let d = diagram(
        r#"{ "type": "wokwi-ssd1306", "id": "oled", "top": 100, "left": 150, "attrs": {} }"#,
        r#"[ "oled:GND", "esp:GND.1", "black", [] ], [ "oled:VIN", "esp:3V3", "red", [] ],
    [ "oled:CLK", "esp:D18", "green", [] ], [ "oled:DATA", "esp:D23", "blue", [] ],
    [ "oled:DC", "esp:D2", "orange", [] ], [ "oled:RST", "esp:D4", "gray", [] ],
    [ "oled:CS", "esp:D5", "purple", [] ]"#,
    );
    let program = format!(
        "from machine import Pin, SPI\nimport ssd1306\n{SCREEN}\n\
         spi = SPI(2, baudrate=10000000, sck=Pin(18), mosi=Pin(23), miso=Pin(19))\n\
         oled = ssd1306.SSD1306_SPI(128, 64, spi, Pin(2), Pin(4), Pin(5))\n\
         draw(oled)\noled.show()\nprint('shown')\n"
    );
    let (board, out) = sim(&d, "[]", &program, 5 * S);
    assert_eq!(out, "shown\n");
    assert_glass_shows_screen(&board, "oled");
}

#[test]
fn neopixel_ring_shows_a_colour_wheel() {
    let d = diagram(
        r#"{ "type": "wokwi-led-ring", "id": "ring", "top": -150, "left": 150, "attrs": { "pixels": "16" } }"#,
        r#"[ "ring:GND", "esp:GND.1", "black", [] ], [ "ring:VCC", "esp:3V3", "red", [] ],
    [ "ring:DIN", "esp:D5", "green", [] ]"#,
    );
    let program = "\
from machine import Pin
import neopixel, time

def wheel(pos):
    # 0..255 around the colour wheel: red -> green -> blue -> red.
    if pos < 85:
        return (255 - pos * 3, pos * 3, 0)
    if pos < 170:
        pos -= 85
        return (0, 255 - pos * 3, pos * 3)
    pos -= 170
    return (pos * 3, 0, 255 - pos * 3)

ring = neopixel.NeoPixel(Pin(5), 16)
for step in range(10):
    for i in range(16):
        ring[i] = wheel((i * 256 // 16 + step * 8) & 255)
    ring.write()
    time.sleep_ms(50)
print(ring[0])
";
    let (board, out) = sim(&d, "[]", program, 5 * S);
    let wheel = |pos: u32| -> [u8; 3] {
        let c = if pos < 85 {
            [255 - pos * 3, pos * 3, 0]
        } else if pos < 170 {
            let p = pos - 85;
            [0, 255 - p * 3, p * 3]
        } else {
            let p = pos - 170;
            [p * 3, 0, 255 - p * 3]
        };
        c.map(|v| v as u8)
    };
    let want: Vec<[u8; 3]> = (0..16).map(|i| wheel((i * 16 + 9 * 8) & 255)).collect();
    assert_eq!(
        out,
        format!("{:?}\n", (want[0][0], want[0][1], want[0][2])).replace('[', "(")
    );
    match board.with(|b| b.part("ring")).flatten() {
        Some(PartState::NeoPixels { pixels }) => assert_eq!(pixels, want),
        other => panic!("{other:?}"),
    }
    // Every frame reached the ring with WS2812 timing.
    let chain = board.with(|b| match b.part_kind("ring") {
        Some(Kind::Pixels(chain)) => Some((chain.frames(), chain.timing_issue())),
        _ => None,
    });
    assert_eq!(chain.flatten(), Some((10, None)));
}

#[test]
fn dht22_readings_follow_the_sensor() {
    let d = diagram(
        r#"{ "type": "wokwi-dht22", "id": "dht1", "top": -2.2, "left": 176.84, "attrs": { "temperature": "24.3", "humidity": "40" } }"#,
        r#"[ "dht1:VCC", "esp:3V3", "red", [] ], [ "dht1:GND", "esp:GND.1", "black", [] ],
    [ "dht1:SDA", "esp:D15", "green", [] ]"#,
    );
    let events = r#"[ {"time": "3s", "part": "dht1", "action": "set", "value": -7.5},
        {"time": "3s", "part": "dht1", "action": "set", "property": "humidity", "value": 87.2} ]"#;
    let program = "\
import dht, time
from machine import Pin
sensor = dht.DHT22(Pin(15))
for i in range(3):
    sensor.measure()
    print('%.1f C %.1f %%' % (sensor.temperature(), sensor.humidity()))
    time.sleep(2)
";
    let (_, out) = sim(&d, events, program, 10 * S);
    assert_eq!(out, "24.3 C 40.0 %\n24.3 C 40.0 %\n-7.5 C 87.2 %\n");
}

#[test]
fn lcd1602_shows_a_line_and_a_custom_character() {
    let d = diagram(
        r#"{ "type": "wokwi-lcd1602", "id": "lcd1", "top": 100, "left": 200, "attrs": { "pins": "i2c" } }"#,
        r#"[ "lcd1:GND", "esp:GND.1", "black", [] ], [ "lcd1:VCC", "esp:VIN", "red", [] ],
    [ "lcd1:SDA", "esp:D21", "green", [] ], [ "lcd1:SCL", "esp:D22", "blue", [] ]"#,
    );
    let program = "\
from machine import Pin, SoftI2C
from i2c_lcd import I2cLcd
import time
i2c = SoftI2C(scl=Pin(22), sda=Pin(21), freq=100000)
addr = i2c.scan()[0]
lcd = I2cLcd(i2c, addr, 2, 16)
lcd.custom_char(0, bytearray([0x0E, 0x11, 0x11, 0x11, 0x1F, 0x1F, 0x1F, 0x00]))
lcd.putstr('Battery level')
lcd.move_to(0, 1)
for i in range(5):
    lcd.putchar(chr(0))
lcd.putstr(' 62%')
time.sleep_ms(500)
lcd.move_to(13, 0)
lcd.putstr(':')
print(hex(addr))
";
    let (board, out) = sim(&d, "[]", program, 5 * S);
    assert_eq!(out, "0x27\n");
    match board.with(|b| b.part("lcd1")).flatten() {
        Some(PartState::Lcd1602 { lines, backlight }) => {
            assert!(backlight);
            assert_eq!(lines[0], "Battery level:  ");
            assert_eq!(lines[1], "\u{0}\u{0}\u{0}\u{0}\u{0} 62%       ");
        }
        other => panic!("{other:?}"),
    }
    let lcd = board.with(|b| match b.part_kind("lcd1") {
        Some(Kind::Lcd1602(lcd)) => Some((lcd.glyph(0), lcd.cursor_on())),
        _ => None,
    });
    assert_eq!(
        lcd.flatten(),
        Some(([0x0E, 0x11, 0x11, 0x11, 0x1F, 0x1F, 0x1F, 0x00], false))
    );
}

#[test]
fn mpu6050_read_over_i2c() {
    let d = diagram(
        r#"{ "type": "wokwi-mpu6050", "id": "imu1", "top": 100, "left": 200, "attrs": { "accelX": "0.5", "accelZ": "0.75", "rotationZ": "-90", "temperature": "30" } }"#,
        r#"[ "imu1:VCC", "esp:3V3", "red", [] ], [ "imu1:GND", "esp:GND.1", "black", [] ],
    [ "imu1:SDA", "esp:D21", "green", [] ], [ "imu1:SCL", "esp:D22", "blue", [] ]"#,
    );
    // Tilting it mid-run changes X alone.
    let events = r#"[ {"time": "1s", "part": "imu1", "action": "set", "property": "accelX", "value": -0.25} ]"#;
    let program = "\
from machine import Pin, I2C
import struct, time
MPU = 0x68
i2c = I2C(0, scl=Pin(22), sda=Pin(21))
print('who am i:', hex(i2c.readfrom_mem(MPU, 0x75, 1)[0]))
i2c.writeto_mem(MPU, 0x6B, b'\\x00')   # wake up
def read():
    ax, ay, az, t, gx, gy, gz = struct.unpack('>hhhhhhh', i2c.readfrom_mem(MPU, 0x3B, 14))
    print('accel %.2f %.2f %.2f g' % (ax / 16384, ay / 16384, az / 16384))
    print('gyro %.1f %.1f %.1f dps' % (gx / 131, gy / 131, gz / 131))
    print('temp %.1f C' % (t / 340 + 36.53))
read()
time.sleep(1.5)
read()
";
    let (_, out) = sim(&d, events, program, 5 * S);
    assert_eq!(
        out,
        "who am i: 0x68\n\
         accel 0.50 0.00 0.75 g\ngyro 0.0 0.0 -90.0 dps\ntemp 30.0 C\n\
         accel -0.25 0.00 0.75 g\ngyro 0.0 0.0 -90.0 dps\ntemp 30.0 C\n"
    );
}

#[test]
fn ds18b20_temperatures_on_one_bus() {
    let d = diagram(
        r#"{ "type": "wokwi-ds18b20", "id": "inside", "top": 0, "left": 200, "attrs": { "temperature": "21.5" } },
    { "type": "wokwi-ds18b20", "id": "outside", "top": 0, "left": 260, "attrs": { "temperature": "-3.25" } }"#,
        r#"[ "inside:VCC", "esp:3V3", "red", [] ], [ "inside:GND", "esp:GND.1", "black", [] ],
    [ "inside:DQ", "esp:D4", "green", [] ],
    [ "outside:VCC", "esp:3V3", "red", [] ], [ "outside:GND", "esp:GND.1", "black", [] ],
    [ "outside:DQ", "esp:D4", "green", [] ]"#,
    );
    let events = r#"[ {"time": "1.5s", "part": "outside", "action": "set", "value": -10.0625} ]"#;
    let program = "\
import time, onewire, ds18x20
from machine import Pin
ds = ds18x20.DS18X20(onewire.OneWire(Pin(4)))
roms = ds.scan()
print(len(roms), 'sensors, CRC ok:', all(ds.ow.crc8(r) == 0 for r in roms))
for round in range(2):
    ds.convert_temp()
    time.sleep_ms(750)
    print(sorted(ds.read_temp(r) for r in roms))
    time.sleep(1)
";
    let (_, out) = sim(&d, events, program, 5 * S);
    assert_eq!(
        out,
        "2 sensors, CRC ok: True\n[-3.25, 21.5]\n[-10.0625, 21.5]\n"
    );
}

#[test]
fn lcd1602_wired_to_gpios_in_4_bit_mode() {
    // Wokwi's default LCD1602 wiring: RS, E and D4..D7 straight to GPIOs, RW to ground.
    let d = diagram(
        r#"{ "type": "wokwi-lcd1602", "id": "lcd1", "top": 100, "left": 200, "attrs": {} }"#,
        r#"[ "lcd1:VSS", "esp:GND.1", "black", [] ], [ "lcd1:VDD", "esp:VIN", "red", [] ],
    [ "lcd1:RW", "esp:GND.1", "black", [] ],
    [ "lcd1:RS", "esp:D12", "green", [] ], [ "lcd1:E", "esp:D14", "green", [] ],
    [ "lcd1:D4", "esp:D27", "blue", [] ], [ "lcd1:D5", "esp:D26", "blue", [] ],
    [ "lcd1:D6", "esp:D25", "blue", [] ], [ "lcd1:D7", "esp:D33", "blue", [] ]"#,
    );
    let program = "\
from machine import Pin
from gpio_lcd import GpioLcd
lcd = GpioLcd(rs_pin=Pin(12), enable_pin=Pin(14), d4_pin=Pin(27), d5_pin=Pin(26),
              d6_pin=Pin(25), d7_pin=Pin(33), num_lines=2, num_columns=16)
lcd.putstr('GPIO wiring\\nworks too')
lcd.blink_cursor_on()
";
    let (board, out) = sim(&d, "[]", program, 5 * S);
    assert_eq!(out, "");
    match board.with(|b| b.part("lcd1")).flatten() {
        Some(PartState::Lcd1602 { lines, .. }) => {
            assert_eq!(lines, ["GPIO wiring     ", "works too       "]);
        }
        other => panic!("{other:?}"),
    }
    let blink = board.with(|b| match b.part_kind("lcd1") {
        Some(Kind::Lcd1602(lcd)) => Some((lcd.four_bit(), lcd.blink_on())),
        _ => None,
    });
    assert_eq!(blink.flatten(), Some((true, true)));
}
