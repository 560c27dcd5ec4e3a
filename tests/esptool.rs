//! Interop tests: the real esptool from PyPI (installed into a venv by `cargo xtask test`, which
//! passes its path as `ESPRIT_ESPTOOL`) flashes the virtual board as it flashes a real one —
//! over `esprit serve --rfc2217` with its real DTR/RTS reset sequences, and over
//! `esprit serve --pty --boot-mode download`, which has no such lines. The board's flash is
//! an image file, so every test checks the bytes esptool left there, and that nothing else
//! changed. Every step has a time limit, so a protocol bug fails a test instead of hanging CI.
#![cfg(unix)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use esprit_tests::{repo_root, start_serve};
use hal_sim::rom::{factory, image, partition, target::Target};

const LIMIT: Duration = Duration::from_secs(120);
const FLASH_BYTES: usize = 0x40_0000;

fn tool(var: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            // Straight to stderr: the test harness captures `eprintln!`, and this must show.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: {var} is not set, so the esptool interop tests did not run. \
                 `cargo xtask test` installs esptool and sets it. ***\n"
            );
            None
        }
    }
}

/// A running `esprit serve`, with its flash in a scratch file; killed when dropped.
struct Board {
    child: Child,
    /// `rfc2217://127.0.0.1:PORT` or the pty's path.
    port: String,
    dir: PathBuf,
}

