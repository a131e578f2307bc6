//! The files that name the site's absolute address: the Atom feeds, the
//! sitemap and robots.txt.

use std::fmt::Write as _;

use crate::content::Lang;
use crate::model::pages;
use crate::model::{Site, StudyEntry, display_name};
use crate::urls;

/// How many of the newest studies the feed lists.
const FEED_ENTRIES: usize = 100;

/// Text for XML content and attribute values.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            // U+FFFE and U+FFFF are outside XML's Char production, and
            // parsers refuse them; the other noncharacters are allowed but
            // meant for no interchange. Each shows as a replacement mark.
            c if is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Unicode's noncharacters: U+FDD0 to U+FDEF, and the last two code
/// points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...).
fn is_noncharacter(c: char) -> bool {
    let c = c as u32;
    (0xFDD0..=0xFDEF).contains(&c) || c & 0xFFFE == 0xFFFE
}

/// The first sentences of a summary, for a feed entry.
fn excerpt(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

/// An Atom feed of the newest studies in one language. Atom wants absolute
/// links: they use base_url, like canonical links.
pub(super) fn feed(site: &Site, lang: Lang) -> String {
    let base = &site.config.base_url;
    let default = site.config.default_language;
    let feed_path = urls::in_lang("feed.xml", lang, default);
    let newest: Vec<&StudyEntry> = site
        .newest(FEED_ENTRIES)
        .into_iter()
        .map(|s| &site.studies[s])
        .collect();
    let updated = newest
        .iter()
        .map(|e| e.study.date_updated.as_str())
        .max()
        .unwrap_or(site.last_updated.as_str());
    let title = site.config.title.get(lang).0;
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        lang.html_lang()
    );
    let _ = writeln!(out, "<title>{}</title>", xml_escape(title));
    let _ = writeln!(
        out,
        "<subtitle>{}</subtitle>",
        xml_escape(site.config.tagline.get(lang).0)
    );
    let _ = writeln!(
        out,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&format!("{base}{feed_path}"))
    );
    let home = urls::in_lang(&urls::home(), lang, default);
    let _ = writeln!(
        out,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&format!("{base}{home}"))
    );
    let _ = writeln!(
        out,
        "<id>{}</id>",
        xml_escape(&format!("{base}{feed_path}"))
    );
    let _ = writeln!(out, "<updated>{updated}T00:00:00Z</updated>");
    let _ = writeln!(out, "<author><name>{}</name></author>", xml_escape(title));
    for entry in newest {
        let s = &entry.study;
        let page = format!(
            "{base}{}",
            urls::in_lang(&urls::study(&s.id), lang, default)
        );
        let _ = writeln!(out, "<entry>");
        let _ = writeln!(out, "<title>{}</title>", xml_escape(s.title.get(lang).0));
        let _ = writeln!(
            out,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&page)
        );
        // The id stays the same in both languages' feeds and across builds.
        let _ = writeln!(
            out,
            "<id>{}</id>",
            xml_escape(&format!("{base}{}", urls::study(&s.id)))
        );
        let _ = writeln!(out, "<published>{}T00:00:00Z</published>", s.date_added);
        let _ = writeln!(out, "<updated>{}T00:00:00Z</updated>", s.date_updated);
        for a in &s.authors {
            let _ = writeln!(
                out,
                "<author><name>{}</name></author>",
                xml_escape(&display_name(a))
            );
        }
        // Categories are the terms of the first map's rows.
        let rows = site.rows();
        for &t in entry.terms.get(&rows).into_iter().flatten() {
            let term = &site.terms(rows)[t];
            let _ = writeln!(
                out,
                "<category term=\"{}\" label=\"{}\"/>",
                xml_escape(&term.slug),
                xml_escape(term.label.get(lang).0)
            );
        }
        let summary = entry.summary.get(lang).0;
        let _ = writeln!(
            out,
            "<summary>{}</summary>",
            xml_escape(&excerpt(&summary.text, 400))
        );
        let _ = writeln!(out, "</entry>");
    }
    out.push_str("</feed>\n");
    out
}

/// Every page with its other-language alternates, as search engines read
/// them.
pub(super) fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let default = site.config.default_language;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // The page served for a missing path is no page of the site's own.
    let pages: Vec<_> = pages::site_pages(site)
        .into_iter()
        .filter(|job| job.kind != pages::PageKind::NotFound)
        .collect();
    let by_language = site
        .config
        .languages
        .iter()
        .flat_map(|&lang| pages.iter().filter(move |job| job.lang == lang));
    for job in by_language {
        let _ = writeln!(
            out,
            "<url><loc>{}</loc>",
            xml_escape(&urls::absolute(base, &job.path))
        );
        for &lang in &site.config.languages {
            let _ = writeln!(
                out,
                "  <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                lang.html_lang(),
                xml_escape(&urls::absolute(
                    base,
                    &urls::in_lang(&job.default_path, lang, default)
                ))
            );
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub(super) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_covers_markup_and_drops_control_characters() {
        assert_eq!(
            xml_escape("a & b < c > \"d\" 'e'\u{1}"),
            "a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos;"
        );
    }

    #[test]
    fn xml_escape_replaces_noncharacters() {
        assert_eq!(
            xml_escape("a\u{FFFF}b\u{FFFE}c\u{FDD0}d\u{1FFFF}e\u{10FFFE}f\u{FFFD}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}"
        );
        assert_eq!(
            xml_escape("\u{FFFC}\u{FDCF}\u{FDF0}"),
            "\u{FFFC}\u{FDCF}\u{FDF0}"
        );
    }

    #[test]
    fn excerpts_cut_at_a_character_boundary() {
        assert_eq!(excerpt("同伴  支持\n工作", 100), "同伴 支持 工作");
        assert_eq!(excerpt("同伴支持工作者", 4), "同伴支持…");
    }
}
