//! RIS, as Zotero, EndNote, Mendeley and the databases (PubMed, Scopus,
//! Web of Science) export it: `TY  - JOUR` ... `ER  - `, one tag a line.

use super::record::{Position, Read, Record, Refused};
use super::text::{bare_doi, family_first, non_empty, year_of};

/// One tagged line, with the continuation lines that followed it.
struct Field<'a> {
    tag: &'a str,
    value: String,
}

/// A record being read: its first line and its fields so far.
struct Open<'a> {
    line: usize,
    fields: Vec<Field<'a>>,
}

/// Every record of an RIS file. A record runs from its `TY` line to its
/// `ER` line, or to the next `TY` line or the end of the file when its `ER`
/// is missing; a line that is not a tag continues the field above it.
pub fn read(file: &str, text: &str) -> Read {
    let mut read = Read::default();
    let mut open: Option<Open> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let line = if i == 0 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        match tag_line(line) {
            Some(("ER", _)) => {
                if let Some(record) = open.take() {
                    finish(file, record, &mut read);
                }
            }
            Some((tag, value)) => {
                let record = match (&mut open, tag) {
                    (Some(_), "TY") | (None, _) => {
                        if let Some(record) = open.take() {
                            finish(file, record, &mut read);
                        }
                        open.insert(Open {
                            line: number,
                            fields: Vec::new(),
                        })
                    }
                    (Some(record), _) => record,
                };
                record.fields.push(Field {
                    tag,
                    value: value.trim().to_string(),
                });
            }
            None => {
                let more = line.trim();
                let last = open.as_mut().and_then(|r| r.fields.last_mut());
                if let (false, Some(field)) = (more.is_empty(), last) {
                    // A keyword's continuation is another keyword.
                    let separator = if field.tag == "KW" { '\n' } else { ' ' };
                    if !field.value.is_empty() {
                        field.value.push(separator);
                    }
                    field.value.push_str(more);
                }
            }
        }
    }
    if let Some(record) = open.take() {
        finish(file, record, &mut read);
    }
    read
}

/// `TI  - A title` → `("TI", "A title")`: two capitals (or a capital and a
/// digit), spaces, a hyphen, and the value; the hyphen may end the line.
fn tag_line(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    if bytes.len() < 4 || !bytes[0].is_ascii_uppercase() {
        return None;
    }
    if !(bytes[1].is_ascii_uppercase() || bytes[1].is_ascii_digit()) {
        return None;
    }
    let rest = &line[2..];
    let after_spaces = rest.trim_start_matches(' ');
    let spaces = rest.len() - after_spaces.len();
    if !(1..=2).contains(&spaces) {
        return None;
    }
    let value = after_spaces.strip_prefix('-')?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((&line[..2], value))
}

fn finish(file: &str, open: Open, read: &mut Read) {
    let at = Position {
        file: file.to_string(),
        line: Some(open.line),
        index: None,
        source_id: first(&open.fields, &["ID"]),
    };
    let fields = &open.fields;
    let record = Record {
        title: first(fields, &["TI", "T1"]),
        authors: all(fields, &["AU", "A1"])
            .iter()
            .filter_map(|a| family_first(a))
            .collect(),
        year: ["PY", "Y1", "DA"]
            .iter()
            .flat_map(|tag| all(fields, &[tag]))
            .find_map(|v| year_of(&v)),
        journal: first(fields, &["T2", "JF", "JO", "JA"]),
        volume: first(fields, &["VL"]),
        issue: first(fields, &["IS"]),
        pages: pages(first(fields, &["SP"]), first(fields, &["EP"])),
        doi: first(fields, &["DO", "DI"]).and_then(|d| bare_doi(&d)),
        url: first(fields, &["UR"]),
        abstract_text: first(fields, &["AB", "N2"]),
        keywords: all(fields, &["KW"])
            .iter()
            .flat_map(|k| k.lines().filter_map(non_empty).collect::<Vec<_>>())
            .collect(),
        kind: first(fields, &["TY"]),
        // gapmap's own data/studies.ris carries each study's terms as
        // `U1  - field=slug` lines.
        codes: all(fields, &["U1"])
            .iter()
            .flat_map(|k| k.lines().filter_map(non_empty).collect::<Vec<_>>())
            .filter(|code| code.contains('='))
            .collect(),
        ..Record::default()
    };
    if record.title.is_none() {
        read.refused.push(Refused {
            at,
            reason: "the record has no title (no TI or T1 line with a value)".to_string(),
        });
    } else {
        read.records.push((at, record));
    }
}

