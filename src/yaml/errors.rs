//! A YAML syntax error as a diagnostic: serde-saphyr's message without its
//! own snippet, at its line and column, naming the line that opened an
//! unclosed bracket when that is the cause.

use super::hints;
use crate::diagnostics::Diagnostic;

pub(super) fn parse_error(file: &str, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    // The crate's own message carries a snippet; we print our own, so take
    // the message without it.
    let mut message = first_line(&err.without_snippet().to_string());
    if let Some(key) = message
        .strip_prefix("duplicate mapping key: ")
        .and_then(|rest| rest.split(',').next())
    {
        message = format!("duplicate key `{key}`");
    }
    let line = err.location().map_or(0, |l| l.line() as usize);
    if let Some((key, brackets)) = hints::empty_list_then_items(text, line) {
        return Diagnostic::error(
            file,
            format!("invalid YAML: `{key}: []` says the list is empty, but list items follow it"),
        )
        .at(text, brackets)
        .with_help(format!(
            "delete the `[]`, leaving `{key}:` alone on its line, so the `- ` items below belong to `{key}`"
        ));
    }
    let mut diagnostic = Diagnostic::error(file, format!("invalid YAML: {message}"));
    let tab = err
        .location()
        .filter(|_| message.contains("tab"))
        .and_then(|l| hints::tab_at(text, line, l.column() as usize));
    if let Some(tab) = &tab {
        diagnostic = diagnostic.at(text, tab.clone());
    } else if let Some(location) = err.location() {
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
    let help = if tab.is_some() {
        "YAML indents with spaces only: replace this tab with spaces".to_string()
    } else if let Some((line, bracket)) = unclosed {
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
