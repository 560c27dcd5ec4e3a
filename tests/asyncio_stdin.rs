//! `asyncio.StreamReader(sys.stdin)` through the host `esprit run`: lines typed while a timed
//! task keeps running reach the reader as they come, the timed task is not held up while the
//! reader waits, and the end of input ends the reader.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use esprit_tests::esprit_binary;

const PROGRAM: &str = r#"import asyncio, sys
state = {'ticks': 0, 'done': False}
async def ticker():
    while not state['done']:
        await asyncio.sleep_ms(10)
        state['ticks'] += 1
        if state['ticks'] == 5:
            print('ready')
async def echo():
    r = asyncio.StreamReader(sys.stdin)
    while True:
        line = await r.readline()
        if not line:
            break
        print('echo', line, state['ticks'])
    state['done'] = True
async def main():
    await asyncio.gather(ticker(), echo())
    print('end')
asyncio.run(main())
"#;

/// The next line of output within 20 s.
fn next(lines: &mpsc::Receiver<String>) -> String {
    lines
        .recv_timeout(Duration::from_secs(20))
        .expect("esprit printed a line in time")
}

/// The tick count an `echo` line reports.
fn ticks(line: &str, text: &str) -> u64 {
    let rest = line
        .strip_prefix(&format!("echo b'{text}\\n' "))
        .unwrap_or_else(|| panic!("unexpected line {line:?}"));
    rest.trim().parse().expect("a tick count")
}

#[test]
fn stream_reader_gets_lines_while_a_timed_task_runs() {
    let dir = std::env::temp_dir().join(format!("esprit-asyncio-stdin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("echo.py");
    std::fs::write(&script, PROGRAM).expect("script written");
    let mut child = Command::new(esprit_binary())
        .arg("run")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("esprit starts");
    let mut stdin = child.stdin.take().expect("stdin piped");
    let stdout = child.stdout.take().expect("stdout piped");
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    assert_eq!(next(&lines), "ready");
    stdin.write_all(b"hello\n").expect("write");
    stdin.flush().expect("flush");
    let first = ticks(&next(&lines), "hello");
    std::thread::sleep(Duration::from_millis(200));
    stdin.write_all(b"world\n").expect("write");
    stdin.flush().expect("flush");
    let second = ticks(&next(&lines), "world");
    // 200 ms of 10 ms ticks passed between the lines: the ticker ran while the reader waited.
    assert!(second >= first + 10, "ticks {first} then {second}");
    drop(stdin);
    assert_eq!(next(&lines), "end");
    let status = child.wait().expect("esprit ends");
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
