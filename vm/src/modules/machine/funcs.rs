//! `machine`'s module-level functions (ports/esp32/modmachine.c, extmod/machine_*.c).

use super::pin::{configure_pin, pin_id};
use super::{Kw, fill_buffer, new_bytes, writable_buffer};
use crate::exc::PyResult;
use crate::hal::{Chip, PinMode, PulseResult, ResetCause};
use crate::modules::args::arg;
use crate::obj::TypeId;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

pub(super) const FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("freq", freq),
    NativeDef::new("reset", reset),
    NativeDef::new("soft_reset", soft_reset),
    NativeDef::new("reset_cause", reset_cause),
    NativeDef::new("unique_id", unique_id),
    NativeDef::new("idle", idle),
    NativeDef::new("lightsleep", lightsleep),
    NativeDef::new("deepsleep", deepsleep),
    NativeDef::new("wake_reason", wake_reason),
    NativeDef::new("disable_irq", disable_irq),
    NativeDef::new("enable_irq", enable_irq),
    NativeDef::new("time_pulse_us", time_pulse_us),
    NativeDef::new("bitstream", bitstream),
    NativeDef::new("dht_readinto", dht_readinto),
];

// machine.freq([hz])
fn freq(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let Some(&hz) = args.first() else {
        let hz = match vm.machine.cpu_hz {
            0 => 160_000_000,
            hz => hz,
        };
        return vm.new_int(i64::from(hz));
    };
    let hz = vm.int_arg(hz)?;
    let chip = vm.chip()?;
    let mhz = hz / 1_000_000;
    let ok = hz % 1_000_000 == 0
        && match chip {
            Chip::Esp32 => matches!(mhz, 20 | 40 | 80 | 160 | 240),
            _ => matches!(mhz, 20 | 40 | 80 | 160),
        };
    if !ok {
        return Err(vm.value_error(match chip {
            Chip::Esp32 => "frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz",
            _ => "frequency must be 20MHz, 40MHz, 80Mhz or 160MHz",
        }));
    }
    vm.machine.cpu_hz = hz as u32;
    // A board that cannot change its clock still reports the new one, as the sim's speed
    // does not depend on it.
    let _ = vm.with_board(|b, _| b.set_cpu_freq(hz as u32));
    Ok(Value::NONE)
}

/// SystemExit, which the console answers with a soft reboot (boot.py and main.py again).
fn exit(vm: &mut Vm) -> crate::exc::PyErr {
    vm.new_exc(TypeId::SystemExit, None)
}

// machine.reset(): the board records a hard reset; the program ends.
fn reset(vm: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    let _ = vm.with_board(|b, now| b.reset(now));
    Err(exit(vm))
}

// machine.soft_reset()
fn soft_reset(vm: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Err(exit(vm))
}

// machine.reset_cause()
fn reset_cause(vm: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    let cause = match vm.board.as_deref() {
        Some(b) => b.reset_cause(),
        None => ResetCause::PowerOn,
    };
    Ok(Value::small(match cause {
        ResetCause::PowerOn => 1,
        ResetCause::Hard => 2,
        ResetCause::Watchdog => 3,
        ResetCause::DeepSleep => 4,
        ResetCause::Soft => 5,
    }))
}

// machine.unique_id()
fn unique_id(vm: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    let id = match vm.board.as_deref() {
        Some(b) => b.unique_id(),
        None => [0; 6],
    };
    new_bytes(vm, id.to_vec())
}

// machine.idle(): waits for an interrupt; on the virtual clock, one tick (1 ms).
fn idle(vm: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    vm.sleep_us(1000);
    Ok(Value::NONE)
}

fn sleep_ms_arg(vm: &mut Vm, args: &[Value]) -> PyResult<u64> {
    match args.first() {
        Some(v) if !v.is_none() => Ok(vm.int_arg(*v)?.max(0) as u64),
        // No time: until something wakes it; a day of virtual time stands for that.
        _ => Ok(86_400_000),
    }
}

// machine.lightsleep([ms]): a sleep that IRQs and timers can interrupt.
fn lightsleep(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let ms = sleep_ms_arg(vm, args)?;
    vm.sleep_us(ms.saturating_mul(1000));
    Ok(Value::NONE)
}

// machine.deepsleep([ms]): the chip sleeps, then starts again from boot.
fn deepsleep(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let ms = sleep_ms_arg(vm, args)?;
    vm.time_us = vm.time_us.saturating_add(ms.saturating_mul(1000));
    Err(exit(vm))
}

// machine.wake_reason()
fn wake_reason(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::small(0))
}

// machine.disable_irq() -> state for enable_irq
fn disable_irq(vm: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    let was = vm.machine.irq_disabled;
    vm.machine.irq_disabled = true;
    Ok(Value::small(i32::from(!was)))
}

// machine.enable_irq(state=True)
fn enable_irq(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let on = match args.first() {
        Some(v) => vm.truthy(*v)?,
        None => true,
    };
    vm.machine.irq_disabled = !on;
    Ok(Value::NONE)
}

// machine.time_pulse_us(pin, pulse_level, timeout_us=1000000)
fn time_pulse_us(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = pin_id(vm, arg(args, 0))?;
    let level = vm.truthy(arg(args, 1))?;
    let timeout = match args.get(2) {
        Some(v) => vm.int_arg(*v)?.clamp(0, i64::from(u32::MAX)) as u32,
        None => 1_000_000,
    };
    let r = vm.with_board_timed(|b, now| b.pulse_in(now, id, level, timeout))?;
    Ok(Value::small(match r {
        PulseResult::Width(us) => us.min(i32::MAX as u32) as i32,
        PulseResult::NoStart => -2,
        PulseResult::TooLong => -1,
    }))
}

// machine.bitstream(pin, encoding, timing, data)
fn bitstream(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    if args.len() != 4 {
        return Err(vm.type_error("function takes 4 positional arguments"));
    }
    let id = pin_id(vm, arg(args, 0))?;
    if vm.int_arg(arg(args, 1))? != 0 {
        return Err(vm.value_error("invalid encoding"));
    }
    let timing = vm.iterate(arg(args, 2))?;
    if timing.len() != 4 {
        return Err(vm.value_error("timing must be a 4-tuple"));
    }
    let mut ns = [0u32; 4];
    for (slot, v) in ns.iter_mut().zip(timing) {
        *slot = vm.int_arg(v)?.clamp(0, i64::from(u32::MAX)) as u32;
    }
    let data = vm.bytes_of(arg(args, 3))?;
    vm.with_board_timed(|b, now| b.bitstream(now, id, ns, &data))?;
    Ok(Value::NONE)
}

// machine.dht_readinto(pin, buf): the five bytes of a DHT11/DHT22 reading.
fn dht_readinto(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = pin_id(vm, arg(args, 0))?;
    let (buf, len) = writable_buffer(vm, arg(args, 1))?;
    if len < 5 {
        return Err(vm.value_error("buffer too small"));
    }
    configure_pin(vm, id, Some(PinMode::OpenDrain), None)?;
    let mut frame = [0u8; 5];
    vm.with_board_timed(|b, now| b.dht_readinto(now, id, &mut frame))?;
    fill_buffer(vm, buf, &frame);
    Ok(Value::NONE)
}
