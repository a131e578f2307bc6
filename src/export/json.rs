//! data/studies.json: every study with its terms' labels in both languages.

use serde::Serialize;

use super::terms_of;
use crate::content::{Lang, Localized, Status};
use crate::model::{Site, StudyEntry};
use crate::urls;

#[derive(Serialize)]
struct JsonExport<'a, S: Serialize> {
    title: &'a Localized<String>,
    studies: S,
}

/// A sequence serialised as its items are made: an export never holds
/// every study's view at once.
pub(super) struct Lazy<F>(pub(super) F);

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

/// A study's terms, one field per vocabulary (named as study.yaml names
/// it), in declared order.
struct JsonTerms<'a>(Vec<(&'a str, Vec<JsonTerm<'a>>)>);

impl Serialize for JsonTerms<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
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
    /// The vocabularies a study names one term of, as study.yaml has them.
    #[serde(flatten)]
    kinds: JsonTerms<'a>,
    methods: &'a Localized<String>,
    sample_size: Option<u64>,
    sample: Option<&'a Localized<String>>,
    /// The vocabularies a study lists several terms of.
    #[serde(flatten)]
    about: JsonTerms<'a>,
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

/// The study's terms in each vocabulary that takes several terms (or, when
/// `multiple` is false, one).
fn json_terms<'a>(site: &'a Site, entry: &'a StudyEntry, multiple: bool) -> JsonTerms<'a> {
    JsonTerms(
        site.vocabulary_ids()
            .filter(|&v| site.vocabulary(v).multiple == multiple)
            .map(|v| {
                let terms = terms_of(site, entry, v)
                    .map(|term| JsonTerm {
                        slug: &term.slug,
                        label: &term.label,
                    })
                    .collect();
                (site.vocabulary(v).field.as_str(), terms)
            })
            .collect(),
    )
}

pub(super) fn json(site: &Site) -> Vec<u8> {
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
                kinds: json_terms(site, entry, false),
                methods: &s.methods,
                sample_size: s.sample_size,
                sample: s.sample.as_ref(),
                about: json_terms(site, entry, true),
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
                    en: urls::in_lang(&urls::study(&s.id), Lang::En, default),
                    zh: Some(urls::in_lang(&urls::study(&s.id), Lang::Zh, default)),
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

pub(super) fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
