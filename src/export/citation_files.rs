//! The citation files under data/: CSL-JSON, and every study's RIS and
//! BibTeX record in one file each.

use serde::Serialize;

use super::json::{Lazy, to_json};
use crate::model::Site;

/// Every study's record, one after another, a blank line between them.
pub(super) fn concat(site: &Site, record: fn(&crate::content::Study) -> String) -> String {
    let mut out = String::new();
    for (i, entry) in site.studies.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&record(&entry.study));
    }
    out
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
            }
        })
    });
    to_json(&items)
}
