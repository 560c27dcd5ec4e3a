//! The chip behind the board's serial port. Console bytes and the DTR/RTS lines go in,
//! console bytes come out; what answers depends on how the chip last came out of reset: the
//! ROM loader (download mode), the esprit console (a bootable esprit image in flash), or
//! nothing but boot logs (another app, or a flash that does not boot). Time comes from the
//! caller, as for [`Console`].

use crate::board::console::BoardConsole;
use crate::board::{SharedBoard, SimBoard};
use crate::console::{Console, Poll};
use crate::flash_file::{FlashBoard, SharedFlash};

use super::boot::{self, Outcome};
use super::loader::{Event, Loader};
use super::reset::{LineEvent, ResetCircuit, ResetLines};
use super::target::{ResetCause, Target};

/// The UART's rate after reset.
pub const ROM_BAUD: u32 = 115_200;
/// How long a chip that failed to boot waits before resetting and trying again.
const BOOT_RETRY_US: u64 = 500_000;
/// How long the RTC watchdog runs once esptool arms it. esptool asks for 2000 slow-clock
/// cycles (about 15 ms); this is longer so that its last register write, which relocks the
/// watchdog, is still answered over a slow link (RFC 2217 adds tens of milliseconds).
const WATCHDOG_US: u64 = 150_000;

/// How the chip is built and wired.
#[derive(Debug, Clone)]
pub struct ChipOptions {
    pub target: Target,
    pub circuit: ResetCircuit,
    /// The factory MAC in eFuse.
    pub mac: [u8; 6],
    /// Hold the boot pin low at power-on (a BOOT button held, or a port with no DTR/RTS
    /// such as a pty): the chip starts in download mode.
    pub download_at_power_on: bool,
}

impl Default for ChipOptions {
    fn default() -> ChipOptions {
        ChipOptions {
            target: Target::Esp32,
            circuit: ResetCircuit::AutoReset,
            // Espressif's OUI.
            mac: [0x24, 0x0A, 0xC4, 0x12, 0x34, 0x56],
            download_at_power_on: false,
        }
    }
}

enum State {
    /// EN is held low.
    InReset,
    Download(Box<Loader>),
    /// esprit runs on the DevKit's peripherals; `machine.reset()` counts in its resets.
    Running {
        console: Box<Console>,
        devkit: SharedBoard,
        resets: u32,
    },
    /// Nothing runs that talks on the console (another app, a crashed loader).
    Idle,
    /// The boot failed; the chip resets again at this time.
    BootLoop {
        retry_at_us: u64,
    },
}

/// One chip with its flash.
pub struct Chip {
    options: ChipOptions,
    config: vm::Config,
    flash: SharedFlash,
    lines: ResetLines,
    state: State,
    /// The boot mode sampled at the last reset, which a software reset keeps.
    latched_download: bool,
    baud: u32,
    out: Vec<u8>,
    now_us: u64,
    /// The RTC watchdog resets the chip at this time.
    watchdog_at_us: Option<u64>,
}

impl Chip {
    /// Powers the chip on with `flash` (the whole SPI flash) and boots it.
    pub fn new(config: vm::Config, flash: SharedFlash, options: ChipOptions) -> Chip {
        let download = options.download_at_power_on;
        let mut chip = Chip {
            lines: ResetLines::new(options.circuit),
            options,
            config,
            flash,
            state: State::InReset,
            latched_download: download,
            baud: ROM_BAUD,
            out: Vec::new(),
            now_us: 0,
            watchdog_at_us: None,
        };
        chip.reset(ResetCause::PowerOn, download);
        chip
    }

    pub fn target(&self) -> Target {
        self.options.target
    }

    /// The whole flash, for inspection.
    pub fn flash(&self) -> SharedFlash {
        self.flash.clone()
    }

    /// Is the ROM loader (or the stub) listening?
    pub fn in_download_mode(&self) -> bool {
        matches!(self.state, State::Download(_))
    }

    /// Is the esprit console running?
    pub fn console(&mut self) -> Option<&mut Console> {
        match &mut self.state {
            State::Running { console, .. } => Some(console),
            _ => None,
        }
    }

    /// The UART's current baud rate (CHANGE_BAUDRATE moves it).
    pub fn baud(&self) -> u32 {
        self.baud
    }

    /// Resets the chip as its EN pin would, into download mode or booting from flash.
    pub fn reset(&mut self, cause: ResetCause, download: bool) {
        self.latched_download = download;
        self.watchdog_at_us = None;
        self.baud = ROM_BAUD;
        if download {
            self.out
                .extend_from_slice(self.options.target.rom_banner(cause, true).as_bytes());
            let capacity = self.flash.capacity_bytes();
            self.state = State::Download(Box::new(Loader::new(
                self.options.target,
                self.options.mac,
                capacity,
                self.baud,
            )));
        } else {
            self.boot_from_flash(cause);
        }
    }

