//! `gapmap bundle`: the whole map, or a chosen part of it, as one zip that
//! works opened from disk in a room without internet.
//!
//! The bundle is the ordinary build with two differences: the subset is
//! chosen between validation and the model (so the map, lists, term pages,
//! search index and exports are all computed for it by the same code), and
//! the files go into a zip instead of a folder, with nothing that points
//! at the live site (canonical links, feeds, sitemap). A START-HERE.html at
//! the top says in both languages what this is and where to begin.
//!
//! The zip is reproducible: entries sorted by path, one fixed timestamp,
//! fixed permissions; the date in its name and on START-HERE.html comes
//! from SOURCE_DATE_EPOCH or from the content, never from the clock.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

use crate::build::{self, BuildReport, Failure, Output};
use crate::content::{Content, Lang, Vocabulary};
use crate::diagnostics::Diagnostics;
use crate::urls as paths;
use crate::validate::suggest;
use crate::write::Sink;

/// Which languages a bundle carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Languages {
    En,
    Zh,
    All,
}

pub struct BundleOptions {
    pub root: PathBuf,
    /// The zip to write [default: dist/<site>-offline-<date>.zip under the root].
    pub output: Option<PathBuf>,
    pub languages: Languages,
    /// The terms chosen: a vocabulary as the user named it (its key, its
    /// study.yaml field or its singular name), and a term's slug.
    pub terms: Vec<(String, String)>,
}

pub struct BundleReport {
    pub path: PathBuf,
    pub studies: usize,
    pub files: usize,
    pub bytes: u64,
}

/// The files of a bundle, collected from the build's threads.
#[derive(Default)]
struct Collected(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Collected {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("a build thread failed"))?
            .push((rel.to_string(), bytes.to_vec()));
        Ok(())
    }
}

pub fn bundle(options: &BundleOptions, diags: &mut Diagnostics) -> Result<BundleReport, Failure> {
    let prepared = build::prepare_with(&options.root, None, diags, |content| {
        narrow(content, options)
    })?;
    let collected = Collected::default();
    let mut report = BuildReport::default();
    build::write_site(&prepared, &collected, Output::Offline, &mut report, diags)?;
    let mut files = collected
        .0
        .into_inner()
        .map_err(|_| Failure::Usage("a build thread failed".into()))?;

    let site = &prepared.site;
    let date = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map_or_else(|| site.last_updated.clone(), crate::dates::iso_date);
    let name = file_name_stem(&site.config.title.en);
    let start = start_here(&prepared, &date)?;
    files.push(("START-HERE.html".into(), start.into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let path = options.output.clone().unwrap_or_else(|| {
        options
            .root
            .join("dist")
            .join(format!("{name}-offline-{date}.zip"))
    });
    let bytes = write_zip(&path, &format!("{name}-offline"), &files)?;
    Ok(BundleReport {
        path,
        studies: site.studies.len(),
        files: files.len(),
        bytes,
    })
}

/// The longest site name a bundle's zip and folder are named with: with
/// `-offline-YYYY-MM-DD.zip` the name stays far below the 255 bytes most
/// file systems allow, and every path in the zip below 4,096.
pub const MAX_NAME_BYTES: usize = 60;

/// The site title as the start of a file name: slugified (ASCII letters,
/// digits, hyphens), cut at a word to [`MAX_NAME_BYTES`], never empty and
/// never starting with `-` (which `unzip` and other tools read as an
/// option): `site` when the title gives nothing.
pub fn file_name_stem(title: &str) -> String {
    let slug = slug::slugify(title);
    let mut name = slug.trim_matches('-');
    if name.len() > MAX_NAME_BYTES {
        // A slug is ASCII: any byte is a character boundary.
        let cut = &name[..MAX_NAME_BYTES];
        name = match cut.rfind('-') {
            Some(i) if i > MAX_NAME_BYTES / 2 => &cut[..i],
            _ => cut,
        };
        name = name.trim_end_matches('-');
    }
    if name.is_empty() {
        "site".to_string()
    } else {
        name.to_string()
    }
}

/// Keeps the chosen studies and languages. Several terms of one
/// vocabulary widen the choice (OR); different vocabularies narrow it
/// (AND); a term includes the terms below it, as the site's filters do.
fn narrow(content: &mut Content, options: &BundleOptions) -> Result<(), Failure> {
    let taxonomies = &content.taxonomies;
    let mut chosen: BTreeMap<Vocabulary, BTreeSet<String>> = BTreeMap::new();
    for (name, slug) in &options.terms {
        let vocabulary = taxonomies.all().find(|&v| {
            let def = &taxonomies[v];
            def.key == *name || def.field == *name || def.facet() == *name
        });
        let Some(vocabulary) = vocabulary else {
            let flags: Vec<String> = taxonomies
                .vocabularies
                .iter()
                .map(|v| format!("--{}", v.facet()))
                .collect();
            return Err(Failure::Usage(format!(
                "`--{name}` names no vocabulary of this site; choose studies with {}",
                flags.join(", ")
            )));
        };
        let def = &taxonomies[vocabulary];
        let terms = &def.terms;
        if !terms.iter().any(|t| &t.slug == slug) {
            let hint = suggest(slug, terms.iter().map(|t| t.slug.as_str()))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    let all: Vec<&str> = terms.iter().map(|t| t.slug.as_str()).collect();
                    format!("; the {} are: {}", def.key, all.join(", "))
                });
            return Err(Failure::Usage(format!(
                "unknown {} `{slug}` for --{name}{hint}",
                def.singular.en
            )));
        }
        chosen.entry(vocabulary).or_default().insert(slug.clone());
    }
    if !chosen.is_empty() {
        content.site.subset = Some(
            chosen
                .iter()
                .map(|(v, slugs)| (*v, slugs.iter().cloned().collect()))
                .collect(),
        );
    }
    let chosen: Vec<(Vocabulary, BTreeSet<String>)> = chosen
        .into_iter()
        .map(|(v, slugs)| {
            (
                v,
                taxonomies.with_descendants(v, slugs.iter().map(String::as_str)),
            )
        })
        .collect();
    content.studies.retain(|s| {
        chosen
            .iter()
            .all(|(v, set)| s.slugs(*v).iter().any(|slug| set.contains(slug)))
    });
    if content.studies.is_empty() {
        return Err(Failure::Usage(
            "no study matches the chosen terms; choose fewer or other terms".into(),
        ));
    }
    match options.languages {
        Languages::En => content.site.languages.retain(|l| *l == Lang::En),
        Languages::Zh => content.site.languages.retain(|l| *l == Lang::Zh),
        Languages::All => {}
    }
    if content.site.languages.is_empty() {
        return Err(Failure::Usage(
            "the site does not have the chosen language".into(),
        ));
    }
    Ok(())
}

