//! `time` on the VM's virtual clock (the embedder advances it): sleep suspends `run` with
//! `RunOutcome::Sleeping`, ticks read the clock. The VM never reads a host clock.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::modules::args::{arg, between, exact};
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

impl Vm {
    /// Suspends the running program until the clock reaches `now + us`. Inside a nested call
    /// (a native calling back into Python) the run cannot suspend, so the clock jumps instead.
    pub(crate) fn sleep_us(&mut self, us: u64) {
        let until = self.time_us.saturating_add(us);
        if self.nest > 0 {
            self.time_us = until;
        } else {
            self.sleep_until = Some(until);
        }
    }
}

fn duration(vm: &mut Vm, v: Value, scale: f64) -> PyResult<u64> {
    let f = vm.float_arg(v)?;
    if f < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    Ok((f * scale) as u64)
}

// time.sleep(seconds)
fn sleep(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let us = duration(vm, args.first().copied().unwrap_or(Value::small(0)), 1e6)?;
    vm.sleep_us(us);
    Ok(Value::NONE)
}

// time.sleep_ms(ms)
fn sleep_ms(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let us = duration(vm, args.first().copied().unwrap_or(Value::small(0)), 1e3)?;
    vm.sleep_us(us);
    Ok(Value::NONE)
}

// time.sleep_us(us)
fn sleep_us(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let us = duration(vm, args.first().copied().unwrap_or(Value::small(0)), 1.0)?;
    vm.sleep_us(us);
    Ok(Value::NONE)
}

/// Ticks wrap like MicroPython's (30-bit), so `ticks_diff` must be used.
const TICKS_MASK: u64 = (1 << 30) - 1;

// time.ticks_ms()
fn ticks_ms(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.new_int(((vm.time_us / 1000) & TICKS_MASK) as i64)
}

// time.ticks_us()
fn ticks_us(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.new_int((vm.time_us & TICKS_MASK) as i64)
}

/// `ticks_add` deltas must lie strictly within half a period either way
/// (py/modtime.c's "ticks interval overflow").
const TICKS_HALF: i64 = 1 << 29;

