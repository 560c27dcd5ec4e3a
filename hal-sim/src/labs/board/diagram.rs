//! A lab's diagram.json (Wokwi's format) as checks name it: the parts, and which GPIO each
//! part's pin reaches, so `led1` reads as `led1 (GPIO2)`. Resistors join their two pins (for digital
//! purposes a series resistor is a wire); pins named `X.1`, `X.l`... are one pin `X`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::parse::LabError;

#[derive(Clone, Debug)]
pub struct Part {
    pub id: String,
    pub kind: String,
}

#[derive(Debug)]
pub struct Diagram {
    pub parts: Vec<Part>,
    /// The MCU part's id ("esp").
    pub mcu: String,
    /// Union-find parent of each "part:pin" endpoint.
    parent: BTreeMap<String, String>,
}

/// The pin name inside a part: "GND.1" and "1.l" are the same pin as "GND" and "1".
fn base_pin(pin: &str) -> &str {
    pin.split('.').next().unwrap_or(pin)
}

/// The GPIO an MCU pin name stands for.
pub fn gpio_of_name(name: &str) -> Option<u32> {
    let n = base_pin(name);
    match n {
        "TX0" | "TX" => Some(1),
        "RX0" | "RX" => Some(3),
        "TX2" => Some(17),
        "RX2" => Some(16),
        "VP" => Some(36),
        "VN" => Some(39),
        _ => n
            .strip_prefix("GPIO")
            .or_else(|| n.strip_prefix('D'))
            .unwrap_or(n)
            .parse()
            .ok(),
    }
}

impl Diagram {
    pub fn parse(file: &str, text: &str) -> Result<Diagram, LabError> {
        let error = |line: usize, field: &str, message: String| LabError {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message,
        };
        let doc: Value = serde_json::from_str(text)
            .map_err(|e| error(e.line(), "", format!("not valid JSON: {e}")))?;
        let parts_json = doc
            .get("parts")
            .and_then(Value::as_array)
            .ok_or_else(|| error(0, "parts", "missing the list of parts".into()))?;
        let mut parts = Vec::new();
        for (i, p) in parts_json.iter().enumerate() {
            let field = format!("parts[{i}]");
            let id = p.get("id").and_then(Value::as_str);
            let kind = p.get("type").and_then(Value::as_str);
            let (Some(id), Some(kind)) = (id, kind) else {
                return Err(error(
                    0,
                    &field,
                    "a part needs a string `id` and `type`".into(),
                ));
            };
            parts.push(Part {
                id: id.to_string(),
                kind: kind.to_string(),
            });
        }
        let mcu = parts
            .iter()
            .find(|p| p.kind.contains("esp32"))
            .ok_or_else(|| error(0, "parts", "no ESP32 board among the parts".into()))?;
        let mut d = Diagram {
            mcu: mcu.id.clone(),
            parts,
            parent: BTreeMap::new(),
        };
        if let Some(conns) = doc.get("connections").and_then(Value::as_array) {
            for (i, c) in conns.iter().enumerate() {
                let ends = c.as_array().map(|a| (a.first(), a.get(1)));
                let Some((Some(Value::String(a)), Some(Value::String(b)))) = ends else {
                    return Err(error(
                        0,
                        &format!("connections[{i}]"),
                        "a connection is [\"part:pin\", \"part:pin\", colour, path]".into(),
                    ));
                };
                if a.starts_with('$') || b.starts_with('$') {
                    continue;
                }
                for end in [a, b] {
                    let part = end.split(':').next().unwrap_or("");
                    if !end.contains(':') || !d.parts.iter().any(|p| p.id == part) {
                        return Err(error(
                            0,
                            &format!("connections[{i}]"),
                            format!("'{end}' is not a pin of a part in the diagram"),
                        ));
                    }
                }
                d.join(a, b);
            }
        }
        let resistors: Vec<String> = d
            .parts
            .iter()
            .filter(|p| p.kind == "wokwi-resistor")
            .map(|p| p.id.clone())
            .collect();
        for r in resistors {
            d.join(&format!("{r}:1"), &format!("{r}:2"));
        }
        Ok(d)
    }

    fn key(end: &str) -> String {
        match end.split_once(':') {
            Some((part, pin)) => format!("{part}:{}", base_pin(pin)),
            None => end.to_string(),
        }
    }

