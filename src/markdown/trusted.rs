//! The one way HTML is made from a document: [`TrustedHtml`], a string
//! only this module's parent can build, from markup written in its source
//! (`&'static str`), escaped values, highlighted code and the HTML writer
//! fed by [`write`].
//!
//! What reaches the writer is a [`Piece`]: an event as the contributor
//! wrote it, or markup built here. [`write`] is the only place a piece
//! becomes an event for pulldown-cmark's HTML writer, and it can only turn
//! a [`TrustedHtml`] into raw HTML: a contributor's `Html` or `InlineHtml`
//! event becomes text there whatever the code before it did, so no edit
//! elsewhere can forward a contributor's HTML to a page. Links and images
//! are rebuilt from escaped parts with only allowed URLs, and table cells
//! lose their alignment (an inline style). While it writes, it notes where
//! one run of pieces (a document's lead, see `lead`) ends up in the HTML.

use std::cell::Cell;
use std::fmt;
use std::ops::{Deref, Range};

use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Tag};

use super::lead::Pieces;
use super::{LINK_REL, URL_SCHEMES};
use crate::highlight::HighlightedCode;

/// HTML that is safe to put in a page as it is: made only by the markdown
/// module (see the module's doc). Read it as `&str`; templates receive it
/// as a string, shown unescaped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedHtml(String);

impl TrustedHtml {
    /// Markup written in this module's source, never a contributor's text.
    pub(super) fn markup(markup: &'static str) -> Self {
        TrustedHtml(markup.to_string())
    }

    /// Appends more of the module's own markup.
    pub(super) fn and(mut self, markup: &'static str) -> Self {
        self.0.push_str(markup);
        self
    }

    /// Appends `text`, escaped: it shows as text, in an element or in a
    /// quoted attribute value.
    pub(super) fn text(mut self, text: &str) -> Self {
        let _ = pulldown_cmark_escape::escape_html(&mut self.0, text);
        self
    }

    /// Appends ` name="value"`, escaped, when there is a value.
    pub(super) fn attribute(mut self, name: &'static str, value: Option<&str>, as_: Value) -> Self {
        let Some(value) = value else {
            return self;
        };
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        let _ = match as_ {
            Value::Url => pulldown_cmark_escape::escape_href(&mut self.0, value),
            Value::Text => pulldown_cmark_escape::escape_html(&mut self.0, value),
        };
        self.0.push('"');
        self
    }

    /// A code block from the highlighter, which escapes what it shows.
    pub(super) fn code_block(code: HighlightedCode) -> Self {
        TrustedHtml(code.into_string())
    }

    /// A part of this HTML that starts and ends at element boundaries the
    /// writer made (as [`write`] notes them): as safe as the whole.
    pub(super) fn part(&self, range: Range<usize>) -> Option<Self> {
        self.0.get(range).map(|part| TrustedHtml(part.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for TrustedHtml {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TrustedHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for TrustedHtml {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// How an attribute's value is escaped.
#[derive(Clone, Copy)]
pub(super) enum Value {
    Url,
    Text,
}

/// One step of a document on its way to the HTML writer.
pub(super) enum Piece<'a> {
    /// An event as the parser gave it: whatever it holds is escaped.
    Markdown(Event<'a>),
    /// Markup the markdown module built.
    Trusted(TrustedHtml),
}

/// Writes the pieces as HTML (see the module's doc), and where the
/// elements written from the pieces `part` are in it: from the first one's
/// start tag to the last one's end tag, without the newline the writer
/// puts before a block's start (when the HTML so far does not end in one)
/// and after its end. `capacity` is a guess of the HTML's length.
pub(super) fn write(
    pieces: Vec<Piece<'_>>,
    capacity: usize,
    part: Option<Pieces>,
) -> (TrustedHtml, Option<Range<usize>>) {
    let written = Cell::new(0);
    let mut html = Counting {
        html: String::with_capacity(capacity),
        written: &written,
    };
    let mut counted = Counted {
        pieces: pieces.into_iter(),
        next: 0,
        written: &written,
        part,
        start: None,
        end: None,
    };
    // `Counting` never fails, and the writer fails only when it does.
    let _ = pulldown_cmark::html::write_html_fmt(
        &mut html,
        ToWriter {
            pieces: &mut counted,
        },
    );
    let html = html.html;
    let part = match (counted.start, counted.end) {
        (Some(start), Some(end)) => html.get(start..end).map(|written| {
            let block = written.strip_prefix('\n').unwrap_or(written);
            let block = block.strip_suffix('\n').unwrap_or(block);
            let start = start + usize::from(written.starts_with('\n'));
            start..start + block.len()
        }),
        _ => None,
    };
    (TrustedHtml(super::exact(html)), part)
}

/// The HTML as the writer writes it, and how long it is so far, for the
/// pieces to read while they are written (see [`Counted`]).
struct Counting<'c> {
    html: String,
    written: &'c Cell<usize>,
}

impl fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.html.push_str(s);
        self.written.set(self.html.len());
        Ok(())
    }
}

/// The pieces in order, noting how much HTML was written when the writer
/// asks for the first piece of `part` (all before it) and for the piece
/// after its last (all up to its end). The writer writes each event before
/// it asks for the next.
struct Counted<'c, 'a> {
    pieces: std::vec::IntoIter<Piece<'a>>,
    /// The index of the piece `next` gives.
    next: usize,
    written: &'c Cell<usize>,
    part: Option<Pieces>,
    start: Option<usize>,
    end: Option<usize>,
}

impl<'a> Iterator for Counted<'_, 'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if let Some(part) = self.part {
            if self.next == part.first {
                self.start = Some(self.written.get());
            }
            if self.next == part.last + 1 {
                self.end = Some(self.written.get());
            }
        }
        self.next += 1;
        self.pieces.next()
    }
}

