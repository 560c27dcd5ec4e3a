//! A 16x2 character LCD (HD44780) behind a PCF8574 I2C backpack, as on the common modules:
//! the expander's pins P0 RS, P1 RW, P2 E, P3 backlight, P4..P7 D4..D7. The controller latches
//! a nibble on each falling edge of E; it starts in 8-bit mode, so the usual 0x3, 0x3, 0x3, 0x2
//! wake-up sequence switches it to 4-bit mode (Hitachi HD44780U datasheet, figure 24). It
//! keeps DDRAM, CGRAM (custom characters), the cursor, entry mode, display control and
//! shifting, and shows the two 16-character lines (or a 20x4 module's four lines).

use super::I2cTarget;

const RS: u8 = 0x01;
const RW: u8 = 0x02;
const E: u8 = 0x04;
const BACKLIGHT: u8 = 0x08;

/// The 1602's size; [`Lcd1602::with_size`] makes a 2004 (20x4) or another.
pub const COLS: usize = 16;
pub const ROWS: usize = 2;
/// Each line of DDRAM holds 40 characters; line 2 starts at address 0x40.
const LINE_LEN: usize = 40;

#[derive(Clone, Debug)]
pub struct Lcd1602 {
    address: u8,
    cols: usize,
    rows: usize,
    /// The expander's output latch.
    port: u8,
    /// RS, RW, E and D0..D7 as last seen, so the falling edge of E can latch them.
    bus: (bool, bool, bool, u8),
    eight_bit: bool,
    /// The high nibble of a byte in 4-bit mode, waiting for the low one.
    high_nibble: Option<u8>,
    ddram: [u8; 0x80],
    cgram: [u8; 64],
    /// The address counter, and whether it points into CGRAM.
    ac: usize,
    in_cgram: bool,
    increment: bool,
    shift_display: bool,
    display_on: bool,
    cursor_on: bool,
    blink_on: bool,
    two_lines: bool,
    /// How far the display is shifted left, in characters (0..40).
    shift: usize,
}

impl Default for Lcd1602 {
    fn default() -> Self {
        Lcd1602::new(0x27)
    }
}

impl Lcd1602 {
    /// A display behind a backpack at `address` (0x27 on PCF8574T boards, 0x3F on PCF8574AT),
    /// in the state the controller's power-on reset leaves it.
    pub fn new(address: u8) -> Lcd1602 {
        Lcd1602::with_size(address, COLS, ROWS)
    }

    /// A `cols` x `rows` module (up to 40x4): lines 2 and 3 of a 4-line module continue lines 0
    /// and 1 in DDRAM, `cols` characters on, as the HD44780 wires them.
    pub fn with_size(address: u8, cols: usize, rows: usize) -> Lcd1602 {
        Lcd1602 {
            address,
            cols: cols.clamp(1, LINE_LEN),
            rows: rows.clamp(1, 4),
            port: 0xFF,
            bus: (true, true, true, 0xFF),
            eight_bit: true,
            high_nibble: None,
            ddram: [b' '; 0x80],
            cgram: [0; 64],
            ac: 0,
            in_cgram: false,
            increment: true,
            shift_display: false,
            display_on: false,
            cursor_on: false,
            blink_on: false,
            two_lines: false,
            shift: 0,
        }
    }

    pub fn backlight(&self) -> bool {
        self.port & BACKLIGHT != 0
    }

    pub fn display_on(&self) -> bool {
        self.display_on
    }

    pub fn cursor_on(&self) -> bool {
        self.cursor_on
    }

    pub fn blink_on(&self) -> bool {
        self.blink_on
    }

    pub fn four_bit(&self) -> bool {
        !self.eight_bit
    }

    /// The cursor as (column, row) on the DDRAM lines (before any display shift).
    pub fn cursor(&self) -> (usize, usize) {
        if self.ac >= 0x40 {
            (self.ac - 0x40, 1)
        } else {
            (self.ac, 0)
        }
    }

    pub fn size(&self) -> (usize, usize) {
        (self.cols, self.rows)
    }

