//! The data the site's scripts read (assets/browse/): every study with its
//! terms as the study files give them, each language's lines, and citation
//! records that, put together, are the data files byte for byte, so a
//! selection downloaded in the browser is the same records as the whole
//! map's files.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

/// The JSON a data script assigns: `window.X = {...};` or
/// `(window.X = window.X || {})["key"] = [...];`.
fn assigned(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json = if text.starts_with("(window.") {
        let at = text.find("] = ").expect("a shard's assignment");
        &text[at + 4..]
    } else {
        let at = text.find(" = ").expect("an assignment");
        &text[at + 3..]
    };
    let json = json.trim_end().trim_end_matches(';');
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn shards(dir: &Path, prefix: &str) -> Vec<Value> {
    let mut k = 0;
    let mut out = Vec::new();
    while dir.join(format!("{prefix}{k}.js")).exists() {
        out.push(assigned(&dir.join(format!("{prefix}{k}.js"))));
        k += 1;
    }
    out
}

fn check(root: &Path) {
    let output = build(root);
    assert!(output.status.success(), "{}", stderr(&output));
    let content = content_of(root);
    let public = root.join("public");
    let browse = public.join("assets/browse");
    let facets = assigned(&browse.join("facets.js"));
    let studies = facets["studies"].as_array().unwrap();
    assert_eq!(studies.len(), content.studies.len());
    let vocabularies = facets["vocabularies"].as_array().unwrap();
    assert_eq!(vocabularies.len(), content.taxonomies.vocabularies.len());

    // Each study's terms, by index, are the slugs its study.yaml gives
    // (its line names its page; the lines are in the list's order, which
    // labels.js gives: newest first).
    let lines = shards(&browse.join("en"), "lines-");
    let in_order: Vec<&Value> = lines.iter().flat_map(|s| s.as_array().unwrap()).collect();
    assert_eq!(in_order.len(), studies.len());
    let order: Vec<usize> = assigned(&browse.join("en/labels.js"))["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_u64().unwrap() as usize)
        .collect();
    let years: Vec<i64> = order
        .iter()
        .map(|&i| studies[i][0].as_i64().unwrap())
        .collect();
    assert!(
        years.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {years:?}"
    );
    let mut en_lines = vec![&Value::Null; studies.len()];
    for (k, &i) in order.iter().enumerate() {
        en_lines[i] = in_order[k];
    }
    for (i, study) in studies.iter().enumerate() {
        let href = en_lines[i][1].as_str().unwrap();
        let id = href
            .trim_start_matches("studies/")
            .trim_end_matches("/index.html");
        let source = content.studies.iter().find(|s| s.id == id).unwrap();
        assert_eq!(
            study[0].as_i64().unwrap(),
            i64::from(source.year.unwrap_or(0))
        );
        for (v, vocabulary) in vocabularies.iter().enumerate() {
            let slugs: Vec<&str> = study[2][v]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    vocabulary["terms"][t.as_u64().unwrap() as usize]
                        .as_str()
                        .unwrap()
                })
                .collect();
            let v = gapmap::content::Vocabulary::nth(v);
            let mut given: Vec<&str> = source.slugs(v).iter().map(String::as_str).collect();
            let mut slugs = slugs;
            given.sort_unstable();
            slugs.sort_unstable();
            assert_eq!(slugs, given, "{id}: {}", vocabulary["key"]);
        }
        assert_eq!(en_lines[i][0].as_str().unwrap(), source.title.en);
    }

    // The citation shards put together are the data files.
    let cites = shards(&browse, "cite-");
    let records: Vec<&Value> = cites.iter().flat_map(|s| s.as_array().unwrap()).collect();
    let joined = |column: usize| -> String {
        records
            .iter()
            .map(|r| r[column].as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        joined(0),
        fs::read_to_string(public.join("data/studies.ris")).unwrap()
    );
    assert_eq!(
        joined(1),
        fs::read_to_string(public.join("data/studies.bib")).unwrap()
    );
    let csv = format!(
        "\u{feff}{}{}",
        facets["csv_header"].as_str().unwrap(),
        records
            .iter()
            .map(|r| r[2].as_str().unwrap())
            .collect::<String>()
    );
    assert_eq!(
        csv,
        fs::read_to_string(public.join("data/studies.csv")).unwrap()
    );

    // The Chinese lines link to the Chinese pages.
    let zh = shards(&browse.join("zh"), "lines-");
    let zh_first = &zh[0][0];
    assert!(
        zh_first[1].as_str().unwrap().starts_with("zh/studies/"),
        "{zh_first}"
    );
    let order = assigned(&browse.join("zh/labels.js"))["order"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(order, studies.len());
}

#[test]
fn the_real_content_s_data_match_its_study_files_and_data_files() {
    let site = real_site();
    check(site.path());
}

#[test]
fn the_example_map_s_data_match_its_study_files_and_data_files() {
    let site = example_site();
    check(site.path());
}
