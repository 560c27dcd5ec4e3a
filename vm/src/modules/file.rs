//! The natives behind file objects (`file.py` wraps them in FileIO and TextIOWrapper): open
//! with MicroPython's mode letters, and read/readline/readinto/write/seek/flush/close on a
//! handle number. Text reads count characters and decode UTF-8; writes return bytes written,
//! as MicroPython's stream layer does.

use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::fs::{FileSystem, FsError, FsResult, OpenMode};
use crate::intern::Qstr;
use crate::modules::args;
use crate::modules::os::path_arg;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// Parses a mode string as extmod/vfs_lfsx_file.c does: one of r/w/x/a, '+' for both
/// directions, 'b'/'t' for the object's type; other letters are ignored. Returns the mode and
/// whether the file is text.
fn parse_mode(mode: &str) -> Option<(OpenMode, bool)> {
    let mut m = OpenMode {
        read: true,
        write: false,
        append: false,
        truncate: false,
        create: false,
        exclusive: false,
    };
    let mut chosen = false;
    let mut plus = false;
    let mut text = true;
    for c in mode.chars() {
        let base = match c {
            'r' => Some((true, false, false, false, false)),
            'w' => Some((false, false, true, true, false)),
            'x' => Some((false, false, false, true, true)),
            'a' => Some((false, true, false, true, false)),
            '+' => {
                plus = true;
                None
            }
            'b' => {
                text = false;
                None
            }
            't' => {
                text = true;
                None
            }
            _ => None,
        };
        if let Some((read, append, truncate, create, exclusive)) = base {
            if chosen {
                return None;
            }
            chosen = true;
            m = OpenMode {
                read,
                write: !read,
                append,
                truncate,
                create,
                exclusive,
            };
        }
    }
    if plus {
        m.read = true;
        m.write = true;
    }
    Some((m, text))
}

fn handle_arg(vm: &mut Vm, a: &[Value]) -> PyResult<usize> {
    let h = vm.int_arg(args::arg(a, 0))?;
    usize::try_from(h).map_err(|_| vm.fs_error(FsError::BadFile))
}

// _fs.open(path, mode) -> (handle, is_text)
fn open(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 2)?;
    let path = path_arg(vm, args::arg(a, 0))?;
    let mode = path_arg(vm, args::arg(a, 1))?;
    let Some((mode, text)) = parse_mode(&mode) else {
        return Err(vm.new_exc(crate::obj::TypeId::ValueError, None));
    };
    let h = vm.with_fs(|fs| fs.open(&path, mode))?;
    let h = vm.new_int(h as i64)?;
    vm.new_tuple(&[h, Value::bool(text)])
}

/// UTF-8 characters in `b` (bytes that are not continuation bytes).
fn chars(b: &[u8]) -> usize {
    b.iter().filter(|c| (**c & 0xC0) != 0x80).count()
}

/// Bytes missing from a multi-byte character cut off at the end of `b`.
fn missing_tail(b: &[u8]) -> usize {
    let Some(lead_at) = b.iter().rposition(|c| (*c & 0xC0) != 0x80) else {
        return 0;
    };
    let lead = b.get(lead_at).copied().unwrap_or(0);
    let len = match lead {
        0xF0..=0xF7 => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    };
    (lead_at + len).saturating_sub(b.len())
}

/// Appends up to `n` bytes of the file to `out`; the count read.
fn read_more(fs: &mut FileSystem, h: usize, n: usize, out: &mut Vec<u8>) -> FsResult<usize> {
    let start = out.len();
    out.try_reserve(n).map_err(|_| FsError::NoMemory)?;
    out.resize(start + n, 0);
    let got = fs.read(h, out.get_mut(start..).unwrap_or(&mut []))?;
    out.truncate(start + got);
    Ok(got)
}

/// Reads `n` units (characters for text, bytes otherwise), or everything when `n` is None.
fn read_units(fs: &mut FileSystem, h: usize, n: Option<usize>, text: bool) -> FsResult<Vec<u8>> {
    let mut out = Vec::new();
    match n {
        None => {
            let left = fs.size(h)?.saturating_sub(fs.tell(h)?) as usize;
            read_more(fs, h, left, &mut out)?;
        }
        Some(n) => {
            read_more(fs, h, n, &mut out)?;
            if text {
                while chars(&out) < n {
                    if read_more(fs, h, n - chars(&out), &mut out)? == 0 {
                        break;
                    }
                }
                let tail = missing_tail(&out);
                if tail > 0 {
                    read_more(fs, h, tail, &mut out)?;
                }
            }
        }
    }
    Ok(out)
}

fn new_data(vm: &mut Vm, data: Vec<u8>, text: bool) -> PyResult<Value> {
    if text {
        let s = alloc::string::String::from_utf8_lossy(&data).into_owned();
        vm.new_string(s)
    } else {
        vm.alloc(Obj::Bytes(data.into_boxed_slice()))
    }
}

/// An optional size argument: None for absent, None or negative.
fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => Ok(usize::try_from(vm.int_arg(*v)?).ok()),
    }
}

