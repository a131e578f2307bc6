//! Code highlighting with syntect into CSS classes (prefixed `hl-`), so no
//! inline style reaches a page and a strict Content-Security-Policy holds.
//! The syntax set is loaded once, lazily, and shared by all threads.
//!
//! Some grammars take time quadratic in a line's length on some lines (one
//! 64 KB line of `/a/a/a…` in a `sql` block took 25 s), so the work is
//! bounded: a block with a line over [`MAX_LINE_BYTES`], a block over
//! [`MAX_BLOCK_BYTES`], or a block past a document's [`Budget`] is shown as
//! plain escaped code, and the caller is told why so it can warn.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The longest line highlighted, in bytes. The work on a line can grow
/// with the square of its length; this keeps a line's worst case to
/// milliseconds. Code people read has far shorter lines.
pub const MAX_LINE_BYTES: usize = 1_000;

/// The largest block highlighted, in bytes.
pub const MAX_BLOCK_BYTES: usize = 32 * 1024;

/// The most code highlighted in one document, in bytes: with
/// [`MAX_LINE_BYTES`] this bounds the highlighting work per document.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024;

/// What is left of a document's [`MAX_DOCUMENT_BYTES`].
#[derive(Debug)]
pub struct Budget {
    left: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: MAX_DOCUMENT_BYTES,
        }
    }
}

/// Why a block in a known language was shown as plain code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotHighlighted {
    /// Its line `index` (0-based) is `bytes` long, over [`MAX_LINE_BYTES`].
    LongLine { index: usize, bytes: usize },
    /// It is `bytes` long, over [`MAX_BLOCK_BYTES`].
    BigBlock { bytes: usize },
    /// The document's earlier blocks used up [`MAX_DOCUMENT_BYTES`].
    DocumentBudgetSpent,
}

impl std::fmt::Display for NotHighlighted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotHighlighted::LongLine { bytes, .. } => write!(
                f,
                "a line of {bytes} bytes (lines over {MAX_LINE_BYTES} bytes are not highlighted)"
            ),
            NotHighlighted::BigBlock { bytes } => write!(
                f,
                "{bytes} bytes of code (blocks over {MAX_BLOCK_BYTES} bytes are not highlighted)"
            ),
            NotHighlighted::DocumentBudgetSpent => write!(
                f,
                "more code than a document may have highlighted ({MAX_DOCUMENT_BYTES} bytes)"
            ),
        }
    }
}

/// A code block as HTML, made only here: the markdown module takes it into
/// a page as it is, so its text must have been escaped by this module or
/// by syntect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightedCode(String);

impl HighlightedCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A `<pre><code>` block, highlighted when the language is known and the
/// block is within the limits (see the module's doc); when it is not, the
/// reason comes with the plain block.
pub fn code_block(
    lang: &str,
    code: &str,
    budget: &mut Budget,
) -> (HighlightedCode, Option<NotHighlighted>) {
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let Some(syntax) = syntax else {
        return (HighlightedCode(plain_block(lang, code)), None);
    };
    if let Some(reason) = over_limits(code, budget) {
        return (HighlightedCode(plain_block(lang, code)), Some(reason));
    }
    budget.left -= code.len();
    (highlighted(syntax, lang, code), None)
}

/// Why `code` may not be highlighted, if it may not.
fn over_limits(code: &str, budget: &Budget) -> Option<NotHighlighted> {
    if code.len() > MAX_BLOCK_BYTES {
        return Some(NotHighlighted::BigBlock { bytes: code.len() });
    }
    let long_line = code
        .split('\n')
        .enumerate()
        .find(|(_, line)| line.len() > MAX_LINE_BYTES);
    if let Some((index, line)) = long_line {
        return Some(NotHighlighted::LongLine {
            index,
            bytes: line.len(),
        });
    }
    (code.len() > budget.left).then_some(NotHighlighted::DocumentBudgetSpent)
}

