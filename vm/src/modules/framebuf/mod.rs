//! `framebuf`: MicroPython's frame buffers over any writable buffer. The class users see (and
//! subclass, as `ssd1306` does) is the frozen Python `framebuf.py` beside this file; its methods
//! are the native functions of `_framebuf` here. The instance wraps its buffer the way a
//! subclass of a built-in wraps its value (so `bytes(fb)` and `memoryview(fb)` see the pixels,
//! as MicroPython's buffer protocol lets them), and keeps `(width, height, format, stride)` in
//! its `_fb` attribute.

use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::modules::args;
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

pub mod draw;
pub mod font;
pub mod format;

use format::{Format, Layout, LayoutError, Pixels};

/// The frozen Python source of `framebuf`.
pub const SOURCE: &str = include_str!("framebuf.py");

const STATE: &str = "_fb";

/// An int argument in the ESP32's machine-word range (mp_int_t is 32 bits there), so the
/// drawing arithmetic cannot overflow.
fn int(vm: &mut Vm, v: Value) -> PyResult<i64> {
    let i = vm.int_arg(v)?;
    if i32::try_from(i).is_err() {
        return Err(vm.overflow_error("overflow converting long int to machine word"));
    }
    Ok(i)
}

/// A colour: C takes it as an int and stores it as uint32_t.
fn colour(vm: &mut Vm, v: Value) -> PyResult<u32> {
    Ok(int(vm, v)? as u32)
}

fn layout_error(vm: &mut Vm, e: LayoutError) -> crate::exc::PyErr {
    match e {
        LayoutError::InvalidFormat => vm.value_error("invalid format"),
        LayoutError::BadDimensions | LayoutError::BufferTooSmall => {
            vm.new_exc(TypeId::ValueError, None)
        }
    }
}

fn buffer_required(vm: &mut Vm) -> crate::exc::PyErr {
    vm.type_error("object with buffer protocol required")
}

/// The bytearray under a writable buffer: a bytearray, a subclass (array.array) or a
/// memoryview of one.
fn writable(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let mut t = v;
    if let Obj::MemoryView(b) = vm.heap.get(t) {
        t = *b;
    }
    let t = vm.unwrap_base(t);
    match vm.heap.get(t) {
        Obj::ByteArray(_) => Ok(t),
        _ => Err(buffer_required(vm)),
    }
}

/// Builds a layout from `(buf, width, height, format[, stride])` as the constructor takes them;
/// returns the buffer and the layout.
fn layout_from(vm: &mut Vm, items: &[Value], write: bool) -> PyResult<(Value, Layout)> {
    let buf = if write {
        writable(vm, items[0])?
    } else {
        items[0]
    };
    let width = int(vm, items[1])?;
    let height = int(vm, items[2])?;
    let format = int(vm, items[3])?;
    let stride = match items.get(4) {
        Some(s) => int(vm, *s)?,
        None => width,
    };
    let Some(len) = vm.bytes_slice(buf).map(<[u8]>::len) else {
        return Err(buffer_required(vm));
    };
    match Layout::new(width, height, format, stride, len) {
        Ok(l) => Ok((buf, l)),
        Err(e) => Err(layout_error(vm, e)),
    }
}

// FrameBuffer(buffer, width, height, format, stride=width)
fn init(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::no_keywords(vm, kw)?;
    // Counted without self, as MicroPython's constructor counts.
    args::positional(vm, a.get(1..).unwrap_or(&[]), 4, 5)?;
    let (buf, l) = layout_from(vm, &a[1..], true)?;
    let w = vm.new_int(l.width)?;
    let h = vm.new_int(l.height)?;
    let f = vm.new_int(l.format as i64)?;
    let s = vm.new_int(l.stride)?;
    let state = vm.new_tuple(&[w, h, f, s])?;
    let name = vm.intern(STATE);
    vm.setattr(a[0], name, state)?;
    if !matches!(vm.heap.get(a[0]), Obj::Instance(_)) {
        return Err(vm.type_error("FrameBuffer.__init__ needs a FrameBuffer"));
    }
    vm.instance_set(a[0], q::empty, buf)?;
    Ok(Value::NONE)
}