    fn boot_from_flash(&mut self, cause: ResetCause) {
        let mut flash = self.flash.clone();
        let result = boot::boot(&mut flash, self.options.target, cause);
        self.out.extend_from_slice(result.log.as_bytes());
        self.state = match result.outcome {
            Outcome::Esprit => {
                // The bare DevKit's peripherals, so `machine` works, over the flash's file system.
                let devkit = devkit(self.options.target).shared();
                let board = BoardConsole::new(devkit.clone(), FlashBoard::on(&self.flash));
                let mut console = Console::new(self.config.clone(), Box::new(board));
                console.set_time_us(self.now_us);
                State::Running {
                    console: Box::new(console),
                    devkit,
                    resets: 0,
                }
            }
            Outcome::OtherApp { name, version } => {
                self.out.extend_from_slice(
                    format!(
                        "\r\nesprit: the app in flash is {name} {version}, not esprit; the \
                         virtual board runs only esprit, so it stays idle.\r\n"
                    )
                    .as_bytes(),
                );
                State::Idle
            }
            Outcome::Failed => State::BootLoop {
                retry_at_us: self.now_us + BOOT_RETRY_US,
            },
        };
    }

    /// The host set the DTR and RTS lines (true = asserted).
    pub fn set_lines(&mut self, dtr: bool, rts: bool) {
        match self.lines.set(dtr, rts) {
            LineEvent::None => {}
            LineEvent::HeldInReset => self.state = State::InReset,
            LineEvent::Released { download } => self.reset(ResetCause::PowerOn, download),
        }
    }

    /// The host discarded what it had not read and what it had not sent.
    pub fn purge(&mut self) {
        if let State::Download(loader) = &mut self.state {
            loader.purge();
        }
    }

    /// Bytes sent to the chip's UART.
    pub fn feed(&mut self, bytes: &[u8]) {
        match &mut self.state {
            State::Download(loader) => {
                let mut flash = self.flash.clone();
                loader.feed(bytes, &mut flash);
                self.out.extend_from_slice(&loader.take_output());
                let events = loader.take_events();
                for event in events {
                    self.loader_event(event);
                }
            }
            State::Running { console, .. } => console.feed(bytes),
            State::InReset | State::Idle | State::BootLoop { .. } => {}
        }
    }

    fn loader_event(&mut self, event: Event) {
        match event {
            Event::Baud(baud) => self.baud = baud,
            Event::Reboot => self.reset(ResetCause::Software, self.latched_download),
            Event::RunApp => self.boot_from_flash(ResetCause::Software),
            Event::Crashed => self.state = State::Idle,
            Event::WatchdogArmed => self.watchdog_at_us = Some(self.now_us + WATCHDOG_US),
        }
    }

    /// The chip's clock has reached `now_us` (it never goes back).
    pub fn set_time_us(&mut self, now_us: u64) {
        self.now_us = self.now_us.max(now_us);
        if let State::Running { console, .. } = &mut self.state {
            console.set_time_us(self.now_us);
        }
    }

    /// Runs up to `budget` bytecodes of whatever the chip is doing and says what it waits for.
    pub fn run(&mut self, budget: u32) -> Poll {
        if let Some(at) = self.watchdog_at_us {
            if self.now_us < at {
                return Poll::Sleeping { until_us: at };
            }
            // The watchdog samples the boot pin afresh (a BOOT button held only at power-on
            // is released by now).
            let download = self.lines.boot_pin_low();
            self.reset(ResetCause::Watchdog, download);
            return Poll::Busy;
        }
        match &mut self.state {
            State::Running {
                console,
                devkit,
                resets,
            } => {
                let poll = console.run(budget);
                self.out.extend_from_slice(&console.take_output());
                // machine.reset() (or an unfed WDT) resets the whole chip: ROM, bootloader and
                // all, re-sampling BOOT, as esp_restart() does on a board.
                let now = devkit.with(|b| b.resets()).unwrap_or(*resets);
                if now != *resets {
                    let download = self.lines.boot_pin_low();
                    self.reset(ResetCause::CpuSoftware, download);
                    return Poll::Busy;
                }
                poll
            }
            State::BootLoop { retry_at_us } => {
                let retry_at_us = *retry_at_us;
                if self.now_us >= retry_at_us {
                    self.boot_from_flash(ResetCause::Software);
                    Poll::Busy
                } else {
                    Poll::Sleeping {
                        until_us: retry_at_us,
                    }
                }
            }
            State::InReset | State::Download(_) | State::Idle => Poll::Idle,
        }
    }

    /// UART output since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.out)
    }
}

/// A diagram with nothing but the C3 DevKitM-1.
pub(crate) const C3_DEVKIT: &str = r#"{"version": 1, "parts": [{"type": "board-esp32-c3-devkitm-1", "id": "esp"}], "connections": []}"#;

/// The bare DevKit of `target`: the DevKit V1 for the ESP32, the DevKitM-1 for the C3.
fn devkit(target: Target) -> SimBoard {
    match target {
        Target::Esp32 => SimBoard::bare(),
        Target::Esp32c3 => {
            SimBoard::from_diagram_json(C3_DEVKIT).unwrap_or_else(|_| SimBoard::bare())
        }
    }
}
