//! `esprit run --diagram diagram.json --until 5s [--events events.json] [--vcd out.vcd]
//! [--state parts.json] main.py`: a program on the simulated board for a span of virtual
//! time (as fast as the host goes), its output on stdout, the trace as VCD and the parts'
//! final state as JSON. Without `--diagram` the board is the bare DevKit.

use std::io::Write;
use std::process::ExitCode;

use hal_sim::board::SimBoard;
use hal_sim::board::events::{parse_duration, parse_events};
use hal_sim::board::runner::{RunEnd, check_events, run};
use vm::{Config, Stream};

/// Options of a simulated run; None when `args` asks for none (a plain `run`).
pub struct SimOptions {
    diagram: Option<String>,
    until_us: u64,
    events: Option<String>,
    vcd: Option<String>,
    state: Option<String>,
}

const FLAGS: &[&str] = &["--diagram", "--until", "--events", "--vcd", "--state"];

/// Takes the simulation flags out of `args` (after `run`). Err names a bad flag value.
pub fn take_options(args: &mut Vec<String>) -> Result<Option<SimOptions>, String> {
    if !args.iter().any(|a| FLAGS.contains(&a.as_str())) {
        return Ok(None);
    }
    let mut o = SimOptions {
        diagram: None,
        until_us: 10_000_000,
        events: None,
        vcd: None,
        state: None,
    };
    let mut i = 0;
    while i < args.len() {
        let flag = args.get(i).cloned().unwrap_or_default();
        if !FLAGS.contains(&flag.as_str()) {
            i += 1;
            continue;
        }
        let Some(value) = args.get(i + 1).cloned() else {
            return Err(format!("{} needs a value", flag));
        };
        args.drain(i..i + 2);
        match flag.as_str() {
            "--diagram" => o.diagram = Some(value),
            "--until" => {
                o.until_us = parse_duration(&serde_json::Value::String(value.clone()))
                    .ok_or_else(|| format!("--until {}: not a duration like 5s or 250ms", value))?;
            }
            "--events" => o.events = Some(value),
            "--vcd" => o.vcd = Some(value),
            _ => o.state = Some(value),
        }
    }
    Ok(Some(o))
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("can't open file '{}': {}", path, e))
}

/// Runs `source` on the simulated board.
pub fn simulate(config: Config, o: &SimOptions, source: &str, filename: &str) -> ExitCode {
    match simulate_inner(config, o, source, filename) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("esprit: {}", msg);
            ExitCode::from(2)
        }
    }
}

fn simulate_inner(
    config: Config,
    o: &SimOptions,
    source: &str,
    filename: &str,
) -> Result<ExitCode, String> {
    let board = match &o.diagram {
        Some(path) => {
            SimBoard::from_diagram_json(&read(path)?).map_err(|e| format!("{}: {}", path, e))?
        }
        None => SimBoard::bare(),
    };
    let board = board.shared();
    if let Some(path) = &o.events {
        let events = parse_events(&read(path)?).map_err(|e| format!("{}: {}", path, e))?;
        check_events(&board, &events).map_err(|e| format!("{}: {}", path, e))?;
        board.with(|b| b.schedule(&events));
    }
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let end = run(
        &board,
        config,
        source,
        filename,
        o.until_us,
        &mut |stream, bytes| {
            let _ = match stream {
                Stream::Stdout => stdout.write_all(bytes),
                Stream::Stderr => stderr.write_all(bytes),
            };
        },
    );
    let _ = stdout.flush();
    if let Some(path) = &o.vcd {
        let text = board.with(|b| b.vcd()).unwrap_or_default();
        std::fs::write(path, text).map_err(|e| format!("can't write '{}': {}", path, e))?;
    }
    if let Some(path) = &o.state {
        let parts: serde_json::Map<String, serde_json::Value> = board
            .with(|b| b.parts())
            .unwrap_or_default()
            .into_iter()
            .map(|(id, s)| (id, serde_json::to_value(s).unwrap_or_default()))
            .collect();
        let text = serde_json::to_string_pretty(&parts).unwrap_or_default();
        std::fs::write(path, text + "\n").map_err(|e| format!("can't write '{}': {}", path, e))?;
    }
    Ok(match end {
        RunEnd::Finished | RunEnd::TimeUp => ExitCode::SUCCESS,
        RunEnd::Exit(code) => ExitCode::from(code as u8),
        RunEnd::Exception(tb) => {
            eprint!("{}", tb);
            ExitCode::from(1)
        }
    })
}
