//! The chips the virtual board can be: what their ROM says and which registers esptool reads to
//! tell them apart (esptool `targets/esp32.py`, `targets/esp32c3.py`).

/// A chip model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// ESP32-D0WD-V3, revision v3.0: the classic DevKitC.
    Esp32,
    /// ESP32-C3 (QFN32), revision v0.4: the DevKitM-1.
    Esp32c3,
}

/// The SPI flash controller registers esptool drives to send raw flash commands.
#[derive(Debug, Clone, Copy)]
pub struct SpiRegs {
    pub base: u32,
    pub usr: u32,
    pub usr2: u32,
    pub w0: u32,
}

/// The address READ_REG reads for the chip-detect magic (`CHIP_DETECT_MAGIC_REG_ADDR`).
pub const CHIP_DETECT_MAGIC_REG: u32 = 0x4000_1000;

impl Target {
    /// Parses `esp32` / `esp32c3` (esptool's `--chip` spelling; `esp32-c3` too).
    pub fn from_name(name: &str) -> Option<Target> {
        match name.to_ascii_lowercase().replace('-', "").as_str() {
            "esp32" => Some(Target::Esp32),
            "esp32c3" => Some(Target::Esp32c3),
            _ => None,
        }
    }

    /// esptool's CHIP_NAME.
    pub fn name(self) -> &'static str {
        match self {
            Target::Esp32 => "ESP32",
            Target::Esp32c3 => "ESP32-C3",
        }
    }

    /// The word at [`CHIP_DETECT_MAGIC_REG`].
    pub fn magic(self) -> u32 {
        match self {
            Target::Esp32 => 0x00F0_1D83,
            Target::Esp32c3 => 0x1B31_506F,
        }
    }

    /// IMAGE_CHIP_ID: in GET_SECURITY_INFO and in an app image's extended header.
    pub fn image_chip_id(self) -> u16 {
        match self {
            Target::Esp32 => 0,
            Target::Esp32c3 => 5,
        }
    }

    /// The ESP32 ROM predates GET_SECURITY_INFO and the extended FLASH_BEGIN parameter.
    pub fn has_security_info(self) -> bool {
        self == Target::Esp32c3
    }

    /// Where the second-stage bootloader sits in flash.
    pub fn bootloader_offset(self) -> u32 {
        match self {
            Target::Esp32 => 0x1000,
            Target::Esp32c3 => 0x0,
        }
    }

    pub fn spi(self) -> SpiRegs {
        match self {
            Target::Esp32 => SpiRegs {
                base: 0x3FF4_2000,
                usr: 0x1C,
                usr2: 0x24,
                w0: 0x80,
            },
            Target::Esp32c3 => SpiRegs {
                base: 0x6000_2000,
                usr: 0x18,
                usr2: 0x20,
                w0: 0x58,
            },
        }
    }

    /// UART0's clock divider register: esptool estimates the crystal from it and the baud rate.
    pub fn uart_clkdiv_reg(self) -> u32 {
        match self {
            Target::Esp32 => 0x3FF4_0014,
            Target::Esp32c3 => 0x6000_0014,
        }
    }

    /// The eFuse words a fresh chip reads, by address: package, revision and the factory MAC.
    /// `mac` is the 6-byte base MAC.
    pub fn efuse_words(self, mac: [u8; 6]) -> Vec<(u32, u32)> {
        let [m0, m1, m2, m3, m4, m5] = mac.map(u32::from);
        match self {
            // EFUSE_BLK0_RDATA1/2 hold the MAC big-endian after a CRC byte (esp32.py read_mac);
            // RDATA3 bit 15 and RDATA5 bit 20 with APB_CTL_DATE bit 31 make revision v3.0;
            // RDATA3 pkg bits 9..11 = 1 (D0WD); RDATA4 low byte is the 8 MHz clock calibration.
            Target::Esp32 => vec![
                (0x3FF5_A004, (m2 << 24) | (m3 << 16) | (m4 << 8) | m5),
                (0x3FF5_A008, (m0 << 8) | m1),
                (0x3FF5_A00C, (1 << 15) | (1 << 9)),
                (0x3FF5_A010, 0x50),
                (0x3FF5_A014, 1 << 20),
                (0x3FF6_607C, 1 << 31),
                // RTCCALICFG1: with the eFuse clock above, the ROM's crystal estimate is 40 MHz.
                (0x3FF5_F06C, 1280 << 7),
            ],
            // MAC_EFUSE_REG and the word after it; BLOCK1 word 3 minor revision 4 (bits 18..20).
            Target::Esp32c3 => vec![
                (0x6000_8844, (m2 << 24) | (m3 << 16) | (m4 << 8) | m5),
                (0x6000_8848, (m0 << 8) | m1),
                (0x6000_8850, 4 << 18),
            ],
        }
    }

    /// The first lines the ROM prints after a reset, before it loads anything.
    pub fn rom_banner(self, reset: ResetCause, download: bool) -> String {
        match self {
            Target::Esp32 => {
                let (rst, rst_name) = match reset {
                    ResetCause::PowerOn => (0x1, "POWERON_RESET"),
                    ResetCause::Software => (0x3, "SW_RESET"),
                    ResetCause::CpuSoftware => (0xc, "SW_CPU_RESET"),
                    ResetCause::Watchdog => (0x10, "RTCWDT_RTC_RESET"),
                };
                let boot = if download {
                    "boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n"
                } else {
                    "boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                };
                format!("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x{rst:x} ({rst_name}),{boot}")
            }
            Target::Esp32c3 => {
                let (rst, rst_name) = match reset {
                    ResetCause::PowerOn => (0x1, "POWERON"),
                    ResetCause::Software => (0x3, "RTC_SW_SYS_RST"),
                    ResetCause::CpuSoftware => (0xc, "RTC_SW_CPU_RST"),
                    ResetCause::Watchdog => (0x10, "RTCWDT_RTC_RST"),
                };
                let boot = if download {
                    "boot:0x5 (DOWNLOAD(USB/UART0/1))\r\nwaiting for download\r\n"
                } else {
                    "boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
                };
                format!(
                    "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\nrst:0x{rst:x} ({rst_name}),{boot}"
                )
            }
        }
    }
}

/// Why the chip last reset, as the ROM prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetCause {
    /// Power-on or the EN pin.
    PowerOn,
    /// The chip reset itself (the loader's reboot, a bootloader giving up).
    Software,
    /// The app restarted the CPU (`machine.reset()`, esp_restart).
    CpuSoftware,
    /// The RTC watchdog (a boot loop that went on too long).
    Watchdog,
}
