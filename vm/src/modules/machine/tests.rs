//! `machine` against a small in-memory board: pins that read back what they drive (an input
//! reads its pull), PWM and I2C recorded, one I2C device at 0x3C. The real board models live
//! in hal-sim; these check the module's own rules (errors, reprs, IRQ and timer scheduling).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::hal::*;
use crate::{Config, RunOutcome, Vm};

#[derive(Default)]
struct TestBoard {
    level: BTreeMap<u32, bool>,
    irq: BTreeMap<u32, (bool, bool)>,
    edges: Vec<Edge>,
    pwm: BTreeMap<u32, (u32, u32)>,
}

impl BoardInfo for TestBoard {
    fn chip(&self) -> Chip {
        Chip::Esp32
    }
}
impl Gpio for TestBoard {
    fn pin_configure(
        &mut self,
        _: u64,
        pin: u32,
        mode: PinMode,
        pull: Pull,
    ) -> Result<(), HalError> {
        if mode == PinMode::Input {
            self.level.insert(pin, pull == Pull::Up);
        }
        Ok(())
    }
    fn pin_write(&mut self, now: u64, pin: u32, high: bool) -> Result<(), HalError> {
        let old = self.level.insert(pin, high).unwrap_or(false);
        if let Some((r, f)) = self.irq.get(&pin)
            && old != high
            && ((high && *r) || (!high && *f))
        {
            self.edges.push(Edge {
                pin,
                rising: high,
                at_us: now,
            });
        }
        Ok(())
    }
    fn pin_read(&mut self, _: u64, pin: u32) -> Result<bool, HalError> {
        Ok(self.level.get(&pin).copied().unwrap_or(false))
    }
    fn pin_set_irq(&mut self, pin: u32, r: bool, f: bool) -> Result<(), HalError> {
        self.irq.insert(pin, (r, f));
        Ok(())
    }
    fn take_edges(&mut self, now: u64, out: &mut Vec<Edge>) {
        out.extend(self.edges.iter().filter(|e| e.at_us <= now));
        self.edges.retain(|e| e.at_us > now);
    }
}
impl Pwm for TestBoard {
    fn pwm_start(&mut self, _: u64, pin: u32, f: u32, d: u32, _: bool) -> Result<(), HalError> {
        self.pwm.insert(pin, (f, d));
        Ok(())
    }
    fn pwm_stop(&mut self, _: u64, pin: u32) -> Result<(), HalError> {
        self.pwm.remove(&pin);
        Ok(())
    }
}
impl I2c for TestBoard {
    fn i2c_write(
        &mut self,
        _: u64,
        _: &I2cBus,
        addr: u8,
        b: &[u8],
        _: bool,
    ) -> Result<usize, HalError> {
        if addr == 0x3C {
            Ok(b.len())
        } else {
            Err(HalError::NoAck)
        }
    }
}
impl System for TestBoard {}
impl Adc for TestBoard {}
impl Dac for TestBoard {}
impl Pulse for TestBoard {}
impl Spi for TestBoard {}
impl Uart for TestBoard {}
impl Bitstream for TestBoard {}
impl Dht for TestBoard {}
impl OneWire for TestBoard {}

/// Runs `src` to the end (sleeps advance the clock) and returns stdout + stderr.
fn run_on(src: &str, board: bool) -> String {
    let mut vm = Vm::new(Config::default());
    if board {
        vm.attach_board(Box::new(TestBoard::default()));
    }
    vm.load_main(src, "t.py").unwrap();
    let mut out = String::new();
    let mut tb = String::new();
    for _ in 0..100_000 {
        match vm.run(1000) {
            RunOutcome::Sleeping { until_us } => vm.set_time_us(until_us),
            RunOutcome::BudgetExhausted => vm.advance_time_us(1000),
            RunOutcome::Exception => {
                tb = vm.last_traceback().unwrap_or_default();
                break;
            }
            _ => break,
        }
    }
    for (_, b) in vm.take_output() {
        out.push_str(&String::from_utf8_lossy(&b));
    }
    out + &tb
}