    /// The character codes shown on `row`: blank when the display is off (or the row is
    /// beyond the module, or needs the 2-line mode the controller is not in).
    pub fn codes(&self, row: usize) -> Vec<u8> {
        let mut out = vec![b' '; self.cols];
        if !self.display_on || row >= self.rows || (row % 2 == 1 && !self.two_lines) {
            return out;
        }
        let base = if row % 2 == 1 { 0x40 } else { 0 };
        let start = if row >= 2 { self.cols } else { 0 };
        for (c, slot) in out.iter_mut().enumerate() {
            *slot = self.ddram[base + (start + c + self.shift) % LINE_LEN];
        }
        out
    }

    /// `row` as text in the A00 character ROM: ASCII, except 0x5C is '¥', 0x7E '→' and 0x7F
    /// '←'; custom characters (codes 0..15) show as U+0000..U+0007.
    pub fn line(&self, row: usize) -> String {
        self.codes(row)
            .iter()
            .map(|&c| match c {
                0x00..=0x0F => char::from(c & 7),
                0x5C => '¥',
                0x7E => '→',
                0x7F => '←',
                0x20..=0x7D => char::from(c),
                _ => '?',
            })
            .collect()
    }

    /// The 8 rows of custom character `n` (0..7), 5 bits each.
    pub fn glyph(&self, n: usize) -> [u8; 8] {
        let mut g = [0u8; 8];
        let base = (n % 8) * 8;
        g.copy_from_slice(&self.cgram[base..base + 8]);
        g
    }

    /// Moves the address counter one step in the entry mode's direction, wrapping as the
    /// controller does between the lines (0x27 -> 0x40 -> 0x67 -> 0x00 in 2-line mode).
    fn step(&mut self) {
        if self.in_cgram {
            self.ac = if self.increment {
                self.ac + 1
            } else {
                self.ac + 63
            } % 64;
            return;
        }
        self.ac = if self.two_lines {
            match (self.increment, self.ac) {
                (true, 0x27) => 0x40,
                (true, 0x67) => 0x00,
                (true, a) => a + 1,
                (false, 0x00) => 0x67,
                (false, 0x40) => 0x27,
                (false, a) => a - 1,
            }
        } else {
            match (self.increment, self.ac) {
                (true, 0x4F) => 0x00,
                (true, a) => a + 1,
                (false, 0x00) => 0x4F,
                (false, a) => a - 1,
            }
        };
    }

    fn shift_by(&mut self, right: bool) {
        self.shift = if right {
            (self.shift + LINE_LEN - 1) % LINE_LEN
        } else {
            (self.shift + 1) % LINE_LEN
        };
    }

    /// An instruction (RS low).
    pub fn instruction(&mut self, cmd: u8) {
        match cmd {
            0x01 => {
                self.ddram = [b' '; 0x80];
                self.ac = 0;
                self.in_cgram = false;
                self.shift = 0;
                self.increment = true;
            }
            0x02..=0x03 => {
                self.ac = 0;
                self.in_cgram = false;
                self.shift = 0;
            }
            0x04..=0x07 => {
                self.increment = cmd & 0x02 != 0;
                self.shift_display = cmd & 0x01 != 0;
            }
            0x08..=0x0F => {
                self.display_on = cmd & 0x04 != 0;
                self.cursor_on = cmd & 0x02 != 0;
                self.blink_on = cmd & 0x01 != 0;
            }
            0x10..=0x1F => {
                let right = cmd & 0x04 != 0;
                if cmd & 0x08 != 0 {
                    self.shift_by(right);
                } else {
                    let inc = self.increment;
                    self.increment = right;
                    let cg = core::mem::replace(&mut self.in_cgram, false);
                    self.step();
                    self.in_cgram = cg;
                    self.increment = inc;
                }
            }
            0x20..=0x3F => {
                self.eight_bit = cmd & 0x10 != 0;
                self.two_lines = cmd & 0x08 != 0;
                self.high_nibble = None;
            }
            0x40..=0x7F => {
                self.ac = usize::from(cmd & 0x3F);
                self.in_cgram = true;
            }
            0x80..=0xFF => {
                let a = usize::from(cmd & 0x7F);
                self.ac = if self.two_lines {
                    if a >= 0x40 {
                        0x40 + (a - 0x40).min(0x27)
                    } else {
                        a.min(0x27)
                    }
                } else {
                    a.min(0x4F)
                };
                self.in_cgram = false;
            }
            0x00 => {}
        }
    }

