//! BibTeX and BibLaTeX, read by the `biblatex` crate (Typst's parser), which
//! resolves LaTeX escapes (`{\"u}`, `\&`) and splits names.

use biblatex::{Bibliography, ChunksExt, DateValue, Entry, PermissiveType};

use super::record::{Position, Read, Record, Refused};
use super::text::{bare_doi, name, non_empty, split_list, year_of};
use crate::content::AuthorName;

/// Where an entry starts in the text: `@type{key,`.
struct Start {
    offset: usize,
    line: usize,
    kind: String,
    key: Option<String>,
}

/// Every entry of a BibTeX file. The file is parsed whole; if the parser
/// stops at an error, that error is refused with its line and each entry
/// is parsed alone (after the file's `@string`s), so one broken entry does
/// not lose the others.
pub fn read(file: &str, text: &str) -> Read {
    let text = text.trim_start_matches('\u{feff}');
    let starts = starts(text);
    let mut read = Read::default();
    match Bibliography::parse(text) {
        Ok(bibliography) => {
            for entry in bibliography.iter() {
                push(file, &starts, entry, &mut read);
            }
        }
        Err(_) => entry_by_entry(file, text, &starts, &mut read),
    }
    read
}

fn entry_by_entry(file: &str, text: &str, starts: &[Start], read: &mut Read) {
    let mut strings = String::new();
    let mut seen: Vec<String> = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |next| next.offset);
        let Some(chunk) = text.get(start.offset..end) else {
            continue;
        };
        if start.kind == "string" {
            if Bibliography::parse(chunk).is_ok() {
                strings.push_str(chunk);
                strings.push('\n');
            }
            continue;
        }
        match Bibliography::parse(&format!("{strings}{chunk}")) {
            Ok(bibliography) => {
                for entry in bibliography.iter() {
                    if seen.contains(&entry.key) {
                        read.refused.push(Refused {
                            at: at(file, Some(start.line), Some(entry.key.clone())),
                            reason: format!("a second entry with the key {:?}", entry.key),
                        });
                        continue;
                    }
                    seen.push(entry.key.clone());
                    push(file, starts, entry, read);
                }
            }
            Err(e) => {
                // An entry left open ends where the next one starts: the
                // error is placed on the entry's own last line.
                let last = start.offset + chunk.trim_end().len().saturating_sub(1);
                let offset = start.offset + e.span.start.saturating_sub(strings.len());
                read.refused.push(Refused {
                    at: at(
                        file,
                        Some(line_of(text, offset.min(last))),
                        start.key.clone(),
                    ),
                    reason: format!(
                        "the entry that starts on line {} cannot be read as BibTeX ({}); \
                         is a brace or a quote left open, or a comma missing?",
                        start.line, e.kind
                    ),
                });
            }
        }
    }
    if read.records.is_empty() && read.refused.is_empty() {
        read.refused.push(Refused {
            at: at(file, None, None),
            reason: "not BibTeX that can be read: no line starts an entry with @type{key,"
                .to_string(),
        });
    }
}

fn at(file: &str, line: Option<usize>, source_id: Option<String>) -> Position {
    Position {
        file: file.to_string(),
        line,
        index: None,
        source_id,
    }
}

fn push(file: &str, starts: &[Start], entry: &Entry, read: &mut Read) {
    let line = starts
        .iter()
        .find(|s| s.key.as_deref() == Some(entry.key.as_str()))
        .map(|s| s.line);
    let at = at(file, line, Some(entry.key.clone()));
    let record = record(entry);
    if record.title.is_none() {
        read.refused.push(Refused {
            at,
            reason: "the entry has no title".to_string(),
        });
    } else {
        read.records.push((at, record));
    }
}

fn record(entry: &Entry) -> Record {
    let field = |key: &str| {
        entry
            .get(key)
            .and_then(|chunks| plain(&chunks.format_verbatim()))
    };
    let first = |keys: &[&str]| keys.iter().find_map(|k| field(k));
    Record {
        title: field("title"),
        authors: entry
            .author()
            .map(|persons| persons.iter().filter_map(person).collect())
            .unwrap_or_default(),
        year: year(entry),
        journal: first(&["journal", "journaltitle", "booktitle"]),
        volume: field("volume"),
        issue: first(&["number", "issue"]),
        pages: field("pages").map(|p| pages(&p)),
        doi: field("doi").and_then(|d| bare_doi(&d)),
        url: field("url"),
        abstract_text: field("abstract"),
        keywords: field("keywords")
            .map(|k| split_list(&k, &[',', ';']))
            .unwrap_or_default(),
        kind: Some(entry.entry_type.to_string()),
        // gapmap's own data/studies.bib carries each study's terms in a
        // `gapmapterms` field.
        codes: field("gapmapterms")
            .map(|k| split_list(&k, &[';']))
            .unwrap_or_default(),
        ..Record::default()
    }
}

