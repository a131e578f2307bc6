//! `gapmap import --update`: a record that is already a study of the site
//! refreshes the citation fields it brings (title in English, authors,
//! year, journal, volume, issue, pages, DOI, URL) in that study's
//! study.yaml, and nothing else: its summaries, terms, dates, Chinese title
//! and notes stay as a person wrote them. Each field is replaced where it
//! stands, so the file's other lines and comments are kept.

use super::record::Record;
use super::write::quoted;
use crate::yaml::{Node, Value};

/// The study.yaml `text` with the citation fields `record` brings put in;
/// `None` when the file cannot be read as YAML (it is left alone and
/// reported) or nothing changes.
pub fn refreshed(file: &str, text: &str, record: &Record) -> Option<String> {
    let node = crate::yaml::parse(file, text).ok()?;
    let Value::Map(entries) = &node.value else {
        return None;
    };
    // (start, end, replacement) of each change, applied from the end.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut appended = String::new();
    let line_start = |at: usize| text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    // Where the top-level entry `i` ends: after the line its value ends on
    // (a comment below it is not the entry's).
    let entry_end = |i: usize| {
        let (key, value) = &entries[i];
        let last = value_end(value).max(key.span.end).min(text.len());
        text[last..]
            .find('\n')
            .map_or(text.len(), |at| last + at + 1)
    };
    let find = |key: &str| {
        entries
            .iter()
            .position(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
    };
    let mut set = |key: &str, block: String| match find(key) {
        Some(i) => edits.push((line_start(entries[i].0.span.start), entry_end(i), block)),
        None => appended.push_str(&block),
    };
    // What the file says now, as text: a field the record gives the same
    // value is left as it is written.
    let now = |key: &str| -> Option<String> {
        let (_, v) = &entries[find(key)?];
        match &v.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(n) => Some(n.to_string()),
            _ => text.get(v.span.clone()).map(|t| t.trim().to_string()),
        }
    };
    for (key, value) in [
        ("journal", &record.journal),
        ("volume", &record.volume),
        ("issue", &record.issue),
        ("pages", &record.pages),
        ("doi", &record.doi),
        ("url", &record.url),
    ] {
        if let Some(v) = value
            && now(key).as_deref() != Some(v.as_str())
        {
            set(key, format!("{key}: {}\n", quoted(v)));
        }
    }
    if let Some(year) = record.year
        && now("year") != Some(year.to_string())
    {
        set("year", format!("year: {year}\n"));
    }
    let authors_now: Option<Vec<(String, Option<String>)>> =
        find("authors").map(|i| match &entries[i].1.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    let Value::Map(fields) = &item.value else {
                        return None;
                    };
                    let get = |name: &str| {
                        fields.iter().find_map(|(k, v)| match (&k.value, &v.value) {
                            (Value::Str(k), Value::Str(v)) if k == name => Some(v.clone()),
                            _ => None,
                        })
                    };
                    Some((get("family")?, get("given")))
                })
                .collect(),
            _ => Vec::new(),
        });
    let authors_new: Vec<(String, Option<String>)> = record
        .authors
        .iter()
        .map(|a| (a.family.clone(), a.given.clone()))
        .collect();
    if !record.authors.is_empty() && authors_now.as_ref() != Some(&authors_new) {
        let mut block = String::from("authors:\n");
        for a in &record.authors {
            match &a.given {
                Some(given) => block.push_str(&format!(
                    "  - {{family: {}, given: {}}}\n",
                    quoted(&a.family),
                    quoted(given)
                )),
                None => block.push_str(&format!("  - {{family: {}}}\n", quoted(&a.family))),
            }
        }
        set("authors", block);
    }
    // The English title, in place: the Chinese one beside it stays.
    if let Some(title) = &record.title
        && let Some(i) = find("title")
    {
        match english(&entries[i].1) {
            Some(en) if en.value == Value::Str(title.clone()) => {}
            Some(en) => edits.push((en.span.start, en.span.end, quoted(title))),
            None => edits.push((
                line_start(entries[i].0.span.start),
                entry_end(i),
                format!("title:\n  en: {}\n", quoted(title)),
            )),
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, replacement) in edits {
        if start <= end && end <= out.len() {
            out.replace_range(start..end, &replacement);
        }
    }
    if !appended.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&appended);
    }
    (out != text).then_some(out)
}

/// Where a value's text ends: a collection's own span may cover only its
/// opening, so its last item decides.
fn value_end(node: &Node) -> usize {
    let inner = match &node.value {
        Value::Seq(items) => items.iter().map(value_end).max(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| k.span.end.max(value_end(v)))
            .max(),
        _ => None,
    };
    inner.unwrap_or(0).max(node.span.end)
}

/// The `en` text of a `{en: ..., zh: ...}` value.
fn english(node: &Node) -> Option<&Node> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == "en"))
        .map(|(_, v)| v)
        .filter(|v| matches!(v.value, Value::Str(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::AuthorName;

    const STUDY: &str = "title:\n  en: \"Old title\"\n  zh: \"旧标题\"\nauthors:\n  - {family: Old, given: A}\nyear: 2019\njournal: Old Journal\n# a person's comment\nthemes: [burnout]\nmethods: {en: \"Interviews.\", zh: \"访谈。\"}\ndate_added: \"2026-01-01\"\n";

    #[test]
    fn only_the_citation_fields_change() {
        let record = Record {
            title: Some("New: title".into()),
            authors: vec![AuthorName {
                family: "New".into(),
                given: Some("B".into()),
                id: None,
            }],
            year: Some(2020),
            journal: Some("New Journal".into()),
            doi: Some("10.1/x".into()),
            ..Record::default()
        };
        let out = refreshed("study.yaml", STUDY, &record).unwrap();
        assert!(
            out.contains("  en: \"New: title\"\n  zh: \"旧标题\"\n"),
            "{out}"
        );
        assert!(out.contains("authors:\n  - {family: \"New\", given: \"B\"}\nyear: 2020\njournal: \"New Journal\"\n# a person's comment\nthemes: [burnout]\n"), "{out}");
        assert!(
            out.ends_with("date_added: \"2026-01-01\"\ndoi: \"10.1/x\"\n"),
            "{out}"
        );
        assert!(crate::yaml::parse("study.yaml", &out).is_ok());
        // Nothing new: nothing written.
        assert_eq!(refreshed("study.yaml", &out, &record), None);
    }
}
