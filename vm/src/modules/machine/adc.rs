//! `machine.ADC` and `machine.DAC` (ports/esp32/machine_adc.c, machine_dac.c).

use super::pin::{pin_id, pin_object};
use super::{Kw, get_slot, make_class, new_object, parse, set_slot};
use crate::exc::PyResult;
use crate::hal::Atten;
use crate::modules::args::arg;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

const ADC_CONSTS: &[(&str, i32)] = &[
    ("ATTN_0DB", 0),
    ("ATTN_2_5DB", 1),
    ("ATTN_6DB", 2),
    ("ATTN_11DB", 3),
    ("WIDTH_9BIT", 9),
    ("WIDTH_10BIT", 10),
    ("WIDTH_11BIT", 11),
    ("WIDTH_12BIT", 12),
];

const ADC_METHODS: &[NativeDef] = &[
    NativeDef::new("init", adc_init),
    NativeDef::new("read", adc_read),
    NativeDef::new("read_u16", adc_read_u16),
    NativeDef::new("read_uv", adc_read_uv),
    NativeDef::new("atten", adc_atten),
    NativeDef::new("width", adc_width),
    NativeDef::new("__repr__", adc_repr),
];

pub(super) fn make_adc(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok((
        "ADC",
        make_class(vm, "ADC", adc_new, ADC_METHODS, ADC_CONSTS)?,
    ))
}

fn atten_arg(vm: &mut Vm, v: Value) -> PyResult<Atten> {
    Ok(match vm.int_arg(v)? {
        0 => Atten::Db0,
        1 => Atten::Db2_5,
        2 => Atten::Db6,
        3 => Atten::Db11,
        _ => return Err(vm.value_error("invalid attenuation")),
    })
}

// ADC(pin, *, atten=ATTN_11DB)
fn adc_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let Some(&p) = args.get(1) else {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    };
    let id = pin_id(vm, p)?;
    if vm.pin_caps(i64::from(id))?.adc.is_none() {
        return Err(vm.value_error("invalid pin"));
    }
    let a = parse(vm, args.get(2..).unwrap_or(&[]), kw, &["atten"], 0)?;
    let atten = match a.first().copied().flatten() {
        Some(v) => atten_arg(vm, v)? as i32,
        None => Atten::Db11 as i32,
    };
    let o = new_object(vm, cls)?;
    set_slot(vm, o, "_id", Value::small(id as i32))?;
    set_slot(vm, o, "_atten", Value::small(atten))?;
    set_slot(vm, o, "_width", Value::small(12))?;
    Ok(o)
}

/// The calibrated microvolts and the 12-bit raw reading of an ADC object.
fn sample(vm: &mut Vm, s: Value) -> PyResult<(u32, u32)> {
    let id = get_slot(vm, s, "_id");
    let id = vm.int_arg(id)? as u32;
    let atten = get_slot(vm, s, "_atten");
    let atten = atten_arg(vm, atten)?;
    let uv = vm.with_board(|b, now| b.adc_read_uv(now, id, atten))?;
    let full_uv = atten.full_scale_mv() * 1000;
    let uv = uv.min(full_uv);
    let raw = (u64::from(uv) * 4095 / u64::from(full_uv)) as u32;
    Ok((uv, raw))
}

// ADC.init(*, atten)
fn adc_init(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let a = parse(vm, args.get(1..).unwrap_or(&[]), kw, &["atten"], 0)?;
    if let Some(v) = a.first().copied().flatten() {
        let atten = atten_arg(vm, v)? as i32;
        set_slot(vm, s, "_atten", Value::small(atten))?;
    }
    Ok(Value::NONE)
}

// ADC.read(): raw at the configured width.
fn adc_read(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let (_, raw) = sample(vm, s)?;
    let width = get_slot(vm, s, "_width");
    let width = vm.int_arg(width)?.clamp(9, 12) as u32;
    Ok(Value::small((raw >> (12 - width)) as i32))
}

// ADC.read_u16(): the 12-bit reading scaled to 16 bits as the port does.
fn adc_read_u16(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let (_, raw) = sample(vm, arg(args, 0))?;
    Ok(Value::small(((raw << 4) | (raw >> 8)) as i32))
}

// ADC.read_uv(): calibrated microvolts, in whole millivolts as esp_adc_cal gives them.
fn adc_read_uv(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let (uv, _) = sample(vm, arg(args, 0))?;
    vm.new_int(i64::from(uv / 1000 * 1000))
}

// ADC.atten(a)
fn adc_atten(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let a = atten_arg(vm, arg(args, 1))? as i32;
    set_slot(vm, arg(args, 0), "_atten", Value::small(a))?;
    Ok(Value::NONE)
}

// ADC.width(bits)
fn adc_width(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let w = vm.int_arg(arg(args, 1))?;
    let chip = vm.chip()?;
    let ok = match chip {
        crate::hal::Chip::Esp32 => (9..=12).contains(&w),
        _ => w == 12,
    };
    if !ok {
        return Err(vm.value_error("invalid bit-width"));
    }
    set_slot(vm, arg(args, 0), "_width", Value::small(w as i32))?;
    Ok(Value::NONE)
}

// ADC.__repr__(): ADC(Pin(34), atten=3)
fn adc_repr(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let id = get_slot(vm, s, "_id");
    let atten = get_slot(vm, s, "_atten");
    let (id, atten) = (vm.int_arg(id)?, vm.int_arg(atten)?);
    vm.new_string(alloc::format!("ADC(Pin({}), atten={})", id, atten))
}

// ----- DAC -----

const DAC_METHODS: &[NativeDef] = &[NativeDef::new("write", dac_write)];

pub(super) fn make_dac(vm: &mut Vm) -> PyResult<(&'static str, Value)> {
    Ok(("DAC", make_class(vm, "DAC", dac_new, DAC_METHODS, &[])?))
}

// DAC(pin)
fn dac_new(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let cls = arg(args, 0);
    let id = pin_id(vm, arg(args, 1))?;
    if vm.pin_caps(i64::from(id))?.dac.is_none() {
        return Err(vm.value_error("invalid Pin for DAC"));
    }
    let o = new_object(vm, cls)?;
    let p = pin_object(vm, id)?;
    set_slot(vm, o, "_pin", p)?;
    set_slot(vm, o, "_id", Value::small(id as i32))?;
    Ok(o)
}

// DAC.write(0..255)
fn dac_write(vm: &mut Vm, args: &[Value], _: Kw) -> PyResult<Value> {
    let s = arg(args, 0);
    let id = get_slot(vm, s, "_id");
    let id = vm.int_arg(id)? as u32;
    let v = vm.int_arg(arg(args, 1))?;
    let Ok(v) = u8::try_from(v) else {
        return Err(vm.value_error("value out of range"));
    };
    vm.with_board(|b, now| b.dac_write(now, id, v))?;
    Ok(Value::NONE)
}
