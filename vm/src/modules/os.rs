//! `_fs`: the natives behind the frozen `os` module (`os.py`) and the file objects
//! (`file.py`): the VM's file system state, the `os` functions, and the mapping of file-system
//! errors to `OSError(errno)`. File handles are in `file.rs`.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::exc::{PyErr, PyResult};
use crate::fs::{FileSystem, FsError, FsResult};
use crate::hal::{Flash, RamFlash};
use crate::intern::Qstr;
use crate::modules::args;
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// The flash a VM mounts when the embedder gave none: RAM, empty at start, the size of the
/// 2 MiB file-system partition of MicroPython's 4 MiB ESP32 layout.
pub const DEFAULT_FLASH_BYTES: usize = 2 * 1024 * 1024;

/// What `os` keeps in the VM: the mounted file system and the `urandom` generator.
pub struct OsState {
    fs: Option<Box<FileSystem>>,
    rng: u64,
}

impl Default for OsState {
    fn default() -> OsState {
        OsState {
            fs: None,
            rng: 0x853C_49E6_748F_EA9B,
        }
    }
}

impl Vm {
    /// Mounts the board's flash as the file system `os` and `open` use. A blank or corrupt
    /// flash is formatted. Without a call, the first file operation mounts a fresh RAM flash
    /// of `DEFAULT_FLASH_BYTES`.
    pub fn mount_flash(&mut self, flash: Box<dyn Flash>) -> Result<(), FsError> {
        self.os.fs = Some(Box::new(FileSystem::mount(flash)?));
        Ok(())
    }

    /// The mounted file system, for the embedder's own file tools (the page's files panel);
    /// `None` until a flash is mounted.
    pub fn file_system(&mut self) -> Option<&mut FileSystem> {
        self.os.fs.as_deref_mut()
    }

    /// Seeds `os.urandom`. There is no hardware entropy source behind the HAL yet, so the
    /// board (or the simulator, for repeatable runs) chooses the seed.
    pub fn seed_urandom(&mut self, seed: u64) {
        self.os.rng = seed;
    }

    /// The contents of a file on the board's file system (`boot.py`, `main.py`), if it can be
    /// read.
    pub fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        let r = self.with_fs(|fs| {
            let h = fs.open(path, crate::fs::OpenMode::READ)?;
            let mut out = Vec::new();
            let mut buf = [0u8; 512];
            let r = loop {
                match fs.read(h, &mut buf) {
                    Ok(0) => break Ok(out),
                    Ok(n) => out.extend_from_slice(buf.get(..n).unwrap_or(&[])),
                    Err(e) => break Err(e),
                }
            };
            let _ = fs.close(h);
            r
        });
        r.ok()
    }

    /// Runs `f` on the file system (mounting the default one first), with its error as OSError.
    pub(crate) fn with_fs<T>(
        &mut self,
        f: impl FnOnce(&mut FileSystem) -> FsResult<T>,
    ) -> PyResult<T> {
        if self.os.fs.is_none() {
            let flash = Box::new(RamFlash::new(DEFAULT_FLASH_BYTES, 4096));
            let fs = FileSystem::mount(flash).map_err(|e| self.fs_error(e))?;
            self.os.fs = Some(Box::new(fs));
        }
        let r = match self.os.fs.as_deref_mut() {
            Some(fs) => f(fs),
            None => Err(FsError::Io),
        };
        r.map_err(|e| self.fs_error(e))
    }

    /// `OSError(errno)`, or MemoryError.
    pub(crate) fn fs_error(&mut self, e: FsError) -> PyErr {
        if e == FsError::NoMemory {
            return self.memory_error();
        }
        let class = self.ty(TypeId::OSError);
        self.new_exc_from(class, alloc::vec![Value::small(e.errno())])
    }
}

/// A path argument: a str (MicroPython accepts nothing else for paths).
pub(crate) fn path_arg(vm: &mut Vm, v: Value) -> PyResult<String> {
    match vm.as_str(v) {
        Some(s) => Ok(String::from(s)),
        None => {
            let msg = alloc::format!(
                "can't convert '{}' object to str implicitly",
                vm.type_name(v)
            );
            Err(vm.type_error(&msg))
        }
    }
}

/// The optional path argument of listdir/ilistdir: the current directory when absent.
fn dir_arg(vm: &mut Vm, args: &[Value]) -> PyResult<String> {
    match args.first() {
        Some(v) => path_arg(vm, *v),
        None => Ok(String::from(".")),
    }
}

// os.listdir([dir])
fn listdir(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, a, kw, 0, 1)?;
    let path = dir_arg(vm, a)?;
    let entries = vm.with_fs(|fs| fs.listdir(&path))?;
    let mut names = Vec::with_capacity(entries.len());
    for e in entries {
        names.push(vm.new_str(&e.name)?);
    }
    vm.new_list(names)
}

