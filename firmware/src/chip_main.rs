//! Power-on on the chip: the heap, the console, the flash, then the main loop forever, in
//! budget slices so Ctrl-C typed while code runs reaches it (ports/esp32/main.c does the same
//! with a FreeRTOS task and the UART's interrupt).

extern crate alloc;

use alloc::boxed::Box;

use esp_backtrace as _;
use esp_hal::clock::CpuClock;
use esp_hal::gpio::Pin;
use esp_hal::uart::{self, Uart};
#[cfg(feature = "esp32c3")]
use esp_hal::usb::usb_serial_jtag::UsbSerialJtag;
use firmware::{ChipBoard, SharedFlash};
use hal_esp32::chip::{self, SerialConsole};
use hal_esp32::machine::{EspBoard, SharedBoard};
use vm::main_loop::{Console, Poll};

// The ESP-IDF second-stage bootloader checks this descriptor before it starts the app.
esp_bootloader_esp_idf::esp_app_desc!();

/// Bytecodes per slice: short enough that Ctrl-C and input are read promptly, long enough that
/// polling the console costs little.
const BUDGET: u32 = 2_000;

#[esp_hal::main]
fn main() -> ! {
    let peripherals = esp_hal::init(esp_hal::Config::default().with_cpu_clock(CpuClock::max()));
    esp_alloc::heap_allocator!(#[esp_hal::ram(reclaimed)] size: firmware::HEAP_RECLAIMED_BYTES);
    esp_alloc::heap_allocator!(size: firmware::HEAP_DRAM_BYTES);

    // UART0 at 115200 8N1 (the default config), on the pins the ROM uses for its own log.
    #[cfg(feature = "esp32c3")]
    let (rx, tx) = (peripherals.GPIO20, peripherals.GPIO21);
    #[cfg(not(feature = "esp32c3"))]
    let (rx, tx) = (peripherals.GPIO3, peripherals.GPIO1);
    let uart = match Uart::new(peripherals.UART0, uart::Config::default()) {
        Ok(uart) => uart.with_rx(rx).with_tx(tx),
        // The default configuration is valid on every chip; this would be an esp-hal bug.
        Err(e) => panic!("UART0: {e:?}"),
    };
    #[cfg(feature = "esp32c3")]
    let mut serial = SerialConsole::new(uart, UsbSerialJtag::new(peripherals.USB_DEVICE));
    #[cfg(not(feature = "esp32c3"))]
    let mut serial = SerialConsole::new(uart);

    let flash = match chip::open_vfs(peripherals.FLASH) {
        Ok(partition) => Some(SharedFlash::new(partition)),
        Err(e) => {
            let text = alloc::format!("esprit: no flash file system ({e}); files live in RAM\r\n");
            serial.write(text.as_bytes());
            None
        }
    };
    // The GPIOs `machine` may use: all but the console's (UART0, USB-Serial-JTAG) and the SPI
    // flash's, which the board keeps.
    #[cfg(feature = "esp32c3")]
    let pins = [
        (0, peripherals.GPIO0.degrade()),
        (1, peripherals.GPIO1.degrade()),
        (2, peripherals.GPIO2.degrade()),
        (3, peripherals.GPIO3.degrade()),
        (4, peripherals.GPIO4.degrade()),
        (5, peripherals.GPIO5.degrade()),
        (6, peripherals.GPIO6.degrade()),
        (7, peripherals.GPIO7.degrade()),
        (8, peripherals.GPIO8.degrade()),
        (9, peripherals.GPIO9.degrade()),
        (10, peripherals.GPIO10.degrade()),
    ];
    #[cfg(not(feature = "esp32c3"))]
    let pins = [
        (0, peripherals.GPIO0.degrade()),
        (2, peripherals.GPIO2.degrade()),
        (4, peripherals.GPIO4.degrade()),
        (5, peripherals.GPIO5.degrade()),
        (12, peripherals.GPIO12.degrade()),
        (13, peripherals.GPIO13.degrade()),
        (14, peripherals.GPIO14.degrade()),
        (15, peripherals.GPIO15.degrade()),
        (16, peripherals.GPIO16.degrade()),
        (17, peripherals.GPIO17.degrade()),
        (18, peripherals.GPIO18.degrade()),
        (19, peripherals.GPIO19.degrade()),
        (21, peripherals.GPIO21.degrade()),
        (22, peripherals.GPIO22.degrade()),
        (23, peripherals.GPIO23.degrade()),
        (25, peripherals.GPIO25.degrade()),
        (26, peripherals.GPIO26.degrade()),
        (27, peripherals.GPIO27.degrade()),
        (32, peripherals.GPIO32.degrade()),
        (33, peripherals.GPIO33.degrade()),
        (34, peripherals.GPIO34.degrade()),
        (35, peripherals.GPIO35.degrade()),
        (36, peripherals.GPIO36.degrade()),
        (37, peripherals.GPIO37.degrade()),
        (38, peripherals.GPIO38.degrade()),
        (39, peripherals.GPIO39.degrade()),
    ];
    let hal = SharedBoard::new(EspBoard::new(
        firmware::this_chip(),
        pins,
        (
            peripherals.I2C0,
            peripherals.LEDC,
            peripherals.RMT,
            peripherals.SPI2,
        ),
    ));
    let board = ChipBoard::new(
        firmware::this_chip(),
        flash,
        Some(Box::new(move || hal.hal())),
    );
    let mut console = Console::new(firmware::config(), Box::new(board));

    let mut input = [0u8; 64];
    loop {
        let n = serial.read(&mut input);
        if let Some(bytes) = input.get(..n).filter(|b| !b.is_empty()) {
            console.feed(bytes);
        }
        console.set_time_us(chip::now_us());
        // Busy, idle, waiting for input or sleeping: either way the next pass reads the console
        // again, and a sleep ends when the clock passes its deadline.
        let _: Poll = console.run(BUDGET);
        let out = console.take_output();
        if !out.is_empty() {
            serial.write(&out);
        }
    }
}
