//! Teaching labs with automatic checks (docs/labs.md describes the format for teachers).
//!
//! A lab is a folder: instructions, a starter and a reference program, a diagram and a
//! `checks.toml`. The checks say how long to run the student's program in virtual time, which
//! inputs to give it when (button presses, pot positions, serial input, or Wokwi
//! automation-scenario steps), and what to assert on the run's [`Recording`]: the pin trace, PWM,
//! the console, part states (displays, NeoPixels, servos) and any uncaught exception.
//!
//! Everything here is pure: no threads, files or wall clock, because the page runs the same
//! engine in wasm. The caller reads the files and hands over their text ([`LabFiles`]).

pub mod board;
pub mod checks;
pub mod duration;
pub mod font;
pub mod parse;
pub mod record;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod spec;

pub use board::LabBoard;
pub use parse::{LabError, parse_checks};
pub use record::Recording;
pub use report::{CheckOutcome, LabReport};
pub use runner::{LabFiles, run_lab};
pub use spec::{Check, CheckKind, LabSpec};
