//! The teaching labs in www/labs: every reference solution passes all its checks, every starter
//! fails with the message a student should see, deliberately wrong programs fail each kind of
//! check with the right explanation, and `esprit grade` exits, prints and writes its reports as
//! documented (docs/labs.md).

use std::path::{Path, PathBuf};
use std::time::Duration;

use esprit_tests::{repo_root, run_esprit};
use hal_sim::labs::LabReport;
use hal_sim::labs::runner::{Lab, LabFiles, run_lab};

fn labs_dir() -> PathBuf {
    repo_root().join("www").join("labs")
}

fn load(name: &str) -> Lab {
    let dir = labs_dir().join(name);
    let checks = std::fs::read_to_string(dir.join("checks.toml")).expect("checks.toml");
    let diagram = std::fs::read_to_string(dir.join("diagram.json")).ok();
    let scenario = std::fs::read_to_string(dir.join("scenario.yaml")).ok();
    Lab::load(&LabFiles {
        checks_name: "checks.toml",
        checks: Some(&checks),
        diagram_name: "diagram.json",
        diagram: diagram.as_deref(),
        scenario_name: "scenario.yaml",
        scenario: scenario.as_deref(),
    })
    .unwrap_or_else(|e| panic!("lab {name} does not load: {e}"))
}

fn run(lab: &str, program: &Path) -> LabReport {
    let source = std::fs::read_to_string(program).expect("program");
    run_lab(&load(lab), &source, &program.display().to_string())
}