#[derive(Serialize)]
struct StartLanguage<'a> {
    code: &'static str,
    html_lang: &'static str,
    t: &'a std::collections::BTreeMap<String, String>,
    title: &'a str,
    map: String,
    /// The first map's title, to follow "The evidence map:".
    map_title: String,
    studies: String,
    search: String,
    brief: String,
    /// Whether this copy has the language's pages.
    available: bool,
    /// The terms the copy was chosen by, a line per vocabulary: its name
    /// and the terms' labels ("Themes: Burnout").
    chosen: Vec<String>,
}

/// The bundle's front page: both languages side by side.
fn start_here(prepared: &build::Prepared, date: &str) -> Result<String, Failure> {
    let site = &prepared.site;
    let default = site.config.default_language;
    let languages: Vec<StartLanguage> = Lang::ALL
        .iter()
        .map(|&lang| StartLanguage {
            code: lang.code(),
            html_lang: lang.html_lang(),
            t: &prepared.theme.strings[&lang],
            title: site.config.title.get(lang).0,
            map: paths::in_lang(&paths::home(), lang, default),
            map_title: in_sentence(site.map_defs()[0].title.get(lang).0),
            studies: paths::in_lang(&paths::studies(), lang, default),
            search: paths::in_lang(&paths::search(), lang, default),
            brief: paths::in_lang(&paths::brief(), lang, default),
            available: site.config.languages.contains(&lang),
            chosen: chosen_in(site, &prepared.theme.strings[&lang], lang),
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("languages", &languages);
    context.insert("studies", &site.studies.len());
    context.insert("date", date);
    prepared
        .theme
        .tera
        .render("start.html", &context)
        .map_err(|e| {
            Failure::Usage(format!(
                "themes/{}/templates/start.html: {e}",
                prepared.theme.name
            ))
        })
}

/// Writes the zip next to its final place and moves it there when
/// complete, so a failed run leaves no half-written bundle.
fn write_zip(path: &Path, folder: &str, files: &[(String, Vec<u8>)]) -> Result<u64, Failure> {
    use zip::write::SimpleFileOptions;
    let io =
        |e: &dyn std::fmt::Display| Failure::Usage(format!("cannot write {}: {e}", path.display()));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| io(&e))?;
    }
    let partial = path.with_extension("zip.partial");
    let file = std::fs::File::create(&partial).map_err(|e| io(&e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let result = (|| -> zip::result::ZipResult<()> {
        for (rel, bytes) in files {
            zip.start_file(format!("{folder}/{rel}"), options)?;
            zip.write_all(bytes)?;
        }
        zip.finish()?.flush()?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(io(&e));
    }
    std::fs::rename(&partial, path).map_err(|e| io(&e))?;
    std::fs::metadata(path).map(|m| m.len()).map_err(|e| io(&e))
}

/// The terms a copy was chosen by, in `lang`: a line per vocabulary, its
/// name and its chosen terms' labels.
fn chosen_in(
    site: &crate::model::Site,
    strings: &std::collections::BTreeMap<String, String>,
    lang: Lang,
) -> Vec<String> {
    let word = |key: &str| strings.get(key).cloned().unwrap_or_default();
    site.config
        .subset
        .iter()
        .flatten()
        .map(|(v, slugs)| {
            let labels: Vec<String> = slugs
                .iter()
                .filter_map(|slug| site.terms(*v).iter().find(|t| t.slug == *slug))
                .map(|t| t.label.get(lang).0.clone())
                .collect();
            format!(
                "{}{}{}",
                site.vocabulary(*v).name.get(lang).0,
                word("label_separator"),
                labels.join(&word("list_separator"))
            )
        })
        .collect()
}

/// A title in the middle of a sentence: its first letter in lower case,
/// unless the word is an abbreviation ("HIV services" stays).
fn in_sentence(title: &str) -> String {
    let mut chars = title.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(title.chars().skip(1)).collect()
        }
        _ => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_bounded_never_empty_and_never_an_option() {
        assert_eq!(file_name_stem("Peer Support Map"), "peer-support-map");
        assert_eq!(file_name_stem("!!!"), "site");
        assert_eq!(file_name_stem(""), "site");
        assert_eq!(file_name_stem("-- --x"), "x");
        let long = file_name_stem(&"word ".repeat(500));
        assert!(
            long.len() <= MAX_NAME_BYTES && long.starts_with("word-word"),
            "{long}"
        );
        assert!(!long.ends_with('-'), "{long}");
        let one = file_name_stem(&"a".repeat(500));
        assert_eq!(one.len(), MAX_NAME_BYTES);
    }
}
