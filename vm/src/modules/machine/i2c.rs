//! `machine.I2C` and `machine.SoftI2C` (extmod/machine_i2c.c, ports/esp32/machine_i2c.c). Both
//! go through the board's `I2c` trait; the bus is named by its pins and controller id (-1 for
//! the bit-banged one). An address nobody acknowledges is `OSError: [Errno 19] ENODEV`, a hung
//! bus `[Errno 116] ETIMEDOUT`.

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use super::pin::{pin_id, pin_object};
use super::{
    Kw, fill_buffer, get_slot, make_class, new_bytes, new_object, parse, set_slot, writable_buffer,
};
use crate::exc::PyResult;
use crate::hal::{Chip, HalError, I2cBus};
use crate::modules::args::arg;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

const METHODS: &[NativeDef] = &[
    NativeDef::new("init", i2c_init),
    NativeDef::new("scan", scan),
    NativeDef::new("readfrom", readfrom),
    NativeDef::new("readfrom_into", readfrom_into),
    NativeDef::new("writeto", writeto),
    NativeDef::new("writevto", writevto),
    NativeDef::new("readfrom_mem", readfrom_mem),
    NativeDef::new("readfrom_mem_into", readfrom_mem_into),
    NativeDef::new("writeto_mem", writeto_mem),
    NativeDef::new("deinit", deinit),
    NativeDef::new("__repr__", i2c_repr),
];

/// SoftI2C adds the bus primitives. Writes are gathered until the next start or stop and then
/// sent as one transfer, so a driver that writes a header and a buffer separately reaches the
/// device as one phase, as on the wire.
const SOFT_METHODS: &[NativeDef] = &[
    NativeDef::new("start", prim_start),
    NativeDef::new("stop", prim_stop),
    NativeDef::new("write", prim_write),
    NativeDef::new("readinto", prim_readinto),
];

pub(super) fn make_i2c(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok(("I2C", make_class(vm, "I2C", i2c_new, METHODS, &[])?))
}

pub(super) fn make_soft_i2c(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    let mut all: Vec<NativeDef> = METHODS
        .iter()
        .map(|d| NativeDef::new(d.name, d.f))
        .collect();
    all.extend(SOFT_METHODS.iter().map(|d| NativeDef::new(d.name, d.f)));
    Ok(("SoftI2C", make_class(vm, "SoftI2C", soft_new, &all, &[])?))
}

const ARGS: &[&str] = &["scl", "sda", "freq", "timeout"];

fn default_pins(chip: Chip, id: i64) -> (u32, u32) {
    match (chip, id) {
        (Chip::Esp32, 1) => (25, 26),
        (Chip::Esp32, _) => (18, 19),
        (_, _) => (9, 8),
    }
}

/// Fills the bus slots from (scl, sda, freq, timeout) arguments.
fn setup(vm: &mut Vm, o: Value, id: i64, a: &[Option<Value>]) -> PyResult<()> {
    let chip = vm.chip()?;
    let (dscl, dsda) = default_pins(chip, id);
    let given = |i: usize| a.get(i).copied().flatten().filter(|v| !v.is_none());
    let scl = match given(0) {
        Some(p) => pin_id(vm, p)?,
        None if id >= 0 => dscl,
        None => return Err(vm.type_error("'scl' argument required")),
    };
    let sda = match given(1) {
        Some(p) => pin_id(vm, p)?,
        None if id >= 0 => dsda,
        None => return Err(vm.type_error("'sda' argument required")),
    };
    let freq = match given(2) {
        Some(f) => vm.int_arg(f)?,
        None => 400_000,
    };
    let timeout = match given(3) {
        Some(t) => vm.int_arg(t)?,
        None => 50_000,
    };
    set_slot(vm, o, "_id", Value::small(id as i32))?;
    set_slot(vm, o, "_scl", Value::small(scl as i32))?;
    set_slot(vm, o, "_sda", Value::small(sda as i32))?;
    let f = vm.new_int(freq.clamp(1, i64::from(u32::MAX)))?;
    set_slot(vm, o, "_freq", f)?;
    let t = vm.new_int(timeout.clamp(0, i64::from(u32::MAX)))?;
    set_slot(vm, o, "_timeout", t)?;
    set_slot(vm, o, "_pending", Value::NONE)?;
    pin_object(vm, scl)?;
    pin_object(vm, sda)?;
    Ok(())
}

// I2C(id=0, *, scl, sda, freq=400000, timeout=50000)
fn i2c_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let rest = args.get(1..).unwrap_or(&[]);
    let mut names = vec!["id"];
    names.extend_from_slice(ARGS);
    let a = parse(vm, rest, kw, &names, 1)?;
    let id = match a.first().copied().flatten() {
        Some(v) => vm.int_arg(v)?,
        None => 0,
    };
    if id == -1 {
        // Deprecated spelling of SoftI2C, as the port still accepts it.
        vm.write(
            crate::vm::Stream::Stdout,
            b"Warning: I2C(-1, ...) is deprecated, use SoftI2C(...) instead\n",
        );
        let soft = vm.machine_class("SoftI2C");
        let o = new_object(vm, soft)?;
        setup(vm, o, -1, a.get(1..).unwrap_or(&[]))?;
        return Ok(o);
    }
    let controllers = match vm.chip()? {
        Chip::Esp32 => 2,
        _ => 1,
    };
    if !(0..controllers).contains(&id) {
        let msg = format!("I2C({}) doesn't exist", id);
        return Err(vm.value_error(&msg));
    }
    let o = new_object(vm, cls)?;
    setup(vm, o, id, a.get(1..).unwrap_or(&[]))?;
    Ok(o)
}

