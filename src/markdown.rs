//! Contributor Markdown to safe HTML. Walks pulldown-cmark's events and
//! rewrites only those it cares about: raw HTML becomes visible text (with a
//! warning), fenced code is highlighted into CSS classes, headings and
//! footnotes get ids prefixed per document so two documents on one page do
//! not collide.
//!
//! Safe by construction, so no sanitiser has to parse the HTML again: the
//! HTML is a [`TrustedHtml`], which only this module can make, and the only
//! raw HTML the writer receives is markup this module built from its own
//! tags and escaped parts; a contributor's HTML can only become text.
//! Links and images keep their URL only when it is relative or `http`,
//! `https` or `mailto`, links get `rel="noopener noreferrer"`, images from
//! another site are refused, and table cells lose their alignment style.
//! No script, event handler, style or `javascript:` URL can come out. The
//! tests hold the result to ammonia's allowlist (the same rules as a
//! sanitiser): ammonia finds nothing in it to remove.
//!
//! [`render`] walks the events here; each job beside it has its own file:
//!
//! - `trusted`: [`TrustedHtml`] and the one step that feeds the HTML writer
//!   (links and images rebuilt, a contributor's HTML made text);
//! - `heading_ids`: unique ids for headings, in linear time;
//! - `code_blocks`: code blocks highlighted within a budget, with warnings;
//! - `images`: which images come from another site;
//! - `lead`: the paragraph that stands for a document, and where it is;
//! - `finding`: that paragraph with its list, for a printed brief, and its
//!   first sentence, for a list;
//! - `whitespace`: the plain text's whitespace made single spaces.

mod code_blocks;
#[cfg(test)]
mod cpu_time;
mod finding;
mod heading_ids;
mod images;
mod lead;
#[cfg(test)]
mod tests;
mod trusted;
mod whitespace;

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::MarkdownSource;
use crate::diagnostics::{Diagnostic, LineIndex};
use code_blocks::CodeBlocks;
use heading_ids::HeadingIds;
use lead::{LEAD_HEADINGS, Lead};
pub use trusted::TrustedHtml;
use trusted::{Piece, Value};
use whitespace::collapse_whitespace;

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
    /// Where in `html` the lead's paragraph and the list right after it
    /// are, noted while writing it (see `first_finding`); empty when no
    /// paragraph shows the lead as it is. Two numbers, not a copy: a map
    /// keeps every study's summary.
    finding: Range<u32>,
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
    let mut refused_images = images::Refused::default();

    let text = &*source.text;
    let lines = std::cell::OnceCell::new();
    let mut lead = Lead::new(LEAD_HEADINGS);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        lead.see(&event, events.len());
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
                let tag = heading_tag(h1.shown_level(level));
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
                    refused_images.add(source, range.clone(), &mut diags);
                } else {
                    lead.shows_more_than_text();
                    events.push(Piece::Markdown(event));
                }
            }
            Event::End(TagEnd::Image) => {
                if images_refused.pop() != Some(true) {
                    events.push(Piece::Markdown(event));
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                lead.shows_more_than_text();
                diags.push(
                    Diagnostic::warning(
                        &source.file,
                        "raw HTML is not allowed; it is shown as text",
                    )
                    .at_indexed(
                        lines.get_or_init(|| LineIndex::new(text)),
                        text,
                        range.clone(),
                    )
                    .with_help(
                        "use Markdown instead (**bold**, [link](https://...), lists, tables)",
                    ),
                );
                events.push(Piece::Markdown(Event::Text(raw)));
            }
            Event::FootnoteReference(label) => {
                lead.shows_more_than_text();
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
    refused_images.finish(source, &mut diags);
    if h1 == H1::IsTitle && out.title.is_none() {
        diags.push(
            Diagnostic::error(&source.file, "page has no title")
                .at_line(1, 1)
                .with_help("start the file with a level-1 heading: `# About this map`"),
        );
    }

    // Kept for the whole build, 20,000 of each on a large map: no slack.
    let lead = lead.finish();
    let (html, finding) = trusted::write(events, text.len() * 2, lead.at);
    out.html = html;
    out.finding = finding
        .and_then(|at| Some(u32::try_from(at.start).ok()?..u32::try_from(at.end).ok()?))
        .unwrap_or_default();
    out.text = exact(collapse_whitespace(&out.text));
    out.lead = exact(lead.text);
    (out, diags)
}

impl H1 {
    /// The level a heading written at `level` is shown at: a summary sits
    /// under the study page's own "Summary" heading (an h2), so its `##`
    /// sections are h3, one level below; a free page's are as written.
    fn shown_level(self, level: HeadingLevel) -> HeadingLevel {
        match (self, level) {
            (H1::IsTitle, level) => level,
            (H1::Forbidden, HeadingLevel::H1 | HeadingLevel::H2) => HeadingLevel::H3,
            (H1::Forbidden, HeadingLevel::H3) => HeadingLevel::H4,
            (H1::Forbidden, HeadingLevel::H4) => HeadingLevel::H5,
            (H1::Forbidden, HeadingLevel::H5 | HeadingLevel::H6) => HeadingLevel::H6,
        }
    }
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
