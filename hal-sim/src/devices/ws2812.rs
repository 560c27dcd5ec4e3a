//! A chain of WS2812 (NeoPixel) LEDs: a strip, a ring or a single pixel. It decodes the
//! bitstream as the chip does (a bit is 1 when its high pulse outlasts the sampling point),
//! keeps 3 bytes a pixel in G, R, B order and passes the rest down the chain; a low gap of at
//! least 50 µs latches the frame and the next burst starts again at the first pixel
//! (WS2812B datasheet, Worldsemi, rev. 5).

use super::{BitTiming, BitstreamTarget};

/// The chip samples the line about this long after a rising edge: a longer high pulse is a 1.
const SAMPLE_NS: u32 = 600;
/// A low line this long resets the chain (the datasheet's RES ≥ 50 µs).
const RESET_US: u64 = 50;
/// The datasheet's pulse widths and tolerance, in ns.
const T0H_NS: u32 = 400;
const T1H_NS: u32 = 800;
const T0L_NS: u32 = 850;
const T1L_NS: u32 = 450;
const TOLERANCE_NS: u32 = 150;

/// What was wrong with a bitstream's timing, as a WS2812 would see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimingIssue {
    pub timing: BitTiming,
}

impl core::fmt::Display for TimingIssue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let t = self.timing;
        write!(
            f,
            "bit timing ({}, {}, {}, {}) ns is outside WS2812's ({}, {}, {}, {}) ± {} ns",
            t.t0h_ns, t.t0l_ns, t.t1h_ns, t.t1l_ns, T0H_NS, T0L_NS, T1H_NS, T1L_NS, TOLERANCE_NS
        )
    }
}

/// `count` WS2812 pixels in a chain.
#[derive(Clone, Debug)]
pub struct Ws2812Chain {
    /// (r, g, b) of each pixel, as latched.
    pixels: Vec<(u8, u8, u8)>,
    /// Bytes received since the last reset, G, R, B per pixel.
    shift: Vec<u8>,
    /// When the last burst ended, in µs.
    line_low_since_us: Option<u64>,
    timing_issue: Option<TimingIssue>,
    frames: u64,
}

