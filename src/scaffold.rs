//! `gapmap new`: a study folder with every field commented, so a first-time
//! contributor fills in blanks instead of learning the format first. A fresh
//! scaffold fails `gapmap check` with the list of what is still to fill.

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::Taxonomies;
use crate::validate::is_slug;
use crate::validate::{DOI_FORM, DOI_PREFIXES, is_doi};

const STUDY_YAML: &str = r#"# yaml-language-server: $schema=../../../schema/study.schema.json
# A study of the evidence map. Every field is explained in CONTRIBUTING.md.
# The terms of each vocabulary are the slugs defined in
# content/taxonomies.yaml (each line below lists them).
title:
  en: ""            # the article's title
  zh: ""            # its Chinese translation
authors: []         # keep [] only if the source names none; else delete the [] and add one line per author below: `  - {family: Chu, given: Wendy}`
# year: 2025
# journal: ""
# volume: ""
# issue: ""
# pages: ""
# doi: "10.xxxx/xxxxx"   # bare DOI, without https://doi.org/
# url: ""
{kinds}methods:
  en: ""            # one or two sentences: how data were collected and analysed
  zh: ""
# sample_size: 0    # number of participants
# sample:
#   en: ""          # who took part
#   zh: ""
{about}# publication_date: "2025-06-30"
status: completed   # completed or ongoing
# open_access: true
date_added: "{today}"
date_updated: "{today}"
# internal_notes: ""   # for reviewers only; never published
"#;

const SUMMARY_EN: &str = "## Background\n\n\n## Methods\n\n\n## Findings\n\n\n## Implications\n\n";
const SUMMARY_ZH: &str = "## 背景\n\n\n## 方法\n\n\n## 结果\n\n\n## 启示\n\n";

/// Reads a DOI given on the command line: a bare DOI or a doi.org link.
fn bare_doi(doi: &str) -> Result<String, String> {
    let trimmed = doi.trim();
    let bare = DOI_PREFIXES
        .iter()
        .find_map(|p| trimmed.strip_prefix(p))
        .unwrap_or(trimmed);
    if is_doi(bare) {
        Ok(bare.to_string())
    } else {
        Err(format!("--doi `{doi}` is not a DOI: {DOI_FORM}"))
    }
}

/// How many of a vocabulary's terms its line in a new study.yaml lists.
const TERMS_LISTED: usize = 12;

/// One line per vocabulary of `multiple` kind: the field, empty, and a
/// comment listing the terms to choose from.
fn vocabulary_lines(taxonomies: &Taxonomies, multiple: bool) -> String {
    let mut out = String::new();
    for v in taxonomies
        .vocabularies
        .iter()
        .filter(|v| v.multiple == multiple)
    {
        let slugs: Vec<&str> = v
            .terms
            .iter()
            .take(TERMS_LISTED)
            .map(|t| t.slug.as_str())
            .collect();
        let more = if v.terms.len() > TERMS_LISTED {
            format!(" … ({} in all)", v.terms.len())
        } else {
            String::new()
        };
        let (value, what) = if multiple {
            ("[]", v.name.en.to_lowercase())
        } else {
            ("\"\"", format!("one {}", v.singular.en))
        };
        let field = format!("{}: {value}", v.field);
        let optional = if v.required { "" } else { " (optional)" };
        out.push_str(&format!(
            "{field:<20}# {what}{optional}: {}{more}\n",
            slugs.join(", ")
        ));
    }
    out
}

/// The study.yaml of a new study: every field commented, a line per
/// vocabulary listing its terms, the DOI filled in when one was given.
fn study_yaml(today: &str, doi: Option<&str>, taxonomies: &Taxonomies) -> String {
    let yaml = STUDY_YAML
        .replace("{today}", today)
        .replace("{kinds}", &vocabulary_lines(taxonomies, false))
        .replace("{about}", &vocabulary_lines(taxonomies, true));
    match doi {
        // A DOI is plain ASCII without spaces or quotes, so it sits safely in
        // a double-quoted YAML string.
        Some(doi) => yaml.replace(
            "# doi: \"10.xxxx/xxxxx\"   # bare DOI, without https://doi.org/",
            &format!(
                "doi: \"{}\"",
                doi.replace('\\', "\\\\").replace('"', "\\\"")
            ),
        ),
        None => yaml,
    }
}

pub fn new_study(root: &Path, id: &str, doi: Option<&str>) -> Result<PathBuf, String> {
    if !is_slug(id) {
        return Err(format!(
            "`{id}` is not a valid study id: use lowercase letters, digits and hyphens, e.g. `{}`",
            slug::slugify(id)
        ));
    }
    let studies = root.join("content").join("studies");
    if !root.join("content").is_dir() {
        return Err(format!(
            "no content folder at {}: run gapmap from a site's root or pass --root DIR",
            root.join("content").display()
        ));
    }
    let doi = doi.map(bare_doi).transpose()?;
    let taxonomies = read_taxonomies(root)?;
    let dir = studies.join(id);
    if dir.exists() {
        return Err(format!("{} already exists", dir.display()));
    }
    let today = crate::dates::iso_date(crate::dates::now_epoch());
    let write = || -> std::io::Result<()> {
        fs::create_dir_all(&dir)?;
        fs::write(
            dir.join("study.yaml"),
            study_yaml(&today, doi.as_deref(), &taxonomies),
        )?;
        fs::write(dir.join("summary.en.md"), SUMMARY_EN)?;
        fs::write(dir.join("summary.zh.md"), SUMMARY_ZH)
    };
    write().map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// The site's vocabularies, for the lines that list their terms.
fn read_taxonomies(root: &Path) -> Result<Taxonomies, String> {
    let mut diags = crate::diagnostics::Diagnostics::default();
    let raw = crate::load::load_content(root, &mut diags).map_err(|e| e.0)?;
    crate::validate::taxonomies_of(&raw, &mut diags).ok_or_else(|| {
        "content/taxonomies.yaml cannot be read, so a new study cannot list its terms: run `gapmap check` to see why".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 20: the comment said `e.g. - {family: …}` beside a `[]`, and
    /// contributors kept the `[]` above the items they added, which YAML
    /// cannot read. Done as the comment says, the file reads.
    #[test]
    fn the_authors_comment_leads_to_a_readable_file() {
        let yaml = study_yaml("2026-01-10", None, &Taxonomies::default());
        let line = yaml
            .lines()
            .find(|l| l.starts_with("authors:"))
            .unwrap_or_default();
        assert!(line.contains("delete the []"), "{line}");
        let item = line.split('`').nth(1).unwrap_or_default();
        let filled = yaml.replace(line, &format!("authors:\n{item}"));
        let root = crate::yaml::parse("study.yaml", &filled).unwrap();
        let crate::yaml::Value::Map(entries) = root.value else {
            panic!("not a mapping")
        };
        let authors = entries
            .iter()
            .find(|(k, _)| k.value == crate::yaml::Value::Str("authors".into()));
        assert!(
            matches!(authors, Some((_, v)) if matches!(&v.value, crate::yaml::Value::Seq(items) if items.len() == 1)),
            "{filled}"
        );
    }
}
