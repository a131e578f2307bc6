//! The map's data for other tools, read from the site model only: every
//! study as CSV (for Excel), JSON, CSL-JSON (for Zotero and citation
//! processors), RIS and BibTeX, each study's own record as a download link
//! for its page, an Atom feed of studies by date added in each
//! language, sitemap.xml with hreflang alternates, and robots.txt.
//!
//! Everything here is a pure function of the model, so the files are
//! byte-identical from one build to the next: dates come from the content,
//! never the clock. Reviewers' internal notes never reach the model, so
//! they cannot reach these files.

use std::fmt::Write as _;

use serde::Serialize;

use crate::citation;
use crate::content::{Lang, Localized, Status, Vocabulary};
use crate::model::pages;
use crate::model::{Site, StudyEntry, display_name};
use crate::urls as paths;

/// Where the downloads live in the site.
pub const DIR: &str = "data";
/// How many of the newest studies the feed lists.
const FEED_ENTRIES: usize = 100;

/// A study's own citation record as a link target: a `data:` URL that the
/// page offers with a `download` name. One file per study and format would
/// double the number of files a build creates, and file creation is what a
/// large build spends its time on (docs/performance.md).
pub fn download_url(media_type: &str, record: &str) -> String {
    let mut out = format!("data:{media_type};charset=utf-8,");
    citation::percent_encode_into(&mut out, record);
    out
}

/// A file made from the model: its path under the output folder, and what
/// makes its bytes. Files are made one at a time, each written and let go
/// before the next is made.
pub type Made = (String, Box<dyn Fn(&Site) -> Vec<u8> + Sync>);

/// The data files under data/: the same in the published site and in an
/// offline bundle.
pub fn data_files() -> Vec<Made> {
    let file = |name: &str, make: fn(&Site) -> Vec<u8>| -> Made {
        (format!("{DIR}/{name}"), Box::new(make))
    };
    vec![
        file("studies.csv", csv),
        file("studies.json", json),
        file("studies.csl.json", csl_json),
        file("studies.ris", |site| {
            concat(site, citation::ris).into_bytes()
        }),
        file("studies.bib", |site| {
            concat(site, citation::bibtex).into_bytes()
        }),
    ]
}

/// The files that only make sense at the site's address: the feeds, the
/// sitemap and robots.txt, all of which name absolute URLs.
pub fn web_files(site: &Site) -> Vec<Made> {
    let mut files: Vec<Made> = vec![
        (
            "sitemap.xml".to_string(),
            Box::new(|site| sitemap(site).into_bytes()),
        ),
        (
            "robots.txt".to_string(),
            Box::new(|site| robots(site).into_bytes()),
        ),
    ];
    for &lang in &site.config.languages {
        files.push((
            paths::in_lang("feed.xml", lang, site.config.default_language),
            Box::new(move |site| feed(site, lang).into_bytes()),
        ));
    }
    files
}

fn concat(site: &Site, record: fn(&crate::content::Study) -> String) -> String {
    let mut out = String::new();
    for (i, entry) in site.studies.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&record(&entry.study));
    }
    out
}

/// The terms a study is tagged with in one vocabulary, as the model holds them.
fn terms_of<'a>(
    site: &'a Site,
    entry: &'a StudyEntry,
    v: Vocabulary,
) -> impl Iterator<Item = &'a crate::model::TermEntry> {
    entry
        .terms
        .get(&v)
        .into_iter()
        .flatten()
        .map(move |&t| &site.terms(v)[t])
}

fn labels(site: &Site, entry: &StudyEntry, v: Vocabulary, lang: Lang) -> Vec<String> {
    terms_of(site, entry, v)
        .map(|term| term.label.get(lang).0.clone())
        .collect()
}

fn slugs(entry: &StudyEntry, v: Vocabulary) -> String {
    entry.study.slugs(v).join("; ")
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Completed => "completed",
        Status::Ongoing => "ongoing",
    }
}

fn zh_or_empty(value: &Localized<String>) -> String {
    value.zh.clone().unwrap_or_default()
}

