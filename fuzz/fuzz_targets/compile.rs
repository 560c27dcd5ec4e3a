//! The lexer, parser and compiler fed arbitrary text: every input compiles or gives a
//! SyntaxError-style error, never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vm::{Config, Vm};

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let mut vm = Vm::new(Config {
        heap_bytes: 64 * 1024,
        ..Config::default()
    });
    if let Err(e) = vm.load_main(&source, "<fuzz>") {
        // A refused program must say why, naming a line.
        assert!(
            e.traceback.contains("line"),
            "error without a line: {}",
            e.traceback
        );
    }
});
