//! `time` on the VM's virtual clock (the embedder advances it): sleep suspends `run` with
//! `RunOutcome::Sleeping`, ticks read the clock. The VM never reads a host clock.

use crate::exc::PyResult;
use crate::intern::Qstr;
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

// time.ticks_diff(a, b)
fn ticks_diff(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let a = vm.int_arg(args.first().copied().unwrap_or(Value::small(0)))?;
    let b = vm.int_arg(args.get(1).copied().unwrap_or(Value::small(0)))?;
    let half = 1i64 << 29;
    let d = ((a - b + half) & TICKS_MASK as i64) - half;
    vm.new_int(d)
}

// time.ticks_add(t, delta)
fn ticks_add(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let a = vm.int_arg(args.first().copied().unwrap_or(Value::small(0)))?;
    let b = vm.int_arg(args.get(1).copied().unwrap_or(Value::small(0)))?;
    vm.new_int((a + b) & TICKS_MASK as i64)
}

// time.time()
fn time(vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.new_int((vm.time_us / 1_000_000) as i64)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("sleep", sleep),
    NativeDef::new("sleep_ms", sleep_ms),
    NativeDef::new("sleep_us", sleep_us),
    NativeDef::new("ticks_ms", ticks_ms),
    NativeDef::new("ticks_us", ticks_us),
    NativeDef::new("ticks_diff", ticks_diff),
    NativeDef::new("ticks_add", ticks_add),
    NativeDef::new("time", time),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}
