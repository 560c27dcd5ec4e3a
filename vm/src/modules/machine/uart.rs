//! `machine.UART` (ports/esp32/machine_uart.c) over the board's `Uart` trait. Reads take what
//! has arrived by the virtual time; with a `timeout` a short read waits that long on the
//! virtual clock and tries again, as the port's blocking read does.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use super::pin::pin_id;
use super::{Kw, fill_buffer, get_slot, make_class, new_bytes, new_object, parse, set_slot};
use crate::exc::PyResult;
use crate::hal::{Chip, UartConfig};
use crate::modules::args::arg;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

const CONSTS: &[(&str, i32)] = &[
    ("INV_TX", 1),
    ("INV_RX", 2),
    ("INV_RTS", 4),
    ("INV_CTS", 8),
    ("RTS", 1),
    ("CTS", 2),
    ("IRQ_RX", 1),
    ("IRQ_RXIDLE", 2),
    ("IRQ_BREAK", 4),
];

const METHODS: &[NativeDef] = &[
    NativeDef::new("init", uart_init),
    NativeDef::new("deinit", uart_deinit),
    NativeDef::new("any", uart_any),
    NativeDef::new("read", uart_read),
    NativeDef::new("readinto", uart_readinto),
    NativeDef::new("readline", uart_readline),
    NativeDef::new("write", uart_write),
    NativeDef::new("sendbreak", uart_noop),
    NativeDef::new("flush", uart_noop),
    NativeDef::new("txdone", uart_txdone),
    NativeDef::new("__repr__", uart_repr),
];

pub(super) fn make(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok(("UART", make_class(vm, "UART", uart_new, METHODS, CONSTS)?))
}

const ARGS: &[&str] = &[
    "baudrate",
    "bits",
    "parity",
    "stop",
    "tx",
    "rx",
    "rts",
    "cts",
    "txbuf",
    "rxbuf",
    "timeout",
    "timeout_char",
    "invert",
    "flow",
];

/// The port's default (tx, rx) of a UART.
fn default_pins(chip: Chip, id: i64) -> (i64, i64) {
    match (chip, id) {
        (Chip::Esp32, 0) => (1, 3),
        (Chip::Esp32, 1) => (10, 9),
        (Chip::Esp32, _) => (17, 16),
        (_, 0) => (21, 20),
        (_, _) => (-1, -1),
    }
}

const SLOTS: [&str; 7] = [
    "_baudrate",
    "_bits",
    "_parity",
    "_stop",
    "_tx",
    "_rx",
    "_timeout",
];

fn setup(vm: &mut Vm, o: Value, id: i64, a: &[Option<Value>], fresh: bool) -> PyResult<()> {
    let chip = vm.chip()?;
    let (dtx, drx) = default_pins(chip, id);
    let given = |i: usize| a.get(i).copied().flatten();
    // (slot, argument index, default)
    let plan: [(&str, usize, i64); 7] = [
        ("_baudrate", 0, 115_200),
        ("_bits", 1, 8),
        ("_parity", 2, -1),
        ("_stop", 3, 1),
        ("_tx", 4, dtx),
        ("_rx", 5, drx),
        ("_timeout", 10, 0),
    ];
    for (slot, i, default) in plan {
        let v = match given(i) {
            Some(v) if v.is_none() => Value::small(-1),
            Some(v) if slot == "_tx" || slot == "_rx" => Value::small(pin_id(vm, v)? as i32),
            Some(v) => {
                let n = vm.int_arg(v)?;
                vm.new_int(n)?
            }
            None if fresh => vm.new_int(default)?,
            None => continue,
        };
        set_slot(vm, o, slot, v)?;
    }
    set_slot(vm, o, "_id", Value::small(id as i32))?;
    let c = config(vm, o)?;
    if !(5..=8).contains(&c.bits) {
        return Err(vm.value_error("invalid data bits"));
    }
    vm.with_board(|b, now| b.uart_configure(now, &c))
}

fn config(vm: &mut Vm, o: Value) -> PyResult<UartConfig> {
    let mut n = [0i64; 7];
    for (slot, name) in n.iter_mut().zip(SLOTS) {
        let v = get_slot(vm, o, name);
        *slot = vm.int_arg(v)?;
    }
    let id = get_slot(vm, o, "_id");
    let id = vm.int_arg(id)?;
    let pin = |p: i64| u32::try_from(p).ok();
    Ok(UartConfig {
        id: id as u32,
        baudrate: n[0].clamp(1, i64::from(u32::MAX)) as u32,
        bits: n[1].clamp(0, 255) as u8,
        parity: u8::try_from(n[2]).ok(),
        stop: n[3].clamp(1, 2) as u8,
        tx: pin(n[4]),
        rx: pin(n[5]),
    })
}

