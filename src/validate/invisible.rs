//! Invisible characters that change how text around them is shown:
//! bidirectional embeddings, overrides and isolates, which can reorder
//! what follows them, and zero-width characters, which can hide a
//! difference between two names that look the same. A title or an author's
//! name holding one gets a warning; the theme shows these values isolated
//! (`dir="auto"`), so they cannot reorder the rest of the page.

use super::fields::Ctx;
use crate::yaml::{Node, Value};

/// The name of `c` if it is one of the characters warned about.
fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => return None,
    })
}

/// Warns, at the character where the source shows it (written as is or
/// as a `\uXXXX` escape) or else at `node`, when `value` holds an
/// invisible character. `what` names the value ("title", "author name").
pub(super) fn warn(ctx: &mut Ctx, node: &Node, what: &str, value: &str) {
    let Some(c) = value.chars().find(|&c| invisible(c).is_some()) else {
        return;
    };
    let name = invisible(c).unwrap_or_default();
    let source = ctx.text.get(node.span.clone()).unwrap_or("");
    let code = u32::from(c);
    let written = [
        c.to_string(),
        format!("\\u{code:04X}"),
        format!("\\u{code:04x}"),
    ];
    let span = written
        .iter()
        .find_map(|w| source.find(w.as_str()).map(|at| (at, w.len())))
        .map_or(node.span.clone(), |(at, len)| {
            node.span.start + at..node.span.start + at + len
        });
    ctx.warning(
        span,
        format!("the {what} holds an invisible U+{code:04X} {name}, which can reorder or hide the text around it"),
        Some("remove it unless the text truly needs it; the site shows the value isolated either way".into()),
    );
}

/// [`warn`] for a value in each language (`{en: ..., zh: ...}`), at the
/// language's own text.
pub(super) fn warn_localized(ctx: &mut Ctx, node: &Node, what: &str) {
    if let Value::Map(entries) = &node.value {
        for (_, value) in entries {
            if let Value::Str(text) = &value.value {
                warn(ctx, value, what, text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::invisible;

    #[test]
    fn bidi_controls_and_zero_width_characters_are_named() {
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200D}', '\u{2060}',
            '\u{FEFF}',
        ] {
            assert!(invisible(c).is_some(), "{c:?}");
        }
        for c in ['a', '同', '\u{200E}', '\u{05D0}', ' '] {
            assert!(invisible(c).is_none(), "{c:?}");
        }
    }
}
