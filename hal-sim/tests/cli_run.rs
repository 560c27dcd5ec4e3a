//! `esprit run --diagram ... --until ... --events ... --vcd ... --state ...` as a user runs it.

use std::path::PathBuf;
use std::process::Command;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("esprit-cli-run-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const DIAGRAM: &str = r#"{
  "version": 1, "author": "t", "editor": "wokwi",
  "parts": [
    { "type": "board-esp32-devkit-c-v4", "id": "esp", "top": 0, "left": 0, "attrs": {} },
    { "type": "wokwi-led", "id": "led1", "top": 0, "left": 100, "attrs": {} },
    { "type": "wokwi-pushbutton", "id": "btn1", "top": 0, "left": 200, "attrs": { "bounce": "0" } }
  ],
  "connections": [
    [ "esp:2", "led1:A", "green", [] ], [ "led1:C", "esp:GND.1", "black", [] ],
    [ "esp:4", "btn1:1.l", "", [] ], [ "btn1:2.r", "esp:GND.2", "", [] ]
  ]
}"#;

const PROGRAM: &str = "\
from machine import Pin
import time
led = Pin(2, Pin.OUT)
btn = Pin(4, Pin.IN, Pin.PULL_UP)
while True:
    led.value(not btn.value())
    time.sleep_ms(10)
";

#[test]
fn runs_on_the_diagram_with_events_and_writes_vcd_and_state() {
    let d = dir("ok");
    std::fs::write(d.join("diagram.json"), DIAGRAM).unwrap();
    std::fs::write(d.join("main.py"), PROGRAM).unwrap();
    std::fs::write(
        d.join("events.json"),
        r#"[{"time": "1s", "part": "btn1", "action": "press"}]"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_esprit"))
        .current_dir(&d)
        .args([
            "run",
            "--diagram",
            "diagram.json",
            "--until",
            "2s",
            "--events",
            "events.json",
            "--vcd",
            "out.vcd",
            "--state",
            "parts.json",
            "main.py",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vcd = std::fs::read_to_string(d.join("out.vcd")).unwrap();
    assert!(
        vcd.contains("$var wire 1 ") && vcd.contains(" GPIO2 $end"),
        "{}",
        vcd
    );
    // The LED lights within one 10 ms poll of the press.
    assert!(vcd.contains("#1000000") || vcd.contains("#10"), "{}", vcd);
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("parts.json")).unwrap()).unwrap();
    assert_eq!(state["led1"]["kind"], "led");
    assert_eq!(state["led1"]["brightness"], 1.0);
    assert_eq!(state["btn1"]["pressed"], true);
}

#[test]
fn a_malformed_diagram_is_named() {
    let d = dir("bad");
    std::fs::write(
        d.join("diagram.json"),
        DIAGRAM.replace("\"led1:C\"", "\"led2:C\""),
    )
    .unwrap();
    std::fs::write(d.join("main.py"), "print(1)\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_esprit"))
        .current_dir(&d)
        .args([
            "run",
            "--diagram",
            "diagram.json",
            "--until",
            "1s",
            "main.py",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 9") && err.contains("names no part \"led2\""),
        "{}",
        err
    );
    std::fs::write(d.join("diagram.json"), DIAGRAM).unwrap();
    std::fs::write(
        d.join("events.json"),
        r#"[{"time": "1s", "part": "nope", "action": "press"}]"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_esprit"))
        .current_dir(&d)
        .args([
            "run",
            "--diagram",
            "diagram.json",
            "--events",
            "events.json",
            "main.py",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no part \"nope\""));
}

#[test]
fn plain_run_has_the_bare_board() {
    let out = Command::new(env!("CARGO_BIN_EXE_esprit"))
        .args(["-c", "import machine\np = machine.Pin(2, machine.Pin.OUT)\np.on()\nprint(p.value(), machine.unique_id().hex())"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1 240ac4000110\n");
}
