//! `I2c` and `Spi`: byte-level bus transfers. A bus is named by its pins (and the controller id
//! `machine` chose, -1 for a bit-banged one), so a simulated board can route the transfer to the
//! devices wired to those nets and a chip can pick its peripheral.

use super::HalError;

/// One I2C bus as `machine.I2C(id, scl=, sda=, freq=, timeout=)` set it up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I2cBus {
    /// Controller number, or -1 for SoftI2C.
    pub id: i32,
    pub scl: u32,
    pub sda: u32,
    pub freq_hz: u32,
    /// How long a device may stretch the clock before `Timeout`, in microseconds.
    pub timeout_us: u32,
}

/// I2C controller. `addr` is the 7-bit address.
pub trait I2c {
    /// Start (or repeated start), address for writing, then `bytes`; a stop after if `stop`.
    /// Returns how many data bytes were acknowledged (a device may NACK part of a write).
    /// `NoAck` when nobody acknowledged the address; `Timeout` when the bus hung.
    fn i2c_write(
        &mut self,
        _now_us: u64,
        _bus: &I2cBus,
        _addr: u8,
        _bytes: &[u8],
        _stop: bool,
    ) -> Result<usize, HalError> {
        Err(HalError::Unsupported)
    }

    /// Start, address for reading, then fills `buf` (ACKing all but the last byte); a stop after
    /// if `stop`. `NoAck` when nobody acknowledged the address.
    fn i2c_read(
        &mut self,
        _now_us: u64,
        _bus: &I2cBus,
        _addr: u8,
        _buf: &mut [u8],
        _stop: bool,
    ) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }
}

/// One SPI bus as `machine.SPI(...)` set it up. Chip select is an ordinary GPIO the program
/// drives, so a board sees which device is selected from its pins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpiBus {
    /// Controller number (1 = HSPI, 2 = VSPI on the ESP32), or -1 for SoftSPI.
    pub id: i32,
    pub sck: u32,
    pub mosi: Option<u32>,
    pub miso: Option<u32>,
    pub baudrate: u32,
    pub polarity: u8,
    pub phase: u8,
    pub bits: u8,
    pub lsb_first: bool,
}

/// SPI controller (full duplex).
pub trait Spi {
    /// Clocks out `write` and fills `read` with what came back at the same time;
    /// `read.len() == write.len()` (machine guarantees it).
    fn spi_transfer(
        &mut self,
        _now_us: u64,
        _bus: &SpiBus,
        _write: &[u8],
        _read: &mut [u8],
    ) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }
}
