//! `esprit`: run Python on the host.
//!
//! - `esprit run FILE.py [ARGS...]`: run a script; its output goes to stdout, an uncaught
//!   exception's traceback to stderr with exit status 1.
//! - `esprit -c CODE`: run a string.
//! - `esprit`: on a terminal, MicroPython's console (friendly REPL with editing and history,
//!   Ctrl-E paste mode, Ctrl-A raw REPL and raw-paste, Ctrl-C, Ctrl-D to leave) through
//!   `vm::repl`; with piped input, a plain line REPL (`>>>` / `...`).
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

/// The MicroPython console on a terminal: the byte-level REPL state machine of `vm::repl`
/// (friendly REPL with editing and history, paste mode, raw REPL and raw-paste, so mpremote can
/// drive it over a pseudo-terminal). The terminal is put in raw mode with `stty`; Ctrl-D at
/// the friendly prompt leaves (a board would soft-reset).
/// Tab completion from the live VM.
struct VmCompleter<'a>(std::cell::RefCell<&'a mut Vm>);

impl vm::repl::Completer for VmCompleter<'_> {
    fn complete(&self, scope: vm::repl::Scope<'_>, partial: &str) -> Vec<String> {
        self.0.borrow_mut().completions(scope, partial)
    }
}

fn terminal_repl(config: Config) -> u8 {
    use std::sync::mpsc;
    use vm::repl::{Action, Banner, ExecMode, ExecOutcome, Limits, NoCompletion, Repl};

    let stty = |args: &[&str]| {
        let _ = std::process::Command::new("stty")
            .args(args)
            .stdin(std::process::Stdio::inherit())
            .status();
    };
    stty(&["raw", "-echo"]);
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin();
        let mut buf = [0u8; 256];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let banner = Banner {
        version: String::from("v1.24.1"),
        build_date: String::from("2026-11-25"),
        board: String::from("esprit host"),
        mcu: String::from("ESP32"),
    };
    let mut repl = Repl::new(banner, Limits::default());
    let mut vm = Vm::new(config.clone());
    let mut out = std::io::stdout();
    let write_console = |out: &mut std::io::Stdout, bytes: &[u8]| {
        let mut crlf = Vec::with_capacity(bytes.len() + 8);
        for &b in bytes {
            if b == b'\n' {
                crlf.push(b'\r');
            }
            crlf.push(b);
        }
        let _ = out.write_all(&crlf);
        let _ = out.flush();
    };
    let mut todo = repl.start();
    let status = 'outer: loop {
        while !todo.is_empty() {
            for action in std::mem::take(&mut todo) {
                match action {
                    Action::Output(bytes) => {
                        let _ = out.write_all(&bytes);
                        let _ = out.flush();
                    }
                    Action::SoftReset => {
                        if repl.mode() == vm::repl::Mode::Friendly {
                            break 'outer 0;
                        }
                        vm = Vm::new(config.clone());
                        todo.extend(repl.start());
                    }
                    Action::Interrupt => vm.interrupt(),
                    Action::InputLine(line) => {
                        vm.feed_input(line.as_bytes());
                        vm.feed_input(b"\n");
                    }
                    Action::InputEof => vm.close_input(),
                    Action::Execute { source, mode } => {
                        let loaded = match mode {
                            ExecMode::Single | ExecMode::Paste => vm.load_repl_input(&source),
                            ExecMode::File => vm.load_main(&source, "<stdin>"),
                        };
                        let mut reading_line = false;
                        let outcome = match loaded {
                            Err(e) => ExecOutcome::Error(e.traceback.into_bytes()),
                            Ok(()) => loop {
                                let r = vm.run(20_000);
                                for (_, bytes) in vm.take_output() {
                                    write_console(&mut out, &bytes);
                                }
                                while let Ok(bytes) = rx.try_recv() {
                                    todo.extend(repl.feed(&bytes, &NoCompletion));
                                }
                                let mut delivered = false;
                                for a in std::mem::take(&mut todo) {
                                    match a {
                                        Action::Interrupt => vm.interrupt(),
                                        Action::InputLine(line) => {
                                            reading_line = false;
                                            delivered = true;
                                            vm.feed_input(line.as_bytes());
                                            vm.feed_input(b"\n");
                                        }
                                        Action::InputEof => {
                                            reading_line = false;
                                            delivered = true;
                                            vm.close_input();
                                        }
                                        Action::Output(bytes) => {
                                            let _ = out.write_all(&bytes);
                                            let _ = out.flush();
                                        }
                                        other => todo.push(other),
                                    }
                                }
                                match r {
                                    RunOutcome::BudgetExhausted => {}
                                    RunOutcome::Finished => break ExecOutcome::Ok,
                                    RunOutcome::Exit(_) => break ExecOutcome::SystemExit,
                                    RunOutcome::Exception => {
                                        let tb = vm.last_traceback().unwrap_or_default();
                                        break ExecOutcome::Error(tb.into_bytes());
                                    }
                                    RunOutcome::Sleeping { until_us } => {
                                        let step =
                                            until_us.saturating_sub(vm.time_us()).min(10_000);
                                        std::thread::sleep(std::time::Duration::from_micros(step));
                                        vm.advance_time_us(step);
                                    }
                                    RunOutcome::WaitingForInput => {
                                        if !reading_line {
                                            reading_line = true;
                                            todo.extend(repl.start_input_line());
                                        }
                                        if todo.is_empty() && !delivered {
                                            match rx.recv() {
                                                Ok(bytes) => {
                                                    todo.extend(repl.feed(&bytes, &NoCompletion))
                                                }
                                                Err(_) => vm.close_input(),
                                            }
                                        }
                                    }
                                }
                            },
                        };
                        todo.extend(repl.execution_finished(outcome));
                    }
                }
            }
        }
        match rx.recv() {
            Ok(bytes) => {
                todo.extend(repl.feed(&bytes, &VmCompleter(std::cell::RefCell::new(&mut vm))))
            }
            Err(_) => break 0,
        }
    };
    stty(&["sane"]);
    println!();
    status
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
        None => {
            use std::io::IsTerminal;
            if std::io::stdin().is_terminal() {
                ExitCode::from(terminal_repl(config))
            } else {
                ExitCode::from(repl(config))
            }
        }
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
