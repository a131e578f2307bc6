//! The data exports under data/, the Atom feeds, sitemap.xml and robots.txt:
//! each is read back with a real parser (csv, serde_json, biblatex,
//! roxmltree, and RIS by its tag rules) and holds every study and field.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::*;
use gapmap::content::{Content, Study};

fn built_real() -> (tempfile::TempDir, Content) {
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let content = content_of(site.path());
    (site, content)
}

fn ids(content: &Content) -> BTreeSet<String> {
    content.studies.iter().map(|s| s.id.clone()).collect()
}

fn study<'a>(content: &'a Content, id: &str) -> &'a Study {
    content.studies.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn csv_has_a_bom_one_row_per_study_and_every_field() {
    let (site, content) = built_real();
    let bytes = fs::read(site.path().join("public/data/studies.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), content.studies.len());
    let mut seen = BTreeSet::new();
    for row in &rows {
        assert_eq!(row.len(), header.len());
        let s = study(&content, &row[column("id")]);
        seen.insert(s.id.clone());
        assert_eq!(&row[column("title_en")], s.title.en);
        assert_eq!(
            &row[column("title_zh")],
            s.title.zh.as_deref().unwrap_or("")
        );
        // One column per declared vocabulary, named as study.yaml names it.
        for v in content.taxonomies.all() {
            let field = &content.taxonomies[v].field;
            assert_eq!(&row[column(field)], s.slugs(v).join("; "), "{field}");
            assert!(header.contains(&format!("{field}_zh")), "{field}_zh");
        }
        assert_eq!(
            row[column("authors")]
                .split("; ")
                .filter(|a| !a.is_empty())
                .count(),
            s.authors.len()
        );
        assert_eq!(
            &row[column("year")],
            s.year.map(|y| y.to_string()).unwrap_or_default()
        );
        assert_eq!(&row[column("doi")], s.doi.as_deref().unwrap_or(""));
        assert_eq!(&row[column("journal")], s.journal.as_deref().unwrap_or(""));
        assert_eq!(
            &row[column("sample_size")],
            s.sample_size.map(|n| n.to_string()).unwrap_or_default()
        );
        assert_eq!(&row[column("date_added")], s.date_added);
        assert_eq!(&row[column("methods_en")], s.methods.en);
        assert!(
            site.path()
                .join("public")
                .join(&row[column("page_zh")])
                .is_file()
        );
    }
    assert_eq!(seen, ids(&content));
    // Chinese labels travel too.
    assert!(
        rows.iter()
            .any(|r| r[column("themes_zh")].contains("自我照护"))
    );
}

#[test]
fn json_and_csl_json_hold_every_study() {
    let (site, content) = built_real();
    let data = site.path().join("public/data");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(data.join("studies.json")).unwrap()).unwrap();
    let studies = json["studies"].as_array().unwrap();
    assert_eq!(studies.len(), content.studies.len());
    for item in studies {
        let s = study(&content, item["id"].as_str().unwrap());
        assert_eq!(item["title"]["en"], s.title.en.as_str());
        assert_eq!(item["title"]["zh"].as_str(), s.title.zh.as_deref());
        assert_eq!(item["authors"].as_array().unwrap().len(), s.authors.len());
        assert_eq!(item["year"].as_i64(), s.year.map(i64::from));
        assert_eq!(item["doi"].as_str(), s.doi.as_deref());
        // Every declared vocabulary, named as study.yaml names it.
        for v in content.taxonomies.all() {
            let field = &content.taxonomies[v].field;
            let slugs: Vec<&str> = item[field.as_str()]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["slug"].as_str().unwrap())
                .collect();
            assert_eq!(slugs, s.slugs(v), "{field}");
            if !slugs.is_empty() {
                assert!(item[field.as_str()][0]["label"]["zh"].is_string());
            }
        }
        assert_eq!(item["methods"]["en"], s.methods.en.as_str());
        assert_eq!(item["date_updated"], s.date_updated.as_str());
        assert!(item.get("internal_notes").is_none());
    }

    let csl: serde_json::Value =
        serde_json::from_slice(&fs::read(data.join("studies.csl.json")).unwrap()).unwrap();
    let items = csl.as_array().unwrap();
    assert_eq!(items.len(), content.studies.len());
    for item in items {
        let s = study(&content, item["id"].as_str().unwrap());
        assert_eq!(item["title"], s.title.en.as_str());
        let kind = item["type"].as_str().unwrap();
        assert!(kind == "article-journal" || kind == "article", "{kind}");
        let families: Vec<&str> = item["author"]
            .as_array()
            .map(|a| a.iter().map(|n| n["family"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let expected: Vec<&str> = s.authors.iter().map(|a| a.family.as_str()).collect();
        assert_eq!(families, expected);
        assert_eq!(item["DOI"].as_str(), s.doi.as_deref());
        assert_eq!(item["container-title"].as_str(), s.journal.as_deref());
        if let Some(year) = s.year {
            assert_eq!(item["issued"]["date-parts"][0][0], i64::from(year));
        }
    }
}

/// RIS records: `TAG  - value` lines, each record ending with `ER  -`.
fn ris_records(text: &str) -> Vec<Vec<(String, String)>> {
    let mut records = Vec::new();
    let mut current = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (tag, value) = line
            .split_once("  -")
            .expect("a RIS line is `TAG  - value`");
        assert_eq!(tag.len(), 2, "RIS tags have two characters: {line}");
        let value = value.strip_prefix(' ').unwrap_or(value).to_string();
        if tag == "ER" {
            records.push(std::mem::take(&mut current));
        } else {
            current.push((tag.to_string(), value));
        }
    }
    assert!(current.is_empty(), "a record without ER");
    records
}

#[test]
fn ris_and_bibtex_round_trip_every_study_with_unique_keys() {
    let (site, content) = built_real();
    let data = site.path().join("public/data");
    let records = ris_records(&fs::read_to_string(data.join("studies.ris")).unwrap());
    assert_eq!(records.len(), content.studies.len());
    for (record, s) in records.iter().zip(&content.studies) {
        let get = |tag: &str| -> Vec<&str> {
            record
                .iter()
                .filter(|(t, _)| t == tag)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        assert_eq!(record[0].0, "TY", "a record starts with TY");
        assert_eq!(get("TI"), vec![s.title.en.as_str()]);
        assert_eq!(get("AU").len(), s.authors.len());
        assert_eq!(get("DO").first().copied(), s.doi.as_deref());
        assert_eq!(
            get("PY").first().map(|y| y.to_string()),
            s.year.map(|y| y.to_string())
        );
    }

    let bib = fs::read_to_string(data.join("studies.bib")).unwrap();
    let parsed = biblatex::Bibliography::parse(&bib).unwrap();
    assert_eq!(parsed.len(), content.studies.len());
    let keys: BTreeSet<String> = parsed.iter().map(|e| e.key.clone()).collect();
    assert_eq!(keys, ids(&content), "one unique, stable key per study");
    for s in &content.studies {
        let entry = parsed.get(&s.id).unwrap();
        let title = entry.title().unwrap();
        let title: String = title.iter().map(|c| c.v.get()).collect();
        assert_eq!(title, s.title.en);
        assert_eq!(entry.doi().ok().as_deref(), s.doi.as_deref());
        assert_eq!(
            entry.author().map(|a| a.len()).unwrap_or(0),
            s.authors.len()
        );
    }

    // Each study page offers its own two records, named for the study.
    for s in &content.studies {
        let page = fs::read_to_string(
            site.path()
                .join(format!("public/zh/studies/{}/index.html", s.id)),
        )
        .unwrap();
        for (ext, media_type) in [
            ("ris", "application/x-research-info-systems"),
            ("bib", "application/x-bibtex"),
        ] {
            let download = format!("download=\"{}.{ext}\"", s.id);
            let link = page
                .split("<a ")
                .find(|a| a.contains(&download))
                .unwrap_or_else(|| panic!("{}: no {ext} download", s.id));
            let href = link
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let prefix = format!("data:{media_type};charset=utf-8,");
            let record = percent_decode(href.strip_prefix(&prefix).unwrap());
            assert!(record.contains(&s.title.en), "{}: {record}", s.id);
            if ext == "bib" {
                let parsed = biblatex::Bibliography::parse(&record).unwrap();
                assert!(parsed.get(&s.id).is_some());
            } else {
                assert_eq!(ris_records(&record).len(), 1);
            }
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn xml(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn feeds_and_sitemap_are_valid_xml_and_point_at_real_pages() {
    let (site, content) = built_real();
    let public = site.path().join("public");
    let base = "https://gapmap.netlify.app/";
    for (feed, prefix) in [("feed.xml", ""), ("zh/feed.xml", "zh/")] {
        let text = xml(&public.join(feed));
        let doc = roxmltree::Document::parse(&text).unwrap();
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert_eq!(entries.len(), content.studies.len());
        let mut added: Vec<String> = Vec::new();
        for entry in entries {
            let link = entry
                .children()
                .find(|n| n.has_tag_name("link"))
                .unwrap()
                .attribute("href")
                .unwrap();
            let path = link.strip_prefix(base).unwrap();
            assert!(path.starts_with(&format!("{prefix}studies/")), "{link}");
            assert!(public.join(path).is_file(), "{link}");
            let published = entry
                .children()
                .find(|n| n.has_tag_name("published"))
                .unwrap()
                .text()
                .unwrap();
            added.push(published.to_string());
        }
        let mut newest_first = added.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(added, newest_first, "{feed}: newest first");
        // Every page links its language's feed.
        let home = fs::read_to_string(public.join(format!("{prefix}index.html"))).unwrap();
        assert!(home.contains("type=\"application/atom+xml\""));
    }

    let text = xml(&public.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&text).unwrap();
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let pages = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        // The page served for a missing path is no page of the site's own.
        .filter(|e| e.file_name() != "404.html")
        .count();
    assert_eq!(urls.len(), pages, "every page is in the sitemap");
    for url in urls {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap();
        assert!(
            public.join(loc.strip_prefix(base).unwrap()).is_file(),
            "{loc}"
        );
        let alternates: Vec<(&str, &str)> = url
            .children()
            .filter(|n| n.has_tag_name("link"))
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap(),
                    n.attribute("href").unwrap(),
                )
            })
            .collect();
        assert_eq!(
            alternates.iter().map(|a| a.0).collect::<Vec<_>>(),
            ["en", "zh-Hans"]
        );
        assert!(alternates.iter().any(|a| a.1 == loc));
        for (_, href) in alternates {
            assert!(
                public.join(href.strip_prefix(base).unwrap()).is_file(),
                "{href}"
            );
        }
    }
    let robots = fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {base}sitemap.xml")));
}

#[test]
fn markup_characters_in_metadata_stay_valid_in_every_format() {
    let site = fixture_site(None);
    let study = site.path().join("content/studies/peer-burnout/study.yaml");
    let tricky = "Burnout & \"boundaries\" <among> peers' work";
    let text = fs::read_to_string(&study).unwrap().replace(
        "  en: Burnout among peer workers",
        &format!("  en: '{}'", tricky.replace('\'', "''")),
    );
    fs::write(&study, text).unwrap();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path().join("public");

    for feed in ["feed.xml", "zh/feed.xml", "sitemap.xml"] {
        let text = xml(&public.join(feed));
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{feed} is not valid XML: {e}"));
        if feed == "feed.xml" {
            assert!(
                doc.descendants()
                    .any(|n| n.has_tag_name("title") && n.text() == Some(tricky))
            );
        }
    }
    let csv = fs::read(public.join("data/studies.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], tricky);
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(public.join("data/studies.json")).unwrap()).unwrap();
    assert_eq!(json["studies"][0]["title"]["en"], tricky);
    let bib = fs::read_to_string(public.join("data/studies.bib")).unwrap();
    let parsed = biblatex::Bibliography::parse(&bib).unwrap();
    assert_eq!(parsed.len(), 1);
}

#[test]
fn exports_are_byte_identical_across_builds() {
    let (site, _) = built_real();
    let public = site.path().join("public");
    let first = snapshot(&public.join("data"));
    let feed = fs::read(public.join("feed.xml")).unwrap();
    let sitemap = fs::read(public.join("sitemap.xml")).unwrap();
    let again = build(site.path());
    assert!(again.status.success());
    assert_eq!(snapshot(&public.join("data")), first);
    assert_eq!(fs::read(public.join("feed.xml")).unwrap(), feed);
    assert_eq!(fs::read(public.join("sitemap.xml")).unwrap(), sitemap);
}
