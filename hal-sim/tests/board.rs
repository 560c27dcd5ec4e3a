//! The simulated board running realistic MicroPython programs on Wokwi diagrams, checked on
//! the trace and the part states (issue 5's "Done when" for the board's own parts).

use hal_sim::board::events::parse_events;
use hal_sim::board::runner::{RunEnd, run};
use hal_sim::board::{PartState, SharedBoard, SimBoard, TraceValue};
use vm::Config;

const S: u64 = 1_000_000;

/// Runs `src` on a board from `diagram` (None: the bare DevKit) with `events` until `until_us`.
fn sim(
    diagram: Option<&str>,
    events: &str,
    src: &str,
    until_us: u64,
) -> (SharedBoard, String, RunEnd) {
    let board = match diagram {
        Some(d) => SimBoard::from_diagram_json(d).expect("diagram"),
        None => SimBoard::bare(),
    };
    let board = board.shared();
    let events = parse_events(events).expect("events");
    board.with(|b| b.schedule(&events));
    let mut out = String::new();
    let end = run(
        &board,
        Config::default(),
        src,
        "main.py",
        until_us,
        &mut |_, b| out.push_str(&String::from_utf8_lossy(b)),
    );
    (board, out, end)
}

/// The times a bit signal changed to `level`.
fn times_of(board: &SharedBoard, signal: &str, level: bool) -> Vec<u64> {
    board
        .with(|b| {
            b.trace()
                .of(signal)
                .filter(|e| e.value == TraceValue::Bit(level))
                .map(|e| e.time_us)
                .collect()
        })
        .unwrap_or_default()
}