// SoftI2C(scl, sda, *, freq=400000, timeout=50000)
fn soft_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let a = parse(vm, args.get(1..).unwrap_or(&[]), kw, ARGS, 2)?;
    let o = new_object(vm, cls)?;
    setup(vm, o, -1, &a)?;
    Ok(o)
}

// I2C.init(*, scl, sda, freq, timeout)
fn i2c_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let a = parse(vm, args.get(1..).unwrap_or(&[]), kw, ARGS, 0)?;
    let id = get_slot(vm, s, "_id");
    let id = vm.int_arg(id)?;
    setup(vm, s, id, &a)?;
    Ok(Value::NONE)
}

fn deinit(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn bus(vm: &mut Vm, s: Value) -> PyResult<I2cBus> {
    let mut n = [0i64; 5];
    for (slot, name) in n
        .iter_mut()
        .zip(["_id", "_scl", "_sda", "_freq", "_timeout"])
    {
        let v = get_slot(vm, s, name);
        *slot = vm.int_arg(v)?;
    }
    Ok(I2cBus {
        id: n[0] as i32,
        scl: n[1] as u32,
        sda: n[2] as u32,
        freq_hz: n[3] as u32,
        timeout_us: n[4] as u32,
    })
}

fn addr_arg(vm: &mut Vm, v: Value) -> PyResult<u8> {
    let a = vm.int_arg(v)?;
    Ok((a & 0x7F) as u8)
}

fn stop_arg(vm: &mut Vm, args: &[Value], kw: Kw, at: usize) -> PyResult<bool> {
    let q = vm.intern("stop");
    let v = args
        .get(at)
        .copied()
        .or_else(|| kw.iter().find(|(k, _)| *k == q).map(|(_, v)| *v));
    match v {
        Some(v) => vm.truthy(v),
        None => Ok(true),
    }
}

fn write_bytes(vm: &mut Vm, s: Value, addr: u8, data: &[u8], stop: bool) -> PyResult<usize> {
    let b = bus(vm, s)?;
    vm.with_board(|board, now| board.i2c_write(now, &b, addr, data, stop))
}

fn read_bytes(vm: &mut Vm, s: Value, addr: u8, n: usize, stop: bool) -> PyResult<Vec<u8>> {
    let b = bus(vm, s)?;
    // A count from the program: too big is MemoryError, not a host allocation failure.
    vm.ensure_room(n)?;
    let mut buf = vec![0u8; n];
    vm.with_board(|board, now| board.i2c_read(now, &b, addr, &mut buf, stop))?;
    Ok(buf)
}

// I2C.scan(): the addresses 0x08..0x77 that acknowledge.
fn scan(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let b = bus(vm, s)?;
    let mut found = Vec::new();
    for addr in 0x08u8..0x78 {
        let r = vm.with_board(
            |board, now| match board.i2c_write(now, &b, addr, &[], true) {
                Ok(_) => Ok(true),
                Err(HalError::NoAck) => Ok(false),
                Err(e) => Err(e),
            },
        )?;
        if r {
            found.push(Value::small(i32::from(addr)));
        }
    }
    vm.new_list(found)
}

// I2C.readfrom(addr, nbytes, stop=True)
fn readfrom(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let addr = addr_arg(vm, arg(args, 1))?;
    let n = vm.int_arg(arg(args, 2))?.max(0) as usize;
    let stop = stop_arg(vm, args, kw, 3)?;
    let data = read_bytes(vm, s, addr, n, stop)?;
    new_bytes(vm, data)
}

// I2C.readfrom_into(addr, buf, stop=True)
fn readfrom_into(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let addr = addr_arg(vm, arg(args, 1))?;
    let (buf, n) = writable_buffer(vm, arg(args, 2))?;
    let stop = stop_arg(vm, args, kw, 3)?;
    let data = read_bytes(vm, s, addr, n, stop)?;
    fill_buffer(vm, buf, &data);
    Ok(Value::NONE)
}

// I2C.writeto(addr, buf, stop=True) -> number of ACKs
fn writeto(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let addr = addr_arg(vm, arg(args, 1))?;
    let data = vm.bytes_of(arg(args, 2))?;
    let stop = stop_arg(vm, args, kw, 3)?;
    let n = write_bytes(vm, s, addr, &data, stop)?;
    vm.new_int(n as i64)
}

// I2C.writevto(addr, vector, stop=True)
fn writevto(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let addr = addr_arg(vm, arg(args, 1))?;
    let mut data = Vec::new();
    for part in vm.iterate(arg(args, 2))? {
        data.extend(vm.bytes_of(part)?);
    }
    let stop = stop_arg(vm, args, kw, 3)?;
    let n = write_bytes(vm, s, addr, &data, stop)?;
    vm.new_int(n as i64)
}

/// The memory address bytes, most significant first, for `addrsize` bits.
fn mem_address(vm: &mut Vm, mem: Value, kw: Kw) -> PyResult<Vec<u8>> {
    let mem = vm.int_arg(mem)?;
    let q = vm.intern("addrsize");
    let size = match kw.iter().find(|(k, _)| *k == q) {
        Some((_, v)) => vm.int_arg(*v)?,
        None => 8,
    };
    if !(8..=32).contains(&size) || size % 8 != 0 {
        return Err(vm.value_error("invalid addrsize"));
    }
    let n = (size / 8) as usize;
    Ok((0..n).rev().map(|i| (mem >> (8 * i)) as u8).collect())
}

// I2C.readfrom_mem(addr, memaddr, nbytes, *, addrsize=8)
fn readfrom_mem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let addr = addr_arg(vm, arg(args, 1))?;
    let mem = mem_address(vm, arg(args, 2), kw)?;
    let n = vm.int_arg(arg(args, 3))?.max(0) as usize;
    write_bytes(vm, s, addr, &mem, false)?;
    let data = read_bytes(vm, s, addr, n, true)?;
    new_bytes(vm, data)
}

