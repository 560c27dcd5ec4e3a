//! The board's flash as one image in memory, so the page can save it whole (IndexedDB) and give
//! it back at the next visit. A generation count tells the page when there is something new to
//! save.

use std::cell::RefCell;
use std::rc::Rc;

use vm::hal::{Flash, HalError};

/// The ESP32's erase sector.
pub const SECTOR: usize = 4096;
/// A new board's flash: the size of MicroPython's ESP32 file-system partition.
pub const IMAGE_BYTES: usize = vm::modules::os::DEFAULT_FLASH_BYTES;
/// The largest image the page may hand back (a 4 MiB chip's whole flash).
pub const MAX_IMAGE_BYTES: usize = 4 * 1024 * 1024;

/// A NOR flash in one `Vec`, shared by the board and every VM it powers on.
#[derive(Clone)]
pub struct ImageFlash(Rc<RefCell<Image>>);

struct Image {
    data: Vec<u8>,
    /// Counts writes and erases.
    generation: u32,
}

/// Why an image from the page was refused.
#[derive(Debug, PartialEq, Eq)]
pub struct BadImage(pub usize);

impl std::fmt::Display for BadImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a flash image of {} bytes: it must be a whole number of 4 KiB sectors, \
             at least 4 and at most {} bytes",
            self.0, MAX_IMAGE_BYTES
        )
    }
}

impl ImageFlash {
    /// A blank (erased) flash.
    pub fn blank() -> ImageFlash {
        ImageFlash(Rc::new(RefCell::new(Image {
            data: vec![0xFF; IMAGE_BYTES],
            generation: 0,
        })))
    }

    /// Checks an image the page kept before it becomes the board's flash.
    pub fn check(image: &[u8]) -> Result<(), BadImage> {
        let n = image.len();
        if !n.is_multiple_of(SECTOR) || !(4 * SECTOR..=MAX_IMAGE_BYTES).contains(&n) {
            return Err(BadImage(n));
        }
        Ok(())
    }

    /// Replaces the whole contents (the caller remounts).
    pub fn load(&self, image: &[u8]) -> Result<(), BadImage> {
        Self::check(image)?;
        let mut inner = self.0.borrow_mut();
        inner.data = image.to_vec();
        inner.generation = inner.generation.wrapping_add(1);
        Ok(())
    }

    /// Erases everything: the next mount formats an empty file system.
    pub fn wipe(&self) {
        let mut inner = self.0.borrow_mut();
        inner.data.fill(0xFF);
        inner.generation = inner.generation.wrapping_add(1);
    }

    /// A copy of the whole image.
    pub fn image(&self) -> Vec<u8> {
        self.0.borrow().data.clone()
    }

    /// Changes each time the flash is written or erased.
    pub fn generation(&self) -> u32 {
        self.0.borrow().generation
    }

    fn range(&self, offset: usize, len: usize) -> Result<std::ops::Range<usize>, HalError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.capacity() => Ok(offset..end),
            _ => Err(HalError::OutOfRange),
        }
    }
}

impl Flash for ImageFlash {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        let r = self.range(offset, buf.len())?;
        let inner = self.0.borrow();
        buf.copy_from_slice(inner.data.get(r).ok_or(HalError::OutOfRange)?);
        Ok(())
    }

    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        let r = self.range(offset, data.len())?;
        let mut inner = self.0.borrow_mut();
        inner.generation = inner.generation.wrapping_add(1);
        let dst = inner.data.get_mut(r).ok_or(HalError::OutOfRange)?;
        // NOR: programming only clears bits.
        dst.iter_mut().zip(data).for_each(|(d, s)| *d &= *s);
        Ok(())
    }

    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        if !sector_offset.is_multiple_of(SECTOR) {
            return Err(HalError::Misaligned);
        }
        let r = self.range(sector_offset, SECTOR)?;
        let mut inner = self.0.borrow_mut();
        inner.generation = inner.generation.wrapping_add(1);
        inner
            .data
            .get_mut(r)
            .ok_or(HalError::OutOfRange)?
            .fill(0xFF);
        Ok(())
    }

    fn sector_size(&self) -> usize {
        SECTOR
    }

    fn capacity(&self) -> usize {
        self.0.borrow().data.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_clear_bits_and_count_generations() {
        let mut f = ImageFlash::blank();
        let g = f.generation();
        f.write(10, &[0x0F]).unwrap();
        f.write(10, &[0xF3]).unwrap();
        let mut b = [0u8; 1];
        f.read(10, &mut b).unwrap();
        assert_eq!(b, [0x03]);
        assert_ne!(f.generation(), g);
        f.erase(0).unwrap();
        f.read(10, &mut b).unwrap();
        assert_eq!(b, [0xFF]);
        assert_eq!(f.erase(1), Err(HalError::Misaligned));
        assert_eq!(f.read(IMAGE_BYTES, &mut b), Err(HalError::OutOfRange));
    }

    #[test]
    fn images_of_the_wrong_size_are_refused() {
        let f = ImageFlash::blank();
        assert_eq!(f.load(&[0; 100]), Err(BadImage(100)));
        assert_eq!(f.load(&[0; SECTOR]), Err(BadImage(SECTOR)));
        assert!(f.load(&vec![0; MAX_IMAGE_BYTES + SECTOR]).is_err());
        assert!(f.load(&vec![0xFF; 8 * SECTOR]).is_ok());
        assert_eq!(f.capacity(), 8 * SECTOR);
    }
}
