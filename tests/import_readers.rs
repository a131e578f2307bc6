//! The readers of `gapmap import` on files as the tools of the field write
//! them (tests/fixtures/import/, written from each format's documentation):
//! Zotero's and EndNote's RIS, Zotero's BibTeX and CSL-JSON, a table Excel
//! saved as "CSV UTF-8" and as "Unicode text", and gapmap's own
//! data/studies.csv.

use gapmap::content::AuthorName;
use gapmap::import::detect::{Format, detect};
use gapmap::import::record::{Read, Record};
use gapmap::import::text::decode;
use gapmap::import::{bibtex, csl_json, csv, ris};

fn fixture(name: &str) -> (String, String) {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap();
    (name.to_string(), decode(name, &bytes).unwrap())
}

fn read(name: &str) -> Read {
    let (file, text) = fixture(name);
    match detect(&text).unwrap() {
        Format::Ris => ris::read(&file, &text),
        Format::Bibtex => bibtex::read(&file, &text),
        Format::CslJson => csl_json::read(&file, &text),
        Format::Csv => csv::read(&file, &text),
        Format::EppiJson => panic!("{name}: not one of these readers'"),
    }
}

fn author(family: &str, given: Option<&str>) -> AuthorName {
    AuthorName {
        family: family.into(),
        given: given.map(Into::into),
        id: None,
    }
}

fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|k| k.to_string()).collect()
}

/// The record every format's fixture has first: Zotero's export of one
/// journal article.
fn burnout(kind: &str) -> Record {
    Record {
        title: s("Burnout and self-care among peer support workers"),
        authors: vec![
            author("Chu", Some("Wendy")),
            author("Miller", Some("Sarah J.")),
        ],
        year: Some(2021),
        journal: s("Journal of Substance Use Recovery"),
        volume: s("12"),
        issue: s("2"),
        pages: s("45-52"),
        doi: s("10.1234/jsur.2021.7"),
        url: s("https://example.org/jsur/2021/7"),
        abstract_text: s("Peer support workers reported burnout that self-care practices eased."),
        keywords: strings(&["burnout", "self-care"]),
        kind: s(kind),
        ..Record::default()
    }
}

fn positions(read: &Read) -> Vec<String> {
    read.records.iter().map(|(at, _)| at.to_string()).collect()
}

#[test]
fn zotero_ris_with_crlf_and_a_missing_er() {
    let read = read("zotero.ris");
    assert!(read.refused.is_empty(), "{:?}", read.refused);
    assert_eq!(
        positions(&read),
        ["zotero.ris:1", "zotero.ris:21", "zotero.ris:30"]
    );
    assert_eq!(read.records[0].1, burnout("JOUR"));
    assert_eq!(
        read.records[1].1,
        Record {
            title: s("Peer work in a system of care"),
            authors: vec![author("Scannell", Some("Christian"))],
            year: Some(2019),
            journal: s("Recovery Services Handbook"),
            pages: s("101-120"),
            doi: s("10.5555/rsh.6"),
            kind: s("CHAP"),
            ..Record::default()
        }
    );
    assert_eq!(
        read.records[2].1,
        Record {
            title: s("Supervision of peer workers: a survey"),
            authors: vec![author("Harrison", Some("Sayward E."))],
            year: Some(2023),
            url: s("https://example.org/reports/supervision"),
            keywords: strings(&["supervision"]),
            kind: s("RPRT"),
            ..Record::default()
        }
    );
}

#[test]
fn endnote_ris_prefers_the_full_journal_and_refuses_a_record_without_title() {
    let read = read("endnote.ris");
    assert_eq!(positions(&read), ["endnote.ris:1 (118)"]);
    assert_eq!(
        read.records[0].1,
        Record {
            title: s("The role of peer support in providing substance use services to youth"),
            authors: vec![
                author("Foundry", Some("Research Team")),
                author("Wu", Some("Eleanor G")),
            ],
            year: Some(2023),
            journal: s("Harm Reduction Journal"),
            volume: s("20"),
            issue: s("1"),
            pages: s("118"),
            doi: s("10.1186/s12954-023-00853-3"),
            url: s("https://doi.org/10.1186/s12954-023-00853-3"),
            abstract_text: s("Youth peer support workers described their roles."),
            keywords: strings(&["peer support", "youth"]),
            kind: s("JOUR"),
            ..Record::default()
        }
    );
    assert_eq!(read.refused.len(), 1);
    assert_eq!(read.refused[0].at.to_string(), "endnote.ris:22 (119)");
    assert!(read.refused[0].reason.contains("no title"));
}

