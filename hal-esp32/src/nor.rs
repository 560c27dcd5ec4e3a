//! `NorPartition`: one partition of a NOR flash chip (an `embedded-storage` `NorFlash`, which
//! esp-storage implements for the ESP32's SPI flash) as the VM's byte-addressed [`Flash`].
//!
//! The chip reads and programs whole words at word-aligned offsets; the VM's file system reads
//! and writes any byte range. Reads go through an aligned buffer; writes are padded with 0xFF,
//! which leaves the padded bytes as they were because NOR programming only clears bits.

use embedded_storage::nor_flash::{NorFlash, NorFlashError, NorFlashErrorKind};
use vm::hal::{Flash, HalError};

/// Bytes moved per call to the chip. A multiple of every read and write size we accept.
const CHUNK: usize = 256;

/// A word-aligned staging buffer: esp-storage copies through a 4 KiB stack buffer when the
/// caller's buffer is not word-aligned, so keep ours aligned.
#[repr(align(4))]
struct Chunk([u8; CHUNK]);

/// The partition `offset..offset + size` of `flash`, addressed from 0.
pub struct NorPartition<F> {
    flash: F,
    offset: u32,
    size: u32,
}

/// Why a partition could not be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartitionError {
    /// Its start or size is not a whole number of erase sectors.
    Misaligned { offset: u32, size: u32 },
    /// It ends past the end of the flash chip.
    TooBig { end: u64, capacity: usize },
    /// The chip's read or write size does not divide the staging buffer.
    UnsupportedWordSize,
}

impl core::fmt::Display for PartitionError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PartitionError::Misaligned { offset, size } => write!(
                f,
                "partition at {offset:#x} of {size:#x} bytes is not made of whole sectors"
            ),
            PartitionError::TooBig { end, capacity } => write!(
                f,
                "partition ends at {end:#x}, past the {capacity:#x}-byte flash"
            ),
            PartitionError::UnsupportedWordSize => {
                f.write_str("the flash's read/write size does not divide 256")
            }
        }
    }
}

impl<F: NorFlash> NorPartition<F> {
    /// The partition at `offset` of `size` bytes: both must be whole erase sectors inside the
    /// chip.
    pub fn new(flash: F, offset: u32, size: u32) -> Result<NorPartition<F>, PartitionError> {
        let sector = F::ERASE_SIZE as u32;
        if sector == 0 || !offset.is_multiple_of(sector) || !size.is_multiple_of(sector) {
            return Err(PartitionError::Misaligned { offset, size });
        }
        let end = u64::from(offset) + u64::from(size);
        if end > flash.capacity() as u64 {
            return Err(PartitionError::TooBig {
                end,
                capacity: flash.capacity(),
            });
        }
        let divides = |n: usize| n != 0 && CHUNK.is_multiple_of(n);
        if !divides(F::READ_SIZE) || !divides(F::WRITE_SIZE) {
            return Err(PartitionError::UnsupportedWordSize);
        }
        Ok(NorPartition {
            flash,
            offset,
            size,
        })
    }

    /// The chip address of partition offset `at`, after checking `at..at + len` is inside.
    fn address(&self, at: usize, len: usize) -> Result<u32, HalError> {
        let end = at.checked_add(len).ok_or(HalError::OutOfRange)?;
        if end > self.size as usize {
            return Err(HalError::OutOfRange);
        }
        u32::try_from(at)
            .ok()
            .and_then(|at| at.checked_add(self.offset))
            .ok_or(HalError::OutOfRange)
    }
}

/// The chip's error as the VM's kind.
fn hal_error<E: NorFlashError>(e: E) -> HalError {
    match e.kind() {
        NorFlashErrorKind::NotAligned => HalError::Misaligned,
        NorFlashErrorKind::OutOfBounds => HalError::OutOfRange,
        _ => HalError::Io,
    }
}

/// `address..address + len` widened to whole `word`s: (aligned start, aligned end).
fn widen(address: u32, len: usize, word: usize) -> (u32, u32) {
    let word = word as u32;
    let start = address - address % word;
    let end = address + len as u32;
    (start, end.div_ceil(word) * word)
}

impl<F: NorFlash> Flash for NorPartition<F> {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        let address = self.address(offset, buf.len())?;
        let (start, end) = widen(address, buf.len(), F::READ_SIZE);
        let mut chunk = Chunk([0; CHUNK]);
        let mut at = start;
        while at < end {
            let n = (end - at).min(CHUNK as u32);
            let staged = chunk.0.get_mut(..n as usize).ok_or(HalError::Io)?;
            self.flash.read(at, staged).map_err(hal_error)?;
            // The overlap of this chunk with what the caller asked for.
            let from = at.max(address);
            let to = (at + n).min(address + buf.len() as u32);
            if from < to {
                let src = staged
                    .get((from - at) as usize..(to - at) as usize)
                    .ok_or(HalError::Io)?;
                let dst = buf
                    .get_mut((from - address) as usize..(to - address) as usize)
                    .ok_or(HalError::Io)?;
                dst.copy_from_slice(src);
            }
            at += n;
        }
        Ok(())
    }

    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        let address = self.address(offset, data.len())?;
        let (start, end) = widen(address, data.len(), F::WRITE_SIZE);
        let mut chunk = Chunk([0; CHUNK]);
        let mut at = start;
        while at < end {
            let n = (end - at).min(CHUNK as u32);
            let staged = chunk.0.get_mut(..n as usize).ok_or(HalError::Io)?;
            // 0xFF programs nothing, so the padding around the data leaves the flash as it was.
            staged.fill(0xFF);
            let from = at.max(address);
            let to = (at + n).min(address + data.len() as u32);
            if from < to {
                let src = data
                    .get((from - address) as usize..(to - address) as usize)
                    .ok_or(HalError::Io)?;
                let dst = staged
                    .get_mut((from - at) as usize..(to - at) as usize)
                    .ok_or(HalError::Io)?;
                dst.copy_from_slice(src);
            }
            self.flash.write(at, staged).map_err(hal_error)?;
            at += n;
        }
        Ok(())
    }

    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        if !sector_offset.is_multiple_of(F::ERASE_SIZE) {
            return Err(HalError::Misaligned);
        }
        let address = self.address(sector_offset, F::ERASE_SIZE)?;
        self.flash
            .erase(address, address + F::ERASE_SIZE as u32)
            .map_err(hal_error)
    }

    fn sector_size(&self) -> usize {
        F::ERASE_SIZE
    }

    fn capacity(&self) -> usize {
        self.size as usize
    }
}

#[cfg(test)]
mod tests;
