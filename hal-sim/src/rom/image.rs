//! The ESP app image format (esptool docs firmware-image-format.rst, ESP-IDF
//! esp_image_format.c): a 24-byte header, segments, a checksum byte and an optional SHA-256;
//! and the `esp_app_desc_t` at the start of an app's first segment, which names the project.
//! Checks what the ROM and the second-stage bootloader check, and builds images for tests and
//! for the simulator's factory flash.

use sha2::{Digest, Sha256};
use vm::hal::Flash;

use super::target::Target;

pub const MAGIC: u8 = 0xE9;
const HEADER: usize = 24;
const MAX_SEGMENTS: usize = 16;
const CHECKSUM_SEED: u8 = 0xEF;
/// `esp_app_desc_t.magic_word`.
pub const APP_DESC_MAGIC: u32 = 0xABCD_5432;
const APP_DESC_LEN: usize = 256;

/// One segment: where it loads, and where its data sits in the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub load_addr: u32,
    /// Offset of the data from the start of the image.
    pub data_offset: u32,
    pub len: u32,
}

/// What an app descriptor says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDesc {
    pub project_name: String,
    pub version: String,
    pub idf_version: String,
}

/// A checked image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub chip_id: u16,
    pub entry: u32,
    pub segments: Vec<Segment>,
    /// Total length including checksum and hash.
    pub len: u32,
    pub app_desc: Option<AppDesc>,
}

/// Why an image does not load, worded as ESP-IDF's esp_image logs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// The first byte is not 0xE9; `word` is the first 32-bit word (the ROM prints it).
    InvalidMagic {
        word: u32,
    },
    TooManySegments(usize),
    WrongChip {
        expected: u16,
        found: u16,
    },
    /// The image runs past the space it may occupy.
    TooLong {
        segment: Option<usize>,
        limit: u32,
    },
    Checksum {
        calculated: u8,
        read: u8,
    },
    Hash,
    Read,
}

impl core::fmt::Display for ImageError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ImageError::InvalidMagic { word } if *word == u32::MAX => {
                write!(f, "has invalid magic byte (nothing flashed here?)")
            }
            ImageError::InvalidMagic { word } => {
                write!(f, "has invalid magic byte (0x{:02x})", word & 0xFF)
            }
            ImageError::TooManySegments(n) => write!(f, "segment count {n} exceeds max 16"),
            ImageError::WrongChip { expected, found } => {
                write!(f, "mismatch chip ID, expected {expected}, found {found}")
            }
            ImageError::TooLong {
                segment: Some(i),
                limit,
            } => write!(
                f,
                "Segment {i} ends past the end of its partition (length 0x{limit:x})"
            ),
            ImageError::TooLong { segment: None, .. } => {
                write!(f, "Image length doesn't fit in partition")
            }
            ImageError::Checksum { calculated, read } => write!(
                f,
                "Checksum failed. Calculated 0x{calculated:x} read 0x{read:x}"
            ),
            ImageError::Hash => write!(f, "Image hash failed - image is corrupt"),
            ImageError::Read => write!(f, "Failed to read the image from flash"),
        }
    }
}

fn word(bytes: &[u8], at: usize) -> u32 {
    let b = bytes.get(at..at + 4).unwrap_or(&[0xFF; 4]);
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(bytes.get(..end).unwrap_or_default()).into_owned()
}

/// Reads `len` bytes at `at`, or fails as a flash read error.
fn read(flash: &mut dyn Flash, at: u64, len: usize) -> Result<Vec<u8>, ImageError> {
    let mut buf = vec![0u8; len];
    let at = usize::try_from(at).map_err(|_| ImageError::Read)?;
    flash.read(at, &mut buf).map_err(|_| ImageError::Read)?;
    Ok(buf)
}