#[test]
fn zotero_bibtex_with_latex_escapes_and_a_broken_entry() {
    let read = read("zotero.bib");
    assert_eq!(
        positions(&read),
        [
            "zotero.bib:2 (chu_burnout_2021)",
            "zotero.bib:16 (muller_peer_2019)",
            "zotero.bib:30 (kept_after_2024)",
        ]
    );
    assert_eq!(read.records[0].1, burnout("article"));
    assert_eq!(
        read.records[1].1,
        Record {
            title: s("Über die Peer-Arbeit: Stigma & Anerkennung"),
            authors: vec![
                author("Müller", Some("Jörg")),
                author("World Health Organization", None),
            ],
            year: Some(2019),
            journal: s("Handbuch der Genesung"),
            pages: s("101-120"),
            kind: s("incollection"),
            ..Record::default()
        }
    );
    assert_eq!(read.records[2].1.year, Some(2024));
    assert_eq!(read.refused.len(), 1, "{:?}", read.refused);
    let refused = &read.refused[0];
    assert_eq!(refused.at.source_id.as_deref(), Some("broken_2023"));
    // The title's brace is never closed: the parser runs to the entry's end.
    assert_eq!(refused.at.line, Some(28), "{refused:?}");
    assert!(refused.reason.contains("line 24"), "{}", refused.reason);
}

#[test]
fn zotero_csl_json_with_a_literal_author_and_an_item_without_title() {
    let read = read("zotero.json");
    assert_eq!(
        positions(&read),
        [
            "zotero.json record 1 (http://zotero.org/users/local/abc123/items/CHU2021A)",
            "zotero.json record 2 (WHO2022)",
        ]
    );
    assert_eq!(read.records[0].1, burnout("article-journal"));
    assert_eq!(
        read.records[1].1,
        Record {
            title: s("Peer support in mental health and substance use services"),
            authors: vec![author("World Health Organization", None)],
            year: Some(2022),
            kind: s("report"),
            ..Record::default()
        }
    );
    assert_eq!(read.refused.len(), 1);
    assert_eq!(
        read.refused[0].at.to_string(),
        "zotero.json record 3 (untitled-item)"
    );
}

/// What Excel saved, whichever way: two rows read, one without a title and
/// one with a field too many refused by their lines.
fn excel_table(name: &str) {
    let read = read(name);
    assert_eq!(positions(&read), [format!("{name}:2"), format!("{name}:3")]);
    assert_eq!(
        read.records[0].1,
        Record {
            title: s("Burnout among peer workers"),
            authors: vec![author("Doe", Some("Jane")), author("Smith", Some("John"))],
            year: Some(2021),
            journal: s("Journal of Tests"),
            volume: s("3"),
            issue: s("1"),
            pages: s("10-19"),
            doi: s("10.1234/test.1"),
            codes: strings(&["Design=qualitative", "Country=USA", "Country=Canada"]),
            ..Record::default()
        }
    );
    assert_eq!(
        read.records[1].1,
        Record {
            title: s("同伴支持者的自我照护"),
            authors: vec![author("王", Some("芳"))],
            year: Some(2020),
            codes: strings(&["Design=survey", "Country=China", "Notes==1+1"]),
            ..Record::default()
        }
    );
    let refused: Vec<String> = read.refused.iter().map(|r| r.at.to_string()).collect();
    assert_eq!(refused, [format!("{name}:4"), format!("{name}:5")]);
    assert!(read.refused[0].reason.contains("no title"));
    assert!(
        read.refused[1]
            .reason
            .contains("12 fields where the header has 11")
    );
}

