//! Diagnostics are data: every step of the pipeline pushes them into one
//! [`Diagnostics`] collection, and only `main` prints them and picks the exit
//! code. This module owns their shape and their two renderings (rustc-like
//! text for people, `::error` lines for GitHub Actions); it never decides what
//! is wrong with content.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One problem, located in a file. `line` and `column` are 1-based; 0 means
/// the problem concerns the whole file (a missing file, a duplicate id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user: relative to the site root when possible.
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// Byte range in the file's text, when known.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: 0,
            column: 0,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    pub fn note(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, file, message)
    }

    /// Locates the diagnostic at a byte span of `text`, deriving line and
    /// column (in characters) from it.
    pub fn at(mut self, text: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let (line, column) = line_column(text, start);
        self.line = line;
        self.column = column;
        self.span = Some(start..end);
        self
    }

    /// Locates the diagnostic at a line and column when no byte span is known.
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:column: severity: message`, the first line of the human
    /// rendering and what tests match on.
    pub fn headline(&self) -> String {
        let mut out = self.file.clone();
        if self.line > 0 {
            let _ = write!(out, ":{}:{}", self.line, self.column.max(1));
        }
        let _ = write!(out, ": {}: {}", self.severity, self.message);
        out
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and character column.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// Every diagnostic of a run, with the text of the files they point into so
/// that the offending lines can be shown.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    sources: BTreeMap<String, Arc<str>>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.sources.extend(other.sources);
    }

    /// Remembers a file's text so its lines can be quoted when printing.
    pub fn add_source(&mut self, file: &str, text: Arc<str>) {
        self.sources.insert(file.to_string(), text);
    }

    /// Forgets the texts of files nothing was said about: a build reads
    /// tens of thousands of files and quotes none of them after checking
    /// them.
    pub fn forget_unquoted_sources(&mut self) {
        let said: std::collections::HashSet<&str> =
            self.items.iter().map(|d| d.file.as_str()).collect();
        self.sources.retain(|file, _| said.contains(file.as_str()));
    }

    /// The errors and warnings alone, for places with little room.
    pub fn without_notes(&self) -> Diagnostics {
        Diagnostics {
            items: self
                .items
                .iter()
                .filter(|d| d.severity != Severity::Note)
                .cloned()
                .collect(),
            sources: self.sources.clone(),
        }
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then position, then severity: the order a contributor
    /// fixes them in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.items.iter().collect();
        all.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        all.dedup();
        all
    }

    /// rustc-like text: the headline, then the offending line with a caret
    /// under the span, then the help.
    pub fn render_human(&self) -> String {
        let renderer = Renderer::plain();
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.headline());
            out.push('\n');
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Note => Level::NOTE,
            };
            let mut group = Group::with_level(level.clone());
            let mut has_elements = false;
            if let (Some(text), true) = (self.sources.get(&d.file), d.line > 0) {
                let span = d
                    .span
                    .clone()
                    .unwrap_or_else(|| point_span(text, d.line, d.column));
                group = group.element(
                    Snippet::source(&**text)
                        .fold(true)
                        .annotation(AnnotationKind::Primary.span(span)),
                );
                has_elements = true;
            }
            if let Some(help) = &d.help {
                group = group.element(Level::HELP.message(help.as_str()));
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
    /// request shows each problem on its line.
    pub fn render_github(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let _ = write!(out, "::{command} file={}", escape_property(&d.file));
            if d.line > 0 {
                let _ = write!(out, ",line={},col={}", d.line, d.column.max(1));
            }
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push('\n');
                message.push_str(help);
            }
            let _ = writeln!(out, "::{}", escape_data(&message));
        }
        out
    }

    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!(
            "{}, {}, {}",
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning"),
            plural(self.count(Severity::Note), "note")
        )
    }
}

/// A one-character span at a line and column, for diagnostics without a byte
/// range (an empty span would show no caret).
fn point_span(text: &str, line: usize, column: usize) -> Range<usize> {
    let start = offset_of(text, line, column);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let text = "a: 1\n标题: x\n";
        let offset = text.find('x').unwrap();
        assert_eq!(line_column(text, offset), (2, 5));
        assert_eq!(offset_of(text, 2, 5), offset);
    }

    #[test]
    fn headline_has_path_line_column() {
        let text = "title: x\ntittle: y\n";
        let d = Diagnostic::error("study.yaml", "unknown field `tittle`").at(text, 9..15);
        assert_eq!(
            d.headline(),
            "study.yaml:2:1: error: unknown field `tittle`"
        );
    }

    #[test]
    fn human_rendering_quotes_the_offending_line_and_help() {
        let mut all = Diagnostics::default();
        let text = "title: x\ntittle: y\n";
        all.add_source("s.yaml", Arc::from(text));
        all.push(
            Diagnostic::error("s.yaml", "unknown field `tittle`")
                .at(text, 9..15)
                .with_help("did you mean `title`?"),
        );
        let out = all.render_human();
        assert!(out.starts_with("s.yaml:2:1: error: unknown field `tittle`\n"));
        assert!(out.contains("tittle: y"), "{out}");
        assert!(out.contains("^^^^^^"), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
    }

    #[test]
    fn github_rendering_escapes_newlines() {
        let mut all = Diagnostics::default();
        all.push(
            Diagnostic::warning("a,b.yaml", "one")
                .at_line(3, 2)
                .with_help("two"),
        );
        assert_eq!(
            all.render_github(),
            "::warning file=a%2Cb.yaml,line=3,col=2::one%0Atwo\n"
        );
    }
}
