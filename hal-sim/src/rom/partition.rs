//! The ESP-IDF partition table at 0x8000 (32-byte entries `AA 50, type, subtype, offset, size,
//! label[16], flags`, then an MD5 entry `EB EB FF…` + MD5 of the entries before it; ESP-IDF
//! gen_esp32part.py), and [`Window`], a flash partition seen as a flash of its own — the file
//! system's view of the "vfs" data partition.

use md5::{Digest, Md5};
use vm::hal::{Flash, HalError};

/// Where the table sits on every ESP32 chip.
pub const TABLE_OFFSET: u32 = 0x8000;
const TABLE_MAX: usize = 0xC00;
const ENTRY: usize = 32;
const MAGIC: [u8; 2] = [0xAA, 0x50];
const MD5_MAGIC: [u8; 2] = [0xEB, 0xEB];

pub const TYPE_APP: u8 = 0x00;
pub const TYPE_DATA: u8 = 0x01;
pub const SUBTYPE_FACTORY: u8 = 0x00;
pub const SUBTYPE_NVS: u8 = 0x02;
pub const SUBTYPE_PHY: u8 = 0x01;
pub const SUBTYPE_FAT: u8 = 0x81;

/// One partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub kind: u8,
    pub subtype: u8,
    pub offset: u32,
    pub size: u32,
    pub label: String,
}

impl Partition {
    pub fn new(label: &str, kind: u8, subtype: u8, offset: u32, size: u32) -> Partition {
        Partition {
            kind,
            subtype,
            offset,
            size,
            label: label.into(),
        }
    }

    /// The "Usage" column of the bootloader's table listing (bootloader_utility.c).
    pub fn usage(&self) -> &'static str {
        match (self.kind, self.subtype) {
            (TYPE_APP, SUBTYPE_FACTORY) => "factory app",
            (TYPE_APP, 0x10..=0x1F) => "OTA app",
            (TYPE_APP, 0x20) => "test app",
            (TYPE_DATA, 0x00) => "OTA data",
            (TYPE_DATA, SUBTYPE_PHY) => "RF data",
            (TYPE_DATA, SUBTYPE_NVS) => "WiFi data",
            _ => "Unknown data",
        }
    }
}

/// Why the table was not accepted, worded as the bootloader logs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// The first entry has no `AA 50` (an erased or never-written table reads `0xffff`).
    InvalidMagic(u16),
    /// The MD5 entry does not match.
    BadMd5,
    /// The flash could not be read.
    Read,
}

impl core::fmt::Display for TableError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TableError::InvalidMagic(m) => {
                write!(f, "partition 0 invalid magic number 0x{m:x}")
            }
            TableError::BadMd5 => write!(f, "Partition table MD5 mismatch"),
            TableError::Read => write!(f, "Failed to read partition table"),
        }
    }
}

/// Reads and checks the table at [`TABLE_OFFSET`].
pub fn read_table(flash: &mut dyn Flash) -> Result<Vec<Partition>, TableError> {
    let mut raw = vec![0u8; TABLE_MAX];
    flash
        .read(TABLE_OFFSET as usize, &mut raw)
        .map_err(|_| TableError::Read)?;
    let mut parts = Vec::new();
    for (i, entry) in raw.chunks_exact(ENTRY).enumerate() {
        let magic = entry.get(..2).unwrap_or_default();
        if magic == MD5_MAGIC {
            let body = raw.get(..i * ENTRY).unwrap_or_default();
            let expected = entry.get(16..32).unwrap_or_default();
            if Md5::digest(body).as_slice() != expected {
                return Err(TableError::BadMd5);
            }
            break;
        }
        if magic != MAGIC {
            if i == 0 {
                let m = u16::from_le_bytes([entry[0], entry[1]]);
                return Err(TableError::InvalidMagic(m));
            }
            break;
        }
        let word = |at: usize| {
            u32::from_le_bytes([entry[at], entry[at + 1], entry[at + 2], entry[at + 3]])
        };
        let label = entry.get(12..28).unwrap_or_default();
        let label_len = label.iter().position(|&b| b == 0).unwrap_or(label.len());
        parts.push(Partition {
            kind: entry[2],
            subtype: entry[3],
            offset: word(4),
            size: word(8),
            label: String::from_utf8_lossy(label.get(..label_len).unwrap_or_default()).into(),
        });
    }
    Ok(parts)
}

/// The binary table for `parts`, with its MD5 entry, padded with 0xFF to 0xC00 bytes.
pub fn table_bytes(parts: &[Partition]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(TABLE_MAX);
    for p in parts {
        raw.extend_from_slice(&MAGIC);
        raw.push(p.kind);
        raw.push(p.subtype);
        raw.extend_from_slice(&p.offset.to_le_bytes());
        raw.extend_from_slice(&p.size.to_le_bytes());
        let mut label = [0u8; 16];
        for (d, s) in label.iter_mut().zip(p.label.bytes()) {
            *d = s;
        }
        raw.extend_from_slice(&label);
        raw.extend_from_slice(&0u32.to_le_bytes());
    }
    let digest = Md5::digest(&raw);
    raw.extend_from_slice(&MD5_MAGIC);
    raw.extend_from_slice(&[0xFF; 14]);
    raw.extend_from_slice(&digest);
    raw.resize(TABLE_MAX, 0xFF);
    raw
}

