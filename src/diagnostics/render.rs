//! The two renderings of [`Diagnostics`]: rustc-like text for people and
//! workflow commands for GitHub Actions, each showing at most
//! [`MAX_SHOWN_PER_KIND`] diagnostics of a kind per file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::escape::{escape_controls, push_escaped};
use super::lines::{LineIndex, floor_char_boundary};
use super::{Diagnostic, Diagnostics, MAX_SHOWN_PER_KIND, Severity};

/// What the renderings print: a diagnostic, or the count of those of one
/// kind left out in a file.
enum Shown<'a> {
    One(&'a Diagnostic),
    More {
        /// The first one left out: where the line points.
        first: &'a Diagnostic,
        count: usize,
        kind: String,
    },
}

impl Shown<'_> {
    /// The line that stands for the diagnostics left out, shaped like a
    /// diagnostic's headline at the first of them.
    fn more_headline(first: &Diagnostic, count: usize, kind: &str) -> Diagnostic {
        let plural = if count == 1 { "" } else { "s" };
        Diagnostic::new(
            first.severity,
            first.file.clone(),
            format!(
                "… and {} more {}{plural} like “{kind}” in this file",
                thousands(count),
                first.severity
            ),
        )
        .at_line(first.line, first.column)
    }
}

impl Diagnostics {
    /// [`sorted`](Self::sorted), keeping the first
    /// [`MAX_SHOWN_PER_KIND`] of each kind in each file and, after each
    /// file's own, one count per kind that had more.
    fn shown(&self) -> Vec<Shown<'_>> {
        let mut out = Vec::new();
        let mut counts: HashMap<(Severity, String), usize> = HashMap::new();
        let mut more: Vec<Shown<'_>> = Vec::new();
        let mut more_at: HashMap<(Severity, String), usize> = HashMap::new();
        let mut file: Option<&str> = None;
        for d in self.sorted() {
            if file != Some(d.file.as_str()) {
                out.append(&mut more);
                counts.clear();
                more_at.clear();
                file = Some(d.file.as_str());
            }
            let key = (d.severity, kind(&d.message));
            let seen = counts.entry(key.clone()).or_default();
            *seen += 1;
            if *seen <= MAX_SHOWN_PER_KIND {
                out.push(Shown::One(d));
            } else if let Some(&i) = more_at.get(&key) {
                if let Shown::More { count, .. } = &mut more[i] {
                    *count += 1;
                }
            } else {
                more_at.insert(key.clone(), more.len());
                more.push(Shown::More {
                    first: d,
                    count: 1,
                    kind: key.1,
                });
            }
        }
        out.append(&mut more);
        out
    }

    /// rustc-like text: the headline, then the offending line with a caret
    /// under the span, then the help. Control characters from the content
    /// are shown escaped everywhere, in the quoted lines too.
    pub fn render_human(&self) -> String {
        let renderer = Renderer::plain();
        let mut indexes: HashMap<&str, LineIndex> = HashMap::new();
        let mut out = String::new();
        for shown in self.shown() {
            let d = match shown {
                Shown::One(d) => d,
                Shown::More { first, count, kind } => {
                    out.push_str(&Shown::more_headline(first, count, &kind).headline());
                    out.push('\n');
                    continue;
                }
            };
            out.push_str(&d.headline());
            out.push('\n');
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Note => Level::NOTE,
            };
            let mut group = Group::with_level(level.clone());
            let mut has_elements = false;
            let quoted = match (self.sources.get(&d.file), d.line > 0 && d.quote) {
                (Some(text), true) => {
                    let lines = indexes
                        .entry(d.file.as_str())
                        .or_insert_with(|| LineIndex::new(text));
                    Some(excerpt(text, lines, d))
                }
                _ => None,
            };
            if let Some(quoted) = &quoted {
                group = group.element(
                    Snippet::source(quoted.text.as_str())
                        .line_start(quoted.first_line)
                        .fold(true)
                        .annotation(AnnotationKind::Primary.span(quoted.span.clone())),
                );
                has_elements = true;
            }
            let help = d.help.as_deref().map(escape_controls);
            if let Some(help) = &help {
                group = group.element(Level::HELP.message(&**help));
                has_elements = true;
            }
            if has_elements {
                out.push_str(&renderer.render(&[group]));
                out.push('\n');
            }
        }
        out
    }

    /// GitHub Actions workflow commands, one per diagnostic, so a pull
    /// request shows each problem on its line. Control characters from
    /// the content are shown escaped, so no value can end a command or
    /// start another.
    pub fn render_github(&self) -> String {
        let mut out = String::new();
        for shown in self.shown() {
            let more;
            let d = match shown {
                Shown::One(d) => d,
                Shown::More { first, count, kind } => {
                    more = Shown::more_headline(first, count, &kind);
                    &more
                }
            };
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let _ = write!(
                out,
                "::{command} file={}",
                escape_property(&escape_controls(&d.file))
            );
            if d.line > 0 {
                let _ = write!(out, ",line={},col={}", d.line, d.column.max(1));
            }
            let mut message = escape_controls(&d.message).into_owned();
            if let Some(help) = &d.help {
                // The one line break gapmap itself puts in a message.
                message.push('\n');
                message.push_str(&escape_controls(help));
            }
            let _ = writeln!(out, "::{}", escape_data(&message));
        }
        out
    }
}

