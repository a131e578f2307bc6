//! EPPI-Reviewer's JSON export: `CodeSets` (the coding tools, each a tree
//! of attributes) and `References` (the coded items). Each reference
//! becomes a [`Record`] whose codes are the attribute ids applied to it;
//! the code sets become a [`CodeTree`] from which a framework can be
//! proposed. Exports vary between versions, so every field is optional,
//! ids and years are read whether written as numbers or as text, and
//! fields gapmap does not use are ignored. The reviewers' names and remarks
//! (`CreatedBy`, `EditedBy`, `Comments`) go to [`Record::internal`] and
//! nowhere else.

use serde::{Deserialize, Deserializer};

use super::record::{Position, Read, Record, Refused};
use crate::content::AuthorName;

/// The code sets of an export, with their attribute trees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeTree {
    pub sets: Vec<CodeSet>,
}

/// One coding tool (`SetName`, `SetId`) and its top-level attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeSet {
    pub id: Option<String>,
    pub name: String,
    pub attributes: Vec<Attribute>,
}

/// One code (`AttributeId`, `AttributeName`, `AttributeType`) and the
/// codes below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribute {
    pub id: Option<String>,
    pub name: String,
    pub kind: Option<String>,
    pub children: Vec<Attribute>,
}

/// Reads one export. Invalid JSON, or JSON that is not an export, is one
/// refusal at the line and column serde_json names; otherwise each
/// reference is a record or a refusal of its own.
pub fn read(file: &str, text: &str) -> (Read, CodeTree) {
    let mut read = Read::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at_line = |line: Option<usize>| Position {
        file: file.to_string(),
        line,
        index: None,
        source_id: None,
    };
    if !text.trim_start().starts_with('{') {
        read.refused.push(Refused {
            at: at_line(None),
            reason: "not an EPPI-Reviewer export: the file should be a JSON object with \
                     `CodeSets` and `References`"
                .into(),
        });
        return (read, CodeTree::default());
    }
    let export: Export = match serde_json::from_str(text) {
        Ok(export) => export,
        Err(e) => {
            let line = (e.line() > 0).then_some(e.line());
            read.refused.push(Refused {
                at: at_line(line),
                reason: format!("not a readable EPPI-Reviewer export: {e}"),
            });
            return (read, CodeTree::default());
        }
    };
    for (index, reference) in export.references.into_iter().enumerate() {
        let item_id = reference
            .get("ItemId")
            .and_then(|v| Lenient::from_value(v.clone()).0);
        let at = Position {
            file: file.to_string(),
            line: None,
            index: Some(index),
            source_id: item_id.map(|id| format!("ItemId {id}")),
        };
        if !reference.is_object() {
            read.refused.push(Refused {
                at,
                reason: format!(
                    "a reference should be a JSON object, found {}",
                    kind(&reference)
                ),
            });
            continue;
        }
        match serde_json::from_value::<Reference>(reference) {
            Ok(r) => match record(r) {
                Ok(record) => read.records.push((at, record)),
                Err(reason) => read.refused.push(Refused { at, reason }),
            },
            Err(e) => read.refused.push(Refused {
                at,
                reason: format!("unreadable reference: {e}"),
            }),
        }
    }
    let tree = CodeTree {
        sets: export.code_sets.into_iter().map(code_set).collect(),
    };
    (read, tree)
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "text",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Export {
    #[serde(rename = "CodeSets", deserialize_with = "list")]
    code_sets: Vec<SetJson>,
    #[serde(rename = "References", deserialize_with = "list")]
    references: Vec<serde_json::Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SetJson {
    #[serde(rename = "SetId")]
    id: Lenient,
    #[serde(rename = "SetName")]
    name: Lenient,
    #[serde(rename = "Attributes")]
    attributes: Option<AttributesJson>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AttributesJson {
    #[serde(rename = "AttributesList", deserialize_with = "list")]
    list: Vec<AttributeJson>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AttributeJson {
    #[serde(rename = "AttributeId")]
    id: Lenient,
    #[serde(rename = "AttributeName")]
    name: Lenient,
    #[serde(rename = "AttributeType")]
    kind: Lenient,
    #[serde(rename = "Attributes")]
    attributes: Option<AttributesJson>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Reference {
    #[serde(rename = "Title")]
    title: Lenient,
    #[serde(rename = "ParentTitle")]
    parent_title: Lenient,
    #[serde(rename = "Authors")]
    authors: Lenient,
    #[serde(rename = "Year")]
    year: Lenient,
    #[serde(rename = "Volume")]
    volume: Lenient,
    #[serde(rename = "Issue")]
    issue: Lenient,
    #[serde(rename = "Pages")]
    pages: Lenient,
    #[serde(rename = "DOI")]
    doi: Lenient,
    #[serde(rename = "URL")]
    url: Lenient,
    #[serde(rename = "Abstract")]
    abstract_text: Lenient,
    #[serde(rename = "Keywords")]
    keywords: Lenient,
    #[serde(rename = "TypeName")]
    type_name: Lenient,
    #[serde(rename = "Codes", deserialize_with = "list")]
    codes: Vec<CodeJson>,
    #[serde(rename = "CreatedBy")]
    created_by: Lenient,
    #[serde(rename = "EditedBy")]
    edited_by: Lenient,
    #[serde(rename = "Comments")]
    comments: Lenient,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CodeJson {
    #[serde(rename = "AttributeId")]
    id: Lenient,
}

/// A scalar read as trimmed text whatever its JSON type (`"2019"` and
/// `2019` alike); null, empty text, lists and objects read as absent.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
struct Lenient(Option<String>);

impl Lenient {
    fn from_value(value: serde_json::Value) -> Lenient {
        use serde_json::Value as J;
        let text = match value {
            J::String(s) => s.trim().to_string(),
            J::Number(n) => n.to_string(),
            J::Bool(b) => b.to_string(),
            J::Null | J::Array(_) | J::Object(_) => String::new(),
        };
        Lenient((!text.is_empty()).then_some(text))
    }
}

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d).map(Lenient::from_value)
    }
}

/// A list that may be written `null` or left out.
fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
}

fn code_set(set: SetJson) -> CodeSet {
    let id = set.id.0;
    let name = set.name.0.unwrap_or_else(|| match &id {
        Some(id) => format!("Code set {id}"),
        None => "Code set".into(),
    });
    CodeSet {
        id,
        name,
        attributes: attributes(set.attributes),
    }
}

fn attributes(list: Option<AttributesJson>) -> Vec<Attribute> {
    list.map_or_else(Vec::new, |a| a.list.into_iter().map(attribute).collect())
}

fn attribute(a: AttributeJson) -> Attribute {
    let id = a.id.0;
    let name = a.name.0.unwrap_or_else(|| match &id {
        Some(id) => format!("Code {id}"),
        None => "Code".into(),
    });
    Attribute {
        id,
        name,
        kind: a.kind.0,
        children: attributes(a.attributes),
    }
}

fn record(r: Reference) -> Result<Record, String> {
    let Some(title) = r.title.0 else {
        return Err("the reference has no `Title`".into());
    };
    let mut internal: Vec<String> = Vec::new();
    for text in [r.created_by.0, r.edited_by.0, r.comments.0]
        .into_iter()
        .flatten()
    {
        if !internal.contains(&text) {
            internal.push(text);
        }
    }
    let mut codes: Vec<String> = Vec::new();
    for code in r.codes {
        if let Some(id) = code.id.0
            && !codes.contains(&id)
        {
            codes.push(id);
        }
    }
    Ok(Record {
        title: Some(title),
        authors: r.authors.0.as_deref().map(authors).unwrap_or_default(),
        year: r.year.0.as_deref().and_then(year),
        journal: r.parent_title.0,
        volume: r.volume.0,
        issue: r.issue.0,
        pages: r.pages.0,
        doi: r.doi.0.as_deref().and_then(bare_doi),
        url: r.url.0,
        abstract_text: r.abstract_text.0,
        keywords: r.keywords.0.as_deref().map(keywords).unwrap_or_default(),
        codes,
        internal,
        kind: r.type_name.0,
    })
}

/// `Family Given ; Family Given ; ` (given names often initials), or
/// `Family, G.` per author.
pub fn authors(text: &str) -> Vec<AuthorName> {
    text.split(';').filter_map(author).collect()
}

fn author(text: &str) -> Option<AuthorName> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let name = |family: &str, given: &str| AuthorName {
        family: family.trim().to_string(),
        given: Some(given.trim().to_string()).filter(|g| !g.is_empty()),
        id: None,
    };
    if let Some((family, given)) = text.split_once(',')
        && !family.trim().is_empty()
    {
        return Some(name(family, given));
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    // `van der Berg J A`: the initials at the end are the given names.
    let initials = words.iter().rev().take_while(|w| is_initials(w)).count();
    // `van der Berg Johan`: the particles in lowercase belong to the
    // family name that follows them.
    let particles = words
        .iter()
        .take_while(|w| w.starts_with(char::is_lowercase))
        .count();
    let family_words = if initials > 0 && initials < words.len() {
        words.len() - initials
    } else {
        (particles + 1).min(words.len())
    };
    Some(name(
        &words[..family_words].join(" "),
        &words[family_words..].join(" "),
    ))
}

/// `J`, `J.`, `JA`, `J.-P.`: capitals with dots and hyphens, up to three
/// letters.
fn is_initials(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (1..=3).contains(&letters)
        && word
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-')
}

/// The year: the first four digits in a row (`2019`, `2019a`, `c2019`).
fn year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    bytes
        .windows(4)
        .position(|w| w.iter().all(u8::is_ascii_digit))
        .and_then(|start| text.get(start..start + 4))
        .and_then(|y| y.parse().ok())
}

/// A DOI without `https://doi.org/` or `doi:` in front.
fn bare_doi(text: &str) -> Option<String> {
    let mut doi = text.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "doi:",
    ] {
        if doi.len() >= prefix.len()
            && doi.is_char_boundary(prefix.len())
            && doi[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            doi = doi[prefix.len()..].trim();
            break;
        }
    }
    (!doi.is_empty()).then(|| doi.to_string())
}

/// Keywords, one per line.
fn keywords(text: &str) -> Vec<String> {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
#[path = "eppi_tests.rs"]
mod tests;
