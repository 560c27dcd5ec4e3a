//! `machine`: MicroPython's hardware module, written once against the HAL traits
//! ([`crate::hal::Board`]). One file per class; this one holds the module table, the state the
//! classes share (pin objects, IRQ handlers, PWM channels, timers) and the mapping of HAL
//! errors to MicroPython's exceptions. Follows ports/esp32/modmachine.c and friends.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use crate::exc::{PyErr, PyResult};
use crate::hal::{Board, HalError, PinCaps, PinMode, Pull};
use crate::intern::Qstr;
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::Vm;

mod adc;
mod class;
pub mod esp32;
mod funcs;
mod i2c;
mod irq;
pub mod onewire;
mod pin;
mod pwm;
mod rtc;
mod spi;
mod timer;
mod uart;

pub(crate) use class::{get_slot, make_class, new_object, parse, set_slot};

/// How one GPIO is set up, as `machine` last configured it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PinCfg {
    pub mode: Option<PinMode>,
    pub pull: Pull,
    /// The output latch: what `value(x)` last wrote.
    pub latch: bool,
}

/// A pin's IRQ: the handler, the trigger mask (IRQ_RISING=1 | IRQ_FALLING=2) and the IRQ object.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PinIrq {
    pub handler: Value,
    pub trigger: u32,
    pub irq_obj: Value,
}

/// One LEDC channel in use.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PwmChannel {
    pub pin: u32,
    pub freq: u32,
    /// High time in 1/65536ths of the period.
    pub duty: u32,
    pub invert: bool,
}

/// One `machine.Timer` that is armed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TimerSlot {
    pub obj: Value,
    pub callback: Value,
    pub deadline_us: u64,
    /// Zero for one-shot.
    pub period_us: u64,
}

/// What `machine` keeps between calls. A soft reset makes a fresh VM and so a fresh state, as
/// MicroPython's `machine_deinit` stops PWM, timers and IRQs.
#[derive(Default)]
pub struct MachineState {
    pub(crate) pin_objs: BTreeMap<u32, Value>,
    pub(crate) pins: BTreeMap<u32, PinCfg>,
    pub(crate) irqs: BTreeMap<u32, PinIrq>,
    pub(crate) pwm: Vec<Option<PwmChannel>>,
    pub(crate) timers: Vec<TimerSlot>,
    pub(crate) irq_disabled: bool,
    pub(crate) cpu_hz: u32,
    /// Seconds added to the virtual clock by `RTC.datetime(...)`.
    pub(crate) rtc_offset_s: i64,
    pub(crate) rtc_memory: Vec<u8>,
    /// The classes, for natives that build instances (`Pin` for `irq` handlers, `ADC`...).
    pub(crate) classes: BTreeMap<&'static str, Value>,
    /// `WDT`: timeout and the time of the last feed.
    pub(crate) wdt: Option<(u64, u64)>,
    /// `esp32.NVS` entries by (namespace, key).
    pub(crate) nvs: BTreeMap<(alloc::string::String, alloc::string::String), esp32::NvsValue>,
}

impl MachineState {
    /// The Python values `machine` holds, for the collector.
    pub(crate) fn trace(&self, roots: &mut Vec<Value>) {
        roots.extend(self.pin_objs.values());
        for irq in self.irqs.values() {
            roots.push(irq.handler);
            roots.push(irq.irq_obj);
        }
        for t in &self.timers {
            roots.push(t.obj);
            roots.push(t.callback);
        }
        roots.extend(self.classes.values());
    }
}

/// The errno values MicroPython's ESP32 port uses (newlib).
pub(crate) const ENODEV: i32 = 19;
pub(crate) const ETIMEDOUT: i32 = 116;
const EIO: i32 = 5;
const EINVAL: i32 = 22;
const EOPNOTSUPP: i32 = 95;

impl Vm {
    /// `OSError(errno)`.
    pub(crate) fn os_error(&mut self, errno: i32) -> PyErr {
        let class = self.ty(TypeId::OSError);
        self.new_exc_from(class, alloc::vec![Value::small(errno)])
    }

    /// The one place HAL errors become Python exceptions.
    pub(crate) fn hal_error(&mut self, e: HalError) -> PyErr {
        match e {
            HalError::NoAck => self.os_error(ENODEV),
            HalError::Timeout => self.os_error(ETIMEDOUT),
            HalError::InvalidPin => self.value_error("invalid pin"),
            HalError::InvalidConfig => self.value_error("invalid configuration"),
            HalError::Unsupported => self.os_error(EOPNOTSUPP),
            HalError::OutOfRange | HalError::Misaligned => self.os_error(EINVAL),
            _ => self.os_error(EIO),
        }
    }

    /// Runs `f` on the attached board at the current virtual time.
    pub(crate) fn with_board<T>(
        &mut self,
        f: impl FnOnce(&mut dyn Board, u64) -> Result<T, HalError>,
    ) -> PyResult<T> {
        let now = self.time_us;
        let r = match self.board.as_deref_mut() {
            Some(b) => f(b, now),
            None => return Err(self.no_board()),
        };
        r.map_err(|e| self.hal_error(e))
    }

