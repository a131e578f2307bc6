//! `gapmap import FILE...`: read each file (any of the formats the readers
//! know, found from its content), map codes and keywords to the site's
//! terms, leave out what duplicates another record or a study of the site,
//! and write a study folder per record, or with `--dry-run` only say what
//! would be written. A record that cannot be imported is named by its
//! position and the rest go on.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::detect::Format;
use super::existing::{existing_studies, normal_doi, title_key};
use super::record::{Position, Read, Record};
use super::{detect, ids, mapping, propose, text, write};
use crate::content::Taxonomies;
use crate::diagnostics::{Diagnostic, Diagnostics};

pub struct ImportOptions {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    pub format: Option<Format>,
    pub mapping: Option<PathBuf>,
    pub dry_run: bool,
    /// Refresh the citation fields of records already in the map.
    pub update: bool,
    /// Write a proposed framework and mapping from EPPI-Reviewer exports
    /// instead of importing.
    pub propose_mapping: bool,
    /// The date written as each study's `date_added`.
    pub today: String,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct ImportReport {
    pub read: usize,
    /// The ids written (or to be written).
    pub written: Vec<String>,
    /// Records already in the map, left as they are.
    pub existing: usize,
    /// Records already in the map whose citation fields were refreshed
    /// (`--update`).
    pub updated: usize,
    pub duplicates: usize,
    pub refused: usize,
    /// Terms given to studies from codes and keywords.
    pub mapped: usize,
    /// Codes and keywords no mapping names, with how many records had each.
    pub unmapped: BTreeMap<String, usize>,
    /// Files written by `--propose-mapping`.
    pub proposed: Vec<PathBuf>,
}

/// Why an import could not run at all.
#[derive(Debug)]
pub struct Refusal(pub String);

pub fn import(options: &ImportOptions, diags: &mut Diagnostics) -> Result<ImportReport, Refusal> {
    let raw =
        crate::load::load_content(&options.root, diags).map_err(|e| Refusal(e.0.to_string()))?;
    let taxonomies = crate::validate::taxonomies_of(&raw, diags).ok_or_else(|| {
        Refusal("content/taxonomies.yaml cannot be read: run `gapmap check` to see why".into())
    })?;
    let mut report = ImportReport::default();
    let mut records: Vec<(Position, Record)> = Vec::new();
    let mut trees = Vec::new();
    for path in &options.files {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Refusal(format!("cannot read {name}: {e}")))?;
        let text = text::decode(&name, &bytes).map_err(Refusal)?;
        let format = match options.format {
            Some(f) => f,
            None => detect::detect(&text).ok_or_else(|| {
                Refusal(format!(
                    "cannot tell what format {name} is in: give --format ris, bibtex, csl-json, csv or eppi-json"
                ))
            })?,
        };
        let read = match format {
            Format::Ris => super::ris::read(&name, &text),
            Format::Bibtex => super::bibtex::read(&name, &text),
            Format::CslJson => super::csl_json::read(&name, &text),
            Format::Csv => super::csv::read(&name, &text),
            Format::EppiJson => {
                let (read, tree) = super::eppi::read(&name, &text);
                trees.push(tree);
                read
            }
        };
        let Read {
            records: read,
            refused,
        } = read;
        report.read += read.len() + refused.len();
        report.refused += refused.len();
        for r in refused {
            diags.push(refused_at(&r.at, &r.reason));
        }
        records.extend(read);
    }
    if options.propose_mapping {
        propose_from(options, &trees, &mut report)?;
        return Ok(report);
    }
    let mapping = match &options.mapping {
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Refusal(format!("cannot read the mapping {name}: {e}")))?;
            Some(
                mapping::read(&name, &text, &taxonomies, diags)
                    .ok_or_else(|| Refusal(format!("the mapping {name} has errors (above)")))?,
            )
        }
        None => None,
    };

    let kept = without_duplicates(records, diags, &mut report);
    let existing = existing_studies(&raw);
    let ids = ids::assign(kept.iter().map(|(_, r)| r));
    let studies_dir = options.root.join("content").join("studies");
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for ((at, record), id) in kept.iter().zip(ids) {
        let doi = record.doi.as_deref().map(normal_doi);
        // A record with a DOI is the study with that DOI; one without is
        // the study with its id (the same record gives the same id).
        let already = match &doi {
            Some(d) => existing.dois.get(d).cloned(),
            None => existing
                .titles
                .get(&title_key(record))
                .cloned()
                .or_else(|| existing.ids.contains(&id).then(|| id.clone())),
        };
        // Another study took the id: the next free one.
        let mut id = id;
        let base = id.clone();
        let mut n = 2;
        while already.is_none() && (existing.ids.contains(&id) || !taken.insert(id.clone())) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if let Some(study) = already {
            if options.update {
                let path = studies_dir.join(&study).join("study.yaml");
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let file = path.display().to_string();
                if let Some(new) = super::update::refreshed(&file, &text, record) {
                    if !options.dry_run {
                        replace_file(&path, &new)?;
                    }
                    report.updated += 1;
                    diags.push(about(
                        Diagnostic::note(
                            at.file.clone(),
                            format!(
                                "{} refreshes the citation of `{study}` (its summaries, terms and dates are left alone)",
                                place(at)
                            ),
                        ),
                        at,
                    ));
                    continue;
                }
            }
            report.existing += 1;
            diags.push(about(
                Diagnostic::note(
                    at.file.clone(),
                    format!(
                        "{} is already in the map as `{study}`; left as it is",
                        place(at)
                    ),
                )
                .with_help("an import never overwrites a study a person may have edited"),
                at,
            ));
            continue;
        }
        let (mut terms, rest) = own_terms(record, &taxonomies);
        report.mapped += terms.values().map(Vec::len).sum::<usize>();
        match &mapping {
            Some(m) => {
                let applied = m.apply(&rest);
                report.mapped += applied.terms.values().map(Vec::len).sum::<usize>();
                for code in applied
                    .unmapped_codes
                    .into_iter()
                    .chain(applied.unmapped_keywords)
                {
                    *report.unmapped.entry(code).or_default() += 1;
                }
                for (key, slugs) in applied.terms {
                    let list = terms.entry(key).or_default();
                    for slug in slugs {
                        if !list.contains(&slug) {
                            list.push(slug);
                        }
                    }
                }
            }
            None => {
                for code in rest.codes.iter().chain(&rest.keywords) {
                    *report.unmapped.entry(code.clone()).or_default() += 1;
                }
            }
        }
        if options.dry_run {
            diags.push(about(
                Diagnostic::note(
                    at.file.clone(),
                    format!("{} would be written as content/studies/{id}/", place(at)),
                ),
                at,
            ));
        } else {
            write_study(&studies_dir, &id, record, &terms, &taxonomies, at, options)?;
        }
        report.written.push(id);
    }
    Ok(report)
}

