//! The HAL traits the VM's modules are written against, in the embedded-hal spirit: small
//! traits that do I/O, implemented by `hal-sim` (the simulated board) and `hal-esp32`.
//!
//! Every peripheral trait's methods have default bodies that fail with
//! [`HalError::Unsupported`], so a board implements what it has. [`Board`] combines them; the
//! VM holds one as `Box<dyn Board>` ([`crate::Vm::attach_board`]) and `machine` calls it.
//!
//! Time: every call that touches the outside world gets the VM's virtual time `now_us`
//! (monotonic microseconds). Calls that take time on a chip (a DHT read, `time_pulse_us`, a
//! bitstream, one-wire slots) return how long they took, and the VM advances its clock by it, so
//! a simulated board stays in step with the program and a real one reports what happened.

pub mod analog;
pub mod bitstream;
pub mod board_info;
pub mod bus;
pub mod flash;
pub mod gpio;
pub mod onewire;
pub mod pins;
pub mod pwm;
pub mod system;
pub mod uart;

pub use analog::{Adc, Atten, Dac};
pub use bitstream::{Bitstream, Dht};
pub use board_info::{BoardInfo, Chip, ResetCause};
pub use bus::{I2c, I2cBus, Spi, SpiBus};
pub use flash::{Flash, RamFlash};
pub use gpio::{Edge, Gpio, PinMode, Pull, Pulse, PulseResult};
pub use onewire::OneWire;
pub use pins::PinCaps;
pub use pwm::Pwm;
pub use system::System;
pub use uart::{Uart, UartConfig};

/// Why a HAL operation failed. Modules map kinds to MicroPython's exceptions in one place
/// (`machine`'s `hal_error`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HalError {
    /// An address or length outside the device (a flash offset past its capacity).
    OutOfRange,
    /// An address not aligned as the device requires (an erase not at a sector start).
    Misaligned,
    /// The device did not complete the operation (power cut, bus error, host I/O error).
    Io,
    /// This board does not have the peripheral or the operation.
    Unsupported,
    /// The GPIO does not exist, or cannot do what was asked (an output on an input-only pin).
    InvalidPin,
    /// A bus device did not acknowledge its address (I2C NACK): `OSError(ENODEV)`.
    NoAck,
    /// A device did not answer in time (I2C clock stretching, a DHT that stays silent):
    /// `OSError(ETIMEDOUT)`.
    Timeout,
    /// An argument the hardware cannot do (a baud rate, a frequency out of range).
    InvalidConfig,
}

/// A value and how many microseconds of virtual time obtaining it took.
pub type Timed<T> = (T, u64);

/// Everything a board offers the VM. Blanket-implemented for any type with all the parts, so a
/// board writes `impl Gpio for MyBoard { ... }` for what it has and `impl Adc for MyBoard {}`
/// (the unsupported defaults) for what it lacks.
pub trait Board:
    BoardInfo + System + Gpio + Pwm + Adc + Dac + Pulse + I2c + Spi + Uart + Bitstream + Dht + OneWire
{
}

impl<T> Board for T where
    T: BoardInfo
        + System
        + Gpio
        + Pwm
        + Adc
        + Dac
        + Pulse
        + I2c
        + Spi
        + Uart
        + Bitstream
        + Dht
        + OneWire
{
}

impl crate::Vm {
    /// Gives the VM its board: `machine` and friends drive it from now on. A VM without one
    /// raises `OSError` naming the missing board from `machine`. [`crate::Vm::soft_reset`]
    /// drops it; embedders attach it again in their setup after each reset, as they register
    /// their modules.
    pub fn attach_board(&mut self, board: alloc::boxed::Box<dyn Board>) {
        self.board = Some(board);
    }

    /// The attached board, for the embedder to inspect.
    pub fn board_mut(&mut self) -> Option<&mut (dyn Board + 'static)> {
        self.board.as_deref_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A board with one output pin and nothing else: the defaults say "unsupported".
    struct OnePin(bool);
    impl BoardInfo for OnePin {
        fn chip(&self) -> Chip {
            Chip::Esp32C3
        }
    }
    impl Gpio for OnePin {
        fn pin_write(&mut self, _: u64, _: u32, high: bool) -> Result<(), HalError> {
            self.0 = high;
            Ok(())
        }
    }
    impl System for OnePin {}
    impl Pwm for OnePin {}
    impl Adc for OnePin {}
    impl Dac for OnePin {}
    impl Pulse for OnePin {}
    impl I2c for OnePin {}
    impl Spi for OnePin {}
    impl Uart for OnePin {}
    impl Bitstream for OnePin {}
    impl Dht for OnePin {}
    impl OneWire for OnePin {}

    #[test]
    fn a_board_implements_what_it_has() {
        let mut b: alloc::boxed::Box<dyn Board> = alloc::boxed::Box::new(OnePin(false));
        assert_eq!(b.pin_write(0, 8, true), Ok(()));
        assert_eq!(b.pin_read(0, 8), Err(HalError::Unsupported));
        assert_eq!(b.onewire_read_byte(0, 8), Err(HalError::Unsupported));
        assert!(b.pin_caps(21).is_some() && b.pin_caps(22).is_none());
        let mut vm = crate::Vm::new(crate::Config::default());
        vm.attach_board(b);
        assert!(vm.board_mut().is_some());
    }
}
