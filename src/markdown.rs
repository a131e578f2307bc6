//! Contributor Markdown to safe HTML. Walks pulldown-cmark's events and
//! rewrites only those it cares about: raw HTML becomes visible text (with a
//! warning), fenced code is highlighted into CSS classes, headings and
//! footnotes get ids prefixed per document so two documents on one page do
//! not collide.
//!
//! Safe by construction, so no sanitiser has to parse the HTML again: the
//! HTML is a [`TrustedHtml`], which only [`trusted`] can make, and there
//! the only raw HTML the writer receives is markup this module built from
//! its own tags and escaped parts; a contributor's HTML can only become
//! text. Links and images keep their URL only when it is relative or
//! `http`, `https` or `mailto`, links get `rel="noopener noreferrer"`, and
//! table cells lose their alignment style. No script, event handler, style
//! or `javascript:` URL can come out. The tests hold the result to
//! ammonia's allowlist (the same rules as a sanitiser): ammonia finds
//! nothing in it to remove.

mod code_blocks;
#[cfg(test)]
mod cpu_time;
mod heading_ids;
mod images;
mod trusted;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::MarkdownSource;
use crate::diagnostics::Diagnostic;
use code_blocks::CodeBlocks;
use heading_ids::HeadingIds;
pub use trusted::TrustedHtml;
use trusted::{Piece, Value};

/// A rendered document: safe HTML (see the module's doc), its first
/// level-1 heading (a free page's title, removed from the body) and its
/// plain text for search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: TrustedHtml,
    pub title: Option<String>,
    pub text: String,
    /// One paragraph that stands for the document (its findings' first,
    /// see `Lead`), as plain text: what a printed brief shows of a study.
    pub lead: String,
}

/// How a document may use a level-1 heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum H1 {
    /// A free page: its first line is `# Title`, taken out as the page title.
    IsTitle,
    /// A summary: the page supplies the h1, so the summary may not.
    Forbidden,
}

