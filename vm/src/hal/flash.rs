//! `Flash`: the board's NOR flash partition that the file system lives on, and `RamFlash`, an
//! in-memory one for tests and for boards without a flash image.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::HalError;

/// A NOR flash partition, addressed in bytes from 0 to `capacity()`.
///
/// NOR semantics, as on the ESP32's SPI flash: `erase` sets a whole sector to 0xFF; `write` can
/// only clear bits (the stored byte becomes `old & new`), so rewriting data needs an erase
/// first. Every method may fail (`OutOfRange` for offsets past the end, `Misaligned` for an
/// erase not at a sector start, `Io` when the device gave up, e.g. power was cut): an operation
/// that failed may have changed any part of the range it was given, and nothing else.
pub trait Flash {
    /// Reads `buf.len()` bytes at `offset`.
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError>;
    /// Programs `data` at `offset` (clears bits only).
    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError>;
    /// Erases (sets to 0xFF) the sector starting at `sector_offset`.
    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError>;
    /// Size of an erase sector in bytes (4096 on the ESP32).
    fn sector_size(&self) -> usize;
    /// Size of the partition in bytes, a multiple of `sector_size()`.
    fn capacity(&self) -> usize;
}

/// A flash in RAM. Sectors are allocated when first written, so a large, mostly empty
/// partition costs little; an unwritten sector reads as erased (0xFF).
pub struct RamFlash {
    sectors: Vec<Option<Box<[u8]>>>,
    sector_size: usize,
    /// Erase count of each sector, so tests can check that wear is spread.
    pub erases: Vec<u32>,
}

impl RamFlash {
    /// A blank flash of `capacity` bytes (rounded down to whole sectors).
    pub fn new(capacity: usize, sector_size: usize) -> RamFlash {
        let sector_size = sector_size.max(1);
        let n = capacity / sector_size;
        RamFlash {
            sectors: (0..n).map(|_| None).collect(),
            sector_size,
            erases: alloc::vec![0; n],
        }
    }

    fn check(&self, offset: usize, len: usize) -> Result<(), HalError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.capacity() => Ok(()),
            _ => Err(HalError::OutOfRange),
        }
    }
}

impl Flash for RamFlash {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        self.check(offset, buf.len())?;
        for (i, b) in buf.iter_mut().enumerate() {
            let at = offset + i;
            *b = match self.sectors.get(at / self.sector_size) {
                Some(Some(s)) => s.get(at % self.sector_size).copied().unwrap_or(0xFF),
                _ => 0xFF,
            };
        }
        Ok(())
    }

    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        self.check(offset, data.len())?;
        let size = self.sector_size;
        for (i, d) in data.iter().enumerate() {
            let at = offset + i;
            if let Some(slot) = self.sectors.get_mut(at / size) {
                let sector = slot.get_or_insert_with(|| alloc::vec![0xFF; size].into_boxed_slice());
                if let Some(b) = sector.get_mut(at % size) {
                    *b &= *d;
                }
            }
        }
        Ok(())
    }

    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        if !sector_offset.is_multiple_of(self.sector_size) {
            return Err(HalError::Misaligned);
        }
        self.check(sector_offset, self.sector_size)?;
        let i = sector_offset / self.sector_size;
        if let Some(s) = self.sectors.get_mut(i) {
            *s = None;
        }
        if let Some(e) = self.erases.get_mut(i) {
            *e += 1;
        }
        Ok(())
    }

    fn sector_size(&self) -> usize {
        self.sector_size
    }

    fn capacity(&self) -> usize {
        self.sectors.len() * self.sector_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nor_semantics() {
        let mut f = RamFlash::new(8192, 4096);
        let mut b = [0u8; 2];
        f.read(10, &mut b).unwrap();
        assert_eq!(b, [0xFF, 0xFF]);
        f.write(10, &[0xF0, 0x0F]).unwrap();
        f.write(10, &[0x3C, 0xFF]).unwrap();
        f.read(10, &mut b).unwrap();
        assert_eq!(b, [0x30, 0x0F]);
        f.erase(0).unwrap();
        f.read(10, &mut b).unwrap();
        assert_eq!(b, [0xFF, 0xFF]);
        assert_eq!(f.erase(100), Err(HalError::Misaligned));
        assert_eq!(f.write(8191, &[0, 0]), Err(HalError::OutOfRange));
        assert_eq!(f.erase(8192), Err(HalError::OutOfRange));
    }
}
