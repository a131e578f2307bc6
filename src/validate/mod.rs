//! Turns raw documents into typed [`Content`], reporting every problem it
//! finds as a diagnostic: structure and types per file, then what needs the
//! whole site (vocabulary slugs, duplicate DOIs). It reads no files; it only
//! judges what `load` read.

mod across_studies;
mod address;
mod authors;
mod doi;
mod fields;
mod framework;
mod invisible;
mod quality;
mod site;
mod study;
mod terms;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::content::{Content, Page, Study, Taxonomies};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{RawContent, SourceFile};
use crate::yaml;

pub use address::{ADDRESS_FORM, site_address};
pub use doi::{DOI_FORM, DOI_PREFIXES, is_doi};
pub use fields::{is_slug, suggest};
pub use framework::{MAX_MAP_CELLS, RESERVED_KEYS};
pub use site::SITE_FIELDS;
pub use study::{STUDY_FIELDS, study_fields};

/// Validates everything. Returns the content that could be read (studies
/// with errors are left out) or `None` when site.yaml or taxonomies.yaml is
/// unusable; `diags` says what is wrong either way.
pub fn validate(raw: &RawContent, diags: &mut Diagnostics) -> Option<Content> {
    let framework = raw
        .taxonomies
        .as_ref()
        .and_then(|source| parse_with(source, diags, framework::taxonomies));
    let (taxonomies, places) = match framework {
        Some((t, p)) => (Some(t), Some(p)),
        None => (None, None),
    };
    let site = raw.site.as_ref().and_then(|source| {
        parse_with(source, diags, |ctx, node| {
            site::site_config(ctx, node, &raw.root, taxonomies.as_ref())
        })
    });

    let empty = Taxonomies::default();
    let vocabulary = taxonomies.as_ref().unwrap_or(&empty);
    let year_limit = crate::dates::current_year() + 1;
    // Studies are read from both cores; their diagnostics are kept in
    // folder order.
    let reported: HashSet<&str> = diags.items().iter().map(|d| d.file.as_str()).collect();
    let checked: Vec<(Option<study::Checked>, Diagnostics)> = raw
        .studies
        .par_iter()
        .map(|raw_study| {
            let mut said = Diagnostics::default();
            let study = study::study(
                raw_study,
                vocabulary,
                taxonomies.is_some(),
                year_limit,
                &reported,
                &mut said,
            );
            (study, said)
        })
        .collect();
    let mut studies = Vec::with_capacity(checked.len());
    let mut drafts = Vec::new();
    for (checked, said) in checked {
        diags.extend(said);
        match checked {
            Some(study::Checked::Study(study)) => studies.push(*study),
            Some(study::Checked::Draft(draft)) => drafts.push(draft),
            None => {}
        }
    }
    if !drafts.is_empty() {
        diags.push(drafts_note(&drafts));
    }
    across_studies::check_across_studies(&studies, raw, diags);
    if let (Some(t), Some(places), Some(source)) = (&taxonomies, &places, &raw.taxonomies) {
        framework::unused_terms(source, t, places, &studies, diags);
    }

    let pages = raw
        .pages
        .iter()
        .filter_map(|page| page_source(page, diags))
        .collect();

    Some(Content {
        root: raw.root.clone(),
        site: site?,
        taxonomies: taxonomies?,
        studies,
        drafts,
        pages,
    })
}

/// How many studies are drafts, the first of them with what each lacks.
fn drafts_note(drafts: &[crate::content::Draft]) -> Diagnostic {
    const LISTED: usize = 20;
    let listed: Vec<String> = drafts
        .iter()
        .take(LISTED)
        .map(|d| format!("{} ({})", d.id, d.missing.join(", ")))
        .collect();
    let more = drafts.len().saturating_sub(LISTED);
    let count = if drafts.len() == 1 {
        "1 imported study is a draft".to_string()
    } else {
        format!("{} imported studies are drafts", drafts.len())
    };
    Diagnostic::note(
        "content/studies",
        format!(
            "{count}, left out of the site until coded: {}{}",
            listed.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        ),
    )
    .with_help("give each what it lacks (a summary in each language, a term of each required vocabulary); it joins the site when it is complete")
}

/// The vocabularies of content/taxonomies.yaml alone (what `gapmap new`
/// lists), whatever the state of the studies.
pub fn taxonomies_of(raw: &RawContent, diags: &mut Diagnostics) -> Option<Taxonomies> {
    let source = raw.taxonomies.as_ref()?;
    parse_with(source, diags, framework::taxonomies).map(|(t, _)| t)
}

