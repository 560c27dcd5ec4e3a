//! `Uart`: serial ports other than the console.

use super::HalError;

/// A UART's line settings, as `machine.UART(id, ...)` set them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UartConfig {
    pub id: u32,
    pub baudrate: u32,
    pub bits: u8,
    /// None, Some(0) even, Some(1) odd.
    pub parity: Option<u8>,
    pub stop: u8,
    pub tx: Option<u32>,
    pub rx: Option<u32>,
}

impl UartConfig {
    /// Microseconds one character takes on the wire (start + data + parity + stop bits).
    pub fn char_time_us(&self) -> u64 {
        let bits =
            1 + u64::from(self.bits) + u64::from(self.parity.is_some()) + u64::from(self.stop);
        (bits * 1_000_000).div_ceil(u64::from(self.baudrate.max(1)))
    }
}

/// A UART. Received bytes are buffered by the board; reads take what has arrived by `now_us`.
pub trait Uart {
    /// (Re)configures the port.
    fn uart_configure(&mut self, _now_us: u64, _config: &UartConfig) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }

    /// Queues `bytes` for sending; returns how many were accepted.
    fn uart_write(&mut self, _now_us: u64, _id: u32, _bytes: &[u8]) -> Result<usize, HalError> {
        Err(HalError::Unsupported)
    }

    /// Moves up to `buf.len()` received bytes into `buf`; returns the count (0: none yet).
    fn uart_read(&mut self, _now_us: u64, _id: u32, _buf: &mut [u8]) -> Result<usize, HalError> {
        Err(HalError::Unsupported)
    }

    /// How many received bytes are waiting.
    fn uart_any(&mut self, _now_us: u64, _id: u32) -> Result<usize, HalError> {
        Err(HalError::Unsupported)
    }
}
