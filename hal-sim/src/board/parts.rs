//! The part models a diagram's parts become: their pins, their attributes (with Wokwi's
//! defaults) and their state, readable as a serde-serialisable snapshot for the page.

use serde::Serialize;

use super::diagram::Part;
use super::mcu::McuBoard;
use crate::devices::dht22::Dht22;
use crate::devices::ds18b20::Ds18b20;
use crate::devices::lcd1602::Lcd1602;
use crate::devices::mpu6050::Mpu6050;
use crate::devices::ssd1306::{self, Ssd1306};
use crate::devices::ws2812::Ws2812Chain;

/// What a part is and its state.
pub enum Kind {
    Mcu(McuBoard),
    Led,
    RgbLed {
        common_anode: bool,
        rgb: [f64; 3],
    },
    Resistor {
        ohms: f64,
    },
    Button {
        pressed: bool,
        contact: bool,
        bounce: bool,
        presses: u64,
    },
    SlideSwitch {
        right: bool,
    },
    /// Potentiometers: the wiper's position 0..=1.
    Pot {
        position: f64,
    },
    Photoresistor {
        lux: f64,
        threshold: f64,
        rl10: f64,
        gamma: f64,
    },
    Ntc {
        celsius: f64,
        beta: f64,
    },
    Servo {
        angle: f64,
    },
    Buzzer {
        frequency: f64,
    },
    HcSr04 {
        distance_cm: f64,
        echo: bool,
        trig_rise_us: Option<u64>,
    },
    Ssd1306(Box<Ssd1306>),
    Lcd1602(Box<Lcd1602>),
    Mpu6050(Box<Mpu6050>),
    Dht(Box<Dht22>),
    Ds18b20(Box<Ds18b20>),
    Pixels(Box<Ws2812Chain>),
    /// A part the simulation does not model; its pins still join nets.
    Other,
}

/// A part on the board.
pub struct PartModel {
    pub id: String,
    pub kind_name: String,
    pub kind: Kind,
    /// Last brightness/angle/frequency traced, so only changes are recorded.
    pub traced: Option<f64>,
}

fn attr_f64(p: &Part, name: &str, default: f64) -> f64 {
    p.attrs
        .get(name)
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

fn attr_addr(p: &Part, default: u8) -> u8 {
    p.attrs
        .get("i2cAddress")
        .and_then(|s| {
            let s = s.trim();
            match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
                Some(h) => u8::from_str_radix(h, 16).ok(),
                None => s.parse().ok(),
            }
        })
        .unwrap_or(default)
}

