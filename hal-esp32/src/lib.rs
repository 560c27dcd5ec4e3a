//! The VM's HAL traits on real ESP32 chips, with esp-hal (ESP32-C3 first; the classic ESP32
//! behind the `esp32` feature). Kept thin: it translates calls and maps errors.
//!
//! The chip-independent glue (a flash partition as the VM's `Flash`, the reset-cause mapping)
//! builds everywhere and is tested on the host; `chip` talks to esp-hal and builds only for
//! the chips.
#![no_std]

pub mod nor;
pub mod reset;

#[cfg(target_os = "none")]
pub mod chip;

pub use nor::NorPartition;
pub use reset::ResetCause;
