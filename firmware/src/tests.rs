//! The chip's board under the main loop, on the host: the banner a real C3 prints, and files
//! on the flash that survive a soft reset, so boot.py/main.py written over the REPL run.

extern crate std;

use alloc::string::String;
use alloc::vec::Vec;

use vm::hal::RamFlash;
use vm::main_loop::{Console, Poll};

use super::*;

fn console(flash: Option<SharedFlash>) -> Console {
    let mut c = Console::new(
        config(),
        Box::new(ChipBoard::new(Chip::Esp32C3, flash, None)),
    );
    settle(&mut c);
    c
}

fn settle(c: &mut Console) {
    for _ in 0..10_000 {
        match c.run(10_000) {
            Poll::Busy => {}
            Poll::Sleeping { until_us } => c.set_time_us(until_us),
            Poll::Idle | Poll::WaitingForInput => return,
        }
    }
    panic!("the console never settled");
}

fn send(c: &mut Console, input: &[u8]) -> String {
    c.feed(input);
    settle(c);
    String::from_utf8_lossy(&c.take_output()).into_owned()
}

#[test]
fn boots_to_the_c3_banner() {
    let mut c = console(None);
    let out = String::from_utf8_lossy(&c.take_output()).into_owned();
    assert!(
        out.ends_with(
            "; ESP32C3 module with ESP32C3\r\nType \"help()\" for more information.\r\n>>> "
        ),
        "{out:?}"
    );
    assert_eq!(send(&mut c, b"6 * 7\r"), "6 * 7\r\n42\r\n>>> ");
}

#[test]
fn main_py_written_at_the_repl_runs_after_a_soft_reset() {
    let flash = SharedFlash::new(RamFlash::new(256 * 1024, 4096));
    let mut c = console(Some(flash.clone()));
    c.take_output();
    send(
        &mut c,
        b"f = open('main.py', 'w'); f.write('print(\"hello from flash\")\\n'); f.close()\r",
    );
    let out = send(&mut c, b"\x04");
    assert!(out.contains("hello from flash\r\n"), "{out:?}");
    // A second board on the same flash (a power cycle) finds the file too.
    let mut again = console(Some(flash));
    let out = String::from_utf8_lossy(&again.take_output()).into_owned();
    assert!(out.starts_with("hello from flash\r\n"), "{out:?}");
}

#[test]
fn the_raw_repl_answers_as_mpremote_expects() {
    let mut c = console(None);
    c.take_output();
    assert_eq!(send(&mut c, b"\x01"), "\r\nraw REPL; CTRL-B to exit\r\n>");
    let out: Vec<u8> = send(&mut c, b"print(1 + 2)\x04").into_bytes();
    assert_eq!(out, b"OK3\r\n\x04\x04>");
}

#[test]
fn the_esp32_build_names_its_chip() {
    let banner = banner(Chip::Esp32);
    assert_eq!(
        (banner.board.as_str(), banner.mcu.as_str()),
        ("Generic ESP32 module", "ESP32")
    );
}

/// A board with GPIOs that records what `machine` drives, shared with the test.
#[derive(Clone, Default)]
struct Recorder(alloc::rc::Rc<core::cell::RefCell<Vec<(u32, bool)>>>);

impl vm::hal::BoardInfo for Recorder {
    fn chip(&self) -> Chip {
        Chip::Esp32C3
    }
}
impl vm::hal::Gpio for Recorder {
    fn pin_configure(
        &mut self,
        _: u64,
        _: u32,
        _: vm::hal::PinMode,
        _: vm::hal::Pull,
    ) -> Result<(), HalError> {
        Ok(())
    }
    fn pin_write(&mut self, _: u64, pin: u32, high: bool) -> Result<(), HalError> {
        self.0.borrow_mut().push((pin, high));
        Ok(())
    }
}
impl vm::hal::System for Recorder {}
impl vm::hal::Pwm for Recorder {}
impl vm::hal::Adc for Recorder {}
impl vm::hal::Dac for Recorder {}
impl vm::hal::Pulse for Recorder {}
impl vm::hal::I2c for Recorder {}
impl vm::hal::Spi for Recorder {}
impl vm::hal::Uart for Recorder {}
impl vm::hal::Bitstream for Recorder {}
impl vm::hal::Dht for Recorder {}
impl vm::hal::OneWire for Recorder {}

#[test]
fn machine_drives_the_chip_before_and_after_a_soft_reset() {
    let pins = Recorder::default();
    let handle = pins.clone();
    let hal: HalFactory = Box::new(move || Box::new(handle.clone()));
    let mut c = Console::new(
        config(),
        Box::new(ChipBoard::new(Chip::Esp32C3, None, Some(hal))),
    );
    settle(&mut c);
    c.take_output();
    send(
        &mut c,
        b"from machine import Pin; p = Pin(8, Pin.OUT); p.on()\r",
    );
    send(&mut c, b"\x04");
    let out = send(
        &mut c,
        b"import machine; machine.Pin(3, machine.Pin.OUT).value(0)\r",
    );
    assert!(!out.contains("Error"), "{out:?}");
    assert!(
        pins.0.borrow().ends_with(&[(8, true), (3, false)]),
        "{:?}",
        pins.0.borrow()
    );
    // The chip's pin rules are the simulator's: GPIO22 does not exist on a C3.
    let out = send(&mut c, b"machine.Pin(22)\r");
    assert!(out.contains("ValueError: invalid pin"), "{out:?}");
}