/// The buffer and layout a FrameBuffer (or subclass) instance holds.
fn frame_of(vm: &mut Vm, fb: Value) -> PyResult<(Value, Layout)> {
    let name = vm.intern(STATE);
    let state = vm.getattr(fb, name)?;
    let buf = vm.instance_base(fb);
    let (items, buf) = match vm.heap.get(state) {
        Obj::Tuple(t) if t.len() == 4 && !buf.is_null() => (t.to_vec(), buf),
        _ => return Err(vm.type_error("FrameBuffer not initialised")),
    };
    let mut n = [0i64; 4];
    for (slot, v) in n.iter_mut().zip(&items) {
        *slot = int(vm, *v)?;
    }
    let Some(format) = Format::from_code(n[2]) else {
        return Err(vm.value_error("invalid format"));
    };
    let layout = Layout {
        width: n[0],
        height: n[1],
        format,
        stride: n[3],
    };
    Ok((buf, layout))
}

/// A source for blit: a FrameBuffer, or `(buffer, width, height, format[, stride])`.
fn source_of(vm: &mut Vm, v: Value) -> PyResult<(Vec<u8>, Layout)> {
    let name = vm.intern(STATE);
    let is_frame = matches!(vm.heap.get(v), Obj::Instance(_)) && vm.getattr_opt(v, name)?.is_some();
    let (buf, layout) = if is_frame {
        frame_of(vm, v)?
    } else {
        let items = match vm.heap.get(v) {
            Obj::Tuple(t) => t.to_vec(),
            Obj::List(l) => l.to_vec(),
            _ => {
                let msg = alloc::format!("object '{}' isn't a tuple or list", vm.type_name(v));
                return Err(vm.type_error(&msg));
            }
        };
        if !(4..=5).contains(&items.len()) {
            return Err(vm.new_exc(TypeId::ValueError, None));
        }
        layout_from(vm, &items, false)?
    };
    match vm.bytes_slice(buf) {
        Some(b) => Ok((b.to_vec(), layout)),
        None => Err(buffer_required(vm)),
    }
}

/// Runs `draw` on the frame of `fb` (the instance), with its bytes borrowed mutably.
fn with_frame(
    vm: &mut Vm,
    fb: Value,
    draw: impl FnOnce(&mut Pixels<&mut [u8]>),
) -> PyResult<Value> {
    let (buf, layout) = frame_of(vm, fb)?;
    let buf = writable(vm, buf)?;
    if let Obj::ByteArray(bytes) = vm.heap.get_mut(buf) {
        draw(&mut Pixels {
            layout,
            buf: bytes.as_mut_slice(),
        });
    }
    Ok(Value::NONE)
}

/// Reads `n` int arguments starting at `a[from]`.
fn ints<const N: usize>(vm: &mut Vm, a: &[Value], from: usize) -> PyResult<[i64; N]> {
    let mut out = [0i64; N];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = int(vm, args::arg(a, from + i))?;
    }
    Ok(out)
}

// FrameBuffer.fill(c)
fn fill(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 2)?;
    let c = colour(vm, a[1])?;
    with_frame(vm, a[0], |fb| {
        let (w, h) = (fb.layout.width, fb.layout.height);
        fb.fill_rect(0, 0, w, h, c);
    })
}

// FrameBuffer.fill_rect(x, y, w, h, c)
fn fill_rect(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 6)?;
    let [x, y, w, h] = ints(vm, a, 1)?;
    let c = colour(vm, a[5])?;
    with_frame(vm, a[0], |fb| fb.fill_rect(x, y, w, h, c))
}