// _fs.read(handle, size, is_text)
fn read(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 3)?;
    let h = handle_arg(vm, a)?;
    let n = size_arg(vm, a.get(1))?;
    let text = vm.truthy(args::arg(a, 2))?;
    if let Some(n) = n {
        vm.reserve(n)?;
    }
    let data = vm.with_fs(|fs| read_units(fs, h, n, text))?;
    new_data(vm, data, text)
}

// _fs.readline(handle, size, is_text)
fn readline(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 3)?;
    let h = handle_arg(vm, a)?;
    let limit = size_arg(vm, a.get(1))?;
    let text = vm.truthy(args::arg(a, 2))?;
    let line = vm.with_fs(|fs| {
        let mut out = Vec::new();
        loop {
            let want = limit.map_or(64, |l| l.saturating_sub(out.len()).min(64));
            let start = out.len();
            if want == 0 || read_more(fs, h, want, &mut out)? == 0 {
                break;
            }
            if let Some(i) = out
                .get(start..)
                .and_then(|s| s.iter().position(|c| *c == b'\n'))
            {
                // Give back what was read past the newline.
                let extra = out.len() - (start + i + 1);
                fs.seek(h, -(extra as i64), 1)?;
                out.truncate(start + i + 1);
                break;
            }
        }
        Ok(out)
    })?;
    new_data(vm, line, text)
}

// _fs.readinto(handle, buf, size)
fn readinto(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 3)?;
    let h = handle_arg(vm, a)?;
    // A memoryview writes through to what it views (mpremote hashes files this way).
    let buf = match vm.heap.get(args::arg(a, 1)) {
        Obj::MemoryView(viewed) => *viewed,
        _ => args::arg(a, 1),
    };
    let len = match vm.heap.get(buf) {
        Obj::ByteArray(b) => b.len(),
        _ => {
            let msg = alloc::format!(
                "object with buffer protocol required, not {}",
                vm.type_name(buf)
            );
            return Err(vm.type_error(&msg));
        }
    };
    let n = size_arg(vm, a.get(2))?.map_or(len, |n| n.min(len));
    let data = vm.with_fs(|fs| read_units(fs, h, Some(n), false))?;
    if let Obj::ByteArray(b) = vm.heap.get_mut(buf)
        && let Some(dst) = b.get_mut(..data.len())
    {
        dst.copy_from_slice(&data);
    }
    vm.new_int(data.len() as i64)
}

// _fs.write(handle, data)
fn write(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 2)?;
    let h = handle_arg(vm, a)?;
    let v = args::arg(a, 1);
    let data = match vm.as_str(v) {
        Some(s) => s.as_bytes().to_vec(),
        None => vm.bytes_of(v)?,
    };
    let n = vm.with_fs(|fs| fs.write(h, &data))?;
    vm.new_int(n as i64)
}

// _fs.seek(handle, offset, whence)
fn seek(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 3)?;
    let h = handle_arg(vm, a)?;
    let offset = vm.int_arg(args::arg(a, 1))?;
    let whence = vm.int_arg(args::arg(a, 2))?;
    let whence = u32::try_from(whence).unwrap_or(u32::MAX);
    let pos = vm.with_fs(|fs| fs.seek(h, offset, whence))?;
    vm.new_int(i64::from(pos))
}

// _fs.flush(handle)
fn flush(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 1)?;
    let h = handle_arg(vm, a)?;
    vm.with_fs(|fs| fs.flush(h))?;
    Ok(Value::NONE)
}

// _fs.close(handle)
fn close(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 1)?;
    let h = handle_arg(vm, a)?;
    vm.with_fs(|fs| fs.close(h))?;
    Ok(Value::NONE)
}

pub static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("open", open),
    NativeDef::new("read", read),
    NativeDef::new("readline", readline),
    NativeDef::new("readinto", readinto),
    NativeDef::new("write", write),
    NativeDef::new("seek", seek),
    NativeDef::new("flush", flush),
    NativeDef::new("close", close),
];

// open(file, mode='r', buffering=-1, encoding=None)
/// The builtin: opens natively (so errors point at the caller's line) and wraps the handle
/// in the frozen `_file` module's FileIO or TextIOWrapper.
pub fn builtin_open(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::positional(vm, a, 1, 4)?;
    let mode = match (a.get(1).copied(), args::kwarg(vm, kw, "mode")) {
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => Value::qstr(vm.intern("r")),
    };
    let opened = open(vm, &[args::arg(a, 0), mode], &[])?;
    let (h, text) = match vm.heap.get(opened) {
        Obj::Tuple(t) => (args::arg(t, 0), args::arg(t, 1)),
        _ => return Err(vm.fs_error(FsError::BadFile)),
    };
    let module = vm.intern("_file");
    let module = vm.import(module)?;
    let class = vm.intern(if text == Value::TRUE {
        "TextIOWrapper"
    } else {
        "FileIO"
    });
    let class = vm.getattr(module, class)?;
    vm.call(class, &[h])
}