fn options() -> Options {
    // Heading attributes stay off: `# T {onclick=…}` must not become one.
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// The URL schemes a link or image may use; any other (`javascript:`,
/// `data:`, `vbscript:` ...) loses its URL. Relative URLs have none.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// What every link gets: a page it opens cannot reach back into the site.
pub const LINK_REL: &str = "noopener noreferrer";

/// Renders one document. `prefix` makes its ids unique on the page.
pub fn render(source: &MarkdownSource, prefix: &str, h1: H1) -> (Rendered, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = Rendered::default();
    let mut events = Vec::new();
    let mut in_title = false;
    let mut title = String::new();
    let mut heading_text: Option<String> = None;
    // Where the open heading's tag goes, once its text gives it an id.
    let mut heading_at = 0;
    let mut heading_ids = HeadingIds::default();
    let mut code = CodeBlocks::default();
    let mut footnote_numbers: Vec<String> = Vec::new();
    // For each open image, whether it was refused (see `images`): a refused
    // image's description is shown as text, without its tags.
    let mut images_refused: Vec<bool> = Vec::new();

    let text = &*source.text;
    let mut lead = Lead::new(LEAD_HEADINGS);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        lead.see(&event);
        if code.is_open() {
            match event {
                Event::Text(t) => code.push_text(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Piece::Trusted(code.close(source, &mut diags)));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if h1 == H1::IsTitle && out.title.is_none() && !in_title => {
                in_title = true;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_title => {
                in_title = false;
                out.title = Some(title.trim().to_string());
            }
            Event::Text(t) | Event::Code(t) if in_title => title.push_str(&t),
            _ if in_title => {}
            Event::Start(Tag::Heading { level, .. }) => {
                if level == HeadingLevel::H1 {
                    let message = match h1 {
                        H1::Forbidden => {
                            "a summary may not use a level-1 heading (`# ...`): the page title is the study's title"
                        }
                        H1::IsTitle => {
                            "a page has one level-1 heading, its title on the first line"
                        }
                    };
                    diags.push(
                        Diagnostic::error(&source.file, message)
                            .at(text, range.clone())
                            .with_help("use `## ` for section headings"),
                    );
                }
                heading_text = Some(String::new());
                heading_at = events.len();
                events.push(Piece::Trusted(TrustedHtml::default()));
            }
            Event::End(TagEnd::Heading(level)) => {
                let label = heading_text.take().unwrap_or_default();
                let id = heading_ids.next(prefix, &label);
                let tag = heading_tag(level);
                events[heading_at] = Piece::Trusted(
                    TrustedHtml::markup("<")
                        .and(tag)
                        .attribute("id", Some(&id), Value::Text)
                        .and(">"),
                );
                events.push(Piece::Trusted(
                    TrustedHtml::markup("</").and(tag).and(">\n"),
                ));
                out.text.push(' ');
            }
            Event::Start(Tag::CodeBlock(kind)) => code.open(kind, &range),
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                let refused = images::from_another_site(dest_url);
                images_refused.push(refused);
                if refused {
                    diags.push(images::refused(source, range.clone()));
                } else {
                    events.push(Piece::Markdown(event));
                }
            }
            Event::End(TagEnd::Image) => {
                if images_refused.pop() != Some(true) {
                    events.push(Piece::Markdown(event));
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                diags.push(
                    Diagnostic::warning(
                        &source.file,
                        "raw HTML is not allowed; it is shown as text",
                    )
                    .at(text, range.clone())
                    .with_help(
                        "use Markdown instead (**bold**, [link](https://...), lists, tables)",
                    ),
                );
                events.push(Piece::Markdown(Event::Text(raw)));
            }
            Event::FootnoteReference(label) => {
                let number = match footnote_numbers.iter().position(|l| *l == *label) {
                    Some(i) => i + 1,
                    None => {
                        footnote_numbers.push(label.to_string());
                        footnote_numbers.len()
                    }
                };
                let key = slug::slugify(&label);
                events.push(Piece::Trusted(
                    TrustedHtml::markup("<sup class=\"footnote-ref\"><a")
                        .attribute("href", Some(&format!("#{prefix}fn-{key}")), Value::Url)
                        .attribute("id", Some(&format!("{prefix}fnref-{key}")), Value::Text)
                        .and(" rel=\"")
                        .and(LINK_REL)
                        .and("\">")
                        .text(itoa::Buffer::new().format(number))
                        .and("</a></sup>"),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let key = slug::slugify(&label);
                events.push(Piece::Trusted(
                    TrustedHtml::markup("<div class=\"footnote\"")
                        .attribute("id", Some(&format!("{prefix}fn-{key}")), Value::Text)
                        .and(">"),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events.push(Piece::Trusted(TrustedHtml::markup("</div>\n")));
            }
            // The parser tells inline code from text (`Event::Code`); the
            // source's backticks do not: an escaped or unmatched one is text.
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some(h) = heading_text.as_mut() {
                    h.push_str(t);
                }
                out.text.push_str(t);
                events.push(Piece::Markdown(event));
            }
            Event::SoftBreak | Event::HardBreak => {
                out.text.push(' ');
                events.push(Piece::Markdown(event));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                out.text.push(' ');
                events.push(Piece::Markdown(event));
            }
            other => events.push(Piece::Markdown(other)),
        }
    }
    code.finish(source, &mut diags);
    if h1 == H1::IsTitle && out.title.is_none() {
        diags.push(
            Diagnostic::error(&source.file, "page has no title")
                .at_line(1, 1)
                .with_help("start the file with a level-1 heading: `# About this map`"),
        );
    }

    // Kept for the whole build, 20,000 of each on a large map: no slack.
    out.html = trusted::write(events, text.len() * 2);
    out.text = exact(collapse_whitespace(&out.text));
    out.lead = exact(lead.finish());
    (out, diags)
}

/// The element name of a heading of `level`.
fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

/// `s` in a block of its own length. Not `shrink_to_fit`: the allocator
/// (mimalloc) keeps a block that shrinks by less than half as it is, which
/// left every summary's HTML in a block twice its source's size.
fn exact(s: String) -> String {
    if s.capacity() > s.len() {
        String::from(s.as_str())
    } else {
        s
    }
}

/// Section headings whose first paragraph best sums up a study, in the
/// languages contributors write.
const LEAD_HEADINGS: &[&str] = &["Findings", "Results", "结果", "研究结果", "主要发现"];

/// Finds a document's lead, one event at a time, in the same pass as its
/// HTML: the plain text of the first paragraph under the first heading
/// named in `headings`, or of the document's first paragraph when none is
/// there.
struct Lead<'h> {
    headings: &'h [&'h str],
    found: Option<String>,
    first: Option<String>,
    in_heading: bool,
    heading: String,
    after_wanted: bool,
    paragraph: Option<String>,
    /// A wanted section that is only a list stands for itself, items joined.
    items: String,
}

impl<'h> Lead<'h> {
    fn new(headings: &'h [&'h str]) -> Self {
        Lead {
            headings,
            found: None,
            first: None,
            in_heading: false,
            heading: String::new(),
            after_wanted: false,
            paragraph: None,
            items: String::new(),
        }
    }

    fn see(&mut self, event: &Event) {
        if self.found.is_some() {
            return;
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {
                if self.after_wanted && !self.items.is_empty() {
                    self.found = Some(collapse_whitespace(
                        self.items.trim_end_matches(['；', ';', ' ']),
                    ));
                    return;
                }
                self.in_heading = true;
                self.heading.clear();
            }
            Event::End(TagEnd::Item) if self.after_wanted => {
                let ended = self
                    .items
                    .trim_end()
                    .ends_with(['.', '。', '!', '?', '！', '？', ';', '；']);
                self.items.push_str(if ended { " " } else { "; " });
            }
            Event::End(TagEnd::Heading(_)) => {
                self.in_heading = false;
                self.after_wanted = self
                    .headings
                    .iter()
                    .any(|h| self.heading.trim().eq_ignore_ascii_case(h));
            }
            Event::Start(Tag::Paragraph) if !self.in_heading => {
                self.paragraph = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                let done = collapse_whitespace(&self.paragraph.take().unwrap_or_default());
                if self.after_wanted && !done.is_empty() {
                    self.found = Some(done);
                } else if self.first.is_none() && !done.is_empty() {
                    self.first = Some(done);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if self.in_heading {
                    self.heading.push_str(t);
                } else if let Some(p) = self.paragraph.as_mut() {
                    p.push_str(t);
                } else if self.after_wanted {
                    self.items.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = self.paragraph.as_mut() {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }

    fn finish(self) -> String {
        if let Some(found) = self.found {
            return found;
        }
        if self.after_wanted && !self.items.is_empty() {
            return collapse_whitespace(self.items.trim_end_matches(['；', ';', ' ']));
        }
        self.first.unwrap_or_default()
    }
}

/// `s` with each run of whitespace made one space, and none at either end.
/// Copies runs of text at once: words with single spaces between them, and
/// characters no space can start with, are skipped over a byte at a time
/// without decoding (every summary's text and lead pass through here).
fn collapse_whitespace(s: &str) -> String {
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

    fn lead_paragraph(text: &str, headings: &[&str]) -> String {
        let mut lead = Lead::new(headings);
        for event in Parser::new_ext(text, options()) {
            lead.see(&event);
        }
        lead.finish()
    }

    #[test]
    fn the_lead_is_the_first_paragraph_of_the_findings() {
        let text = "## Background\n\nWhy.\n\n## Findings\n\n- a list first\n\nWhat was *found*,\nin two lines.\n\nMore.\n";
        assert_eq!(
            lead_paragraph(text, LEAD_HEADINGS),
            "What was found, in two lines."
        );
        assert_eq!(
            lead_paragraph("## 结果\n\n发现了什么。\n", LEAD_HEADINGS),
            "发现了什么。"
        );
        assert_eq!(
            lead_paragraph("## Other\n\nFirst.\n", LEAD_HEADINGS),
            "First."
        );
        assert_eq!(
            lead_paragraph(
                "Intro.\n\n## 结果\n\n- **甲**：一\n- 乙\n\n## 启示\n\n丙。\n",
                LEAD_HEADINGS
            ),
            "甲：一; 乙"
        );
        assert_eq!(lead_paragraph("", LEAD_HEADINGS), "");
    }

    fn md(text: &str) -> MarkdownSource {
        MarkdownSource {
            file: "s.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn raw_html_and_scripts_become_text() {
        let (r, d) = render(
            &md("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>\n"),
            "",
            H1::Forbidden,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!d.is_empty());
    }

    #[test]
    fn javascript_links_are_dropped() {
        let (r, _) = render(
            &md("[x](javascript:alert(1)) [y](data:text/html,hi)"),
            "",
            H1::Forbidden,
        );
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("data:"), "{}", r.html);
    }

    #[test]
    fn heading_attributes_are_not_parsed() {
        let (r, _) = render(&md("## Title {onclick=alert(1)}\n"), "", H1::Forbidden);
        // The braces stay visible text; no attribute is made of them.
        assert!(
            r.html.contains(">Title {onclick=alert(1)}</h2>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("onclick=\""), "{}", r.html);
    }

    #[test]
    fn headings_get_prefixed_unique_ids() {
        let (r, _) = render(&md("## Findings\n\n## Findings\n"), "s-", H1::Forbidden);
        assert!(
            r.html.contains("<h2 id=\"s-findings\">Findings</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"s-findings-2\""), "{}", r.html);
    }

    #[test]
    fn many_headings_render_in_time_linear_in_their_number() {
        // Issue 21: `## a` 10,000 times took 7.2 s, 30,000 over a minute;
        // `##` (no text) 40,000 times in a free page as long.
        for (heading, h1) in [("## a\n\n", H1::Forbidden), ("##\n", H1::IsTitle)] {
            let time = |n: usize| {
                let source = md(&format!("# T\n\n{}", heading.repeat(n)));
                cpu_time::fastest(|| {
                    render(&source, "", h1);
                })
            };
            let small = time(2_000);
            let large = time(20_000);
            assert!(
                large < small * 30,
                "{heading:?} 20,000 times took {large:?}, 2,000 times {small:?}"
            );
        }
    }

    #[test]
    fn long_lines_in_code_are_shown_plain_in_time_linear_in_their_length() {
        // Issue 21: one 64 KB line of `/a/a/a…` in a `sql` block took 25 s,
        // 15 such blocks over a minute.
        let time = |line_bytes: usize| {
            let block = format!("```sql\n{}\n```\n\n", "/a".repeat(line_bytes / 2));
            let source = md(&block.repeat(15));
            cpu_time::fastest(|| {
                render(&source, "", H1::Forbidden);
            })
        };
        let small = time(6_400);
        let large = time(64_000);
        assert!(
            large < small * 30,
            "15 blocks of a 64,000-byte line took {large:?}, of 6,400 bytes {small:?}"
        );
    }

    #[test]
    fn a_code_block_shown_plain_is_a_warning_at_its_line() {
        let long = "/a".repeat(1_000);
        let (r, d) = render(
            &md(&format!("Text.\n\n```sql\nselect 1;\n{long}\n```\n")),
            "",
            H1::Forbidden,
        );
        assert!(
            r.html
                .contains("<pre><code class=\"language-sql\">select 1;\n/a/a"),
            "{}",
            r.html
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].file.as_str(), d[0].line, d[0].column), ("s.md", 3, 1));
        assert!(
            d[0].message.contains("line 5 has 2000 bytes"),
            "{}",
            d[0].message
        );

        // Many such blocks: ten warnings, then one that counts the rest.
        let block = format!("```sql\n{long}\n```\n\n");
        let (_, d) = render(&md(&block.repeat(25)), "", H1::Forbidden);
        assert_eq!(d.len(), 11, "{d:?}");
        assert!(
            d[10].message.starts_with("15 more code blocks"),
            "{}",
            d[10].message
        );
        assert_eq!(d[10].line, 41);
    }

    #[test]
    fn an_image_from_another_site_is_refused_and_its_description_shown() {
        let (r, d) = render(
            &md(
                "Look:\n\n![a *tracking* pixel](https://tracker.example/p.png) and ![b](//host/p.png)\n\n![own](chart.png)\n",
            ),
            "",
            H1::Forbidden,
        );
        assert_eq!(
            r.html.as_str(),
            "<p>Look:</p>\n<p>a <em>tracking</em> pixel and b</p>\n<p><img src=\"chart.png\" alt=\"own\"></p>\n"
        );
        assert_eq!(d.len(), 2, "{d:?}");
        for (diagnostic, column) in d.iter().zip([1, 58]) {
            assert_eq!(
                (diagnostic.file.as_str(), diagnostic.line, diagnostic.column),
                ("s.md", 3, column)
            );
            assert!(diagnostic.message.contains("another site"));
            assert!(diagnostic.help.is_some());
        }
    }

    #[test]
    fn h1_in_a_summary_is_an_error_with_its_line() {
        let (_, d) = render(&md("## A\n\n# Big\n"), "", H1::Forbidden);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
    }

    #[test]
    fn page_title_is_taken_from_the_first_h1() {
        let (r, d) = render(&md("# About `gapmap`\n\nText.\n"), "", H1::IsTitle);
        assert!(d.is_empty());
        assert_eq!(r.title.as_deref(), Some("About gapmap"));
        assert!(!r.html.contains("<h1"), "{}", r.html);
    }

    #[test]
    fn footnotes_are_prefixed() {
        let (r, _) = render(&md("A[^1].\n\n[^1]: Note.\n"), "en-", H1::Forbidden);
        assert!(r.html.contains("href=\"#en-fn-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"en-fn-1\""), "{}", r.html);
    }

    #[test]
    fn a_lone_or_escaped_backtick_is_text_not_code() {
        for (source, expected) in [
            ("a \\`b\n", "<p>a `b</p>\n"),
            ("a `b\n", "<p>a `b</p>\n"),
            ("a `b` \\`c\n", "<p>a <code>b</code> `c</p>\n"),
            ("``x`` and ` y\n", "<p><code>x</code> and ` y</p>\n"),
        ] {
            let (r, _) = render(&md(source), "", H1::Forbidden);
            assert_eq!(r.html.as_str(), expected, "{source:?}");
        }
    }

    #[test]
    fn tables_and_inline_code_render() {
        let (r, _) = render(
            &md("| a | b |\n|---|---|\n| `x` | 2 |\n"),
            "",
            H1::Forbidden,
        );
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<code>x</code>"), "{}", r.html);
    }

    proptest::proptest! {
        #[test]
        fn whitespace_collapses_as_split_whitespace_joins(
            text in proptest::string::string_regex(r"([a-z]{1,5}|[ \t\n\r\u{b}\u{c}]|\u{a0}|\u{3000}|\u{2028}|\u{85}|\u{1680}|\u{2000}|\u{205f}|\u{202f}|\u{2010}|同伴|é|ぁ|\u{1f600}){0,30}").unwrap()
        ) {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&text), joined);
        }
    }

    #[test]
    fn plain_text_for_search() {
        let (r, _) = render(
            &md("## Findings\n\nPeer **support** works.\n"),
            "",
            H1::Forbidden,
        );
        assert_eq!(r.text, "Findings Peer support works.");
    }
}
