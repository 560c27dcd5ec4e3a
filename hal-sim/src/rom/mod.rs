//! The virtual chip behind the board's serial port: its reset circuit (DTR/RTS), the ROM's
//! serial download mode and the flasher stub (so esptool and esptool-js flash it as a real
//! chip), and the boot from flash that checks the image like the second-stage bootloader.
//! No threads, files, sockets or wall clocks here: the host CLI and the web page both drive it.

pub mod boot;
pub mod chip;
pub mod factory;
pub mod flash_write;
pub mod image;
pub mod loader;
pub mod packet;
pub mod partition;
pub mod regs;
pub mod reset;
pub mod slip;
pub mod target;

#[cfg(test)]
mod tests;