// FrameBuffer.pixel(x, y[, c])
fn pixel(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, a, kw, 3, 4)?;
    let [x, y] = ints(vm, a, 1)?;
    if a.len() == 4 {
        let c = colour(vm, a[3])?;
        return with_frame(vm, a[0], |fb| fb.set_checked(x, y, c));
    }
    let (buf, layout) = frame_of(vm, a[0])?;
    let c = match vm.bytes_slice(buf) {
        Some(b) => Pixels { layout, buf: b }.get_checked(x, y),
        None => return Err(buffer_required(vm)),
    };
    match c {
        Some(c) => vm.new_int(i64::from(c)),
        None => Ok(Value::NONE),
    }
}

// FrameBuffer.hline(x, y, w, c)
fn hline(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 5)?;
    let [x, y, w] = ints(vm, a, 1)?;
    let c = colour(vm, a[4])?;
    with_frame(vm, a[0], |fb| fb.fill_rect(x, y, w, 1, c))
}

// FrameBuffer.vline(x, y, h, c)
fn vline(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 5)?;
    let [x, y, h] = ints(vm, a, 1)?;
    let c = colour(vm, a[4])?;
    with_frame(vm, a[0], |fb| fb.fill_rect(x, y, 1, h, c))
}

// FrameBuffer.rect(x, y, w, h, c[, fill])
fn rect(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, a, kw, 6, 7)?;
    let [x, y, w, h] = ints(vm, a, 1)?;
    let c = colour(vm, a[5])?;
    let filled = match a.get(6) {
        Some(f) => vm.truthy(*f)?,
        None => false,
    };
    with_frame(vm, a[0], |fb| {
        if filled {
            fb.fill_rect(x, y, w, h, c);
        } else {
            fb.fill_rect(x, y, w, 1, c);
            fb.fill_rect(x, y + h - 1, w, 1, c);
            fb.fill_rect(x, y, 1, h, c);
            fb.fill_rect(x + w - 1, y, 1, h, c);
        }
    })
}

// FrameBuffer.line(x1, y1, x2, y2, c)
fn line(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 6)?;
    let [x1, y1, x2, y2] = ints(vm, a, 1)?;
    let c = colour(vm, a[5])?;
    with_frame(vm, a[0], |fb| draw::line(fb, x1, y1, x2, y2, c))
}

/// Radii past any frame's size are cut to it, so a wild radius cannot stall the VM in native
/// code (MicroPython would loop for as long as the radius).
const MAX_RADIUS: i64 = 0x1_0000;

// FrameBuffer.ellipse(x, y, xr, yr, c[, fill[, mask]])
fn ellipse(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, a, kw, 6, 8)?;
    let [x, y, xr, yr] = ints(vm, a, 1)?;
    let c = colour(vm, a[5])?;
    let mut mask = match a.get(6) {
        Some(f) if vm.truthy(*f)? => draw::ELLIPSE_FILL,
        _ => 0,
    };
    mask |= match a.get(7) {
        Some(m) => int(vm, *m)? as u32 & draw::ELLIPSE_ALL,
        None => draw::ELLIPSE_ALL,
    };
    let (xr, yr) = (
        xr.clamp(-MAX_RADIUS, MAX_RADIUS),
        yr.clamp(-MAX_RADIUS, MAX_RADIUS),
    );
    with_frame(vm, a[0], |fb| draw::ellipse(fb, x, y, xr, yr, c, mask))
}

/// The items of an int buffer (bytes, bytearray, array.array of any int typecode).
fn int_items(vm: &mut Vm, v: Value) -> PyResult<Vec<i64>> {
    let typecode = if matches!(vm.heap.get(v), Obj::Instance(_)) {
        let name = vm.intern("typecode");
        match vm.getattr_opt(v, name)? {
            Some(t) => vm.as_str(t).and_then(|s| s.bytes().next()).unwrap_or(b'B'),
            None => b'B',
        }
    } else {
        b'B'
    };
    let Some(bytes) = vm.bytes_slice(v) else {
        return Err(buffer_required(vm));
    };
    let (size, signed) = match typecode {
        b'b' => (1, true),
        b'h' => (2, true),
        b'H' => (2, false),
        b'i' | b'l' => (4, true),
        b'I' | b'L' => (4, false),
        b'q' => (8, true),
        b'Q' => (8, false),
        b'f' | b'd' => return Err(vm.type_error("can't convert float to int")),
        _ => (1, false),
    };
    Ok(bytes
        .chunks_exact(size)
        .map(|c| {
            let mut raw = [0u8; 8];
            raw[..size].copy_from_slice(c);
            let u = u64::from_le_bytes(raw);
            let shift = 64 - 8 * size as u32;
            if signed {
                ((u << shift) as i64) >> shift
            } else {
                u as i64
            }
        })
        .collect())
}

