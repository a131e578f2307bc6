//! A document's lead: the one paragraph that stands for it (a printed
//! brief shows it for each study), found in the same pass as its HTML,
//! with where that paragraph and the list right after it are among the
//! pieces the HTML is written from (see `trusted::write`).

use pulldown_cmark::{Event, Tag, TagEnd};

use super::whitespace::collapse_whitespace;

/// Section headings whose first paragraph best sums up a study, in the
/// languages contributors write.
pub(super) const LEAD_HEADINGS: &[&str] = &["Findings", "Results", "结果", "研究结果", "主要发现"];

/// A run of the pieces a document's HTML is written from, by index: the
/// lead's paragraph from its start to its end, or to the end of the list
/// right after it (lists nested in it included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pieces {
    pub(super) first: usize,
    pub(super) last: usize,
}

/// A document's lead: its plain text, and where its paragraph is when that
/// paragraph shows the lead as it is (none for a findings section that is
/// only a list, whose lead joins its items).
pub(super) struct Found {
    pub(super) text: String,
    pub(super) at: Option<Pieces>,
}

/// Finds a document's lead, one event at a time, in the same pass as its
/// HTML: the plain text of the first paragraph under the first heading
/// named in `headings`, or of the document's first paragraph when none is
/// there.
pub(super) struct Lead<'h> {
    headings: &'h [&'h str],
    found: Option<String>,
    found_at: Option<Pieces>,
    first: Option<String>,
    first_at: Option<Pieces>,
    in_heading: bool,
    heading: String,
    after_wanted: bool,
    paragraph: Option<String>,
    /// The piece the open paragraph starts at.
    paragraph_at: usize,
    /// Whether the open paragraph's HTML shows only its text (see
    /// [`Lead::shows_more_than_text`]).
    paragraph_is_text: bool,
    /// The paragraph just taken as the lead (or as the first), while the
    /// list right after it is read: how many lists deep it is.
    list_after: Option<usize>,
    /// A wanted section that is only a list stands for itself, items joined.
    items: String,
}

impl<'h> Lead<'h> {
    pub(super) fn new(headings: &'h [&'h str]) -> Self {
        Lead {
            headings,
            found: None,
            found_at: None,
            first: None,
            first_at: None,
            in_heading: false,
            heading: String::new(),
            after_wanted: false,
            paragraph: None,
            paragraph_at: 0,
            paragraph_is_text: true,
            list_after: None,
            items: String::new(),
        }
    }

    /// Reads the next event; `at` is the index of the piece it is written
    /// from.
    pub(super) fn see(&mut self, event: &Event, at: usize) {
        if let Some(depth) = self.list_after {
            self.list_after = match event {
                Event::Start(Tag::List(_)) => Some(depth + 1),
                Event::End(TagEnd::List(_)) if depth > 1 => Some(depth - 1),
                Event::End(TagEnd::List(_)) if depth == 1 => {
                    if let Some(taken) = self.taken_mut() {
                        taken.last = at;
                    }
                    None
                }
                // The paragraph is not followed by a list.
                _ if depth == 0 => None,
                _ => Some(depth),
            };
        }
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
                self.paragraph_at = at;
                self.paragraph_is_text = true;
            }
            Event::End(TagEnd::Paragraph) => {
                let done = collapse_whitespace(&self.paragraph.take().unwrap_or_default());
                let pieces = self.paragraph_is_text.then_some(Pieces {
                    first: self.paragraph_at,
                    last: at,
                });
                if self.after_wanted && !done.is_empty() {
                    self.found = Some(done);
                    self.found_at = pieces;
                    self.list_after = Some(0);
                } else if self.first.is_none() && !done.is_empty() {
                    self.first = Some(done);
                    self.first_at = pieces;
                    self.list_after = Some(0);
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

    /// Told by the writer's caller when the open paragraph's HTML shows
    /// more than its text: a footnote's number (the footnote is not where
    /// the lead is shown), an image from the document's own folder (its
    /// path is the document's), a contributor's HTML as text (not in the
    /// lead). Such a paragraph is not shown as it is: the lead's text is.
    pub(super) fn shows_more_than_text(&mut self) {
        if self.paragraph.is_some() {
            self.paragraph_is_text = false;
        }
    }

    /// Where the paragraph taken last is, while the list after it is read.
    fn taken_mut(&mut self) -> Option<&mut Pieces> {
        if self.found.is_some() {
            self.found_at.as_mut()
        } else {
            self.first_at.as_mut()
        }
    }

    pub(super) fn finish(self) -> Found {
        if let Some(text) = self.found {
            return Found {
                text,
                at: self.found_at,
            };
        }
        if self.after_wanted && !self.items.is_empty() {
            return Found {
                text: collapse_whitespace(self.items.trim_end_matches(['；', ';', ' '])),
                at: None,
            };
        }
        Found {
            text: self.first.unwrap_or_default(),
            at: self.first_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::options;
    use pulldown_cmark::Parser;

    fn lead_paragraph(text: &str, headings: &[&str]) -> String {
        let mut lead = Lead::new(headings);
        for (at, event) in Parser::new_ext(text, options()).enumerate() {
            lead.see(&event, at);
        }
        lead.finish().text
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
}