/// What diagnostics of one kind share: the message with each `quoted`
/// part (a key, a value, a path) replaced by `…`.
fn kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let Some(close) = rest[open + 1..].find('`') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str("`…`");
        rest = &rest[open + 1 + close + 1..];
    }
    out.push_str(rest);
    out
}

/// 31950 as `31,950`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Lines quoted under a headline: those the span touches (its first line
/// alone when it spans many), control characters escaped, the span moved
/// to match.
struct Excerpt {
    text: String,
    /// 1-based number of the first line.
    first_line: usize,
    span: Range<usize>,
}

/// A span longer than this many lines is quoted by its first line alone.
const MAX_QUOTED_LINES: usize = 8;

fn excerpt(text: &str, lines: &LineIndex, d: &Diagnostic) -> Excerpt {
    let span = match &d.span {
        Some(span) => {
            let start = floor_char_boundary(text, span.start.min(text.len()));
            start..floor_char_boundary(text, span.end.clamp(start, text.len()))
        }
        None => point_span(text, lines, d.line, d.column),
    };
    let first = lines.line_of(span.start);
    let mut last = if span.end > span.start {
        lines.line_of(span.end - 1)
    } else {
        first
    };
    if last - first >= MAX_QUOTED_LINES {
        last = first;
    }
    let from = lines.starts[first];
    let to = lines.line_end(text, last).max(from);
    let start = span.start.clamp(from, to) - from;
    let end = span.end.clamp(from, to) - from;
    let raw = &text[from..to];
    let mut out = String::with_capacity(raw.len());
    let mut mapped = (0, 0);
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i == start {
            mapped.0 = out.len();
        }
        if i == end {
            mapped.1 = out.len();
        }
        match c {
            // A quoted line ends at `\n`; `\r\n` is one line ending.
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek().is_some_and(|(_, next)| *next == '\n') => {}
            c => push_escaped(&mut out, c),
        }
    }
    if start >= raw.len() {
        mapped.0 = out.len();
    }
    if end >= raw.len() {
        mapped.1 = out.len();
    }
    Excerpt {
        text: out,
        first_line: first + 1,
        span: mapped.0..mapped.1.max(mapped.0),
    }
}

/// A one-character span at a line and column, for diagnostics without a byte
/// range (an empty span would show no caret).
fn point_span(text: &str, lines: &LineIndex, line: usize, column: usize) -> Range<usize> {
    let start = lines.offset_of(text, line, column);
    let end = text[start..]
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map_or(start, |c| start + c.len_utf8());
    start..end
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
