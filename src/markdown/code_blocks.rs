//! A document's code blocks: their text gathered from the parser's events,
//! highlighted within the document's budget (see [`crate::highlight`]),
//! and a warning with the block's file and line when one is shown plain.

use std::ops::Range;

use pulldown_cmark::CodeBlockKind;

use super::trusted::TrustedHtml;
use crate::content::MarkdownSource;
use crate::diagnostics::Diagnostic;
use crate::highlight::{self, NotHighlighted};

/// How many blocks of one document get a warning of their own; the rest
/// are counted in one more, so a file of many blocks does not flood the
/// report.
const MAX_WARNINGS: usize = 10;

/// The code blocks of one document.
#[derive(Default)]
pub(super) struct CodeBlocks {
    budget: highlight::Budget,
    open: Option<OpenBlock>,
    /// Blocks shown plain beyond [`MAX_WARNINGS`], and where the first was.
    unwarned: usize,
    first_unwarned: usize,
    warned: usize,
}

struct OpenBlock {
    lang: String,
    code: String,
    /// Where the block starts in the source (its fence, when fenced).
    start: usize,
    fenced: bool,
}

impl CodeBlocks {
    /// Whether a block is open: the parser's text goes into it.
    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    pub(super) fn open(&mut self, kind: CodeBlockKind, range: &Range<usize>) {
        let (lang, fenced) = match kind {
            CodeBlockKind::Fenced(info) => (
                info.split_whitespace().next().unwrap_or("").to_string(),
                true,
            ),
            CodeBlockKind::Indented => (String::new(), false),
        };
        self.open = Some(OpenBlock {
            lang,
            code: String::new(),
            start: range.start,
            fenced,
        });
    }

    pub(super) fn push_text(&mut self, text: &str) {
        if let Some(block) = self.open.as_mut() {
            block.code.push_str(text);
        }
    }

    /// Closes the open block and gives its HTML.
    pub(super) fn close(
        &mut self,
        source: &MarkdownSource,
        diags: &mut Vec<Diagnostic>,
    ) -> TrustedHtml {
        let Some(block) = self.open.take() else {
            return TrustedHtml::default();
        };
        let (html, why) = highlight::code_block(&block.lang, &block.code, &mut self.budget);
        if let Some(why) = why {
            if self.warned < MAX_WARNINGS {
                self.warned += 1;
                diags.push(not_highlighted(source, &block, why));
            } else {
                if self.unwarned == 0 {
                    self.first_unwarned = block.start;
                }
                self.unwarned += 1;
            }
        }
        TrustedHtml::code_block(html)
    }

    /// Says how many blocks were shown plain without a warning of their own.
    pub(super) fn finish(self, source: &MarkdownSource, diags: &mut Vec<Diagnostic>) {
        if self.unwarned == 0 {
            return;
        }
        let text = &*source.text;
        diags.push(
            Diagnostic::warning(
                &source.file,
                format!(
                    "{} more code blocks from here on are shown without highlighting, for the same reasons",
                    self.unwarned
                ),
            )
            .at(text, self.first_unwarned..line_end(text, self.first_unwarned)),
        );
    }
}

/// The warning for a block shown plain: at its first line (its fence),
/// naming the long line when that is the reason.
fn not_highlighted(source: &MarkdownSource, block: &OpenBlock, why: NotHighlighted) -> Diagnostic {
    let text = &*source.text;
    let mut diagnostic = Diagnostic::warning(&source.file, "");
    diagnostic = diagnostic.at(text, block.start..line_end(text, block.start));
    diagnostic.message = match why {
        NotHighlighted::LongLine { index, bytes } => {
            let line = diagnostic.line + index + usize::from(block.fenced);
            format!(
                "code block shown without highlighting: its line {line} has {bytes} bytes (lines over {} bytes are not highlighted)",
                highlight::MAX_LINE_BYTES
            )
        }
        other => format!("code block shown without highlighting: it has {other}"),
    };
    diagnostic.with_help(
        "it is still shown, as plain code; to have it highlighted, break long lines or split the block",
    )
}

/// The end of the line `at` starts in, at most 80 bytes on: enough to
/// show where a block starts without quoting a long line whole.
fn line_end(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    at + end.min(80)
}
