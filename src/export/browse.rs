//! The data the site's own scripts read to filter the map and the studies
//! list, to open a cell's studies beside the map and to download a
//! selection: every study's terms, year and status (one small file the map
//! loads first), each language's labels and list order, and, in shards
//! loaded only when needed, each study's line (title, page, finding; in
//! the language's list order, so the newest come first) and its citation
//! records (in the model's order).
//!
//! Each file is a script that assigns a global, loaded with `<script
//! src>`: from disk a page may not fetch a file, and the Content-Security-
//! Policy allows scripts from the site alone.

use serde::Serialize;

use super::citation_files::{bibtex_record, ris_record};
use super::csv::Columns;
use crate::content::{Lang, Status};
use crate::model::Site;
use crate::urls;

/// Where the files live in the site.
pub const DIR: &str = "assets/browse";

/// Studies per shard of lines and of citation records: a cell's panel
/// loads the shards of the studies it shows, so a shard is small enough to
/// load at once and large enough that a site has few of them.
pub const SHARD: usize = 500;

/// The data the site's scripts read, as an output.
pub struct BrowseData;

impl crate::output::FileOutput for BrowseData {
    fn name(&self) -> String {
        "the data for the site's scripts".into()
    }

    fn write(&self, site: &Site, put: &mut crate::output::Put) -> std::io::Result<()> {
        put(format!("{DIR}/facets.js"), facets(site).into_bytes())?;
        for &lang in &site.config.languages {
            let code = lang.code();
            put(
                format!("{DIR}/{code}/labels.js"),
                labels(site, lang).into_bytes(),
            )?;
            // In the list's order: the studies a list or a cell shows first
            // are the newest, so they come from the first shards.
            let order = site.studies_in_list_order(lang);
            for (k, shard) in order.chunks(SHARD).enumerate() {
                let lines: Vec<Vec<serde_json::Value>> =
                    shard.iter().map(|&s| line(site, s, lang)).collect();
                put(
                    format!("{DIR}/{code}/lines-{k}.js"),
                    assign("GAPMAP_LINES", &format!("{code}/{k}"), &json(&lines)).into_bytes(),
                )?;
            }
        }
        let columns = Columns::of(site);
        for (k, shard) in site.studies.chunks(SHARD).enumerate() {
            let records: Vec<[String; 3]> = shard
                .iter()
                .map(|entry| {
                    [
                        ris_record(site, entry),
                        bibtex_record(site, entry),
                        String::from_utf8_lossy(&columns.row(site, entry)).into_owned(),
                    ]
                })
                .collect();
            put(
                format!("{DIR}/cite-{k}.js"),
                assign("GAPMAP_CITE", &k.to_string(), &json(&records)).into_bytes(),
            )?;
        }
        Ok(())
    }
}

/// Compact JSON: these files are read by scripts, not people. Serialising
/// plain structs of strings and numbers cannot fail.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `(window.NAME = window.NAME || {})["key"] = json;`: shards of one kind
/// share a global, each under its own key.
fn assign(global: &str, key: &str, value: &str) -> String {
    format!(
        "(window.{global} = window.{global} || {{}})[{}] = {value};\n",
        json(key)
    )
}

#[derive(Serialize)]
struct Facets<'a> {
    vocabularies: Vec<FacetVocabulary<'a>>,
    statuses: [&'static str; 2],
    steps: crate::model::HeatSteps,
    shard: usize,
    csv_header: String,
    /// Per study: year (0 when unknown), status, its own terms of each
    /// vocabulary by index (without their ancestors), and its number of
    /// participants (0 when not given).
    studies: Vec<(i32, usize, Vec<&'a [usize]>, u64)>,
}

#[derive(Serialize)]
struct FacetVocabulary<'a> {
    key: &'a str,
    /// Its name in an address's filters (`population=youth`), as the
    /// studies list has always named it.
    param: String,
    filter: bool,
    /// Whether a study may give several of its terms, and where a study's
    /// line shows them (`after-year`, `after-size`, `tags`, or none).
    multiple: bool,
    list: Option<&'static str>,
    terms: Vec<&'a str>,
    parents: Vec<i64>,
}