/// Checks the studies of `changed` again (`gapmap serve`, after a save),
/// against the vocabulary the last full validation read, then what needs
/// every study: `current` gives the studies as the last good build has
/// them (the changed ones still as they were). `None` for a study with
/// errors.
pub fn revalidate<'a>(
    raw: &RawContent,
    taxonomies: &Taxonomies,
    changed: &[usize],
    current: impl Iterator<Item = &'a Study> + Clone,
    diags: &mut Diagnostics,
) -> Vec<Option<Study>> {
    let year_limit = crate::dates::current_year() + 1;
    let files: Vec<String> = diags.items().iter().map(|d| d.file.clone()).collect();
    let reported: HashSet<&str> = files.iter().map(String::as_str).collect();
    // A study that became a draft leaves the site as a study with errors
    // would: serve keeps what it had and says why.
    let checked: Vec<Option<Study>> = changed
        .iter()
        .map(|&i| {
            match study::study(
                &raw.studies[i],
                taxonomies,
                true,
                year_limit,
                &reported,
                diags,
            ) {
                Some(study::Checked::Study(study)) => Some(*study),
                Some(study::Checked::Draft(draft)) => {
                    diags.push(drafts_note(std::slice::from_ref(&draft)));
                    None
                }
                None => None,
            }
        })
        .collect();
    // The folders are the same, so are the ids; only a DOI that a changed
    // study shares with another needs the whole check (which says which
    // study had it first). The scan reads the studies in the order they
    // are kept: looking each one up would cost a cache miss per step.
    let changed_ids: HashSet<&str> = changed
        .iter()
        .map(|&i| raw.studies[i].id.as_str())
        .collect();
    let changed_dois: Vec<String> = checked
        .iter()
        .flatten()
        .filter_map(|s| s.doi.as_deref().map(str::to_lowercase))
        .collect();
    let shared = changed_dois
        .iter()
        .enumerate()
        .any(|(k, doi)| changed_dois[..k].contains(doi))
        || current
            .clone()
            .filter(|s| !changed_ids.contains(s.id.as_str()))
            .filter_map(|s| s.doi.as_deref())
            .any(|doi| changed_dois.iter().any(|c| same_doi(doi, c)));
    if shared {
        let by_id: HashMap<&str, &Study> = current.map(|s| (s.id.as_str(), s)).collect();
        let every = raw.studies.iter().enumerate().filter_map(|(i, r)| {
            match changed.iter().position(|&c| c == i) {
                Some(k) => checked[k].as_ref(),
                None => by_id.get(r.id.as_str()).copied(),
            }
        });
        across_studies::check_across_studies(every, raw, diags);
    }
    checked
}

/// Whether `doi` is `lowercase` (a DOI already lowercased), ignoring case,
/// without a new string for the common ASCII DOI.
fn same_doi(doi: &str, lowercase: &str) -> bool {
    if doi.is_ascii() {
        doi.eq_ignore_ascii_case(lowercase)
    } else {
        doi.to_lowercase() == lowercase
    }
}

/// Parses a YAML file and reads it with `read`, moving the reader's
/// diagnostics into `diags`.
fn parse_with<T>(
    source: &SourceFile,
    diags: &mut Diagnostics,
    read: impl FnOnce(&mut fields::Ctx, &yaml::Node) -> Option<T>,
) -> Option<T> {
    let node = match yaml::parse(&source.file, &source.text) {
        Ok(node) => node,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut ctx = fields::Ctx::new(&source.file, &source.text);
    let value = read(&mut ctx, &node);
    let had_errors = ctx
        .diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    for d in ctx.diags {
        diags.push(d);
    }
    if had_errors { None } else { value }
}

fn page_source(page: &crate::load::RawPage, diags: &mut Diagnostics) -> Option<Page> {
    use crate::content::{Localized, MarkdownSource};
    let to_source = |s: &SourceFile| MarkdownSource {
        file: s.file.clone(),
        text: s.text.clone(),
    };
    let Some(en) = page.en.as_ref() else {
        let zh = page.zh.as_ref().map_or(String::new(), |s| s.file.clone());
        diags.push(
            Diagnostic::error(zh, format!("page `{}` has no English version", page.name))
                .with_help(format!("add content/pages/{}.en.md", page.name)),
        );
        return None;
    };
    if page.zh.is_none() {
        diags.push(
            Diagnostic::warning(&en.file, format!("page `{}` has no Chinese version; the Chinese site shows the English marked as not yet translated", page.name))
                .with_help(format!("add content/pages/{}.zh.md", page.name)),
        );
    }
    if !is_slug(&page.name) {
        diags.push(
            Diagnostic::error(
                &en.file,
                format!(
                    "page name `{}` must be lowercase letters, digits and hyphens",
                    page.name
                ),
            )
            .with_help(format!("rename it, e.g. `{}`", slug::slugify(&page.name))),
        );
        return None;
    }
    if fields::name_too_long(&page.name) {
        diags.push(
            Diagnostic::error(
                &en.file,
                format!(
                    "page name `{}` is {} bytes long, over the limit of {}",
                    page.name,
                    page.name.len(),
                    fields::MAX_NAME_BYTES
                ),
            )
            .with_help("it names the page's folder in the built site: rename the page files"),
        );
        return None;
    }
    Some(Page {
        name: page.name.clone(),
        source: Localized {
            en: to_source(en),
            zh: page.zh.as_ref().map(to_source),
        },
    })
}

/// Slugs of one vocabulary, for unknown-slug checks and suggestions.
pub(crate) fn slug_index(taxonomies: &Taxonomies) -> Vec<Vec<&str>> {
    taxonomies
        .vocabularies
        .iter()
        .map(|v| v.terms.iter().map(|t| t.slug.as_str()).collect())
        .collect()
}
