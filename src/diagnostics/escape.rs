//! What a diagnostic prints of the content is escaped: control characters
//! become `\n`, `\u{1b}`, so no value can drive a terminal or write a line
//! (a GitHub workflow command) of its own.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Characters that must not reach a terminal or a log as they are: C0 and
/// C1 controls (escape sequences, bell, line breaks), DEL, the line and
/// paragraph separators, and the bidirectional controls that reorder what
/// is shown around them.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

pub(super) fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// `s` with every control character shown as an escape (`\n`, `\u{1b}`),
/// as written in Rust and JSON: what a diagnostic says stays on its line
/// and cannot drive the terminal that shows it.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}
