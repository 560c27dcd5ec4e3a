//! `_onewire`: the 1-Wire primitives MicroPython's `onewire.py` builds on
//! (drivers/onewire/onewire.py over extmod/modonewire.c). The pin is a Pin object or a GPIO
//! number; each slot advances the virtual clock by its length.

use super::Kw;
use super::pin::pin_id;
use crate::exc::PyResult;
use crate::modules::args::arg;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

const FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("reset", reset),
    NativeDef::new("readbit", readbit),
    NativeDef::new("readbyte", readbyte),
    NativeDef::new("writebit", writebit),
    NativeDef::new("writebyte", writebyte),
    NativeDef::new("crc8", crc8),
];

/// Fills the `_onewire` module.
pub fn init(vm: &mut Vm, dict: Value) -> PyResult<()> {
    vm.add_functions(dict, FUNCTIONS)
}

// _onewire.reset(pin) -> presence
fn reset(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = pin_id(vm, arg(args, 0))?;
    let present = vm.with_board_timed(|b, now| b.onewire_reset(now, id))?;
    Ok(Value::bool(present))
}

// _onewire.readbit(pin)
fn readbit(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = pin_id(vm, arg(args, 0))?;
    let bit = vm.with_board_timed(|b, now| b.onewire_read_bit(now, id))?;
    Ok(Value::small(i32::from(bit)))
}

// _onewire.readbyte(pin)
fn readbyte(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = pin_id(vm, arg(args, 0))?;
    let byte = vm.with_board_timed(|b, now| b.onewire_read_byte(now, id))?;
    Ok(Value::small(i32::from(byte)))
}

// _onewire.writebit(pin, value)
fn writebit(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = pin_id(vm, arg(args, 0))?;
    let bit = vm.truthy(arg(args, 1))?;
    vm.with_board_timed(|b, now| b.onewire_write_bit(now, id, bit))?;
    Ok(Value::NONE)
}

// _onewire.writebyte(pin, value)
fn writebyte(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let id = pin_id(vm, arg(args, 0))?;
    let byte = vm.int_arg(arg(args, 1))? as u8;
    vm.with_board_timed(|b, now| b.onewire_write_byte(now, id, byte))?;
    Ok(Value::NONE)
}

/// The Dallas/Maxim CRC-8 (polynomial x^8 + x^5 + x^4 + 1, reflected), as 1-Wire ROMs and
/// scratchpads carry it.
pub fn crc8_of(data: &[u8]) -> u8 {
    let mut crc = 0u8;
    for &byte in data {
        let mut b = byte;
        for _ in 0..8 {
            let mix = (crc ^ b) & 1;
            crc >>= 1;
            if mix != 0 {
                crc ^= 0x8C;
            }
            b >>= 1;
        }
    }
    crc
}

// _onewire.crc8(data)
fn crc8(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let data = vm.bytes_of(arg(args, 0))?;
    Ok(Value::small(i32::from(crc8_of(&data))))
}
