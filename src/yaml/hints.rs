//! Causes of a YAML syntax error that first-time contributors meet most,
//! recognised from the text around the parser's error so the message can
//! say what to change instead of what the parser expected.

use std::ops::Range;

/// A key kept from the scaffold as `key: []` with list items added below
/// it: the parser sees a finished value followed by stray items. Returns
/// the key and the span of its `[]`.
pub(super) fn empty_list_then_items(
    text: &str,
    error_line: usize,
) -> Option<(String, Range<usize>)> {
    let lines: Vec<(usize, &str)> = line_starts(text);
    let index = error_line.checked_sub(1)?;
    let (_, at) = lines.get(index)?;
    if !is_item(at) {
        return None;
    }
    // Back over the items (and blank or comment lines) to the key above them.
    for &(start, line) in lines[..index].iter().rev() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || is_item(line) {
            continue;
        }
        let (key, brackets) = empty_flow_list(line)?;
        if indent(at) < indent(line) {
            return None;
        }
        return Some((key, start + brackets.start..start + brackets.end));
    }
    None
}

/// The tab a "tabs disallowed" error is about: the parser points past it,
/// at the text the tab pushed along, so take the last tab at or before the
/// column it gives on that line (the line's first tab otherwise).
pub(super) fn tab_at(text: &str, error_line: usize, column: usize) -> Option<Range<usize>> {
    let (start, line) = *line_starts(text).get(error_line.checked_sub(1)?)?;
    let before: usize = line.chars().take(column).map(char::len_utf8).sum();
    let tab = line[..before].rfind('\t').or_else(|| line.find('\t'))?;
    Some(start + tab..start + tab + 1)
}

fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, line.trim_end_matches(['\n', '\r'])));
        start += line.len();
    }
    out
}

fn is_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed == "-" || trimmed.starts_with("- ") || trimmed.starts_with("-\t")
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `key: []`, with a comment after it or not: the key and the span of
/// `[]` in the line.
fn empty_flow_list(line: &str) -> Option<(String, Range<usize>)> {
    let (key, rest) = line.split_once(':')?;
    let key = key.trim();
    if key.is_empty() || key.starts_with(['-', '#', '"', '\'']) {
        return None;
    }
    let value = rest.split_once(" #").map_or(rest, |(v, _)| v);
    let inner = value.trim().strip_prefix('[')?.strip_suffix(']')?;
    if !inner.trim().is_empty() {
        return None;
    }
    let open = line.len() - rest.len() + rest.find('[')?;
    let close = open + value.trim().len();
    Some((key.to_string(), open..close))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_with_items_below_is_found_at_its_key() {
        let text = "title: x\nauthors: []   # e.g. - {family: Chu}\n  - {family: Doe}\n  - {family: Roe}\nyear: 2021\n";
        let (key, span) = empty_list_then_items(text, 3).unwrap();
        assert_eq!(key, "authors");
        assert_eq!(&text[span], "[]");
        assert_eq!(empty_list_then_items(text, 1), None);
        let spaced = "  authors :  []\n  - x\n";
        let (_, span) = empty_list_then_items(spaced, 2).unwrap();
        assert_eq!(&spaced[span], "[]");
        let flush = "themes: [ ]\n- burnout\n";
        let (key, span) = empty_list_then_items(flush, 2).unwrap();
        assert_eq!((key.as_str(), &flush[span]), ("themes", "[ ]"));
        assert_eq!(empty_list_then_items("themes: [a]\n- b\n", 2), None);
        assert_eq!(empty_list_then_items("  themes: []\n- b\n", 2), None);
    }

    #[test]
    fn the_tab_is_found_not_the_text_after_it() {
        // The parser's column is the text after the tab.
        let text = "authors:\n\t- {family: Doe}\n";
        assert_eq!(tab_at(text, 2, 2), Some(9..10));
        assert_eq!(tab_at("a:\n  - \tx\n", 2, 6), Some(7..8));
        assert_eq!(tab_at("a: b\tc\n", 1, 1), Some(4..5));
        assert_eq!(tab_at("a: b c\n", 1, 3), None);
    }
}