    /// A data byte (RS high): into DDRAM or CGRAM at the address counter.
    pub fn data(&mut self, byte: u8) {
        if self.in_cgram {
            self.cgram[self.ac % 64] = byte & 0x1F;
        } else if let Some(cell) = self.ddram.get_mut(self.ac) {
            *cell = byte;
        }
        self.step();
        if self.shift_display && !self.in_cgram {
            self.shift_by(!self.increment);
        }
    }

    /// A new value on the expander's pins: P3 is the backlight, the rest go to the controller
    /// (D4..D7 only: its D0..D3 are not wired, and read as 0).
    fn port_write(&mut self, value: u8) {
        self.port = value;
        self.pins(
            value & RS != 0,
            value & RW != 0,
            value & E != 0,
            value & 0xF0,
        );
    }

    /// The controller's own pins, as a module wired straight to GPIOs drives them (Wokwi's
    /// "full" pins): RS, RW, E and D0..D7 (bit n is Dn). The falling edge of E latches what RS,
    /// RW and the data lines held while it was high: a byte in 8-bit mode, a nibble (D4..D7) in
    /// 4-bit mode.
    pub fn pins(&mut self, rs: bool, rw: bool, e: bool, data: u8) {
        let held = core::mem::replace(&mut self.bus, (rs, rw, e, data));
        let (rs, rw, was_high, data) = held;
        if !was_high || e || rw {
            return;
        }
        let byte = if self.eight_bit {
            Some(data)
        } else if let Some(high) = self.high_nibble.take() {
            Some((high << 4) | (data >> 4))
        } else {
            self.high_nibble = Some(data >> 4);
            None
        };
        match byte {
            Some(b) if rs => self.data(b),
            Some(b) => self.instruction(b),
            None => {}
        }
    }
}

impl I2cTarget for Lcd1602 {
    fn address(&self) -> u8 {
        self.address
    }

    fn write(&mut self, _now_us: u64, bytes: &[u8]) -> bool {
        for &b in bytes {
            self.port_write(b);
        }
        true
    }

