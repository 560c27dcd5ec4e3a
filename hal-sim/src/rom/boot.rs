//! Booting from flash, as the ROM and ESP-IDF's second-stage bootloader do it, with their log
//! lines (ESP-IDF bootloader_utility.c, esp_image_format.c): the ROM loads the bootloader
//! image, the bootloader reads the partition table, picks the factory (else first OTA) app,
//! checks its header, segments, checksum and SHA-256, and jumps to it.
//!
//! The simulator runs no machine code, so what "runs" is decided from the app's descriptor:
//! esprit's own image starts the esprit console; any other valid app is reported by name and
//! version and left idle; a broken bootloader, table or app makes the chip reset again and again
//! like a real one.

use vm::hal::Flash;

use super::image::{self, Image, ImageError};
use super::partition::{self, Partition, TYPE_APP};
use super::target::{ResetCause, Target};

/// The space the bootloader may fill: up to the partition table.
const BOOTLOADER_LIMIT: u32 = partition::TABLE_OFFSET;

/// The app descriptor project names that mean "this is esprit": the simulator's own image
/// and the firmware crate's.
pub fn is_esprit(project_name: &str) -> bool {
    matches!(project_name, "esprit" | "esprit-firmware")
}

/// What the boot came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An esprit app: start the console.
    Esprit,
    /// A valid app that is not esprit: the simulator cannot run it.
    OtherApp { name: String, version: String },
    /// Nothing bootable: the chip resets and tries again.
    Failed,
}

/// The log of one boot attempt and how it ended.
pub struct Boot {
    pub log: String,
    pub outcome: Outcome,
}

/// The bootloader's `I (ms) tag: text` lines, with a clock that moves a little per line.
struct Log {
    text: String,
    ms: u32,
}

impl Log {
    fn line(&mut self, level: char, tag: &str, text: &str) {
        self.ms += 4;
        self.text
            .push_str(&format!("{level} ({}) {tag}: {text}\r\n", self.ms));
    }
    fn info(&mut self, tag: &str, text: &str) {
        self.line('I', tag, text);
    }
    fn error(&mut self, tag: &str, text: &str) {
        self.line('E', tag, text);
    }
}

/// Boots from `flash` after a reset for `cause`.
pub fn boot(flash: &mut dyn Flash, target: Target, cause: ResetCause) -> Boot {
    let mut log = Log {
        text: target.rom_banner(cause, false),
        ms: 23,
    };
    let outcome = run(flash, target, &mut log);
    Boot {
        log: log.text,
        outcome,
    }
}

