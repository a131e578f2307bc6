//! CSL-JSON, as Zotero (and citeproc, pandoc, Mendeley) export it: an array
//! of items with `id`, `type`, `title`, `author`, `issued`,
//! `container-title`, `volume`, `issue`, `page`, `DOI`, `URL`, `abstract`
//! and `keyword`.

use serde_json::{Map, Value};

use super::record::{Position, Read, Record, Refused};
use super::text::{bare_doi, name, non_empty, split_list, year_of};
use crate::content::AuthorName;

/// Every item of a CSL-JSON file. A file that is not JSON is refused whole,
/// with the line and column where it breaks; an item that is not an object
/// or has no title is refused by its index and id, and the rest are read.
pub fn read(file: &str, text: &str) -> Read {
    let mut read = Read::default();
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            read.refused.push(Refused {
                at: Position {
                    file: file.to_string(),
                    line: Some(e.line()),
                    index: None,
                    source_id: None,
                },
                reason: format!("not valid JSON (column {}): {e}", e.column()),
            });
            return read;
        }
    };
    let items = match value {
        Value::Array(items) => items,
        // One item alone, as some tools copy a single reference.
        Value::Object(map) if map.contains_key("type") || map.contains_key("title") => {
            vec![Value::Object(map)]
        }
        _ => {
            read.refused.push(Refused {
                at: Position {
                    file: file.to_string(),
                    line: None,
                    index: None,
                    source_id: None,
                },
                reason: "CSL-JSON is an array of items, and this file is not".to_string(),
            });
            return read;
        }
    };
    for (index, item) in items.iter().enumerate() {
        let source_id = item.get("id").and_then(scalar);
        let at = Position {
            file: file.to_string(),
            line: None,
            index: Some(index),
            source_id,
        };
        let Value::Object(item) = item else {
            read.refused.push(Refused {
                at,
                reason: "the item is not a JSON object".to_string(),
            });
            continue;
        };
        let record = record(item);
        if record.title.is_none() {
            read.refused.push(Refused {
                at,
                reason: "the item has no title".to_string(),
            });
        } else {
            read.records.push((at, record));
        }
    }
    read
}

fn record(item: &Map<String, Value>) -> Record {
    let text = |key: &str| item.get(key).and_then(scalar);
    Record {
        title: text("title"),
        authors: item
            .get("author")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(author).collect())
            .unwrap_or_default(),
        year: item.get("issued").and_then(year),
        journal: text("container-title"),
        volume: text("volume"),
        issue: text("issue"),
        pages: text("page"),
        doi: text("DOI").and_then(|d| bare_doi(&d)),
        url: text("URL"),
        abstract_text: text("abstract"),
        keywords: match item.get("keyword") {
            Some(Value::Array(words)) => words.iter().filter_map(scalar).collect(),
            Some(value) => scalar(value)
                .map(|k| split_list(&k, &[',', ';']))
                .unwrap_or_default(),
            None => Vec::new(),
        },
        kind: text("type"),
        // gapmap's own data/studies.csl.json carries each study's terms in
        // `custom.gapmap-terms`.
        codes: item
            .get("custom")
            .and_then(|c| c.get("gapmap-terms"))
            .and_then(Value::as_array)
            .map(|codes| codes.iter().filter_map(scalar).collect())
            .unwrap_or_default(),
        ..Record::default()
    }
}

/// A string or a number as text (CSL-JSON allows both for `volume`,
/// `issue`, `page` and `id`), trimmed; nothing for anything else.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `{family, given}` or `{literal}` (an organisation, or a name not split).
fn author(value: &Value) -> Option<AuthorName> {
    let field = |key: &str| value.get(key).and_then(scalar).unwrap_or_default();
    let particle = field("non-dropping-particle");
    let family = if particle.is_empty() {
        field("family")
    } else {
        format!("{particle} {}", field("family"))
    };
    let given = field("given");
    if !family.is_empty() || !given.is_empty() {
        return Some(name(&family, &given));
    }
    let literal = field("literal");
    (!literal.is_empty()).then(|| name(&literal, ""))
}

/// The year of `{"date-parts": [[2021, 3]]}` (parts as numbers or strings),
/// or of `{"raw": "..."}`, `{"literal": "..."}` or `{"edtf": "..."}`.
fn year(issued: &Value) -> Option<i32> {
    let first = issued
        .get("date-parts")
        .and_then(|parts| parts.get(0))
        .and_then(|part| part.get(0));
    match first {
        Some(Value::Number(n)) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => ["raw", "literal", "edtf"]
            .iter()
            .filter_map(|key| issued.get(*key).and_then(Value::as_str))
            .find_map(year_of),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_with_every_field() {
        let text = r#"[{"id": 7, "type": "article-journal", "title": " Peer support ",
            "author": [{"family": "Chu", "given": "Wendy"}, {"literal": "WHO"},
                       {"family": "Berg", "non-dropping-particle": "van den", "given": "A"}],
            "issued": {"date-parts": [["2021", 3]]}, "container-title": "J",
            "volume": 12, "issue": "3", "page": "1-7", "DOI": "https://doi.org/10.1/x",
            "URL": "https://e.org", "abstract": "Words", "keyword": "a, b; c"}]"#;
        let read = read("c.json", text);
        let (at, r) = &read.records[0];
        assert_eq!(at.to_string(), "c.json record 1 (7)");
        assert_eq!(r.title.as_deref(), Some("Peer support"));
        let names: Vec<_> = r
            .authors
            .iter()
            .map(|a| (&a.family[..], a.given.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("Chu", Some("Wendy")),
                ("WHO", None),
                ("van den Berg", Some("A"))
            ]
        );
        assert_eq!(r.year, Some(2021));
        assert_eq!(r.volume.as_deref(), Some("12"));
        assert_eq!(r.doi.as_deref(), Some("10.1/x"));
        assert_eq!(r.keywords, ["a", "b", "c"]);
        assert_eq!(r.kind.as_deref(), Some("article-journal"));
    }

    #[test]
    fn raw_dates_bad_items_and_bad_json() {
        let text = r#"[{"title": "A", "issued": {"raw": "Spring 1999"}}, 3, {"id": "x"}]"#;
        let read = read("c.json", text);
        assert_eq!(read.records[0].1.year, Some(1999));
        let refused: Vec<String> = read.refused.iter().map(|r| r.at.to_string()).collect();
        assert_eq!(refused, ["c.json record 2", "c.json record 3 (x)"]);
        let broken = super::read("c.json", "[\n{\"title\": }]");
        assert_eq!(broken.refused[0].at.line, Some(2));
        assert!(broken.refused[0].reason.contains("column"));
        assert_eq!(super::read("c.json", "42").refused.len(), 1);
    }
}
