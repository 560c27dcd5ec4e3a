//! The display check: a text line on an SSD1306 shows the expected characters, compared pixel
//! by pixel with the text drawn in framebuf's 8x8 font, and read back for the explanation.

use super::super::duration::show_time;
use super::super::font;
use super::super::record::{Frame, Recording};

/// The 8 columns of the character cell whose top-left corner is (x, y).
fn cell(frame: &Frame, x: u32, y: u32) -> [u8; 8] {
    let mut cols = [0u8; 8];
    for (dx, col) in cols.iter_mut().enumerate() {
        for dy in 0..8 {
            if frame.get(x + dx as u32, y + dy) {
                *col |= 1 << dy;
            }
        }
    }
    cols
}

/// What a text line of the display reads as, one character per 8-pixel cell from `x`, '?' for
/// a cell that is no character of the font; trailing blanks trimmed.
pub fn read_line(frame: &Frame, line: u32, x: u32) -> String {
    let mut text = String::new();
    let mut cx = x;
    while cx + 8 <= frame.width {
        text.push(font::recognise(cell(frame, cx, line * 8)).unwrap_or('?'));
        cx += 8;
    }
    text.trim_end().to_string()
}

pub fn judge(
    part: &str,
    line: u32,
    x: u32,
    text: &str,
    at_us: u64,
    rec: &Recording,
) -> Result<(), String> {
    let expected = format!(
        "expected {part} to show {text:?} on line {line} at {}",
        show_time(at_us)
    );
    if !rec.frames.contains_key(part) {
        return Err(format!(
            "{expected}, but {part} is not a display on this board"
        ));
    }
    let Some(frame) = rec.frame_at(part, at_us) else {
        return Err(format!("{expected}, but nothing had been drawn on it yet"));
    };
    let y = line * 8;
    let mut wrong = 0;
    let mut total = 0;
    for (i, c) in text.chars().enumerate() {
        let cx = x + 8 * i as u32;
        let want = font::glyph(c);
        let got = cell(frame, cx, y);
        for (w, g) in want.iter().zip(got.iter()) {
            wrong += (w ^ g).count_ones();
            total += 8;
        }
    }
    if wrong == 0 {
        return Ok(());
    }
    let shown = read_line(frame, line, x);
    let shown = if shown.trim().is_empty() {
        "that line is blank".to_string()
    } else if shown.contains('?') {
        format!("that line shows {shown:?} ('?' = not a letter of the font, such as graphics)")
    } else {
        format!("that line shows {shown:?}")
    };
    Err(format!(
        "{expected}, but {shown} ({wrong} of {total} pixels differ)"
    ))
}
