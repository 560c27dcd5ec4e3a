//! The VM's HAL traits on real ESP32 chips, with esp-hal (ESP32-C3 first; the classic ESP32
//! behind the `esp32` feature). Kept thin: it translates calls and maps errors.
//!
//! The chip-independent glue (a flash partition as the VM's `Flash`, the reset-cause mapping)
//! builds everywhere and is tested on the host; `chip` (clock, console, flash) and `machine`
//! (the HAL traits `machine` drives) talk to esp-hal and build only for the chips.
#![no_std]

extern crate alloc;

pub mod ledc;
pub mod nor;
pub mod reset;

#[cfg(target_os = "none")]
pub mod chip;
#[cfg(target_os = "none")]
pub mod machine;

pub use nor::NorPartition;
