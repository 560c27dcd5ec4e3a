//! `machine.Timer` on the virtual clock (ports/esp32/machine_timer.c): an armed timer's
//! callback is scheduled (a soft IRQ) when the clock passes its deadline; periodic timers
//! re-arm a period later, so their period is exact on the virtual clock.

use alloc::format;

use super::{Kw, TimerSlot, get_slot, make_class, new_object, parse, set_slot};
use crate::exc::PyResult;
use crate::modules::args::arg;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

const ONE_SHOT: i64 = 0;
const PERIODIC: i64 = 1;

const CONSTS: &[(&str, i32)] = &[("ONE_SHOT", 0), ("PERIODIC", 1)];

const METHODS: &[NativeDef] = &[
    NativeDef::new("init", timer_init),
    NativeDef::new("deinit", timer_deinit),
    NativeDef::new("value", timer_value),
    NativeDef::new("__repr__", timer_repr),
];

pub(super) fn make(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok((
        "Timer",
        make_class(vm, "Timer", timer_new, METHODS, CONSTS)?,
    ))
}

const ARGS: &[&str] = &["mode", "callback", "period", "tick_hz", "freq", "hard"];

// Timer(id, ...)
fn timer_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let Some(&id) = args.get(1) else {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    };
    let id = vm.int_arg(id)?;
    let count = i64::from(vm.chip()?.hardware_timers());
    if id != -1 && !(0..count).contains(&id) {
        let msg = format!(
            "Timer({}) doesn't exist, there are only {} hardware timers",
            id, count
        );
        return Err(vm.value_error(&msg));
    }
    let o = new_object(vm, cls)?;
    set_slot(vm, o, "_id", Value::small(id as i32))?;
    set_slot(vm, o, "_mode", Value::small(PERIODIC as i32))?;
    if args.len() > 2 || !kw.is_empty() {
        init(vm, o, args.get(2..).unwrap_or(&[]), kw)?;
    }
    Ok(o)
}

fn disarm(vm: &mut Vm, o: Value) {
    vm.machine.timers.retain(|t| t.obj != o);
}

fn init(vm: &mut Vm, o: Value, args: &[Value], kw: Kw) -> PyResult<()> {
    let a = parse(vm, args, kw, ARGS, 0)?;
    let given = |i: usize| a.get(i).copied().flatten().filter(|v| !v.is_none());
    if let Some(h) = given(5)
        && vm.truthy(h)?
    {
        return Err(vm.value_error("hard Timers are not implemented"));
    }
    let mode = match given(0) {
        Some(m) => vm.int_arg(m)?,
        None => PERIODIC,
    };
    if mode != ONE_SHOT && mode != PERIODIC {
        return Err(vm.value_error("invalid mode"));
    }
    let period_us = match given(4) {
        Some(f) => {
            let f = vm.float_arg(f)?;
            if f <= 0.0 {
                return Err(vm.value_error("Timer period is too short for this timer"));
            }
            (1e6 / f) as u64
        }
        None => {
            let period = match given(2) {
                Some(p) => vm.int_arg(p)?,
                None => 0xFFFF_FFFF,
            };
            let tick_hz = match given(3) {
                Some(t) => vm.int_arg(t)?.max(1),
                None => 1000,
            };
            (i128::from(period.max(0)) * 1_000_000 / i128::from(tick_hz)) as u64
        }
    };
    if period_us == 0 {
        return Err(vm.value_error("Timer period is too short for this timer"));
    }
    set_slot(vm, o, "_mode", Value::small(mode as i32))?;
    disarm(vm, o);
    let callback = given(1).unwrap_or(Value::NONE);
    vm.machine.timers.push(TimerSlot {
        obj: o,
        callback,
        deadline_us: vm.time_us.saturating_add(period_us),
        period_us: if mode == PERIODIC { period_us } else { 0 },
    });
    Ok(())
}

// Timer.init(*, mode=PERIODIC, period=-1, tick_hz=1000, freq=None, callback=None, hard=False)
fn timer_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    init(vm, arg(args, 0), args.get(1..).unwrap_or(&[]), kw)?;
    Ok(Value::NONE)
}

// Timer.deinit()
fn timer_deinit(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    disarm(vm, arg(args, 0));
    Ok(Value::NONE)
}

// Timer.value(): milliseconds into the current period.
fn timer_value(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let o = arg(args, 0);
    let now = vm.time_us;
    let ms = vm
        .machine
        .timers
        .iter()
        .find(|t| t.obj == o)
        .map_or(0, |t| {
            let start = t.deadline_us.saturating_sub(t.period_us.max(1));
            now.saturating_sub(start) / 1000
        });
    vm.new_int(ms as i64)
}

// Timer.__repr__(): Timer(0; alarm_en=1, auto_reload=1, counter_en=1)
fn timer_repr(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let o = arg(args, 0);
    let id = get_slot(vm, o, "_id");
    let mode = get_slot(vm, o, "_mode");
    let (id, mode) = (vm.int_arg(id)?, vm.int_arg(mode)?);
    let armed = vm.machine.timers.iter().any(|t| t.obj == o);
    vm.new_string(format!(
        "Timer({}; alarm_en={}, auto_reload={}, counter_en={})",
        id,
        u8::from(armed),
        u8::from(mode == PERIODIC),
        u8::from(armed)
    ))
}