    /// Runs a HAL call that takes time and advances the clock by what it took.
    pub(crate) fn with_board_timed<T>(
        &mut self,
        f: impl FnOnce(&mut dyn Board, u64) -> Result<(T, u64), HalError>,
    ) -> PyResult<T> {
        let (v, took) = self.with_board(f)?;
        self.time_us = self.time_us.saturating_add(took);
        Ok(v)
    }

    fn no_board(&mut self) -> PyErr {
        self.err(
            TypeId::OSError,
            "no board attached: machine needs one (Vm::attach_board)",
        )
    }

    /// The capabilities of GPIO `id`, or `ValueError: invalid pin`.
    pub(crate) fn pin_caps(&mut self, id: i64) -> PyResult<PinCaps> {
        let caps = match self.board.as_deref() {
            Some(b) => u32::try_from(id).ok().and_then(|id| b.pin_caps(id)),
            None => return Err(self.no_board()),
        };
        caps.ok_or_else(|| self.value_error("invalid pin"))
    }

    /// The chip of the attached board.
    pub(crate) fn chip(&mut self) -> PyResult<crate::hal::Chip> {
        match self.board.as_deref() {
            Some(b) => Ok(b.chip()),
            None => Err(self.no_board()),
        }
    }

    /// A class `machine` made, by name.
    pub(crate) fn machine_class(&mut self, name: &str) -> Value {
        self.machine
            .classes
            .get(name)
            .copied()
            .unwrap_or(Value::NONE)
    }
}

/// A writable buffer argument: a bytearray, or a memoryview of one.
pub(crate) fn writable_buffer(vm: &mut Vm, v: Value) -> PyResult<(Value, usize)> {
    let buf = match vm.heap.get(v) {
        Obj::MemoryView(viewed) => *viewed,
        _ => v,
    };
    match vm.heap.get(buf) {
        Obj::ByteArray(b) => Ok((buf, b.len())),
        _ => {
            let msg = alloc::format!(
                "object with buffer protocol required, not {}",
                vm.type_name(v)
            );
            Err(vm.type_error(&msg))
        }
    }
}

/// Copies `data` into the start of a bytearray found by [`writable_buffer`].
pub(crate) fn fill_buffer(vm: &mut Vm, buf: Value, data: &[u8]) {
    if let Obj::ByteArray(b) = vm.heap.get_mut(buf) {
        for (d, s) in b.iter_mut().zip(data) {
            *d = *s;
        }
    }
}

/// A new bytes object.
pub(crate) fn new_bytes(vm: &mut Vm, data: Vec<u8>) -> PyResult<Value> {
    vm.alloc(Obj::Bytes(data.into_boxed_slice()))
}

fn constant(vm: &mut Vm, dict: Value, name: &str, v: i32) -> PyResult<()> {
    vm.set_item_str(dict, name, Value::small(v))
}

/// `machine`'s module-level constants. The numbers are ESP-IDF's (machine-api reference).
const CONSTANTS: &[(&str, i32)] = &[
    ("PWRON_RESET", 1),
    ("HARD_RESET", 2),
    ("WDT_RESET", 3),
    ("DEEPSLEEP_RESET", 4),
    ("SOFT_RESET", 5),
    ("PIN_WAKE", 2),
    ("EXT0_WAKE", 2),
    ("EXT1_WAKE", 3),
    ("TIMER_WAKE", 4),
    ("TOUCHPAD_WAKE", 5),
    ("ULP_WAKE", 6),
    ("SLEEP", 2),
    ("DEEPSLEEP", 4),
];

type ClassMaker = fn(&mut Vm) -> PyResult<(&'static str, Value)>;

/// The classes, in the order they are made (Signal and SoftI2C need Pin and I2C first).
const CLASSES: &[ClassMaker] = &[
    pin::make_pin,
    pin::make_irq,
    pin::make_signal,
    pwm::make,
    adc::make_adc,
    adc::make_dac,
    i2c::make_i2c,
    i2c::make_soft_i2c,
    spi::make_spi,
    spi::make_soft_spi,
    uart::make,
    timer::make,
    rtc::make_rtc,
    rtc::make_wdt,
];

/// Fills the `machine` module.
pub fn init(vm: &mut Vm, dict: Value) -> PyResult<()> {
    for make in CLASSES {
        let (name, cls) = make(vm)?;
        vm.machine.classes.insert(name, cls);
        vm.set_item_str(dict, name, cls)?;
    }
    for (name, v) in CONSTANTS {
        constant(vm, dict, name, *v)?;
    }
    vm.add_functions(dict, funcs::FUNCTIONS)
}

/// Unused-argument shorthand for natives.
pub(crate) type Kw<'a> = &'a [(Qstr, Value)];

#[cfg(test)]
mod tests;
