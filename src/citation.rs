//! Citation records of a study: an APA-style reference, BibTeX and RIS.
//! Pure functions of the study; the same text feeds the study page, the
//! downloads and the exports. Missing parts are left out, never invented.

use std::fmt::Write as _;

use crate::content::{AuthorName, Lang, Study};

/// The BibTeX key: the study id, unique and stable by construction.
pub fn bibtex_key(study: &Study) -> String {
    study.id.clone()
}

fn initials(given: &str) -> String {
    given
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.chars().next())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Family, Given" (or the family name alone): how reference formats and
/// spreadsheets list a name.
pub fn family_first(name: &AuthorName) -> String {
    match &name.given {
        Some(given) => [name.family.as_str(), ", ", given].concat(),
        None => name.family.clone(),
    }
}

fn apa_name(name: &AuthorName) -> String {
    match &name.given {
        Some(given) => format!("{}, {}", name.family, initials(given)),
        None => name.family.clone(),
    }
}

/// APA 7-style reference as plain text (the template escapes it).
pub fn apa(study: &Study, lang: Lang) -> String {
    let mut out = String::new();
    let names: Vec<String> = study.authors.iter().map(apa_name).collect();
    let title = study.title.get(lang).0;
    match names.len() {
        0 => {
            let _ = write!(out, "{title}.");
        }
        1 => out.push_str(&names[0]),
        n => {
            out.push_str(&names[..n - 1].join(", "));
            let _ = write!(out, ", & {}", names[n - 1]);
        }
    }
    match study.year {
        Some(year) => {
            let _ = write!(out, " ({year}).");
        }
        None => out.push_str(" (n.d.)."),
    }
    if !names.is_empty() {
        let _ = write!(out, " {title}.");
    }
    if let Some(journal) = &study.journal {
        let _ = write!(out, " {journal}");
        if let Some(volume) = &study.volume {
            let _ = write!(out, ", {volume}");
            if let Some(issue) = &study.issue {
                let _ = write!(out, "({issue})");
            }
        }
        if let Some(pages) = &study.pages {
            let _ = write!(out, ", {pages}");
        }
        out.push('.');
    }
    if let Some(doi) = &study.doi {
        let _ = write!(out, " https://doi.org/{doi}");
    } else if let Some(url) = &study.url {
        let _ = write!(out, " {url}");
    }
    out.trim().to_string()
}

/// A value as BibTeX text. BibTeX ends a field at the brace that balances
/// its opening one and counts every brace, a backslash before it or not,
/// so a brace from the content would let it close the field (or the entry)
/// early. Braces and backslashes are therefore written as the LaTeX
/// commands that print them, whose only braces are an empty, balanced `{}`;
/// the other characters LaTeX reads as commands are escaped, and every run
/// of white space is one space, so the entry is the same on one line as
/// for a reader that splits on `@` at the start of a line.
fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '{' => out.push_str("\\textbraceleft{}"),
                '}' => out.push_str("\\textbraceright{}"),
                '\\' => out.push_str("\\textbackslash{}"),
                '~' => out.push_str("\\textasciitilde{}"),
                '^' => out.push_str("\\textasciicircum{}"),
                '%' | '&' | '$' | '#' | '_' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
}

/// One part of a BibTeX name. BibTeX splits a name list at ` and ` and a
/// name at its commas, wherever they are not inside braces: a part that
/// holds either is braced whole, so it stays one part of one name.
fn bibtex_name_part(part: &str) -> String {
    let escaped = bibtex_escape(part);
    let splits = escaped.contains(',')
        || escaped
            .split(' ')
            .any(|word| word.eq_ignore_ascii_case("and"));
    if splits {
        format!("{{{escaped}}}")
    } else {
        escaped
    }
}

/// A BibTeX `@article` (or `@misc` without a journal).
pub fn bibtex(study: &Study) -> String {
    let kind = if study.journal.is_some() {
        "article"
    } else {
        "misc"
    };
    let mut fields: Vec<(&str, String)> = Vec::new();
    fields.push(("title", format!("{{{}}}", bibtex_escape(&study.title.en))));
    if !study.authors.is_empty() {
        let authors: Vec<String> = study
            .authors
            .iter()
            .map(|a| match &a.given {
                Some(g) => format!("{}, {}", bibtex_name_part(&a.family), bibtex_name_part(g)),
                None => format!("{{{}}}", bibtex_escape(&a.family)),
            })
            .collect();
        fields.push(("author", authors.join(" and ")));
    }
    if let Some(year) = study.year {
        fields.push(("year", year.to_string()));
    }
    for (key, value) in [
        ("journal", &study.journal),
        ("volume", &study.volume),
        ("number", &study.issue),
        ("pages", &study.pages),
        ("doi", &study.doi),
        ("url", &study.url),
    ] {
        if let Some(v) = value {
            // A page range's hyphens, however many, are BibTeX's en dash.
            let v = if key == "pages" {
                v.split('-')
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join("--")
            } else {
                v.clone()
            };
            fields.push((key, bibtex_escape(&v)));
        }
    }
    let mut out = format!("@{kind}{{{},\n", bibtex_key(study));
    for (key, value) in &fields {
        let _ = writeln!(out, "  {key} = {{{value}}},");
    }
    out.push_str("}\n");
    out
}

