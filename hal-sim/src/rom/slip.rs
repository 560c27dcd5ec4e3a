//! SLIP framing as the ESP ROM loader uses it (esptool docs, serial-protocol.rst "Low Level
//! Protocol"): `0xC0` ends a frame, `0xDB 0xDC` stands for `0xC0` and `0xDB 0xDD` for `0xDB`.

const END: u8 = 0xC0;
const ESC: u8 = 0xDB;
const ESC_END: u8 = 0xDC;
const ESC_ESC: u8 = 0xDD;

/// Longest frame body kept: a FLASH_DATA block of 0x4000 bytes plus its header, with room to
/// spare. A longer one is dropped as the ROM's receive buffer would overflow.
pub const MAX_FRAME: usize = 0x4000 + 64;

/// What the decoder made of the bytes it was given.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// A complete frame body, unescaped.
    Frame(Vec<u8>),
    /// A frame that cannot be used: a bad escape sequence or too long.
    Bad(FrameError),
}

/// Why a frame was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// `0xDB` followed by something other than `0xDC`/`0xDD`.
    BadEscape(u8),
    /// More than [`MAX_FRAME`] bytes before the closing `0xC0`.
    TooLong,
}

impl core::fmt::Display for FrameError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            FrameError::BadEscape(b) => write!(f, "invalid SLIP escape 0xdb 0x{b:02x}"),
            FrameError::TooLong => write!(f, "SLIP frame longer than {MAX_FRAME} bytes"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between frames: bytes here are noise and ignored.
    Outside,
    Inside,
    Escape,
    /// The frame went bad: skip to its closing `0xC0`.
    Skipping,
}

/// A streaming SLIP decoder: feed it bytes as they arrive, in any chunks.
#[derive(Debug)]
pub struct Decoder {
    state: State,
    frame: Vec<u8>,
}

impl Default for Decoder {
    fn default() -> Decoder {
        Decoder::new()
    }
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder {
            state: State::Outside,
            frame: Vec::new(),
        }
    }

    /// Forgets any partial frame (a reset, or the host purged its buffers).
    pub fn clear(&mut self) {
        self.state = State::Outside;
        self.frame.clear();
    }

    /// Decodes one byte; returns a frame (or a bad frame) when `byte` ends one.
    pub fn push(&mut self, byte: u8) -> Option<Decoded> {
        match (self.state, byte) {
            (State::Outside, END) => {
                self.state = State::Inside;
                self.frame.clear();
            }
            (State::Outside, _) => {}
            // `C0 C0` between back-to-back frames: an empty frame is just a delimiter.
            (State::Inside, END) if self.frame.is_empty() => {}
            (State::Inside | State::Skipping, END) => {
                let skipping = self.state == State::Skipping;
                self.state = State::Outside;
                let frame = core::mem::take(&mut self.frame);
                if !skipping {
                    return Some(Decoded::Frame(frame));
                }
            }
            (State::Skipping, _) => {}
            (State::Inside, ESC) => self.state = State::Escape,
            (State::Inside, b) => return self.store(b),
            (State::Escape, ESC_END) => {
                self.state = State::Inside;
                return self.store(END);
            }
            (State::Escape, ESC_ESC) => {
                self.state = State::Inside;
                return self.store(ESC);
            }
            (State::Escape, b) => {
                self.state = if b == END {
                    State::Outside
                } else {
                    State::Skipping
                };
                self.frame.clear();
                return Some(Decoded::Bad(FrameError::BadEscape(b)));
            }
        }
        None
    }

    fn store(&mut self, byte: u8) -> Option<Decoded> {
        if self.frame.len() >= MAX_FRAME {
            self.state = State::Skipping;
            self.frame.clear();
            return Some(Decoded::Bad(FrameError::TooLong));
        }
        self.frame.push(byte);
        None
    }
}

/// Appends `body` to `out` as one SLIP frame.
pub fn encode(body: &[u8], out: &mut Vec<u8>) {
    out.reserve(body.len() + 2);
    out.push(END);
    for &b in body {
        match b {
            END => out.extend_from_slice(&[ESC, ESC_END]),
            ESC => out.extend_from_slice(&[ESC, ESC_ESC]),
            _ => out.push(b),
        }
    }
    out.push(END);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> Vec<Decoded> {
        let mut d = Decoder::new();
        bytes.iter().filter_map(|&b| d.push(b)).collect()
    }

    #[test]
    fn round_trips_the_special_bytes() {
        let body = [1, 0xC0, 2, 0xDB, 3, 0xDB, 0xDC];
        let mut wire = Vec::new();
        encode(&body, &mut wire);
        assert_eq!(
            wire,
            [
                0xC0, 1, 0xDB, 0xDC, 2, 0xDB, 0xDD, 3, 0xDB, 0xDD, 0xDC, 0xC0
            ]
        );
        assert_eq!(decode_all(&wire), [Decoded::Frame(body.to_vec())]);
    }

    #[test]
    fn noise_between_frames_and_doubled_delimiters_are_ignored() {
        let wire = [b'x', 0xC0, 0xC0, 5, 0xC0, b'y', 0xC0, 6, 7, 0xC0];
        assert_eq!(
            decode_all(&wire),
            [Decoded::Frame(vec![5]), Decoded::Frame(vec![6, 7])]
        );
    }

    #[test]
    fn a_bad_escape_drops_the_frame_and_the_next_one_decodes() {
        let wire = [0xC0, 1, 0xDB, 0x00, 2, 0xC0, 0xC0, 3, 0xC0];
        assert_eq!(
            decode_all(&wire),
            [
                Decoded::Bad(FrameError::BadEscape(0)),
                Decoded::Frame(vec![3])
            ]
        );
    }

    #[test]
    fn an_endless_frame_is_dropped() {
        let mut wire = vec![0xC0];
        wire.extend(std::iter::repeat_n(1u8, MAX_FRAME + 10));
        wire.extend([0xC0, 0xC0, 9, 0xC0]);
        assert_eq!(
            decode_all(&wire),
            [Decoded::Bad(FrameError::TooLong), Decoded::Frame(vec![9])]
        );
    }
}