// os.ilistdir([dir])
fn ilistdir(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::between(vm, a, kw, 0, 1)?;
    let path = dir_arg(vm, a)?;
    let entries = vm.with_fs(|fs| fs.listdir(&path))?;
    let mut items = Vec::with_capacity(entries.len());
    for e in entries {
        let name = vm.new_str(&e.name)?;
        let kind = Value::small(if e.dir { 0x4000 } else { 0x8000 });
        let ino = vm.new_int(i64::from(e.ino))?;
        let size = vm.new_int(i64::from(e.size))?;
        items.push(vm.new_tuple(&[name, kind, ino, size])?);
    }
    let list = vm.new_list(items)?;
    vm.get_iter(list)
}

/// Runs a one-path operation.
fn path_op(
    vm: &mut Vm,
    a: &[Value],
    kw: &[(Qstr, Value)],
    op: fn(&mut FileSystem, &str) -> FsResult<()>,
) -> PyResult<Value> {
    args::exact(vm, a, kw, 1)?;
    let path = path_arg(vm, args::arg(a, 0))?;
    vm.with_fs(|fs| op(fs, &path))?;
    Ok(Value::NONE)
}

// os.mkdir(path)
fn mkdir(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    path_op(vm, a, kw, FileSystem::mkdir)
}

// os.rmdir(path)
fn rmdir(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    path_op(vm, a, kw, FileSystem::rmdir)
}

// os.remove(path)
fn remove(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    path_op(vm, a, kw, FileSystem::remove)
}

// os.chdir(path)
fn chdir(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    path_op(vm, a, kw, FileSystem::chdir)
}

// os.rename(old, new)
fn rename(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 2)?;
    let from = path_arg(vm, args::arg(a, 0))?;
    let to = path_arg(vm, args::arg(a, 1))?;
    vm.with_fs(|fs| fs.rename(&from, &to))?;
    Ok(Value::NONE)
}

// os.stat(path)
fn stat(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 1)?;
    let path = path_arg(vm, args::arg(a, 0))?;
    let e = vm.with_fs(|fs| fs.stat(&path))?;
    let size = vm.new_int(i64::from(e.size))?;
    let mode = Value::small(if e.dir { 0x4000 } else { 0x8000 });
    // As MicroPython's LittleFS: mode and size; no owner, links or times are kept.
    let z = Value::small(0);
    vm.new_tuple(&[mode, z, z, z, z, z, size, z, z, z])
}

// os.statvfs(path)
fn statvfs(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 1)?;
    let path = path_arg(vm, args::arg(a, 0))?;
    let (bsize, blocks, free) = vm.with_fs(|fs| {
        fs.lookup(&path)?;
        Ok(fs.statvfs())
    })?;
    let bsize = vm.new_int(bsize as i64)?;
    let blocks = vm.new_int(i64::from(blocks))?;
    let free = vm.new_int(i64::from(free))?;
    let z = Value::small(0);
    // (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax), as
    // extmod/vfs_lfsx.c fills it.
    vm.new_tuple(&[
        bsize,
        bsize,
        blocks,
        free,
        free,
        z,
        z,
        z,
        z,
        Value::small(255),
    ])
}

// os.getcwd()
fn getcwd(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 0)?;
    let cwd = vm.with_fs(|fs| Ok(fs.cwd.clone()))?;
    vm.new_str(if cwd.is_empty() { "/" } else { &cwd })
}

// os.sync()
fn sync(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 0)?;
    vm.with_fs(FileSystem::sync)?;
    Ok(Value::NONE)
}

// os.urandom(n)
fn urandom(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 1)?;
    let n = vm.int_arg(args::arg(a, 0))?;
    let n = usize::try_from(n).map_err(|_| vm.value_error("negative count"))?;
    vm.reserve(n)?;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        // splitmix64: a small generator with good statistics; not a cryptographic source.
        vm.os.rng = vm.os.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = vm.os.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        out.extend(z.to_le_bytes().iter().take(n - out.len()));
    }
    vm.alloc(Obj::Bytes(out.into_boxed_slice()))
}

// os.format(): not in MicroPython's os, but the simulator needs a way back to a blank flash.
fn format(vm: &mut Vm, a: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, a, kw, 0)?;
    vm.with_fs(FileSystem::format)?;
    Ok(Value::NONE)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("listdir", listdir),
    NativeDef::new("ilistdir", ilistdir),
    NativeDef::new("mkdir", mkdir),
    NativeDef::new("rmdir", rmdir),
    NativeDef::new("remove", remove),
    NativeDef::new("rename", rename),
    NativeDef::new("chdir", chdir),
    NativeDef::new("stat", stat),
    NativeDef::new("statvfs", statvfs),
    NativeDef::new("getcwd", getcwd),
    NativeDef::new("sync", sync),
    NativeDef::new("urandom", urandom),
    NativeDef::new("format", format),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)?;
    vm.add_functions(d, super::file::FUNCTIONS)
}
