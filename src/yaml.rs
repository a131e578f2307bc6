//! The only door to the YAML parser. Every YAML file gapmap reads is parsed
//! here into a [`Node`] tree that remembers the byte span of every key and
//! value, so that problems found after parsing (an unknown theme, a bad DOI)
//! can point at their line. No other module names the parser crate: swapping
//! it (serde_norway is the fallback) touches this folder only.
//!
//! serde-saphyr is used instead of the card's serde_yaml, which has been
//! unmaintained since 2024 and gives no location for values; its budget
//! stops alias bombs and deep nesting before they cost memory or time.
//!
//! - `fast_path`: files that use nothing but maps, lists and simply typed
//!   scalars (every study file we have seen), read straight from the events
//!   of serde-saphyr's own parser, granit-parser, at a third of the cost;
//! - `full_path`: anything else, and every error, through serde-saphyr;
//! - `errors`: a syntax error as a diagnostic at its line;
//! - `hints`: the causes first-time contributors meet most (`key: []` kept
//!   above added items, a tab in the indentation), recognised by their text.
//!
//! Both paths give the same tree with the same spans; tests hold them to it.

mod errors;
mod fast_path;
mod full_path;
mod hints;
#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::diagnostics::Diagnostic;

/// A parsed YAML value with the byte range it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys keep their own spans so an unknown field can be pointed at.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The same data as JSON, spans dropped: what a JSON Schema validator
    /// sees. Map keys are read as text.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = match &k.value {
                            Value::Str(s) => s.clone(),
                            other => scalar_key(other),
                        };
                        (key, v.to_json())
                    })
                    .collect(),
            ),
        }
    }
}

/// A non-text map key as JSON object keys are written.
fn scalar_key(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        _ => String::new(),
    }
}

impl Value {
    /// What a contributor would call this kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a true/false value",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping (key: value lines)",
        }
    }
}

/// Parses one YAML document. An empty document is `Null`.
pub fn parse(file: &str, text: &str) -> Result<Node, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Node {
            span: 0..0,
            value: Value::Null,
        });
    }
    if let Some(root) = fast_path::parse_plain(text) {
        return Ok(root);
    }
    full_path::parse_with_serde(file, text)
}
