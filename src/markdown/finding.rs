//! A study's first finding as HTML, for the printed brief: the paragraph
//! the summary's lead stands for and the list right after it, cut out of
//! the summary's trusted HTML at element boundaries.
//!
//! The summary's HTML is made by the markdown module, which escapes every
//! `<` a contributor writes, so each `<p>`, `<ul>` and `<ol>` found here is
//! the writer's own markup, and a slice from a start tag to its matching end
//! tag is as safe as the whole.

impl super::Rendered {
    /// The document's first finding as HTML, for the printed brief: the
    /// paragraph its lead stands for and the list right after it, or, when
    /// no paragraph reads as the lead (a findings section that is only a
    /// list), the lead as a paragraph.
    pub fn first_finding(&self) -> TrustedHtml {
        match first_finding(self.html.as_str(), &self.lead) {
            Some(range) => self.html.part(range),
            None => TrustedHtml::markup("<p>").text(&self.lead).and("</p>"),
        }
    }

    /// The first sentence of the lead, for a list's one-line finding.
    pub fn lead_sentence(&self) -> String {
        one_sentence(&self.lead)
    }
}

/// The paragraph whose text is `lead` and the list right after it (lists
/// nested in it included), or none when no paragraph of `html` reads as
/// `lead` (a findings section that is only a list: its lead joins the
/// items, and the brief shows that text instead).
fn first_finding(html: &str, lead: &str) -> Option<std::ops::Range<usize>> {
    if lead.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(offset) = html[from..].find("<p>") {
        let start = from + offset;
        let inner_start = start + "<p>".len();
        let inner_end = inner_start + html[inner_start..].find("</p>")?;
        let end = inner_end + "</p>".len();
        if text_of(&html[inner_start..inner_end]) == lead {
            return Some(start..with_list_after(html, end));
        }
        from = end;
    }
    None
}

/// Where the list right after `end` ends (lists nested in it included),
/// or `end` when the next element is not a list.
fn with_list_after(html: &str, end: usize) -> usize {
    let rest = &html[end..];
    let skipped = rest.len() - rest.trim_start().len();
    let at = end + skipped;
    let tag = if html[at..].starts_with("<ul>") {
        "ul"
    } else if html[at..].starts_with("<ol>") || html[at..].starts_with("<ol ") {
        "ol"
    } else {
        return end;
    };
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 0usize;
    let mut i = at;
    while i < html.len() {
        let next_open = html[i..].find(&open).map(|o| i + o);
        let next_close = html[i..].find(&close).map(|c| i + c);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                i = o + open.len();
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                i = c + close.len();
                if depth == 0 {
                    return i;
                }
            }
            _ => break,
        }
    }
    end
}

/// The text of an element's inner HTML as the lead holds it: tags
/// dropped, the writer's entities read back, white space collapsed.
fn text_of(inner: &str) -> String {
    let mut text = String::with_capacity(inner.len());
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

    fn first_finding<'h>(html: &'h str, lead: &str) -> Option<&'h str> {
        super::first_finding(html, lead).map(|range| &html[range])
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

    const HTML: &str = "<h2 id=\"a\">Background</h2>\n<p>Why.</p>\n<h2 id=\"b\">Findings</h2>\n<p>Five &quot;themes&quot;\n<em>came</em> back:</p>\n<ul>\n<li>one<ul>\n<li>inner</li>\n</ul></li>\n<li>two</li>\n</ul>\n<p>More.</p>\n";

    #[test]
    fn the_finding_is_its_paragraph_and_the_whole_list_after_it() {
        assert_eq!(
            first_finding(HTML, "Five \"themes\" came back:"),
            Some(
                "<p>Five &quot;themes&quot;\n<em>came</em> back:</p>\n<ul>\n<li>one<ul>\n<li>inner</li>\n</ul></li>\n<li>two</li>\n</ul>"
            )
        );
    }

    #[test]
    fn a_paragraph_without_a_list_after_it_stands_alone() {
        assert_eq!(first_finding(HTML, "More."), Some("<p>More.</p>"));
        assert_eq!(first_finding(HTML, "Why."), Some("<p>Why.</p>"));
    }

    #[test]
    fn a_lead_no_paragraph_reads_as_is_none() {
        assert_eq!(first_finding(HTML, "one; two"), None);
        assert_eq!(first_finding(HTML, ""), None);
        assert_eq!(first_finding("<p>unclosed", "unclosed"), None);
    }
}