/// Checks the image at `offset`, which may use at most `limit` bytes, for `chip`.
pub fn check(
    flash: &mut dyn Flash,
    offset: u32,
    limit: u32,
    chip: Target,
) -> Result<Image, ImageError> {
    let base = u64::from(offset);
    let capacity = flash.capacity() as u64;
    let limit = u64::from(limit).min(capacity.saturating_sub(base));
    let too_long = |segment| ImageError::TooLong {
        segment,
        limit: limit as u32,
    };
    if limit < HEADER as u64 {
        return Err(too_long(None));
    }
    let header = read(flash, base, HEADER)?;
    if header.first() != Some(&MAGIC) {
        return Err(ImageError::InvalidMagic {
            word: word(&header, 0),
        });
    }
    let count = usize::from(header[1]);
    if count > MAX_SEGMENTS {
        return Err(ImageError::TooManySegments(count));
    }
    let chip_id = u16::from_le_bytes([header[12], header[13]]);
    if chip_id != chip.image_chip_id() {
        return Err(ImageError::WrongChip {
            expected: chip.image_chip_id(),
            found: chip_id,
        });
    }
    let hash_appended = header[23] == 1;
    let mut sha = Sha256::new();
    sha.update(&header);
    let mut sum = CHECKSUM_SEED;
    let mut at = HEADER as u64;
    let mut segments = Vec::with_capacity(count);
    for i in 0..count {
        if at + 8 > limit {
            return Err(too_long(Some(i)));
        }
        let seg_header = read(flash, base + at, 8)?;
        sha.update(&seg_header);
        let load_addr = word(&seg_header, 0);
        let len = word(&seg_header, 4);
        let data_at = at + 8;
        if data_at + u64::from(len) > limit {
            return Err(too_long(Some(i)));
        }
        // Hash and sum the data in pieces, so a large app needs no large buffer.
        let mut done = 0u64;
        while done < u64::from(len) {
            let n = (u64::from(len) - done).min(0x1000) as usize;
            let chunk = read(flash, base + data_at + done, n)?;
            sha.update(&chunk);
            sum = chunk.iter().fold(sum, |acc, b| acc ^ b);
            done += n as u64;
        }
        segments.push(Segment {
            load_addr,
            data_offset: data_at as u32,
            len,
        });
        at = data_at + u64::from(len);
    }
    // Zero padding so that the checksum byte ends a 16-byte line.
    let checksum_at = at + (15 - at % 16);
    let end = checksum_at + 1 + if hash_appended { 32 } else { 0 };
    if end > limit {
        return Err(too_long(None));
    }
    let tail = read(flash, base + at, (end - at) as usize)?;
    let pad_and_sum = (checksum_at + 1 - at) as usize;
    let (before_hash, hash) = tail.split_at(pad_and_sum);
    let read_sum = before_hash.last().copied().unwrap_or(0);
    if read_sum != sum {
        return Err(ImageError::Checksum {
            calculated: sum,
            read: read_sum,
        });
    }
    if hash_appended {
        sha.update(before_hash);
        if sha.finalize().as_slice() != hash {
            return Err(ImageError::Hash);
        }
    }
    let app_desc = match segments.first() {
        Some(first) if first.len as usize >= APP_DESC_LEN => {
            let desc = read(flash, base + u64::from(first.data_offset), APP_DESC_LEN)?;
            (word(&desc, 0) == APP_DESC_MAGIC).then(|| AppDesc {
                version: c_string(desc.get(16..48).unwrap_or_default()),
                project_name: c_string(desc.get(48..80).unwrap_or_default()),
                idf_version: c_string(desc.get(112..144).unwrap_or_default()),
            })
        }
        _ => None,
    };
    Ok(Image {
        chip_id,
        entry: word(&header, 4),
        segments,
        len: end as u32,
        app_desc,
    })
}

/// An `esp_app_desc_t` naming `project` at `version`.
pub fn app_desc(project: &str, version: &str) -> Vec<u8> {
    let mut desc = vec![0u8; APP_DESC_LEN];
    desc[..4].copy_from_slice(&APP_DESC_MAGIC.to_le_bytes());
    let mut put = |at: usize, len: usize, text: &str| {
        for (d, s) in desc[at..at + len - 1].iter_mut().zip(text.bytes()) {
            *d = s;
        }
    };
    put(16, 32, version);
    put(48, 32, project);
    put(80, 16, "00:00:00");
    put(96, 16, "Jan  1 2026");
    put(112, 32, "esprit");
    desc
}