/// One row per study; lists joined with "; ". A byte-order mark first, so
/// Excel reads the file as UTF-8 and shows the Chinese.
fn csv(site: &Site) -> Vec<u8> {
    const HEADER: [&str; 38] = [
        "id",
        "title_en",
        "title_zh",
        "authors",
        "year",
        "journal",
        "volume",
        "issue",
        "pages",
        "doi",
        "url",
        "design",
        "design_en",
        "design_zh",
        "populations",
        "regions",
        "settings",
        "themes",
        "themes_en",
        "themes_zh",
        "sample_size",
        "sample_en",
        "sample_zh",
        "methods_en",
        "methods_zh",
        "publication_date",
        "status",
        "open_access",
        "keywords_en",
        "keywords_zh",
        "funding_en",
        "funding_zh",
        "quality_tool",
        "date_added",
        "date_updated",
        "citation_apa",
        "page_en",
        "page_zh",
    ];
    let mut writer = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing to memory cannot fail; a failed record would only lose a row,
    // and the exports test would see it.
    let _ = writer.write_record(HEADER);
    let default = site.config.default_language;
    for entry in &site.studies {
        let s = &entry.study;
        let design = |lang| labels(site, entry, Vocabulary::Designs, lang).join("; ");
        let themes = |lang| labels(site, entry, Vocabulary::Themes, lang).join("; ");
        let authors: Vec<String> = s
            .authors
            .iter()
            .map(|a| match &a.given {
                Some(g) => format!("{}, {g}", a.family),
                None => a.family.clone(),
            })
            .collect();
        let keywords = |lang| {
            s.keywords
                .as_ref()
                .and_then(|k| match lang {
                    Lang::En => Some(k.en.join("; ")),
                    Lang::Zh => k.zh.as_ref().map(|z| z.join("; ")),
                })
                .unwrap_or_default()
        };
        let page = |lang| paths::in_lang(&paths::study(&s.id), lang, default);
        let row: [String; 38] = [
            s.id.clone(),
            s.title.en.clone(),
            zh_or_empty(&s.title),
            authors.join("; "),
            s.year.map(|y| y.to_string()).unwrap_or_default(),
            s.journal.clone().unwrap_or_default(),
            s.volume.clone().unwrap_or_default(),
            s.issue.clone().unwrap_or_default(),
            s.pages.clone().unwrap_or_default(),
            s.doi.clone().unwrap_or_default(),
            s.url.clone().unwrap_or_default(),
            s.design.clone(),
            design(Lang::En),
            design(Lang::Zh),
            slugs(entry, Vocabulary::Populations),
            slugs(entry, Vocabulary::Regions),
            slugs(entry, Vocabulary::Settings),
            slugs(entry, Vocabulary::Themes),
            themes(Lang::En),
            themes(Lang::Zh),
            s.sample_size.map(|n| n.to_string()).unwrap_or_default(),
            s.sample.as_ref().map(|x| x.en.clone()).unwrap_or_default(),
            s.sample.as_ref().map(zh_or_empty).unwrap_or_default(),
            s.methods.en.clone(),
            zh_or_empty(&s.methods),
            s.publication_date.clone().unwrap_or_default(),
            status(s.status).to_string(),
            s.open_access
                .map(|o| if o { "yes" } else { "no" }.to_string())
                .unwrap_or_default(),
            keywords(Lang::En),
            keywords(Lang::Zh),
            s.funding.as_ref().map(|x| x.en.clone()).unwrap_or_default(),
            s.funding.as_ref().map(zh_or_empty).unwrap_or_default(),
            s.quality
                .as_ref()
                .map(|q| q.tool.clone())
                .unwrap_or_default(),
            s.date_added.clone(),
            s.date_updated.clone(),
            citation::apa(s, Lang::En),
            page(Lang::En),
            page(Lang::Zh),
        ];
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}

#[derive(Serialize)]
struct JsonExport<'a, S: Serialize> {
    title: &'a Localized<String>,
    studies: S,
}

