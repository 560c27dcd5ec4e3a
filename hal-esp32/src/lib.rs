//! The VM's HAL traits on real ESP32 chips, with esp-hal. Filled by the firmware issue.
#![no_std]