impl Ws2812Chain {
    pub fn new(count: usize) -> Ws2812Chain {
        Ws2812Chain {
            pixels: vec![(0, 0, 0); count],
            shift: Vec::with_capacity(count * 3),
            line_low_since_us: None,
            timing_issue: None,
            frames: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.pixels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pixels.is_empty()
    }

    /// The colour pixel `i` shows as (r, g, b), or None past the end of the chain.
    pub fn pixel(&self, i: usize) -> Option<(u8, u8, u8)> {
        self.pixels.get(i).copied()
    }

    /// Every pixel's (r, g, b).
    pub fn pixels(&self) -> &[(u8, u8, u8)] {
        &self.pixels
    }

    /// The last bitstream whose timing a WS2812 would not accept, if any.
    pub fn timing_issue(&self) -> Option<TimingIssue> {
        self.timing_issue
    }

    /// How many bursts have started a new frame (after a reset gap).
    pub fn frames(&self) -> u64 {
        self.frames
    }

    fn timing_ok(t: BitTiming) -> bool {
        let near = |v: u32, want: u32| v.abs_diff(want) <= TOLERANCE_NS;
        near(t.t0h_ns, T0H_NS)
            && near(t.t1h_ns, T1H_NS)
            && near(t.t0l_ns, T0L_NS)
            && near(t.t1l_ns, T1L_NS)
    }

    /// The byte the chip reads when `byte` is sent with `t`: zeros with a long high pulse read
    /// as ones, ones with a short one as zeros.
    fn decode(t: BitTiming, byte: u8) -> u8 {
        let zero = if t.t0h_ns > SAMPLE_NS { 0xff } else { 0 };
        let one = if t.t1h_ns > SAMPLE_NS { 0xff } else { 0 };
        (byte & one) | (!byte & zero)
    }

    /// Shows the bytes received so far: each complete G, R, B triple becomes a pixel.
    fn latch(&mut self) {
        for (pixel, grb) in self.pixels.iter_mut().zip(self.shift.chunks_exact(3)) {
            *pixel = (grb[1], grb[0], grb[2]);
        }
    }
}

impl BitstreamTarget for Ws2812Chain {
    fn receive(&mut self, now_us: u64, timing: BitTiming, bytes: &[u8]) -> usize {
        let reset = self
            .line_low_since_us
            .is_none_or(|since| now_us.saturating_sub(since) >= RESET_US);
        if reset {
            self.shift.clear();
            self.frames += 1;
        }
        if !Self::timing_ok(timing) {
            self.timing_issue = Some(timing.into());
        }
        let room = self.pixels.len() * 3 - self.shift.len();
        let kept = room.min(bytes.len());
        self.shift
            .extend(bytes[..kept].iter().map(|b| Self::decode(timing, *b)));
        // The chip shows a frame when the line goes quiet; the bus calls us again only for the
        // next burst, so latch now: a gap that turns out shorter than a reset just continues.
        self.latch();
        let took_us = timing.duration_ns(bytes).div_ceil(1000);
        self.line_low_since_us = Some(now_us.saturating_add(took_us));
        kept
    }
}

impl From<BitTiming> for TimingIssue {
    fn from(timing: BitTiming) -> TimingIssue {
        TimingIssue { timing }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_grb_and_passes_the_rest_down_the_chain() {
        let mut ring = Ws2812Chain::new(2);
        let bytes = [0x10, 0x20, 0x30, 0x01, 0x02, 0x03, 0xAA, 0xBB, 0xCC];
        let kept = ring.receive(0, BitTiming::WS2812_800KHZ, &bytes);
        assert_eq!(kept, 6);
        assert_eq!(ring.pixel(0), Some((0x20, 0x10, 0x30)));
        assert_eq!(ring.pixel(1), Some((0x02, 0x01, 0x03)));
        assert_eq!(ring.pixel(2), None);
        assert_eq!(ring.timing_issue(), None);
        let mut next = Ws2812Chain::new(1);
        next.receive(0, BitTiming::WS2812_800KHZ, &bytes[kept..]);
        assert_eq!(next.pixel(0), Some((0xBB, 0xAA, 0xCC)));
    }

    #[test]
    fn a_short_gap_continues_the_frame_and_a_reset_gap_starts_over() {
        let mut strip = Ws2812Chain::new(2);
        let t = BitTiming::WS2812_800KHZ;
        strip.receive(0, t, &[1, 2, 3]);
        // 3 bytes take 30 µs; 10 µs later is no reset: this is the second pixel.
        strip.receive(40, t, &[4, 5, 6]);
        assert_eq!(strip.pixels(), &[(2, 1, 3), (5, 4, 6)]);
        assert_eq!(strip.frames(), 1);
        strip.receive(1000, t, &[7, 8, 9]);
        assert_eq!(strip.pixels(), &[(8, 7, 9), (5, 4, 6)]);
        assert_eq!(strip.frames(), 2);
    }

    #[test]
    fn slow_400khz_timing_is_flagged_and_reads_zeros_as_ones() {
        let mut px = Ws2812Chain::new(1);
        let slow = BitTiming {
            t0h_ns: 800,
            t0l_ns: 1700,
            t1h_ns: 1600,
            t1l_ns: 900,
        };
        px.receive(0, slow, &[0x00, 0x0F, 0xF0]);
        assert_eq!(px.pixel(0), Some((0xFF, 0xFF, 0xFF)));
        let issue = px.timing_issue().map(|i| i.to_string()).unwrap_or_default();
        assert!(issue.contains("(800, 1700, 1600, 900)"), "{issue}");
    }
}
