//! The simulated board's flash: an image file on the host (`esprit --flash PATH`), so files
//! persist between runs, or RAM that lives as long as the process (surviving soft resets);
//! and `FlashBoard`, the board that mounts it and reads `boot.py`/`main.py` from it.
//!
//! The image is the whole 4 MiB SPI flash, laid out as MicroPython's (bootloader, partition
//! table at 0x8000, app at 0x10000); the file system lives in its "vfs" data partition (see
//! `rom::partition::vfs_partition`). A new image comes programmed with esprit, as from the
//! factory (`rom::factory`), so esptool can read, erase and rewrite it as on a real board.

use std::cell::RefCell;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::OnceLock;

use vm::Vm;
use vm::hal::{Flash, HalError, RamFlash};

use crate::console::Board;

/// Size of a new image: a 4 MiB flash, whose "vfs" partition is the VM's default 2 MiB.
pub const IMAGE_BYTES: usize = 2 * vm::modules::os::DEFAULT_FLASH_BYTES;
const SECTOR: usize = 4096;

/// A flash kept in a file: reads come from a copy in memory, writes and erases go through to
/// the file at once, so the image is always what the board last wrote.
pub struct FileFlash {
    file: File,
    data: Vec<u8>,
}

impl FileFlash {
    /// Opens the image at `path`, creating a blank (erased) one when it is missing.
    /// A new image gets `target`'s factory contents.
    pub fn open(path: &Path, target: crate::rom::target::Target) -> std::io::Result<FileFlash> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        let mut data = Vec::new();
        file.read_to_end(&mut data)?;
        if data.is_empty() {
            let mut blank = RamFlash::new(IMAGE_BYTES, SECTOR);
            crate::rom::factory::program(&mut blank, target)
                .map_err(|e| std::io::Error::other(format!("factory flash: {e:?}")))?;
            data = vec![0xFF; IMAGE_BYTES];
            blank
                .read(0, &mut data)
                .map_err(|e| std::io::Error::other(format!("factory flash: {e:?}")))?;
            file.write_all(&data)?;
        }
        if data.len() % SECTOR != 0 || data.len() < 4 * SECTOR {
            return Err(std::io::Error::other(format!(
                "{}: a flash image is a whole number of 4 KiB sectors, at least 4",
                path.display()
            )));
        }
        Ok(FileFlash { file, data })
    }

    fn range(&self, offset: usize, len: usize) -> Result<std::ops::Range<usize>, HalError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.data.len() => Ok(offset..end),
            _ => Err(HalError::OutOfRange),
        }
    }

    fn store(&mut self, range: std::ops::Range<usize>) -> Result<(), HalError> {
        let bytes = self.data.get(range.clone()).ok_or(HalError::OutOfRange)?;
        self.file
            .seek(SeekFrom::Start(range.start as u64))
            .and_then(|_| self.file.write_all(bytes))
            .map_err(|_| HalError::Io)
    }
}

impl Flash for FileFlash {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        let r = self.range(offset, buf.len())?;
        buf.copy_from_slice(self.data.get(r).ok_or(HalError::OutOfRange)?);
        Ok(())
    }

    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        let r = self.range(offset, data.len())?;
        let dst = self.data.get_mut(r.clone()).ok_or(HalError::OutOfRange)?;
        // NOR: programming only clears bits.
        dst.iter_mut().zip(data).for_each(|(d, s)| *d &= *s);
        self.store(r)
    }

    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        if !sector_offset.is_multiple_of(SECTOR) {
            return Err(HalError::Misaligned);
        }
        let r = self.range(sector_offset, SECTOR)?;
        self.data
            .get_mut(r.clone())
            .ok_or(HalError::OutOfRange)?
            .fill(0xFF);
        self.store(r)
    }

    fn sector_size(&self) -> usize {
        SECTOR
    }

    fn capacity(&self) -> usize {
        self.data.len()
    }
}

/// A flash shared between the board and each VM it powers on, so a soft reset (a fresh VM)
/// keeps the files.
#[derive(Clone)]
pub struct SharedFlash(Rc<RefCell<dyn Flash>>);

impl SharedFlash {
    pub fn new(flash: impl Flash + 'static) -> SharedFlash {
        SharedFlash(Rc::new(RefCell::new(flash)))
    }

    /// The size of the whole flash in bytes.
    pub fn capacity_bytes(&self) -> usize {
        self.0.borrow().capacity()
    }

