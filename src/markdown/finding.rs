//! A study's first finding as HTML, for the printed brief: the paragraph
//! the summary's lead stands for and the list right after it, as the
//! summary's writer noted where they are (see `lead` and `trusted::write`),
//! cut out of its trusted HTML at those element boundaries: as safe as the
//! whole.

impl super::Rendered {
    /// The document's first finding as HTML, for the printed brief: the
    /// paragraph its lead stands for and the list right after it, or, when
    /// no paragraph shows the lead as it is (a findings section that is
    /// only a list, or a paragraph with a footnote, an image or a
    /// contributor's HTML), the lead as a paragraph.
    pub fn first_finding(&self) -> TrustedHtml {
        let at = self.finding.start as usize..self.finding.end as usize;
        let part = if at.is_empty() {
            None
        } else {
            self.html.part(at)
        };
        part.unwrap_or_else(|| TrustedHtml::markup("<p>").text(&self.lead).and("</p>"))
    }

    /// The first sentence of the lead, for a list's one-line finding.
    pub fn lead_sentence(&self) -> String {
        one_sentence(&self.lead)
    }
}

/// The longest one-line finding a list shows, in characters, before it is
/// cut at a word and given an ellipsis.
const ONE_LINE_CHARS: usize = 160;

/// The first sentence of `lead` (a study's first finding, plain text), for
/// a list: up to the first `.`, `!` or `?` followed by a space and a capital
/// letter or a digit (so `e.g. a` and `U.S. peer` do not end it), or the
/// first `。！？`; cut at a word, with an ellipsis, when still longer than
/// [`ONE_LINE_CHARS`].
fn one_sentence(lead: &str) -> String {
    let chars: Vec<(usize, char)> = lead.char_indices().collect();
    let mut end = lead.len();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let full_width = matches!(c, '。' | '！' | '？');
        let ascii_end = matches!(c, '.' | '!' | '?')
            && chars.get(i + 1).is_some_and(|&(_, n)| n == ' ')
            && chars
                .get(i + 2)
                .is_some_and(|&(_, n)| n.is_uppercase() || n.is_ascii_digit());
        if full_width || ascii_end {
            end = at + c.len_utf8();
            break;
        }
    }
    let sentence = lead[..end].trim();
    if sentence.chars().count() <= ONE_LINE_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(ONE_LINE_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > ONE_LINE_CHARS / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches([',', ';', ':', ' ', '，', '；', '：'])
    )
}

use super::TrustedHtml;

#[cfg(test)]
mod tests {
    use super::one_sentence;
    use crate::content::MarkdownSource;
    use crate::markdown::{H1, render};

    /// A summary's first finding, as the brief prints it.
    fn first_finding(summary: &str) -> String {
        let source = MarkdownSource {
            file: "s.md".into(),
            text: summary.into(),
        };
        let (rendered, _) = render(&source, "summary-", H1::Forbidden);
        rendered.first_finding().as_str().to_string()
    }

    #[test]
    fn a_one_line_finding_is_the_first_sentence() {
        assert_eq!(
            one_sentence("Workers named resources, e.g. peers. They wanted more."),
            "Workers named resources, e.g. peers."
        );
        assert_eq!(
            one_sentence("In the U.S. peers stayed. More."),
            "In the U.S. peers stayed."
        );
        assert_eq!(
            one_sentence("五个主题都指向高强度。其余。"),
            "五个主题都指向高强度。"
        );
        assert_eq!(one_sentence("No full stop at all"), "No full stop at all");
        assert_eq!(one_sentence(""), "");
        let long = "word ".repeat(60);
        let line = one_sentence(&long);
        assert!(line.ends_with("word…"), "{line}");
        assert!(line.chars().count() <= 161);
        let cjk = "字".repeat(200);
        assert_eq!(one_sentence(&cjk).chars().count(), 161);
    }

