//! `gapmap import --propose-mapping export.json`: a framework drafted from
//! an EPPI-Reviewer export's code sets, for the map's owner to edit. Each
//! code set becomes a vocabulary (docs/framework.md's format), its
//! attribute tree the vocabulary's terms with their parents, and a mapping
//! file sends every `AttributeId` to the term proposed for it. Names are
//! English only: the Chinese is a translator's, and `gapmap check` warns
//! until it is there.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::eppi::{Attribute, CodeTree};
use crate::validate::{RESERVED_KEYS, STUDY_FIELDS};

/// The longest slug proposed, in bytes: well under the limit of a folder
/// name, so the owner can lengthen it.
const MAX_SLUG: usize = 60;

const TAXONOMIES_HEADER: &str = "\
# Vocabularies proposed by `gapmap import --propose-mapping` from an
# EPPI-Reviewer export: one per code set, its codes as terms (a code's
# parent is the code above it). Edit before use: rename keys and slugs
# (the mapping file names them too), merge or drop terms, set `required`,
# add `nav`, `list` or `field` (docs/framework.md shows every field), and
# add the Chinese (`zh`) of every name, singular and label: until then
# `gapmap check` warns and the Chinese site shows the English. Then move
# the vocabularies into content/taxonomies.yaml.
";

const MAPPING_HEADER: &str = "\
# How the export's codes become terms, proposed by `gapmap import
# --propose-mapping` with the vocabularies beside it. Edit it with them:
# map a code to another term (`vocabulary/slug`), several codes to one
# term, or move a code under `ignore:` to leave it out; keywords can be
# mapped too (matched ignoring case). Then import with
# `gapmap import --mapping <this file> <export.json>`.
";

/// The text of a taxonomies.yaml fragment and of a mapping file.
pub fn propose(tree: &CodeTree) -> (String, String) {
    let mut taxonomies = String::from(TAXONOMIES_HEADER);
    let mut mapping = String::from(MAPPING_HEADER);
    taxonomies.push_str("vocabularies:");
    if tree.sets.is_empty() {
        taxonomies.push_str(" []");
    }
    taxonomies.push('\n');
    mapping.push_str("codes:\n");
    let mut keys = BTreeSet::new();
    let mut mapped = BTreeSet::new();
    for set in &tree.sets {
        let base = slug_of(&set.name, "codes");
        let base =
            if RESERVED_KEYS.contains(&base.as_str()) || STUDY_FIELDS.contains(&base.as_str()) {
                format!("{base}-codes")
            } else {
                base
            };
        let key = unique(&base, &mut keys);
        let name = one_line(&set.name);
        // The singular names its filter as a slug: it must differ from
        // every other vocabulary's, as the key does.
        let singular = if slug_of(&name, "") == key {
            lowercase_first(&name)
        } else {
            key.clone()
        };
        let _ = write!(
            taxonomies,
            "  - key: {key}\n    name: {{en: {}}}\n    singular: {{en: {}}}\n    multiple: true\n    required: false\n    terms:",
            quoted(&name),
            quoted(&singular),
        );
        let mut terms = Vec::new();
        let mut slugs = BTreeSet::new();
        collect(&set.attributes, None, &mut slugs, &mut terms, &[&name]);
        if terms.is_empty() {
            taxonomies.push_str(" []");
        }
        taxonomies.push('\n');
        for term in &terms {
            let _ = writeln!(
                taxonomies,
                "      - slug: {}\n        label: {{en: {}}}",
                term.slug,
                quoted(&term.label)
            );
            if let Some(parent) = &term.parent {
                let _ = writeln!(taxonomies, "        parent: {parent}");
            }
            if let Some(id) = &term.id
                && mapped.insert(id.clone())
            {
                let _ = writeln!(
                    mapping,
                    "  {}: {key}/{}   # {}",
                    quoted(id),
                    term.slug,
                    term.path
                );
            }
        }
    }
    mapping.push_str(
        "keywords:         # a keyword as the file writes it: vocabulary/slug\n\
         ignore:           # codes and keywords known and deliberately not mapped, one per `- ` line\n",
    );
    (taxonomies, mapping)
}

struct ProposedTerm {
    id: Option<String>,
    slug: String,
    label: String,
    parent: Option<String>,
    /// `Set > Parent > Code`, for the mapping file's comments.
    path: String,
}

/// The terms of an attribute tree, depth first, each before its children.
fn collect(
    attributes: &[Attribute],
    parent: Option<&str>,
    slugs: &mut BTreeSet<String>,
    out: &mut Vec<ProposedTerm>,
    path: &[&str],
) {
    for attribute in attributes {
        let label = one_line(&attribute.name);
        let fallback = attribute
            .id
            .as_deref()
            .map(|id| slug_of(id, ""))
            .filter(|id| !id.is_empty())
            .map_or_else(|| "code".to_string(), |id| format!("code-{id}"));
        let slug = unique(&slug_of(&label, &fallback), slugs);
        let mut here: Vec<&str> = path.to_vec();
        here.push(&label);
        out.push(ProposedTerm {
            id: attribute.id.clone(),
            slug: slug.clone(),
            label: label.clone(),
            parent: parent.map(str::to_string),
            path: here.join(" > "),
        });
        collect(&attribute.children, Some(&slug), slugs, out, &here);
    }
}

/// A name as a slug (lowercase letters, digits, single hyphens) of at
/// most [`MAX_SLUG`] bytes, or `fallback` when nothing of it is left.
fn slug_of(name: &str, fallback: &str) -> String {
    let mut slug = slug::slugify(name);
    if slug.len() > MAX_SLUG {
        let cut = slug[..MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

/// `Intervention` as a word in a sentence (`unknown intervention`), an
/// acronym (`RCT design`) as it is.
fn lowercase_first(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second) if !second.is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

/// `base`, or `base-2`, `base-3`… the first not yet in `taken`.
fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// The name on one line: runs of white space (line breaks too) as one
/// space, other control characters dropped.
fn one_line(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let line: String = words
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if line.is_empty() { "Code".into() } else { line }
}

/// A YAML double-quoted scalar: `"`, `\` and every character YAML does
/// not allow as is (controls, line and paragraph separators, format
/// characters) escaped.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
                )
                || ('\u{200B}'..='\u{200F}').contains(&c)
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2060}'..='\u{2069}').contains(&c) =>
            {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
#[path = "propose_tests.rs"]
mod tests;
