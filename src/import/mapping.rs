//! The mapping file of `gapmap import --mapping FILE`, in YAML: under
//! `codes:`, each code (an EPPI-Reviewer `AttributeId`, a CSV's
//! `column=value`) and the term it becomes, `"10452": <vocabulary>/<slug>`;
//! under `keywords:`, each keyword (matched ignoring case) and its term;
//! under `ignore:`, a list of the codes and keywords known and deliberately
//! left out. Every term is checked against the declared vocabularies and
//! terms, at its line and column, with the nearest one suggested.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use crate::content::Taxonomies;
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::validate::suggest;
use crate::yaml::{self, Node, Value};

#[path = "mapping_apply.rs"]
mod apply;

pub use apply::Applied;

/// The sections a mapping file may have.
pub const SECTIONS: &[&str] = &["codes", "keywords", "ignore"];

/// A mapping file, read and checked: each code and keyword (keywords in
/// lowercase) to its `(vocabulary key, term slug)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub codes: BTreeMap<String, (String, String)>,
    pub keywords: BTreeMap<String, (String, String)>,
    pub ignore: BTreeSet<String>,
}

/// Reads and checks a mapping file; `None` after reporting an error.
pub fn read(
    file: &str,
    text: &str,
    taxonomies: &Taxonomies,
    diags: &mut Diagnostics,
) -> Option<Mapping> {
    diags.add_source(file, Arc::from(text));
    let root = match yaml::parse(file, text) {
        Ok(root) => root,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut r = Reader {
        file,
        text,
        lines: LineIndex::new(text),
        taxonomies,
        errors: 0,
        diags,
    };
    let mut mapping = Mapping::default();
    let mut ignored_at: Vec<(String, Range<usize>)> = Vec::new();
    match &root.value {
        Value::Null => {}
        Value::Map(entries) => {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for (key, value) in entries {
                let name = r.scalar(key).unwrap_or_default();
                if let Some(first) = seen.insert(name.clone(), key.span.start) {
                    let line = r.lines.line_column(text, first).0;
                    r.error(
                        key.span.clone(),
                        format!("`{name}` is written twice"),
                        format!("keep one `{name}:` section (the first is on line {line})"),
                    );
                    continue;
                }
                match name.as_str() {
                    "codes" => r.targets(value, "codes", &mut mapping.codes),
                    "keywords" => r.targets(value, "keywords", &mut mapping.keywords),
                    "ignore" => r.ignore(value, &mut mapping.ignore, &mut ignored_at),
                    _ => {
                        let help = match suggest(&name, SECTIONS.iter().copied()) {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => "a mapping file has `codes:`, `keywords:` and `ignore:`".into(),
                        };
                        r.error(
                            key.span.clone(),
                            format!("unknown section `{name}` in a mapping file"),
                            help,
                        );
                    }
                }
            }
        }
        other => r.error(
            root.span.clone(),
            format!(
                "a mapping file must be `codes:`, `keywords:` and `ignore:` sections, found {}",
                other.kind()
            ),
            "gapmap import --propose-mapping writes one to start from".into(),
        ),
    }
    for (entry, span) in ignored_at {
        let lower = entry.to_lowercase();
        if mapping.codes.contains_key(&entry) || mapping.keywords.contains_key(&lower) {
            let d = Diagnostic::warning(file, format!("`{entry}` is both mapped and ignored"))
                .at_indexed(&r.lines, text, span)
                .with_help("the mapping wins: remove it from `ignore` or from the mapping");
            r.diags.push(d);
        }
    }
    (r.errors == 0).then_some(mapping)
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    lines: LineIndex,
    taxonomies: &'a Taxonomies,
    errors: usize,
    diags: &'a mut Diagnostics,
}

impl Reader<'_> {
    fn error(&mut self, span: Range<usize>, message: String, help: String) {
        self.errors += 1;
        let d = Diagnostic::error(self.file, message)
            .at_indexed(&self.lines, self.text, span)
            .with_help(help);
        self.diags.push(d);
    }

    /// A scalar as text: numbers and `yes` as written (`10452:` unquoted).
    fn scalar(&self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.trim().to_string()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                let raw = self.text.get(node.span.clone())?.trim();
                Some(unquote(raw).to_string())
            }
            _ => None,
        }
    }

    /// `codes:` or `keywords:`, each `key: vocabulary/slug`.
    fn targets(
        &mut self,
        node: &Node,
        section: &str,
        into: &mut BTreeMap<String, (String, String)>,
    ) {
        let entries = match &node.value {
            Value::Null => return,
            Value::Map(entries) => entries,
            other => {
                let what = if section == "codes" {
                    "code"
                } else {
                    "keyword"
                };
                self.error(
                    node.span.clone(),
                    format!(
                        "`{section}` must be `{what}: vocabulary/slug` lines, found {}",
                        other.kind()
                    ),
                    format!("write each {what} on its own line under `{section}:`"),
                );
                return;
            }
        };
        let mut first_at: BTreeMap<String, usize> = BTreeMap::new();
        for (key, value) in entries {
            let Some(mut name) = self.scalar(key).filter(|k| !k.is_empty()) else {
                self.error(
                    key.span.clone(),
                    format!(
                        "a key of `{section}` must be text, found {}",
                        key.value.kind()
                    ),
                    "quote it: `\"10452\": vocabulary/slug`".into(),
                );
                continue;
            };
            if section == "keywords" {
                name = name.to_lowercase();
            }
            if let Some(first) = first_at.insert(name.clone(), key.span.start) {
                let line = self.lines.line_column(self.text, first).0;
                self.error(
                    key.span.clone(),
                    format!("`{name}` is mapped twice in `{section}`"),
                    format!(
                        "keep one (the first is on line {line}); keywords are matched ignoring case"
                    ),
                );
                continue;
            }
            if let Some(target) = self.target(value, &name) {
                into.insert(name, target);
            }
        }
    }

    /// `vocabulary/slug`, a declared term.
    /// A term of the site's own, written as a mapping names it: the first
    /// vocabulary's first term.
    fn example(&self) -> String {
        self.taxonomies
            .vocabularies
            .iter()
            .find_map(|v| Some(format!("{}/{}", v.key, v.terms.first()?.slug)))
            .unwrap_or_else(|| "vocabulary/slug".to_string())
    }

    fn target(&mut self, node: &Node, key: &str) -> Option<(String, String)> {
        let value = match &node.value {
            Value::Str(s) => s.trim().to_string(),
            Value::Null => {
                self.error(
                    node.span.clone(),
                    format!("`{key}` is mapped to nothing"),
                    "write `vocabulary/slug` after it, or list it under `ignore:`".into(),
                );
                return None;
            }
            other => {
                self.error(
                    node.span.clone(),
                    format!(
                        "`{key}` must map to `vocabulary/slug`, found {}",
                        other.kind()
                    ),
                    format!(
                        "write the term as `vocabulary/slug`, e.g. `{}`",
                        self.example()
                    ),
                );
                return None;
            }
        };
        let (vocabulary_span, slug_span) = self.parts(node, &value);
        let Some((vocabulary, slug)) = value.split_once('/') else {
            let having: Vec<&str> = self
                .taxonomies
                .vocabularies
                .iter()
                .filter(|v| v.terms.iter().any(|t| t.slug == value))
                .map(|v| v.key.as_str())
                .collect();
            let help = match having.first() {
                Some(key) => format!("did you mean `{key}/{value}`?"),
                None => format!(
                    "write the term as `vocabulary/slug`, e.g. `{}`",
                    self.example()
                ),
            };
            self.error(
                node.span.clone(),
                format!("`{value}` names no vocabulary: a term is `vocabulary/slug`"),
                help,
            );
            return None;
        };
        let (vocabulary, slug) = (vocabulary.trim(), slug.trim());
        let Some(v) = self.taxonomies.by_key(vocabulary) else {
            let keys: Vec<&str> = self
                .taxonomies
                .vocabularies
                .iter()
                .map(|v| v.key.as_str())
                .collect();
            let help = match suggest(vocabulary, keys.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if keys.is_empty() => "content/taxonomies.yaml declares none".into(),
                None => format!("the vocabularies are: {}", keys.join(", ")),
            };
            self.error(
                vocabulary_span,
                format!("unknown vocabulary `{vocabulary}`"),
                help,
            );
            return None;
        };
        let def = &self.taxonomies[v];
        if def.terms.iter().any(|t| t.slug == slug) {
            return Some((def.key.clone(), slug.to_string()));
        }
        let slugs = def.terms.iter().map(|t| t.slug.as_str());
        let help = match suggest(slug, slugs.clone()) {
            Some(near) => format!("did you mean `{}/{near}`?", def.key),
            None => {
                let shown: Vec<&str> = slugs.clone().take(12).collect();
                let more = def.terms.len().saturating_sub(shown.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!("the terms of `{}` are: {}{more}", def.key, shown.join(", "))
            }
        };
        self.error(
            slug_span,
            format!("unknown {} `{slug}`", def.singular.en),
            help,
        );
        None
    }

    /// The spans of the vocabulary and of the slug inside a value written
    /// as is (or in quotes without escapes); the whole value otherwise.
    fn parts(&self, node: &Node, value: &str) -> (Range<usize>, Range<usize>) {
        let whole = (node.span.clone(), node.span.clone());
        let Some(raw) = self.text.get(node.span.clone()) else {
            return whole;
        };
        let Some(at) = raw.find(value) else {
            return whole;
        };
        let start = node.span.start + at;
        match value.find('/') {
            Some(slash) => (start..start + slash, start + slash + 1..start + value.len()),
            None => whole,
        }
    }

    /// `ignore:`, a list of codes and keywords.
    fn ignore(
        &mut self,
        node: &Node,
        into: &mut BTreeSet<String>,
        at: &mut Vec<(String, Range<usize>)>,
    ) {
        let items: Vec<&Node> = match &node.value {
            Value::Null => return,
            Value::Seq(items) => items.iter().collect(),
            Value::Str(_) | Value::Int(_) => vec![node],
            other => {
                self.error(
                    node.span.clone(),
                    format!("`ignore` must be a list, found {}", other.kind()),
                    "write each code or keyword on its own `- ` line".into(),
                );
                return;
            }
        };
        for item in items {
            match self.scalar(item).filter(|s| !s.is_empty()) {
                Some(entry) => {
                    into.insert(entry.clone());
                    at.push((entry, item.span.clone()));
                }
                None => self.error(
                    item.span.clone(),
                    format!(
                        "`ignore` lists codes and keywords, found {}",
                        item.value.kind()
                    ),
                    "write each code or keyword on its own `- ` line".into(),
                ),
            }
        }
    }
}

fn unquote(raw: &str) -> &str {
    raw.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(raw)
}

#[cfg(test)]
#[path = "mapping_tests.rs"]
pub(crate) mod tests;
