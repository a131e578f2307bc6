//! Every page type, in both languages, of the real site and of the hostile
//! fixture passes html-validate (pinned in package.json, installed by
//! `npm ci`) with the repository's .htmlvalidate.json: the recommended
//! rules, less two: `no-trailing-whitespace`, because highlighted BibTeX
//! and RIS records keep their bytes exactly and RIS's end-of-record line is
//! `ER  - ` with its trailing space; and `long-title` (a search-engine
//! length hint), because a study page's title is the article's full title,
//! which readers need to tell studies apart in tabs and bookmarks.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const PAGES: &[&str] = &[
    "index.html",
    "studies/index.html",
    "studies/williams-2021-self-care/index.html",
    "studies/foundry-2023-youth-peer-support/index.html",
    "themes/index.html",
    "themes/self-care/index.html",
    "themes/self-care/brief/index.html",
    "brief/index.html",
    "regions/united-states/index.html",
    "authors/index.html",
    "authors/christian-scannell/index.html",
    "map/self-care/populations/not-stated/index.html",
    "search/index.html",
    "about/index.html",
];

/// Where `npm ci` installs html-validate; GAPMAP_NODE_MODULES names
/// another node_modules folder (the test of the skip line names none).
fn html_validate() -> Option<std::path::PathBuf> {
    let modules = std::env::var_os("GAPMAP_NODE_MODULES")
        .map_or_else(|| repo().join("node_modules"), std::path::PathBuf::from);
    let bin = modules.join(".bin/html-validate");
    if bin.exists() {
        return Some(bin);
    }
    let reason = "node_modules/.bin/html-validate is missing: run `npm ci` (.ci/run does)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true and the HTML check cannot run: {reason}");
    }
    common::browser::say_skipped("HTML check", reason);
    None
}

fn validate(bin: &Path, public: &Path, pages: &[String]) {
    let output = Command::new(bin)
        .arg("--config")
        .arg(repo().join(".htmlvalidate.json"))
        .args(pages.iter().map(|p| public.join(p)))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "html-validate found errors:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_page_type_is_valid_html_in_both_languages() {
    let Some(bin) = html_validate() else {
        return;
    };
    let site = real_site();
    assert!(build(site.path()).status.success());
    let public = site.path().join("public");
    let pages: Vec<String> = ["", "zh/"]
        .iter()
        .flat_map(|lang| PAGES.iter().map(move |p| format!("{lang}{p}")))
        .collect();
    for page in &pages {
        assert!(public.join(page).is_file(), "{page}");
    }
    validate(&bin, &public, &pages);

    // A page with known errors fails, so a broken run cannot pass.
    std::fs::write(
        public.join("bad.html"),
        "<!DOCTYPE html><html><p><div></p></html>",
    )
    .unwrap();
    let bad = Command::new(&bin)
        .arg("--config")
        .arg(repo().join(".htmlvalidate.json"))
        .arg(public.join("bad.html"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

/// Pages of the second example map (a framework of its own: nested rows
/// and columns, segments, a second map).
pub const EXAMPLE_PAGES: &[&str] = &[
    "index.html",
    "maps/outcomes-by-groups/index.html",
    "map/reflective-supervision/outcomes/burnout/index.html",
    "studies/index.html",
    "studies/synthetic-01-reflective-supervision-kenya/index.html",
    "interventions/index.html",
    "interventions/supervision/index.html",
    "countries/africa/index.html",
    "brief/index.html",
];

#[test]
fn the_example_map_is_valid_html_in_both_languages() {
    let Some(bin) = html_validate() else {
        return;
    };
    let site = example_site();
    assert!(build(site.path()).status.success());
    let public = site.path().join("public");
    let pages: Vec<String> = ["", "zh/"]
        .iter()
        .flat_map(|lang| EXAMPLE_PAGES.iter().map(move |p| format!("{lang}{p}")))
        .collect();
    for page in &pages {
        assert!(public.join(page).is_file(), "{page}");
    }
    validate(&bin, &public, &pages);
}

#[test]
fn a_bundle_start_page_is_valid_html() {
    let Some(bin) = html_validate() else {
        return;
    };
    let site = real_site();
    let zip = site.path().join("b.zip");
    let output = gapmap(&[
        "bundle",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        zip.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dir = site.path().join("unzipped");
    zip::ZipArchive::new(std::fs::File::open(&zip).unwrap())
        .unwrap()
        .extract(&dir)
        .unwrap();
    validate(
        &bin,
        &dir.join("peer-support-evidence-map-offline"),
        &[
            "START-HERE.html".to_string(),
            "studies/williams-2021-self-care/index.html".to_string(),
        ],
    );
}

/// Runs the HTML checks of this binary as `cargo test` does (output
/// captured), with no html-validate to be found.
fn run_without_html_validate(ci: Option<&str>) -> std::process::Output {
    let mut run = Command::new(std::env::current_exe().unwrap());
    run.args(["--test-threads", "1", "valid_html"])
        .env("GAPMAP_NODE_MODULES", "/nonexistent/node_modules")
        .env_remove("CI");
    if let Some(ci) = ci {
        run.env("CI", ci);
    }
    run.output().unwrap()
}

/// Issue 20: a skipped HTML check printed its reason with `eprintln!`,
/// which libtest captures, so it passed silently.
#[test]
fn a_skipped_html_check_says_so_in_cargo_test_s_output() {
    let run = run_without_html_validate(None);
    let (out, err) = (
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr),
    );
    assert!(
        run.status.success(),
        "outside CI a skip passes:\n{out}\n{err}"
    );
    for test in [
        "every_page_type_is_valid_html_in_both_languages",
        "a_bundle_start_page_is_valid_html",
        "the_example_map_is_valid_html_in_both_languages",
    ] {
        assert!(
            err.contains(&format!("SKIPPED HTML check {test}: node_modules/.bin/html-validate is missing: run `npm ci`")),
            "no skip line under default capture:\n{out}\n{err}"
        );
    }
    // After the binary's own summary, how many of its passes did not run.
    assert!(out.contains("test result: ok. 3 passed"), "{out}");
    assert!(
        err.trim_end().ends_with(
            "SKIPPED 3 tests of tests/html_validity.rs: counted as passed above, but did not run (see the SKIPPED lines; with CI=true they fail)"
        ),
        "{err}"
    );
    let run = run_without_html_validate(Some("true"));
    assert!(!run.status.success(), "CI=true must not skip");
}
