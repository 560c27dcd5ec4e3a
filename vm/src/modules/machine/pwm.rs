//! `machine.PWM` on the LEDC peripheral (ports/esp32/machine_pwm.c): channels and timers are
//! allocated here, with the port's errors when they run out; the board drives the pin.

use alloc::format;

use super::pin::{pin_id, pin_object};
use super::{Kw, PwmChannel, get_slot, make_class, new_object, parse, set_slot};
use crate::exc::PyResult;
use crate::modules::args::arg;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// duty_u16 full scale: the port accepts 0..=65536 ("from 0 to 65536").
const FULL: u32 = 65536;

const METHODS: &[NativeDef] = &[
    NativeDef::new("init", pwm_init),
    NativeDef::new("deinit", pwm_deinit),
    NativeDef::new("freq", pwm_freq),
    NativeDef::new("duty", pwm_duty),
    NativeDef::new("duty_u16", pwm_duty_u16),
    NativeDef::new("duty_ns", pwm_duty_ns),
    NativeDef::new("__repr__", pwm_repr),
];

pub(super) fn make(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok(("PWM", make_class(vm, "PWM", pwm_new, METHODS, &[])?))
}

const ARGS: &[&str] = &[
    "freq",
    "duty",
    "duty_u16",
    "duty_ns",
    "invert",
    "lightsleep",
];

// PWM(dest, *, freq, duty, duty_u16, duty_ns, invert=False, lightsleep=False)
fn pwm_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let Some(&dest) = args.get(1) else {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    };
    let id = pin_id(vm, dest)?;
    if !vm.pin_caps(i64::from(id))?.output {
        return Err(vm.value_error("pin can only be input"));
    }
    let o = new_object(vm, cls)?;
    let p = pin_object(vm, id)?;
    set_slot(vm, o, "_pin", p)?;
    set_slot(vm, o, "_id", Value::small(id as i32))?;
    // A pin already driving PWM keeps its settings unless new ones are given.
    let existing = channel_of(vm, id).and_then(|c| vm.machine.pwm.get(c).copied().flatten());
    let start = existing.unwrap_or(PwmChannel {
        pin: id,
        freq: 5000,
        duty: 32768,
        invert: false,
    });
    configure(vm, id, start, args.get(2..).unwrap_or(&[]), kw)?;
    Ok(o)
}

fn channel_of(vm: &Vm, pin: u32) -> Option<usize> {
    vm.machine
        .pwm
        .iter()
        .position(|c| c.is_some_and(|c| c.pin == pin))
}

/// Applies init arguments to the channel of `pin` (allocating one), then drives the pin.
fn configure(vm: &mut Vm, pin: u32, mut ch: PwmChannel, args: &[Value], kw: Kw) -> PyResult<()> {
    let a = parse(vm, args, kw, ARGS, 0)?;
    ch.pin = pin;
    let given = |i: usize| a.get(i).copied().flatten().filter(|v| !v.is_none());
    if let Some(f) = given(0) {
        ch.freq = check_freq(vm, f)?;
    }
    if let Some(d) = given(1) {
        ch.duty = duty10(vm, d)?;
    }
    if let Some(d) = given(3) {
        ch.duty = duty_from_ns(vm, d, ch.freq)?;
    }
    if let Some(d) = given(2) {
        ch.duty = duty16(vm, d)?;
    }
    if let Some(i) = given(4) {
        ch.invert = vm.truthy(i)?;
    }
    apply(vm, ch)
}

/// Stores the channel and drives the pin, allocating a channel and a timer as LEDC does.
fn apply(vm: &mut Vm, ch: PwmChannel) -> PyResult<()> {
    let (channels, timers) = vm.chip()?.pwm_channels_timers();
    let slot = match channel_of(vm, ch.pin) {
        Some(s) => s,
        None => {
            let free = vm.machine.pwm.iter().position(Option::is_none);
            match free {
                Some(s) => s,
                None if vm.machine.pwm.len() < channels => {
                    vm.machine.pwm.push(None);
                    vm.machine.pwm.len() - 1
                }
                None => {
                    let msg = format!("out of PWM channels:{}", channels);
                    return Err(vm.runtime_error(&msg));
                }
            }
        }
    };
    // One timer per distinct frequency among the other channels.
    let mut freqs: alloc::vec::Vec<u32> = vm
        .machine
        .pwm
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != slot)
        .filter_map(|(_, c)| c.map(|c| c.freq))
        .collect();
    freqs.sort_unstable();
    freqs.dedup();
    if !freqs.contains(&ch.freq) && freqs.len() >= timers {
        let msg = format!("out of PWM timers:{}", timers);
        return Err(vm.runtime_error(&msg));
    }
    if let Some(s) = vm.machine.pwm.get_mut(slot) {
        *s = Some(ch);
    }
    vm.with_board(|b, now| b.pwm_start(now, ch.pin, ch.freq, ch.duty, ch.invert))
}

