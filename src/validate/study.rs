//! content/studies/<id>/: study.yaml and its two summaries.

use std::collections::{BTreeMap, HashSet};

use super::fields::{self, Ctx, Fields, is_slug, suggest};
use crate::content::{
    Answer, AuthorName, Criterion, Localized, MarkdownSource, Quality, Status, Study, Taxonomies,
    Vocabulary,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::{RawContent, RawStudy, SourceFile};
use crate::yaml::{self, Node};

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
    "design",
    "methods",
    "sample_size",
    "sample",
    "populations",
    "regions",
    "settings",
    "themes",
    "publication_date",
    "status",
    "open_access",
    "keywords",
    "funding",
    "quality",
    "date_added",
    "date_updated",
    "internal_notes",
];

pub fn study(
    raw: &RawStudy,
    taxonomies: &Taxonomies,
    check_slugs: bool,
    year_limit: i32,
    // Files that loading already reported on (unreadable, too large, not
    // UTF-8): their absence is not reported again.
    reported: &HashSet<&str>,
    diags: &mut Diagnostics,
) -> Option<Study> {
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
    let summary_en = raw.summary_en.as_ref().and_then(|s| summary(s, diags));
    let summary_zh = match &raw.summary_zh {
        Some(s) => summary(s, diags),
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
    let study = read_study(&mut ctx, &node, raw, taxonomies, check_slugs, year_limit);
    let has_errors = ctx.diags.iter().any(|d| d.severity == Severity::Error);
    for d in ctx.diags {
        diags.push(d);
    }
    let mut study = study?;
    if has_errors || !ok {
        return None;
    }
    study.summary = Localized {
        en: summary_en?,
        zh: summary_zh,
    };
    Some(study)
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
                "write the four sections: ## Background, ## Methods, ## Findings, ## Implications",
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
    taxonomies: &Taxonomies,
    check_slugs: bool,
    year_limit: i32,
) -> Option<Study> {
    let mut f = Fields::new(ctx, node, "study.yaml")?;
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
    let design = f.required(ctx, "design", "qualitative");
    let methods = f.required(ctx, "methods", "{en: ..., zh: ...}");
    let sample_size = f.optional("sample_size");
    let sample = f.optional("sample");
    let populations = f.required(ctx, "populations", "[adults]");
    let regions = f.required(ctx, "regions", "[united-states]");
    let settings = f.optional("settings");
    let themes = f.required(ctx, "themes", "[self-care]");
    let publication_date = f.optional("publication_date");
    let status = f.optional("status");
    let open_access = f.optional("open_access");
    let keywords = f.optional("keywords");
    let funding = f.optional("funding");
    let quality = f.optional("quality");
    let date_added = f.required(ctx, "date_added", "\"2026-01-31\"");
    let date_updated = f.optional("date_updated");
    let internal_notes = f.optional("internal_notes");
    f.finish(ctx, STUDY_FIELDS);

    let slugs = super::slug_index(taxonomies);
    let vocab = |ctx: &mut Ctx, node: Option<&Node>, v: Vocabulary, at_least_one: bool| {
        let node = node?;
        let field = if v == Vocabulary::Designs {
            "design"
        } else {
            v.key()
        };
        let items = fields::text_list(ctx, node, field)?;
        if at_least_one && items.is_empty() {
            ctx.error(
                node.span.clone(),
                format!("`{}` lists no {}", v.key(), v.singular()),
                Some(format!(
                    "give at least one; the {} are: {}",
                    v.key(),
                    slugs[&v].join(", ")
                )),
            );
            return None;
        }
        let mut out: Vec<String> = Vec::new();
        let mut ok = true;
        for (slug, span) in items {
            if check_slugs && !slugs[&v].contains(&slug.as_str()) {
                let help = match suggest(&slug, slugs[&v].iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "use a {} from content/taxonomies.yaml: {}",
                        v.singular(),
                        slugs[&v].join(", ")
                    ),
                };
                ctx.error(
                    span,
                    format!("unknown {} `{slug}`", v.singular()),
                    Some(help),
                );
                ok = false;
            } else if out.contains(&slug) {
                ctx.warning(
                    span,
                    format!("{} `{slug}` is listed twice", v.singular()),
                    None,
                );
            } else {
                out.push(slug);
            }
        }
        ok.then_some(out)
    };

    let title = title.and_then(|n| fields::localized_text(ctx, n, "title"));
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
    let design = design.and_then(|n| {
        let mut v = vocab(ctx, Some(n), Vocabulary::Designs, true)?;
        if v.len() > 1 {
            ctx.error(n.span.clone(), "`design` takes one design", None);
            return None;
        }
        v.pop()
    });
    let methods = methods.and_then(|n| fields::localized_text(ctx, n, "methods"));
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
    let populations = vocab(ctx, populations, Vocabulary::Populations, true);
    let regions = vocab(ctx, regions, Vocabulary::Regions, true);
    let settings = match settings {
        Some(n) => vocab(ctx, Some(n), Vocabulary::Settings, false),
        None => Some(Vec::new()),
    };
    let themes = vocab(ctx, themes, Vocabulary::Themes, true);
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
        design: design?,
        methods: methods?,
        sample_size: sample_size?,
        sample: sample?,
        populations: populations?,
        regions: regions?,
        settings: settings?,
        themes: themes?,
        publication_date: publication_date?,
        status: status?,
        open_access: open_access?,
        keywords: keywords?,
        funding: funding?,
        quality: quality?,
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

fn optional_localized(
    ctx: &mut Ctx,
    n: Option<&Node>,
    field: &str,
) -> Option<Option<Localized<String>>> {
    match n {
        Some(n) => fields::localized_text(ctx, n, field).map(Some),
        None => Some(None),
    }
}

fn read_authors(ctx: &mut Ctx, node: &Node) -> Option<Vec<AuthorName>> {
    let items = fields::list(ctx, node, "authors")?;
    let mut authors = Vec::new();
    let mut ok = true;
    for item in items {
        if let crate::yaml::Value::Str(s) = &item.value {
            ctx.error(
                item.span.clone(),
                format!("author `{s}` must be written as a family and a given name"),
                Some("write `- {family: Chu, given: Wendy}`".into()),
            );
            ok = false;
            continue;
        }
        let Some(mut f) = Fields::new(ctx, item, "an author") else {
            ok = false;
            continue;
        };
        let family = f.required(ctx, "family", "Chu");
        let given = f.optional("given");
        let id = f.optional("id");
        f.finish(ctx, &["family", "given", "id"]);
        let family = family.and_then(|n| fields::text(ctx, n, "family"));
        let given = given.map(|n| fields::text(ctx, n, "given"));
        let id = id.map(|n| {
            let s = fields::text(ctx, n, "id")?;
            if is_slug(&s) {
                Some(s)
            } else {
                ctx.error(
                    n.span.clone(),
                    format!("author id `{s}` must be lowercase letters, digits and hyphens"),
                    Some(format!("e.g. `{}`", slug::slugify(&s))),
                );
                None
            }
        });
        match (family, given, id) {
            (Some(family), Some(Some(given)), Some(Some(id))) => authors.push(AuthorName {
                family,
                given: Some(given),
                id: Some(id),
            }),
            (Some(family), given @ (None | Some(Some(_))), id @ (None | Some(Some(_)))) => authors
                .push(AuthorName {
                    family,
                    given: given.flatten(),
                    id: id.flatten(),
                }),
            _ => ok = false,
        }
    }
    ok.then_some(authors)
}

fn read_quality(ctx: &mut Ctx, node: &Node) -> Option<Quality> {
    let mut f = Fields::new(ctx, node, "quality")?;
    let tool = f.required(ctx, "tool", "MMAT 2018");
    let criteria = f.required(ctx, "criteria", "[{id: \"1.1\", answer: \"yes\"}]");
    let note = f.optional("note");
    f.finish(ctx, &["tool", "criteria", "note"]);
    let tool = tool.and_then(|n| fields::text(ctx, n, "tool"));
    let note = optional_localized(ctx, note, "note");
    let criteria = criteria.and_then(|n| {
        let mut out = Vec::new();
        let mut ok = true;
        for item in fields::list(ctx, n, "criteria")? {
            let Some(mut c) = Fields::new(ctx, item, "a quality criterion") else {
                ok = false;
                continue;
            };
            let id = c.required(ctx, "id", "\"1.1\"");
            let answer = c.required(ctx, "answer", "\"yes\"");
            c.finish(ctx, &["id", "answer"]);
            let id = id.and_then(|n| fields::text(ctx, n, "id"));
            let answer = answer.and_then(|n| match &n.value {
                crate::yaml::Value::Bool(true) => Some(Answer::Yes),
                crate::yaml::Value::Bool(false) => Some(Answer::No),
                _ => match fields::text(ctx, n, "answer")?.as_str() {
                    "yes" => Some(Answer::Yes),
                    "no" => Some(Answer::No),
                    "cant-tell" | "can't tell" => Some(Answer::CantTell),
                    other => {
                        ctx.error(
                            n.span.clone(),
                            format!("unknown answer `{other}`"),
                            Some("use \"yes\", \"no\" or \"cant-tell\"".into()),
                        );
                        None
                    }
                },
            });
            match (id, answer) {
                (Some(id), Some(answer)) => out.push(Criterion { id, answer }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    });
    Some(Quality {
        tool: tool?,
        criteria: criteria?,
        note: note?,
    })
}

/// A DOI is `10.<registrant>/<suffix>`, written bare.
fn check_doi(ctx: &mut Ctx, node: &Node, doi: String) -> Option<String> {
    for prefix in DOI_PREFIXES {
        if let Some(bare) = doi.strip_prefix(prefix) {
            ctx.error(
                node.span.clone(),
                format!("write the DOI without `{prefix}`"),
                Some(format!("`doi: \"{}\"`", bare.trim())),
            );
            return None;
        }
    }
    if is_doi(&doi) {
        Some(doi)
    } else {
        ctx.error(
            node.span.clone(),
            format!("malformed DOI `{doi}`"),
            Some(DOI_FORM.into()),
        );
        None
    }
}

/// How a DOI is written, for messages.
pub const DOI_FORM: &str =
    "a DOI looks like `10.1037/ort0000867`: 10., a registrant number, a slash, then the suffix";

/// Whether `doi` is a bare DOI: `10.<digits and dots>/<suffix without spaces>`.
pub fn is_doi(doi: &str) -> bool {
    doi.split_once('/').is_some_and(|(prefix, suffix)| {
        prefix
            .strip_prefix("10.")
            .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
            && !suffix.is_empty()
            && !suffix.chars().any(char::is_whitespace)
    })
}

/// The prefixes people paste before a DOI; study.yaml takes it bare.
pub const DOI_PREFIXES: [&str; 5] = [
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi:",
];

/// Problems only visible across studies: duplicate ids (folders that differ
/// only in case) and duplicate DOIs.
pub fn check_across_studies<'a>(
    studies: impl IntoIterator<Item = &'a Study>,
    raw: &RawContent,
    diags: &mut Diagnostics,
) {
    let mut ids: BTreeMap<String, &RawStudy> = BTreeMap::new();
    for study in &raw.studies {
        let key = study.id.to_lowercase();
        if let Some(first) = ids.get(&key) {
            diags.push(
                Diagnostic::error(
                    &study.display,
                    format!("duplicate study id `{key}`: also used by {}", first.display),
                )
                .with_help("each study needs its own folder name; rename one of them"),
            );
        } else {
            ids.insert(key, study);
        }
    }
    let mut dois: BTreeMap<String, &Study> = BTreeMap::new();
    for study in studies {
        let Some(doi) = &study.doi else { continue };
        let key = doi.to_lowercase();
        if let Some(first) = dois.get(&key) {
            let raw_study = raw.studies.iter().find(|r| r.id == study.id);
            let file = raw_study
                .and_then(|r| r.yaml.as_ref())
                .map(|s| s.file.clone())
                .unwrap_or_default();
            let mut d = Diagnostic::error(
                &file,
                format!(
                    "duplicate DOI `{doi}`: study `{}` has the same DOI",
                    first.id
                ),
            )
            .with_help("a study is entered once; merge the two folders or correct the DOI");
            if let Some(text) = raw_study.and_then(|r| r.yaml.as_ref()).map(|s| &s.text)
                && let Some(at) = text.find(doi.as_str())
            {
                d = d.at(text, at..at + doi.len());
            }
            diags.push(d);
        } else {
            dois.insert(key, study);
        }
    }
}
