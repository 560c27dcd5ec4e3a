//! `cargo xtask firmware`: the ESP32-C3 firmware in release mode, and a merged image
//! (bootloader at 0x0, partition table at 0x8000, app at 0x10000) that esptool, espflash or the
//! page's Flash panel writes at offset 0. The last line printed is the image's path.
//!
//! The image is made by espflash (`save-image --merge`), pinned and installed with cargo under
//! `target/tools`: it bundles ESP-IDF's second-stage bootloader, so nothing here packs images
//! by hand. `check_image` has esptool (from the test venv) validate both images in the result.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::python;
use crate::setup;

/// The chip CI builds for, and its Rust target.
const CHIP: &str = "esp32c3";
const TARGET: &str = "riscv32imc-unknown-none-elf";
/// Pinned, so a new release cannot change the image.
const ESPFLASH_VERSION: &str = "4.7.0";
/// Where `firmware/partitions.csv` puts the app and the partition table, and where the ROM
/// finds the bootloader on the C3.
const BOOTLOADER_OFFSET: usize = 0x0;
const TABLE_OFFSET: usize = 0x8000;
const APP_OFFSET: usize = 0x10000;

/// `cargo xtask firmware [--check]`: `--check` also validates the image, as the tests do.
pub fn run(extra: &[String]) -> Result<(), String> {
    let check = match extra {
        [] => false,
        [flag] if flag == "--check" => true,
        [unknown, ..] => {
            return Err(format!(
                "`cargo xtask firmware` takes only `--check` (got `{unknown}`)"
            ));
        }
    };
    let image = if check { test()? } else { build()? };
    println!("{}", image.display());
    Ok(())
}

/// Builds the release firmware and its merged image; returns the image's path.
pub fn build() -> Result<PathBuf, String> {
    setup::ensure_rust_targets(&[TARGET])?;
    setup::cargo(&[
        "build",
        "--release",
        "--quiet",
        "-p",
        "esprit-firmware",
        "--bin",
        "esprit-firmware",
        "--target",
        TARGET,
    ])?;
    let root = setup::workspace_root();
    let elf = root
        .join("target")
        .join(TARGET)
        .join("release")
        .join("esprit-firmware");
    let out_dir = root.join("target").join("firmware");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let image = out_dir.join(format!("esprit-{CHIP}.bin"));
    let espflash = ensure_espflash()?;
    let table = root.join("firmware").join("partitions.csv");
    setup::run(
        &espflash.to_string_lossy(),
        &[
            "save-image",
            "--chip",
            CHIP,
            "--merge",
            // Stop after the app: padding to 4 MiB would make flashing slow and would erase
            // the file system ("vfs") each time.
            "--skip-padding",
            "--flash-size",
            "4mb",
            "--partition-table",
            &table.to_string_lossy(),
            &elf.to_string_lossy(),
            &image.to_string_lossy(),
        ],
    )?;
    Ok(image)
}

/// Builds the image and puts it beside the page as `firmware/esprit-esp32c3.bin`, where the
/// page's Flash panel fetches it. Returns the copy's path.
pub fn publish(site: &Path) -> Result<PathBuf, String> {
    let image = build()?;
    let dir = site.join("firmware");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let copy = dir.join(format!("esprit-{CHIP}.bin"));
    std::fs::copy(&image, &copy).map_err(|e| format!("cannot copy to {}: {e}", copy.display()))?;
    Ok(copy)
}

/// espflash under `target/tools`, installed with `cargo install` unless the pinned version is
/// there. Built without its update check, which would reach for the network.
fn ensure_espflash() -> Result<PathBuf, String> {
    let root = setup::workspace_root()
        .join("target")
        .join("tools")
        .join(format!("espflash-{ESPFLASH_VERSION}"));
    let bin = root.join("bin").join("espflash");
    let version = Command::new(&bin).arg("--version").output();
    let installed = version.is_ok_and(|o| {
        o.status.success() && String::from_utf8_lossy(&o.stdout).contains(ESPFLASH_VERSION)
    });
    if !installed {
        setup::cargo(&[
            "install",
            "--quiet",
            "--locked",
            &format!("espflash@{ESPFLASH_VERSION}"),
            "--no-default-features",
            "--features",
            "cli",
            "--root",
            &root.to_string_lossy(),
        ])?;
    }
    Ok(bin)
}

