//! The chip driven byte for byte as esptool drives it: exact replies, bad frames, a flash
//! interrupted half-way, and what the boot makes of the result.

use super::chip::{Chip, ChipOptions};
use super::factory::{self, APP_OFFSET};
use super::image;
use super::packet::{checksum, op};
use super::slip;
use super::target::Target;
use crate::flash_file::SharedFlash;
use vm::hal::{Flash, RamFlash};

const FLASH: usize = 0x40_0000;

fn chip(target: Target) -> Chip {
    let mut flash = RamFlash::new(FLASH, 0x1000);
    factory::program(&mut flash, target).unwrap();
    let options = ChipOptions {
        target,
        download_at_power_on: true,
        ..ChipOptions::default()
    };
    let mut chip = Chip::new(vm::Config::default(), SharedFlash::new(flash), options);
    chip.take_output();
    chip
}

fn request(op: u8, data: &[u8], chk: u8) -> Vec<u8> {
    let mut body = vec![0, op];
    body.extend_from_slice(&(data.len() as u16).to_le_bytes());
    body.extend_from_slice(&u32::from(chk).to_le_bytes());
    body.extend_from_slice(data);
    let mut wire = Vec::new();
    slip::encode(&body, &mut wire);
    wire
}

fn words(ws: &[u32]) -> Vec<u8> {
    ws.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Sends a command and returns the decoded reply frames.
fn command(chip: &mut Chip, op: u8, data: &[u8], chk: u8) -> Vec<Vec<u8>> {
    chip.feed(&request(op, data, chk));
    frames(&chip.take_output())
}

fn frames(wire: &[u8]) -> Vec<Vec<u8>> {
    let mut d = slip::Decoder::new();
    wire.iter()
        .filter_map(|&b| match d.push(b) {
            Some(slip::Decoded::Frame(f)) => Some(f),
            _ => None,
        })
        .collect()
}

fn sync_data() -> Vec<u8> {
    let mut data = vec![7, 7, 0x12, 0x20];
    data.extend([0x55; 32]);
    data
}

fn data_block(seq: u32, block: &[u8]) -> Vec<u8> {
    let mut data = words(&[block.len() as u32, seq, 0, 0]);
    data.extend_from_slice(block);
    data
}

fn read(chip: &Chip, at: usize, len: usize) -> Vec<u8> {
    let mut buf = vec![0u8; len];
    chip.flash().read(at, &mut buf).unwrap();
    buf
}

/// Uploads a fake stub and jumps into it, as esptool's run_stub does.
fn start_stub(chip: &mut Chip) {
    let text = [0x13u8; 64];
    command(
        chip,
        op::MEM_BEGIN,
        &words(&[64, 1, 0x1800, 0x4038_0000]),
        0,
    );
    command(chip, op::MEM_DATA, &data_block(0, &text), checksum(&text));
    let replies = command(chip, op::MEM_END, &words(&[0, 0x4038_0010]), 0);
    assert_eq!(replies[1], b"OHAI");
}

#[test]
fn sync_and_read_reg_answer_as_the_esp32_rom() {
    let mut chip = chip(Target::Esp32);
    let replies = command(&mut chip, op::SYNC, &sync_data(), 0);
    assert_eq!(replies.len(), 8);
    assert!(
        replies
            .iter()
            .all(|r| r == &[1, 8, 4, 0, 7, 7, 0x12, 0x20, 0, 0, 0, 0])
    );
    let replies = command(&mut chip, op::READ_REG, &words(&[0x4000_1000]), 0);
    assert_eq!(
        replies,
        [vec![1, 0x0A, 4, 0, 0x83, 0x1D, 0xF0, 0, 0, 0, 0, 0]]
    );
    // The ESP32 ROM has no GET_SECURITY_INFO: "invalid message".
    let replies = command(&mut chip, op::GET_SECURITY_INFO, &[], 0);
    assert_eq!(replies, [vec![1, 0x14, 4, 0, 0, 0, 0, 0, 1, 5, 0, 0]]);
}

#[test]
fn the_c3_rom_reports_its_chip_id_in_security_info() {
    let mut chip = chip(Target::Esp32c3);
    let replies = command(&mut chip, op::GET_SECURITY_INFO, &[], 0);
    let r = &replies[0];
    assert_eq!(r.get(..4), Some(&[1u8, 0x14, 24, 0][..]));
    assert_eq!(r.get(8 + 12..8 + 16), Some(&5u32.to_le_bytes()[..]));
    assert_eq!(r.get(28..), Some(&[0u8, 0, 0, 0][..]));
}

#[test]
fn bad_frames_get_the_rom_error_or_no_answer() {
    let mut chip = chip(Target::Esp32);
    // A length field larger than the data (a truncated frame): "invalid message".
    let mut wire = request(op::SYNC, &sync_data(), 0);
    wire.truncate(20);
    wire.push(0xC0);
    chip.feed(&wire);
    assert_eq!(
        frames(&chip.take_output()),
        [vec![1, 8, 4, 0, 0, 0, 0, 0, 1, 5, 0, 0]]
    );
    // Shorter than a header, a response echoed back, a broken escape: dropped silently.
    chip.feed(&[0xC0, 0, 8, 0, 0xC0]);
    chip.feed(&[0xC0, 1, 8, 0, 0, 0, 0, 0, 0, 0xC0]);
    chip.feed(&[0xC0, 0, 0x0A, 4, 0, 0xDB, 0x01, 0, 0, 0xC0]);
    assert!(chip.take_output().is_empty());
    // An unknown command.
    let replies = command(&mut chip, 0x55, &[], 0);
    assert_eq!(replies, [vec![1, 0x55, 4, 0, 0, 0, 0, 0, 1, 5, 0, 0]]);
    // The chip still answers.
    assert_eq!(command(&mut chip, op::SYNC, &sync_data(), 0).len(), 8);
}

#[test]
fn a_bad_checksum_is_refused_by_rom_and_stub_and_nothing_is_written() {
    let mut chip = chip(Target::Esp32c3);
    let before = read(&chip, 0x30_0000, 0x1000);
    command(
        &mut chip,
        op::FLASH_BEGIN,
        &words(&[0x400, 1, 0x400, 0x30_0000, 0]),
        0,
    );
    let block = [0xA5u8; 0x400];
    let replies = command(&mut chip, op::FLASH_DATA, &data_block(0, &block), 0x12);
    assert_eq!(replies, [vec![1, 3, 4, 0, 0, 0, 0, 0, 1, 7, 0, 0]]);
    // The ROM erased the region at FLASH_BEGIN; nothing was programmed.
    assert!(read(&chip, 0x30_0000, 0x400).iter().all(|&b| b == 0xFF));
    assert_eq!(read(&chip, 0x30_0400, 0xC00), before[0x400..]);

    start_stub(&mut chip);
    command(
        &mut chip,
        op::FLASH_BEGIN,
        &words(&[0x400, 1, 0x4000, 0x31_0000, 0]),
        0,
    );
    let replies = command(&mut chip, op::FLASH_DATA, &data_block(0, &block), 0x12);
    assert_eq!(replies, [vec![1, 3, 2, 0, 0, 0, 0, 0, 1, 0xC1]]);
    let replies = command(&mut chip, op::FLASH_END, &words(&[1]), 0);
    assert_eq!(replies, [vec![1, 4, 2, 0, 0, 0, 0, 0, 1, 0xC8]]);
}

#[test]
fn deflated_writes_land_and_md5_answers_in_rom_and_stub_form() {
    let mut chip = chip(Target::Esp32c3);
    let data: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 6);
    let blocks: Vec<&[u8]> = packed.chunks(0x400).collect();
    let rounded = data.len().div_ceil(0x400) * 0x400;
    command(
        &mut chip,
        op::FLASH_DEFL_BEGIN,
        &words(&[rounded as u32, blocks.len() as u32, 0x400, 0x30_0000, 0]),
        0,
    );
    for (seq, block) in blocks.iter().enumerate() {
        let r = command(
            &mut chip,
            op::FLASH_DEFL_DATA,
            &data_block(seq as u32, block),
            checksum(block),
        );
        assert_eq!(r[0].get(8..10), Some(&[0u8, 0][..]), "block {seq}");
    }
    assert_eq!(read(&chip, 0x30_0000, data.len()), data);
    let md5: String = {
        use md5::{Digest, Md5};
        Md5::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let r = command(
        &mut chip,
        op::SPI_FLASH_MD5,
        &words(&[0x30_0000, data.len() as u32, 0, 0]),
        0,
    );
    assert_eq!(r[0].get(8..40), Some(md5.as_bytes()));
    start_stub(&mut chip);
    let r = command(
        &mut chip,
        op::SPI_FLASH_MD5,
        &words(&[0x30_0000, data.len() as u32, 0, 0]),
        0,
    );
    assert_eq!(r[0].len(), 8 + 16 + 2);
    // A corrupt zlib stream is the stub's inflate error.
    command(
        &mut chip,
        op::FLASH_DEFL_BEGIN,
        &words(&[100, 1, 0x4000, 0x31_0000, 0]),
        0,
    );
    let junk = [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF];
    let r = command(
        &mut chip,
        op::FLASH_DEFL_DATA,
        &data_block(0, &junk),
        checksum(&junk),
    );
    assert_eq!(r[0].get(8..), Some(&[1u8, 0xC7][..]));
}

#[test]
fn a_flash_interrupted_half_way_changes_only_its_region_and_does_not_boot() {
    for stub in [false, true] {
        let mut chip = chip(Target::Esp32);
        // A valid esprit app of 0x3000 bytes, of which only the first 0x800 will arrive.
        let mut data = image::app_desc("esprit", "9.9");
        data.resize(0x2FB0, 0x5A);
        let big = image::build(
            Target::Esp32,
            0x4008_0000,
            &[(image::drom_base(Target::Esp32), &data)],
        );
        assert_eq!(big.len(), 0x3000);
        let whole_before = read(&chip, 0, FLASH);
        if stub {
            start_stub(&mut chip);
        }
        // Rewrite the app with 0x3000 bytes in 0x400 blocks, but stop after the first two.
        command(
            &mut chip,
            op::FLASH_BEGIN,
            &words(&[0x3000, 12, 0x400, APP_OFFSET]),
            0,
        );
        for seq in 0..2 {
            let block = &big[seq * 0x400..(seq + 1) * 0x400];
            command(
                &mut chip,
                op::FLASH_DATA,
                &data_block(seq as u32, block),
                checksum(block),
            );
        }
        // The host is gone; the board is reset into its app.
        chip.set_lines(false, true);
        chip.set_lines(false, false);
        let after = read(&chip, 0, FLASH);
        let region = APP_OFFSET as usize..APP_OFFSET as usize + 0x3000;
        for (i, (a, b)) in whole_before.iter().zip(&after).enumerate() {
            if !region.contains(&i) {
                assert_eq!(a, b, "byte 0x{i:x} outside the write changed (stub {stub})");
            }
        }
        assert_eq!(&after[region.start..region.start + 0x800], &big[..0x800]);
        // The ROM erased all of the region at FLASH_BEGIN; the stub only what it wrote into.
        let rest = &after[region.start + 0x800..region.end];
        if stub {
            assert!(rest[..0x800].iter().all(|&b| b == 0xFF));
            assert_eq!(
                &rest[0x800..],
                &whole_before[region.start + 0x1000..region.end]
            );
        } else {
            assert!(rest.iter().all(|&b| b == 0xFF));
        }
        let log = String::from_utf8(chip.take_output()).unwrap();
        assert!(log.contains("E ("), "{log}");
        assert!(
            log.contains("boot: Factory app partition is not bootable"),
            "{log}"
        );
        assert!(chip.console().is_none());
        // It tries again half a second later, and fails the same way.
        chip.set_time_us(600_000);
        chip.run(1000);
        let again = String::from_utf8(chip.take_output()).unwrap();
        assert!(again.contains("rst:0x3 (SW_RESET)"), "{again}");
        assert!(again.contains("not bootable"), "{again}");
    }
}

#[test]
fn a_hard_reset_after_flashing_boots_esprit() {
    let mut chip = chip(Target::Esp32);
    assert!(chip.in_download_mode());
    chip.set_lines(false, true);
    chip.set_lines(false, false);
    chip.run(100_000);
    let log = String::from_utf8(chip.take_output()).unwrap();
    assert!(
        log.starts_with("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13"),
        "{log}"
    );
    assert!(log.contains("Project name:     esprit"));
    assert!(chip.console().is_some());
    // The classic reset sequence goes back to the ROM, which says so.
    for (dtr, rts) in [
        (true, true),
        (false, true),
        (true, true),
        (true, false),
        (false, false),
    ] {
        chip.set_lines(dtr, rts);
    }
    assert!(chip.in_download_mode());
    let log = String::from_utf8(chip.take_output()).unwrap();
    assert!(
        log.ends_with(
            "boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n"
        ),
        "{log}"
    );
}

#[test]
fn stub_read_flash_streams_packets_as_they_are_acknowledged() {
    let mut chip = chip(Target::Esp32);
    start_stub(&mut chip);
    let replies = command(
        &mut chip,
        op::READ_FLASH,
        &words(&[0x1_0000, 0x2800, 0x1000, 2]),
        0,
    );
    // The reply, then two packets (the most in flight), and no more until acknowledged.
    assert_eq!(replies.len(), 3);
    assert_eq!(replies[0], [1, 0xD2, 2, 0, 0, 0, 0, 0, 0, 0]);
    let mut got = replies[1].clone();
    got.extend(&replies[2]);
    let mut ack = Vec::new();
    slip::encode(&0x2000u32.to_le_bytes(), &mut ack);
    chip.feed(&ack);
    let more = frames(&chip.take_output());
    assert_eq!(more.len(), 1);
    got.extend(&more[0]);
    ack.clear();
    slip::encode(&0x2800u32.to_le_bytes(), &mut ack);
    chip.feed(&ack);
    let digest = frames(&chip.take_output());
    assert_eq!(got, read(&chip, 0x1_0000, 0x2800));
    use md5::{Digest, Md5};
    assert_eq!(digest, [Md5::digest(&got).to_vec()]);
}

#[test]
fn the_c3_console_runs_on_the_c3_devkit() {
    assert!(crate::board::SimBoard::from_diagram_json(super::chip::C3_DEVKIT).is_ok());
}

#[test]
fn the_c3_rtc_watchdog_resets_into_the_app_once_unlocked_and_enabled() {
    let mut chip = chip(Target::Esp32c3);
    // Enabling it while locked does nothing.
    command(
        &mut chip,
        op::WRITE_REG,
        &words(&[0x6000_8090, 1 << 31, u32::MAX, 0]),
        0,
    );
    chip.set_time_us(1_000_000);
    chip.run(100);
    assert!(chip.in_download_mode());
    for (addr, value) in [
        (0x6000_80A8, 0x50D8_3AA1),
        (0x6000_8094, 2000),
        (0x6000_8090, 1 << 31),
        (0x6000_80A8, 0),
    ] {
        let r = command(
            &mut chip,
            op::WRITE_REG,
            &words(&[addr, value, u32::MAX, 0]),
            0,
        );
        assert_eq!(r.len(), 1);
    }
    assert!(chip.in_download_mode());
    chip.set_time_us(1_200_000);
    chip.run(100_000);
    assert!(chip.console().is_some());
    let log = String::from_utf8(chip.take_output()).unwrap();
    assert!(
        log.contains("rst:0x10 (RTCWDT_RTC_RST),boot:0xc (SPI_FAST_FLASH_BOOT)"),
        "{log}"
    );
}

#[test]
fn machine_reset_reboots_the_whole_chip() {
    let mut chip = chip(Target::Esp32);
    chip.set_lines(false, true);
    chip.set_lines(false, false);
    for _ in 0..50 {
        chip.run(100_000);
    }
    chip.take_output();
    chip.feed(b"import machine; machine.reset()\r");
    for _ in 0..50 {
        chip.run(100_000);
    }
    let log = String::from_utf8_lossy(&chip.take_output()).into_owned();
    assert!(
        log.contains("rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)"),
        "{log}"
    );
    assert!(log.contains("Project name:     esprit"), "{log}");
    assert!(log.ends_with(">>> "), "{log}");
}