fn two_ints(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<(i64, i64)> {
    exact(vm, args, kw, 2)?;
    let a = vm.int_arg(arg(args, 0))?;
    let b = vm.int_arg(arg(args, 1))?;
    Ok((a, b))
}

// time.ticks_diff(ticks1, ticks2): signed distance on the wrapping 2^30 circle.
fn ticks_diff(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let (a, b) = two_ints(vm, args, kw)?;
    let d = (a.wrapping_sub(b).wrapping_add(TICKS_HALF) & TICKS_MASK as i64) - TICKS_HALF;
    vm.new_int(d)
}

// time.ticks_add(ticks, delta)
fn ticks_add(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let (a, b) = two_ints(vm, args, kw)?;
    if b <= -TICKS_HALF || b >= TICKS_HALF {
        return Err(vm.overflow_error("ticks interval overflow"));
    }
    vm.new_int(a.wrapping_add(b) & TICKS_MASK as i64)
}

// time.ticks_cpu(): a simulated 160 MHz cycle counter, wrapping like the other ticks.
fn ticks_cpu(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.new_int((vm.time_us.wrapping_mul(160) & TICKS_MASK) as i64)
}

// time.time(): whole seconds since the epoch (2000-01-01, the ESP32 port's, when the clock
// started at 0).
fn time(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.new_int((vm.time_us / 1_000_000) as i64)
}

// time.time_ns()
fn time_ns(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let ns = u128::from(vm.time_us) * 1000;
    match i64::try_from(ns) {
        Ok(n) => vm.new_int(n),
        Err(_) => Err(vm.overflow_error("overflow converting long int to machine word")),
    }
}

// time.gmtime([secs]) and time.localtime([secs]) (the board has no time zone).
fn gmtime(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    between(vm, args, kw, 0, 1)?;
    let secs = match args.first() {
        None => (vm.time_us / 1_000_000) as i64,
        Some(v) if v.is_none() => (vm.time_us / 1_000_000) as i64,
        Some(v) => {
            let v = *v;
            vm.float_arg(v)
                .map(|f| libm::floor(f) as i64)
                .or_else(|_| vm.int_arg(v))?
        }
    };
    let Some(t) = calendar::from_seconds(secs) else {
        return Err(vm.overflow_error("timestamp out of range"));
    };
    let mut items = [Value::NONE; 8];
    for (slot, field) in items.iter_mut().zip(t) {
        *slot = vm.new_int(field)?;
        vm.keep(*slot);
    }
    vm.new_tuple(&items)
}

// time.mktime((year, month, mday, hour, minute, second, wday, yday)): the inverse of
// localtime; out-of-range fields carry over (month 13 is January of the next year).
fn mktime(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    exact(vm, args, kw, 1)?;
    let t = arg(args, 0);
    let items = match vm.heap.get(t) {
        Obj::Tuple(v) => v.to_vec(),
        Obj::List(v) => v.clone(),
        _ => {
            let msg = alloc::format!("object '{}' isn't a tuple or list", vm.type_name(t));
            return Err(vm.type_error(&msg));
        }
    };
    if items.len() != 8 && items.len() != 9 {
        return Err(vm.type_error("mktime needs a tuple of length 8 or 9"));
    }
    let mut f = [0i64; 6];
    for (slot, v) in f.iter_mut().zip(&items) {
        *slot = vm.int_arg(*v)?;
    }
    match calendar::to_seconds(f) {
        Some(s) => vm.new_int(s),
        None => Err(vm.overflow_error("timestamp out of range")),
    }
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("sleep", sleep),
    NativeDef::new("sleep_ms", sleep_ms),
    NativeDef::new("sleep_us", sleep_us),
    NativeDef::new("ticks_ms", ticks_ms),
    NativeDef::new("ticks_us", ticks_us),
    NativeDef::new("ticks_diff", ticks_diff),
    NativeDef::new("ticks_add", ticks_add),
    NativeDef::new("ticks_cpu", ticks_cpu),
    NativeDef::new("time", time),
    NativeDef::new("time_ns", time_ns),
    NativeDef::new("gmtime", gmtime),
    NativeDef::new("localtime", gmtime),
    NativeDef::new("mktime", mktime),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}

/// Civil-calendar arithmetic on seconds since 2000-01-01 (proleptic Gregorian, no leap
/// seconds), after Howard Hinnant's days_from_civil/civil_from_days.
pub(crate) mod calendar {
    /// 1970-01-01 to 2000-01-01 in days.
    const EPOCH_2000: i64 = 10_957;
    /// Beyond this many seconds either way the year no longer fits comfortably; MicroPython
    /// has narrower limits still.
    const LIMIT: i64 = 1 << 52;

    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn civil_from_days(z: i64) -> (i64, i64, i64) {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (
            if m <= 2 {
                yoe + era * 400 + 1
            } else {
                yoe + era * 400
            },
            m,
            d,
        )
    }

    /// (year, month, mday, hour, minute, second, weekday 0=Monday, yearday 1..366).
    pub fn from_seconds(secs: i64) -> Option<[i64; 8]> {
        if !(-LIMIT..=LIMIT).contains(&secs) {
            return None;
        }
        let days = secs.div_euclid(86_400) + EPOCH_2000;
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        // 1970-01-01 was a Thursday (3).
        let wday = (days + 3).rem_euclid(7);
        let yday = days - days_from_civil(y, 1, 1) + 1;
        Some([y, m, d, rem / 3600, rem / 60 % 60, rem % 60, wday, yday])
    }

    /// Seconds since 2000 for (year, month, mday, hour, minute, second), carrying overflow.
    pub fn to_seconds(f: [i64; 6]) -> Option<i64> {
        let [y, m, d, h, mi, s] = f;
        if f.iter().any(|v| !(-LIMIT..=LIMIT).contains(v)) {
            return None;
        }
        let y = y + (m - 1).div_euclid(12);
        let m = (m - 1).rem_euclid(12) + 1;
        let days = days_from_civil(y, m, 1) - EPOCH_2000 + d - 1;
        let secs = days
            .checked_mul(86_400)?
            .checked_add(h.checked_mul(3600)?)?
            .checked_add(mi.checked_mul(60)?)?
            .checked_add(s)?;
        (-LIMIT..=LIMIT).contains(&secs).then_some(secs)
    }
}
