//! What a new virtual board's flash holds, as a board flashed with esprit at the factory:
//! a bootloader at the chip's bootloader offset, MicroPython's partition table, and esprit's
//! app image at 0x10000 with the file system's "vfs" partition left blank. The bootloader and
//! app are stand-ins with valid headers, checksums, hashes and (for the app) the descriptor
//! naming "esprit": the simulator checks images but runs no machine code.

use vm::hal::{Flash, HalError};

use super::image;
use super::partition::{self, TABLE_OFFSET};
use super::target::Target;

/// The app partition's offset in MicroPython's layout.
pub const APP_OFFSET: u32 = 0x1_0000;

/// A stand-in second-stage bootloader image for `target`.
pub fn bootloader(target: Target) -> Vec<u8> {
    let (dram, iram) = match target {
        Target::Esp32 => (0x3FFF_0030, 0x4007_8000),
        Target::Esp32c3 => (0x3FCD_5820, 0x403C_C710),
    };
    image::build(target, iram, &[(dram, &[0u8; 16]), (iram, &[0u8; 16])])
}

/// esprit's app image for `target`, named by its descriptor.
pub fn esprit_app(target: Target) -> Vec<u8> {
    image::app(target, "esprit", env!("CARGO_PKG_VERSION"))
}

/// Programs the factory contents into a blank `flash`.
pub fn program(flash: &mut dyn Flash, target: Target) -> Result<(), HalError> {
    let capacity = u32::try_from(flash.capacity()).map_err(|_| HalError::OutOfRange)?;
    flash.write(target.bootloader_offset() as usize, &bootloader(target))?;
    let table = partition::table_bytes(&partition::micropython_layout(capacity));
    flash.write(TABLE_OFFSET as usize, &table)?;
    flash.write(APP_OFFSET as usize, &esprit_app(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rom::boot::{Outcome, boot};
    use crate::rom::target::ResetCause;
    use vm::hal::RamFlash;

    #[test]
    fn a_factory_board_boots_esprit_and_an_erased_one_loops() {
        for target in [Target::Esp32, Target::Esp32c3] {
            let mut flash = RamFlash::new(0x40_0000, 0x1000);
            program(&mut flash, target).unwrap();
            let b = boot(&mut flash, target, ResetCause::PowerOn);
            assert_eq!(b.outcome, Outcome::Esprit, "{}", b.log);
            assert!(b.log.contains("Project name:     esprit"), "{}", b.log);
            assert!(
                b.log
                    .contains("boot: Loaded app from partition at offset 0x10000")
            );

            let mut blank = RamFlash::new(0x40_0000, 0x1000);
            let b = boot(&mut blank, target, ResetCause::PowerOn);
            assert_eq!(b.outcome, Outcome::Failed);
            assert!(
                b.log.ends_with("invalid header: 0xffffffff\r\n"),
                "{}",
                b.log
            );
        }
    }

    #[test]
    fn another_app_is_named_and_a_broken_one_is_refused() {
        let target = Target::Esp32c3;
        let mut flash = RamFlash::new(0x40_0000, 0x1000);
        program(&mut flash, target).unwrap();
        for s in (APP_OFFSET..APP_OFFSET + 0x1000).step_by(0x1000) {
            flash.erase(s as usize).unwrap();
        }
        let other = image::app(target, "micropython", "v1.24.1");
        flash.write(APP_OFFSET as usize, &other).unwrap();
        let b = boot(&mut flash, target, ResetCause::PowerOn);
        assert_eq!(
            b.outcome,
            Outcome::OtherApp {
                name: "micropython".into(),
                version: "v1.24.1".into()
            }
        );
        // One flipped bit in the app's data.
        flash.erase(APP_OFFSET as usize).unwrap();
        let mut broken = other.clone();
        broken[100] ^= 4;
        flash.write(APP_OFFSET as usize, &broken).unwrap();
        let b = boot(&mut flash, target, ResetCause::Software);
        assert_eq!(b.outcome, Outcome::Failed);
        assert!(b.log.contains("E ("), "{}", b.log);
        assert!(
            b.log
                .contains("esp_image: image at 0x10000 Checksum failed."),
            "{}",
            b.log
        );
    }
}
