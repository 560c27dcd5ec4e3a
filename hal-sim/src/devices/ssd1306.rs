//! An SSD1306 128x64 OLED controller over I2C or 4-wire SPI: the command set (addressing
//! modes, column/page ranges, contrast, inversion, display on/off, remapping, start line,
//! multiplex) and its 1 KiB of display RAM, with the pixels a viewer sees readable
//! (Solomon Systech SSD1306 datasheet rev. 1.1, section 10).

use super::{I2cTarget, SpiTarget};

pub const WIDTH: usize = 128;
pub const HEIGHT: usize = 64;
const PAGES: usize = HEIGHT / 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Addressing {
    Horizontal,
    Vertical,
    Page,
}

/// What the next I2C byte is, within a transaction (datasheet 8.1.5.2: a control byte with
/// Co and D/C#, then one byte if Co is set, else a stream).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum I2cState {
    Control,
    One { data: bool },
    Stream { data: bool },
}

#[derive(Clone, Debug)]
pub struct Ssd1306 {
    address: u8,
    ram: [[u8; WIDTH]; PAGES],
    addressing: Addressing,
    col: usize,
    page: usize,
    col_range: (usize, usize),
    page_range: (usize, usize),
    contrast: u8,
    inverted: bool,
    display_on: bool,
    entire_on: bool,
    segment_remap: bool,
    com_remap: bool,
    start_line: usize,
    offset: usize,
    multiplex: usize,
    charge_pump: bool,
    /// A command waiting for its argument bytes.
    pending: Vec<u8>,
    i2c: I2cState,
    commands: u64,
}

impl Default for Ssd1306 {
    fn default() -> Self {
        Ssd1306::new(0x3C)
    }
}

impl Ssd1306 {
    /// A display at I2C address `address` (0x3C or 0x3D), in its reset state.
    pub fn new(address: u8) -> Ssd1306 {
        Ssd1306 {
            address,
            ram: [[0; WIDTH]; PAGES],
            addressing: Addressing::Page,
            col: 0,
            page: 0,
            col_range: (0, WIDTH - 1),
            page_range: (0, PAGES - 1),
            contrast: 0x7F,
            inverted: false,
            display_on: false,
            entire_on: false,
            segment_remap: false,
            com_remap: false,
            start_line: 0,
            offset: 0,
            multiplex: HEIGHT - 1,
            charge_pump: false,
            pending: Vec::new(),
            i2c: I2cState::Control,
            commands: 0,
        }
    }

    /// The RES# pin: back to the reset state (RAM keeps its contents, as on the chip).
    pub fn reset(&mut self) {
        let ram = self.ram;
        *self = Ssd1306 {
            ram,
            ..Ssd1306::new(self.address)
        };
    }

    pub fn display_on(&self) -> bool {
        self.display_on
    }

    pub fn contrast(&self) -> u8 {
        self.contrast
    }

    pub fn inverted(&self) -> bool {
        self.inverted
    }

    pub fn addressing(&self) -> Addressing {
        self.addressing
    }

    pub fn charge_pump(&self) -> bool {
        self.charge_pump
    }

    /// How many commands it has executed.
    pub fn commands(&self) -> u64 {
        self.commands
    }

    /// The display RAM: 8 pages of 128 column bytes, bit 0 the page's top row.
    pub fn ram(&self) -> &[[u8; WIDTH]; PAGES] {
        &self.ram
    }

    /// Whether RAM bit (column, row) is set, ignoring how it is shown.
    pub fn ram_pixel(&self, col: usize, row: usize) -> bool {
        self.ram
            .get(row / 8)
            .and_then(|p| p.get(col))
            .is_some_and(|b| (b >> (row % 8)) & 1 == 1)
    }

    /// Whether the pixel a viewer sees at (x, y), top-left origin, is lit. The glass is mounted
    /// so that MicroPython's driver (segment remap 0xA1, COM scan 0xC8) shows RAM column 0 and
    /// row 0 at the top left.
    pub fn pixel(&self, x: usize, y: usize) -> bool {
        if !self.display_on || x >= WIDTH || y >= HEIGHT {
            return false;
        }
        // The row driver for y, then the RAM row it shows (start line and offset scroll it).
        let com = if self.com_remap { y } else { HEIGHT - 1 - y };
        if com > self.multiplex {
            return false;
        }
        if self.entire_on {
            return true;
        }
        let row = (com + self.start_line + self.offset) % HEIGHT;
        let col = if self.segment_remap { x } else { WIDTH - 1 - x };
        self.ram_pixel(col, row) != self.inverted
    }

    /// The screen as text, `#` lit and `.` dark, one line per row.
    pub fn render(&self) -> String {
        let mut s = String::with_capacity((WIDTH + 1) * HEIGHT);
        for y in 0..HEIGHT {
            s.extend((0..WIDTH).map(|x| if self.pixel(x, y) { '#' } else { '.' }));
            s.push('\n');
        }
        s
    }