/// A sequence serialised as its items are made: an export never holds
/// every study's view at once.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct JsonTerm<'a> {
    slug: &'a str,
    label: &'a Localized<String>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    family: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    given: Option<&'a str>,
    /// The author page's slug: one researcher across name forms.
    author: &'a str,
}

#[derive(Serialize)]
struct JsonCriterion<'a> {
    id: &'a str,
    answer: crate::content::Answer,
}

#[derive(Serialize)]
struct JsonQuality<'a> {
    tool: &'a str,
    criteria: Vec<JsonCriterion<'a>>,
    note: Option<&'a Localized<String>>,
}

#[derive(Serialize)]
struct JsonStudy<'a> {
    id: &'a str,
    title: &'a Localized<String>,
    authors: Vec<JsonAuthor<'a>>,
    year: Option<i32>,
    journal: Option<&'a str>,
    volume: Option<&'a str>,
    issue: Option<&'a str>,
    pages: Option<&'a str>,
    doi: Option<&'a str>,
    url: Option<&'a str>,
    design: Vec<JsonTerm<'a>>,
    methods: &'a Localized<String>,
    sample_size: Option<u64>,
    sample: Option<&'a Localized<String>>,
    populations: Vec<JsonTerm<'a>>,
    regions: Vec<JsonTerm<'a>>,
    settings: Vec<JsonTerm<'a>>,
    themes: Vec<JsonTerm<'a>>,
    publication_date: Option<&'a str>,
    status: Status,
    open_access: Option<bool>,
    keywords: Option<&'a Localized<Vec<String>>>,
    funding: Option<&'a Localized<String>>,
    quality: Option<JsonQuality<'a>>,
    date_added: &'a str,
    date_updated: &'a str,
    citation_incomplete: bool,
    /// The study's page in each language, relative to the site root.
    pages_in: Localized<String>,
}

fn json_terms<'a>(site: &'a Site, entry: &'a StudyEntry, v: Vocabulary) -> Vec<JsonTerm<'a>> {
    terms_of(site, entry, v)
        .map(|term| JsonTerm {
            slug: &term.slug,
            label: &term.label,
        })
        .collect()
}

fn json(site: &Site) -> Vec<u8> {
    let default = site.config.default_language;
    let studies = Lazy(|| {
        site.studies.iter().map(|entry| {
            let s = &entry.study;
            JsonStudy {
                id: &s.id,
                title: &s.title,
                authors: s
                    .authors
                    .iter()
                    .zip(&entry.author_ids)
                    .map(|(a, &id)| JsonAuthor {
                        family: &a.family,
                        given: a.given.as_deref(),
                        author: &site.authors[id].slug,
                    })
                    .collect(),
                year: s.year,
                journal: s.journal.as_deref(),
                volume: s.volume.as_deref(),
                issue: s.issue.as_deref(),
                pages: s.pages.as_deref(),
                doi: s.doi.as_deref(),
                url: s.url.as_deref(),
                design: json_terms(site, entry, Vocabulary::Designs),
                methods: &s.methods,
                sample_size: s.sample_size,
                sample: s.sample.as_ref(),
                populations: json_terms(site, entry, Vocabulary::Populations),
                regions: json_terms(site, entry, Vocabulary::Regions),
                settings: json_terms(site, entry, Vocabulary::Settings),
                themes: json_terms(site, entry, Vocabulary::Themes),
                publication_date: s.publication_date.as_deref(),
                status: s.status,
                open_access: s.open_access,
                keywords: s.keywords.as_ref(),
                funding: s.funding.as_ref(),
                quality: s.quality.as_ref().map(|q| JsonQuality {
                    tool: &q.tool,
                    criteria: q
                        .criteria
                        .iter()
                        .map(|c| JsonCriterion {
                            id: &c.id,
                            answer: c.answer,
                        })
                        .collect(),
                    note: q.note.as_ref(),
                }),
                date_added: &s.date_added,
                date_updated: &s.date_updated,
                citation_incomplete: entry.citation_incomplete(),
                pages_in: Localized {
                    en: paths::in_lang(&paths::study(&s.id), Lang::En, default),
                    zh: Some(paths::in_lang(&paths::study(&s.id), Lang::Zh, default)),
                },
            }
        })
    });
    let export = JsonExport {
        title: &site.config.title,
        studies,
    };
    to_json(&export)
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[derive(Serialize)]
struct CslName<'a> {
    family: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    given: Option<&'a str>,
}