    fn root(&self, end: &str) -> String {
        let mut k = Self::key(end);
        while let Some(p) = self.parent.get(&k) {
            if *p == k {
                break;
            }
            k = p.clone();
        }
        k
    }

    fn join(&mut self, a: &str, b: &str) {
        let (ra, rb) = (self.root(a), self.root(b));
        for k in [&ra, &rb] {
            self.parent.entry(k.clone()).or_insert_with(|| k.clone());
        }
        if ra != rb {
            self.parent.insert(ra, rb);
        }
    }

    pub fn part(&self, id: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.id == id)
    }

    /// Every endpoint on the same net as `end`.
    fn net(&self, end: &str) -> Vec<String> {
        let r = self.root(end);
        let mut out: Vec<String> = self
            .parent
            .keys()
            .filter(|k| self.root(k) == r)
            .cloned()
            .collect();
        if out.is_empty() {
            out.push(Self::key(end));
        }
        out
    }

    /// The GPIO on the net of `part:pin`.
    pub fn gpio_on(&self, part: &str, pin: &str) -> Option<u32> {
        if part == self.mcu {
            return gpio_of_name(pin);
        }
        let prefix = format!("{}:", self.mcu);
        self.net(&format!("{part}:{pin}"))
            .iter()
            .filter_map(|e| e.strip_prefix(&prefix))
            .find_map(gpio_of_name)
    }
}

/// The pins a part's signal usually comes in on, by type, first choice first.
pub fn signal_pins(kind: &str) -> &'static [&'static str] {
    match kind {
        "wokwi-led" => &["A", "C"],
        "wokwi-pushbutton" | "wokwi-pushbutton-6mm" => &["1", "2"],
        "wokwi-slide-switch" => &["2", "1", "3"],
        "wokwi-servo" => &["PWM"],
        "wokwi-neopixel" | "wokwi-led-ring" | "wokwi-led-strip" | "wokwi-neopixel-matrix" => {
            &["DIN"]
        }
        "wokwi-dht22" => &["SDA"],
        "wokwi-potentiometer" | "wokwi-slide-potentiometer" => &["SIG"],
        "wokwi-buzzer" => &["2", "1"],
        "board-ssd1306" | "wokwi-ssd1306" => &["SDA", "DATA"],
        _ => &["A", "SIG", "DIN", "IN", "OUT", "1"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLINK: &str = r#"{ "version": 1, "parts": [
        { "type": "wokwi-esp32-devkit-v1", "id": "esp", "attrs": {} },
        { "type": "wokwi-led", "id": "led1", "attrs": { "color": "red" } },
        { "type": "wokwi-resistor", "id": "r1", "attrs": { "value": "220" } },
        { "type": "wokwi-pushbutton", "id": "btn1", "attrs": {} } ],
      "connections": [
        [ "esp:TX0", "$serialMonitor:RX", "", [] ],
        [ "esp:D2", "r1:1", "green", [] ], [ "r1:2", "led1:A", "green", [] ],
        [ "led1:C", "esp:GND.1", "black", [] ],
        [ "btn1:1.l", "esp:D4", "green", [] ], [ "btn1:2.r", "esp:GND.2", "black", [] ] ] }"#;

    #[test]
    fn nets_reach_the_gpio_through_resistors_and_pin_aliases() {
        let d = Diagram::parse("diagram.json", BLINK).unwrap();
        assert_eq!(d.gpio_on("led1", "A"), Some(2));
        assert_eq!(d.gpio_on("led1", "C"), None);
        assert_eq!(d.gpio_on("btn1", "1"), Some(4));
        assert_eq!(d.gpio_on("esp", "D15"), Some(15));
        assert_eq!(gpio_of_name("VP"), Some(36));
    }

    #[test]
    fn mistakes_are_named() {
        let e = Diagram::parse("d.json", "{\"parts\": [}").unwrap_err();
        assert_eq!(e.line, 1);
        let e = Diagram::parse("d.json", r#"{"parts": [{"id": "esp", "type": "wokwi-esp32-devkit-v1"}], "connections": [["esp:D2", "led9:A"]]}"#).unwrap_err();
        assert_eq!(e.field, "connections[0]");
        assert!(e.message.contains("led9:A"));
    }
}
