//! A document's lead: the one paragraph that stands for it (a printed
//! brief shows it for each study), found in the same pass as its HTML.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::whitespace::collapse_whitespace;

/// Section headings whose first paragraph best sums up a study, in the
/// languages contributors write.
pub(super) const LEAD_HEADINGS: &[&str] = &["Findings", "Results", "结果", "研究结果", "主要发现"];

/// Finds a document's lead, one event at a time, in the same pass as its
/// HTML: the plain text of the first paragraph under the first heading
/// named in `headings`, or of the document's first paragraph when none is
/// there.
pub(super) struct Lead<'h> {
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
    pub(super) fn new(headings: &'h [&'h str]) -> Self {
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

    pub(super) fn see(&mut self, event: &Event) {
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

    pub(super) fn finish(self) -> String {
        if let Some(found) = self.found {
            return found;
        }
        if self.after_wanted && !self.items.is_empty() {
            return collapse_whitespace(self.items.trim_end_matches(['；', ';', ' ']));
        }
        self.first.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::options;
    use pulldown_cmark::Parser;

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
}