/// Builds the firmware and checks the merged image: the partition table places the app and
/// the "vfs" partition, and esptool's `image-info` finds both images (bootloader and app) for
/// the ESP32-C3 with a valid checksum and SHA-256.
pub fn test() -> Result<PathBuf, String> {
    let image = build()?;
    let bytes =
        std::fs::read(&image).map_err(|e| format!("cannot read {}: {e}", image.display()))?;
    check_partition_table(&bytes)?;
    let esptool = python::tool("esptool")?;
    for (name, offset) in [("bootloader", BOOTLOADER_OFFSET), ("app", APP_OFFSET)] {
        let part = image.with_extension(format!("{name}.bin"));
        let end = if name == "bootloader" {
            TABLE_OFFSET
        } else {
            bytes.len()
        };
        let slice = bytes
            .get(offset..end)
            .ok_or_else(|| format!("{}: too short for the {name}", image.display()))?;
        std::fs::write(&part, slice).map_err(|e| format!("{}: {e}", part.display()))?;
        check_image_info(&esptool, &part, name)?;
    }
    eprintln!(
        "xtask: firmware image {} ({} bytes) checked",
        image.display(),
        bytes.len()
    );
    Ok(image)
}

/// esptool's verdict on one image: ESP32-C3, and checksum and hash both valid.
fn check_image_info(esptool: &Path, image: &Path, name: &str) -> Result<(), String> {
    eprintln!("$ {} image-info {}", esptool.display(), image.display());
    let output = Command::new(esptool)
        .arg("image-info")
        .arg(image)
        .output()
        .map_err(|e| format!("cannot start esptool: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let fail = |why: &str| Err(format!("the firmware's {name} image {why}:\n{text}"));
    if !output.status.success() {
        return fail("is rejected by esptool image-info");
    }
    if !text.contains("Detected image type: ESP32-C3") {
        return fail("is not an ESP32-C3 image");
    }
    let segments = text
        .lines()
        .find_map(|l| l.strip_prefix("Segments: "))
        .and_then(|n| n.trim().parse::<u32>().ok())
        .unwrap_or(0);
    if segments == 0 {
        return fail("has no segments");
    }
    let valid = |label: &str| {
        text.lines()
            .any(|l| l.starts_with(label) && l.trim_end().ends_with("(valid)"))
    };
    if !valid("Checksum:") {
        return fail("has a bad checksum");
    }
    if !valid("Validation hash:") {
        return fail("has a bad SHA-256");
    }
    Ok(())
}

/// The ESP-IDF partition table at 0x8000 (32-byte entries, magic 0x50AA, esp_partition.h) has
/// the app where the bootloader will look and a "vfs" data partition for the file system.
fn check_partition_table(image: &[u8]) -> Result<(), String> {
    let mut app = false;
    let mut vfs = false;
    for entry in image
        .get(TABLE_OFFSET..TABLE_OFFSET + 0xC00)
        .ok_or("the image has no partition table")?
        .chunks_exact(32)
    {
        if entry.get(..2) != Some(&[0xAA, 0x50]) {
            break;
        }
        let word = |at: usize| {
            entry
                .get(at..at + 4)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u32::from_le_bytes)
        };
        let label = entry.get(12..28).unwrap_or(&[]);
        let label = label.split(|&b| b == 0).next().unwrap_or(&[]);
        match (entry.get(2), label) {
            (Some(0), _) if word(4) as usize == APP_OFFSET => app = true,
            (Some(1), b"vfs") => vfs = word(8) >= 64 * 1024,
            _ => {}
        }
    }
    match (app, vfs) {
        (true, true) => Ok(()),
        (false, _) => Err(format!("the partition table has no app at {APP_OFFSET:#x}")),
        (_, false) => Err("the partition table has no 'vfs' data partition".to_string()),
    }
}
