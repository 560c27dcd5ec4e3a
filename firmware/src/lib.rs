//! The ESP32 firmware's board-independent part: the board that `vm::main_loop` runs on a chip
//! (its banner, its `machine` hardware and its flash file system, kept across soft resets) and
//! the VM's configuration. The
//! chip's entry point (`main.rs`) wires it to hal-esp32; this part is tested on the host.
#![no_std]

extern crate alloc;

use alloc::boxed::Box;
use alloc::rc::Rc;
use core::cell::RefCell;

use vm::hal::{Chip, Flash, HalError};
use vm::main_loop::Board;
use vm::repl::Banner;
use vm::{Config, Vm};

/// The chip this build is for.
pub const fn this_chip() -> Chip {
    if cfg!(feature = "esp32") {
        Chip::Esp32
    } else {
        Chip::Esp32C3
    }
}

/// The friendly REPL's banner, as MicroPython's generic board of the chip prints it
/// (boards/ESP32_GENERIC_C3: "ESP32C3 module with ESP32C3").
pub fn banner(chip: Chip) -> Banner {
    let (board, mcu) = match chip {
        Chip::Esp32C3 => ("ESP32C3 module", "ESP32C3"),
        _ => ("Generic ESP32 module", "ESP32"),
    };
    Banner {
        board: board.into(),
        mcu: mcu.into(),
        ..vm::main_loop::banner()
    }
}

/// Bytes of RAM given to the Rust heap (esp-alloc): the VM's objects, compiled code, the REPL
/// and the file system's buffers all live there. 160 KiB of DRAM plus the 64 KiB the
/// second-stage bootloader used and leaves behind; the rest of DRAM is statics and the stack.
pub const HEAP_DRAM_BYTES: usize = 160 * 1024;
pub const HEAP_RECLAIMED_BYTES: usize = 64 * 1000;

/// The VM on a chip: a Python heap that leaves room in the Rust heap for code and buffers.
pub fn config() -> Config {
    Config {
        heap_bytes: 96 * 1024,
        // Frames live on the heap (the VM is stackless), so depth costs heap, not stack.
        max_depth: 200,
        ..Config::default()
    }
}

/// A flash shared by the board and each VM it powers on, so files outlive a soft reset.
#[derive(Clone)]
pub struct SharedFlash(Rc<RefCell<dyn Flash>>);

impl SharedFlash {
    pub fn new(flash: impl Flash + 'static) -> SharedFlash {
        SharedFlash(Rc::new(RefCell::new(flash)))
    }
}

impl Flash for SharedFlash {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        self.0
            .try_borrow_mut()
            .map_err(|_| HalError::Io)?
            .read(offset, buf)
    }
    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        self.0
            .try_borrow_mut()
            .map_err(|_| HalError::Io)?
            .write(offset, data)
    }
    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        self.0
            .try_borrow_mut()
            .map_err(|_| HalError::Io)?
            .erase(sector_offset)
    }
    fn sector_size(&self) -> usize {
        self.0.try_borrow().map_or(4096, |f| f.sector_size())
    }
    fn capacity(&self) -> usize {
        self.0.try_borrow().map_or(0, |f| f.capacity())
    }
}

/// Makes the HAL handle a fresh VM gets for `machine` (the chip's pins stay with the firmware).
pub type HalFactory = Box<dyn FnMut() -> Box<dyn vm::hal::Board>>;

/// The board the main loop runs on a chip: its banner, its `machine` hardware and its flash,
/// given to the VM at power-on and after every soft reset. Without a flash (no "vfs"
/// partition; `main.rs` says why on the console) or if it fails to mount (an I/O error: a blank
/// or corrupt partition is formatted), the VM falls back to a RAM file system, as it does when
/// nothing is mounted.
pub struct ChipBoard {
    chip: Chip,
    flash: Option<SharedFlash>,
    hal: Option<HalFactory>,
}

impl ChipBoard {
    pub fn new(chip: Chip, flash: Option<SharedFlash>, hal: Option<HalFactory>) -> ChipBoard {
        ChipBoard { chip, flash, hal }
    }
}

impl Board for ChipBoard {
    fn setup(&mut self, vm: &mut Vm) {
        if let Some(hal) = &mut self.hal {
            vm.attach_board(hal());
        }
        if let Some(flash) = &self.flash {
            // An error leaves the VM's default RAM file system in place.
            let _ = vm.mount_flash(Box::new(flash.clone()));
        }
    }

    fn banner(&self) -> Banner {
        banner(self.chip)
    }
}

#[cfg(test)]
mod tests;
