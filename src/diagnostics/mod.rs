//! Diagnostics are data: every step of the pipeline pushes them into one
//! [`Diagnostics`] collection, and only `main` prints them and picks the exit
//! code. This module owns their shape and their two renderings (rustc-like
//! text for people, `::error` lines for GitHub Actions); it never decides what
//! is wrong with content.

mod escape;
mod lines;
mod render;

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::sync::Arc;

pub use escape::escape_controls;
use lines::floor_char_boundary;
pub use lines::{LineIndex, line_column, offset_of};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// Whether the human rendering quotes the line it points at: not for
    /// a place where something is to be added, whose line says nothing
    /// about the problem.
    pub quote: bool,
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
            quote: true,
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
    /// column (in characters) from it. This scans `text` up to the span:
    /// code that reports many problems in one file uses
    /// [`at_indexed`](Self::at_indexed) instead.
    pub fn at(self, text: &str, span: Range<usize>) -> Self {
        self.locate(text, span, line_column)
    }

    /// [`at`](Self::at) with the file's line starts found once: a binary
    /// search per diagnostic, so a file with 40,000 problems costs no
    /// more than 40,000 look-ups.
    pub fn at_indexed(self, lines: &LineIndex, text: &str, span: Range<usize>) -> Self {
        self.locate(text, span, |text, offset| lines.line_column(text, offset))
    }

    fn locate(
        mut self,
        text: &str,
        span: Range<usize>,
        line_column: impl FnOnce(&str, usize) -> (usize, usize),
    ) -> Self {
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

    /// Shows the headline and help without quoting the line: for a
    /// place to add something rather than a mistake to point at.
    pub fn without_quote(mut self) -> Self {
        self.quote = false;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:column: severity: message`, the first line of the human
    /// rendering and what tests match on. Control characters in the path
    /// and the message are shown escaped, so the headline is one line.
    pub fn headline(&self) -> String {
        let mut out = escape_controls(&self.file).into_owned();
        if self.line > 0 {
            let _ = write!(out, ":{}:{}", self.line, self.column.max(1));
        }
        let _ = write!(
            out,
            ": {}: {}",
            self.severity,
            escape_controls(&self.message)
        );
        out
    }
}

/// At most this many diagnostics of one kind (same severity, same message
/// but for its `quoted` parts) are printed per file; one more line counts
/// the rest. A file with 40,000 unknown keys is fixed the same way as a
/// file with 50, and printing them all would take longer than checking.
pub const MAX_SHOWN_PER_KIND: usize = 50;

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

    /// The same diagnostics with each help line `translate` knows replaced
    /// by its translation (`gapmap serve`'s panel on a Chinese page).
    pub fn with_help_translated(&self, translate: impl Fn(&str) -> Option<String>) -> Diagnostics {
        let mut items = self.items.clone();
        for d in &mut items {
            if let Some(translated) = d.help.as_deref().and_then(&translate) {
                d.help = Some(translated);
            }
        }
        Diagnostics {
            items,
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

    #[test]
    fn the_line_index_agrees_with_a_scan_everywhere() {
        let text = "a: 1\r\n标题: x\n\n  - é\u{1b}z\nlast";
        let lines = LineIndex::new(text);
        let mut offsets: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // In order (the cursor's case), then backwards.
        for &offset in offsets.iter() {
            assert_eq!(
                lines.line_column(text, offset),
                line_column(text, offset),
                "{offset}"
            );
        }
        offsets.reverse();
        for &offset in offsets.iter() {
            assert_eq!(
                lines.line_column(text, offset),
                line_column(text, offset),
                "{offset}"
            );
            let (line, column) = line_column(text, offset);
            assert_eq!(
                lines.offset_of(text, line, column),
                offset_of(text, line, column)
            );
        }
    }

    fn many(file: &str, n: usize) -> Vec<Diagnostic> {
        (0..n)
            .map(|i| {
                Diagnostic::error(file, format!("unknown field `key_{i}`"))
                    .at_line(i + 1, 1)
                    .with_help("remove it")
            })
            .collect()
    }

    #[test]
    fn at_most_fifty_of_a_kind_per_file_then_a_count() {
        let mut all = Diagnostics::default();
        let text: String = (0..120).map(|i| format!("key_{i}: x\n")).collect();
        all.add_source("a.yaml", Arc::from(text.as_str()));
        for d in many("a.yaml", 120).into_iter().chain(many("b.yaml", 3)) {
            all.push(d);
        }
        all.push(Diagnostic::warning("a.yaml", "another kind").at_line(200, 1));
        let human = all.render_human();
        let headlines: Vec<&str> = human.lines().filter(|l| l.contains(": error: ")).collect();
        assert_eq!(headlines.len(), 50 + 1 + 3, "{human}");
        assert_eq!(headlines[49], "a.yaml:50:1: error: unknown field `key_49`");
        assert_eq!(
            headlines[50],
            "a.yaml:51:1: error: … and 70 more errors like “unknown field `…`” in this file"
        );
        assert!(
            human.contains("a.yaml:200:1: warning: another kind"),
            "{human}"
        );
        assert!(
            human.contains("b.yaml:3:1: error: unknown field `key_2`"),
            "{human}"
        );
        // The count comes after the file's own diagnostics, before the next file's.
        let count_at = human.find("… and 70 more").unwrap();
        assert!(human.find("another kind").unwrap() < count_at);
        assert!(count_at < human.find("b.yaml").unwrap());
        assert_eq!(all.summary(), "123 errors, 1 warning, 0 notes");

        let github = all.render_github();
        assert_eq!(github.lines().count(), 50 + 1 + 1 + 3, "{github}");
        assert!(github.contains(
            "::error file=a.yaml,line=51,col=1::… and 70 more errors like “unknown field `…`” in this file\n"
        ));
    }

    #[test]
    fn one_more_is_counted_in_the_singular() {
        let mut all = Diagnostics::default();
        for d in many("a.yaml", 51) {
            all.push(d);
        }
        assert!(all.render_human().contains("… and 1 more error like"));
        let mut all = Diagnostics::default();
        for d in many("a.yaml", 31_000) {
            all.push(d);
        }
        assert!(
            all.render_github()
                .contains("… and 30,950 more errors like")
        );
    }

    #[test]
    fn control_characters_are_shown_escaped_in_both_formats() {
        // As read from `"k\e]8;;http://x\a\u009b\u202e": y`, and as
        // named in a message with a line break that tries to start a
        // GitHub command.
        let key = "k\u{1b}]8;;http://x\u{7}\u{9b}\u{202e}";
        let text = format!("title: x\n{key}: y\n");
        let mut all = Diagnostics::default();
        all.add_source("s\u{1b}[2J.yaml", Arc::from(text.as_str()));
        let at = text.find('k').unwrap();
        all.push(
            Diagnostic::error(
                "s\u{1b}[2J.yaml",
                format!("unknown field `{key}`\n::error file=x::forged"),
            )
            .at(&text, at..at + key.len())
            .with_help(format!("remove `{key}`\r\n")),
        );
        let escaped = "k\\u{1b}]8;;http://x\\u{7}\\u{9b}\\u{202e}";
        let human = all.render_human();
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
            assert!(!human.contains(c), "{c:?} in\n{human}");
        }
        assert!(
            human.starts_with(&format!(
                "s\\u{{1b}}[2J.yaml:2:1: error: unknown field `{escaped}`\\n::error file=x::forged\n"
            )),
            "{human}"
        );
        // The quoted line is escaped too, and the caret spans it.
        assert!(human.contains(&format!("2 | {escaped}: y\n")), "{human}");
        assert!(
            human.contains(&format!("  | {}\n", "^".repeat(escaped.len()))),
            "{human}"
        );
        assert!(
            human.contains(&format!("help: remove `{escaped}`\\r\\n")),
            "{human}"
        );
        assert!(!human.lines().any(|l| l.starts_with("::")), "{human}");

        let github = all.render_github();
        assert_eq!(github.lines().count(), 1, "{github}");
        assert!(
            !github.contains('\u{1b}') && !github.contains('\u{7}'),
            "{github}"
        );
        assert_eq!(
            github,
            "::error file=s\\u{1b}[2J.yaml,line=2,col=1::unknown field `k\\u{1b}]8;;http://x\\u{7}\\u{9b}\\u{202e}`\\n::error file=x::forged%0Aremove `k\\u{1b}]8;;http://x\\u{7}\\u{9b}\\u{202e}`\\r\\n\n"
        );
    }
}