// UART(id, baudrate=115200, bits=8, parity=None, stop=1, *, tx, rx, ...)
fn uart_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let Some(&id) = args.get(1) else {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    };
    let id = vm.int_arg(id)?;
    let count = match vm.chip()? {
        Chip::Esp32 => 3,
        _ => 2,
    };
    if !(0..count).contains(&id) {
        let msg = format!("UART({}) does not exist", id);
        return Err(vm.value_error(&msg));
    }
    let a = parse(vm, args.get(2..).unwrap_or(&[]), kw, ARGS, 4)?;
    let o = new_object(vm, cls)?;
    setup(vm, o, id, &a, true)?;
    Ok(o)
}

// UART.init(baudrate, bits, parity, stop, *, tx, rx, ...)
fn uart_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let a = parse(vm, args.get(1..).unwrap_or(&[]), kw, ARGS, 4)?;
    let id = get_slot(vm, s, "_id");
    let id = vm.int_arg(id)?;
    setup(vm, s, id, &a, false)?;
    Ok(Value::NONE)
}

fn uart_deinit(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn uart_noop(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn uart_txdone(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::TRUE)
}

// UART.any()
fn uart_any(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let c = config(vm, arg(args, 0))?;
    let n = vm.with_board(|b, now| b.uart_any(now, c.id))?;
    vm.new_int(n as i64)
}

/// Reads up to `max` bytes (all that waits when None), waiting `timeout` ms of virtual time
/// once if fewer arrived.
fn read_up_to(vm: &mut Vm, s: Value, max: Option<usize>) -> PyResult<Vec<u8>> {
    let c = config(vm, s)?;
    let timeout = get_slot(vm, s, "_timeout");
    let timeout_ms = vm.int_arg(timeout)?.max(0) as u64;
    let mut out = Vec::new();
    for attempt in 0..2 {
        let avail = vm.with_board(|b, now| b.uart_any(now, c.id))?;
        let want = max.map_or(avail, |m| avail.min(m - out.len()));
        let mut buf = vec![0u8; want];
        let got = vm.with_board(|b, now| b.uart_read(now, c.id, &mut buf))?;
        out.extend_from_slice(buf.get(..got).unwrap_or_default());
        let done = max.is_none_or(|m| out.len() >= m);
        if done || timeout_ms == 0 || attempt == 1 {
            break;
        }
        vm.time_us = vm.time_us.saturating_add(timeout_ms * 1000);
    }
    Ok(out)
}

// UART.read([nbytes]): None when nothing arrived.
fn uart_read(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let max = match args.get(1) {
        Some(v) if !v.is_none() => Some(vm.int_arg(*v)?.max(0) as usize),
        _ => None,
    };
    let data = read_up_to(vm, s, max)?;
    if data.is_empty() && max != Some(0) {
        return Ok(Value::NONE);
    }
    new_bytes(vm, data)
}

// UART.readinto(buf[, nbytes])
fn uart_readinto(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let (buf, len) = super::writable_buffer(vm, arg(args, 1))?;
    let n = match args.get(2) {
        Some(v) => (vm.int_arg(*v)?.max(0) as usize).min(len),
        None => len,
    };
    let data = read_up_to(vm, s, Some(n))?;
    if data.is_empty() {
        return Ok(Value::NONE);
    }
    fill_buffer(vm, buf, &data);
    vm.new_int(data.len() as i64)
}

// UART.readline(): up to and including b'\n', or what waits.
fn uart_readline(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let c = config(vm, s)?;
    let mut out = Vec::new();
    loop {
        let mut b = [0u8; 1];
        let got = vm.with_board(|board, now| board.uart_read(now, c.id, &mut b))?;
        if got == 0 {
            break;
        }
        out.push(b[0]);
        if b[0] == b'\n' {
            break;
        }
    }
    if out.is_empty() {
        return Ok(Value::NONE);
    }
    new_bytes(vm, out)
}

// UART.write(buf) -> bytes written
fn uart_write(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let c = config(vm, s)?;
    let data = vm.bytes_of(arg(args, 1))?;
    let n = vm.with_board(|b, now| b.uart_write(now, c.id, &data))?;
    vm.new_int(n as i64)
}

// UART.__repr__()
fn uart_repr(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let c = config(vm, arg(args, 0))?;
    let pin = |p: Option<u32>| p.map_or(-1, i64::from);
    let parity = match c.parity {
        None => "None".into(),
        Some(p) => format!("{}", p),
    };
    vm.new_string(format!(
        "UART({}, baudrate={}, bits={}, parity={}, stop={}, tx={}, rx={})",
        c.id,
        c.baudrate,
        c.bits,
        parity,
        c.stop,
        pin(c.tx),
        pin(c.rx)
    ))
}
