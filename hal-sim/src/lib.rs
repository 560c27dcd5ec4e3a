//! The simulated ESP32 board: it implements the VM's HAL traits on virtual time.

pub mod board;
pub mod console;
pub mod devices;
pub mod flash_file;
pub mod labs;
pub mod rom;