// FrameBuffer.poly(x, y, coords, c[, fill])
fn poly(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, a, kw, 5, 6)?;
    let [x, y] = ints(vm, a, 1)?;
    let items = int_items(vm, a[3])?;
    // An odd count drops the last value, as MicroPython does.
    let mut points = Vec::with_capacity(items.len() / 2);
    for p in items.chunks_exact(2) {
        // Coordinates are machine words on the board; wider ones wrap as C's would.
        points.push((i64::from(p[0] as i32), i64::from(p[1] as i32)));
    }
    if points.is_empty() {
        return Ok(Value::NONE);
    }
    let c = colour(vm, a[4])?;
    let filled = match a.get(5) {
        Some(f) => vm.truthy(*f)?,
        None => false,
    };
    with_frame(vm, a[0], |fb| draw::poly(fb, x, y, &points, c, filled))
}

// FrameBuffer.text(s, x, y[, c])
fn text(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, a, kw, 4, 5)?;
    let s = match vm.as_str(a[1]) {
        Some(s) => s.as_bytes().to_vec(),
        None => match vm.heap.get(a[1]) {
            Obj::Bytes(b) => b.to_vec(),
            _ => {
                let msg = alloc::format!(
                    "can't convert '{}' object to str implicitly",
                    vm.type_name(a[1])
                );
                return Err(vm.type_error(&msg));
            }
        },
    };
    let [x, y] = ints(vm, a, 2)?;
    let c = match a.get(4) {
        Some(c) => colour(vm, *c)?,
        None => 1,
    };
    with_frame(vm, a[0], |fb| draw::text(fb, &s, x, y, c))
}

// FrameBuffer.scroll(xstep, ystep)
fn scroll(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 3)?;
    let [dx, dy] = ints(vm, a, 1)?;
    with_frame(vm, a[0], |fb| draw::scroll(fb, dx, dy))
}

// FrameBuffer.blit(fbuf, x, y, key=-1, palette=None)
fn blit(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, a, kw, 4, 6)?;
    // Copied, so a frame can blit from itself.
    let (src, src_layout) = source_of(vm, a[1])?;
    let [x, y] = ints(vm, a, 2)?;
    let key = match a.get(4) {
        Some(k) => colour(vm, *k)?,
        None => u32::MAX,
    };
    let palette = match a.get(5) {
        Some(p) if !p.is_none() => Some(source_of(vm, *p)?),
        _ => None,
    };
    let src = Pixels {
        layout: src_layout,
        buf: src.as_slice(),
    };
    let palette = palette.as_ref().map(|(b, l)| Pixels {
        layout: *l,
        buf: b.as_slice(),
    });
    with_frame(vm, a[0], |fb| {
        draw::blit(fb, &src, x, y, key, palette.as_ref())
    })
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("init", init),
    NativeDef::new("fill", fill),
    NativeDef::new("fill_rect", fill_rect),
    NativeDef::new("pixel", pixel),
    NativeDef::new("hline", hline),
    NativeDef::new("vline", vline),
    NativeDef::new("rect", rect),
    NativeDef::new("line", line),
    NativeDef::new("ellipse", ellipse),
    NativeDef::new("poly", poly),
    NativeDef::new("text", text),
    NativeDef::new("scroll", scroll),
    NativeDef::new("blit", blit),
];

pub fn init_module(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}

#[cfg(test)]
mod tests;