fn last_line(s: &str) -> &str {
    s.trim_end().lines().last().unwrap_or("")
}

#[test]
fn pins_drive_read_and_print_as_micropython() {
    let out = run_on(
        "from machine import Pin\n\
         p = Pin(2, Pin.OUT)\n\
         p.on(); print(p.value()); p.toggle(); print(p())\n\
         b = Pin(0, Pin.IN, Pin.PULL_UP)\n\
         print(b.value(), repr(p), b, Pin(2) is p)\n",
        true,
    );
    assert_eq!(
        out,
        "1\n0\n1 Pin(2, mode=Pin.OUT) Pin(0, mode=Pin.IN, pull=Pin.PULL_UP) True\n"
    );
}

#[test]
fn pin_errors_are_micropythons() {
    let cases = [
        ("Pin(24)", "ValueError: invalid pin"),
        ("Pin('D2')", "ValueError: invalid pin"),
        ("Pin(34, Pin.OUT)", "ValueError: pin can only be input"),
        ("ADC(Pin(5))", "ValueError: invalid pin"),
        ("DAC(Pin(2))", "ValueError: invalid Pin for DAC"),
        ("I2C(0).writeto(0x50, b'x')", "OSError: [Errno 19] ENODEV"),
        ("I2C(2)", "ValueError: I2C(2) doesn't exist"),
        ("SPI(3)", "ValueError: SPI(3) doesn't exist"),
        ("UART(3)", "ValueError: UART(3) does not exist"),
        (
            "PWM(Pin(2), freq=0)",
            "ValueError: frequency must be from 1Hz to 40MHz",
        ),
        (
            "PWM(Pin(2)).duty_u16(70000)",
            "ValueError: duty_u16 must be from 0 to 65536",
        ),
        (
            "Timer(0, period=10, hard=True)",
            "ValueError: hard Timers are not implemented",
        ),
        (
            "freq(1)",
            "ValueError: frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz",
        ),
    ];
    for (code, want) in cases {
        let out = run_on(&alloc::format!("from machine import *\n{}\n", code), true);
        assert_eq!(last_line(&out), want, "{}", code);
    }
}

#[test]
fn without_a_board_machine_says_so() {
    let out = run_on("import machine\nmachine.Pin(2)\n", false);
    assert!(
        last_line(&out).starts_with("OSError: no board attached"),
        "{}",
        out
    );
}

#[test]
fn pwm_runs_out_of_channels_and_timers() {
    let out = run_on(
        "from machine import Pin, PWM\n\
         ps = [PWM(Pin(p), freq=1000) for p in (0,2,4,5,12,13,14,15,16,17,18,19,21,22,23,25)]\n\
         print(ps[0])\n\
         try:\n  PWM(Pin(26))\nexcept RuntimeError as e:\n  print(e)\n\
         ps[0].deinit()\n\
         try:\n  ps[0].freq()\nexcept RuntimeError as e:\n  print(e)\n\
         for i, p in enumerate(ps[1:9]):\n  p.freq(2000 + i)\n",
        true,
    );
    assert_eq!(
        out.lines().take(3).collect::<Vec<_>>(),
        [
            "PWM(Pin(0), freq=1000, duty_u16=32768)",
            "out of PWM channels:16",
            "PWM is inactive"
        ]
    );
    assert_eq!(last_line(&out), "RuntimeError: out of PWM timers:8");
}

#[test]
fn pin_irq_handlers_and_timers_run_as_soft_irqs() {
    let out = run_on(
        "from machine import Pin, Timer\nimport time\n\
         hits = []\n\
         p = Pin(4, Pin.OUT)\n\
         p.irq(lambda pin: hits.append(pin.value()), Pin.IRQ_RISING)\n\
         for i in range(3):\n  p.on(); p.off()\n\
         time.sleep_ms(1)\n\
         ticks = []\n\
         t = Timer(0, period=100, callback=lambda t: ticks.append(time.ticks_ms()))\n\
         time.sleep_ms(350)\n\
         t.deinit()\n\
         print(len(hits), ticks)\n\
         print(0, [hex(a) for a in __import__('machine').I2C(0).scan()])\n",
        true,
    );
    assert_eq!(out, "3 [101, 201, 301]\n0 ['0x3c']\n");
}