impl PartModel {
    /// The model of a diagram part (an unknown type becomes `Other`).
    pub fn new(p: &Part, index: usize) -> PartModel {
        let kind = match p.kind.as_str() {
            k if McuBoard::from_type(k).is_some() => {
                Kind::Mcu(McuBoard::from_type(k).unwrap_or(McuBoard::DevkitV1))
            }
            "wokwi-led" => Kind::Led,
            "wokwi-rgb-led" => Kind::RgbLed {
                common_anode: p.attrs.get("common").is_some_and(|c| c == "anode"),
                rgb: [0.0; 3],
            },
            "wokwi-resistor" => Kind::Resistor {
                ohms: attr_f64(p, "value", 1000.0),
            },
            "wokwi-pushbutton" | "wokwi-pushbutton-6mm" => Kind::Button {
                pressed: false,
                contact: false,
                bounce: p.attrs.get("bounce").is_none_or(|b| b != "0"),
                presses: index as u64,
            },
            "wokwi-slide-switch" => Kind::SlideSwitch {
                right: p.attrs.get("value").is_some_and(|v| v == "1"),
            },
            "wokwi-potentiometer" => Kind::Pot {
                position: (attr_f64(p, "value", 0.0) / 1023.0).clamp(0.0, 1.0),
            },
            "wokwi-slide-potentiometer" => Kind::Pot {
                position: (attr_f64(p, "value", 0.0) / attr_f64(p, "max", 100.0).max(1.0))
                    .clamp(0.0, 1.0),
            },
            "wokwi-photoresistor-sensor" => Kind::Photoresistor {
                lux: attr_f64(p, "lux", 500.0),
                threshold: attr_f64(p, "threshold", 2.5),
                rl10: attr_f64(p, "rl10", 50.0),
                gamma: attr_f64(p, "gamma", 0.7),
            },
            "wokwi-ntc-temperature-sensor" => Kind::Ntc {
                celsius: attr_f64(p, "temperature", 24.0),
                beta: attr_f64(p, "beta", 3950.0),
            },
            "wokwi-servo" => Kind::Servo { angle: 0.0 },
            "wokwi-buzzer" => Kind::Buzzer { frequency: 0.0 },
            "wokwi-hc-sr04" => Kind::HcSr04 {
                distance_cm: attr_f64(p, "distance", 400.0),
                echo: false,
                trig_rise_us: None,
            },
            "board-ssd1306" | "wokwi-ssd1306" => {
                Kind::Ssd1306(Box::new(Ssd1306::new(attr_addr(p, 0x3C))))
            }
            "wokwi-lcd1602" => Kind::Lcd1602(Box::new(Lcd1602::new(attr_addr(p, 0x27)))),
            "wokwi-lcd2004" => {
                Kind::Lcd1602(Box::new(Lcd1602::with_size(attr_addr(p, 0x27), 20, 4)))
            }
            "wokwi-mpu6050" => {
                let mut m = Mpu6050::new(false);
                m.set_acceleration([
                    attr_f64(p, "accelX", 0.0),
                    attr_f64(p, "accelY", 0.0),
                    attr_f64(p, "accelZ", 1.0),
                ]);
                m.set_rotation([
                    attr_f64(p, "rotationX", 0.0),
                    attr_f64(p, "rotationY", 0.0),
                    attr_f64(p, "rotationZ", 0.0),
                ]);
                m.set_temperature(attr_f64(p, "temperature", 24.0));
                Kind::Mpu6050(Box::new(m))
            }
            "wokwi-dht22" => Kind::Dht(Box::new(Dht22::new(
                attr_f64(p, "temperature", 24.0),
                attr_f64(p, "humidity", 40.0),
            ))),
            "wokwi-ds18b20" => Kind::Ds18b20(Box::new(Ds18b20::new(
                0x0000_1234_5600 + index as u64,
                attr_f64(p, "temperature", 22.0),
            ))),
            "wokwi-neopixel" => Kind::Pixels(Box::new(Ws2812Chain::new(1))),
            "wokwi-led-ring" | "wokwi-led-strip" => {
                Kind::Pixels(Box::new(Ws2812Chain::new(attr_f64(
                    p,
                    "pixels",
                    if p.kind == "wokwi-led-ring" {
                        16.0
                    } else {
                        8.0
                    },
                ) as usize)))
            }
            "wokwi-neopixel-matrix" => Kind::Pixels(Box::new(Ws2812Chain::new(
                (attr_f64(p, "rows", 8.0) * attr_f64(p, "cols", 8.0)) as usize,
            ))),
            _ => Kind::Other,
        };
        PartModel {
            id: p.id.clone(),
            kind_name: p.kind.clone(),
            kind,
            traced: None,
        }
    }

