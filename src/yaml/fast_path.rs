//! The common case read fast: a file of maps, lists and simply typed
//! scalars (every study file we have seen), read straight from the events
//! of granit-parser, serde-saphyr's own parser, at a third of the cost of
//! going through serde. Anything else is left to [`super::full_path`].

use std::ops::Range;

use super::{Node, Value};

/// Collections nested deeper than this, and maps with more keys, are left
/// to serde-saphyr (its budget allows 32 levels).
const PLAIN_DEPTH: usize = 16;
const PLAIN_KEYS: usize = 64;
/// Events and scalar bytes a file may take on the fast path; well inside
/// serde-saphyr's budget, which judges anything larger.
const PLAIN_EVENTS: usize = 100_000;
const PLAIN_SCALAR_BYTES: usize = 1024 * 1024;

/// A collection being read: its span, and what it holds so far.
enum Open {
    Seq(Range<usize>, Vec<Node>),
    /// A map's entries, and the key waiting for its value.
    Map(Range<usize>, Vec<(Node, Node)>, Option<Node>),
}

/// What almost every contributor file is, read straight from the parser's
/// events, three times as fast as through serde (a large map has tens of
/// thousands of them). `None` when the file uses anything more: anchors,
/// aliases, tags, a second document, a repeated key, a merge key (`<<`),
/// a key that is not text, a plain scalar shaped like a number that is not a plain integer,
/// nesting or sizes near the budget, or a syntax error. serde-saphyr then
/// reads it and says what is wrong, so both give the same tree with the
/// same spans; a property test holds them to it.
pub(super) fn parse_plain(text: &str) -> Option<Node> {
    use granit_parser::Event;
    // As serde-saphyr sets up the parser: its defaults, comments not
    // reported.
    let mut options = granit_parser::Options::default();
    options.set_emit_comments(false);
    let mut parser = granit_parser::Parser::new_from_str_with_options(text, options);
    let mut open: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let (mut documents, mut events, mut scalar_bytes) = (0, 0, 0);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.ok()?;
        events += 1;
        if events > PLAIN_EVENTS {
            return None;
        }
        let span = span.start.byte_offset()?..span.end.byte_offset()?;
        let node = match event {
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, 0, None) => {
                scalar_bytes += value.len();
                if scalar_bytes > PLAIN_SCALAR_BYTES {
                    return None;
                }
                Node {
                    span,
                    value: plain_scalar(&value, style)?,
                }
            }
            Event::SequenceStart(_, 0, None) | Event::MappingStart(_, 0, None) => {
                if open.len() >= PLAIN_DEPTH {
                    return None;
                }
                open.push(match event {
                    Event::SequenceStart(..) => Open::Seq(span, Vec::new()),
                    _ => Open::Map(span, Vec::new(), None),
                });
                continue;
            }
            Event::SequenceEnd => match open.pop()? {
                Open::Seq(span, items) => Node {
                    span,
                    value: Value::Seq(items),
                },
                Open::Map(..) => return None,
            },
            Event::MappingEnd => match open.pop()? {
                Open::Map(span, entries, None) => Node {
                    span,
                    value: Value::Map(entries),
                },
                _ => return None,
            },
            _ => return None,
        };
        match open.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, key)) => match key.take() {
                Some(key) => entries.push((key, node)),
                None => {
                    let Value::Str(name) = &node.value else {
                        return None;
                    };
                    let repeated = entries
                        .iter()
                        .any(|(k, _)| matches!(&k.value, Value::Str(other) if other == name));
                    // `<<` merges another map into this one.
                    if repeated || name == "<<" || entries.len() >= PLAIN_KEYS {
                        return None;
                    }
                    *key = Some(node);
                }
            },
        }
    }
    if !open.is_empty() {
        return None;
    }
    root
}

/// A scalar's value as serde-saphyr types it, in the cases simple enough
/// to be sure of: quoted and block scalars are text; a plain one is null
/// (empty, `~`, `null`), a YAML 1.1 boolean (`true`, `yes`, `on`, `y` and
/// their opposites, in any case), a decimal integer without a leading
/// zero, or, when it is not shaped like a number at all, text. Anything
/// else (`0x1F`, `1.5`, `.inf`, `+1`, `007`) is `None`.
fn plain_scalar(value: &str, style: granit_parser::ScalarStyle) -> Option<Value> {
    if style != granit_parser::ScalarStyle::Plain {
        return Some(Value::Str(value.to_string()));
    }
    if matches!(value, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    let trimmed = value.trim_matches([' ', '\t', '\r', '\n']);
    let is = |words: [&str; 4]| words.iter().any(|w| trimmed.eq_ignore_ascii_case(w));
    if is(["true", "yes", "y", "on"]) {
        return Some(Value::Bool(true));
    }
    if is(["false", "no", "n", "off"]) {
        return Some(Value::Bool(false));
    }
    let unsigned = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    let numeric = unsigned.len() != trimmed.len()
        || unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if !numeric {
        return Some(Value::Str(value.to_string()));
    }
    let decimal = !trimmed.starts_with('+')
        && !unsigned.is_empty()
        && unsigned.bytes().all(|b| b.is_ascii_digit())
        && (unsigned == "0" || !unsigned.starts_with('0'));
    decimal
        .then(|| trimmed.parse::<i64>().ok())
        .flatten()
        .map(Value::Int)
}
