//! The circuit around the chip: the simulated board built from the page's diagram.json, its
//! parts' state for the board panel, input events from the panel, and the trace as VCD.

use hal_sim::board::{InputAction, InputEvent, SharedBoard, SimBoard};

/// The diagram the board was built from, and the board.
pub struct Circuit {
    diagram: String,
    pub board: SharedBoard,
}

impl Circuit {
    /// A board from diagram.json text; an empty text gives the bare DevKit.
    pub fn new(diagram: &str) -> Result<Circuit, String> {
        let board = if diagram.trim().is_empty() {
            SimBoard::bare()
        } else {
            SimBoard::from_diagram_json(diagram).map_err(|e| e.to_string())?
        };
        Ok(Circuit {
            diagram: diagram.to_string(),
            board: board.shared(),
        })
    }

    /// The same circuit, powered on again: every part back to its starting state.
    pub fn rebuilt(&self) -> Circuit {
        Circuit::new(&self.diagram).unwrap_or_else(|_| Circuit::bare())
    }

    pub fn bare() -> Circuit {
        Circuit {
            diagram: String::new(),
            board: SimBoard::bare().shared(),
        }
    }

    /// Runs the board's own changes (bounces, scheduled inputs) up to `now_us`.
    pub fn advance_to(&self, now_us: u64) {
        self.board.with(|b| b.advance_to(now_us));
    }

    /// When the board next changes an input by itself.
    pub fn next_change_us(&self) -> Option<u64> {
        self.board.with(|b| b.next_change_us()).flatten()
    }

    /// Every part's state as JSON: `{"led1": {"kind": "led", "brightness": 1.0}, ...}`.
    pub fn parts_json(&self) -> String {
        let parts: serde_json::Map<String, serde_json::Value> = self
            .board
            .with(|b| b.parts())
            .unwrap_or_default()
            .into_iter()
            .map(|(id, s)| (id, serde_json::to_value(s).unwrap_or_default()))
            .collect();
        serde_json::Value::Object(parts).to_string()
    }

    /// Applies one input: `action` is press, release or set (with `value`, and `property`
    /// when the part has more than one).
    pub fn input(
        &self,
        part: &str,
        action: &str,
        property: Option<String>,
        value: f64,
    ) -> Result<(), String> {
        let action = match action {
            "press" => InputAction::Press,
            "release" => InputAction::Release,
            "set" if value.is_finite() => InputAction::Set { property, value },
            "set" => return Err(format!("{part}: a value to set must be a number")),
            other => {
                return Err(format!(
                    "unknown action \"{other}\" (press, release or set)"
                ));
            }
        };
        let event = InputEvent {
            part: part.to_string(),
            action,
        };
        self.board
            .with(|b| b.apply(&event))
            .unwrap_or_else(|| Err("the board is busy".to_string()))
    }

    /// The trace so far as VCD text.
    pub fn vcd(&self) -> String {
        self.board.with(|b| b.vcd()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LED_AND_BUTTON: &str = r#"{"version": 1, "parts": [
        {"type": "wokwi-esp32-devkit-v1", "id": "esp", "top": 0, "left": 0, "attrs": {}},
        {"type": "wokwi-led", "id": "led1", "top": 0, "left": 0, "attrs": {}},
        {"type": "wokwi-pushbutton", "id": "btn1", "top": 0, "left": 0, "attrs": {"bounce": "0"}}],
      "connections": [["esp:D2", "led1:A", "green", []], ["led1:C", "esp:GND.1", "black", []],
        ["esp:D15", "btn1:1.l", "blue", []], ["btn1:2.l", "esp:GND.1", "black", []]]}"#;

    #[test]
    fn parts_and_inputs() {
        let c = Circuit::new(LED_AND_BUTTON).unwrap();
        let parts: serde_json::Value = serde_json::from_str(&c.parts_json()).unwrap();
        assert_eq!(parts["led1"]["kind"], "led");
        assert_eq!(parts["btn1"]["pressed"], false);
        c.input("btn1", "press", None, 0.0).unwrap();
        let parts: serde_json::Value = serde_json::from_str(&c.parts_json()).unwrap();
        assert_eq!(parts["btn1"]["pressed"], true);
        assert!(c.input("nope", "press", None, 0.0).is_err());
        assert!(c.input("btn1", "jump", None, 0.0).is_err());
        assert!(c.input("btn1", "set", None, f64::NAN).is_err());
        assert!(c.rebuilt().parts_json().contains("\"pressed\":false"));
    }

    #[test]
    fn a_bad_diagram_says_where() {
        let e = Circuit::new("{\"parts\": [").err().unwrap();
        assert!(e.starts_with("diagram.json"), "{e}");
        assert!(Circuit::new("").is_ok());
    }
}
