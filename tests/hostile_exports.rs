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
