//! `machine.RTC` (the calendar on the virtual clock, epoch 2000-01-01 as on the ESP32) and
//! `machine.WDT`.

use super::{Kw, make_class, new_bytes, new_object, parse};
use crate::exc::PyResult;
use crate::modules::args::arg;
use crate::modules::time::calendar;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

const RTC_METHODS: &[NativeDef] = &[
    NativeDef::new("datetime", rtc_datetime),
    NativeDef::new("init", rtc_datetime),
    NativeDef::new("memory", rtc_memory),
];

pub(super) fn make_rtc(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok(("RTC", make_class(vm, "RTC", rtc_new, RTC_METHODS, &[])?))
}

// RTC(): one clock; every call gives an object on it.
fn rtc_new(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    new_object(vm, arg(args, 0))
}

fn rtc_seconds(vm: &Vm) -> i64 {
    (vm.time_us / 1_000_000) as i64 + vm.machine.rtc_offset_s
}

// RTC.datetime([(year, month, day, weekday, hour, minute, second, microsecond)])
fn rtc_datetime(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    match args.get(1) {
        None => {
            let Some(t) = calendar::from_seconds(rtc_seconds(vm)) else {
                return Err(vm.overflow_error("timestamp out of range"));
            };
            let us = (vm.time_us % 1_000_000) as i64;
            // (year, month, day, weekday, hour, minute, second, microsecond)
            let fields = [t[0], t[1], t[2], t[6], t[3], t[4], t[5], us];
            let mut items = [Value::NONE; 8];
            for (slot, f) in items.iter_mut().zip(fields) {
                *slot = vm.new_int(f)?;
            }
            vm.new_tuple(&items)
        }
        Some(&t) => {
            let items = vm.iterate(t)?;
            if items.len() < 7 {
                return Err(vm.value_error("requested length 8 but object has length less"));
            }
            let mut f = [0i64; 8];
            for (slot, v) in f.iter_mut().zip(&items) {
                *slot = vm.int_arg(*v)?;
            }
            // The weekday (f[3]) is ignored, as on the port.
            let Some(secs) = calendar::to_seconds([f[0], f[1], f[2], f[4], f[5], f[6]]) else {
                return Err(vm.overflow_error("timestamp out of range"));
            };
            vm.machine.rtc_offset_s = secs - (vm.time_us / 1_000_000) as i64;
            Ok(Value::NONE)
        }
    }
}

// RTC.memory([data]): user bytes that survive deep sleep.
fn rtc_memory(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    match args.get(1) {
        None => {
            let m = vm.machine.rtc_memory.clone();
            new_bytes(vm, m)
        }
        Some(&d) => {
            let data = vm.bytes_of(d)?;
            if data.len() > 2048 {
                return Err(vm.value_error("buffer too long"));
            }
            vm.machine.rtc_memory = data;
            Ok(Value::NONE)
        }
    }
}

// ----- WDT -----

const WDT_METHODS: &[NativeDef] = &[NativeDef::new("feed", wdt_feed)];

pub(super) fn make_wdt(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok(("WDT", make_class(vm, "WDT", wdt_new, WDT_METHODS, &[])?))
}

// WDT(id=0, timeout=5000)
fn wdt_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let a = parse(vm, args.get(1..).unwrap_or(&[]), kw, &["id", "timeout"], 2)?;
    let id = match a.first().copied().flatten() {
        Some(v) => vm.int_arg(v)?,
        None => 0,
    };
    if id != 0 {
        return Err(vm.value_error("WDT(id) must be 0"));
    }
    let timeout = match a.get(1).copied().flatten() {
        Some(v) => vm.int_arg(v)?,
        None => 5000,
    };
    if timeout <= 0 {
        return Err(vm.value_error("WDT timeout too short"));
    }
    vm.machine.wdt = Some((timeout as u64 * 1000, vm.time_us));
    let o = new_object(vm, cls)?;
    Ok(o)
}

// WDT.feed()
fn wdt_feed(vm: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    let now = vm.time_us;
    if let Some((_, fed)) = vm.machine.wdt.as_mut() {
        *fed = now;
    }
    Ok(Value::NONE)
}