/// The first non-empty value of the first of `tags` that has one.
fn first(fields: &[Field], tags: &[&str]) -> Option<String> {
    tags.iter().find_map(|tag| {
        fields
            .iter()
            .filter(|f| f.tag == *tag)
            .find_map(|f| non_empty(&f.value))
    })
}

/// Every non-empty value of any of `tags`, in the file's order.
fn all(fields: &[Field], tags: &[&str]) -> Vec<String> {
    fields
        .iter()
        .filter(|f| tags.contains(&f.tag))
        .filter_map(|f| non_empty(&f.value))
        .collect()
}

/// `SP-EP`, or the one of them there is (a start page may hold the range).
fn pages(start: Option<String>, end: Option<String>) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) if s == e || s.contains('-') => Some(s),
        (Some(s), Some(e)) => Some(format!("{s}-{e}")),
        (s, e) => s.or(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_values() {
        assert_eq!(tag_line("TI  - A title"), Some(("TI", " A title")));
        assert_eq!(tag_line("ER  -"), Some(("ER", "")));
        assert_eq!(tag_line("ER  - "), Some(("ER", " ")));
        assert_eq!(tag_line("A1 - x"), Some(("A1", " x")));
        assert_eq!(tag_line("Ab  - x"), None);
        assert_eq!(tag_line("TI  -x"), None);
        assert_eq!(tag_line("TI"), None);
        assert_eq!(tag_line("é"), None);
    }

    #[test]
    fn a_record_with_every_common_tag() {
        let text = "TY  - JOUR\nT1  - Peer support\n  and burnout\nAU  - Chu, Wendy\n\
                    A1  - Miller SJ\nA2  - Editor, Ed\nY1  - 2021/03/04/\nJA  - J Nurs\n\
                    JF  - Journal of Nursing\nVL  - 12\nIS  - 3\nSP  - 1\nEP  - 7\n\
                    DO  - https://doi.org/10.1/x\nUR  - https://e.org\nN2  - Words\n\
                    KW  - peer support\nburnout\nKW  - \nID  - 42\nER  - \n";
        let read = read("r.ris", text);
        assert!(read.refused.is_empty());
        let (at, r) = &read.records[0];
        assert_eq!((at.line, at.source_id.as_deref()), (Some(1), Some("42")));
        assert_eq!(r.title.as_deref(), Some("Peer support and burnout"));
        let names: Vec<_> = r
            .authors
            .iter()
            .map(|a| (&a.family[..], a.given.as_deref()))
            .collect();
        assert_eq!(names, [("Chu", Some("Wendy")), ("Miller", Some("SJ"))]);
        assert_eq!(r.year, Some(2021));
        assert_eq!(r.journal.as_deref(), Some("Journal of Nursing"));
        assert_eq!(r.pages.as_deref(), Some("1-7"));
        assert_eq!(r.doi.as_deref(), Some("10.1/x"));
        assert_eq!(r.abstract_text.as_deref(), Some("Words"));
        assert_eq!(r.keywords, ["peer support", "burnout"]);
        assert_eq!(r.kind.as_deref(), Some("JOUR"));
    }

    #[test]
    fn a_record_without_a_title_is_refused_and_the_rest_read() {
        let text =
            "TY  - JOUR\nAU  - X, Y\nER  - \n\nTY  - GEN\nTI  - Kept\nTY  - BOOK\nTI  - Also\n";
        let read = read("r.ris", text);
        assert_eq!(read.refused.len(), 1);
        assert_eq!(read.refused[0].at.to_string(), "r.ris:1");
        let lines: Vec<_> = read.records.iter().map(|(at, _)| at.line).collect();
        assert_eq!(lines, [Some(5), Some(7)]);
    }
}