    /// The file system's partition of this (whole-chip) flash, as a flash of its own.
    pub fn vfs(&self) -> SharedFlash {
        let mut whole = self.clone();
        let (offset, len) = crate::rom::partition::vfs_partition(&mut whole);
        SharedFlash::new(crate::rom::partition::Window::new(
            whole,
            offset as usize,
            len as usize,
        ))
    }
}

impl Flash for SharedFlash {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        self.0.borrow_mut().read(offset, buf)
    }
    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        self.0.borrow_mut().write(offset, data)
    }
    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        self.0.borrow_mut().erase(sector_offset)
    }
    fn sector_size(&self) -> usize {
        self.0.borrow().sector_size()
    }
    fn capacity(&self) -> usize {
        self.0.borrow().capacity()
    }
}

/// The image path from `--flash PATH`, for every board the process makes.
static IMAGE: OnceLock<PathBuf> = OnceLock::new();

/// Keeps the flash in the image file at `path` from now on.
pub fn set_image(path: PathBuf) {
    let _ = IMAGE.set(path);
}

/// Takes `--flash PATH` out of the command line and remembers it. False when PATH is missing.
pub fn take_flash_arg(args: &mut Vec<String>) -> bool {
    if let Some(i) = args.iter().position(|a| a == "--flash") {
        let Some(path) = args.get(i + 1).cloned() else {
            return false;
        };
        set_image(PathBuf::from(path));
        args.drain(i..i + 2);
    }
    true
}

/// The board's whole flash: the `--flash` image, else a RAM flash of the same size, fresh
/// from the factory.
pub fn board_flash() -> SharedFlash {
    board_flash_for(crate::rom::target::Target::Esp32)
}

/// [`board_flash`] for a `target` chip: a new image gets that chip's factory contents.
pub fn board_flash_for(target: crate::rom::target::Target) -> SharedFlash {
    if let Some(path) = IMAGE.get() {
        match FileFlash::open(path, target) {
            Ok(f) => return SharedFlash::new(f),
            Err(e) => eprintln!("esprit: --flash {}: {e}; using a RAM flash", path.display()),
        }
    }
    let mut flash = RamFlash::new(IMAGE_BYTES, SECTOR);
    if let Err(e) = crate::rom::factory::program(&mut flash, target) {
        eprintln!("esprit: the factory flash could not be programmed: {e:?}");
    }
    SharedFlash::new(flash)
}

/// Mounts the board's file system on a VM that runs one program (`esprit run`, `-c`).
pub fn mount(vm: &mut Vm) {
    if let Err(e) = vm.mount_flash(Box::new(board_flash().vfs())) {
        eprintln!("esprit: the flash file system did not mount: {e:?}");
    }
}

/// A board with the flash file system: `os` and `open` use it, and the console runs its
/// `boot.py` and `main.py` at power-on and after each soft reset.
pub struct FlashBoard {
    flash: SharedFlash,
}

impl FlashBoard {
    pub fn new() -> FlashBoard {
        FlashBoard::on(&board_flash())
    }

    /// The board whose file system is the "vfs" partition of `chip_flash`.
    pub fn on(chip_flash: &SharedFlash) -> FlashBoard {
        FlashBoard {
            flash: chip_flash.vfs(),
        }
    }
}

impl Default for FlashBoard {
    fn default() -> FlashBoard {
        FlashBoard::new()
    }
}

impl Board for FlashBoard {
    fn setup(&mut self, vm: &mut Vm) {
        if let Err(e) = vm.mount_flash(Box::new(self.flash.clone())) {
            eprintln!("esprit: the flash file system did not mount: {e:?}");
        }
    }

    fn read_file(&mut self, vm: &mut Vm, path: &str) -> Option<String> {
        vm.read_file(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_file_keeps_what_was_written() {
        let path = std::env::temp_dir().join(format!("esprit-flash-{}.img", std::process::id()));
        let _ = std::fs::remove_file(&path);
        {
            let mut f = FileFlash::open(&path, crate::rom::target::Target::Esp32).unwrap();
            assert_eq!(f.capacity(), IMAGE_BYTES);
            f.write(5000, b"abc").unwrap();
        }
        let mut f = FileFlash::open(&path, crate::rom::target::Target::Esp32).unwrap();
        let mut b = [0u8; 4];
        f.read(5000, &mut b).unwrap();
        assert_eq!(&b, b"abc\xff");
        f.erase(4096).unwrap();
        f.read(5000, &mut b).unwrap();
        assert_eq!(b, [0xFF; 4]);
        assert_eq!(f.erase(100), Err(HalError::Misaligned));
        let _ = std::fs::remove_file(&path);
    }
}
