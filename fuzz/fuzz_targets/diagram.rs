//! diagram.json and events.json as a user might upload them: any text either builds a board
//! (which then runs, reports its parts and writes its VCD) or is refused with a message, never
//! a panic.
#![no_main]

use hal_sim::board::SimBoard;
use hal_sim::board::events::parse_events;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match SimBoard::from_diagram_json(&text) {
        Ok(mut board) => {
            board.advance_to(10_000);
            let _ = board.parts();
            let _ = board.vcd();
        }
        Err(e) => assert!(!e.to_string().is_empty(), "a refusal must say why"),
    }
    if let Ok(events) = parse_events(&text) {
        let mut board = SimBoard::bare();
        board.schedule(&events);
        board.advance_to(10_000);
    }
});
