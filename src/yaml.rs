//! The only door to the YAML parser. Every YAML file gapmap reads is parsed
//! here into a [`Node`] tree that remembers the byte span of every key and
//! value, so that problems found after parsing (an unknown theme, a bad DOI)
//! can point at their line. No other module names the parser crate: swapping
//! it (serde_norway is the fallback) touches this file only.
//!
//! serde-saphyr is used instead of the card's serde_yaml, which has been
//! unmaintained since 2024 and gives no location for values; its budget
//! stops alias bombs and deep nesting before they cost memory or time.
//! Files that use nothing but maps, lists and simply typed scalars (every
//! study file we have seen) are read straight from the events of its own
//! parser, granit-parser, at a third of the cost; anything else, and every
//! error, goes through serde-saphyr (`parse_plain` says which).

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options, Spanned};

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

/// Limits for contributor files: generous for real content, tight enough that
/// an alias bomb or a nesting attack fails at once with a clear message.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_nodes = 200_000;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_events = 400_000;
    budget.max_total_scalar_bytes = 8 * 1024 * 1024;
    budget.max_documents = 1;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options
}

/// Parses one YAML document. An empty document is `Null`.
pub fn parse(file: &str, text: &str) -> Result<Node, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Node {
            span: 0..0,
            value: Value::Null,
        });
    }
    if let Some(root) = parse_plain(text) {
        return Ok(root);
    }
    parse_with_serde(file, text)
}