// I2C.readfrom_mem_into(addr, memaddr, buf, *, addrsize=8)
fn readfrom_mem_into(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let addr = addr_arg(vm, arg(args, 1))?;
    let mem = mem_address(vm, arg(args, 2), kw)?;
    let (buf, n) = writable_buffer(vm, arg(args, 3))?;
    write_bytes(vm, s, addr, &mem, false)?;
    let data = read_bytes(vm, s, addr, n, true)?;
    fill_buffer(vm, buf, &data);
    Ok(Value::NONE)
}

// I2C.writeto_mem(addr, memaddr, buf, *, addrsize=8)
fn writeto_mem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let addr = addr_arg(vm, arg(args, 1))?;
    let mut data = mem_address(vm, arg(args, 2), kw)?;
    data.extend(vm.bytes_of(arg(args, 3))?);
    write_bytes(vm, s, addr, &data, true)?;
    Ok(Value::NONE)
}

// I2C.__repr__(): I2C(0, scl=18, sda=19, freq=400000)
fn i2c_repr(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let b = bus(vm, arg(args, 0))?;
    let text = if b.id < 0 {
        format!("SoftI2C(scl={}, sda={}, freq={})", b.scl, b.sda, b.freq_hz)
    } else {
        format!(
            "I2C({}, scl={}, sda={}, freq={}, timeout={})",
            b.id, b.scl, b.sda, b.freq_hz, b.timeout_us
        )
    };
    vm.new_string(text)
}

// ----- SoftI2C primitives -----

/// Sends the gathered write phase (address byte first), if any.
fn flush(vm: &mut Vm, s: Value, stop: bool) -> PyResult<()> {
    let pending = get_slot(vm, s, "_pending");
    set_slot(vm, s, "_pending", Value::NONE)?;
    let data = match vm.heap.get(pending) {
        Obj::ByteArray(b) => b.clone(),
        _ => return Ok(()),
    };
    let Some((&addr_byte, rest)) = data.split_first() else {
        return Ok(());
    };
    if addr_byte & 1 == 0 {
        write_bytes(vm, s, addr_byte >> 1, rest, stop)?;
    }
    Ok(())
}

// SoftI2C.start()
fn prim_start(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    flush(vm, s, false)?;
    let b = vm.alloc(Obj::ByteArray(Vec::new()))?;
    set_slot(vm, s, "_pending", b)?;
    Ok(Value::NONE)
}

// SoftI2C.stop()
fn prim_stop(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    flush(vm, arg(args, 0), true)?;
    Ok(Value::NONE)
}

// SoftI2C.write(buf) -> number of ACKs
fn prim_write(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let data = vm.bytes_of(arg(args, 1))?;
    let pending = get_slot(vm, s, "_pending");
    match vm.heap.get_mut(pending) {
        Obj::ByteArray(b) => b.extend_from_slice(&data),
        _ => return Err(vm.os_error(super::ETIMEDOUT)),
    }
    vm.new_int(data.len() as i64)
}

// SoftI2C.readinto(buf, nack=True): after start() and write([addr << 1 | 1]).
fn prim_readinto(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let pending = get_slot(vm, s, "_pending");
    let addr_byte = match vm.heap.get(pending) {
        Obj::ByteArray(b) => b.first().copied(),
        _ => None,
    };
    let Some(addr_byte) = addr_byte.filter(|a| a & 1 == 1) else {
        return Err(vm.os_error(super::ETIMEDOUT));
    };
    set_slot(vm, s, "_pending", Value::NONE)?;
    let (buf, n) = writable_buffer(vm, arg(args, 1))?;
    let data = read_bytes(vm, s, addr_byte >> 1, n, false)?;
    fill_buffer(vm, buf, &data);
    Ok(Value::NONE)
}