fn highlighted(
    syntax: &syntect::parsing::SyntaxReference,
    lang: &str,
    code: &str,
) -> HighlightedCode {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return HighlightedCode(plain_block(lang, code));
        }
    }
    HighlightedCode(format!(
        "<pre class=\"hl-code\"><code{}>{}</code></pre>\n",
        language_class(lang),
        generator.finalize()
    ))
}

/// A `<pre><code>` block, not highlighted: for text gapmap writes itself
/// (a study's BibTeX and RIS), where colours add nothing to what a reader
/// copies and cost a page three times the bytes.
pub fn plain_block(lang: &str, code: &str) -> String {
    let mut html = String::with_capacity(code.len() + 40);
    html.push_str("<pre><code");
    html.push_str(&language_class(lang));
    html.push('>');
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, code);
    html.push_str("</code></pre>\n");
    html
}

fn language_class(lang: &str) -> String {
    if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", slug::slugify(lang))
    }
}

/// The stylesheet for highlighted code: a light theme, and a dark one when
/// the reader's system asks for dark mode.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from("/* Generated by gapmap from syntect themes. */\n");
    if let Some(light) = themes.themes.get("InspiredGitHub")
        && let Ok(rules) = css_for_theme_with_class_style(light, STYLE)
    {
        css.push_str(&rules);
    }
    if let Some(dark) = themes.themes.get("base16-ocean.dark")
        && let Ok(rules) = css_for_theme_with_class_style(dark, STYLE)
    {
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        css.push_str(&rules);
        css.push_str("}\n");
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(lang: &str, code: &str) -> String {
        code_block(lang, code, &mut Budget::default())
            .0
            .into_string()
    }

    #[test]
    fn known_language_gets_classes_not_styles() {
        let html = block("rust", "fn main() {}\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let html = block("nonsense", "<b>\n");
        assert_eq!(
            html,
            "<pre><code class=\"language-nonsense\">&lt;b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn a_plain_block_is_escaped_and_carries_no_highlighting() {
        let html = plain_block("bib", "@article{a,\n  title = {<b> & c},\n}\n");
        assert_eq!(
            html,
            "<pre><code class=\"language-bib\">@article{a,\n  title = {&lt;b&gt; &amp; c},\n}\n</code></pre>\n"
        );
    }

    #[test]
    fn javascript_grammar_finishes_on_awkward_input() {
        // syntect's JavaScript grammar has been known to hang on some
        // inputs; these must come back.
        for input in ["/*", "`${`${`${", "a = /[/", "x = <div>{</div>"] {
            let html = block("js", input);
            assert!(html.contains("<pre"), "{html}");
        }
    }

    #[test]
    fn a_block_over_a_limit_is_plain_code_with_the_reason() {
        let long = format!("select 1;\n{}\n", "/a".repeat(MAX_LINE_BYTES));
        let (html, why) = code_block("sql", &long, &mut Budget::default());
        assert_eq!(html.as_str(), plain_block("sql", &long));
        assert_eq!(
            why,
            Some(NotHighlighted::LongLine {
                index: 1,
                bytes: 2 * MAX_LINE_BYTES
            })
        );

        let big = "select 1;\n".repeat(MAX_BLOCK_BYTES / 10 + 1);
        let (html, why) = code_block("sql", &big, &mut Budget::default());
        assert_eq!(html.as_str(), plain_block("sql", &big));
        assert_eq!(why, Some(NotHighlighted::BigBlock { bytes: big.len() }));
    }

    #[test]
    fn a_document_has_its_code_highlighted_up_to_its_budget() {
        let code = "select 1;\n".repeat(MAX_BLOCK_BYTES / 10);
        let mut budget = Budget::default();
        let blocks: Vec<_> = (0..3)
            .map(|_| code_block("sql", &code, &mut budget).1)
            .collect();
        assert_eq!(
            blocks,
            [None, None, Some(NotHighlighted::DocumentBudgetSpent)]
        );
        // Plain text and unknown languages are not "not highlighted".
        assert_eq!(code_block("", &code, &mut budget).1, None);
        assert_eq!(code_block("nonsense", &code, &mut budget).1, None);
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
