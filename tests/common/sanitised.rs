//! gapmap's rules for HTML from contributors, as a sanitiser enforces
//! them (ammonia: its default tags and attributes plus `class` and `id`,
//! URLs relative or with one of gapmap's schemes, `rel` on every link, no
//! comments), and a reader of the tags two serialisers of the same
//! elements agree on. Shared by tests/sanitised.rs and the fuzz target
//! `summary_markdown` (`#[path]`).

use std::collections::HashSet;

use gapmap::markdown::{LINK_REL, URL_SCHEMES};

pub fn sanitiser() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["class", "id"])
        .url_schemes(URL_SCHEMES.iter().copied().collect::<HashSet<_>>())
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    b
}

/// A start or end tag: its name and its attributes, sorted, values
/// unescaped. Two serialisers of the same elements give the same tags.
#[derive(Debug, PartialEq)]
pub struct TagSeen {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// The tags of HTML as a serialiser writes it (attribute values in double
/// quotes, `<` in text always escaped), in order.
pub fn tags(html: &str) -> Vec<TagSeen> {
    let mut seen = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            seen.push(TagSeen {
                name: "!--".into(),
                attributes: Vec::new(),
            });
            rest = comment.split_once("-->").map_or("", |(_, after)| after);
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/' && !rest.starts_with('/'))
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if let Some(after) = rest.strip_prefix('>') {
                rest = after;
                break;
            }
            if rest.is_empty() {
                break;
            }
            // At least one character, so every turn moves on.
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| c == '=' || c == '>' || c.is_whitespace())
                .map_or(rest.len(), |(i, _)| i);
            let attribute = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let value = if let Some(quoted) = rest.strip_prefix("=\"") {
                let close = quoted.find('"').unwrap_or(quoted.len());
                rest = quoted.get(close + 1..).unwrap_or("");
                unescape(&quoted[..close])
            } else if let Some(bare) = rest.strip_prefix('=') {
                let end = bare
                    .find(|c: char| c == '>' || c.is_whitespace())
                    .unwrap_or(bare.len());
                rest = &bare[end..];
                unescape(&bare[..end])
            } else {
                String::new()
            };
            attributes.push((attribute, value));
        }
        attributes.sort();
        seen.push(TagSeen { name, attributes });
    }
    seen
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// What the sanitiser would change in `html`: `None` when nothing, or
/// the HTML as it would leave it.
pub fn would_change(html: &str) -> Option<String> {
    let cleaned = sanitiser().clean(html).to_string();
    (tags(html) != tags(&cleaned)).then_some(cleaned)
}