fn run(flash: &mut dyn Flash, target: Target, log: &mut Log) -> Outcome {
    // The ROM: load and check the second-stage bootloader.
    let at = target.bootloader_offset();
    let bootloader = match image::check(flash, at, BOOTLOADER_LIMIT - at, target) {
        Ok(image) => image,
        Err(ImageError::Checksum { calculated, read }) => {
            log.text.push_str(&format!(
                "csum err:0x{read:02x}!=0x{calculated:02x}\r\nets_main.c 371 \r\n"
            ));
            return Outcome::Failed;
        }
        Err(ImageError::InvalidMagic { word }) => {
            log.text
                .push_str(&format!("invalid header: 0x{word:08x}\r\n"));
            return Outcome::Failed;
        }
        Err(e) => {
            log.text.push_str(&format!("bootloader image: {e}\r\n"));
            return Outcome::Failed;
        }
    };
    rom_load_lines(&bootloader, target, log);

    // The second-stage bootloader.
    log.info("boot", "ESP-IDF v5.2.2 2nd stage bootloader");
    log.info("boot", "compile time Jan  1 2026 00:00:00");
    log.info("boot", "chip revision: v0.4");
    log.info("boot.esp32", "SPI Speed      : 40MHz");
    log.info("boot.esp32", "SPI Mode       : DIO");
    let mb = flash.capacity() >> 20;
    log.info("boot.esp32", &format!("SPI Flash Size : {mb}MB"));
    let parts = match partition::read_table(flash) {
        Ok(parts) => parts,
        Err(e) => {
            log.error("flash_parts", &e.to_string());
            log.error("boot", "Failed to verify partition table");
            log.error("boot", "load partition table error!");
            return Outcome::Failed;
        }
    };
    list_partitions(&parts, log);
    let app = parts
        .iter()
        .filter(|p| p.kind == TYPE_APP)
        .min_by_key(|p| (p.subtype != partition::SUBTYPE_FACTORY, p.subtype));
    let Some(app) = app else {
        log.error("boot", "No bootable app partitions in the partition table");
        return Outcome::Failed;
    };
    let image = match image::check(flash, app.offset, app.size, target) {
        Ok(image) => image,
        Err(e) => {
            log.error("esp_image", &format!("image at 0x{:x} {e}", app.offset));
            log.error("boot", "Factory app partition is not bootable");
            log.error("boot", "No bootable app partitions in the partition table");
            return Outcome::Failed;
        }
    };
    for (i, seg) in image.segments.iter().enumerate() {
        log.info(
            "esp_image",
            &format!(
                "segment {i}: paddr={:08x} vaddr={:08x} size={:05x}h ({:6}) {}",
                app.offset + seg.data_offset,
                seg.load_addr,
                seg.len,
                seg.len,
                if is_mapped(target, seg.load_addr) {
                    "map"
                } else {
                    "load"
                }
            ),
        );
    }
    log.info(
        "boot",
        &format!("Loaded app from partition at offset 0x{:x}", app.offset),
    );
    log.info("boot", "Disabling RNG early entropy source...");
    match image.app_desc {
        Some(desc) => {
            log.info("app_init", "Application information:");
            log.info(
                "app_init",
                &format!("Project name:     {}", desc.project_name),
            );
            log.info("app_init", &format!("App version:      {}", desc.version));
            log.info(
                "app_init",
                &format!("ESP-IDF:          {}", desc.idf_version),
            );
            if is_esprit(&desc.project_name) {
                Outcome::Esprit
            } else {
                Outcome::OtherApp {
                    name: desc.project_name,
                    version: desc.version,
                }
            }
        }
        None => Outcome::OtherApp {
            name: String::from("(no app descriptor)"),
            version: String::new(),
        },
    }
}

/// Flash-mapped (IROM/DROM) addresses, as opposed to RAM that segments are copied into.
fn is_mapped(target: Target, addr: u32) -> bool {
    let ranges = match target {
        Target::Esp32 => [0x3F40_0000..0x3F80_0000, 0x400D_0000..0x4040_0000],
        Target::Esp32c3 => [0x3C00_0000..0x3C80_0000, 0x4200_0000..0x4280_0000],
    };
    ranges.iter().any(|range| range.contains(&addr))
}

fn rom_load_lines(bootloader: &Image, target: Target, log: &mut Log) {
    let lines = match target {
        Target::Esp32 => {
            "configsip: 0, SPIWP:0xee\r\nclk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\nmode:DIO, clock div:2\r\n"
        }
        Target::Esp32c3 => "SPIWP:0xee\r\nmode:DIO, clock div:1\r\n",
    };
    log.text.push_str(lines);
    for seg in &bootloader.segments {
        let line = match target {
            Target::Esp32 => format!("load:0x{:08x},len:{}\r\n", seg.load_addr, seg.len),
            Target::Esp32c3 => format!("load:0x{:08x},len:0x{:x}\r\n", seg.load_addr, seg.len),
        };
        log.text.push_str(&line);
    }
    log.text
        .push_str(&format!("entry 0x{:08x}\r\n", bootloader.entry));
}

fn list_partitions(parts: &[Partition], log: &mut Log) {
    log.info("boot", "Partition Table:");
    log.info(
        "boot",
        "## Label            Usage          Type ST Offset   Length",
    );
    for (i, p) in parts.iter().enumerate() {
        log.info(
            "boot",
            &format!(
                "{i:2} {:<16} {:<16} {:02x} {:02x} {:08x} {:08x}",
                p.label,
                p.usage(),
                p.kind,
                p.subtype,
                p.offset,
                p.size
            ),
        );
    }
    log.info("boot", "End of partition table");
}
