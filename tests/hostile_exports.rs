//! Hostile metadata against the data files people import elsewhere: no
//! cell of studies.csv opens as a formula, no value forges an RIS record or
//! a BibTeX entry, and every XML output parses, whatever the fields hold.
//! The content is in tests/fixtures/hostile/.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Builds the base fixture with `tests/fixtures/hostile/<case>` over it.
fn built(case: &str) -> tempfile::TempDir {
    let site = fixture_site(Some(&format!("hostile/{case}")));
    let output = build(site.path());
    assert!(output.status.success(), "{case}: {}", stderr(&output));
    site
}

fn read(site: &Path, file: &str) -> String {
    fs::read_to_string(site.join("public").join(file)).unwrap()
}

/// What makes a spreadsheet read a cell as a formula, at its start
/// (OWASP's list, with line feed and the full-width signs).
fn opens_as_formula(cell: &str) -> bool {
    cell.trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'])
}

#[test]
fn no_csv_cell_opens_as_a_formula_in_any_column() {
    let site = built("formulas");
    let bytes = fs::read(site.path().join("public/data/studies.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7, "the base study and six hostile ones");
    let json: serde_json::Value =
        serde_json::from_str(&read(site.path(), "data/studies.json")).unwrap();
    // Every text column a contributor fills: each hostile study starts
    // every one of them with its trigger.
    let filled = [
        "title_en",
        "title_zh",
        "authors",
        "journal",
        "volume",
        "issue",
        "pages",
        "design_en",
        "design_zh",
        "themes_en",
        "themes_zh",
        "sample_en",
        "sample_zh",
        "methods_en",
        "methods_zh",
        "keywords_en",
        "keywords_zh",
        "funding_en",
        "funding_zh",
        "quality_tool",
        "citation_apa",
    ];
    let mut quoted = 0;
    for row in &rows {
        for (name, cell) in header.iter().zip(row.iter()) {
            assert!(
                !opens_as_formula(cell),
                "{} {name}: `{cell}` opens as a formula",
                &row[0]
            );
            if row[0].starts_with("formula-") && filled.contains(&name.as_str()) {
                let rest = cell
                    .strip_prefix('\'')
                    .unwrap_or_else(|| panic!("{} {name}: `{cell}` is not quoted", &row[0]));
                assert!(opens_as_formula(rest), "{name}: `{cell}`");
                quoted += 1;
            }
        }
        // The quote is the only change: the value is as in the JSON.
        let study = json["studies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == row[0])
            .unwrap();
        let title = &row[header.iter().position(|h| h == "title_en").unwrap()];
        assert_eq!(
            title.strip_prefix('\'').unwrap_or(title),
            study["title"]["en"]
        );
    }
    assert_eq!(quoted, 6 * filled.len());
}

/// RIS read as its least forgiving reader would: every line break any
/// reader may honour ends a line; a record runs from `TY` to `ER`.
fn ris_records(text: &str) -> Vec<Vec<(String, String)>> {
    let mut records = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    let lines = text
        .split([
            '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}',
        ])
        .filter(|l| !l.trim().is_empty());
    for line in lines {
        let (tag, value) = line
            .split_once("  - ")
            .or_else(|| line.strip_suffix("  -").map(|t| (t, "")))
            .unwrap_or_else(|| panic!("not a RIS line: `{line}`"));
        match tag {
            "TY" => {
                assert!(current.is_none(), "TY inside a record: `{line}`");
                current = Some(vec![(tag.into(), value.into())]);
            }
            "ER" => records.push(current.take().expect("ER without TY")),
            _ => current
                .as_mut()
                .expect("a tag outside a record")
                .push((tag.into(), value.into())),
        }
    }
    assert!(current.is_none(), "a record without ER");
    records
}

/// The record a study page offers for download as `<id>.<ext>`.
fn page_download(site: &Path, id: &str, ext: &str) -> String {
    let page = read(site, &format!("studies/{id}/index.html"));
    let link = page
        .split("<a ")
        .find(|a| a.contains(&format!("download=\"{id}.{ext}\"")))
        .unwrap_or_else(|| panic!("{id}: no {ext} download"));
    let href = link
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let encoded = href.split_once(";charset=utf-8,").unwrap().1;
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn ids(site: &Path) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&read(site, "data/studies.json")).unwrap();
    json["studies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_line_break_in_any_field_forges_no_ris_record() {
    let site = built("ris-lines");
    let ids = ids(site.path());
    assert_eq!(ids.len(), 9, "the base study and eight hostile ones");
    let records = ris_records(&read(site.path(), "data/studies.ris"));
    assert_eq!(records.len(), ids.len(), "exactly one record per study");
    for (record, id) in records.iter().zip(&ids) {
        let get = |tag: &str| -> Vec<&str> {
            record
                .iter()
                .filter(|(t, _)| t == tag)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        assert_eq!(get("TY").len(), 1);
        assert_eq!(get("TI").len(), 1, "{id}: {record:?}");
        if id.starts_with("ris-") {
            assert!(get("TI")[0].starts_with("Title ER - TY - JOUR"), "{id}");
            assert!(get("TI")[0].ends_with(" end"), "{id}");
            assert_eq!(get("AU").len(), 2, "{id}: {record:?}");
            assert_eq!(get("UR").len(), 1, "{id}: {record:?}");
            assert_eq!(get("KW").len(), 1, "{id}: {record:?}");
            assert_eq!(get("EP").len(), 1, "{id}: {record:?}");
        }
        // The page's own download is the same single record, without the
        // terms the data file adds for `gapmap import` (`U1` lines).
        let download = ris_records(&page_download(site.path(), id, "ris"));
        assert_eq!(download.len(), 1, "{id}: {download:?}");
        let without_terms: Vec<(String, String)> =
            record.iter().filter(|(t, _)| t != "U1").cloned().collect();
        assert_eq!(download[0], without_terms);
        assert!(
            record.iter().any(|(t, v)| t == "U1" && v.contains('=')),
            "{id}: no terms"
        );
    }
}

/// An entry's type, key, and fields with their raw values.
type BibEntry = (String, String, Vec<(String, String)>);

/// A .bib file read by BibTeX's own rules: outside entries every `@`
/// starts one; a field value in braces runs to the brace that balances its
/// opening one, counting every brace (a backslash escapes none). Returns
/// each entry's type, key and field names with their raw values.
fn bibtex_entries(text: &str) -> Vec<BibEntry> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut entries = Vec::new();
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    let word = |i: &mut usize, stop: &[char]| -> String {
        let start = *i;
        while *i < chars.len() && !stop.contains(&chars[*i]) && !chars[*i].is_whitespace() {
            *i += 1;
        }
        chars[start..*i].iter().collect()
    };
    loop {
        while i < chars.len() && chars[i] != '@' {
            i += 1;
        }
        if i == chars.len() {
            return entries;
        }
        i += 1;
        let kind = word(&mut i, &['{', '(']);
        skip_ws(&mut i);
        assert_eq!(chars[i], '{', "@{kind}: entries open with a brace");
        i += 1;
        let key = word(&mut i, &[',']);
        assert_eq!(chars[i], ',', "@{kind}{{{key}: a comma after the key");
        i += 1;
        let mut fields = Vec::new();
        loop {
            skip_ws(&mut i);
            if chars[i] == '}' {
                i += 1;
                break;
            }
            let name = word(&mut i, &['=']);
            skip_ws(&mut i);
            assert_eq!(chars[i], '=', "{key}: `{name}` without `=`");
            i += 1;
            skip_ws(&mut i);
            assert_eq!(chars[i], '{', "{key}.{name}: values are braced");
            let start = i + 1;
            let mut depth = 0;
            loop {
                match chars[i] {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            fields.push((name, chars[start..i - 1].iter().collect()));
            skip_ws(&mut i);
            if chars[i] == ',' {
                i += 1;
            }
        }
        entries.push((kind, key, fields));
    }
}

/// The text of a biblatex field, its LaTeX resolved.
fn chunks_text(chunks: &[biblatex::Spanned<biblatex::Chunk>]) -> String {
    chunks.iter().map(|c| c.v.get()).collect()
}

#[test]
fn braces_in_any_field_neither_forge_nor_truncate_a_bibtex_entry() {
    let site = built("bibtex-braces");
    let ids = ids(site.path());
    assert_eq!(ids.len(), 5, "the base study and four hostile ones");
    let content = content_of(site.path());
    let bib = read(site.path(), "data/studies.bib");
    let fields = [
        "title", "author", "year", "journal", "volume", "number", "pages", "doi",
    ];

    let strict = bibtex_entries(&bib);
    assert_eq!(
        strict
            .iter()
            .map(|(_, key, _)| key.clone())
            .collect::<Vec<_>>(),
        ids,
        "by BibTeX's rules, exactly one entry per study, keyed by its id"
    );
    for (kind, key, got) in strict.iter().filter(|(_, key, _)| key.starts_with("bib-")) {
        assert_eq!(kind, "article", "{key}");
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        // The data file adds the study's terms for `gapmap import`.
        let mut with_terms = fields.to_vec();
        with_terms.push("gapmapterms");
        assert_eq!(names, with_terms, "{key}: every field, none forged");
    }

    let parsed = biblatex::Bibliography::parse(&bib).unwrap();
    assert_eq!(parsed.len(), ids.len());
    for s in &content.studies {
        let entry = parsed.get(&s.id).unwrap();
        let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(chunks_text(entry.title().unwrap()), one_line(&s.title.en));
        let authors = entry.author().unwrap();
        assert_eq!(authors.len(), s.authors.len(), "{}: {authors:?}", s.id);
        for (person, author) in authors.iter().zip(&s.authors) {
            assert_eq!(person.name, author.family, "{}", s.id);
            assert_eq!(person.given_name, author.given.clone().unwrap_or_default());
        }
        assert_eq!(
            chunks_text(entry.journal().unwrap()),
            s.journal.clone().unwrap()
        );
        // The page's own download parses the same way, by both readers.
        let record = page_download(site.path(), &s.id, "bib");
        assert_eq!(bibtex_entries(&record).len(), 1, "{}", s.id);
        assert!(
            biblatex::Bibliography::parse(&record)
                .unwrap()
                .get(&s.id)
                .is_some()
        );
    }
}

#[test]
fn every_xml_output_parses_whatever_characters_the_content_holds() {
    let site = built("xml-chars");
    for file in ["feed.xml", "zh/feed.xml", "sitemap.xml"] {
        let text = read(site.path(), file);
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{file} is not well-formed XML: {e}"));
        assert!(!text.contains(['\u{FFFE}', '\u{FFFF}', '\u{1}', '\u{1b}']));
        if file.ends_with("feed.xml") {
            let titles: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("title"))
                .filter_map(|n| n.text())
                .collect();
            assert!(
                titles.iter().any(|t| t
                    .starts_with("Title \u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD}  [31m")
                    || t.starts_with("标题 \u{FFFD}")),
                "{file}: {titles:?}"
            );
        }
    }
}

#[test]
fn a_lone_surrogate_escaped_in_yaml_is_refused_with_its_line_and_column() {
    let site = fixture_site(Some("hostile/yaml-surrogate"));
    for command in ["check", "build"] {
        let root = site.path().to_str().unwrap();
        let output = gapmap(&[command, "--root", root]);
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert!(
            stderr(&output).contains(
                "content/studies/xml-surrogate/study.yaml:3:7: error: invalid YAML: while parsing a quoted scalar, found high surrogate"
            ),
            "{command}: {}",
            stderr(&output)
        );
    }
}
