//! `esprit`: run Python on the host.
//!
//! - `esprit run FILE.py [ARGS...]`: run a script; its output goes to stdout, an uncaught
//!   exception's traceback to stderr with exit status 1.
//! - `esprit -c CODE`: run a string.
//! - `esprit`: a line REPL (`>>>` / `...`).
//!
//! `--heap SIZE` (bytes, or with a `k`/`m` suffix) sets the GC heap's capacity;
//! `--gc-stress N` collects on every Nth allocation (a testing aid). `time.sleep`
//! sleeps the wall clock, so demos behave as on a board.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

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

/// Runs the loaded program to the end. Returns the process exit status.
fn drive(vm: &mut Vm) -> u8 {
    let start = std::time::Instant::now();
    loop {
        let r = vm.run(100_000);
        flush(vm);
        match r {
            RunOutcome::Finished => return 0,
            RunOutcome::BudgetExhausted => {}
            RunOutcome::Sleeping { until_us } => {
                let now = start.elapsed().as_micros() as u64;
                if until_us > now {
                    std::thread::sleep(std::time::Duration::from_micros(until_us - now));
                }
                vm.set_time_us(until_us);
            }
            RunOutcome::WaitingForInput => {
                let mut line = String::new();
                match std::io::stdin().lock().read_line(&mut line) {
                    Ok(0) | Err(_) => vm.close_input(),
                    Ok(_) => vm.feed_input(line.as_bytes()),
                }
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
    match vm.load_main(source, filename) {
        Ok(()) => drive(&mut vm),
        Err(e) => {
            eprint!("{}", e.traceback);
            1
        }
    }
}

fn repl(config: Config) -> u8 {
    let mut vm = Vm::new(config);
    println!("esprit (MicroPython-compatible) on host; Ctrl-D to exit");
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        print!(">>> ");
        let _ = std::io::stdout().flush();
        let Some(Ok(first)) = lines.next() else {
            return 0;
        };
        let mut src = first.clone();
        let needs_more = first.trim_end().ends_with(':');
        if needs_more {
            loop {
                print!("... ");
                let _ = std::io::stdout().flush();
                let Some(Ok(l)) = lines.next() else { break };
                if l.trim().is_empty() {
                    break;
                }
                src.push('\n');
                src.push_str(&l);
            }
        }
        src.push('\n');
        match vm.load_repl_input(&src) {
            Ok(()) => {
                if let Ok(code) = u8::try_from(drive_repl(&mut vm))
                    && code != 255
                {
                    return code;
                }
            }
            Err(e) => eprint!("{}", e.traceback),
        }
    }
}

/// Runs one REPL input; returns 255 to keep going, else the exit status (SystemExit).
fn drive_repl(vm: &mut Vm) -> i32 {
    loop {
        let r = vm.run(100_000);
        flush(vm);
        match r {
            RunOutcome::Finished => return 255,
            RunOutcome::BudgetExhausted => {}
            RunOutcome::Sleeping { until_us } => {
                std::thread::sleep(std::time::Duration::from_micros(
                    until_us.saturating_sub(vm.time_us()),
                ));
                vm.set_time_us(until_us);
            }
            RunOutcome::WaitingForInput => {
                let mut line = String::new();
                match std::io::stdin().lock().read_line(&mut line) {
                    Ok(0) | Err(_) => vm.close_input(),
                    Ok(_) => vm.feed_input(line.as_bytes()),
                }
            }
            RunOutcome::Exception => {
                if let Some(tb) = vm.last_traceback() {
                    eprint!("{tb}");
                }
                return 255;
            }
            RunOutcome::Exit(code) => return code,
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: esprit [--heap SIZE] [run FILE.py [ARGS...] | -c CODE]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut config = Config::default();
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
        None => ExitCode::from(repl(config)),
        Some("run") => {
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
            ExitCode::from(run_source(config, &source, file))
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