const STATUSES: [Status; 2] = [Status::Completed, Status::Ongoing];

fn status_index(status: Status) -> usize {
    STATUSES.iter().position(|&s| s == status).unwrap_or(0)
}

/// assets/browse/facets.js: what the map and the list count and filter by.
fn facets(site: &Site) -> String {
    let facets = Facets {
        vocabularies: site
            .vocabulary_ids()
            .map(|v| {
                let terms = site.terms(v);
                FacetVocabulary {
                    key: &site.vocabulary(v).key,
                    param: site.vocabulary(v).facet(),
                    filter: site.vocabulary(v).filter,
                    multiple: site.vocabulary(v).multiple,
                    list: site.vocabulary(v).list.map(|place| match place {
                        crate::content::ListPlace::AfterYear => "after-year",
                        crate::content::ListPlace::AfterSize => "after-size",
                        crate::content::ListPlace::Tags => "tags",
                    }),
                    terms: terms.iter().map(|t| t.slug.as_str()).collect(),
                    parents: terms
                        .iter()
                        .map(|t| t.parent.map_or(-1, |p| p as i64))
                        .collect(),
                }
            })
            .collect(),
        statuses: STATUSES.map(super::status),
        steps: site.heat_steps(),
        shard: SHARD,
        csv_header: String::from_utf8_lossy(&Columns::of(site).header(site)).into_owned(),
        studies: site
            .studies
            .iter()
            .map(|entry| {
                (
                    entry.study.year.unwrap_or(0),
                    status_index(entry.study.status),
                    site.vocabulary_ids()
                        .map(|v| entry.terms.get(&v).map_or(&[][..], Vec::as_slice))
                        .collect(),
                    entry.study.sample_size.unwrap_or(0),
                )
            })
            .collect(),
    };
    format!("window.GAPMAP_FACETS = {};\n", json(&facets))
}

#[derive(Serialize)]
struct Labels {
    vocabularies: Vec<VocabularyLabels>,
    order: Vec<usize>,
}

#[derive(Serialize)]
struct VocabularyLabels {
    name: String,
    singular: String,
    terms: Vec<String>,
}

/// assets/browse/<lang>/labels.js: the words for one language, and the
/// studies list's order in it.
fn labels(site: &Site, lang: Lang) -> String {
    let labels = Labels {
        vocabularies: site
            .vocabulary_ids()
            .map(|v| {
                let def = site.vocabulary(v);
                VocabularyLabels {
                    name: def.name.get(lang).0.clone(),
                    singular: def.singular.get(lang).0.clone(),
                    terms: site
                        .terms(v)
                        .iter()
                        .map(|t| t.label.get(lang).0.clone())
                        .collect(),
                }
            })
            .collect(),
        order: site.studies_in_list_order(lang),
    };
    assign("GAPMAP_LABELS", lang.code(), &json(&labels))
}

/// A study's line in one language: its title, its page (from the site's
/// root) and the first sentence of its finding; then, when either is the
/// English shown for want of a translation, 1 (the title), 2 (the
/// finding) or 3 (both), so a script can mark it `lang="en"` as the lists
/// do.
fn line(site: &Site, s: usize, lang: Lang) -> Vec<serde_json::Value> {
    let entry = &site.studies[s];
    let study = &entry.study;
    let (title, title_untranslated) = study.title.get(lang);
    let (summary, summary_untranslated) = entry.summary.get(lang);
    let mut line = vec![
        title.clone().into(),
        urls::in_lang(&urls::study(&study.id), lang, site.config.default_language).into(),
        summary.lead_sentence().into(),
    ];
    let flags = u8::from(title_untranslated) + 2 * u8::from(summary_untranslated);
    if flags > 0 {
        line.push(flags.into());
    }
    line
}
