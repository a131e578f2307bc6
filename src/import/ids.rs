//! Study ids for imported records: the first author's family name, the
//! year and the first words of the title, as a slug; the same records in
//! the same order give the same ids on every run, and no two are alike.
//! An id is made, never taken from the file, so no record can name a path.

use std::collections::BTreeSet;

use super::record::Record;

/// Title words that say nothing about a study.
const SKIPPED: &[&str] = &[
    "a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at", "by", "from", "among",
];

/// How many title words an id takes.
const TITLE_WORDS: usize = 3;

/// The longest id made, in bytes (a folder name of the built site).
const MAX_ID: usize = 60;

/// The id a record would have alone: `chu-2025-resources-support-peer`.
pub fn base_id(record: &Record) -> String {
    let family = record
        .authors
        .first()
        .map(|a| slug::slugify(&a.family))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "anonymous".to_string());
    let year = record
        .year
        .map_or_else(|| "n-d".to_string(), |y| y.to_string());
    let title = record.title.as_deref().unwrap_or_default();
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !SKIPPED.contains(&w.as_str()))
        .take(TITLE_WORDS)
        .collect();
    let id = slug::slugify(format!("{family} {year} {}", words.join(" ")));
    shorten(&id)
}

/// An id cut at a hyphen to at most [`MAX_ID`] bytes.
fn shorten(id: &str) -> String {
    if id.len() <= MAX_ID {
        return id.to_string();
    }
    let mut cut = MAX_ID;
    while !id.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &id[..cut];
    head.rfind('-')
        .map_or(head, |at| &head[..at])
        .trim_end_matches('-')
        .to_string()
}

/// Ids for records in order: each its [`base_id`], with `-2`, `-3`, … when
/// an earlier record of the same import took it. Whether an id is already
/// a study of the site is the caller's question (the same record imported
/// again has the same id).
pub fn assign<'r>(records: impl IntoIterator<Item = &'r Record>) -> Vec<String> {
    let mut taken = BTreeSet::new();
    records
        .into_iter()
        .map(|record| {
            let base = base_id(record);
            let mut id = base.clone();
            let mut n = 2;
            while !taken.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::AuthorName;

    fn record(family: &str, year: Option<i32>, title: &str) -> Record {
        Record {
            title: Some(title.into()),
            authors: vec![AuthorName {
                family: family.into(),
                given: None,
                id: None,
            }],
            year,
            ..Record::default()
        }
    }

    #[test]
    fn an_id_is_author_year_and_title_words() {
        let r = record(
            "Chu",
            Some(2025),
            "Resources that support peer support workers",
        );
        assert_eq!(base_id(&r), "chu-2025-resources-that-support");
        let r = record("O'Brien", None, "The role of peers: a study");
        assert_eq!(base_id(&r), "o-brien-n-d-role-peers-study");
        let none = Record::default();
        assert_eq!(base_id(&none), "anonymous-n-d");
    }

    #[test]
    fn ids_are_unique_and_stable_and_never_a_path() {
        let a = record("Smith", Some(2020), "Peer work");
        let hostile = record("../../etc", Some(2020), "/passwd \u{0} ..");
        let records = [a.clone(), a.clone(), hostile];
        let ids = assign(&records);
        assert_eq!(ids[0], "smith-2020-peer-work");
        assert_eq!(ids[1], "smith-2020-peer-work-2");
        assert!(crate::validate::is_slug(&ids[2]), "{}", ids[2]);
        assert_eq!(assign(&records), ids, "the same records, the same ids");
        let long = record(&"x".repeat(200), Some(2020), "y");
        assert!(base_id(&long).len() <= MAX_ID);
    }
}