/// The codes of a record that already name the site's own terms (a CSV
/// column named as study.yaml names a vocabulary, holding one of its
/// slugs, as gapmap's own data/studies.csv has them): those terms, and the
/// record with its other codes for the mapping. Nothing is guessed: a
/// value that is not exactly a slug of that vocabulary is left to the
/// mapping.
fn own_terms(record: &Record, taxonomies: &Taxonomies) -> (BTreeMap<String, Vec<String>>, Record) {
    let mut terms: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rest = record.clone();
    rest.codes.retain(|code| {
        let Some((column, value)) = code.split_once('=') else {
            return true;
        };
        let vocabulary = taxonomies
            .vocabularies
            .iter()
            .find(|v| v.field == column.trim() || v.key == column.trim());
        match vocabulary {
            Some(v) if v.terms.iter().any(|t| t.slug == value.trim()) => {
                let list = terms.entry(v.key.clone()).or_default();
                if !list.iter().any(|s| s == value.trim()) {
                    list.push(value.trim().to_string());
                }
                false
            }
            _ => true,
        }
    });
    (terms, rest)
}

/// A record's place in its file, for a message about it: "the record at
/// line 12", "record 3 (ItemId 91234)".
fn place(at: &Position) -> String {
    let mut out = match (at.line, at.index) {
        (Some(line), _) => format!("the record at line {line}"),
        (None, Some(index)) => format!("record {}", index + 1),
        (None, None) => "a record".to_string(),
    };
    if let Some(id) = &at.source_id {
        out.push_str(&format!(" ({id})"));
    }
    out
}

/// A diagnostic about a record, at its line when it has one.
fn about(d: Diagnostic, at: &Position) -> Diagnostic {
    match at.line {
        Some(line) => d.at_line(line, 1).without_quote(),
        None => d,
    }
}

/// A record the reader refused, at its place.
fn refused_at(at: &Position, reason: &str) -> Diagnostic {
    about(
        Diagnostic::error(
            at.file.clone(),
            format!("{} not imported: {reason}", place(at)),
        ),
        at,
    )
}

/// Records after the first with the same DOI, or the same title (letters
/// and digits only, any case) and year, are reported and left out.
fn without_duplicates(
    records: Vec<(Position, Record)>,
    diags: &mut Diagnostics,
    report: &mut ImportReport,
) -> Vec<(Position, Record)> {
    let mut seen: HashMap<String, Position> = HashMap::new();
    let mut kept = Vec::with_capacity(records.len());
    for (at, record) in records {
        let mut keys = Vec::new();
        if let Some(doi) = &record.doi {
            keys.push(format!("doi:{}", normal_doi(doi)));
        }
        if record.title.is_some() {
            keys.push(title_key(&record));
        }
        if let Some(first) = keys.iter().find_map(|k| seen.get(k)) {
            report.duplicates += 1;
            diags.push(about(
                Diagnostic::warning(
                    at.file.clone(),
                    format!(
                        "{} is the same study as {} of {}; imported once",
                        place(&at),
                        place(first),
                        first.file
                    ),
                ),
                &at,
            ));
            continue;
        }
        for k in keys {
            seen.insert(k, at.clone());
        }
        kept.push((at, record));
    }
    kept
}