    #[test]
    fn the_finding_is_its_paragraph_and_the_whole_list_after_it() {
        let summary = "## Background\n\nWhy.\n\n## Findings\n\nFive \"themes\"\n*came* back:\n\n- one\n  - inner\n- two\n\nMore.\n";
        assert_eq!(
            first_finding(summary),
            "<p>Five \"themes\"\n<em>came</em> back:</p>\n<ul>\n<li>one\n<ul>\n<li>inner</li>\n</ul>\n</li>\n<li>two</li>\n</ul>"
        );
        // The list is the document's last element.
        assert_eq!(
            first_finding("## Results\n\nTwo:\n\n- a\n  1. b\n"),
            "<p>Two:</p>\n<ul>\n<li>a\n<ol>\n<li>b</li>\n</ol>\n</li>\n</ul>"
        );
    }

    #[test]
    fn an_ordered_list_keeps_its_start() {
        assert_eq!(
            first_finding("## Findings\n\nThree steps:\n\n3. a\n4. b\n\nAfter.\n"),
            "<p>Three steps:</p>\n<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>"
        );
    }

    #[test]
    fn a_paragraph_without_a_list_after_it_stands_alone() {
        assert_eq!(
            first_finding("## Findings\n\nOnly this.\n\nMore.\n\n- not this\n"),
            "<p>Only this.</p>"
        );
        // A list in a quote is not right after the paragraph.
        assert_eq!(
            first_finding("## Findings\n\nOnly this.\n\n> - quoted\n"),
            "<p>Only this.</p>"
        );
        // The first paragraph, without a findings section.
        assert_eq!(first_finding("Why.\n\n## Other\n\nMore.\n"), "<p>Why.</p>");
        assert_eq!(
            first_finding("Intro:\n\n- x\n\n## Other\n\nMore.\n"),
            "<p>Intro:</p>\n<ul>\n<li>x</li>\n</ul>"
        );
        // A paragraph in a list item: no newline of the writer's is kept.
        assert_eq!(
            first_finding("## Findings\n\n- First.\n\n- Second.\n"),
            "<p>First.</p>"
        );
    }

    #[test]
    fn a_findings_section_that_is_only_a_list_is_its_lead_as_a_paragraph() {
        assert_eq!(
            first_finding("## Findings\n\n- one & *two*\n- three\n\n## Next\n\nText.\n"),
            "<p>one &amp; two; three</p>"
        );
        assert_eq!(first_finding(""), "<p></p>");
    }

    #[test]
    fn entities_in_the_lead_are_written_once() {
        assert_eq!(
            first_finding("## Findings\n\nA &amp; B &lt; C \\<d>:\n\n- x\n"),
            "<p>A &amp; B &lt; C &lt;d&gt;:</p>\n<ul>\n<li>x</li>\n</ul>"
        );
    }

    #[test]
    fn the_lead_s_own_paragraph_not_an_earlier_one_that_reads_the_same() {
        assert_eq!(
            first_finding("## Background\n\nSame.\n\n## Findings\n\nSame.\n\n- x\n"),
            "<p>Same.</p>\n<ul>\n<li>x</li>\n</ul>"
        );
    }

    #[test]
    fn a_paragraph_showing_more_than_its_text_is_its_lead_as_a_paragraph() {
        // A footnote's number (its footnote is not on the brief), an image
        // from the summary's folder, a contributor's HTML.
        for (summary, finding) in [
            (
                "## Findings\n\nFound[^1].\n\n- x\n\n[^1]: Note.\n",
                "<p>Found.</p>",
            ),
            (
                "## Findings\n\nSee ![the chart](c.png).\n",
                "<p>See the chart.</p>",
            ),
            (
                "## Findings\n\nA <b>bold</b> claim.\n",
                "<p>A bold claim.</p>",
            ),
        ] {
            assert_eq!(first_finding(summary), finding, "{summary:?}");
        }
        // An image from another site is shown as its description: text.
        assert_eq!(
            first_finding("## Findings\n\nSee ![the *chart*](https://x.example/c.png).\n"),
            "<p>See the <em>chart</em>.</p>"
        );
    }
}
