//! Pixel formats and the geometry of a frame buffer: where pixel (x, y) lives in the bytes, as
//! MicroPython's extmod/modframebuf.c lays them out, so a buffer drawn here can be sent to the
//! same displays.

/// MicroPython's format numbers (`framebuf.MONO_VLSB`...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One bit a pixel, a byte is a column of 8 rows, LSB at the top (SSD1306 pages).
    MonoVlsb = 0,
    /// Two bytes a pixel, little-endian 5-6-5.
    Rgb565 = 1,
    /// Four bits a pixel, the left pixel of a byte in its high nibble.
    Gs4Hmsb = 2,
    /// One bit a pixel, a byte is a row of 8 columns, MSB at the left.
    MonoHlsb = 3,
    /// One bit a pixel, a byte is a row of 8 columns, LSB at the left.
    MonoHmsb = 4,
    /// Two bits a pixel, the left pixel of a byte in its low bits.
    Gs2Hmsb = 5,
    /// One byte a pixel.
    Gs8 = 6,
}

impl Format {
    pub fn from_code(code: i64) -> Option<Format> {
        Some(match code {
            0 => Format::MonoVlsb,
            1 => Format::Rgb565,
            2 => Format::Gs4Hmsb,
            3 => Format::MonoHlsb,
            4 => Format::MonoHmsb,
            5 => Format::Gs2Hmsb,
            6 => Format::Gs8,
            _ => return None,
        })
    }
}

/// Why a buffer cannot hold a frame: MicroPython raises `ValueError('invalid format')` for the
/// first and a bare `ValueError` for the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutError {
    InvalidFormat,
    /// Width or height below 1 or above 65535, or a stride narrower than the width.
    BadDimensions,
    BufferTooSmall,
}

/// The shape of a frame: size, row stride (in pixels) and format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub width: i64,
    pub height: i64,
    pub stride: i64,
    pub format: Format,
}

impl Layout {
    /// Checks a frame against a buffer of `buf_len` bytes as `FrameBuffer()` does. Horizontal
    /// formats round the stride up to whole bytes; MONO_VLSB needs whole 8-row pages.
    pub fn new(
        width: i64,
        height: i64,
        format: i64,
        stride: i64,
        buf_len: usize,
    ) -> Result<Layout, LayoutError> {
        if !(1..=0xffff).contains(&width)
            || !(1..=0xffff).contains(&height)
            || stride > 0xffff
            || stride < width
        {
            return Err(LayoutError::BadDimensions);
        }
        let format = Format::from_code(format).ok_or(LayoutError::InvalidFormat)?;
        let mut rows = height;
        let (stride, bits) = match format {
            Format::MonoVlsb => {
                rows = (height + 7) & !7;
                (stride, 1)
            }
            Format::MonoHlsb | Format::MonoHmsb => ((stride + 7) & !7, 1),
            Format::Gs2Hmsb => ((stride + 3) & !3, 2),
            Format::Gs4Hmsb => ((stride + 1) & !1, 4),
            Format::Gs8 => (stride, 8),
            Format::Rgb565 => (stride, 16),
        };
        if rows * stride * bits / 8 > buf_len as i64 {
            return Err(LayoutError::BufferTooSmall);
        }
        Ok(Layout {
            width,
            height,
            stride,
            format,
        })
    }

    fn contains(&self, x: i64, y: i64) -> bool {
        (0..self.width).contains(&x) && (0..self.height).contains(&y)
    }
}

/// A frame over its bytes. Reads and writes outside the bytes (a bytearray shrunk after the
/// frame was made) read 0 and are dropped, where C would touch freed memory.
pub struct Pixels<B> {
    pub layout: Layout,
    pub buf: B,
}

