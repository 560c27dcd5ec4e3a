//! The ESP32 firmware: the VM on hal-esp32 with the REPL on the serial console. Filled by the
//! firmware issue.
#![no_std]
