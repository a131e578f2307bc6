//! content/studies/<id>/: study.yaml and its two summaries.

use std::collections::HashSet;

use super::authors::read_authors;
use super::doi::check_doi;
use super::fields::{self, Ctx, Fields, is_slug, optional_localized};
use super::invisible;
use super::quality::read_quality;
use super::terms::Tags;
use crate::content::{
    Draft, Localized, MarkdownSource, SUMMARY_TO_BE_WRITTEN, Status, Study, Taxonomies,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::{RawStudy, SourceFile};
use crate::yaml::{self, Node};

/// study.yaml's own fields, in the order `gapmap new` writes them; each
/// declared vocabulary adds its field ([`study_fields`]).
pub const STUDY_FIELDS: &[&str] = &[
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "url",
    "methods",
    "sample_size",
    "sample",
    "publication_date",
    "status",
    "open_access",
    "keywords",
    "funding",
    "quality",
    "date_added",
    "date_updated",
    "internal_notes",
    "source_abstract",
    "imported_from",
];

/// Every field of a study.yaml in the order `gapmap new` writes them: a
/// vocabulary that takes one term after `url` (what kind of study), one
/// that takes several after `sample` (what it is about), each in declared
/// order.
pub fn study_fields(taxonomies: &Taxonomies) -> Vec<&str> {
    let fields_of = |multiple: bool| {
        taxonomies
            .vocabularies
            .iter()
            .filter(move |v| v.multiple == multiple)
            .map(|v| v.field.as_str())
    };
    let at = |name: &str| {
        STUDY_FIELDS
            .iter()
            .position(|f| *f == name)
            .map_or(0, |i| i + 1)
    };
    let (after_url, after_sample) = (at("url"), at("sample"));
    let mut out: Vec<&str> = STUDY_FIELDS[..after_url].to_vec();
    out.extend(fields_of(false));
    out.extend_from_slice(&STUDY_FIELDS[after_url..after_sample]);
    out.extend(fields_of(true));
    out.extend_from_slice(&STUDY_FIELDS[after_sample..]);
    out
}

/// What a study folder turned out to be.
pub enum Checked {
    Study(Box<Study>),
    /// An imported study still being coded: left out of the site.
    Draft(Draft),
}

/// Whether a study was moved in by `gapmap import` (its study.yaml says
/// where from): until it is complete it is a draft, not an error.
fn is_imported(raw: &RawStudy) -> bool {
    raw.yaml
        .as_ref()
        .is_some_and(|y| y.text.lines().any(|l| l.starts_with("imported_from:")))
}

pub fn study(
    raw: &RawStudy,
    taxonomies: &Taxonomies,
    check_slugs: bool,
    year_limit: i32,
    // Files that loading already reported on (unreadable, too large, not
    // UTF-8): their absence is not reported again.
    reported: &HashSet<&str>,
    diags: &mut Diagnostics,
) -> Option<Checked> {
    let imported = is_imported(raw);
    let mut ok = true;
    if !is_slug(&raw.id) {
        diags.push(
            Diagnostic::error(
                &raw.display,
                format!("study folder name `{}` is not a valid study id", raw.id),
            )
            .with_help(format!(
                "ids use lowercase letters, digits and hyphens only: rename the folder to `{}`",
                slug::slugify(&raw.id)
            )),
        );
        ok = false;
    } else if fields::name_too_long(&raw.id) {
        diags.push(
            Diagnostic::error(
                &raw.display,
                format!(
                    "study id `{}` is {} bytes long, over the limit of {}",
                    raw.id,
                    raw.id.len(),
                    fields::MAX_NAME_BYTES
                ),
            )
            .with_help(
                "it names the study's folder in the built site: rename the folder to a shorter id",
            ),
        );
        ok = false;
    }
    for (name, file) in [
        ("study.yaml", &raw.yaml),
        ("summary.en.md", &raw.summary_en),
    ] {
        if file.is_none() && !reported.contains(format!("{}/{name}", raw.display).as_str()) {
            diags.push(
                Diagnostic::error(format!("{}/{name}", raw.display), "required file is missing")
                    .with_help(format!("every study folder holds study.yaml, summary.en.md and summary.zh.md; `gapmap new {}` writes a template", raw.id)),
            );
            ok = false;
        }
    }
    // An imported study's summaries start as placeholders: still to be
    // written, not wrong.
    let mut unwritten: Vec<String> = Vec::new();
    let mut read_summary = |s: &SourceFile, diags: &mut Diagnostics| {
        if imported && s.text.contains(SUMMARY_TO_BE_WRITTEN) {
            let name = s.file.rsplit('/').next().unwrap_or("summary");
            unwritten.push(name.to_string());
            return None;
        }
        summary(s, diags)
    };
    let summary_en = raw.summary_en.as_ref().and_then(|s| read_summary(s, diags));
    let summary_zh = match &raw.summary_zh {
        Some(s) => read_summary(s, diags),
        None => {
            let file = format!("{}/summary.zh.md", raw.display);
            if !reported.contains(file.as_str()) {
                diags.push(
                    Diagnostic::warning(file, "no Chinese summary; the Chinese page will show the English summary marked as not yet translated")
                        .with_help("add summary.zh.md with the same four sections: 背景, 方法, 结果, 启示"),
                );
            }
            None
        }
    };

    let source = raw.yaml.as_ref()?;
    let node = match yaml::parse(&source.file, &source.text) {
        Ok(node) => node,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut ctx = Ctx::new(&source.file, &source.text);
    let mut tags = Tags::new(taxonomies, check_slugs);
    if imported {
        tags = tags.for_draft();
    }
    let study = read_study(&mut ctx, &node, raw, &tags, year_limit);
    let has_errors = ctx.diags.iter().any(|d| d.severity == Severity::Error);
    for d in ctx.diags {
        diags.push(d);
    }
    let mut study = study?;
    if has_errors || !ok {
        return None;
    }
    // What a draft lacks, in the order study.yaml has its fields, then the
    // summaries.
    let mut missing = tags.missing();
    let order = tags.field_order();
    missing.sort_by_key(|field| order.iter().position(|f| f == field));
    missing.extend(unwritten);
    if !missing.is_empty() {
        return Some(Checked::Draft(Draft {
            id: study.id,
            missing,
        }));
    }
    study.summary = Localized {
        en: summary_en?,
        zh: summary_zh,
    };
    Some(Checked::Study(Box::new(study)))
}

fn summary(source: &SourceFile, diags: &mut Diagnostics) -> Option<MarkdownSource> {
    // Headings alone (a fresh scaffold) are as empty as no text at all.
    let has_text = source
        .text
        .lines()
        .any(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    if !has_text {
        diags.push(
            Diagnostic::error(&source.file, "summary is empty").with_help(
                if source.file.ends_with(".zh.md") {
                    "write the four sections: ## 背景, ## 方法, ## 结果, ## 启示"
                } else {
                    "write the four sections: ## Background, ## Methods, ## Findings, ## Implications"
                },
            ),
        );
        return None;
    }
    Some(MarkdownSource {
        file: source.file.clone(),
        text: source.text.clone(),
    })
}

fn read_study(
    ctx: &mut Ctx,
    node: &Node,
    raw: &RawStudy,
    tags: &Tags,
    year_limit: i32,
) -> Option<Study> {
    let order = tags.field_order();
    let mut f = Fields::new(ctx, node, "study.yaml")?.in_order(&order);
    let title = f.required(ctx, "title", "{en: ..., zh: ...}");
    let authors = f.required(
        ctx,
        "authors",
        "[] (or a list of {family: ..., given: ...})",
    );
    let year = f.optional("year");
    let journal = f.optional("journal");
    let volume = f.optional("volume");
    let issue = f.optional("issue");
    let pages = f.optional("pages");
    let doi = f.optional("doi");
    let url = f.optional("url");
    // An imported study has no methods until someone writes them.
    let methods = if tags.is_draft() {
        let methods = f.optional("methods");
        if methods.is_none() {
            tags.note_missing("methods");
        }
        methods
    } else {
        f.required(ctx, "methods", "{en: ..., zh: ...}")
    };
    let sample_size = f.optional("sample_size");
    let sample = f.optional("sample");
    let taxonomies = tags.taxonomies();
    let vocabulary_nodes: Vec<Option<&Node>> = taxonomies
        .all()
        .map(|v| tags.field(ctx, &mut f, v))
        .collect();
    let publication_date = f.optional("publication_date");
    let status = f.optional("status");
    let open_access = f.optional("open_access");
    let keywords = f.optional("keywords");
    let funding = f.optional("funding");
    let quality = f.optional("quality");
    let date_added = f.required(ctx, "date_added", "\"2026-01-31\"");
    let date_updated = f.optional("date_updated");
    let internal_notes = f.optional("internal_notes");
    let imported_from = f.optional("imported_from");
    let source_abstract = f.optional("source_abstract");
    if tags.checking() {
        f.finish(ctx, &order);
    }

    let title = title.and_then(|n| {
        let title = fields::localized_text(ctx, n, "title")?;
        invisible::warn_localized(ctx, n, "title");
        Some(title)
    });
    let authors = authors.and_then(|n| read_authors(ctx, n));
    let year = match year {
        Some(n) => fields::integer(ctx, n, "year").and_then(|y| {
            if (1900..=i64::from(year_limit)).contains(&y) {
                Some(Some(y as i32))
            } else {
                ctx.error(
                    n.span.clone(),
                    format!("year {y} is out of range (1900 to {year_limit})"),
                    Some("give the year of publication, e.g. `year: 2021`".into()),
                );
                None
            }
        }),
        None => Some(None),
    };
    let opt_text = |ctx: &mut Ctx, n: Option<&Node>, field: &str| match n {
        Some(n) => fields::text(ctx, n, field).map(Some),
        None => Some(None),
    };
    let journal = opt_text(ctx, journal, "journal");
    let volume = opt_text(ctx, volume, "volume");
    let issue = opt_text(ctx, issue, "issue");
    let pages = opt_text(ctx, pages, "pages");
    let doi = match doi {
        Some(n) => fields::text(ctx, n, "doi").and_then(|d| check_doi(ctx, n, d).map(Some)),
        None => Some(None),
    };
    let url = match url {
        Some(n) => fields::text(ctx, n, "url").and_then(|u| {
            if u.starts_with("https://") || u.starts_with("http://") {
                Some(Some(u))
            } else {
                ctx.error(
                    n.span.clone(),
                    format!("`url` must start with https:// or http://: `{u}`"),
                    None,
                );
                None
            }
        }),
        None => Some(None),
    };
    let methods = match methods {
        Some(n) => fields::localized_text(ctx, n, "methods"),
        // Noted as missing above: the draft is left out until it has them.
        None if tags.is_draft() => Some(Localized::default()),
        None => None,
    };
    let sample_size = match sample_size {
        Some(n) => fields::integer(ctx, n, "sample_size").and_then(|s| {
            if s > 0 {
                Some(Some(s as u64))
            } else {
                ctx.error(
                    n.span.clone(),
                    "`sample_size` must be a positive number of participants",
                    None,
                );
                None
            }
        }),
        None => Some(None),
    };
    let sample = optional_localized(ctx, sample, "sample");
    let terms: Option<Vec<Vec<String>>> = taxonomies
        .all()
        .zip(vocabulary_nodes)
        .map(|(v, n)| tags.read_field(ctx, n, v))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let publication_date = match publication_date {
        Some(n) => fields::date(ctx, n, "publication_date", true).map(Some),
        None => Some(None),
    };
    let status = match status {
        Some(n) => fields::text(ctx, n, "status").and_then(|s| match s.as_str() {
            "completed" => Some(Status::Completed),
            "ongoing" => Some(Status::Ongoing),
            _ => {
                ctx.error(
                    n.span.clone(),
                    format!("unknown status `{s}`"),
                    Some("use `completed` or `ongoing`".into()),
                );
                None
            }
        }),
        None => Some(Status::Completed),
    };
    let open_access = match open_access {
        Some(n) => fields::boolean(ctx, n, "open_access").map(Some),
        None => Some(None),
    };
    let keywords = match keywords {
        Some(n) => fields::localized(ctx, n, "keywords", |ctx, n, f| {
            fields::text_list(ctx, n, f).map(|l| l.into_iter().map(|(t, _)| t).collect())
        })
        .map(Some),
        None => Some(None),
    };
    let funding = optional_localized(ctx, funding, "funding");
    let quality = match quality {
        Some(n) => read_quality(ctx, n).map(Some),
        None => Some(None),
    };
    let date_added = date_added.and_then(|n| fields::date(ctx, n, "date_added", false));
    let date_updated_node = date_updated;
    let date_updated = match date_updated {
        Some(n) => fields::date(ctx, n, "date_updated", false),
        None => date_added.clone(),
    };
    if let (Some(added), Some(updated)) = (&date_added, &date_updated)
        && updated < added
    {
        ctx.error(
            date_updated_node.map_or(f_span(node), |n| n.span.clone()),
            format!("`date_updated` ({updated}) is before `date_added` ({added})"),
            Some("a study is updated on or after the day it was added".into()),
        );
    }
    // Checked, then left here: reviewers' notes never enter the content.
    opt_text(ctx, internal_notes, "internal_notes")?;
    opt_text(ctx, imported_from, "imported_from")?;
    // The source's own words, kept for whoever writes the summary; the
    // site shows them only where site.yaml allows.
    let source_abstract = opt_text(ctx, source_abstract, "source_abstract")?;

    let study = Study {
        id: raw.id.clone(),
        dir: raw.dir.clone(),
        title: title?,
        authors: authors?,
        year: year?,
        journal: journal?,
        volume: volume?,
        issue: issue?,
        pages: pages?,
        doi: doi?,
        url: url?,
        methods: methods?,
        sample_size: sample_size?,
        sample: sample?,
        terms: terms?,
        publication_date: publication_date?,
        status: status?,
        open_access: open_access?,
        keywords: keywords?,
        funding: funding?,
        quality: quality?,
        source_abstract,
        date_added: date_added?,
        date_updated: date_updated?,
        summary: Localized {
            en: MarkdownSource {
                file: String::new(),
                text: "".into(),
            },
            zh: None,
        },
    };
    let mut missing = Vec::new();
    if study.authors.is_empty() {
        missing.push("authors");
    }
    if study.year.is_none() {
        missing.push("year");
    }
    if study.journal.is_none() {
        missing.push("journal");
    }
    if study.doi.is_none() {
        missing.push("DOI");
    }
    if !missing.is_empty() {
        ctx.note(
            f_span(node).start..f_span(node).start,
            format!("citation is incomplete: the source gives no {}", missing.join(", ")),
            Some("the site shows what is known and marks the citation as incomplete; add the missing parts if the source names them".into()),
        );
    }
    Some(study)
}

fn f_span(node: &Node) -> std::ops::Range<usize> {
    node.span.start..node.span.start
}