/// The whole of YAML, and every error, through serde-saphyr.
fn parse_with_serde(file: &str, text: &str) -> Result<Node, Diagnostic> {
    match serde_saphyr::from_str_with_options::<Spanned<RawValue>>(text, options()) {
        Ok(root) => Ok(into_node(text, root)),
        Err(err) => Err(parse_error(file, text, &err)),
    }
}

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
fn parse_plain(text: &str) -> Option<Node> {
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

fn parse_error(file: &str, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    // The crate's own message carries a snippet; we print our own, so take
    // the message without it.
    let mut message = first_line(&err.without_snippet().to_string());
    if let Some(key) = message
        .strip_prefix("duplicate mapping key: ")
        .and_then(|rest| rest.split(',').next())
    {
        message = format!("duplicate key `{key}`");
    }
    let mut diagnostic = Diagnostic::error(file, format!("invalid YAML: {message}"));
    if let Some(location) = err.location() {
        let line = location.line() as usize;
        let column = location.column() as usize;
        if line > 0 {
            let start = crate::diagnostics::offset_of(text, line, column);
            let end = text[start..]
                .chars()
                .next()
                .filter(|c| *c != '\n')
                .map_or(start, |c| start + c.len_utf8());
            diagnostic = diagnostic.at(text, start..end);
        }
    }
    let unclosed = err
        .location()
        .and_then(|l| unclosed_bracket_before(text, l.line() as usize));
    let help = if let Some((line, bracket)) = unclosed {
        format!("line {line} opens `{bracket}` and never closes it")
    } else if message.contains("budget") || message.contains("limit") {
        "study files are small: remove anchors/aliases (& and *) and deep nesting".into()
    } else if message.contains("duplicate") {
        "each key may appear once in a mapping: remove or merge the repeated one".into()
    } else {
        "check indentation (spaces, not tabs) and quote text that contains `: ` or starts with a special character".into()
    };
    diagnostic.with_help(help)
}

/// A parser reports an unclosed `[` or `{` where it gives up, often a line
/// later; find the line that opened it so the help can name it.
fn unclosed_bracket_before(text: &str, error_line: usize) -> Option<(usize, char)> {
    let mut open: Vec<(usize, char)> = Vec::new();
    for (index, line) in text.lines().enumerate().take(error_line) {
        let mut quote: Option<char> = None;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => open.push((index + 1, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    open.first().copied()
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    // Strip a leading "error: " and a trailing location the crate may add.
    let line = line.strip_prefix("error: ").unwrap_or(line);
    match line.rfind(" at line ") {
        Some(i) => line[..i].to_string(),
        None => line.to_string(),
    }
}

/// The parser-side shape; converted to [`Node`] with byte spans at once.
enum RawValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<RawValue>, Spanned<RawValue>)>),
}

fn into_node(text: &str, raw: Spanned<RawValue>) -> Node {
    let location = raw.referenced;
    let span = location.span();
    let start = match span.byte_offset() {
        Some(offset) => offset as usize,
        None => crate::diagnostics::offset_of(
            text,
            location.line() as usize,
            location.column() as usize,
        ),
    }
    .min(text.len());
    let len = span.byte_len().map_or(0, |l| l as usize);
    let end = (start + len).min(text.len());
    let value = match raw.value {
        RawValue::Null => Value::Null,
        RawValue::Bool(b) => Value::Bool(b),
        RawValue::Int(i) => Value::Int(i),
        RawValue::Float(f) => Value::Float(f),
        RawValue::Str(s) => Value::Str(s),
        RawValue::Seq(items) => Value::Seq(items.into_iter().map(|i| into_node(text, i)).collect()),
        RawValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (into_node(text, k), into_node(text, v)))
                .collect(),
        ),
    };
    Node {
        span: start..end,
        value,
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_none<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        RawValue::deserialize(d)
    }

    fn visit_bool<E>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        i64::try_from(v)
            .map(RawValue::Int)
            .map_err(|_| E::custom("number too large"))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawValue, E> {
        i64::try_from(v)
            .map(RawValue::Int)
            .map_err(|_| E::custom("number too large"))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawValue, E> {
        i64::try_from(v)
            .map(RawValue::Int)
            .map_err(|_| E::custom("number too large"))
    }

    fn visit_f64<E>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(RawValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[(Node, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keys_and_values_carry_byte_spans() {
        let text = "title: Hello\nyear: 2025\nthemes: [self-care, burnout]\n";
        let root = parse("t.yaml", text).unwrap();
        let entries = map(&root);
        assert_eq!(&text[entries[0].0.span.clone()], "title");
        assert_eq!(&text[entries[0].1.span.clone()], "Hello");
        assert_eq!(entries[1].1.value, Value::Int(2025));
        let Value::Seq(themes) = &entries[2].1.value else {
            panic!()
        };
        assert_eq!(&text[themes[1].span.clone()], "burnout");
    }

    #[test]
    fn spans_are_bytes_after_chinese_text() {
        let text = "title:\n  zh: 同伴支持\n  en: Peer\n";
        let root = parse("t.yaml", text).unwrap();
        let inner = map(&map(&root)[0].1);
        assert_eq!(&text[inner[1].1.span.clone()], "Peer");
    }

    #[test]
    fn syntax_error_points_at_its_line() {
        let text = "title: x\nyear: [2025\n";
        let d = parse("t.yaml", text).unwrap_err();
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
        assert!(d.line >= 2, "{d:?}");
    }

    #[test]
    fn unclosed_flow_list_names_the_line_that_opened_it() {
        let text = "title: x\nthemes: [a, b\ndate: \"2020-01-01\"\n";
        let d = parse("t.yaml", text).unwrap_err();
        assert_eq!(
            d.help.as_deref(),
            Some("line 2 opens `[` and never closes it")
        );
    }

    #[test]
    fn duplicate_keys_are_errors_with_a_line() {
        let text = "title: x\nyear: 1\nyear: 2\n";
        let d = parse("t.yaml", text).unwrap_err();
        assert_eq!(d.message, "invalid YAML: duplicate key `year`");
        assert_eq!(d.line, 3, "{d:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='z' {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let d = parse("bomb.yaml", &text).unwrap_err();
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse("deep.yaml", &text).is_err());
    }

    /// Every YAML file of the repository's content and test fixtures.
    fn yaml_files() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if entry.path().extension().is_some_and(|e| e == "yaml") {
                    texts.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
                }
            }
        }
        texts
    }

    /// The fast path and serde-saphyr agree: same tree, same spans, or the
    /// fast path stands aside.
    fn assert_same(text: &str) -> bool {
        let Some(fast) = parse_plain(text) else {
            return false;
        };
        match parse_with_serde("t.yaml", text) {
            Ok(slow) => assert_eq!(fast, slow, "{text:?}"),
            Err(e) => panic!(
                "the fast path read what serde-saphyr refuses ({}): {text:?}",
                e.message
            ),
        }
        true
    }

    #[test]
    fn the_repository_s_yaml_reads_the_same_on_the_fast_path() {
        let texts = yaml_files();
        assert!(texts.len() > 10);
        for text in &texts {
            // The error fixtures may stand aside; the rest must not.
            let taken = assert_same(text);
            // An anchor, alias or tag starts a value.
            let marked = text.lines().any(|line| {
                let line = line.trim_start().trim_start_matches("- ");
                let value = line.split_once(": ").map_or(line, |(_, value)| value);
                value.starts_with(['&', '*', '!'])
            });
            assert!(
                taken || parse_with_serde("t.yaml", text).is_err() || marked,
                "{text:?}"
            );
        }
    }

    #[test]
    fn scalars_that_look_like_something_else_are_left_to_serde() {
        for value in [
            "0x1F",
            "1.5",
            ".inf",
            "+1",
            "007",
            "1_000",
            "1e3",
            "-.5",
            "2025-01-14",
            "12 Monkeys",
        ] {
            assert!(!assert_same(&format!("a: {value}\n")), "{value}");
        }
        for value in [
            "y",
            "No",
            "ON",
            "~",
            "null",
            "",
            "-7",
            "0",
            "text",
            "yes please",
            "'007'",
            "\"1.5\"",
            "|\n  block\n",
        ] {
            assert!(assert_same(&format!("a: {value}\n")), "{value}");
        }
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 1\na: 2\n",
            "---\na: 1\n---\nb: 2\n",
            "? [a]\n: 1\n",
            "a: [1,\n",
            "<<: {a: 1}\nb: 2\n",
            "a: 1\n<<: 5\n",
            "a: 1\n'<<': 5\n",
        ] {
            assert!(!assert_same(text), "{text}");
        }
    }

    fn base_study() -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(
            root.join("tests/fixtures/base/content/studies/peer-burnout/study.yaml"),
        )
        .unwrap_or_default()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, failure_persistence: None, ..Default::default() })]

        #[test]
        fn any_edit_of_a_study_reads_the_same_on_the_fast_path(
            edits in proptest::collection::vec((0usize..4000, 0usize..25), 1..5)
        ) {
            const INSERTS: [&str; 25] = [":", "- ", "[", "]", "{", "}", ",", "\n", "\n  ", "  ", "\"", "'", "#", "&a ", "*a", "!!str ", "yes", "~", "-1", "0", "1.5", "同伴", "\t", "? ", "<<: "];
            let mut text = base_study();
            for (at, k) in edits {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, INSERTS[k]);
            }
            assert_same(&text);
        }

        #[test]
        fn any_mapping_of_scalars_reads_the_same_on_the_fast_path(
            entries in proptest::collection::vec((
                "[a-z_]{1,6}",
                r#"([a-zA-Z]{1,5}|[0-9]{1,4}|-[0-9]{1,3}|\+1|0[0-9]|[0-9]\.[0-9]|\.inf|~|null|yes|No|ON|y|"[^"\\]{0,6}"|'[^']{0,6}'|同伴|\[[a-z0-9, ]{0,8}\]|\{[a-z]{1,3}: [a-z0-9]{0,3}\}|[a-z]+ [a-z]+|)"#,
                0usize..3,
            ), 1..8)
        ) {
            let mut text = String::new();
            for (key, value, indent) in entries {
                text.push_str(&"  ".repeat(indent.min(1) * usize::from(!text.is_empty())));
                text.push_str(&format!("{key}: {value}\n"));
            }
            assert_same(&text);
        }
    }

    #[test]
    fn empty_document_is_null() {
        assert_eq!(parse("e.yaml", "  \n").unwrap().value, Value::Null);
    }
}
