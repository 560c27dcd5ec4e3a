//! The ROM serial bootloader (and the flasher stub once uploaded) fed arbitrary bytes as a
//! serial port would carry them, and the boot-time image check fed whatever flash holds: no
//! panic, and every reply is a whole SLIP frame.
#![no_main]

use hal_sim::rom::image;
use hal_sim::rom::loader::Loader;
use hal_sim::rom::target::Target;
use libfuzzer_sys::fuzz_target;
use vm::hal::{Flash, RamFlash};

const FLASH_BYTES: usize = 4 * 1024 * 1024;
const APP_OFFSET: usize = 0x10000;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let target = if first & 1 == 0 {
        Target::Esp32
    } else {
        Target::Esp32c3
    };
    let mut flash = RamFlash::new(FLASH_BYTES, 4096);
    let mut loader = Loader::new(target, [0x24, 0x0a, 0xc4, 0, 1, 0x10], FLASH_BYTES, 115_200);
    // The second byte sets how the input is split into reads, as a UART's FIFO would.
    let chunk = usize::from(rest.first().copied().unwrap_or(0) % 64) + 1;
    for piece in rest.chunks(chunk) {
        loader.feed(piece, &mut flash);
        let out = loader.take_output();
        if !out.is_empty() {
            assert_eq!(out.first(), Some(&0xC0), "a reply must open a SLIP frame");
            assert_eq!(out.last(), Some(&0xC0), "a reply must close its SLIP frame");
        }
        let _ = loader.take_events();
    }
    // Whatever reached flash, or the raw input as an app image, the boot check decides safely.
    let _ = image::check(&mut flash, APP_OFFSET as u32, 0x100000, target);
    let mut raw = RamFlash::new(256 * 1024, 4096);
    let len = rest.len().min(raw.capacity() - APP_OFFSET);
    if raw.write(APP_OFFSET, &rest[..len]).is_ok() {
        let _ = image::check(&mut raw, APP_OFFSET as u32, 0x20000, target);
    }
});
