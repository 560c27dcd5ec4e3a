//! The parts that talk to esp-hal: the clock, the chip's identity and reset cause, the serial
//! console, and the file-system partition of the SPI flash.

use esp_bootloader_esp_idf::partitions::{self, PARTITION_TABLE_MAX_LEN};
use esp_hal::Blocking;
use esp_hal::time::Instant;
use esp_hal::uart::Uart;
#[cfg(feature = "esp32c3")]
use esp_hal::usb::usb_serial_jtag::UsbSerialJtag;
use esp_storage::FlashStorage;

use crate::nor::{NorPartition, PartitionError};
use vm::hal::ResetCause;

use crate::reset;

/// Microseconds since the chip started (the SYSTIMER; never goes back).
pub fn now_us() -> u64 {
    Instant::now().duration_since_epoch().as_micros()
}

/// `machine.unique_id()`: the base MAC address from eFuse, as MicroPython's esp32 port gives.
pub fn unique_id() -> [u8; 6] {
    let mut id = [0u8; 6];
    let mac = esp_hal::efuse::base_mac_address();
    for (d, s) in id.iter_mut().zip(mac.as_bytes()) {
        *d = *s;
    }
    id
}

/// Why the chip last reset (not counting soft reboots, which the VM tracks); None for a reason
/// MicroPython does not name.
pub fn reset_cause() -> Option<ResetCause> {
    let reason = esp_hal::system::reset_reason()?;
    #[cfg(feature = "esp32c3")]
    return reset::from_esp32c3_code(reason as u8);
    #[cfg(not(feature = "esp32c3"))]
    return reset::from_esp32_code(reason as u8);
}

/// Why the file-system partition could not be opened.
#[derive(Debug)]
pub enum VfsError {
    /// The partition table at 0x8000 is missing or corrupt.
    Table(partitions::Error),
    /// The table has no data partition labelled `vfs`.
    NoVfs,
    /// The partition is not usable as a flash region.
    Partition(PartitionError),
}

impl core::fmt::Display for VfsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            VfsError::Table(e) => write!(f, "cannot read the partition table: {e:?}"),
            VfsError::NoVfs => f.write_str("the partition table has no 'vfs' partition"),
            VfsError::Partition(e) => write!(f, "the 'vfs' partition: {e}"),
        }
    }
}

/// The partition labelled `vfs` (as MicroPython names it) from the table the bootloader used.
pub fn open_vfs(
    flash: esp_hal::peripherals::FLASH<'static>,
) -> Result<NorPartition<FlashStorage<'static>>, VfsError> {
    let mut storage = FlashStorage::new(flash);
    let mut table = [0u8; PARTITION_TABLE_MAX_LEN];
    let (offset, size) = {
        let table =
            partitions::read_partition_table(&mut storage, &mut table).map_err(VfsError::Table)?;
        let vfs = table
            .iter()
            .find(|p| p.label_as_str() == "vfs")
            .ok_or(VfsError::NoVfs)?;
        (vfs.offset(), vfs.len())
    };
    NorPartition::new(storage, offset, size).map_err(VfsError::Partition)
}

/// How long output waits for a USB host that does not read before it is dropped, in µs.
#[cfg(feature = "esp32c3")]
const USB_STALL_US: u64 = 50_000;

/// The REPL's serial console: UART0 (the USB bridge on DevKit boards) and, on the C3, the
/// USB-Serial-JTAG as well, as MicroPython's ESP32_GENERIC_C3 does. Input comes from either;
/// output goes to both.
pub struct SerialConsole {
    uart: Uart<'static, Blocking>,
    #[cfg(feature = "esp32c3")]
    usb: UsbSerialJtag<'static, Blocking>,
    /// No USB host read our last output: drop output until one does, instead of hanging.
    #[cfg(feature = "esp32c3")]
    usb_stalled: bool,
}

impl SerialConsole {
    #[cfg(feature = "esp32c3")]
    pub fn new(uart: Uart<'static, Blocking>, usb: UsbSerialJtag<'static, Blocking>) -> Self {
        SerialConsole {
            uart,
            usb,
            usb_stalled: false,
        }
    }

    #[cfg(not(feature = "esp32c3"))]
    pub fn new(uart: Uart<'static, Blocking>) -> Self {
        SerialConsole { uart }
    }

    /// Bytes that have arrived, without waiting; 0 when none.
    pub fn read(&mut self, buf: &mut [u8]) -> usize {
        let mut n = self.uart.read_buffered(buf).unwrap_or(0);
        #[cfg(feature = "esp32c3")]
        while let Some(slot) = buf.get_mut(n) {
            match self.usb.read_byte() {
                Ok(b) => {
                    *slot = b;
                    n += 1;
                }
                Err(_) => break,
            }
        }
        n
    }

    /// Sends `bytes` to every console.
    pub fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while !rest.is_empty() {
            match self.uart.write(rest) {
                Ok(n) => rest = rest.get(n..).unwrap_or(&[]),
                Err(_) => break,
            }
        }
        #[cfg(feature = "esp32c3")]
        self.write_usb(bytes);
    }

    #[cfg(feature = "esp32c3")]
    fn write_usb(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let start = now_us();
            loop {
                match self.usb.write_byte_nb(b) {
                    Ok(()) => {
                        self.usb_stalled = false;
                        break;
                    }
                    Err(_) if self.usb_stalled || now_us() - start > USB_STALL_US => {
                        self.usb_stalled = true;
                        return;
                    }
                    Err(_) => {
                        let _ = self.usb.flush_tx_nb();
                    }
                }
            }
        }
        // Send a partly filled packet now rather than when the FIFO fills.
        let _ = self.usb.flush_tx_nb();
    }
}
