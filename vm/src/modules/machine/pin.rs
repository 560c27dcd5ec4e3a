//! `machine.Pin`, its IRQ object and `machine.Signal` (ports/esp32/machine_pin.c,
//! extmod/machine_signal.c). A Pin object is one per GPIO, as on the port, so `Pin(2) is
//! Pin(2)` and an IRQ handler gets the object the program made.

use alloc::format;

use super::{Kw, PinCfg, PinIrq, get_slot, make_class, new_object, parse, set_slot};
use crate::exc::PyResult;
use crate::hal::{PinMode, Pull};
use crate::modules::args::arg;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

pub(crate) const IN: i32 = 1;
pub(crate) const OUT: i32 = 3;
pub(crate) const OPEN_DRAIN: i32 = 7;
pub(crate) const PULL_DOWN: i32 = 1;
pub(crate) const PULL_UP: i32 = 2;
pub(crate) const IRQ_RISING: u32 = 1;
pub(crate) const IRQ_FALLING: u32 = 2;

const PIN_CONSTS: &[(&str, i32)] = &[
    ("IN", IN),
    ("OUT", OUT),
    ("OPEN_DRAIN", OPEN_DRAIN),
    ("PULL_UP", PULL_UP),
    ("PULL_DOWN", PULL_DOWN),
    ("IRQ_RISING", IRQ_RISING as i32),
    ("IRQ_FALLING", IRQ_FALLING as i32),
    ("WAKE_LOW", 4),
    ("WAKE_HIGH", 5),
    ("DRIVE_0", 0),
    ("DRIVE_1", 1),
    ("DRIVE_2", 2),
    ("DRIVE_3", 3),
];

const PIN_METHODS: &[NativeDef] = &[
    NativeDef::new("init", pin_init),
    NativeDef::new("value", pin_value),
    NativeDef::new("__call__", pin_value),
    NativeDef::new("on", pin_on),
    NativeDef::new("off", pin_off),
    NativeDef::new("toggle", pin_toggle),
    NativeDef::new("irq", pin_irq),
    NativeDef::new("__repr__", pin_repr),
];

pub(super) fn make_pin(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok((
        "Pin",
        make_class(vm, "Pin", pin_new, PIN_METHODS, PIN_CONSTS)?,
    ))
}

/// The GPIO number of a Pin object, or of an int naming one.
pub(crate) fn pin_id(vm: &mut Vm, v: Value) -> PyResult<u32> {
    let pin_cls = vm.machine_class("Pin");
    let v = if vm.isinstance(v, pin_cls) {
        get_slot(vm, v, "_id")
    } else {
        v
    };
    if vm.as_str(v).is_some() {
        // Generic ESP32 boards have no pin names.
        return Err(vm.value_error("invalid pin"));
    }
    let id = vm.int_arg(v)?;
    vm.pin_caps(id)?;
    u32::try_from(id).map_err(|_| vm.value_error("invalid pin"))
}

/// The one Pin object of GPIO `id` (made on first use).
pub(crate) fn pin_object(vm: &mut Vm, id: u32) -> PyResult<Value> {
    if let Some(p) = vm.machine.pin_objs.get(&id) {
        return Ok(*p);
    }
    let cls = vm.machine_class("Pin");
    let p = new_object(vm, cls)?;
    set_slot(vm, p, "_id", Value::small(id as i32))?;
    vm.machine.pin_objs.insert(id, p);
    Ok(p)
}

fn cfg(vm: &Vm, id: u32) -> PinCfg {
    vm.machine.pins.get(&id).copied().unwrap_or(PinCfg {
        mode: None,
        pull: Pull::None,
        latch: false,
    })
}

/// Drives the output latch of `id` (and the pin, when it is an output).
pub(crate) fn write_pin(vm: &mut Vm, id: u32, high: bool) -> PyResult<()> {
    let mut c = cfg(vm, id);
    c.latch = high;
    vm.machine.pins.insert(id, c);
    vm.with_board(|b, now| b.pin_write(now, id, high))
}

pub(crate) fn read_pin(vm: &mut Vm, id: u32) -> PyResult<bool> {
    vm.with_board(|b, now| b.pin_read(now, id))
}

/// Sets mode and pull of `id`, checking what the pin can do.
pub(crate) fn configure_pin(
    vm: &mut Vm,
    id: u32,
    mode: Option<PinMode>,
    pull: Option<Pull>,
) -> PyResult<()> {
    let caps = vm.pin_caps(i64::from(id))?;
    let mut c = cfg(vm, id);
    if let Some(m) = mode {
        if m != PinMode::Input && !caps.output {
            return Err(vm.value_error("pin can only be input"));
        }
        c.mode = Some(m);
    }
    if let Some(p) = pull {
        c.pull = p;
    }
    vm.machine.pins.insert(id, c);
    let (m, p) = (c.mode.unwrap_or(PinMode::Input), c.pull);
    vm.with_board(|b, now| b.pin_configure(now, id, m, p))
}

