//! Issue 20: site.yaml says where the map's studies come from, and every
//! place a reader sees a zero without the methods page (the home page under
//! the tagline, the map's introduction, the legend, the printed brief, an
//! empty cell's tooltip) words it accordingly.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn read(root: &Path, page: &str) -> String {
    fs::read_to_string(root.join("public").join(page)).unwrap()
}

/// The base fixture with a second study on another theme and population,
/// so that its map has empty cells to word.
fn with_a_gap() -> tempfile::TempDir {
    let site = fixture_site(None);
    let studies = site.path().join("content/studies");
    copy_dir(&studies.join("peer-burnout"), &studies.join("peer-youth"));
    let yaml = studies.join("peer-youth/study.yaml");
    let text = fs::read_to_string(&yaml)
        .unwrap()
        .replace("doi: \"10.1234/test.1\"", "doi: \"10.1234/test.2\"")
        .replace("populations: [adults]", "populations: [youth]")
        .replace("themes: [burnout, self-care]", "themes: [self-care]");
    fs::write(&yaml, text).unwrap();
    site
}

fn with_evidence(evidence: &str) -> tempfile::TempDir {
    let site = with_a_gap();
    let path = site.path().join("content/site.yaml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(evidence);
    fs::write(&path, text).unwrap();
    site
}

#[test]
fn the_real_map_is_worded_as_a_collection_with_its_scope() {
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let scope = "A collection of studies, not a systematic search: studies about peer support workers in substance use recovery";
    let home = read(site.path(), "index.html");
    assert!(
        home.contains(&format!("<p class=\"evidence\">{scope}")),
        "under the tagline"
    );
    assert!(
        home.contains(&format!("does not work. {scope}")),
        "in the legend"
    );
    assert!(home.contains("A cell with 0 means no study in this collection"));
    assert!(home.contains("title=\"No study in this collection\""));
    assert!(!home.contains("No study found"));
    let brief = read(site.path(), "brief/index.html");
    assert!(brief.contains("The studies are a collection, not a systematic search"));
    assert!(brief.contains(&format!("<p class=\"evidence\">{scope}")));
    let zh = read(site.path(), "zh/index.html");
    assert!(zh.contains("这是一个研究合集，并非系统检索的结果：关于物质使用康复领域"));
    assert!(zh.contains("title=\"本合集中没有研究\""));
    let zh_brief = read(site.path(), "zh/brief/index.html");
    assert!(zh_brief.contains("这些研究是一个合集，并非系统检索的结果"));
}

#[test]
fn without_a_declaration_the_map_is_a_collection() {
    let site = with_a_gap();
    assert!(build(site.path()).status.success());
    let home = read(site.path(), "index.html");
    assert!(
        home.contains(
            "<p class=\"evidence\">A collection of studies, not a systematic search.</p>"
        )
    );
    assert!(home.contains("title=\"No study in this collection\""));
}

#[test]
fn a_systematic_search_may_say_that_no_study_was_found() {
    let site = with_evidence(
        "evidence:\n  kind: systematic-search\n  searched: {from: \"2025-01-01\", to: \"2026-06-30\"}\n  scope: {en: \"peer workers in recovery services.\", zh: 同伴工作者}\n",
    );
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let home = read(site.path(), "index.html");
    assert!(home.contains(
        "Studies found by a systematic search run from 2025-01-01 to 2026-06-30: peer workers in recovery services.</p>"
    ));
    assert!(home.contains("title=\"No study found\""));
    assert!(home.contains("the search found no study on that combination"));
    assert!(!home.contains("in this collection"));
    let brief = read(site.path(), "brief/index.html");
    assert!(brief.contains("the systematic search found no study there"));
    let zh = read(site.path(), "zh/index.html");
    assert!(zh.contains("这些研究来自 2025-01-01 至 2026-06-30 进行的一次系统检索：同伴工作者。"));
    assert!(zh.contains("title=\"检索未发现研究\""));
}

/// Each mistake in `evidence` is an error at its line and column, with
/// what to write instead.
#[test]
fn a_wrong_evidence_declaration_is_an_error_at_its_place() {
    let cases = [
        (
            "evidence:\n  kind: systematic\n",
            "content/site.yaml:18:9: error: unknown evidence kind `systematic`",
            "did you mean `systematic-search`?",
        ),
        (
            "evidence:\n  kind: systematic-search\n",
            "content/site.yaml:18:3: error: `evidence` of `kind: systematic-search` needs the dates the search ran",
            "searched: {from:",
        ),
        (
            "evidence:\n  kind: collection\n  searched: {from: \"2025-01-01\", to: \"2026-06-30\"}\n",
            "content/site.yaml:19:13: error: a collection has no search dates",
            "remove `searched`",
        ),
        (
            "evidence:\n  kind: systematic-search\n  searched: {from: \"2026-01-01\", to: \"2025-06-30\"}\n",
            "content/site.yaml:19:38: error: the search cannot end (`to: 2025-06-30`) before it began",
            "swap the two dates",
        ),
        (
            "evidence:\n  kind: systematic-search\n  searched: {from: \"2026-13-01\", to: \"2026-06-30\"}\n",
            "content/site.yaml:19:20: error: `from` is not a date of the form YYYY-MM-DD",
            "",
        ),
        (
            "evidence:\n  kind: collection\n  scopes: {en: x}\n",
            "content/site.yaml:19:3: error: unknown field `scopes` in `evidence`",
            "did you mean `scope`?",
        ),
        (
            "evidence: collection\n",
            "content/site.yaml:17:11: error: `evidence` must be a mapping",
            "",
        ),
    ];
    for (evidence, message, help) in cases {
        let site = with_evidence(evidence);
        let output = build(site.path());
        let err = stderr(&output);
        assert!(!output.status.success(), "{evidence}");
        assert!(err.contains(message), "{evidence}\n{err}");
        assert!(err.contains(help), "{evidence}\n{err}");
    }
}
