//! The registers READ_REG and WRITE_REG reach: the chip-detect magic, eFuses (MAC, revision),
//! the UART clock divider, and the SPI flash controller's "user command" registers, which
//! esptool drives to read the flash's JEDEC id (`run_spiflash_command` in esptool's loader.py).
//! Any other address reads back what was last written there, else 0.

use std::collections::BTreeMap;

use super::target::{CHIP_DETECT_MAGIC_REG, Target};

/// SPI_CMD_REG bit that starts a user command; the controller clears it when done.
const SPI_CMD_USR: u32 = 1 << 18;
/// The ESP32-C3's RTC watchdog: write protection, and the enable bit of its config register
/// (esptool `watchdog_reset` arms it to reset the chip, re-sampling the boot pin).
const C3_RTC_WDT_CONFIG0: u32 = 0x6000_8090;
const C3_RTC_WDT_WPROTECT: u32 = 0x6000_80A8;
const C3_RTC_WDT_WKEY: u32 = 0x50D8_3AA1;
const RTC_WDT_ENABLE: u32 = 1 << 31;
/// SPI flash commands the controller may be asked to send.
const RDID: u32 = 0x9F;

/// The flash chip on the board: a Winbond-style JEDEC id with the size as its capacity byte.
pub fn jedec_id(flash_bytes: usize) -> u32 {
    // Capacity byte = log2(size): 0x16 for 4 MiB (esptool DETECTED_FLASH_SIZES).
    let capacity = usize::BITS - 1 - flash_bytes.max(1).leading_zeros();
    (capacity << 16) | (0x40 << 8) | 0xEF
}

/// The register file of one chip, kept across loader commands until the next reset.
pub struct Registers {
    target: Target,
    values: BTreeMap<u32, u32>,
    jedec: u32,
    /// The RTC watchdog was enabled: the chip resets when it runs out.
    watchdog_armed: bool,
}

impl Registers {
    pub fn new(target: Target, mac: [u8; 6], flash_bytes: usize) -> Registers {
        let mut values: BTreeMap<u32, u32> = target.efuse_words(mac).into_iter().collect();
        values.insert(CHIP_DETECT_MAGIC_REG, target.magic());
        Registers {
            target,
            values,
            jedec: jedec_id(flash_bytes),
            watchdog_armed: false,
        }
    }

    /// READ_REG. `baud` is the UART's current rate, which the clock divider follows.
    pub fn read(&self, addr: u32, baud: u32) -> u32 {
        if addr == self.target.uart_clkdiv_reg() {
            // The APB clock runs from the 40 MHz crystal while the ROM runs.
            return 40_000_000 / baud.max(1);
        }
        self.values.get(&addr).copied().unwrap_or(0)
    }

    /// WRITE_REG: the bits in `mask` take `value`'s. Writing the SPI command register's USR bit
    /// runs the command at once, so the bit reads back clear.
    pub fn write(&mut self, addr: u32, value: u32, mask: u32) {
        let old = self.read(addr, 115_200);
        let new = (old & !mask) | (value & mask);
        let spi = self.target.spi();
        if addr == spi.base && new & SPI_CMD_USR != 0 {
            self.run_spi_command();
            self.values.insert(addr, new & !SPI_CMD_USR);
            return;
        }
        if self.target == Target::Esp32c3
            && addr == C3_RTC_WDT_CONFIG0
            && new & RTC_WDT_ENABLE != 0
            && self.read(C3_RTC_WDT_WPROTECT, 0) == C3_RTC_WDT_WKEY
        {
            self.watchdog_armed = true;
        }
        // The magic and eFuses are read-only.
        if addr == CHIP_DETECT_MAGIC_REG || self.is_efuse(addr) {
            return;
        }
        self.values.insert(addr, new);
    }

    /// Was the RTC watchdog enabled since the last call?
    pub fn take_watchdog(&mut self) -> bool {
        core::mem::take(&mut self.watchdog_armed)
    }

    fn is_efuse(&self, addr: u32) -> bool {
        match self.target {
            Target::Esp32 => (0x3FF5_A000..0x3FF5_B000).contains(&addr),
            Target::Esp32c3 => (0x6000_8800..0x6000_8A00).contains(&addr),
        }
    }

    fn run_spi_command(&mut self) {
        let spi = self.target.spi();
        let usr2 = self.read(spi.base + spi.usr2, 0);
        let command = usr2 & 0xFF;
        // Status registers and SFDP read as 0 (no protection, no SFDP table).
        let result = if command == RDID { self.jedec } else { 0 };
        self.values.insert(spi.base + spi.w0, result);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esptool_reads_the_jedec_id_through_the_spi_user_command() {
        let t = Target::Esp32c3;
        let mut regs = Registers::new(t, [0x58, 0xCF, 0x79, 1, 2, 3], 4 << 20);
        let spi = t.spi();
        regs.write(spi.base + spi.usr, 1 << 31 | 1 << 28, u32::MAX);
        regs.write(spi.base + spi.usr2, (7 << 28) | 0x9F, u32::MAX);
        regs.write(spi.base + spi.w0, 0, u32::MAX);
        regs.write(spi.base, SPI_CMD_USR, u32::MAX);
        assert_eq!(regs.read(spi.base, 115_200) & SPI_CMD_USR, 0);
        assert_eq!(regs.read(spi.base + spi.w0, 115_200), 0x16_40EF);
        assert_eq!(regs.read(CHIP_DETECT_MAGIC_REG, 115_200), 0x1B31_506F);
    }

    #[test]
    fn the_clock_divider_follows_the_baud_rate() {
        let regs = Registers::new(Target::Esp32, [0; 6], 4 << 20);
        assert_eq!(regs.read(0x3FF4_0014, 115_200), 347);
        assert_eq!(jedec_id(8 << 20) >> 16, 0x17);
    }
}
