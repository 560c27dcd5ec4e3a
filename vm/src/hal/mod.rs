//! The HAL traits the VM's modules are written against, in the embedded-hal spirit: small
//! traits that do I/O, implemented by `hal-sim` (the simulated board) and `hal-esp32`.

pub mod flash;

pub use flash::{Flash, RamFlash};

/// Why a HAL operation failed. Modules map kinds to MicroPython's exceptions in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HalError {
    /// An address or length outside the device (a flash offset past its capacity).
    OutOfRange,
    /// An address not aligned as the device requires (an erase not at a sector start).
    Misaligned,
    /// The device did not complete the operation (power cut, bus error, host I/O error).
    Io,
}
