//! A lab's checks.toml as a teacher might write it: any text loads or is refused with a message
//! naming the file, never a panic.
#![no_main]

use hal_sim::labs::runner::{Lab, LabFiles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let files = LabFiles {
        checks_name: "checks.toml",
        checks: &text,
        diagram_name: "diagram.json",
        diagram: None,
    };
    if let Err(e) = Lab::load(&files) {
        let message = e.to_string();
        assert!(
            message.contains("checks.toml"),
            "error without the file: {message}"
        );
    }
});
