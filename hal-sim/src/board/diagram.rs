//! Wokwi's `diagram.json`: parts and connections, parsed with errors that name the bad part,
//! pin and the line it is on. Unknown attrs and unknown fields are ignored, as Wokwi does.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

/// One part of a diagram.
#[derive(Clone, Debug)]
pub struct Part {
    pub id: String,
    pub kind: String,
    /// Attribute values, as strings (Wokwi writes them so; numbers are accepted too).
    pub attrs: BTreeMap<String, String>,
}

/// One end of a connection: `partId:pinName`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Endpoint {
    pub part: String,
    pub pin: String,
}

/// A parsed diagram.
#[derive(Clone, Debug, Default)]
pub struct Diagram {
    pub parts: Vec<Part>,
    pub connections: Vec<(Endpoint, Endpoint)>,
}

/// What is wrong with a diagram, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagramError {
    pub message: String,
    /// 1-based line in the diagram text, when known.
    pub line: Option<usize>,
}

impl fmt::Display for DiagramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "diagram.json line {}: {}", l, self.message),
            None => write!(f, "diagram.json: {}", self.message),
        }
    }
}

impl std::error::Error for DiagramError {}

#[derive(Deserialize)]
struct RawDiagram {
    #[serde(default)]
    parts: Vec<RawPart>,
    #[serde(default)]
    connections: Vec<Vec<serde_json::Value>>,
}

#[derive(Deserialize)]
struct RawPart {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    attrs: BTreeMap<String, serde_json::Value>,
}

/// The 1-based line of the first occurrence of `needle` in `text`.
pub(crate) fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle)
        .map(|at| text.get(..at).map_or(0, |s| s.matches('\n').count()) + 1)
}

fn attr_string(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn endpoint(text: &str, v: &serde_json::Value, index: usize) -> Result<Endpoint, DiagramError> {
    let Some(s) = v.as_str() else {
        return Err(DiagramError {
            message: format!("connection {} has an endpoint that is not a string", index),
            line: None,
        });
    };
    match s.split_once(':') {
        Some((part, pin)) if !part.is_empty() && !pin.is_empty() => Ok(Endpoint {
            part: part.to_string(),
            pin: pin.to_string(),
        }),
        _ => Err(DiagramError {
            message: format!("connection endpoint \"{}\" is not partId:pinName", s),
            line: line_of(text, &format!("\"{}\"", s)),
        }),
    }
}

impl Diagram {
    /// Parses diagram.json text. Checks the shape (ids, types, endpoints); which pins a part
    /// has is checked when the board is built.
    pub fn parse(text: &str) -> Result<Diagram, DiagramError> {
        let raw: RawDiagram = serde_json::from_str(text).map_err(|e| DiagramError {
            message: format!("not valid diagram JSON: {}", e),
            line: Some(e.line()),
        })?;
        let mut parts = Vec::new();
        for (i, p) in raw.parts.into_iter().enumerate() {
            let Some(id) = p.id.filter(|s| !s.is_empty()) else {
                return Err(DiagramError {
                    message: format!("part {} has no \"id\"", i),
                    line: None,
                });
            };
            let Some(kind) = p.kind.filter(|s| !s.is_empty()) else {
                return Err(DiagramError {
                    message: format!("part \"{}\" has no \"type\"", id),
                    line: line_of(text, &format!("\"{}\"", id)),
                });
            };
            if parts.iter().any(|q: &Part| q.id == id) {
                return Err(DiagramError {
                    message: format!("two parts have the id \"{}\"", id),
                    line: line_of(text, &format!("\"{}\"", id)),
                });
            }
            let attrs = p
                .attrs
                .iter()
                .map(|(k, v)| (k.clone(), attr_string(v)))
                .collect();
            parts.push(Part { id, kind, attrs });
        }
        let mut connections = Vec::new();
        for (i, c) in raw.connections.iter().enumerate() {
            let (Some(a), Some(b)) = (c.first(), c.get(1)) else {
                return Err(DiagramError {
                    message: format!("connection {} needs two endpoints", i),
                    line: None,
                });
            };
            let (a, b) = (endpoint(text, a, i)?, endpoint(text, b, i)?);
            for e in [&a, &b] {
                if e.part.starts_with('$') {
                    continue;
                }
                if !parts.iter().any(|p| p.id == e.part) {
                    return Err(DiagramError {
                        message: format!(
                            "connection to \"{}:{}\" names no part \"{}\"",
                            e.part, e.pin, e.part
                        ),
                        line: line_of(text, &format!("\"{}:{}\"", e.part, e.pin)),
                    });
                }
            }
            connections.push((a, b));
        }
        Ok(Diagram { parts, connections })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_part_and_line() {
        let e = Diagram::parse("{\"parts\": [\n{\"id\": \"a\", \"type\": \"wokwi-led\"}],\n\"connections\": [[\"a:A\", \"b:1\", \"\", []]]}").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("no part \"b\""), "{}", e);
        let e = Diagram::parse("{\"parts\": [\n{\"id\": \"a\"}]}").unwrap_err();
        assert!(e.message.contains("\"a\" has no \"type\""));
        let e = Diagram::parse("{\"parts\": [\n{\"id\": 3,}]}").unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
