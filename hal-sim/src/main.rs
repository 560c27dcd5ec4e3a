//! `esprit`: run Python on the host.
//!
//! - `esprit run FILE.py [ARGS...]`: run a script; its output goes to stdout, an uncaught
//!   exception's traceback to stderr with exit status 1.
//! - `esprit -c CODE`: run a string.
//! - `esprit`: the board's REPL on the terminal (raw mode; Ctrl-D soft-resets, Ctrl-X quits).
//! - `esprit serve --pty [--flash PATH]`: the board with its console on a new pseudo-terminal.
//! - `esprit grade LAB_DIR STUDENT.py...`: judge programs with a lab's checks (grade.rs).
//! - `esprit serve --rfc2217 HOST:PORT`: the board's serial port over RFC 2217, DTR/RTS and all.
//!   Both serve the whole chip: its boot log, then the esprit console, or the ROM's download
//!   mode after esptool's reset sequence (`--boot-mode download` starts there, for a pty, which
//!   has no DTR/RTS); `--chip esp32|esp32c3` picks the chip.
//!
//! `--heap SIZE` (bytes, or with a `k`/`m` suffix) sets the GC heap's capacity;
//! `--gc-stress N` collects on every Nth allocation (a testing aid). `time.sleep`
//! sleeps the wall clock, so demos behave as on a board. `--flash PATH` keeps the board's
//! flash (its file system) in an image file, created blank when missing; without it every
//! run starts from an empty file system. The console runs `boot.py` then `main.py` from it.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;
use std::sync::mpsc;

mod grade;
#[cfg(unix)]
mod pty;
mod rfc2217;
mod session;
mod simulate;
#[cfg(unix)]
mod terminal;

use vm::{Config, RunOutcome, Stream, Vm};

fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_lowercase();
    let (num, mul) = if let Some(n) = s.strip_suffix('k') {
        (n, 1024)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 1024 * 1024)
    } else {
        (s.as_str(), 1)
    };
    num.parse::<usize>().ok().map(|n| n * mul)
}

fn flush(vm: &mut Vm) {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    for (stream, bytes) in vm.take_output() {
        match stream {
            Stream::Stdout => {
                let _ = out.write_all(&bytes);
            }
            Stream::Stderr => {
                let _ = out.flush();
                let _ = err.write_all(&bytes);
            }
        }
    }
    let _ = out.flush();
}

/// This process's stdin, a line at a time, read on a thread started when the program first
/// wants input: a program that sleeps while it waits for input (an asyncio StreamReader
/// beside timed tasks, `Vm::wants_input`) gets each line as soon as it is typed. None is
/// the end of input.
#[derive(Default)]
struct InputLines(Option<mpsc::Receiver<Option<String>>>);

impl InputLines {
    fn receiver(&mut self) -> &mpsc::Receiver<Option<String>> {
        self.0.get_or_insert_with(|| {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                loop {
                    let mut line = String::new();
                    let got = match std::io::stdin().lock().read_line(&mut line) {
                        Ok(0) | Err(_) => None,
                        Ok(_) => Some(line),
                    };
                    let end = got.is_none();
                    if tx.send(got).is_err() || end {
                        break;
                    }
                }
            });
            rx
        })
    }
}

fn give_input(vm: &mut Vm, line: Option<String>) {
    match line {
        Some(line) => vm.feed_input(line.as_bytes()),
        None => vm.close_input(),
    }
}

/// Runs the loaded program to the end. Returns the process exit status.
fn drive(vm: &mut Vm) -> u8 {
    let start = std::time::Instant::now();
    let mut input = InputLines::default();
    loop {
        let r = vm.run(100_000);
        flush(vm);
        match r {
            RunOutcome::Finished => return 0,
            RunOutcome::BudgetExhausted => {}
            RunOutcome::Sleeping { until_us } => {
                let now = start.elapsed().as_micros() as u64;
                let wait = std::time::Duration::from_micros(until_us.saturating_sub(now));
                if vm.wants_input() {
                    match input.receiver().recv_timeout(wait) {
                        Ok(line) => {
                            vm.set_time_us((start.elapsed().as_micros() as u64).min(until_us));
                            give_input(vm, line);
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) => vm.set_time_us(until_us),
                        Err(mpsc::RecvTimeoutError::Disconnected) => {
                            vm.set_time_us(until_us);
                            vm.close_input();
                        }
                    }
                } else {
                    std::thread::sleep(wait);
                    vm.set_time_us(until_us);
                }
            }
            RunOutcome::WaitingForInput => {
                let line = input.receiver().recv().ok().flatten();
                give_input(vm, line);
            }
            RunOutcome::Exception => {
                if let Some(tb) = vm.last_traceback() {
                    eprint!("{tb}");
                }
                return 1;
            }
            RunOutcome::Exit(code) => return code as u8,
        }
    }
}

fn run_source(config: Config, source: &str, filename: &str) -> u8 {
    let mut vm = Vm::new(config);
    hal_sim::flash_file::mount(&mut vm);
    // The bare DevKit, so `machine` works; its time is the VM's clock.
    vm.attach_board(hal_sim::board::SimBoard::bare().shared().hal());
    match vm.load_main(source, filename) {
        Ok(()) => drive(&mut vm),
        Err(e) => {
            eprint!("{}", e.traceback);
            1
        }
    }
}

