//! Whitespace in the plain text of a document (for search and its lead)
//! made single spaces, fast: every summary's text passes through here.

/// `s` with each run of whitespace made one space, and none at either end.
/// Copies runs of text at once: words with single spaces between them, and
/// characters no space can start with, are skipped over a byte at a time
/// without decoding (every summary's text and lead pass through here).
pub(super) fn collapse_whitespace(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    loop {
        // Whitespace: none at the start, one space between runs.
        while at < bytes.len() {
            match space_at(s, at) {
                Some(len) => at += len,
                None => break,
            }
        }
        if at == bytes.len() {
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let start = at;
        while at < bytes.len() {
            let b = bytes[at];
            if b > b' ' && b.is_ascii() {
                at += 1;
            } else if b == b' ' && bytes.get(at + 1).is_some_and(|&n| n > b' ' && n.is_ascii()) {
                at += 2;
            } else if space_at(s, at).is_some() {
                break;
            } else {
                at += utf8_len(b);
            }
        }
        out.push_str(&s[start..at]);
    }
}

/// The length of the whitespace character at byte `at` of `s`, if it is
/// one. Only four lead bytes begin a non-ASCII space, so most characters
/// are not decoded.
fn space_at(s: &str, at: usize) -> Option<usize> {
    let b = *s.as_bytes().get(at)?;
    if b.is_ascii() {
        return matches!(b, b'\t'..=b'\r' | b' ').then_some(1);
    }
    if !matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
        return None;
    }
    let c = s.get(at..)?.chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// How many bytes the UTF-8 character that starts with `lead` takes.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        // Not the start of a character: never reached in a `str`.
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn whitespace_collapses_as_split_whitespace_joins(
            text in proptest::string::string_regex(r"([a-z]{1,5}|[ \t\n\r\u{b}\u{c}]|\u{a0}|\u{3000}|\u{2028}|\u{85}|\u{1680}|\u{2000}|\u{205f}|\u{202f}|\u{2010}|同伴|é|ぁ|\u{1f600}){0,30}").unwrap()
        ) {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&text), joined);
        }
    }
}