/// Turns pieces into the events the HTML writer receives: the writer
/// escapes every event's text, and only a [`Piece::Trusted`] becomes raw
/// HTML.
struct ToWriter<I> {
    pieces: I,
}

impl<'a, I: Iterator<Item = Piece<'a>>> Iterator for ToWriter<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = match self.pieces.next()? {
            Piece::Trusted(html) => return Some(Event::Html(html.0.into())),
            Piece::Markdown(event) => event,
        };
        Some(match event {
            // A contributor's HTML is shown, never run.
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let url = match link_type {
                    LinkType::Email => CowStr::from(format!("mailto:{dest_url}")),
                    _ => dest_url,
                };
                let tag = TrustedHtml::markup("<a")
                    .attribute("href", allowed_url(&url), Value::Url)
                    .attribute("title", non_empty(&title), Value::Text)
                    .and(" rel=\"")
                    .and(LINK_REL)
                    .and("\">");
                Event::Html(tag.0.into())
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = self.alt_text();
                // `alt` is always there, empty for an image described as
                // nothing, so that a screen reader skips it instead of
                // reading its file name.
                let tag = TrustedHtml::markup("<img")
                    .attribute("src", allowed_url(&dest_url), Value::Url)
                    .attribute("alt", Some(&alt), Value::Text)
                    .attribute("title", non_empty(&title), Value::Text)
                    .and(">");
                Event::Html(tag.0.into())
            }
            // Heading attributes are off in `options`; should a heading's
            // start come here with some, none is written: the writer
            // would take attribute names from the contributor.
            Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
                level,
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            Event::Start(Tag::Table(alignments)) => {
                Event::Start(Tag::Table(vec![Alignment::None; alignments.len()]))
            }
            Event::Start(Tag::BlockQuote(_)) => Event::Start(Tag::BlockQuote(None)),
            // Not enabled by `options`; as text, should that ever change.
            Event::InlineMath(t) | Event::DisplayMath(t) => Event::Text(t),
            Event::TaskListMarker(done) => Event::Text(if done { "[x] " } else { "[ ] " }.into()),
            other => other,
        })
    }
}

impl<'a, I: Iterator<Item = Piece<'a>>> ToWriter<I> {
    /// The plain text of an image's description, up to its end, as the
    /// HTML writer would put it in `alt`.
    fn alt_text(&mut self) -> String {
        let mut alt = String::new();
        let mut depth = 0usize;
        for piece in self.pieces.by_ref() {
            let Piece::Markdown(event) = piece else {
                continue;
            };
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        alt
    }
}

fn non_empty(value: &str) -> Option<&str> {
    Some(value).filter(|v| !v.is_empty())
}

/// `url` when it may be followed from a page: relative, or an absolute URL
/// with one of [`URL_SCHEMES`], read as a browser reads it (WHATWG URL, as
/// sanitisers read it too): an absolute URL that does not parse is dropped.
fn allowed_url(url: &str) -> Option<&str> {
    match url::Url::parse(url) {
        Ok(parsed) => URL_SCHEMES.contains(&parsed.scheme()).then_some(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => Some(url),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{HeadingLevel, TagEnd};

    #[test]
    fn a_contributors_html_event_becomes_text_even_if_forwarded() {
        // What a careless edit upstream might do: forward the parser's raw
        // HTML events as they are. The writer still shows them as text.
        let pieces = vec![
            Piece::Markdown(Event::Html("<script>alert(1)</script>".into())),
            Piece::Markdown(Event::InlineHtml("<img src=x onerror=alert(1)>".into())),
            Piece::Trusted(TrustedHtml::markup("<hr>")),
        ];
        assert_eq!(
            write(pieces, 0, None).0.as_str(),
            "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;<hr>"
        );
    }

    #[test]
    fn a_forwarded_headings_attributes_are_not_written() {
        let pieces = vec![
            Piece::Markdown(Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id: Some("x".into()),
                classes: vec!["c".into()],
                attrs: vec![("onclick".into(), Some("alert(1)".into()))],
            })),
            Piece::Markdown(Event::Text("T".into())),
            Piece::Markdown(Event::End(TagEnd::Heading(HeadingLevel::H2))),
        ];
        assert_eq!(write(pieces, 0, None).0.as_str(), "<h2>T</h2>\n");
    }

    #[test]
    fn values_are_escaped_in_attributes_and_text() {
        let html = TrustedHtml::markup("<a")
            .attribute("title", Some("\"><script>"), Value::Text)
            .and(">")
            .text("<b> & c")
            .and("</a>");
        assert_eq!(
            html.as_str(),
            "<a title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt; &amp; c</a>"
        );
    }
}