    /// How many argument bytes follow command `cmd`.
    fn arguments(cmd: u8) -> usize {
        match cmd {
            0x81 | 0x20 | 0xA8 | 0xAD | 0xD3 | 0xD5 | 0xD9 | 0xDA | 0xDB | 0x8D => 1,
            0x21 | 0x22 | 0xA3 => 2,
            0x29 | 0x2A => 5,
            0x26 | 0x27 => 6,
            _ => 0,
        }
    }

    /// One command byte (or an argument of the pending one).
    pub fn command(&mut self, byte: u8) {
        self.pending.push(byte);
        if self.pending.len() <= Self::arguments(self.pending[0]) {
            return;
        }
        let c = core::mem::take(&mut self.pending);
        self.commands += 1;
        let arg = |i: usize| usize::from(c[i]);
        match c[0] {
            0x00..=0x0F => self.col = (self.col & 0xF0) | arg(0) & 0x0F,
            0x10..=0x1F => self.col = ((arg(0) & 0x07) << 4) | (self.col & 0x0F),
            0x20 => {
                self.addressing = match c[1] & 3 {
                    0 => Addressing::Horizontal,
                    1 => Addressing::Vertical,
                    _ => Addressing::Page,
                }
            }
            0x21 => {
                self.col_range = (arg(1) & 0x7F, arg(2) & 0x7F);
                self.col = self.col_range.0;
            }
            0x22 => {
                self.page_range = (arg(1) & 7, arg(2) & 7);
                self.page = self.page_range.0;
            }
            0x40..=0x7F => self.start_line = arg(0) & 0x3F,
            0x81 => self.contrast = c[1],
            0x8D => self.charge_pump = c[1] & 0x04 != 0,
            0xA0 | 0xA1 => self.segment_remap = c[0] == 0xA1,
            0xA4 | 0xA5 => self.entire_on = c[0] == 0xA5,
            0xA6 | 0xA7 => self.inverted = c[0] == 0xA7,
            0xA8 => self.multiplex = (arg(1) & 0x3F).max(15),
            0xAE | 0xAF => self.display_on = c[0] == 0xAF,
            0xB0..=0xB7 => self.page = arg(0) & 7,
            0xC0..=0xCF => self.com_remap = c[0] & 0x08 != 0,
            0xD3 => self.offset = arg(1) & 0x3F,
            // Clock, pre-charge, COM pins, VCOMH, scrolling and NOP change nothing drawn here.
            _ => {}
        }
    }

    /// One byte of display data at the current address, which then advances.
    pub fn data(&mut self, byte: u8) {
        if let Some(cell) = self
            .ram
            .get_mut(self.page)
            .and_then(|p| p.get_mut(self.col))
        {
            *cell = byte;
        }
        let (c0, c1) = self.col_range;
        let (p0, p1) = self.page_range;
        match self.addressing {
            Addressing::Page => self.col = (self.col + 1).min(WIDTH - 1),
            Addressing::Horizontal => {
                if self.col >= c1 {
                    self.col = c0;
                    self.page = if self.page >= p1 { p0 } else { self.page + 1 };
                } else {
                    self.col += 1;
                }
            }
            Addressing::Vertical => {
                if self.page >= p1 {
                    self.page = p0;
                    self.col = if self.col >= c1 { c0 } else { self.col + 1 };
                } else {
                    self.page += 1;
                }
            }
        }
    }
}

impl I2cTarget for Ssd1306 {
    fn address(&self) -> u8 {
        self.address
    }

    fn start(&mut self, _now_us: u64, _read: bool) {
        self.i2c = I2cState::Control;
    }

    fn write(&mut self, _now_us: u64, bytes: &[u8]) -> bool {
        for &b in bytes {
            self.i2c = match self.i2c {
                I2cState::Control => {
                    let data = b & 0x40 != 0;
                    if b & 0x80 != 0 {
                        I2cState::One { data }
                    } else {
                        I2cState::Stream { data }
                    }
                }
                I2cState::One { data } | I2cState::Stream { data } => {
                    if data {
                        self.data(b);
                    } else {
                        self.command(b);
                    }
                    match self.i2c {
                        I2cState::One { .. } => I2cState::Control,
                        other => other,
                    }
                }
            };
        }
        true
    }

    fn read(&mut self, _now_us: u64, buf: &mut [u8]) {
        // The status byte: bit 6 set while the display is off.
        buf.fill(if self.display_on { 0x00 } else { 0x40 });
    }

    fn stop(&mut self) {
        self.i2c = I2cState::Control;
    }
}

