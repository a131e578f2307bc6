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

mod browse;
mod citation_files;
mod csv;
mod json;
mod web;

pub use browse::BrowseData;

use crate::citation;
use crate::content::{Lang, Localized, Status, Vocabulary};
use crate::model::{Site, StudyEntry};
use crate::urls;

/// Where the downloads live in the site.
pub const DIR: &str = "data";

/// A study's own citation record as a link target: a `data:` URL that the
/// page offers with a `download` name. One file per study and format would
/// double the number of files a build creates, and file creation is what a
/// large build spends its time on (docs/performance.md).
pub fn download_url(media_type: &str, record: &str) -> String {
    let mut out = format!("data:{media_type};charset=utf-8,");
    citation::percent_encode_into(&mut out, record);
    out
}

/// The data files under data/ as an output (see [`data_files`]).
pub struct DataFiles;

/// The feeds, sitemap and robots.txt as an output (see [`web_files`]).
pub struct WebFiles;

impl crate::output::FileOutput for DataFiles {
    fn name(&self) -> String {
        "the data files".into()
    }

    fn write(&self, site: &Site, put: &mut crate::output::Put) -> std::io::Result<()> {
        put_each(site, data_files(), put)
    }
}

impl crate::output::FileOutput for WebFiles {
    fn name(&self) -> String {
        "the feeds and sitemap".into()
    }

    fn write(&self, site: &Site, put: &mut crate::output::Put) -> std::io::Result<()> {
        put_each(site, web_files(site), put)
    }
}

/// Makes each file from the model and hands it on before making the next.
fn put_each(site: &Site, files: Vec<Made>, put: &mut crate::output::Put) -> std::io::Result<()> {
    for (path, make) in files {
        put(path, make(site))?;
    }
    Ok(())
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
        file("studies.csv", csv::csv),
        file("studies.json", json::json),
        file("studies.csl.json", citation_files::csl_json),
        file("studies.ris", |site| citation_files::ris(site).into_bytes()),
        file("studies.bib", |site| {
            citation_files::bibtex(site).into_bytes()
        }),
    ]
}

/// The files that only make sense at the site's address: the feeds, the
/// sitemap and robots.txt, all of which name absolute URLs.
pub fn web_files(site: &Site) -> Vec<Made> {
    let mut files: Vec<Made> = vec![
        (
            "sitemap.xml".to_string(),
            Box::new(|site| web::sitemap(site).into_bytes()),
        ),
        (
            "robots.txt".to_string(),
            Box::new(|site| web::robots(site).into_bytes()),
        ),
    ];
    for &lang in &site.config.languages {
        files.push((
            urls::in_lang("feed.xml", lang, site.config.default_language),
            Box::new(move |site| web::feed(site, lang).into_bytes()),
        ));
    }
    files
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_urls_percent_encode_everything_but_unreserved_bytes() {
        assert_eq!(
            download_url("text/plain", "TY  - JOUR\n同"),
            "data:text/plain;charset=utf-8,TY%20%20-%20JOUR%0A%E5%90%8C"
        );
    }
}
