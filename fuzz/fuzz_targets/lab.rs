//! A lab's checks.toml or Wokwi scenario.yaml as a teacher might write it (the first byte
//! picks which): any text loads or is refused with a message naming the file, never a panic.
#![no_main]

use hal_sim::labs::runner::{Lab, LabFiles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let scenario = which & 1 == 1;
    let files = LabFiles {
        checks_name: "checks.toml",
        checks: (!scenario).then_some(&*text),
        diagram_name: "diagram.json",
        diagram: None,
        scenario_name: "scenario.yaml",
        scenario: scenario.then_some(&*text),
    };
    if let Err(e) = Lab::load(&files) {
        let message = e.to_string();
        let file = if scenario {
            "scenario.yaml"
        } else {
            "checks.toml"
        };
        assert!(message.contains(file), "error without the file: {message}");
    }
});