impl SpiTarget for Ssd1306 {
    fn transfer(&mut self, _now_us: u64, dc: bool, buf: &mut [u8]) {
        for b in buf.iter_mut() {
            if dc {
                self.data(*b);
            } else {
                self.command(*b);
            }
            // Nothing comes back: the SSD1306 has no MISO in 4-wire mode.
            *b = 0xFF;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MicroPython's ssd1306.py init_display() for 128x64, sent as it sends it.
    const INIT: &[u8] = &[
        0xAE, 0x20, 0x00, 0x40, 0xA1, 0xA8, 63, 0xC8, 0xD3, 0x00, 0xDA, 0x12, 0xD5, 0x80, 0xD9,
        0xF1, 0xDB, 0x30, 0x81, 0xFF, 0xA4, 0xA6, 0x8D, 0x14, 0xAF,
    ];

    fn i2c_command(d: &mut Ssd1306, cmd: u8) {
        d.start(0, false);
        d.write(0, &[0x80, cmd]);
        d.stop();
    }

    fn show(d: &mut Ssd1306, data: &[u8]) {
        for c in [0x21, 0, 127, 0x22, 0, 7] {
            i2c_command(d, c);
        }
        d.start(0, false);
        let mut frame = vec![0x40];
        frame.extend_from_slice(data);
        d.write(0, &frame);
        d.stop();
    }

    fn ready() -> Ssd1306 {
        let mut d = Ssd1306::new(0x3C);
        for &c in INIT {
            i2c_command(&mut d, c);
        }
        d
    }

    #[test]
    fn micropythons_init_and_show_put_ram_origin_at_the_top_left() {
        let mut d = ready();
        // 25 bytes, 16 commands with their arguments.
        assert_eq!(d.commands(), 16);
        assert!(d.display_on());
        assert_eq!(d.contrast(), 0xFF);
        assert_eq!(d.addressing(), Addressing::Horizontal);
        assert!(d.charge_pump());
        let mut data = vec![0u8; 1024];
        data[0] = 0x01; // (0, 0)
        data[127] = 0x80; // (127, 7)
        data[128 + 5] = 0x02; // (5, 9)
        data[1023] = 0x80; // (127, 63)
        show(&mut d, &data);
        let lit: Vec<(usize, usize)> = (0..HEIGHT)
            .flat_map(|y| (0..WIDTH).map(move |x| (x, y)))
            .filter(|&(x, y)| d.pixel(x, y))
            .collect();
        assert_eq!(lit, vec![(0, 0), (127, 7), (5, 9), (127, 63)]);
    }

    #[test]
    fn contrast_invert_and_power_change_what_is_seen() {
        let mut d = ready();
        show(&mut d, &[0u8; 1024]);
        i2c_command(&mut d, 0xA7);
        assert!(d.pixel(10, 10));
        i2c_command(&mut d, 0xA6);
        assert!(!d.pixel(10, 10));
        i2c_command(&mut d, 0x81);
        i2c_command(&mut d, 0x20);
        assert_eq!(d.contrast(), 0x20);
        i2c_command(&mut d, 0xA5);
        assert!(d.pixel(3, 3));
        i2c_command(&mut d, 0xA4);
        i2c_command(&mut d, 0xAE);
        assert!(!d.display_on());
        assert!(d.render().chars().all(|c| c != '#'));
    }

    #[test]
    fn page_and_vertical_addressing_walk_the_ram_their_way() {
        let mut d = ready();
        // Page mode: page 2, column 0x15 via the nibble commands, two bytes.
        for c in [0x20, 0x02, 0xB2, 0x05, 0x11] {
            i2c_command(&mut d, c);
        }
        d.start(0, false);
        d.write(0, &[0x40, 0xFF, 0x0F]);
        d.stop();
        assert_eq!(d.ram()[2][0x15], 0xFF);
        assert_eq!(d.ram()[2][0x16], 0x0F);
        // Vertical mode over columns 10..11, pages 0..1: down a column, then the next.
        for c in [0x20, 0x01, 0x21, 10, 11, 0x22, 0, 1] {
            i2c_command(&mut d, c);
        }
        d.start(0, false);
        d.write(0, &[0x40, 1, 2, 3, 4, 5]);
        d.stop();
        assert_eq!([d.ram()[1][10], d.ram()[0][11], d.ram()[1][11]], [2, 3, 4]);
        // The fifth byte wrapped to the start of the window, over the first.
        assert_eq!(d.ram()[0][10], 5);
    }

    #[test]
    fn spi_takes_commands_and_data_by_the_dc_pin() {
        let mut d = Ssd1306::default();
        let mut init = INIT.to_vec();
        d.transfer(0, false, &mut init);
        assert!(d.display_on());
        let mut cmds = [0x21, 0, 127, 0x22, 0, 7];
        d.transfer(0, false, &mut cmds);
        let mut data = [0x81];
        d.transfer(0, true, &mut data);
        assert!(d.pixel(0, 0) && d.pixel(0, 7) && !d.pixel(0, 1));
        d.reset();
        assert!(!d.display_on());
        assert_eq!(d.ram()[0][0], 0x81);
    }
}