/// Text on one line, spaces collapsed; nothing if empty.
fn plain(text: &str) -> Option<String> {
    non_empty(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The family name with its particle (`van`) and suffix (`Jr.`).
fn person(p: &biblatex::Person) -> Option<AuthorName> {
    let mut family = [p.prefix.trim(), p.name.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if !p.suffix.trim().is_empty() {
        family = format!("{family}, {}", p.suffix.trim());
    }
    let author = name(&family, &p.given_name);
    (!author.family.is_empty()).then_some(author)
}

fn year(entry: &Entry) -> Option<i32> {
    match entry.date() {
        Ok(PermissiveType::Typed(date)) => Some(match date.value {
            DateValue::At(d) | DateValue::After(d) | DateValue::Before(d) => d.year,
            DateValue::Between(d, _) => d.year,
        }),
        _ => ["date", "year"]
            .iter()
            .filter_map(|k| entry.get(k))
            .find_map(|chunks| year_of(&chunks.format_verbatim())),
    }
}

/// `12--19` (BibTeX's en dash) or `12–19` as `12-19`.
fn pages(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let c = if c == '–' || c == '—' { '-' } else { c };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out
}

/// Each line that starts (after spaces) with `@type{` or `@type(`, with its
/// key when one follows.
fn starts(text: &str) -> Vec<Start> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let here = offset + (line.len() - trimmed.len());
        offset += line.len();
        let Some(rest) = trimmed.strip_prefix('@') else {
            continue;
        };
        let word_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
            .unwrap_or(rest.len());
        let after = rest[word_end..].trim_start();
        let Some(body) = after.strip_prefix(['{', '(']) else {
            continue;
        };
        if word_end == 0 {
            continue;
        }
        let key = body.split([',', '\n', '}', ')']).next().and_then(non_empty);
        starts.push(Start {
            offset: here,
            line: i + 1,
            kind: rest[..word_end].to_ascii_lowercase(),
            key,
        });
    }
    starts
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_with_every_field_and_latex_escapes() {
        let text = "% from JabRef\n\n@Article{chu2021,\n  title = {{\\\"U}ber {Peer} Support \\& Burnout},\n  \
                    author = {Chu, Wendy and van Halen, Eddie and Sarah J. Miller},\n  year = 2021,\n  \
                    journaltitle = {J},\n  volume = {12}, number = {3}, pages = {12--19},\n  \
                    doi = {https://doi.org/10.1/x}, url = {https://e.org},\n  \
                    abstract = {Some\n   words}, keywords = {a, b; c}\n}\n";
        let read = read("r.bib", text);
        assert!(read.refused.is_empty(), "{:?}", read.refused);
        let (at, r) = &read.records[0];
        assert_eq!(at.to_string(), "r.bib:3 (chu2021)");
        assert_eq!(r.title.as_deref(), Some("Über Peer Support & Burnout"));
        let names: Vec<_> = r
            .authors
            .iter()
            .map(|a| (&a.family[..], a.given.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("Chu", Some("Wendy")),
                ("van Halen", Some("Eddie")),
                ("Miller", Some("Sarah J."))
            ]
        );
        assert_eq!(r.year, Some(2021));
        assert_eq!(r.journal.as_deref(), Some("J"));
        assert_eq!(r.pages.as_deref(), Some("12-19"));
        assert_eq!(r.doi.as_deref(), Some("10.1/x"));
        assert_eq!(r.abstract_text.as_deref(), Some("Some words"));
        assert_eq!(r.keywords, ["a", "b", "c"]);
        assert_eq!(r.kind.as_deref(), Some("article"));
    }

    #[test]
    fn a_broken_entry_is_refused_by_its_line_and_the_others_read() {
        let text = "@string{jn = {Journal}}\n@article{a,\n title = {A}, journal = jn}\n\
                    @article{b,\n title = {B\n\n@misc{c, title = {C}, date = {2020-05}}\n@misc{d, year = {2001}}\n";
        let read = read("r.bib", text);
        let keys: Vec<_> = read.records.iter().map(|(at, _)| at.to_string()).collect();
        assert_eq!(keys, ["r.bib:2 (a)", "r.bib:7 (c)"]);
        assert_eq!(read.records[0].1.journal.as_deref(), Some("Journal"));
        assert_eq!(read.records[1].1.year, Some(2020));
        let refused: Vec<_> = read.refused.iter().map(|r| r.at.to_string()).collect();
        assert_eq!(refused.len(), 2, "{:?}", read.refused);
        assert!(refused[0].starts_with("r.bib:") && refused[0].ends_with("(b)"));
        assert_eq!(refused[1], "r.bib:8 (d)");
    }

    #[test]
    fn text_that_is_not_bibtex_is_refused_whole() {
        let read = read("r.bib", "@article{");
        assert_eq!(read.records.len(), 0);
        assert_eq!(read.refused.len(), 1);
        assert!(super::read("r.bib", "").refused.is_empty());
    }
}