/// Builds a valid image for `chip` from `(load address, data)` segments, with a SHA-256.
pub fn build(chip: Target, entry: u32, segments: &[(u32, &[u8])]) -> Vec<u8> {
    let mut image = vec![
        MAGIC,
        segments.len() as u8,
        2,    // DIO
        0x20, // 4 MB, 40 MHz
    ];
    image.extend_from_slice(&entry.to_le_bytes());
    image.push(0xEE); // WP pin unused
    image.extend_from_slice(&[0, 0, 0]);
    image.extend_from_slice(&chip.image_chip_id().to_le_bytes());
    image.push(0); // min_rev (deprecated)
    image.extend_from_slice(&0u16.to_le_bytes()); // min_rev_full
    image.extend_from_slice(&0xFFFFu16.to_le_bytes()); // max_rev_full
    image.extend_from_slice(&[0; 4]);
    image.push(1); // hash appended
    let mut sum = CHECKSUM_SEED;
    for (addr, data) in segments {
        image.extend_from_slice(&addr.to_le_bytes());
        image.extend_from_slice(&(data.len() as u32).to_le_bytes());
        image.extend_from_slice(data);
        sum = data.iter().fold(sum, |acc, b| acc ^ b);
    }
    while image.len() % 16 != 15 {
        image.push(0);
    }
    image.push(sum);
    let hash = Sha256::digest(&image);
    image.extend_from_slice(&hash);
    image
}

/// Where the first (descriptor-holding, flash-mapped data) segment of an app loads.
pub fn drom_base(chip: Target) -> u32 {
    match chip {
        Target::Esp32 => 0x3F40_0020,
        Target::Esp32c3 => 0x3C00_0020,
    }
}

/// Where code loads in internal RAM.
pub fn iram_base(chip: Target) -> u32 {
    match chip {
        Target::Esp32 => 0x4008_0000,
        Target::Esp32c3 => 0x4038_0000,
    }
}

/// A minimal app image whose descriptor names `project` at `version`.
pub fn app(chip: Target, project: &str, version: &str) -> Vec<u8> {
    let desc = app_desc(project, version);
    // A `wfi`/`waiti` loop would do; the simulator never runs it.
    let code = [0u8; 16];
    build(
        chip,
        iram_base(chip),
        &[(drom_base(chip), &desc), (iram_base(chip), &code)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use vm::hal::RamFlash;

    fn flash_with(image: &[u8]) -> RamFlash {
        let mut flash = RamFlash::new(0x40_0000, 0x1000);
        flash.write(0x1_0000, image).unwrap();
        flash
    }

    #[test]
    fn a_built_app_checks_and_names_its_project() {
        let image = app(Target::Esp32c3, "esprit", "0.1.0");
        assert_eq!(image.len() % 16, 0);
        let mut flash = flash_with(&image);
        let info = check(&mut flash, 0x1_0000, 0x1F_0000, Target::Esp32c3).unwrap();
        assert_eq!(info.len as usize, image.len());
        assert_eq!(info.segments.len(), 2);
        let desc = info.app_desc.unwrap();
        assert_eq!(
            (desc.project_name.as_str(), desc.version.as_str()),
            ("esprit", "0.1.0")
        );
    }

    #[test]
    fn damage_is_found_where_the_bootloader_finds_it() {
        let image = app(Target::Esp32, "blink", "1.0");
        let mut bad_data = image.clone();
        bad_data[40] ^= 0x01;
        assert!(matches!(
            check(
                &mut flash_with(&bad_data),
                0x1_0000,
                0x10_0000,
                Target::Esp32
            ),
            Err(ImageError::Checksum { .. })
        ));
        let mut bad_hash = image.clone();
        let last = bad_hash.len() - 1;
        bad_hash[last] ^= 0x80;
        assert_eq!(
            check(
                &mut flash_with(&bad_hash),
                0x1_0000,
                0x10_0000,
                Target::Esp32
            ),
            Err(ImageError::Hash)
        );
        assert_eq!(
            check(
                &mut flash_with(&image),
                0x1_0000,
                0x10_0000,
                Target::Esp32c3
            ),
            Err(ImageError::WrongChip {
                expected: 5,
                found: 0
            })
        );
        assert_eq!(
            check(&mut flash_with(&image), 0x1_0000, 0x100, Target::Esp32),
            Err(ImageError::TooLong {
                segment: Some(0),
                limit: 0x100
            })
        );
        let mut blank = RamFlash::new(0x40_0000, 0x1000);
        let err = check(&mut blank, 0x1_0000, 0x10_0000, Target::Esp32).unwrap_err();
        assert_eq!(
            err.to_string(),
            "has invalid magic byte (nothing flashed here?)"
        );
    }
}