fn failures(r: &LabReport) -> String {
    r.checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| format!("{}: {}", c.name, c.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every lab, with (part of) the explanation its starter must fail with.
const STARTERS: &[(&str, &str)] = &[
    (
        "hello-serial",
        "expected a serial line matching /^Hello, world!$/ by 1.000 s, but the program printed nothing",
    ),
    (
        "blink",
        "expected led1 (GPIO2) to toggle with a period of 1000 ms ± 5% for at least 4 cycles, \
         but it changed level only once in a run of 6.000 s (it ended high)",
    ),
    (
        "button-debounce",
        "expected led1 (GPIO2) to change within 50 ms of each press of btn1, but after the press \
         at 1.000 s it never changed (it stayed low)",
    ),
    (
        "pwm-fade",
        "expected led1 (GPIO5) to get steadily brighter between 100 ms and 1.900 s, but it stayed at 50%",
    ),
    (
        "pot-brightness",
        "expected led1 (GPIO5) to be at 50% ± 5% brightness at 1.400 s, but it was 0%",
    ),
    (
        "traffic-light",
        "expected green (GPIO27) to be high at 4.000 s, but it was low (it never changed before then)",
    ),
    (
        "oled-text",
        "expected oled1 to show \"Hello, ESP32!\" on line 0 at 2.000 s, but that line shows \"Hello!\"",
    ),
    (
        "neopixel-ring",
        "expected ring1's colours to change at least 20 times, but they changed 1 time in 3.000 s",
    ),
    (
        "servo-sweep",
        "expected servo1 to sweep from 0° to 180°, but it never came within 5° of 0° (it stayed at 180°)",
    ),
    (
        "dht22-weather",
        "expected oled1 to show \"Temp: 24.0 C\" on line 0 at 1.500 s, but that line is blank",
    ),
    (
        "asyncio-blink",
        "expected led2 (GPIO4) to toggle with a period of 400 ms ± 5% for at least 10 cycles, but \
         it never changed level in a run of 5.000 s (it ended low)",
    ),
    (
        "reaction-game",
        "step 2: waited since 0 s for the serial output \"Go!\", but it never came (the run ended at 8.000 s)",
    ),
];

/// Wrong programs, at least one per kind of check: (lab, file in tests/labs/wrong, explanation).
const WRONG: &[(&str, &str, &str)] = &[
    // toggles
    (
        "blink",
        "blink_too_fast.py",
        "expected led1 (GPIO2) to toggle with a period of 1000 ms ± 5% for at least 4 cycles, but \
         the period starting at 0 s was 500 ms (0 good cycles in a row at best)",
    ),
    // no-exception
    (
        "blink",
        "blink_typo.py",
        "expected the program to run without an uncaught exception, but at 500 ms it stopped with \
         AttributeError: 'module' object has no attribute 'sleeep'",
    ),
    // level
    (
        "traffic-light",
        "traffic_wrong_order.py",
        "expected yellow (GPIO26) to be high at 6.500 s, but it was low (it last changed at 4.000 s)",
    ),
    // debounce: an IRQ that toggles on every bounce
    (
        "button-debounce",
        "button_no_debounce.py",
        "expected led1 (GPIO2) to be high at 1.200 s, but it was low (it last changed at 1.001 s)",
    ),
    // responds
    (
        "button-debounce",
        "button_slow_poll.py",
        "expected led1 (GPIO2) to change within 50 ms of each press of btn1, but after the press at \
         1.000 s it did not change until 1.200 s (200 ms later)",
    ),
    // serial
    (
        "hello-serial",
        "hello_typo.py",
        "expected a serial line matching /^Hello, world!$/ by 1.000 s, but the program printed 7 \
         lines, the last at 0 s: \"Sum: 5050\"",
    ),
    // display
    (
        "oled-text",
        "oled_wrong_line.py",
        "expected oled1 to show \"Hello, ESP32!\" on line 0 at 2.000 s, but that line is blank",
    ),
    // servo
    (
        "servo-sweep",
        "servo_half_sweep.py",
        "expected servo1 to sweep from 0° to 180°, but after reaching 0° at 0 s it never came \
         within 5° of 180° (after that it stayed between 0° and 90°)",
    ),
    (
        "servo-sweep",
        "servo_jump.py",
        "expected servo1 to sweep from 0° to 180°, but it jumped from 0° at 0 s to 180° at 1.000 s \
         without passing the angles between",
    ),
    // brightness
    (
        "pwm-fade",
        "fade_blink.py",
        "expected led1 (GPIO5) to get steadily brighter between 100 ms and 1.900 s, but it stayed at 100%",
    ),
    (
        "pot-brightness",
        "pot_inverted.py",
        "expected led1 (GPIO5) to be at 0% ± 5% brightness at 900 ms, but it was 100%",
    ),
    // neopixel
    (
        "neopixel-ring",
        "ring_green.py",
        "expected ring1 pixel 2 to be #ff0000 at 250 ms, but it was #00ff00",
    ),
    // a Wokwi expect-pin step
    (
        "reaction-game",
        "reaction_no_led.py",
        "step 3: expected led1:A to be 1 at 2.000 s, but it was 0",
    ),
];

fn lab_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(labs_dir())
        .expect("www/labs")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("checks.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn there_are_twelve_complete_labs_all_in_the_index() {
    let names = lab_names();
    assert!(names.len() >= 12, "only {} labs: {names:?}", names.len());
    let index = std::fs::read_to_string(labs_dir().join("index.json")).expect("index.json");
    for name in &names {
        for file in ["README.md", "main.py", "solution.py", "checks.toml"] {
            assert!(
                labs_dir().join(name).join(file).exists(),
                "lab {name} has no {file}"
            );
        }
        assert!(
            index.contains(&format!("\"id\": \"{name}\"")),
            "lab {name} is missing from www/labs/index.json"
        );
        assert!(
            STARTERS.iter().any(|(lab, _)| lab == name),
            "lab {name} has no expected starter message in tests/labs.rs"
        );
    }
}

#[test]
fn every_solution_passes_every_check() {
    for name in lab_names() {
        let r = run(&name, &labs_dir().join(&name).join("solution.py"));
        assert!(
            r.passed(),
            "lab {name}: the reference solution fails:\n{}\nconsole:\n{}",
            failures(&r),
            r.console
        );
    }
}

#[test]
fn every_starter_fails_with_its_expected_message() {
    for (name, expected) in STARTERS {
        let r = run(name, &labs_dir().join(name).join("main.py"));
        let got = failures(&r);
        assert!(
            !r.passed() && got.contains(expected),
            "lab {name}: the starter should fail with\n  {expected}\nbut the failures were:\n{got}"
        );
    }
}

#[test]
fn wrong_programs_fail_with_the_right_explanation() {
    let dir = repo_root().join("tests").join("labs").join("wrong");
    for (lab, file, expected) in WRONG {
        let r = run(lab, &dir.join(file));
        let got = failures(&r);
        assert!(
            got.contains(expected),
            "lab {lab}, {file}: expected a failure saying\n  {expected}\nbut the failures were:\n{got}\nconsole:\n{}",
            r.console
        );
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("esprit-labs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

const LIMIT: Duration = Duration::from_secs(120);

#[test]
fn grade_exits_zero_only_when_everything_passes_and_writes_its_reports() {
    let lab = labs_dir().join("blink");
    let lab_s = lab.display().to_string();
    let solution = lab.join("solution.py").display().to_string();
    let starter = lab.join("main.py").display().to_string();
    let out = scratch("grade");
    let json = out.join("report.json").display().to_string();
    let junit = out.join("report.xml").display().to_string();

    let pass = run_esprit(
        &[
            "grade", &lab_s, &solution, "--json", &json, "--junit", &junit,
        ],
        &out,
        LIMIT,
    );
    assert_eq!(pass.status, Some(0), "{pass:?}");
    assert!(pass.stdout.contains("PASS    4/4"), "{}", pass.stdout);
    let j = std::fs::read_to_string(&json).expect("json written");
    assert!(
        j.starts_with("{\"lab\":") && j.contains("\"passed\":true"),
        "{j}"
    );

    let mixed = run_esprit(
        &[
            "grade", &lab_s, &solution, &starter, "--json", &json, "--junit", &junit,
        ],
        &out,
        LIMIT,
    );
    assert_eq!(mixed.status, Some(1), "{mixed:?}");
    assert!(mixed.stdout.contains("FAIL    2/4"), "{}", mixed.stdout);
    assert!(
        mixed.stdout.contains("expected led1 (GPIO2) to toggle"),
        "the table explains failures: {}",
        mixed.stdout
    );
    let j = std::fs::read_to_string(&json).expect("json written");
    assert_eq!(j.matches("\"submission\":").count(), 2, "{j}");
    assert!(j.contains("\"passed\":false"), "{j}");
    let x = std::fs::read_to_string(&junit).expect("junit written");
    assert!(x.starts_with("<?xml"), "{x}");
    assert!(
        x.contains("<testsuites name=") && x.contains("tests=\"8\" failures=\"2\""),
        "{x}"
    );
    assert_eq!(x.matches("<failure message=").count(), 2, "{x}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn grade_names_the_file_line_and_field_of_a_malformed_lab() {
    let dir = scratch("malformed");
    std::fs::write(
        dir.join("checks.toml"),
        "until = \"2s\"\n\n[[check]]\nkind = \"toggles\"\npin = \"led1\"\nperiod = \"often\"\n",
    )
    .expect("write");
    std::fs::write(dir.join("student.py"), "print(1)\n").expect("write");
    let d = dir.display().to_string();
    let r = run_esprit(&["grade", &d, "student.py"], &dir, LIMIT);
    assert_eq!(r.status, Some(2), "{r:?}");
    assert!(
        r.stderr
            .contains("checks.toml:6: check[1].period: 'often' is not a duration"),
        "{}",
        r.stderr
    );

    std::fs::write(
        dir.join("checks.toml"),
        "[[check]]\nkind = \"serial\"\ncontains = \"1\"\n",
    )
    .expect("write");
    std::fs::write(dir.join("diagram.json"), "{ \"parts\": [ }").expect("write");
    let r = run_esprit(&["grade", &d, "student.py"], &dir, LIMIT);
    assert_eq!(r.status, Some(2), "{r:?}");
    assert!(
        r.stderr.contains("diagram.json:1: not valid JSON"),
        "{}",
        r.stderr
    );

    let r = run_esprit(&["grade", &d], &dir, LIMIT);
    assert_eq!(r.status, Some(2), "no submissions is a usage error: {r:?}");

    std::fs::remove_file(dir.join("diagram.json")).expect("rm");
    std::fs::write(dir.join("checks.toml"), "until = \"2s\"\n").expect("write");
    let r = run_esprit(&["grade", &d, "student.py"], &dir, LIMIT);
    assert_eq!(r.status, Some(2), "{r:?}");
    assert!(
        r.stderr
            .contains("checks.toml: check: the lab has no [[check]]"),
        "{}",
        r.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_wokwi_project_with_only_a_scenario_is_a_lab() {
    let dir = scratch("scenario");
    std::fs::copy(
        labs_dir().join("blink").join("diagram.json"),
        dir.join("diagram.json"),
    )
    .expect("copy diagram");
    std::fs::write(
        dir.join("scenario.yaml"),
        "name: Blink after ready\nversion: 1\nsteps:\n  - wait-serial: 'ready'\n  - delay: 250ms\n  \
         - expect-pin:\n      part-id: led1\n      pin: A\n      value: 1\n  - delay: 500ms\n  \
         - expect-pin:\n      part-id: led1\n      pin: A\n      value: 0\n",
    )
    .expect("write");
    let good = "from machine import Pin\nimport time\nled = Pin(2, Pin.OUT)\nprint('ready')\n\
                while True:\n    led.on()\n    time.sleep(0.5)\n    led.off()\n    time.sleep(0.5)\n";
    std::fs::write(dir.join("good.py"), good).expect("write");
    std::fs::write(dir.join("dark.py"), "print('ready')\n").expect("write");
    let d = dir.display().to_string();
    let json = dir.join("r.json").display().to_string();
    let r = run_esprit(&["grade", &d, "good.py", "--json", &json], &dir, LIMIT);
    assert_eq!(r.status, Some(0), "{r:?}");
    // The run ends with the scenario (about 0.75 s), not at a fixed time.
    let report = std::fs::read_to_string(&json).expect("json");
    let end: u64 = report
        .split("\"end_us\":")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .and_then(|n| n.parse().ok())
        .expect("end_us");
    assert!((750_000..1_000_000).contains(&end), "{report}");

    let r = run_esprit(&["grade", &d, "dark.py"], &dir, LIMIT);
    assert_eq!(r.status, Some(1), "{r:?}");
    assert!(
        r.stdout
            .contains("step 3: expected led1:A to be 1 at 250 ms, but it was 0"),
        "{}",
        r.stdout
    );

    std::fs::write(
        dir.join("scenario.yaml"),
        "steps:\n  - delay: 1s\n  - wait-for-it: 2\n",
    )
    .expect("write");
    let r = run_esprit(&["grade", &d, "good.py"], &dir, LIMIT);
    assert_eq!(r.status, Some(2), "{r:?}");
    assert!(
        r.stderr
            .contains("scenario.yaml:3: steps[2]: unknown step 'wait-for-it'"),
        "{}",
        r.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}