/// An RIS record (`TY  - JOUR` ... `ER  - `).
pub fn ris(study: &Study) -> String {
    let mut out = String::new();
    let kind = if study.journal.is_some() {
        "JOUR"
    } else {
        "GEN"
    };
    let _ = writeln!(out, "TY  - {kind}");
    let _ = writeln!(out, "TI  - {}", one_line(&study.title.en));
    for a in &study.authors {
        match &a.given {
            Some(g) => {
                let _ = writeln!(out, "AU  - {}, {}", one_line(&a.family), one_line(g));
            }
            None => {
                let _ = writeln!(out, "AU  - {}", one_line(&a.family));
            }
        }
    }
    if let Some(year) = study.year {
        let _ = writeln!(out, "PY  - {year}");
    }
    if let Some(date) = &study.publication_date {
        let _ = writeln!(out, "DA  - {}", date.replace('-', "/"));
    }
    for (tag, value) in [
        ("JO", &study.journal),
        ("VL", &study.volume),
        ("IS", &study.issue),
        ("DO", &study.doi),
        ("UR", &study.url),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{tag}  - {}", one_line(v));
        }
    }
    if let Some(pages) = &study.pages {
        let pages = one_line(pages);
        match pages.split_once('-') {
            Some((start, end)) => {
                let _ = writeln!(out, "SP  - {}", start.trim());
                let _ = writeln!(out, "EP  - {}", end.trim());
            }
            None => {
                let _ = writeln!(out, "SP  - {pages}");
            }
        }
    }
    if let Some(keywords) = &study.keywords {
        for k in &keywords.en {
            let _ = writeln!(out, "KW  - {}", one_line(k));
        }
    }
    out.push_str("ER  - \n");
    out
}

/// A COinS (OpenURL ContextObject) string for a `<span class="Z3988">`'s
/// title, which Zotero and similar tools read from the page.
pub fn coins(study: &Study) -> String {
    let mut pairs: Vec<(&str, String)> = vec![
        ("ctx_ver", "Z39.88-2004".into()),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal".into()),
        ("rft.genre", "article".into()),
        ("rft.atitle", study.title.en.clone()),
    ];
    if let Some(j) = &study.journal {
        pairs.push(("rft.jtitle", j.clone()));
    }
    if let Some(y) = study.year {
        pairs.push(("rft.date", y.to_string()));
    }
    if let Some(v) = &study.volume {
        pairs.push(("rft.volume", v.clone()));
    }
    if let Some(i) = &study.issue {
        pairs.push(("rft.issue", i.clone()));
    }
    if let Some(p) = &study.pages {
        pairs.push(("rft.pages", p.clone()));
    }
    for a in &study.authors {
        pairs.push(("rft.au", family_first(a)));
    }
    if let Some(doi) = &study.doi {
        pairs.push(("rft_id", format!("info:doi/{doi}")));
    }
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        percent_encode_into(&mut out, value);
    }
    out
}

/// Everything but RFC 3986's unreserved characters (letters, digits,
/// `-`, `.`, `_`, `~`) is percent-encoded.
const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `s` percent-encoded as UTF-8, every byte but the unreserved
/// characters: for COinS and the citation files' `data:` URLs.
pub fn percent_encode_into(out: &mut String, s: &str) {
    out.extend(percent_encoding::utf8_percent_encode(s, RESERVED));
}

/// RIS is line-based: a value may not span lines, or it could start a
/// record of its own. Every run of white space, which takes in every line
/// break (LF, CR, VT, FF, NEL, U+2028, U+2029), becomes one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::*;

    fn study() -> Study {
        Study {
            id: "chu-2025".into(),
            dir: Default::default(),
            title: Localized {
                en: "Resources for peer workers".into(),
                zh: Some("同伴工作者的资源".into()),
            },
            authors: vec![
                AuthorName {
                    family: "Chu".into(),
                    given: Some("Wendy".into()),
                    id: None,
                },
                AuthorName {
                    family: "Miller".into(),
                    given: Some("Sarah J".into()),
                    id: None,
                },
            ],
            year: Some(2025),
            journal: Some("American Journal of Orthopsychiatry".into()),
            volume: None,
            issue: None,
            pages: Some("1-7".into()),
            doi: Some("10.1037/ort0000867".into()),
            url: None,
            methods: Default::default(),
            sample_size: Some(25),
            sample: None,
            terms: vec![],
            source_abstract: None,
            publication_date: Some("2025-06-30".into()),
            status: Status::Completed,
            open_access: None,
            keywords: None,
            funding: None,
            quality: None,
            date_added: "2026-11-22".into(),
            date_updated: "2026-11-22".into(),
            summary: Localized {
                en: MarkdownSource {
                    file: String::new(),
                    text: "".into(),
                },
                zh: None,
            },
        }
    }

    #[test]
    fn apa_reference() {
        assert_eq!(
            apa(&study(), Lang::En),
            "Chu, W., & Miller, S. J. (2025). Resources for peer workers. American Journal of Orthopsychiatry, 1-7. https://doi.org/10.1037/ort0000867"
        );
    }

    #[test]
    fn apa_without_authors_or_year_starts_with_the_title() {
        let mut s = study();
        s.authors.clear();
        s.year = None;
        assert!(apa(&s, Lang::En).starts_with("Resources for peer workers. (n.d.)."));
    }

    #[test]
    fn bibtex_and_ris_never_carry_internal_notes() {
        let s = study();
        assert!(bibtex(&s).contains("author = {Chu, Wendy and Miller, Sarah J}"));
        assert!(bibtex(&s).contains("pages = {1--7}"));
        let mut range = study();
        range.pages = Some("12--19".into());
        assert!(bibtex(&range).contains("pages = {12--19}"));
        assert!(ris(&s).contains("SP  - 1\nEP  - 7\n"));
        assert!(!bibtex(&s).contains("secret") && !ris(&s).contains("secret"));
    }
}