fn check_freq(vm: &mut Vm, v: Value) -> PyResult<u32> {
    let f = vm.int_arg(v)?;
    if !(1..=40_000_000).contains(&f) {
        return Err(vm.value_error("frequency must be from 1Hz to 40MHz"));
    }
    Ok(f as u32)
}

fn duty10(vm: &mut Vm, v: Value) -> PyResult<u32> {
    let d = vm.int_arg(v)?;
    if !(0..=1023).contains(&d) {
        return Err(vm.value_error("duty must be from 0 to 1023"));
    }
    Ok((d as u32) << 6)
}

fn duty16(vm: &mut Vm, v: Value) -> PyResult<u32> {
    let d = vm.int_arg(v)?;
    if !(0..=i64::from(FULL)).contains(&d) {
        return Err(vm.value_error("duty_u16 must be from 0 to 65536"));
    }
    Ok(d as u32)
}

fn duty_from_ns(vm: &mut Vm, v: Value, freq: u32) -> PyResult<u32> {
    let ns = vm.int_arg(v)?;
    let period_ns = 1_000_000_000 / i64::from(freq.max(1));
    if !(0..=period_ns).contains(&ns) {
        let msg = format!("duty_ns must be from 0 to {} ns", period_ns);
        return Err(vm.value_error(&msg));
    }
    Ok((ns as u64 * u64::from(FULL) / period_ns.max(1) as u64) as u32)
}

/// The active channel of a PWM object, or `RuntimeError: PWM is inactive` after deinit.
fn active(vm: &mut Vm, args: &[Value]) -> PyResult<PwmChannel> {
    let s = arg(args, 0);
    let id = get_slot(vm, s, "_id");
    let ch = vm
        .to_i64(id)
        .and_then(|id| channel_of(vm, id as u32))
        .and_then(|c| vm.machine.pwm.get(c).copied().flatten());
    ch.ok_or_else(|| vm.runtime_error("PWM is inactive"))
}

// PWM.init(*, freq, duty, duty_u16, duty_ns, invert, lightsleep)
fn pwm_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let id = get_slot(vm, s, "_id");
    let id = vm.int_arg(id)? as u32;
    let start = channel_of(vm, id)
        .and_then(|c| vm.machine.pwm.get(c).copied().flatten())
        .unwrap_or(PwmChannel {
            pin: id,
            freq: 5000,
            duty: 32768,
            invert: false,
        });
    configure(vm, id, start, args.get(1..).unwrap_or(&[]), kw)?;
    Ok(Value::NONE)
}

// PWM.deinit()
fn pwm_deinit(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    if let Ok(ch) = active(vm, args) {
        if let Some(c) = channel_of(vm, ch.pin)
            && let Some(s) = vm.machine.pwm.get_mut(c)
        {
            *s = None;
        }
        vm.with_board(|b, now| b.pwm_stop(now, ch.pin))?;
    }
    Ok(Value::NONE)
}

// PWM.freq([hz])
fn pwm_freq(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let mut ch = active(vm, args)?;
    match args.get(1) {
        None => vm.new_int(i64::from(ch.freq)),
        Some(f) => {
            ch.freq = check_freq(vm, *f)?;
            apply(vm, ch)?;
            Ok(Value::NONE)
        }
    }
}

// PWM.duty([0..1023])
fn pwm_duty(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let mut ch = active(vm, args)?;
    match args.get(1) {
        None => vm.new_int(i64::from(ch.duty.min(65535) >> 6)),
        Some(d) => {
            ch.duty = duty10(vm, *d)?;
            apply(vm, ch)?;
            Ok(Value::NONE)
        }
    }
}

// PWM.duty_u16([0..65535])
fn pwm_duty_u16(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let mut ch = active(vm, args)?;
    match args.get(1) {
        None => vm.new_int(i64::from(ch.duty.min(65535))),
        Some(d) => {
            ch.duty = duty16(vm, *d)?;
            apply(vm, ch)?;
            Ok(Value::NONE)
        }
    }
}

// PWM.duty_ns([ns])
fn pwm_duty_ns(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let mut ch = active(vm, args)?;
    match args.get(1) {
        None => {
            let period_ns = 1_000_000_000u64 / u64::from(ch.freq.max(1));
            vm.new_int((u64::from(ch.duty) * period_ns / u64::from(FULL)) as i64)
        }
        Some(d) => {
            ch.duty = duty_from_ns(vm, *d, ch.freq)?;
            apply(vm, ch)?;
            Ok(Value::NONE)
        }
    }
}

// PWM.__repr__(): PWM(Pin(2), freq=5000, duty_u16=32768)
fn pwm_repr(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let id = get_slot(vm, s, "_id");
    let id = vm.int_arg(id)?;
    let text = match active(vm, args) {
        Ok(ch) => format!(
            "PWM(Pin({}), freq={}, duty_u16={})",
            id,
            ch.freq,
            ch.duty.min(65535)
        ),
        Err(_) => format!("PWM(Pin({}))", id),
    };
    vm.new_string(text)
}