const USAGE: &str = "\
usage: esprit [--heap SIZE] [--gc-stress N] [--flash PATH] [run FILE.py [ARGS...] | -c CODE | serve (--pty | --rfc2217 HOST:PORT) [--chip esp32|esp32c3] [--boot-mode flash|download]]

  esprit                 the board's REPL on this terminal, as on a serial console:
                         Ctrl-C interrupts, Ctrl-D on an empty line soft-resets,
                         Ctrl-E paste mode, Ctrl-A raw REPL; Ctrl-X quits esprit
  esprit run FILE.py     run a script (`-` reads it from stdin)
  esprit run --diagram diagram.json --until 5s [--events events.json] [--vcd out.vcd]
             [--state parts.json] FILE.py
                         run it on the simulated board (a Wokwi diagram; the bare DevKit
                         without one) for that much virtual time, as fast as the host
                         goes: timed input events, the pin trace as VCD, the parts'
                         final state as JSON
  esprit -c CODE         run a string
  esprit serve --pty     serve the board's console on a new pseudo-terminal (its path is
                         the first line printed) until killed, e.g. for
                         `mpremote connect PATH`; --flash PATH keeps the file system there
  esprit grade LAB_DIR STUDENT.py...  judge programs with a lab's checks (see docs/labs.md)
                         `mpremote connect PATH`; --flash PATH keeps the board's flash
                         (4 MiB: bootloader, partition table, app, file system) there
  esprit serve --rfc2217 127.0.0.1:PORT
                         serve it over RFC 2217 for `esptool --port rfc2217://127.0.0.1:PORT`
                         or `mpremote connect rfc2217://...`: DTR/RTS reset the chip into
                         download mode or boot it from flash, as on a DevKit (port 0: any free
                         port; the URL is the first line printed)
  --boot-mode download   power on in the ROM's download mode, as with BOOT held at power-on:
                         for esptool over a pty, which has no DTR/RTS (use `--before
                         no-reset`; boot the app with `--after watchdog-reset` on the C3, or
                         `--no-stub --after no-reset run` from the ROM)
  --chip esp32|esp32c3   the chip (ESP32 by default)
";

fn usage() -> ExitCode {
    eprint!("{USAGE}");
    ExitCode::from(2)
}

/// `serve (--pty | --rfc2217 ADDR) [--flash PATH] [--chip NAME] [--boot-mode MODE]`.
fn serve(config: Config, args: &[String]) -> ExitCode {
    let mut pty = false;
    let mut rfc2217 = None;
    let mut options = hal_sim::rom::chip::ChipOptions::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.clone().next().map(String::as_str)) {
            ("--pty", _) => pty = true,
            ("--rfc2217", Some(addr)) => rfc2217 = Some(addr.to_string()),
            ("--flash", Some(path)) => hal_sim::flash_file::set_image(path.into()),
            ("--chip", Some(name)) => match hal_sim::rom::target::Target::from_name(name) {
                Some(target) => options.target = target,
                None => return usage(),
            },
            ("--boot-mode", Some("download")) => options.download_at_power_on = true,
            ("--boot-mode", Some("flash")) => options.download_at_power_on = false,
            _ => return usage(),
        }
        if arg != "--pty" {
            args.next();
        }
    }
    let flash = hal_sim::flash_file::board_flash_for(options.target);
    let mut chip = hal_sim::rom::chip::Chip::new(config, flash, options);
    match (pty, rfc2217) {
        (false, Some(addr)) => ExitCode::from(rfc2217::serve(&addr, &mut chip)),
        #[cfg(unix)]
        (true, None) => ExitCode::from(pty::serve(&mut chip)),
        #[cfg(not(unix))]
        (true, None) => {
            eprintln!("esprit: serve --pty needs a Unix host; use --rfc2217");
            ExitCode::FAILURE
        }
        _ => usage(),
    }
}

/// The terminal REPL.
fn repl(config: Config) -> ExitCode {
    #[cfg(unix)]
    {
        ExitCode::from(terminal::repl(config))
    }
    #[cfg(not(unix))]
    {
        let _ = config;
        eprintln!("esprit: the REPL needs a Unix host; use `esprit run FILE.py`");
        ExitCode::FAILURE
    }
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut config = Config::default();
    if !hal_sim::flash_file::take_flash_arg(&mut args) {
        return usage();
    }
    if let Some(i) = args.iter().position(|a| a == "--heap") {
        let Some(size) = args.get(i + 1).and_then(|s| parse_size(s)) else {
            return usage();
        };
        config.heap_bytes = size;
        args.drain(i..i + 2);
    }
    if let Some(i) = args.iter().position(|a| a == "--gc-stress") {
        let Some(n) = args.get(i + 1).and_then(|s| s.parse().ok()) else {
            return usage();
        };
        config.gc_stress = n;
        args.drain(i..i + 2);
    }
    match args.first().map(String::as_str) {
        None => repl(config),
        Some("-h" | "--help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("serve") => serve(config, &args[1..]),
        Some("grade") => grade::grade(&args[1..]),
        Some("run") => {
            let sim = match simulate::take_options(&mut args) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("esprit: {e}");
                    return ExitCode::from(2);
                }
            };
            let Some(file) = args.get(1) else {
                return usage();
            };
            let source = if file == "-" {
                let mut s = String::new();
                let _ = std::io::stdin().read_to_string(&mut s);
                s
            } else {
                match std::fs::read_to_string(file) {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("esprit: can't open file '{file}': {e}");
                        return ExitCode::from(2);
                    }
                }
            };
            config.argv = args[1..].to_vec();
            match sim {
                Some(o) => simulate::simulate(config, &o, &source, file),
                None => ExitCode::from(run_source(config, &source, file)),
            }
        }
        Some("-c") => {
            let Some(code) = args.get(1) else {
                return usage();
            };
            config.argv = vec![String::from("-c")];
            ExitCode::from(run_source(config, code, "<stdin>"))
        }
        Some(_) => usage(),
    }
}