#[test]
fn excel_csv_utf8_with_a_bom_and_semicolons() {
    excel_table("excel-utf8.csv");
}

#[test]
fn excel_unicode_text_utf16_with_tabs() {
    excel_table("excel-unicode.txt");
}

#[test]
fn gapmap_own_studies_csv_reads_back() {
    let read = read("gapmap-studies.csv");
    assert!(read.refused.is_empty(), "{:?}", read.refused);
    assert_eq!(read.records.len(), 5);
    let (at, first) = &read.records[0];
    assert_eq!(
        at.to_string(),
        "gapmap-studies.csv:2 (chu-2025-psw-resources)"
    );
    assert_eq!(first.authors.len(), 7);
    assert_eq!(first.authors[2], author("Miller", Some("Sarah J")));
    assert_eq!(first.year, Some(2025));
    assert_eq!(
        first.journal.as_deref(),
        Some("American Journal of Orthopsychiatry")
    );
    assert_eq!(first.doi.as_deref(), Some("10.1037/ort0000867"));
    assert_eq!(
        first.codes,
        strings(&[
            "design=qualitative",
            "themes=self-care",
            "themes=boundaries",
            "themes=social-support",
            "themes=supervision",
            "themes=organizational-support",
            "themes=stigma",
            "themes=funding-and-policy",
            "populations=not-stated",
            "regions=not-stated",
        ])
    );
    let scannell = &read.records[3].1;
    assert_eq!(
        scannell,
        &Record {
            title: s("Voices of Hope: Substance Use Peer Support in a System of Care"),
            authors: vec![author("Scannell", Some("Christian"))],
            year: Some(2021),
            journal: s("Substance Abuse: Research and Treatment"),
            volume: s("15"),
            pages: s("1-7"),
            doi: s("10.1177/11782218211050360"),
            url: s("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8524681/"),
            codes: strings(&[
                "design=qualitative",
                "themes=professional-recognition",
                "themes=role-clarity",
                "themes=supervision",
                "themes=training-and-mentorship",
                "themes=stigma",
                "themes=organizational-support",
                "populations=not-stated",
                "regions=not-stated",
                "settings=system-of-care",
            ]),
            ..Record::default()
        }
    );
    let williams = &read.records[4].1;
    assert_eq!(
        williams.keywords,
        strings(&["Peer support", "Recovery", "Recovery coach", "Self-care"])
    );
    assert!(read.records[2].1.authors.is_empty());
}

/// gapmap's own four exports of the same studies (the real content's golden
/// output) read back to the same citations: the readers' half of the round
/// trip of issue 19. Keywords go out only in English and CSV's URL column
/// is the study's, so those are compared where the formats carry them.
#[test]
fn gapmap_own_exports_read_back_to_the_same_citations() {
    let golden = format!("{}/tests/golden/real/data", env!("CARGO_MANIFEST_DIR"));
    let load = |name: &str| {
        let bytes = std::fs::read(format!("{golden}/{name}")).unwrap();
        let text = decode(name, &bytes).unwrap();
        let read = match detect(&text).unwrap() {
            Format::Ris => ris::read(name, &text),
            Format::Bibtex => bibtex::read(name, &text),
            Format::CslJson => csl_json::read(name, &text),
            Format::Csv => csv::read(name, &text),
            Format::EppiJson => panic!("{name}"),
        };
        assert!(read.refused.is_empty(), "{name}: {:?}", read.refused);
        read.records
            .into_iter()
            .map(|(_, r)| Record {
                title: r
                    .title
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")),
                authors: r.authors,
                year: r.year,
                journal: r.journal,
                volume: r.volume,
                issue: r.issue,
                pages: r.pages,
                doi: r.doi,
                url: r.url,
                ..Record::default()
            })
            .collect::<Vec<_>>()
    };
    let csv = load("studies.csv");
    assert_eq!(csv.len(), 5);
    for name in ["studies.ris", "studies.bib", "studies.csl.json"] {
        assert_eq!(load(name), csv, "{name}");
    }
}