    fn read(&mut self, _now_us: u64, buf: &mut [u8]) {
        // The expander's pins: with RW and E high the controller drives D4..D7 (busy flag 0,
        // then the address counter); otherwise they read back as written.
        let mut v = self.port;
        if v & (RW | E) == RW | E {
            v &= 0x0F;
            v |= ((self.ac as u8) >> 4 & 0x07) << 4;
        }
        buf.fill(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends a byte as python_lcd's i2c_lcd does: high nibble then low, each with E pulsed.
    fn send(lcd: &mut Lcd1602, byte: u8, rs: bool) {
        let bl = BACKLIGHT;
        let r = if rs { RS } else { 0 };
        for nibble in [byte >> 4, byte & 0x0F] {
            let v = (nibble << 4) | bl | r;
            lcd.write(0, &[v | E, v]);
        }
    }

    fn init(lcd: &mut Lcd1602) {
        // The wake-up: three 8-bit function sets, then 4-bit.
        for n in [0x3, 0x3, 0x3, 0x2] {
            lcd.write(0, &[(n << 4) | E, n << 4]);
        }
        for cmd in [0x28, 0x08, 0x01, 0x06, 0x0C] {
            send(lcd, cmd, false);
        }
    }

    fn text(lcd: &mut Lcd1602, s: &str) {
        for b in s.bytes() {
            send(lcd, b, true);
        }
    }

    #[test]
    fn wakes_into_4_bit_mode_and_shows_two_lines() {
        let mut lcd = Lcd1602::default();
        init(&mut lcd);
        assert!(lcd.four_bit() && lcd.display_on() && !lcd.cursor_on());
        text(&mut lcd, "Hello, world!");
        send(&mut lcd, 0x80 | 0x40, false);
        text(&mut lcd, "Temp: 21.5 C");
        assert_eq!(lcd.line(0), "Hello, world!   ");
        assert_eq!(lcd.line(1), "Temp: 21.5 C    ");
        assert_eq!(lcd.cursor(), (12, 1));
        assert!(lcd.backlight());
        lcd.write(0, &[0x00]);
        assert!(!lcd.backlight());
    }

    #[test]
    fn clear_home_cursor_and_wrapping_follow_the_controller() {
        let mut lcd = Lcd1602::default();
        init(&mut lcd);
        text(&mut lcd, "abc");
        send(&mut lcd, 0x02, false);
        text(&mut lcd, "X");
        assert_eq!(&lcd.line(0)[..3], "Xbc");
        send(&mut lcd, 0x0F, false);
        assert!(lcd.cursor_on() && lcd.blink_on());
        send(&mut lcd, 0x01, false);
        assert_eq!(lcd.line(0), " ".repeat(16));
        // Past column 39 the address runs on into line 2.
        send(&mut lcd, 0x80 | 0x27, false);
        text(&mut lcd, "yz");
        assert_eq!(&lcd.line(1)[..1], "z");
        // Display off hides the text but keeps it.
        send(&mut lcd, 0x08, false);
        assert_eq!(lcd.line(1), " ".repeat(16));
        send(&mut lcd, 0x0C, false);
        assert_eq!(&lcd.line(1)[..1], "z");
    }

    #[test]
    fn a_2004_shows_four_lines_continuing_the_first_two() {
        let mut lcd = Lcd1602::with_size(0x27, 20, 4);
        init(&mut lcd);
        for (addr, s) in [
            (0x00, "row zero"),
            (0x40, "row one"),
            (0x14, "row two"),
            (0x54, "row three"),
        ] {
            send(&mut lcd, 0x80 | addr, false);
            text(&mut lcd, s);
        }
        let lines: Vec<String> = (0..4).map(|r| lcd.line(r).trim_end().to_string()).collect();
        assert_eq!(lines, ["row zero", "row one", "row two", "row three"]);
        assert_eq!(lcd.size(), (20, 4));
        assert_eq!(lcd.line(0).chars().count(), 20);
    }

    #[test]
    fn gpio_wiring_in_8_bit_mode_latches_whole_bytes() {
        let mut lcd = Lcd1602::default();
        let byte = |lcd: &mut Lcd1602, rs: bool, b: u8| {
            lcd.pins(rs, false, true, b);
            lcd.pins(rs, false, false, b);
        };
        // Function set: 8-bit, 2 lines; display on; clear; then text.
        for cmd in [0x38, 0x0C, 0x01, 0x06] {
            byte(&mut lcd, false, cmd);
        }
        for b in *b"8-bit" {
            byte(&mut lcd, true, b);
        }
        assert!(!lcd.four_bit());
        assert_eq!(lcd.line(0), "8-bit           ");
        // RW high is a read: nothing is written.
        lcd.pins(true, true, true, b'X');
        lcd.pins(true, true, false, b'X');
        assert_eq!(lcd.line(0), "8-bit           ");
    }

    #[test]
    fn custom_characters_and_shifts() {
        let mut lcd = Lcd1602::default();
        init(&mut lcd);
        let heart = [0x00, 0x0A, 0x1F, 0x1F, 0x0E, 0x04, 0x00, 0x00];
        send(&mut lcd, 0x40 | (1 << 3), false);
        for row in heart {
            send(&mut lcd, row, true);
        }
        send(&mut lcd, 0x80, false);
        send(&mut lcd, 1, true);
        text(&mut lcd, "ok\\~");
        assert_eq!(lcd.glyph(1), heart);
        assert_eq!(lcd.codes(0)[0], 1);
        assert_eq!(lcd.line(0), "\u{1}ok¥→           ");
        // Shift the display left once: column 0 now shows DDRAM 1.
        send(&mut lcd, 0x18, false);
        assert_eq!(&lcd.line(0)[..2], "ok");
    }
}
