//! `machine.SPI` and `machine.SoftSPI` (extmod/machine_spi.c, ports/esp32/machine_hw_spi.c),
//! over the board's `Spi` trait. Chip select is a Pin the program drives.

use alloc::format;
use alloc::vec;

use super::pin::{pin_id, pin_object};
use super::{Kw, fill_buffer, get_slot, make_class, new_bytes, new_object, parse, set_slot};
use crate::exc::PyResult;
use crate::hal::{Chip, SpiBus};
use crate::modules::args::arg;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

const CONSTS: &[(&str, i32)] = &[("MSB", 0), ("LSB", 1)];

const METHODS: &[NativeDef] = &[
    NativeDef::new("init", spi_init),
    NativeDef::new("deinit", spi_deinit),
    NativeDef::new("read", spi_read),
    NativeDef::new("readinto", spi_readinto),
    NativeDef::new("write", spi_write),
    NativeDef::new("write_readinto", spi_write_readinto),
    NativeDef::new("__repr__", spi_repr),
];

pub(super) fn make_spi(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok(("SPI", make_class(vm, "SPI", spi_new, METHODS, CONSTS)?))
}

pub(super) fn make_soft_spi(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok((
        "SoftSPI",
        make_class(vm, "SoftSPI", soft_new, METHODS, CONSTS)?,
    ))
}

const ARGS: &[&str] = &[
    "baudrate", "polarity", "phase", "bits", "firstbit", "sck", "mosi", "miso",
];

/// The port's default pins of a controller: (sck, mosi, miso).
fn default_pins(chip: Chip, id: i64) -> (u32, u32, u32) {
    match (chip, id) {
        (Chip::Esp32, 1) => (14, 13, 12),
        (Chip::Esp32, _) => (18, 23, 19),
        (_, _) => (6, 7, 2),
    }
}

const SLOTS: [&str; 9] = [
    "_baudrate",
    "_polarity",
    "_phase",
    "_bits",
    "_firstbit",
    "_sck",
    "_mosi",
    "_miso",
    "_id",
];

/// Applies (baudrate, polarity, phase, bits, firstbit, sck, mosi, miso) to the slots; on a
/// fresh object absent ones take the defaults.
fn setup(vm: &mut Vm, o: Value, id: i64, a: &[Option<Value>], fresh: bool) -> PyResult<()> {
    let chip = vm.chip()?;
    let (dsck, dmosi, dmiso) = default_pins(chip, id);
    let defaults = [
        500_000,
        0,
        0,
        8,
        0,
        i64::from(dsck),
        i64::from(dmosi),
        i64::from(dmiso),
    ];
    if id < 0 && fresh && (0..3).any(|i| a.get(5 + i).copied().flatten().is_none()) {
        return Err(vm.value_error("must specify all of sck/mosi/miso"));
    }
    for (i, name) in SLOTS.iter().take(8).enumerate() {
        let v = match a.get(i).copied().flatten() {
            Some(v) if i >= 5 && v.is_none() => Value::small(-1),
            Some(v) if i >= 5 => Value::small(pin_id(vm, v)? as i32),
            Some(v) => {
                let n = vm.int_arg(v)?;
                vm.new_int(n)?
            }
            None if fresh => vm.new_int(defaults[i])?,
            None => continue,
        };
        set_slot(vm, o, name, v)?;
    }
    set_slot(vm, o, "_id", Value::small(id as i32))?;
    for name in ["_sck", "_mosi", "_miso"] {
        let v = get_slot(vm, o, name);
        if let Some(p) = vm.to_i64(v).filter(|p| *p >= 0) {
            pin_object(vm, p as u32)?;
        }
    }
    Ok(())
}

// SPI(id, baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=MSB, sck, mosi, miso)
fn spi_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let Some(&id) = args.get(1) else {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    };
    let id = vm.int_arg(id)?;
    let ok = match vm.chip()? {
        Chip::Esp32 => id == 1 || id == 2,
        _ => id == 1,
    };
    if !ok {
        let msg = format!("SPI({}) doesn't exist", id);
        return Err(vm.value_error(&msg));
    }
    let a = parse(vm, args.get(2..).unwrap_or(&[]), kw, ARGS, 1)?;
    let o = new_object(vm, cls)?;
    setup(vm, o, id, &a, true)?;
    Ok(o)
}

