//! An imported record as a study folder in the ordinary format: study.yaml
//! with the citation and every mapped term, and two summaries that say they
//! are still to be written. Every value is written as a double-quoted YAML
//! string, escaped, so no text of the file can become YAML structure.

use std::collections::BTreeMap;

use super::record::Record;
use crate::content::{SUMMARY_TO_BE_WRITTEN, Taxonomies};

/// A text as a double-quoted YAML scalar: backslashes, quotes and every
/// control character escaped, so it reads back as exactly this text.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The study.yaml of an imported record: `terms` holds the mapped slugs
/// per vocabulary key; `from` names the file it came from (which makes the
/// study a draft until it is complete); `today` is its date added.
pub fn study_yaml(
    record: &Record,
    terms: &BTreeMap<String, Vec<String>>,
    taxonomies: &Taxonomies,
    from: &str,
    today: &str,
) -> String {
    let mut out = String::from(
        "# yaml-language-server: $schema=../../../schema/study.schema.json\n\
         # Imported by `gapmap import`: a draft until it has a summary in each\n\
         # language and a term of each required vocabulary (see `gapmap check`).\n",
    );
    let line = |out: &mut String, key: &str, value: &Option<String>| {
        if let Some(v) = value {
            out.push_str(&format!("{key}: {}\n", quoted(v)));
        }
    };
    out.push_str(&format!(
        "title:\n  en: {}\n",
        quoted(record.title.as_deref().unwrap_or_default())
    ));
    if record.authors.is_empty() {
        out.push_str("authors: []\n");
    } else {
        out.push_str("authors:\n");
        for a in &record.authors {
            match &a.given {
                Some(given) => out.push_str(&format!(
                    "  - {{family: {}, given: {}}}\n",
                    quoted(&a.family),
                    quoted(given)
                )),
                None => out.push_str(&format!("  - {{family: {}}}\n", quoted(&a.family))),
            }
        }
    }
    if let Some(year) = record.year {
        out.push_str(&format!("year: {year}\n"));
    }
    line(&mut out, "journal", &record.journal);
    line(&mut out, "volume", &record.volume);
    line(&mut out, "issue", &record.issue);
    line(&mut out, "pages", &record.pages);
    line(&mut out, "doi", &record.doi);
    line(&mut out, "url", &record.url);
    for v in &taxonomies.vocabularies {
        let Some(slugs) = terms.get(&v.key).filter(|s| !s.is_empty()) else {
            continue;
        };
        let slugs: Vec<String> = slugs.iter().map(|s| quoted(s)).collect();
        if v.multiple {
            out.push_str(&format!("{}: [{}]\n", v.field, slugs.join(", ")));
        } else if let Some(first) = slugs.first() {
            out.push_str(&format!("{}: {first}\n", v.field));
        }
    }
    if !record.keywords.is_empty() {
        let words: Vec<String> = record.keywords.iter().map(|k| quoted(k)).collect();
        out.push_str(&format!("keywords:\n  en: [{}]\n", words.join(", ")));
    }
    out.push_str(&format!("date_added: {}\n", quoted(today)));
    if !record.internal.is_empty() {
        out.push_str(&format!(
            "internal_notes: {}\n",
            quoted(&record.internal.join("\n"))
        ));
    }
    line(&mut out, "source_abstract", &record.abstract_text);
    out.push_str(&format!("imported_from: {}\n", quoted(from)));
    out
}

/// A summary still to be written, in English or Chinese.
pub fn summary_to_write(zh: bool) -> String {
    let sections: [&str; 4] = if zh {
        ["背景", "方法", "结果", "启示"]
    } else {
        ["Background", "Methods", "Findings", "Implications"]
    };
    let mut out = format!("{SUMMARY_TO_BE_WRITTEN}\n");
    for s in sections {
        out.push_str(&format!("\n## {s}\n\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_reads_back_as_itself() {
        for text in [
            "plain",
            "a: b # c",
            "\"quoted\" and \\ back",
            "line\nbreak\tand\u{7}bell",
            "- [not, a, list]",
            "{not: a map}",
            "中文：标题",
        ] {
            let yaml = format!("key: {}\n", quoted(text));
            let node = crate::yaml::parse("t.yaml", &yaml).unwrap();
            let crate::yaml::Value::Map(entries) = node.value else {
                panic!("{yaml}")
            };
            assert_eq!(
                entries[0].1.value,
                crate::yaml::Value::Str(text.to_string()),
                "{yaml}"
            );
        }
    }
}