fn reals(board: &SharedBoard, signal: &str) -> Vec<(u64, f64)> {
    board
        .with(|b| {
            b.trace()
                .of(signal)
                .filter_map(|e| match e.value {
                    TraceValue::Real(r) => Some((e.time_us, r)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

const LED_BUTTON: &str = r#"{
  "version": 1, "author": "test", "editor": "wokwi",
  "parts": [
    { "type": "wokwi-esp32-devkit-v1", "id": "esp", "top": 0, "left": 0, "attrs": {} },
    { "type": "wokwi-led", "id": "led1", "top": -40, "left": 150, "attrs": { "color": "red" } },
    { "type": "wokwi-resistor", "id": "r1", "top": 20, "left": 160, "attrs": { "value": "220" } },
    { "type": "wokwi-pushbutton", "id": "btn1", "top": 90, "left": 150, "attrs": { "bounce": "0" } },
    { "type": "wokwi-potentiometer", "id": "pot1", "top": 90, "left": 250, "attrs": {} },
    { "type": "wokwi-servo", "id": "servo1", "top": 90, "left": 350, "attrs": {} },
    { "type": "wokwi-hc-sr04", "id": "sonar", "top": 90, "left": 450, "attrs": { "distance": "100" } },
    { "type": "wokwi-buzzer", "id": "bz1", "top": 90, "left": 550, "attrs": {} }
  ],
  "connections": [
    [ "esp:TX0", "$serialMonitor:RX", "", [] ], [ "esp:RX0", "$serialMonitor:TX", "", [] ],
    [ "esp:D4", "led1:A", "green", [ "h20", "*", "v10" ] ], [ "led1:C", "r1:1", "black", [] ],
    [ "r1:2", "esp:GND.1", "black", [] ],
    [ "esp:D15", "btn1:1.l", "blue", [] ], [ "btn1:2.l", "esp:GND.1", "black", [] ],
    [ "pot1:SIG", "esp:D34", "green", [] ], [ "pot1:GND", "esp:GND.2", "black", [] ],
    [ "pot1:VCC", "esp:3V3", "red", [] ],
    [ "servo1:PWM", "esp:D18", "orange", [] ],
    [ "sonar:TRIG", "esp:D5", "", [] ], [ "sonar:ECHO", "esp:D19", "", [] ],
    [ "bz1:2", "esp:D23", "", [] ], [ "bz1:1", "esp:GND.1", "", [] ],
    [ "esp:TX2", "esp:RX2", "", [] ]
  ],
  "dependencies": {}
}"#;

#[test]
fn blink_at_1_hz_on_the_onboard_led() {
    let (board, out, end) = sim(
        None,
        "[]",
        "from machine import Pin\nimport time\nled = Pin(2, Pin.OUT)\nwhile True:\n    led.value(not led.value())\n    time.sleep(0.5)\n",
        5 * S,
    );
    assert_eq!(end, RunEnd::TimeUp, "{}", out);
    let rises = times_of(&board, "GPIO2", true);
    assert_eq!(rises.len(), 5, "{:?}", rises);
    for w in rises.windows(2) {
        let period = w[1] - w[0];
        assert!(
            (999_000..=1_001_000).contains(&period),
            "period {} µs",
            period
        );
    }
    let falls = times_of(&board, "GPIO2", false);
    let high = falls.iter().find(|f| **f > rises[0]).unwrap() - rises[0];
    assert!((499_000..=501_000).contains(&high), "high for {} µs", high);
}

#[test]
fn a_button_irq_toggles_an_led() {
    let src = "\
from machine import Pin
import time
led = Pin(4, Pin.OUT, value=0)
presses = []
def pressed(pin):
    presses.append(time.ticks_ms())
    led.value(not led.value())
btn = Pin(15, Pin.IN, Pin.PULL_UP)
btn.irq(pressed, Pin.IRQ_FALLING)
while True:
    time.sleep(1)
";
    let events = r#"[
        {"time": "1s", "part": "btn1", "action": "press"},
        {"time": "1.2s", "part": "btn1", "action": "release"},
        {"time": "2s", "part": "btn1", "action": "press"},
        {"time": "2.5s", "part": "btn1", "action": "release"},
        {"time": "3s", "part": "btn1", "action": "press"}
    ]"#;
    let (board, out, end) = sim(Some(LED_BUTTON), events, src, 4 * S);
    assert_eq!(end, RunEnd::TimeUp, "{}", out);
    // The LED toggles at each press: on at 1 s, off at 2 s, on at 3 s.
    let led = reals(&board, "led1");
    let on: Vec<(u64, f64)> = led.iter().map(|(t, v)| (t / 1000, *v)).collect();
    assert_eq!(
        on,
        vec![(0, 0.0), (1000, 1.0), (2000, 0.0), (3000, 1.0)],
        "{:?}",
        led
    );
    assert_eq!(
        board.with(|b| b.part("led1")).flatten(),
        Some(PartState::Led { brightness: 1.0 })
    );
    assert_eq!(
        board.with(|b| b.part("btn1")).flatten(),
        Some(PartState::Button { pressed: true })
    );
}

#[test]
fn a_bouncing_button_makes_several_edges() {
    let diagram = LED_BUTTON.replace(r#""bounce": "0""#, r#""bounce": "1""#);
    let src = "from machine import Pin\nimport time\nn = [0]\nb = Pin(15, Pin.IN, Pin.PULL_UP)\nb.irq(lambda p: n.__setitem__(0, n[0] + 1), Pin.IRQ_FALLING)\ntime.sleep(2)\nprint(n[0])\n";
    let (_, out, _) = sim(
        Some(&diagram),
        r#"[{"time": "1s", "part": "btn1", "action": "press"}]"#,
        src,
        3 * S,
    );
    let n: u32 = out.trim().parse().unwrap();
    assert!(n > 1, "a bouncing press gave {} falling edges", n);
}

#[test]
fn pwm_fades_an_led() {
    let src = "\
from machine import Pin, PWM
import time
pwm = PWM(Pin(4), freq=1000, duty_u16=0)
for duty in range(0, 65536, 8192):
    pwm.duty_u16(duty)
    time.sleep_ms(100)
pwm.duty_u16(65535)
";
    let (board, out, end) = sim(Some(LED_BUTTON), "[]", src, 2 * S);
    assert_eq!(end, RunEnd::Finished, "{}", out);
    let levels: Vec<f64> = reals(&board, "led1").iter().map(|(_, v)| *v).collect();
    assert!(levels.len() >= 8, "{:?}", levels);
    assert!(
        levels.windows(2).all(|w| w[1] > w[0]),
        "not rising: {:?}",
        levels
    );
    assert!((levels[1] - 0.125).abs() < 1e-6, "{:?}", levels);
    assert!(*levels.last().unwrap() > 0.99);
}

#[test]
fn a_pot_read_through_the_adc() {
    let src = "\
from machine import ADC, Pin
import time
adc = ADC(Pin(34), atten=ADC.ATTN_11DB)
for _ in range(3):
    print(adc.read(), adc.read_u16(), adc.read_uv())
    time.sleep(1)
";
    let events = r#"[
        {"time": "0.5s", "part": "pot1", "action": "set", "value": 0.5},
        {"time": "1.5s", "part": "pot1", "action": "set", "property": "value", "value": 1023}
    ]"#;
    let (_, out, end) = sim(Some(LED_BUTTON), events, src, 5 * S);
    assert_eq!(end, RunEnd::Finished, "{}", out);
    assert_eq!(out, "0 0 0\n2047 32759 1650000\n4095 65535 3300000\n");
}

#[test]
fn a_servo_sweeps_to_its_angles() {
    let src = "\
from machine import Pin, PWM
import time
servo = PWM(Pin(18), freq=50)
for ns in (500_000, 1_500_000, 2_500_000):
    servo.duty_ns(ns)
    time.sleep_ms(300)
";
    let (board, out, _) = sim(Some(LED_BUTTON), "[]", src, 2 * S);
    let angles: Vec<f64> = reals(&board, "servo1")
        .iter()
        .map(|(_, a)| a.round())
        .collect();
    assert!(
        angles.ends_with(&[0.0, 90.0, 180.0]),
        "{:?} {}",
        angles,
        out
    );
    assert_eq!(
        board.with(|b| b.part("servo1")).flatten(),
        Some(PartState::Servo { angle: 180.0 })
    );
}

#[test]
fn a_buzzer_plays_the_pwm_frequency() {
    let src = "from machine import Pin, PWM\nimport time\nb = PWM(Pin(23), freq=440, duty_u16=32768)\ntime.sleep_ms(10)\n";
    let (board, _, _) = sim(Some(LED_BUTTON), "[]", src, S);
    assert_eq!(
        board.with(|b| b.part("bz1")).flatten(),
        Some(PartState::Buzzer { frequency: 440.0 })
    );
}

#[test]
fn hc_sr04_distance_by_time_pulse_us() {
    let src = "\
from machine import Pin, time_pulse_us
import time
trig = Pin(5, Pin.OUT, value=0)
echo = Pin(19, Pin.IN)
for _ in range(2):
    trig.value(1)
    time.sleep_us(10)
    trig.value(0)
    us = time_pulse_us(echo, 1, 30000)
    print(us, round(us / 58))
    time.sleep_ms(100)
print(time_pulse_us(echo, 1, 1000))
";
    let events = r#"[{"time": "50ms", "part": "sonar", "action": "set", "value": 42}]"#;
    let (_, out, end) = sim(Some(LED_BUTTON), events, src, S);
    assert_eq!(end, RunEnd::Finished, "{}", out);
    assert_eq!(out, "5800 100\n2436 42\n-2\n");
}

#[test]
fn a_timer_callback_keeps_its_period() {
    let src = "\
from machine import Timer
import time
stamps = []
t = Timer(0, mode=Timer.PERIODIC, period=250, callback=lambda t: stamps.append(time.ticks_us()))
one = []
Timer(1, mode=Timer.ONE_SHOT, period=600, callback=lambda t: one.append(time.ticks_ms()))
x = 0
while len(stamps) < 6:
    x += 1
t.deinit()
print([b - a for a, b in zip(stamps, stamps[1:])], one)
";
    let (_, out, end) = sim(None, "[]", src, 5 * S);
    assert_eq!(end, RunEnd::Finished, "{}", out);
    // Busy-waiting, a callback runs within one slice (50 µs) of its deadline.
    let line = out.trim();
    let (gaps, one) = line.split_once("] ").unwrap();
    for g in gaps.trim_start_matches('[').split(", ") {
        let g: i64 = g.parse().unwrap();
        assert!((g - 250_000).abs() <= 50, "{}", line);
    }
    assert_eq!(one, "[600]");
}

#[test]
fn uart_loopback() {
    let src = "\
from machine import UART
import time
u = UART(2, baudrate=9600, tx=17, rx=16)
print(u.any(), u.read())
u.write(b'hello\\n')
time.sleep_ms(2)
print(u.any())
time.sleep_ms(10)
print(u.any(), u.readline(), u.read())
";
    let (_, out, end) = sim(Some(LED_BUTTON), "[]", src, S);
    assert_eq!(end, RunEnd::Finished, "{}", out);
    // 9600 baud 8N1: a character takes 1.04 ms, so after 2 ms one has arrived.
    assert_eq!(out, "0 None\n1\n6 b'hello\\n' None\n");
}

#[test]
fn pin_errors_as_on_a_real_esp32() {
    let src = "\
from machine import Pin, ADC, I2C
for f in (lambda: Pin(40), lambda: Pin(34, Pin.OUT), lambda: ADC(Pin(5)),
          lambda: I2C(0, scl=Pin(22), sda=Pin(21)).writeto(0x3c, b'x')):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
";
    let (_, out, _) = sim(Some(LED_BUTTON), "[]", src, S);
    assert_eq!(
        out,
        "ValueError invalid pin\nValueError pin can only be input\nValueError invalid pin\nOSError [Errno 19] ENODEV\n"
    );
}

/// A minimal VCD reader: the value changes of each named signal.
fn parse_vcd(text: &str) -> std::collections::BTreeMap<String, Vec<(u64, String)>> {
    let mut names = std::collections::BTreeMap::new();
    let mut out: std::collections::BTreeMap<String, Vec<(u64, String)>> = Default::default();
    let mut time = 0u64;
    let mut in_defs = true;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if in_defs {
            if words.first() == Some(&"$var") {
                assert_eq!(words.last(), Some(&"$end"), "{}", line);
                names.insert(words[3].to_string(), words[4].to_string());
            }
            if words.first() == Some(&"$enddefinitions") {
                in_defs = false;
            }
            continue;
        }
        if let Some(t) = line.strip_prefix('#') {
            let t: u64 = t.parse().expect("timestamp");
            assert!(t >= time, "time went back at {}", line);
            time = t;
        } else if let Some(rest) = line.strip_prefix('r') {
            let (v, id) = rest.split_once(' ').expect("real change");
            out.entry(names[id].clone())
                .or_default()
                .push((time, v.to_string()));
        } else if !line.is_empty() {
            let (v, id) = line.split_at(1);
            assert!(v == "0" || v == "1", "{}", line);
            out.entry(names[id].clone())
                .or_default()
                .push((time, v.to_string()));
        }
    }
    out
}

#[test]
fn the_vcd_parses_back_to_the_trace() {
    let src = "from machine import Pin, PWM\nimport time\nled = Pin(2, Pin.OUT)\nfor i in range(4):\n    led.value(i % 2 == 0)\n    time.sleep_ms(250)\nPWM(Pin(4), freq=1000, duty_u16=16384)\n";
    let (board, _, _) = sim(Some(LED_BUTTON), "[]", src, 2 * S);
    let vcd = board.with(|b| b.vcd()).unwrap();
    assert!(vcd.contains("$timescale 1us $end"));
    let signals = parse_vcd(&vcd);
    let gpio2: Vec<(u64, String)> = signals["GPIO2"].clone();
    let from_trace: Vec<(u64, String)> = board
        .with(|b| {
            b.trace()
                .of("GPIO2")
                .map(|e| match e.value {
                    TraceValue::Bit(v) => (e.time_us, u8::from(v).to_string()),
                    TraceValue::Real(r) => (e.time_us, r.to_string()),
                })
                .collect()
        })
        .unwrap();
    assert_eq!(gpio2, from_trace);
    assert_eq!(gpio2.len(), 5, "{:?}", gpio2);
    assert_eq!(
        signals["led1"].last().map(|(_, v)| v.as_str()),
        Some("0.25")
    );
    let end = board.with(|b| b.now_us()).unwrap();
    let last_stamp = vcd.lines().rfind(|l| l.starts_with('#'));
    assert_eq!(last_stamp, Some(format!("#{}", end).as_str()));
}

#[test]
fn diagram_errors_name_the_part_pin_and_line() {
    let bad = LED_BUTTON.replace("\"led1:C\"", "\"led1:X\"");
    let e = SimBoard::from_diagram_json(&bad).err().unwrap();
    let text = e.to_string();
    assert!(
        text.contains("part \"led1\" (wokwi-led) has no pin \"X\""),
        "{}",
        text
    );
    assert!(text.contains("line 15"), "{}", text);
    let e = parse_events(r#"[{"time": "1s", "part": "btn1", "action": "push"}]"#).unwrap_err();
    assert!(e.contains("unknown action \"push\""), "{}", e);
}

#[test]
fn the_same_program_gives_the_same_trace() {
    let src = "from machine import Pin\nimport time, random\np = Pin(4, Pin.OUT)\nfor i in range(200):\n    p.toggle()\n    time.sleep_us(137 * (i % 7))\n";
    let vcd = || {
        sim(Some(LED_BUTTON), "[]", src, S)
            .0
            .with(|b| b.vcd())
            .unwrap()
    };
    assert_eq!(vcd(), vcd());
}

#[test]
fn the_c3_devkit_has_its_pins_pixel_boot_and_mac() {
    let diagram = r#"{"parts": [{"type": "board-esp32-c3-devkitm-1", "id": "esp",
        "attrs": {"macAddress": "aa:bb:cc:00:11:22"}}], "connections": []}"#;
    let src = "\
from machine import Pin, SPI, unique_id
import neopixel, time
np = neopixel.NeoPixel(Pin(8), 1)
np[0] = (1, 2, 3)
np.write()
boot = Pin(9, Pin.IN, Pin.PULL_UP)
print(unique_id().hex(), boot.value())
time.sleep(1)
print(boot.value())
for f in (lambda: Pin(22), lambda: SPI(2)):
    try:
        f()
    except ValueError as e:
        print(e)
";
    let events = r#"[{"time": "0.5s", "part": "esp", "action": "press"}]"#;
    let (board, out, end) = sim(Some(diagram), events, src, 2 * S);
    assert_eq!(end, RunEnd::Finished, "{}", out);
    assert_eq!(
        out,
        "aabbcc001122 1\n0\ninvalid pin\nSPI(2) doesn't exist\n"
    );
    assert_eq!(
        board.with(|b| b.part("esp")).flatten(),
        Some(PartState::Board {
            led: 0.0,
            boot: true,
            pixel: Some([1, 2, 3])
        })
    );
}

#[test]
fn an_unfed_watchdog_resets_the_board() {
    let src = "\
from machine import WDT
import time
wdt = WDT(timeout=100)
for _ in range(5):
    time.sleep_ms(50)
    wdt.feed()
print('hung')
while True:
    pass
";
    let (board, out, end) = sim(None, "[]", src, 2 * S);
    assert_eq!((out.as_str(), end), ("hung\n", RunEnd::Exit(0)));
    let at = times_of(&board, "reset", true);
    assert_eq!(at.len(), 1);
    assert!((350_000..=351_000).contains(&at[0]), "{:?}", at);
    let mut again = String::new();
    run(
        &board,
        Config::default(),
        "import machine\nprint(machine.reset_cause() == machine.WDT_RESET)\n",
        "main.py",
        3 * S,
        &mut |_, b| again.push_str(&String::from_utf8_lossy(b)),
    );
    assert_eq!(again, "True\n");
}