fn mode_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<Option<PinMode>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    match vm.int_arg(v)? {
        -1 => Ok(None),
        m if m == i64::from(IN) => Ok(Some(PinMode::Input)),
        m if m == i64::from(OUT) => Ok(Some(PinMode::Output)),
        m if m == i64::from(OPEN_DRAIN) => Ok(Some(PinMode::OpenDrain)),
        m => {
            let msg = format!("invalid pin mode: {}", m);
            Err(vm.value_error(&msg))
        }
    }
}

fn pull_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<Option<Pull>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(Some(Pull::None)),
        Some(v) => match vm.int_arg(v)? {
            -1 => Ok(None),
            p if p == i64::from(PULL_UP) => Ok(Some(Pull::Up)),
            p if p == i64::from(PULL_DOWN) => Ok(Some(Pull::Down)),
            _ => Err(vm.value_error("invalid pull")),
        },
    }
}

const INIT_ARGS: &[&str] = &["mode", "pull", "value", "drive", "hold"];

/// machine_pin_obj_init_helper: `value=` first (so an output starts at that level), then mode
/// and pull; arguments not given leave the pin as it was.
fn init_helper(vm: &mut Vm, id: u32, args: &[Value], kw: Kw) -> PyResult<()> {
    let a = parse(vm, args, kw, INIT_ARGS, 2)?;
    let mode = mode_arg(vm, a.first().copied().flatten())?;
    let pull = pull_arg(vm, a.get(1).copied().flatten())?;
    if let Some(v) = a.get(2).copied().flatten().filter(|v| !v.is_none()) {
        let high = vm.truthy(v)?;
        write_pin(vm, id, high)?;
    }
    if mode.is_some() || pull.is_some() {
        configure_pin(vm, id, mode, pull)?;
    }
    Ok(())
}

// Pin(id, mode=-1, pull=-1, *, value=None, drive=None, hold=None)
fn pin_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let Some(&id) = args.get(1) else {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    };
    let id = pin_id(vm, id)?;
    let p = pin_object(vm, id)?;
    init_helper(vm, id, args.get(2..).unwrap_or(&[]), kw)?;
    Ok(p)
}

fn self_id(vm: &mut Vm, args: &[Value]) -> PyResult<u32> {
    let s = arg(args, 0);
    pin_id(vm, s)
}

// Pin.init(mode=-1, pull=-1, *, value=None, drive=None, hold=None)
fn pin_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let id = self_id(vm, args)?;
    init_helper(vm, id, args.get(1..).unwrap_or(&[]), kw)?;
    Ok(Value::NONE)
}

// Pin.value([x]) and Pin([x])
fn pin_value(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = self_id(vm, args)?;
    match args.get(1) {
        None => Ok(Value::small(i32::from(read_pin(vm, id)?))),
        Some(v) => {
            let high = vm.truthy(*v)?;
            write_pin(vm, id, high)?;
            Ok(Value::NONE)
        }
    }
}

// Pin.on()
fn pin_on(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = self_id(vm, args)?;
    write_pin(vm, id, true)?;
    Ok(Value::NONE)
}

// Pin.off()
fn pin_off(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = self_id(vm, args)?;
    write_pin(vm, id, false)?;
    Ok(Value::NONE)
}

// Pin.toggle(): inverts the output latch.
fn pin_toggle(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = self_id(vm, args)?;
    let latch = cfg(vm, id).latch;
    write_pin(vm, id, !latch)?;
    Ok(Value::NONE)
}

// Pin.irq(handler=None, trigger=IRQ_FALLING|IRQ_RISING, *, wake=None, hard=False)
fn pin_irq(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let id = self_id(vm, args)?;
    let a = parse(
        vm,
        args.get(1..).unwrap_or(&[]),
        kw,
        &["handler", "trigger", "wake", "hard"],
        4,
    )?;
    let existing = vm.machine.irqs.get(&id).copied();
    if args.len() <= 1 && kw.is_empty() {
        // irq() with no arguments returns the current IRQ object.
        return match existing {
            Some(irq) => Ok(irq.irq_obj),
            None => new_irq_object(vm, id, 0),
        };
    }
    let handler = a.first().copied().flatten().unwrap_or(Value::NONE);
    let trigger = match a.get(1).copied().flatten() {
        Some(t) => vm.int_arg(t)? as u32,
        None => IRQ_RISING | IRQ_FALLING,
    };
    if handler.is_none() {
        vm.machine.irqs.remove(&id);
        vm.with_board(|b, _| b.pin_set_irq(id, false, false))?;
        return new_irq_object(vm, id, 0);
    }
    let irq_obj = match existing {
        Some(e) => {
            set_slot(vm, e.irq_obj, "_trigger", Value::small(trigger as i32))?;
            e.irq_obj
        }
        None => new_irq_object(vm, id, trigger)?,
    };
    vm.machine.irqs.insert(
        id,
        PinIrq {
            handler,
            trigger,
            irq_obj,
        },
    );
    let (rising, falling) = (trigger & IRQ_RISING != 0, trigger & IRQ_FALLING != 0);
    vm.with_board(|b, _| b.pin_set_irq(id, rising, falling))?;
    Ok(irq_obj)
}