// SoftSPI(baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=MSB, sck, mosi, miso)
fn soft_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let a = parse(vm, args.get(1..).unwrap_or(&[]), kw, ARGS, 1)?;
    let o = new_object(vm, cls)?;
    setup(vm, o, -1, &a, true)?;
    Ok(o)
}

// SPI.init(baudrate, *, polarity, phase, bits, firstbit, sck, mosi, miso)
fn spi_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let a = parse(vm, args.get(1..).unwrap_or(&[]), kw, ARGS, 1)?;
    let id = get_slot(vm, s, "_id");
    let id = vm.int_arg(id)?;
    setup(vm, s, id, &a, false)?;
    Ok(Value::NONE)
}

fn spi_deinit(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

fn bus(vm: &mut Vm, s: Value) -> PyResult<SpiBus> {
    let mut n = [0i64; 9];
    for (slot, name) in n.iter_mut().zip(SLOTS) {
        let v = get_slot(vm, s, name);
        *slot = vm.int_arg(v)?;
    }
    let pin = |p: i64| u32::try_from(p).ok();
    Ok(SpiBus {
        id: n[8] as i32,
        baudrate: n[0].clamp(1, i64::from(u32::MAX)) as u32,
        polarity: n[1] as u8,
        phase: n[2] as u8,
        bits: n[3] as u8,
        lsb_first: n[4] == 1,
        sck: pin(n[5]).unwrap_or(0),
        mosi: pin(n[6]),
        miso: pin(n[7]),
    })
}

fn transfer(vm: &mut Vm, s: Value, out: &[u8]) -> PyResult<alloc::vec::Vec<u8>> {
    let b = bus(vm, s)?;
    let mut input = vec![0u8; out.len()];
    vm.with_board(|board, now| board.spi_transfer(now, &b, out, &mut input))?;
    Ok(input)
}

fn fill_byte(vm: &mut Vm, args: &[Value], kw: Kw, at: usize) -> PyResult<u8> {
    let q = vm.intern("write");
    let v = args
        .get(at)
        .copied()
        .or_else(|| kw.iter().find(|(k, _)| *k == q).map(|(_, v)| *v));
    match v {
        Some(v) => Ok(vm.int_arg(v)? as u8),
        None => Ok(0),
    }
}

// SPI.read(nbytes, write=0x00)
fn spi_read(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let n = vm.int_arg(arg(args, 1))?.max(0) as usize;
    vm.ensure_room(n.saturating_mul(2))?;
    let fill = fill_byte(vm, args, kw, 2)?;
    let data = transfer(vm, s, &vec![fill; n])?;
    new_bytes(vm, data)
}

// SPI.readinto(buf, write=0x00)
fn spi_readinto(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let (buf, n) = super::writable_buffer(vm, arg(args, 1))?;
    let fill = fill_byte(vm, args, kw, 2)?;
    let data = transfer(vm, s, &vec![fill; n])?;
    fill_buffer(vm, buf, &data);
    Ok(Value::NONE)
}

// SPI.write(buf)
fn spi_write(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let data = vm.bytes_of(arg(args, 1))?;
    transfer(vm, s, &data)?;
    Ok(Value::NONE)
}

// SPI.write_readinto(write_buf, read_buf)
fn spi_write_readinto(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let data = vm.bytes_of(arg(args, 1))?;
    let (buf, n) = super::writable_buffer(vm, arg(args, 2))?;
    if n < data.len() {
        return Err(vm.value_error("buffer too short"));
    }
    let got = transfer(vm, s, &data)?;
    fill_buffer(vm, buf, &got);
    Ok(Value::NONE)
}

// SPI.__repr__()
fn spi_repr(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let b = bus(vm, arg(args, 0))?;
    let pin = |p: Option<u32>| p.map_or(-1, |p| p as i64);
    let head = if b.id < 0 {
        "SoftSPI(".into()
    } else {
        format!("SPI(id={}, ", b.id)
    };
    vm.new_string(format!(
        "{}baudrate={}, polarity={}, phase={}, bits={}, firstbit={}, sck={}, mosi={}, miso={})",
        head,
        b.baudrate,
        b.polarity,
        b.phase,
        b.bits,
        u8::from(b.lsb_first),
        b.sck,
        pin(b.mosi),
        pin(b.miso)
    ))
}