    /// The pins the part has (None: any name is accepted, for parts not modelled).
    pub fn pins(&self) -> Option<&'static [&'static str]> {
        Some(match &self.kind {
            Kind::Mcu(_) | Kind::Other => return None,
            Kind::Led => &["A", "C"],
            Kind::RgbLed { .. } => &["R", "G", "B", "COM"],
            Kind::Resistor { .. } => &["1", "2"],
            Kind::Button { .. } => &["1.l", "1.r", "2.l", "2.r"],
            Kind::SlideSwitch { .. } => &["1", "2", "3"],
            Kind::Pot { .. } => &["GND", "SIG", "VCC"],
            Kind::Photoresistor { .. } => &["VCC", "GND", "DO", "AO"],
            Kind::Ntc { .. } => &["VCC", "OUT", "GND"],
            Kind::Servo { .. } => &["PWM", "V+", "GND"],
            Kind::Buzzer { .. } => &["1", "2"],
            Kind::HcSr04 { .. } => &["VCC", "TRIG", "ECHO", "GND"],
            Kind::Ssd1306(_) => &[
                "GND", "VCC", "SCL", "SDA", "DATA", "CLK", "DC", "RST", "CS", "3V3", "VIN",
            ],
            Kind::Lcd1602(_) => &[
                "GND", "VCC", "SDA", "SCL", "VSS", "VDD", "V0", "RS", "RW", "E", "D0", "D1", "D2",
                "D3", "D4", "D5", "D6", "D7", "A", "K",
            ],
            Kind::Mpu6050(_) => &["INT", "AD0", "XCL", "XDA", "SDA", "SCL", "GND", "VCC"],
            Kind::Dht(_) => &["VCC", "SDA", "NC", "GND"],
            Kind::Ds18b20(_) => &["GND", "DQ", "VCC"],
            Kind::Pixels(_) => &["VDD", "DOUT", "VSS", "DIN", "GND", "VCC"],
        })
    }

    /// The part's state, for the page and for tests.
    pub fn snapshot(&self) -> PartState {
        match &self.kind {
            Kind::Mcu(_) | Kind::Resistor { .. } | Kind::Other => PartState::Passive,
            Kind::Led => PartState::Led {
                brightness: self.traced.unwrap_or(0.0),
            },
            Kind::RgbLed { rgb, .. } => PartState::RgbLed {
                red: rgb[0],
                green: rgb[1],
                blue: rgb[2],
            },
            Kind::Button { pressed, .. } => PartState::Button { pressed: *pressed },
            Kind::SlideSwitch { right } => PartState::Switch {
                value: u8::from(*right),
            },
            Kind::Pot { position } => PartState::Potentiometer {
                position: *position,
            },
            Kind::Photoresistor { lux, .. } => PartState::Photoresistor { lux: *lux },
            Kind::Ntc { celsius, .. } => PartState::Ntc {
                temperature: *celsius,
            },
            Kind::Servo { angle } => PartState::Servo { angle: *angle },
            Kind::Buzzer { frequency } => PartState::Buzzer {
                frequency: *frequency,
            },
            Kind::HcSr04 { distance_cm, .. } => PartState::HcSr04 {
                distance: *distance_cm,
            },
            Kind::Ssd1306(d) => {
                let mut pixels = Vec::with_capacity(ssd1306::WIDTH * ssd1306::HEIGHT);
                for y in 0..ssd1306::HEIGHT {
                    for x in 0..ssd1306::WIDTH {
                        pixels.push(u8::from(d.pixel(x, y)));
                    }
                }
                PartState::Ssd1306 {
                    width: ssd1306::WIDTH,
                    height: ssd1306::HEIGHT,
                    on: d.display_on(),
                    pixels,
                }
            }
            Kind::Lcd1602(d) => PartState::Lcd1602 {
                lines: (0..if self.kind_name == "wokwi-lcd2004" {
                    4
                } else {
                    2
                })
                    .map(|r| d.line(r))
                    .collect(),
                backlight: d.backlight(),
            },
            Kind::Mpu6050(_) => PartState::Passive,
            Kind::Dht(d) => PartState::Dht22 {
                temperature: d.temperature(),
                humidity: d.humidity(),
            },
            Kind::Ds18b20(d) => PartState::Ds18b20 {
                temperature: d.temperature(),
            },
            Kind::Pixels(c) => PartState::NeoPixels {
                pixels: c.pixels().iter().map(|(r, g, b)| [*r, *g, *b]).collect(),
            },
        }
    }
}

/// A part's state as the page draws it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartState {
    /// Nothing to draw (wires, resistors).
    Passive,
    /// The ESP32 board itself: its onboard LED (0..=1), BOOT button, and the C3 DevKitM-1's
    /// RGB LED (WS2812 on GPIO8).
    Board {
        led: f64,
        boot: bool,
        pixel: Option<[u8; 3]>,
    },
    /// 0..=1, the fraction of time lit (PWM duty).
    Led {
        brightness: f64,
    },
    RgbLed {
        red: f64,
        green: f64,
        blue: f64,
    },
    Button {
        pressed: bool,
    },
    Switch {
        value: u8,
    },
    Potentiometer {
        position: f64,
    },
    Photoresistor {
        lux: f64,
    },
    Ntc {
        temperature: f64,
    },
    /// Degrees, 0..=180.
    Servo {
        angle: f64,
    },
    /// Hz; 0 when silent.
    Buzzer {
        frequency: f64,
    },
    HcSr04 {
        distance: f64,
    },
    /// `pixels` row-major, one byte (0/1) per pixel.
    Ssd1306 {
        width: usize,
        height: usize,
        on: bool,
        pixels: Vec<u8>,
    },
    Lcd1602 {
        lines: Vec<String>,
        backlight: bool,
    },
    Dht22 {
        temperature: f64,
        humidity: f64,
    },
    Ds18b20 {
        temperature: f64,
    },
    /// (r, g, b) per LED.
    NeoPixels {
        pixels: Vec<[u8; 3]>,
    },
}
