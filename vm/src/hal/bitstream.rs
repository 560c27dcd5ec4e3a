//! `Bitstream` (NeoPixel-style timed bits, the ESP32's RMT) and `Dht` (the DHT11/22 one-wire
//! read `machine.dht_readinto` does).

use super::{HalError, Timed};

pub trait Bitstream {
    /// Sends `bytes` MSB first on `pin`: a 0 bit is high `timing_ns[0]` then low `timing_ns[1]`,
    /// a 1 bit high `timing_ns[2]` then low `timing_ns[3]` (`machine.bitstream(pin, 0, timing,
    /// buf)`). Returns how long the transmission took.
    fn bitstream(
        &mut self,
        _now_us: u64,
        _pin: u32,
        _timing_ns: [u32; 4],
        _bytes: &[u8],
    ) -> Result<Timed<()>, HalError> {
        Err(HalError::Unsupported)
    }
}

pub trait Dht {
    /// Starts a DHT reading on `pin` (host low 18 ms, release) and fills `buf` with the 5 bytes
    /// the sensor sends. `Timeout` when no sensor answers. Returns how long it took.
    fn dht_readinto(
        &mut self,
        _now_us: u64,
        _pin: u32,
        _buf: &mut [u8; 5],
    ) -> Result<Timed<()>, HalError> {
        Err(HalError::Unsupported)
    }
}