/// Replaces a file whole: written beside it, then renamed over it.
fn replace_file(path: &Path, text: &str) -> Result<(), Refusal> {
    let staging = path.with_extension("yaml.import");
    std::fs::write(&staging, text)
        .and_then(|()| std::fs::rename(&staging, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&staging);
            Refusal(format!("cannot write {}: {e}", path.display()))
        })
}

/// Writes one study folder: into a folder beside it first, renamed into
/// place whole, so a failure leaves no half-written study.
fn write_study(
    studies: &Path,
    id: &str,
    record: &Record,
    terms: &BTreeMap<String, Vec<String>>,
    taxonomies: &Taxonomies,
    at: &Position,
    options: &ImportOptions,
) -> Result<(), Refusal> {
    let dir = studies.join(id);
    let staging = studies.join(format!(".import-{id}"));
    let from = at.file.rsplit(['/', '\\']).next().unwrap_or(&at.file);
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&staging)?;
        std::fs::write(
            staging.join("study.yaml"),
            write::study_yaml(record, terms, taxonomies, from, &options.today),
        )?;
        std::fs::write(
            staging.join("summary.en.md"),
            write::summary_to_write(false),
        )?;
        std::fs::write(staging.join("summary.zh.md"), write::summary_to_write(true))?;
        std::fs::rename(&staging, &dir)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_dir_all(&staging);
        Refusal(format!("cannot write {}: {e}", dir.display()))
    })
}

/// `--propose-mapping`: a framework and a mapping from the EPPI-Reviewer
/// exports' code sets, written beside content/ for the owner to edit.
fn propose_from(
    options: &ImportOptions,
    trees: &[super::eppi::CodeTree],
    report: &mut ImportReport,
) -> Result<(), Refusal> {
    if trees.is_empty() {
        return Err(Refusal(
            "--propose-mapping reads the code sets of EPPI-Reviewer JSON exports; none was given"
                .into(),
        ));
    }
    for (i, tree) in trees.iter().enumerate() {
        let (taxonomies, mapping) = propose::propose(tree);
        let suffix = if trees.len() > 1 {
            format!("-{}", i + 1)
        } else {
            String::new()
        };
        for (name, text) in [
            (format!("taxonomies.proposed{suffix}.yaml"), taxonomies),
            (format!("import-mapping{suffix}.yaml"), mapping),
        ] {
            let path = options.root.join(name);
            if !options.dry_run {
                std::fs::write(&path, text)
                    .map_err(|e| Refusal(format!("cannot write {}: {e}", path.display())))?;
            }
            report.proposed.push(path);
        }
    }
    Ok(())
}

/// The line that ends an import: records read, studies written, updated
/// nothing, duplicates, refused; terms mapped and what was not.
pub fn summary(report: &ImportReport, dry_run: bool) -> String {
    if !report.proposed.is_empty() {
        let files: Vec<String> = report
            .proposed
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return format!(
            "{} {}: edit them, move the vocabularies into content/taxonomies.yaml, then run gapmap import again with --mapping",
            if dry_run { "would write" } else { "wrote" },
            files.join(" and ")
        );
    }
    let written = if dry_run { "would write" } else { "wrote" };
    let mut line = format!(
        "read {} records: {written} {} {} (drafts until they have their summaries and terms), {} updated, {} already in the map, {} {}, {} refused; {} terms mapped",
        report.read,
        report.written.len(),
        if report.written.len() == 1 {
            "study"
        } else {
            "studies"
        },
        report.updated,
        report.existing,
        report.duplicates,
        if report.duplicates == 1 {
            "duplicate"
        } else {
            "duplicates"
        },
        report.refused,
        report.mapped,
    );
    if !report.unmapped.is_empty() {
        const LISTED: usize = 12;
        let mut unmapped: Vec<(&String, &usize)> = report.unmapped.iter().collect();
        unmapped.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let listed: Vec<String> = unmapped
            .iter()
            .take(LISTED)
            .map(|(code, n)| format!("{code} ({n})"))
            .collect();
        let more = unmapped.len().saturating_sub(LISTED);
        line.push_str(&format!(
            ", {} codes and keywords unmapped: {}{}",
            unmapped.len(),
            listed.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    line
}