#[derive(Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: Vec<Vec<i64>>,
}

#[derive(Serialize)]
struct CslItem<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<CslName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<CslDate>,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    volume: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issue: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<&'a str>,
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    doi: Option<&'a str>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyword: Option<String>,
}

/// CSL-JSON: an array of items, as Zotero and citeproc read them.
fn csl_json(site: &Site) -> Vec<u8> {
    let items = Lazy(|| {
        site.studies.iter().map(|entry| {
            let s = &entry.study;
            let issued = match (&s.publication_date, s.year) {
                (Some(date), _) => Some(CslDate {
                    date_parts: vec![date.split('-').filter_map(|p| p.parse().ok()).collect()],
                }),
                (None, Some(year)) => Some(CslDate {
                    date_parts: vec![vec![i64::from(year)]],
                }),
                (None, None) => None,
            };
            CslItem {
                id: &s.id,
                kind: if s.journal.is_some() {
                    "article-journal"
                } else {
                    "article"
                },
                title: &s.title.en,
                author: s
                    .authors
                    .iter()
                    .map(|a| CslName {
                        family: &a.family,
                        given: a.given.as_deref(),
                    })
                    .collect(),
                issued,
                container_title: s.journal.as_deref(),
                volume: s.volume.as_deref(),
                issue: s.issue.as_deref(),
                page: s.pages.as_deref(),
                doi: s.doi.as_deref(),
                url: s.url.as_deref(),
                keyword: s.keywords.as_ref().map(|k| k.en.join(", ")),
            }
        })
    });
    to_json(&items)
}

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
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
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
fn feed(site: &Site, lang: Lang) -> String {
    let base = &site.config.base_url;
    let default = site.config.default_language;
    let feed_path = paths::in_lang("feed.xml", lang, default);
    let mut newest: Vec<&StudyEntry> = site.studies.iter().collect();
    newest.sort_by(|a, b| {
        (&b.study.date_added, &a.study.id).cmp(&(&a.study.date_added, &b.study.id))
    });
    newest.truncate(FEED_ENTRIES);
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
    let home = paths::in_lang(&paths::home(), lang, default);
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
            paths::in_lang(&paths::study(&s.id), lang, default)
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
            xml_escape(&format!("{base}{}", paths::study(&s.id)))
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
        for &t in entry.terms.get(&Vocabulary::Themes).into_iter().flatten() {
            let term = &site.terms(Vocabulary::Themes)[t];
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
fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let default = site.config.default_language;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let pages = pages::site_pages(site);
    let by_language = site
        .config
        .languages
        .iter()
        .flat_map(|&lang| pages.iter().filter(move |job| job.lang == lang));
    for job in by_language {
        let default_path = paths::without_lang(&job.path, job.lang, default);
        let _ = writeln!(
            out,
            "<url><loc>{}</loc>",
            xml_escape(&format!("{base}{}", job.path))
        );
        for &lang in &site.config.languages {
            let _ = writeln!(
                out,
                "  <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                lang.html_lang(),
                xml_escape(&format!(
                    "{base}{}",
                    paths::in_lang(&default_path, lang, default)
                ))
            );
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn robots(site: &Site) -> String {
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
    fn download_urls_percent_encode_everything_but_unreserved_bytes() {
        assert_eq!(
            download_url("text/plain", "TY  - JOUR\n同"),
            "data:text/plain;charset=utf-8,TY%20%20-%20JOUR%0A%E5%90%8C"
        );
    }

    #[test]
    fn excerpts_cut_at_a_character_boundary() {
        assert_eq!(excerpt("同伴  支持\n工作", 100), "同伴 支持 工作");
        assert_eq!(excerpt("同伴支持工作者", 4), "同伴支持…");
    }
}
