//! The citation files under data/: CSL-JSON, and every study's RIS and
//! BibTeX record in one file each.

use serde::Serialize;

use super::json::{Lazy, to_json};
use crate::model::{Site, StudyEntry};

/// A study's terms as `field=slug` codes, as study.yaml names each
/// vocabulary: what the data files' citation records carry so that
/// `gapmap import` gives a study back its terms.
pub(super) fn codes(site: &Site, study: &crate::content::Study) -> Vec<String> {
    site.vocabulary_ids()
        .flat_map(|v| {
            let field = &site.vocabulary(v).field;
            study
                .slugs(v)
                .iter()
                .map(move |slug| format!("{field}={slug}"))
        })
        .collect()
}

/// Every study's record, one after the other, a blank line between them.
fn records(site: &Site, record: fn(&Site, &StudyEntry) -> String) -> String {
    let mut out = String::new();
    for (i, entry) in site.studies.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&record(site, entry));
    }
    out
}

/// A study's citation record with its terms written in before its `end`
/// by `terms` (nothing when it has none).
fn with_terms(
    site: &Site,
    entry: &StudyEntry,
    record: fn(&crate::content::Study) -> String,
    end: &str,
    terms: fn(&[String]) -> String,
) -> String {
    let whole = record(&entry.study);
    let mut out = whole.strip_suffix(end).unwrap_or(&whole).to_string();
    let codes = codes(site, &entry.study);
    if !codes.is_empty() {
        out.push_str(&terms(&codes));
    }
    out.push_str(end);
    out
}

/// A study's RIS record with its terms as `U1` (user defined) lines, which
/// reference managers keep as notes.
pub(super) fn ris_record(site: &Site, entry: &StudyEntry) -> String {
    with_terms(site, entry, crate::citation::ris, "ER  - \n", |codes| {
        codes.iter().map(|c| format!("U1  - {c}\n")).collect()
    })
}

/// A study's BibTeX entry with its terms in a `gapmapterms` field, which
/// other tools keep and ignore.
pub(super) fn bibtex_record(site: &Site, entry: &StudyEntry) -> String {
    with_terms(site, entry, crate::citation::bibtex, "}\n", |codes| {
        format!("  gapmapterms = {{{}}},\n", codes.join("; "))
    })
}

/// data/studies.ris: every study's [`ris_record`].
pub(super) fn ris(site: &Site) -> String {
    records(site, ris_record)
}

/// data/studies.bib: every study's [`bibtex_record`].
pub(super) fn bibtex(site: &Site) -> String {
    records(site, bibtex_record)
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
    /// The study's terms as `field=slug`, in CSL-JSON's place for fields
    /// of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    custom: Option<CslCustom>,
}

#[derive(Serialize)]
struct CslCustom {
    #[serde(rename = "gapmap-terms")]
    gapmap_terms: Vec<String>,
}

/// CSL-JSON: an array of items, as Zotero and citeproc read them.
pub(super) fn csl_json(site: &Site) -> Vec<u8> {
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
                custom: Some(codes(site, s))
                    .filter(|c| !c.is_empty())
                    .map(|gapmap_terms| CslCustom { gapmap_terms }),
            }
        })
    });
    to_json(&items)
}