#[test]
fn esp32_nvs_and_temperature() {
    let out = run_on(
        "import esp32\n\
         n = esp32.NVS('app')\n\
         n.set_i32('boots', 3); n.set_blob('name', b'esprit')\n\
         b = bytearray(10)\n\
         print(n.get_i32('boots'), n.get_blob('name', b), bytes(b[:6]), esp32.raw_temperature())\n\
         n.erase_key('boots')\n\
         try:\n  n.get_i32('boots')\nexcept OSError as e:\n  print(e)\n",
        true,
    );
    assert_eq!(out, "3 6 b'esprit' 104\n(-4354, 'ESP_ERR_NVS_NOT_FOUND')\n");
}

#[test]
fn bad_arguments_raise_never_panic() {
    let calls = [
        "Pin(-1)",
        "Pin(2**40)",
        "Pin(None)",
        "Pin(2, 99)",
        "Pin(2, Pin.IN, 77)",
        "PWM(Pin(2), freq=10**30)",
        "PWM(Pin(2)).duty_ns(-1)",
        "PWM(2, duty=5000)",
        "ADC(Pin(34)).atten(9)",
        "ADC(Pin(34)).width(3)",
        "I2C(0).readfrom(0x3c, 10**12)",
        "I2C(0).readfrom_mem(0x3c, 0, 2, addrsize=12)",
        "I2C(0).writeto(0x3c, 5)",
        "SPI(1).read(10**12)",
        "SPI(1).write_readinto(b'abc', bytearray(1))",
        "SoftSPI(sck=Pin(2))",
        "UART(1, bits=12)",
        "UART(1).readinto(b'')",
        "Timer(0, period=0)",
        "Timer(0, freq=-1)",
        "Timer(9)",
        "WDT(timeout=0)",
        "WDT(1)",
        "RTC().datetime((1,))",
        "RTC().memory(b'x' * 5000)",
        "time_pulse_us(Pin(4), 1, -5)",
        "bitstream(Pin(2), 1, (1, 2, 3, 4), b'x')",
        "bitstream(Pin(2), 0, (1, 2), b'x')",
        "dht_readinto(Pin(4), bytearray(2))",
        "Signal()",
        "DAC(Pin(25)).write(300)",
        "freq(10**20)",
    ];
    for c in calls {
        let out = run_on(
            &alloc::format!(
                "from machine import *\ntry:\n    {}\nexcept Exception as e:\n    print(type(e).__name__)\n",
                c
            ),
            true,
        );
        let last = last_line(&out);
        assert!(
            matches!(
                last,
                "ValueError"
                    | "TypeError"
                    | "OverflowError"
                    | "MemoryError"
                    | "OSError"
                    | "RuntimeError"
            ) || last.is_empty(),
            "{}: {}",
            c,
            out
        );
    }
}

#[test]
fn signal_inverts_and_rtc_keeps_the_date() {
    let out = run_on(
        "from machine import Pin, Signal, RTC\n\
         s = Signal(Pin(5, Pin.OUT), invert=True)\n\
         s.on(); print(Pin(5).value(), s.value())\n\
         t = Signal(4, Pin.OUT)\n\
         t.value(1); print(Pin(4).value())\n\
         r = RTC()\n\
         r.datetime((2024, 2, 29, 0, 23, 59, 58, 0))\n\
         import time\n\
         time.sleep(3)\n\
         print(r.datetime()[:7])\n",
        true,
    );
    assert_eq!(out, "0 1\n1\n(2024, 3, 1, 4, 0, 0, 1)\n");
}