// Pin.__repr__(): Pin(2, mode=Pin.OUT, pull=Pin.PULL_UP)
fn pin_repr(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = self_id(vm, args)?;
    let c = cfg(vm, id);
    let mut s = format!("Pin({}", id);
    if let Some(m) = c.mode {
        s.push_str(match m {
            PinMode::Input => ", mode=Pin.IN",
            PinMode::Output => ", mode=Pin.OUT",
            PinMode::OpenDrain => ", mode=Pin.OPEN_DRAIN",
        });
    }
    s.push_str(match c.pull {
        Pull::None => "",
        Pull::Up => ", pull=Pin.PULL_UP",
        Pull::Down => ", pull=Pin.PULL_DOWN",
    });
    s.push(')');
    vm.new_string(s)
}

// ----- the IRQ object -----

const IRQ_METHODS: &[NativeDef] = &[
    NativeDef::new("trigger", irq_trigger),
    NativeDef::new("flags", irq_trigger),
];

fn irq_new(vm: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Err(vm.type_error("cannot create 'IRQ' instances"))
}

pub(super) fn make_irq(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok(("IRQ", make_class(vm, "IRQ", irq_new, IRQ_METHODS, &[])?))
}

fn new_irq_object(vm: &mut Vm, id: u32, trigger: u32) -> PyResult<Value> {
    let cls = vm.machine_class("IRQ");
    let o = new_object(vm, cls)?;
    set_slot(vm, o, "_pin", Value::small(id as i32))?;
    set_slot(vm, o, "_trigger", Value::small(trigger as i32))?;
    Ok(o)
}

// IRQ.trigger()
fn irq_trigger(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    Ok(get_slot(vm, arg(args, 0), "_trigger"))
}

// ----- Signal -----

const SIGNAL_METHODS: &[NativeDef] = &[
    NativeDef::new("value", signal_value),
    NativeDef::new("__call__", signal_value),
    NativeDef::new("on", signal_on),
    NativeDef::new("off", signal_off),
];

pub(super) fn make_signal(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok((
        "Signal",
        make_class(vm, "Signal", signal_new, SIGNAL_METHODS, &[])?,
    ))
}

// Signal(pin_obj, invert=False) or Signal(pin_arguments..., invert=False)
fn signal_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let invert_q = vm.intern("invert");
    let invert = match kw.iter().find(|(k, _)| *k == invert_q) {
        Some((_, v)) => vm.truthy(*v)?,
        None => false,
    };
    let rest: alloc::vec::Vec<_> = kw.iter().filter(|(k, _)| *k != invert_q).copied().collect();
    let Some(&first) = args.get(1) else {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    };
    let id = pin_id(vm, first)?;
    let pin_cls = vm.machine_class("Pin");
    if !vm.isinstance(first, pin_cls) || args.len() > 2 || !rest.is_empty() {
        init_helper(vm, id, args.get(2..).unwrap_or(&[]), &rest)?;
    }
    let o = new_object(vm, cls)?;
    let p = pin_object(vm, id)?;
    set_slot(vm, o, "_pin", p)?;
    set_slot(vm, o, "_invert", Value::bool(invert))?;
    Ok(o)
}

fn signal_parts(vm: &mut Vm, args: &[Value]) -> PyResult<(u32, bool)> {
    let s = arg(args, 0);
    let p = get_slot(vm, s, "_pin");
    let id = pin_id(vm, p)?;
    let inv = get_slot(vm, s, "_invert") == Value::TRUE;
    Ok((id, inv))
}

// Signal.value([x])
fn signal_value(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let (id, inv) = signal_parts(vm, args)?;
    match args.get(1) {
        None => {
            let v = read_pin(vm, id)? ^ inv;
            Ok(Value::small(i32::from(v)))
        }
        Some(v) => {
            let high = vm.truthy(*v)? ^ inv;
            write_pin(vm, id, high)?;
            Ok(Value::NONE)
        }
    }
}

fn signal_on(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let (id, inv) = signal_parts(vm, args)?;
    write_pin(vm, id, !inv)?;
    Ok(Value::NONE)
}

fn signal_off(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let (id, inv) = signal_parts(vm, args)?;
    write_pin(vm, id, inv)?;
    Ok(Value::NONE)
}
