//! `NorPartition` against a flash that enforces what esp-storage's `FlashStorage` enforces
//! (4-byte reads and writes at 4-byte offsets, 4 KiB erases, programming clears bits only), and
//! the VM's file system mounted on it, as the firmware mounts the "vfs" partition.

extern crate alloc;
extern crate std;

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec;
use alloc::vec::Vec;
use core::cell::RefCell;

use embedded_storage::nor_flash::{ErrorType, NorFlashErrorKind, ReadNorFlash};
use vm::{Config, RunOutcome, Vm};

use super::*;

/// A 64 KiB chip with the ESP32 flash's alignment rules, shared so a test can look at it after
/// the partition is gone.
#[derive(Clone)]
struct StrictFlash(Rc<RefCell<Vec<u8>>>);

impl StrictFlash {
    fn new() -> StrictFlash {
        StrictFlash(Rc::new(RefCell::new(vec![0xFF; 64 * 1024])))
    }

    fn check(&self, offset: u32, len: usize, align: usize) -> Result<(), NorFlashErrorKind> {
        if !(offset as usize).is_multiple_of(align) || !len.is_multiple_of(align) {
            return Err(NorFlashErrorKind::NotAligned);
        }
        if offset as usize + len > self.0.borrow().len() {
            return Err(NorFlashErrorKind::OutOfBounds);
        }
        Ok(())
    }
}

impl ErrorType for StrictFlash {
    type Error = NorFlashErrorKind;
}

impl ReadNorFlash for StrictFlash {
    const READ_SIZE: usize = 4;

    fn read(&mut self, offset: u32, bytes: &mut [u8]) -> Result<(), Self::Error> {
        self.check(offset, bytes.len(), 4)?;
        let at = offset as usize;
        bytes.copy_from_slice(&self.0.borrow()[at..at + bytes.len()]);
        Ok(())
    }

    fn capacity(&self) -> usize {
        self.0.borrow().len()
    }
}

impl NorFlash for StrictFlash {
    const WRITE_SIZE: usize = 4;
    const ERASE_SIZE: usize = 4096;

    fn erase(&mut self, from: u32, to: u32) -> Result<(), Self::Error> {
        self.check(from, (to - from) as usize, 4096)?;
        self.0.borrow_mut()[from as usize..to as usize].fill(0xFF);
        Ok(())
    }

    fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), Self::Error> {
        self.check(offset, bytes.len(), 4)?;
        let at = offset as usize;
        for (d, s) in self.0.borrow_mut()[at..at + bytes.len()]
            .iter_mut()
            .zip(bytes)
        {
            *d &= *s;
        }
        Ok(())
    }
}

#[test]
fn a_partition_must_be_whole_sectors_inside_the_chip() {
    let flash = StrictFlash::new();
    assert!(NorPartition::new(flash.clone(), 0x1000, 0x8000).is_ok());
    assert_eq!(
        NorPartition::new(flash.clone(), 0x800, 0x1000).err(),
        Some(PartitionError::Misaligned {
            offset: 0x800,
            size: 0x1000
        })
    );
    assert_eq!(
        NorPartition::new(flash, 0x8000, 0x10000).err(),
        Some(PartitionError::TooBig {
            end: 0x18000,
            capacity: 0x10000
        })
    );
}

#[test]
fn unaligned_reads_and_writes_touch_only_their_bytes() {
    let flash = StrictFlash::new();
    let mut part = NorPartition::new(flash.clone(), 0x2000, 0x4000).unwrap();
    // Three bytes at an odd offset, then more bits cleared in an overlapping range.
    part.write(5, &[0x12, 0x34, 0x56]).unwrap();
    part.write(6, &[0x30, 0x0F]).unwrap();
    let mut b = [0u8; 6];
    part.read(3, &mut b).unwrap();
    assert_eq!(b, [0xFF, 0xFF, 0x12, 0x30, 0x06, 0xFF]);
    // The partition's offset 5 is the chip's 0x2005; nothing outside the partition changed.
    assert_eq!(
        &flash.0.borrow()[0x2004..0x2009],
        &[0xFF, 0x12, 0x30, 0x06, 0xFF]
    );
    assert!(flash.0.borrow()[..0x2000].iter().all(|&x| x == 0xFF));
    // A write longer than the staging buffer, unaligned at both ends, reads back whole.
    let long: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
    part.write(4097, &long).unwrap();
    let mut back = vec![0u8; 1000];
    part.read(4097, &mut back).unwrap();
    assert_eq!(back, long);
}

#[test]
fn erase_and_bounds_map_to_the_vm_error_kinds() {
    let flash = StrictFlash::new();
    let mut part = NorPartition::new(flash.clone(), 0x2000, 0x4000).unwrap();
    part.write(10, b"x").unwrap();
    part.erase(0).unwrap();
    let mut b = [0u8; 1];
    part.read(10, &mut b).unwrap();
    assert_eq!(b, [0xFF]);
    assert_eq!(part.erase(100), Err(HalError::Misaligned));
    assert_eq!(part.erase(0x4000), Err(HalError::OutOfRange));
    assert_eq!(part.write(0x3FFF, b"ab"), Err(HalError::OutOfRange));
    assert_eq!(part.read(usize::MAX, &mut b), Err(HalError::OutOfRange));
    assert_eq!(part.sector_size(), 4096);
    assert_eq!(part.capacity(), 0x4000);
}

/// A partition shared between VMs, as the firmware shares its flash across soft resets.
#[derive(Clone)]
struct Shared(Rc<RefCell<NorPartition<StrictFlash>>>);

impl Flash for Shared {
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

fn run(vm: &mut Vm, src: &str) -> Vec<u8> {
    vm.load_main(src, "main.py").unwrap();
    assert_eq!(vm.run(1_000_000), RunOutcome::Finished, "{src}");
    vm.take_output().into_iter().flat_map(|(_, b)| b).collect()
}

#[test]
fn the_vm_file_system_lives_on_the_partition_across_mounts() {
    let part = NorPartition::new(StrictFlash::new(), 0x4000, 0xC000).unwrap();
    let shared = Shared(Rc::new(RefCell::new(part)));
    let mut vm = Vm::new(Config::default());
    vm.mount_flash(Box::new(shared.clone())).unwrap();
    run(
        &mut vm,
        "with open('main.py', 'w') as f:\n    f.write('print(1 + 1)\\n' * 300)\n",
    );
    drop(vm);
    let mut vm = Vm::new(Config::default());
    vm.mount_flash(Box::new(shared)).unwrap();
    let out = run(
        &mut vm,
        "import os\nprint(os.listdir(), os.stat('main.py')[6])\n",
    );
    assert_eq!(out, b"['main.py'] 3900\n");
    assert_eq!(vm.read_file("main.py").unwrap().len(), 3900);
}