/// MicroPython's layout for a flash of `flash_bytes` (ports/esp32/partitions-*.csv): nvs,
/// phy_init, a factory app at 0x10000 and the "vfs" file system from 0x200000 to the end
/// (from the middle on a flash too small for that).
pub fn micropython_layout(flash_bytes: u32) -> Vec<Partition> {
    let vfs_start = if flash_bytes >= 0x40_0000 {
        0x20_0000
    } else {
        flash_bytes / 2
    };
    vec![
        Partition::new("nvs", TYPE_DATA, SUBTYPE_NVS, 0x9000, 0x6000),
        Partition::new("phy_init", TYPE_DATA, SUBTYPE_PHY, 0xF000, 0x1000),
        Partition::new(
            "factory",
            TYPE_APP,
            SUBTYPE_FACTORY,
            0x1_0000,
            vfs_start - 0x1_0000,
        ),
        Partition::new(
            "vfs",
            TYPE_DATA,
            SUBTYPE_FAT,
            vfs_start,
            flash_bytes - vfs_start,
        ),
    ]
}

/// The file system's partition: the one labelled "vfs" in the table; without a readable
/// table, MicroPython's default place for it.
pub fn vfs_partition(flash: &mut dyn Flash) -> (u32, u32) {
    let capacity = u32::try_from(flash.capacity()).unwrap_or(u32::MAX);
    let fallback = micropython_layout(capacity);
    let from_table = read_table(flash).ok().and_then(|parts| {
        parts
            .into_iter()
            .find(|p| p.kind == TYPE_DATA && p.label == "vfs")
    });
    let vfs = from_table
        .or_else(|| fallback.into_iter().find(|p| p.label == "vfs"))
        .map(|p| (p.offset, p.size))
        .unwrap_or((0, capacity));
    // A table pointing past the end of the flash is clipped rather than trusted.
    let end = u64::from(vfs.0) + u64::from(vfs.1);
    if end > u64::from(capacity) {
        (vfs.0.min(capacity), capacity - vfs.0.min(capacity))
    } else {
        vfs
    }
}

/// A range of a larger flash, addressed from 0: what the file system sees of its partition.
pub struct Window<F: Flash> {
    flash: F,
    offset: usize,
    len: usize,
}

impl<F: Flash> Window<F> {
    /// The `len` bytes at `offset` (both whole sectors) of `flash`.
    pub fn new(flash: F, offset: usize, len: usize) -> Window<F> {
        Window { flash, offset, len }
    }

    fn place(&self, offset: usize, len: usize) -> Result<usize, HalError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.len => Ok(self.offset + offset),
            _ => Err(HalError::OutOfRange),
        }
    }
}

impl<F: Flash> Flash for Window<F> {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        let at = self.place(offset, buf.len())?;
        self.flash.read(at, buf)
    }
    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        let at = self.place(offset, data.len())?;
        self.flash.write(at, data)
    }
    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        let at = self.place(sector_offset, self.sector_size())?;
        self.flash.erase(at)
    }
    fn sector_size(&self) -> usize {
        self.flash.sector_size()
    }
    fn capacity(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vm::hal::RamFlash;

    #[test]
    fn a_written_table_reads_back_and_names_the_vfs_partition() {
        let mut flash = RamFlash::new(0x40_0000, 0x1000);
        let parts = micropython_layout(0x40_0000);
        flash
            .write(TABLE_OFFSET as usize, &table_bytes(&parts))
            .unwrap();
        assert_eq!(read_table(&mut flash).unwrap(), parts);
        assert_eq!(vfs_partition(&mut flash), (0x20_0000, 0x20_0000));
    }

    #[test]
    fn a_blank_or_damaged_table_is_refused() {
        let mut flash = RamFlash::new(0x40_0000, 0x1000);
        assert_eq!(
            read_table(&mut flash).unwrap_err(),
            TableError::InvalidMagic(0xFFFF)
        );
        let mut bytes = table_bytes(&micropython_layout(0x40_0000));
        bytes[5] ^= 1;
        flash.write(TABLE_OFFSET as usize, &bytes).unwrap();
        assert_eq!(read_table(&mut flash).unwrap_err(), TableError::BadMd5);
        // The file system still has its default place.
        assert_eq!(vfs_partition(&mut flash), (0x20_0000, 0x20_0000));
    }

    #[test]
    fn a_window_stays_inside_its_partition() {
        let mut w = Window::new(RamFlash::new(0x10000, 0x1000), 0x4000, 0x2000);
        w.write(0x10, b"hi").unwrap();
        assert_eq!(w.write(0x1FFF, b"xy"), Err(HalError::OutOfRange));
        assert_eq!(w.erase(0x2000), Err(HalError::OutOfRange));
        let mut b = [0u8; 2];
        w.read(0x10, &mut b).unwrap();
        assert_eq!(&b, b"hi");
    }
}