impl Board {
    fn start(name: &str, args: &[&str]) -> Board {
        let dir =
            std::env::temp_dir().join(format!("esprit-esptool-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let image = dir.join("flash.img");
        let mut serve: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        serve.extend(["--flash".as_ref(), image.as_os_str()]);
        let (child, port) = start_serve(&serve, LIMIT);
        assert!(!port.is_empty(), "esprit serve printed no port");
        Board { child, port, dir }
    }

    fn rfc2217(name: &str, chip: &str) -> Board {
        Board::start(name, &["--rfc2217", "127.0.0.1:0", "--chip", chip])
    }

    /// Runs `esptool --port PORT ARGS...`; returns its exit status and its output.
    fn esptool(&self, args: &[&str]) -> (Option<i32>, String) {
        let esptool = tool("ESPRIT_ESPTOOL").expect("checked by the caller");
        run(Command::new(esptool)
            .args(["--port", &self.port])
            .args(args))
    }

    fn mpremote(&self, args: &[&str]) -> (Option<i32>, String) {
        let mpremote = tool("ESPRIT_MPREMOTE").expect("checked by the caller");
        run(Command::new(mpremote)
            .args(["connect", &self.port])
            .args(args))
    }

    /// The board's whole flash, as the image file holds it.
    fn flash(&self) -> Vec<u8> {
        let image = std::fs::read(self.dir.join("flash.img")).expect("flash image");
        assert_eq!(image.len(), FLASH_BYTES);
        image
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).expect("scratch file");
        path.to_string_lossy().into_owned()
    }

    /// What the board prints on its serial port in `span` (RFC 2217 boards only), read with a
    /// plain TCP client that leaves DTR and RTS alone; Telnet commands are dropped.
    fn console(&self, span: Duration) -> String {
        self.console_with(&[], span)
    }

    /// [`Board::console`] after pulsing RTS (EN) with DTR off: esptool's hard reset.
    fn console_after_reset(&self, span: Duration) -> String {
        // IAC SB COM-PORT-OPTION SET-CONTROL <value> IAC SE: DTR off, RTS on, RTS off.
        let control = |value| [0xFF, 0xFA, 44, 5, value, 0xFF, 0xF0];
        let pulse = [control(9), control(11), control(12)].concat();
        self.console_with(&pulse, span)
    }

    fn console_with(&self, send: &[u8], span: Duration) -> String {
        let addr = self.port.trim_start_matches("rfc2217://");
        let mut stream = TcpStream::connect(addr).expect("connects");
        stream.write_all(send).expect("sends");
        let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
        let started = Instant::now();
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        while started.elapsed() < span {
            if let Ok(n) = stream.read(&mut buf) {
                raw.extend_from_slice(&buf[..n]);
            }
        }
        let mut text = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                0xFF if raw.get(i + 1) == Some(&0xFF) => {
                    text.push(0xFF);
                    i += 2;
                }
                0xFF => i += 3,
                b => {
                    text.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&text).into_owned()
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run(command: &mut Command) -> (Option<i32>, String) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tool starts");
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code(),
            Ok(None) if started.elapsed() < LIMIT => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let out = stdout.join().unwrap_or_default() + &stderr.join().unwrap_or_default();
    (status, out.replace("\r\n", "\n"))
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs esptool and insists that it succeeded.
fn ok(board: &Board, args: &[&str]) -> String {
    let (status, out) = board.esptool(args);
    assert_eq!(status, Some(0), "esptool {args:?} failed:\n{out}");
    out
}

/// Bytes that don't compress to nothing: a simple generator, so failures are reproducible.
fn pattern(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// Asserts that `after` equals `before` outside `[start, end)`.
fn only_changed(before: &[u8], after: &[u8], start: usize, end: usize) {
    for (i, (a, b)) in before.iter().zip(after).enumerate() {
        if !(start..end).contains(&i) && a != b {
            panic!("flash byte 0x{i:x} changed outside 0x{start:x}..0x{end:x}");
        }
    }
}

#[test]
fn identifies_the_chip_its_mac_and_its_flash() {
    if tool("ESPRIT_ESPTOOL").is_none() {
        return;
    }
    let board = Board::rfc2217("identify", "esp32");
    let out = ok(&board, &["chip-id"]);
    assert!(out.contains("Detecting chip type... ESP32\n"), "{out}");
    assert!(
        out.contains("Chip type:          ESP32-D0WD-V3 (revision v3.0)"),
        "{out}"
    );
    assert!(out.contains("Crystal frequency:  40MHz"), "{out}");
    assert!(out.contains("Stub flasher running."), "{out}");
    let out = ok(&board, &["read-mac"]);
    assert!(
        out.contains("MAC:                24:0a:c4:12:34:56"),
        "{out}"
    );
    let out = ok(&board, &["--no-stub", "flash-id"]);
    assert!(
        out.contains("Manufacturer: ef\nDevice: 4016\nDetected flash size: 4MB"),
        "{out}"
    );

    let c3 = Board::rfc2217("identify-c3", "esp32c3");
    let out = ok(&c3, &["chip-id"]);
    assert!(out.contains("Detecting chip type... ESP32-C3"), "{out}");
    assert!(
        out.contains("Chip type:          ESP32-C3 (QFN32) (revision v0.4)"),
        "{out}"
    );
}

#[test]
fn writes_verifies_and_reads_back_through_the_stub() {
    if tool("ESPRIT_ESPTOOL").is_none() {
        return;
    }
    let board = Board::rfc2217("stub", "esp32c3");
    // Inside the app partition, which esprit leaves alone (its file system is further up).
    let data = pattern(20_000, 1);
    let file = board.file("data.bin", &data);
    let before = board.flash();
    ok(
        &board,
        &["--after", "no-reset", "write-flash", "0x100000", &file],
    );
    ok(
        &board,
        &[
            "--after",
            "no-reset",
            "write-flash",
            "-u",
            "0x140000",
            &file,
        ],
    );
    let after = board.flash();
    assert_eq!(&after[0x10_0000..0x10_0000 + data.len()], &data[..]);
    assert_eq!(&after[0x14_0000..0x14_0000 + data.len()], &data[..]);
    only_changed(&before, &after, 0x10_0000, 0x14_5000);
    assert!(
        after[0x10_0000 + data.len()..0x10_5000]
            .iter()
            .all(|&b| b == 0xFF)
    );

    let out = ok(
        &board,
        &["--after", "no-reset", "verify-flash", "0x100000", &file],
    );
    assert!(
        out.contains("Verification successful (digest matched)."),
        "{out}"
    );
    let back = board.dir.join("back.bin");
    let back_arg = back.to_string_lossy().into_owned();
    ok(
        &board,
        &["read-flash", "0x140000", &data.len().to_string(), &back_arg],
    );
    assert_eq!(std::fs::read(&back).expect("read back"), data);
    // A changed byte is a verification failure.
    let mut other = data.clone();
    other[1000] ^= 1;
    let other = board.file("other.bin", &other);
    let (status, out) = board.esptool(&["verify-flash", "0x100000", &other]);
    assert_eq!(status, Some(2), "{out}");
    assert!(out.contains("Verification failed"), "{out}");
}

#[test]
fn writes_through_the_rom_loader_without_the_stub() {
    if tool("ESPRIT_ESPTOOL").is_none() {
        return;
    }
    let board = Board::rfc2217("rom", "esp32");
    let data = pattern(6000, 2);
    let file = board.file("data.bin", &data);
    let before = board.flash();
    let out = ok(
        &board,
        &[
            "--no-stub",
            "--after",
            "no-reset",
            "write-flash",
            "0x100000",
            &file,
        ],
    );
    assert!(out.contains("Hash of data verified."), "{out}");
    ok(
        &board,
        &[
            "--no-stub",
            "--after",
            "no-reset",
            "write-flash",
            "-u",
            "0x110000",
            &file,
        ],
    );
    let after = board.flash();
    assert_eq!(&after[0x10_0000..0x10_0000 + data.len()], &data[..]);
    assert_eq!(&after[0x11_0000..0x11_0000 + data.len()], &data[..]);
    only_changed(&before, &after, 0x10_0000, 0x11_2000);
    let out = ok(&board, &["--no-stub", "verify-flash", "0x110000", &file]);
    assert!(
        out.contains("Verification successful (digest matched)."),
        "{out}"
    );
    // The ESP32 ROM reads 64 bytes a command (READ_FLASH_SLOW).
    let back = board.dir.join("back.bin");
    let back_arg = back.to_string_lossy().into_owned();
    ok(
        &board,
        &["--no-stub", "read-flash", "0x100000", "200", &back_arg],
    );
    assert_eq!(std::fs::read(&back).expect("read back"), &data[..200]);
}

#[test]
fn erasing_leaves_a_board_that_says_why_it_does_not_boot() {
    if tool("ESPRIT_ESPTOOL").is_none() {
        return;
    }
    let board = Board::rfc2217("erase", "esp32");
    let before = board.flash();
    // Erase the partition table: the bootloader refuses to go on, and says so every time it
    // comes round again.
    ok(&board, &["erase-region", "0x8000", "0x1000"]);
    let after = board.flash();
    assert!(after[0x8000..0x9000].iter().all(|&b| b == 0xFF));
    only_changed(&before, &after, 0x8000, 0x9000);
    let log = board.console(Duration::from_millis(1500));
    assert!(
        log.contains("E (") && log.contains("boot: load partition table error!"),
        "{log}"
    );
    assert!(log.contains("rst:0x3 (SW_RESET)"), "{log}");

    ok(&board, &["erase-flash"]);
    assert!(board.flash().iter().all(|&b| b == 0xFF));
    let log = board.console(Duration::from_millis(1500));
    assert!(log.contains("invalid header: 0xffffffff"), "{log}");
}

#[test]
fn flashes_esprit_and_reaches_its_repl_after_a_reset() {
    if tool("ESPRIT_ESPTOOL").is_none() || tool("ESPRIT_MPREMOTE").is_none() {
        return;
    }
    let target = Target::Esp32;
    let board = Board::rfc2217("repl", "esp32");
    ok(&board, &["erase-flash"]);
    let table = partition::table_bytes(&partition::micropython_layout(FLASH_BYTES as u32));
    let bootloader = board.file("bootloader.bin", &factory::bootloader(target));
    let table = board.file("partitions.bin", &table);
    let app = board.file("esprit.bin", &factory::esprit_app(target));
    ok(
        &board,
        &[
            "write-flash",
            "0x1000",
            &bootloader,
            "0x8000",
            &table,
            "0x10000",
            &app,
        ],
    );
    let (status, out) = board.mpremote(&["exec", "print(6 * 7)"]);
    assert_eq!((status, out.as_str()), (Some(0), "42\n"));
    let (status, out) = board.mpremote(&["exec", "open('kept.txt', 'w').write('yes')"]);
    assert_eq!(status, Some(0), "{out}");

    // Another app is named and left alone; the file system stays.
    let blink = board.file("blink.bin", &image::app(target, "blink", "1.2.3"));
    ok(
        &board,
        &["--after", "no-reset", "write-flash", "0x10000", &blink],
    );
    let log = board.console_after_reset(Duration::from_millis(500));
    assert!(
        log.contains("I (") && log.contains("Project name:     blink"),
        "{log}"
    );
    assert!(
        log.contains("the app in flash is blink 1.2.3, not esprit"),
        "{log}"
    );

    // An image with a flipped bit is refused with the bootloader's words, in a loop.
    let mut broken = factory::esprit_app(target);
    broken[60] ^= 0x10;
    let broken = board.file("broken.bin", &broken);
    ok(&board, &["write-flash", "0x10000", &broken]);
    let log = board.console(Duration::from_millis(1500));
    assert!(
        log.contains("esp_image: image at 0x10000 Checksum failed."),
        "{log}"
    );
    assert!(
        log.matches("Factory app partition is not bootable").count() >= 2,
        "{log}"
    );

    ok(&board, &["write-flash", "0x10000", &app]);
    let (status, out) = board.mpremote(&["exec", "print(open('kept.txt').read())"]);
    assert_eq!((status, out.as_str()), (Some(0), "yes\n"));
}

#[test]
fn flashes_over_a_pty_in_download_mode_then_runs_the_app() {
    if tool("ESPRIT_ESPTOOL").is_none() || tool("ESPRIT_MPREMOTE").is_none() {
        return;
    }
    let board = Board::start("pty", &["--pty", "--boot-mode", "download"]);
    assert!(board.port.starts_with("/dev/"), "{}", board.port);
    let data = pattern(3000, 3);
    let file = board.file("data.bin", &data);
    let no_reset = ["--no-stub", "--before", "no-reset", "--after", "no-reset"];
    let out = ok(&board, &[&no_reset[..], &["chip-id"]].concat());
    assert!(out.contains("ESP32-D0WD-V3"), "{out}");
    ok(
        &board,
        &[&no_reset[..], &["write-flash", "0x100000", &file]].concat(),
    );
    assert_eq!(&board.flash()[0x10_0000..0x10_0000 + data.len()], &data[..]);
    // FLASH_END "run user code": the ROM leaves for the app, which is esprit.
    ok(&board, &[&no_reset[..], &["run"]].concat());
    let (status, out) = board.mpremote(&["exec", "print('up')"]);
    assert_eq!((status, out.as_str()), (Some(0), "up\n"));
}

#[test]
fn flashes_the_real_c3_firmware_and_boots_it() {
    if tool("ESPRIT_ESPTOOL").is_none() || tool("ESPRIT_MPREMOTE").is_none() {
        return;
    }
    // `cargo xtask test` builds it first (`cargo xtask firmware`).
    let image = repo_root().join("target/firmware/esprit-esp32c3.bin");
    let Ok(bytes) = std::fs::read(&image) else {
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED: {} is missing; `cargo xtask firmware` builds it. ***\n",
            image.display()
        );
        return;
    };
    let board = Board::rfc2217("firmware", "esp32c3");
    ok(&board, &["erase-flash"]);
    let path = board.file("esprit-esp32c3.bin", &bytes);
    ok(&board, &["write-flash", "0x0", &path]);
    assert_eq!(&board.flash()[..bytes.len()], &bytes[..]);
    let log = board.console_after_reset(Duration::from_millis(800));
    assert!(log.contains("Project name:     esprit-firmware"), "{log}");
    let (status, out) = board.mpremote(&["exec", "import sys; print(sys.platform)"]);
    assert_eq!((status, out.as_str()), (Some(0), "esp32\n"));
}

#[test]
fn a_flash_cut_off_half_way_leaves_the_rest_alone_and_does_not_boot() {
    if tool("ESPRIT_ESPTOOL").is_none() {
        return;
    }
    let target = Target::Esp32;
    let board = Board::rfc2217("cut", "esp32");
    // A valid esprit app of 160 KiB, written through the ROM (1 KiB a command), and the
    // esptool process killed a few seconds in, as when a cable is pulled.
    let mut data = image::app_desc("esprit", "9.9.9");
    data.extend(pattern(160 * 1024, 4));
    let app = image::build(
        target,
        image::iram_base(target),
        &[(image::drom_base(target), &data)],
    );
    let path = board.file("big.bin", &app);
    let before = board.flash();
    let esptool = tool("ESPRIT_ESPTOOL").expect("checked above");
    let mut child = Command::new(esptool)
        .args(["--port", &board.port, "--no-stub", "--after", "no-reset"])
        .args(["write-flash", "-u", "0x10000", &path])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("esptool starts");
    // Wait until some of the new app is in flash, then pull the plug.
    let started = Instant::now();
    while board.flash()[0x1_0000..0x1_0400] != app[..0x400] {
        assert!(
            started.elapsed() < LIMIT,
            "esptool never wrote the first block"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let _ = child.kill();
    let _ = child.wait();
    let after = board.flash();
    let end = 0x1_0000 + app.len().div_ceil(0x1000) * 0x1000;
    only_changed(&before, &after, 0x1_0000, end);
    // What arrived is the app's beginning; the ROM erased the rest of the region up front.
    let written = (0x1_0000..end)
        .find(|&i| after[i..end].iter().all(|&b| b == 0xFF))
        .expect("the tail is erased");
    assert!(
        written > 0x1_0400 && written < 0x1_0000 + app.len(),
        "0x{written:x}"
    );
    assert_eq!(&after[0x1_0000..written], &app[..written - 0x1_0000]);
    let log = board.console_after_reset(Duration::from_millis(800));
    assert!(
        log.contains("Factory app partition is not bootable"),
        "{log}"
    );
}

#[test]
fn the_c3_over_a_pty_flashes_with_the_stub_and_boots_by_watchdog() {
    if tool("ESPRIT_ESPTOOL").is_none() || tool("ESPRIT_MPREMOTE").is_none() {
        return;
    }
    let board = Board::start(
        "pty-c3",
        &["--pty", "--chip", "esp32c3", "--boot-mode", "download"],
    );
    let data = pattern(30_000, 5);
    let file = board.file("data.bin", &data);
    let out = ok(
        &board,
        &[
            "--before",
            "no-reset",
            "--after",
            "watchdog-reset",
            "write-flash",
            "0x100000",
            &file,
        ],
    );
    assert!(
        out.contains("Stub flasher running.") && out.contains("Hard resetting with a watchdog"),
        "{out}"
    );
    assert_eq!(&board.flash()[0x10_0000..0x10_0000 + data.len()], &data[..]);
    // The watchdog reset samples BOOT afresh (released since power-on): esprit boots.
    let (status, out) = board.mpremote(&["exec", "print('up')"]);
    assert_eq!((status, out.as_str()), (Some(0), "up\n"));
}
