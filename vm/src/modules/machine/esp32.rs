//! `esp32`, the basics (ports/esp32/modesp32.c, esp32_nvs.c): the chip's temperature, wake
//! sources recorded for deep sleep, and `NVS` key/value storage (in memory: it lasts until the
//! next soft reset, where the chip's lasts in flash).

use alloc::string::String;
use alloc::vec::Vec;

use super::pin::pin_id;
use super::{Kw, fill_buffer, get_slot, make_class, new_object, set_slot, writable_buffer};
use crate::exc::{PyErr, PyResult};
use crate::modules::args::arg;
use crate::obj::TypeId;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// A value kept in NVS.
#[derive(Clone, Debug)]
pub(crate) enum NvsValue {
    I32(i32),
    Blob(Vec<u8>),
}

const FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("raw_temperature", raw_temperature),
    NativeDef::new("mcu_temperature", mcu_temperature),
    NativeDef::new("wake_on_ext0", wake_on_ext0),
    NativeDef::new("wake_on_ext1", wake_noop),
    NativeDef::new("wake_on_touch", wake_noop),
    NativeDef::new("wake_on_ulp", wake_noop),
    NativeDef::new("gpio_deep_sleep_hold", wake_noop),
];

const NVS_METHODS: &[NativeDef] = &[
    NativeDef::new("set_i32", nvs_set_i32),
    NativeDef::new("get_i32", nvs_get_i32),
    NativeDef::new("set_blob", nvs_set_blob),
    NativeDef::new("get_blob", nvs_get_blob),
    NativeDef::new("erase_key", nvs_erase_key),
    NativeDef::new("commit", wake_noop),
];

/// Fills the `esp32` module.
pub fn init(vm: &mut Vm, dict: Value) -> PyResult<()> {
    vm.add_functions(dict, FUNCTIONS)?;
    let nvs = make_class(vm, "NVS", nvs_new, NVS_METHODS, &[])?;
    vm.set_item_str(dict, "NVS", nvs)?;
    vm.set_item_str(dict, "WAKEUP_ALL_LOW", Value::FALSE)?;
    vm.set_item_str(dict, "WAKEUP_ANY_HIGH", Value::TRUE)?;
    vm.set_item_str(dict, "HEAP_DATA", Value::small(4))?;
    vm.set_item_str(dict, "HEAP_EXEC", Value::small(1))
}

/// The die temperature the simulated chip reports, in °C.
const DIE_CELSIUS: i32 = 40;

// esp32.raw_temperature(): the ESP32's sensor, in °F.
fn raw_temperature(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::small(DIE_CELSIUS * 9 / 5 + 32))
}

// esp32.mcu_temperature(): in °C (ESP32-C3, S2, S3).
fn mcu_temperature(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::small(DIE_CELSIUS))
}

// esp32.wake_on_ext0(pin, level)
fn wake_on_ext0(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    if !arg(args, 0).is_none() {
        pin_id(vm, arg(args, 0))?;
    }
    Ok(Value::NONE)
}

fn wake_noop(_: &mut Vm, _: &[Value], _: Kw) -> PyResult<Value> {
    Ok(Value::NONE)
}

// esp32.NVS(namespace)
fn nvs_new(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let ns = arg(args, 1);
    if vm.as_str(ns).is_none() {
        return Err(vm.type_error("NVS namespace must be a str"));
    }
    let o = new_object(vm, cls)?;
    set_slot(vm, o, "_ns", ns)?;
    Ok(o)
}

fn key_of(vm: &mut Vm, args: &[Value]) -> PyResult<(String, String)> {
    let ns = get_slot(vm, arg(args, 0), "_ns");
    let ns = String::from(vm.as_str(ns).unwrap_or(""));
    let Some(key) = vm.as_str(arg(args, 1)).map(String::from) else {
        return Err(vm.type_error("NVS key must be a str"));
    };
    Ok((ns, key))
}

/// `OSError: (-4354, 'ESP_ERR_NVS_NOT_FOUND')`, as the port raises it.
fn not_found(vm: &mut Vm) -> PyErr {
    let class = vm.ty(TypeId::OSError);
    let name = match vm.new_str("ESP_ERR_NVS_NOT_FOUND") {
        Ok(s) => s,
        Err(e) => return e,
    };
    vm.new_exc_from(class, alloc::vec![Value::small(-4354), name])
}

// NVS.set_i32(key, value)
fn nvs_set_i32(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let k = key_of(vm, args)?;
    let v = vm.int_arg(arg(args, 2))? as i32;
    vm.machine.nvs.insert(k, NvsValue::I32(v));
    Ok(Value::NONE)
}

// NVS.get_i32(key)
fn nvs_get_i32(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let k = key_of(vm, args)?;
    match vm.machine.nvs.get(&k) {
        Some(NvsValue::I32(v)) => {
            let v = *v;
            vm.new_int(i64::from(v))
        }
        _ => Err(not_found(vm)),
    }
}

// NVS.set_blob(key, value)
fn nvs_set_blob(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let k = key_of(vm, args)?;
    let v = vm.bytes_of(arg(args, 2))?;
    vm.machine.nvs.insert(k, NvsValue::Blob(v));
    Ok(Value::NONE)
}

// NVS.get_blob(key, buffer) -> length
fn nvs_get_blob(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let k = key_of(vm, args)?;
    let data = match vm.machine.nvs.get(&k) {
        Some(NvsValue::Blob(b)) => b.clone(),
        _ => return Err(not_found(vm)),
    };
    let (buf, len) = writable_buffer(vm, arg(args, 2))?;
    if len < data.len() {
        let class = vm.ty(TypeId::OSError);
        let name = vm.new_str("ESP_ERR_NVS_INVALID_LENGTH")?;
        return Err(vm.new_exc_from(class, alloc::vec![Value::small(-4364), name]));
    }
    fill_buffer(vm, buf, &data);
    vm.new_int(data.len() as i64)
}

// NVS.erase_key(key)
fn nvs_erase_key(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let k = key_of(vm, args)?;
    match vm.machine.nvs.remove(&k) {
        Some(_) => Ok(Value::NONE),
        None => Err(not_found(vm)),
    }
}
