//! The 8x8 font displays are checked against, taken from the VM's own `framebuf.text` so the
//! expected pixels are exactly what a correct program draws.

use std::sync::OnceLock;

use vm::{Config, RunOutcome, Stream, Vm};

/// First and one-past-last character of the font (MicroPython's petme128 covers 32..=127).
pub const FIRST: u8 = 32;
pub const END: u8 = 128;

/// Draws every character with framebuf in MONO_VLSB (one byte per column, bit 0 at the top)
/// and prints the bytes in hex.
const RENDER: &str = "
import framebuf, binascii
b = bytearray(96 * 8)
fb = framebuf.FrameBuffer(b, 96 * 8, 8, framebuf.MONO_VLSB)
for i in range(96):
    fb.text(chr(32 + i), i * 8, 0, 1)
print(binascii.hexlify(b).decode())
";

fn render() -> Vec<[u8; 8]> {
    let mut vm = Vm::new(Config::default());
    let mut out = Vec::new();
    if vm.load_main(RENDER, "<font>").is_ok() {
        for _ in 0..1000 {
            match vm.run(100_000) {
                RunOutcome::BudgetExhausted => {}
                _ => break,
            }
        }
        for (stream, bytes) in vm.take_output() {
            if stream == Stream::Stdout {
                out.extend_from_slice(&bytes);
            }
        }
    }
    let hex = String::from_utf8_lossy(&out);
    let bytes: Vec<u8> = hex
        .trim()
        .as_bytes()
        .chunks(2)
        .filter_map(|c| u8::from_str_radix(core::str::from_utf8(c).ok()?, 16).ok())
        .collect();
    bytes
        .chunks(8)
        .map(|c| {
            let mut g = [0u8; 8];
            g[..c.len()].copy_from_slice(c);
            g
        })
        .collect()
}

/// The glyph of `c` as 8 columns (bit y set = pixel at row y lit); a character outside the
/// font draws as framebuf draws it, which is the glyph of 127.
pub fn glyph(c: char) -> [u8; 8] {
    static FONT: OnceLock<Vec<[u8; 8]>> = OnceLock::new();
    let font = FONT.get_or_init(render);
    let code = u32::from(c);
    let index = if (u32::from(FIRST)..u32::from(END)).contains(&code) {
        (code - u32::from(FIRST)) as usize
    } else {
        usize::from(END - 1 - FIRST)
    };
    font.get(index).copied().unwrap_or([0; 8])
}

/// The character whose glyph is exactly these columns, if any (blank is a space).
pub fn recognise(columns: [u8; 8]) -> Option<char> {
    (FIRST..END - 1)
        .map(char::from)
        .find(|&c| glyph(c) == columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_comes_from_framebuf() {
        assert_eq!(glyph(' '), [0; 8]);
        assert_ne!(glyph('A'), [0; 8]);
        assert_ne!(glyph('A'), glyph('B'));
        assert_eq!(recognise(glyph('x')), Some('x'));
        assert_eq!(recognise([0xff; 8]), None);
    }
}