impl<B: AsRef<[u8]>> Pixels<B> {
    fn byte(&self, i: i64) -> u32 {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.buf.as_ref().get(i))
            .map_or(0, |b| u32::from(*b))
    }

    /// The colour at (x, y), which must be inside the frame.
    pub fn get(&self, x: i64, y: i64) -> u32 {
        let l = &self.layout;
        match l.format {
            Format::MonoVlsb => (self.byte((y >> 3) * l.stride + x) >> (y & 7)) & 1,
            Format::MonoHlsb | Format::MonoHmsb => {
                let shift = mono_shift(l.format, x);
                (self.byte((x + y * l.stride) >> 3) >> shift) & 1
            }
            Format::Rgb565 => {
                let i = (x + y * l.stride) * 2;
                self.byte(i) | (self.byte(i + 1) << 8)
            }
            Format::Gs2Hmsb => (self.byte((x + y * l.stride) >> 2) >> ((x & 3) << 1)) & 3,
            Format::Gs4Hmsb => {
                let b = self.byte((x + y * l.stride) >> 1);
                if x & 1 == 1 { b & 0x0f } else { b >> 4 }
            }
            Format::Gs8 => self.byte(x + y * l.stride),
        }
    }

    /// The colour at (x, y), or None outside the frame.
    pub fn get_checked(&self, x: i64, y: i64) -> Option<u32> {
        self.layout.contains(x, y).then(|| self.get(x, y))
    }
}

/// Where pixel x sits in a byte of a horizontal mono format.
fn mono_shift(format: Format, x: i64) -> i64 {
    if format == Format::MonoHmsb {
        x & 7
    } else {
        7 - (x & 7)
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Pixels<B> {
    fn update(&mut self, i: i64, mask: u8, bits: u8) {
        if let Ok(i) = usize::try_from(i)
            && let Some(b) = self.buf.as_mut().get_mut(i)
        {
            *b = (*b & !mask) | (bits & mask);
        }
    }

    /// Sets (x, y), which must be inside the frame, to `c` cut to the format's width.
    pub fn set(&mut self, x: i64, y: i64, c: u32) {
        let l = self.layout;
        let on = if c != 0 { 0xff } else { 0 };
        match l.format {
            Format::MonoVlsb => self.update((y >> 3) * l.stride + x, 1 << (y & 7), on),
            Format::MonoHlsb | Format::MonoHmsb => {
                let shift = mono_shift(l.format, x);
                self.update((x + y * l.stride) >> 3, 1 << shift, on);
            }
            Format::Rgb565 => {
                let i = (x + y * l.stride) * 2;
                self.update(i, 0xff, c as u8);
                self.update(i + 1, 0xff, (c >> 8) as u8);
            }
            Format::Gs2Hmsb => {
                let shift = (x & 3) << 1;
                self.update(
                    (x + y * l.stride) >> 2,
                    3 << shift,
                    ((c & 3) << shift) as u8,
                );
            }
            Format::Gs4Hmsb => {
                let i = (x + y * l.stride) >> 1;
                if x & 1 == 1 {
                    self.update(i, 0x0f, (c & 0x0f) as u8);
                } else {
                    self.update(i, 0xf0, (c << 4) as u8);
                }
            }
            Format::Gs8 => self.update(x + y * l.stride, 0xff, c as u8),
        }
    }

    /// Sets (x, y) if it is inside the frame.
    pub fn set_checked(&mut self, x: i64, y: i64, c: u32) {
        if self.layout.contains(x, y) {
            self.set(x, y, c);
        }
    }

    /// Fills a rectangle clipped to the frame (nothing for an empty or negative size).
    pub fn fill_rect(&mut self, x: i64, y: i64, w: i64, h: i64, c: u32) {
        let l = self.layout;
        if w < 1 || h < 1 || x.saturating_add(w) <= 0 || y.saturating_add(h) <= 0 {
            return;
        }
        if x >= l.width || y >= l.height {
            return;
        }
        let x_end = l.width.min(x.saturating_add(w));
        let y_end = l.height.min(y.saturating_add(h));
        for yy in y.max(0)..y_end {
            for xx in x.max(0)..x_end {
                self.set(xx, yy, c);
            }
        }
    }
}
