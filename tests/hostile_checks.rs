//! Hostile content that must be refused before anything is written, with
//! the contributor's file, line and column, the same way by `check` and by
//! `build`: the fixtures under tests/fixtures/hostile/ that hold an
//! `expected` file, and every fixture under tests/fixtures/errors/.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Runs `check` and `build` on `tests/fixtures/<case>` over the base
/// fixture; returns whether each succeeded, and their messages.
fn verdicts(case: &str) -> [(bool, String); 2] {
    let site = fixture_site(Some(case));
    let root = site.path().to_str().unwrap();
    let public = site.path().join("public");
    let check = gapmap(&["check", "--root", root]);
    let build = gapmap(&[
        "build",
        "--root",
        root,
        "--output",
        public.to_str().unwrap(),
    ]);
    [check, build].map(|o| (o.status.success(), stderr(&o)))
}

fn expected(case: &str) -> Option<String> {
    fs::read_to_string(repo().join("tests/fixtures").join(case).join("expected")).ok()
}

fn assert_refused_with(case: &str, wanted: &str, verdicts: &[(bool, String); 2]) {
    for ((ok, err), command) in verdicts.iter().zip(["check", "build"]) {
        assert!(!ok, "{case}: {command} should fail\n{err}");
        for line in wanted.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                err.contains(line),
                "{case}: {command}: no `{line}` in\n{err}"
            );
        }
    }
}

#[test]
fn a_base_url_that_is_not_one_absolute_url_is_refused_where_it_is_written() {
    let case = "hostile/base-url-newline";
    assert_refused_with(case, &expected(case).unwrap(), &verdicts(case));
}

#[test]
fn a_base_url_flag_that_is_not_one_absolute_url_is_a_usage_error() {
    let site = fixture_site(None);
    let root = site.path().to_str().unwrap();
    for flag in [
        "https://example.org/\nDisallow: /",
        "https://example.org/ x",
        "https://example.org/?q=1",
        "example.org",
    ] {
        let output = gapmap(&["build", "--root", root, "--base-url", flag]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{flag:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("--base-url: "),
            "{}",
            stderr(&output)
        );
        assert!(!Path::new(root).join("public").exists());
    }
    let output = gapmap(&[
        "build",
        "--root",
        root,
        "--base-url",
        "https://preview.example",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let robots = fs::read_to_string(site.path().join("public/robots.txt")).unwrap();
    assert_eq!(
        robots,
        "User-agent: *\nAllow: /\nSitemap: https://preview.example/sitemap.xml\n"
    );
}

/// Every hostile and broken fixture: `check` and `build` agree. A fixture
/// with an `expected` file fails both with those lines (file, line and
/// column of the contributor's text); one without builds.
#[test]
fn check_and_build_agree_on_every_hostile_and_broken_fixture() {
    let mut cases = Vec::new();
    for group in ["hostile", "errors"] {
        let dir = repo().join("tests/fixtures").join(group);
        for entry in fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            cases.push(format!("{group}/{name}"));
        }
    }
    cases.sort();
    assert!(cases.len() >= 20, "{cases:?}");
    for case in &cases {
        let [(check_ok, check_err), (build_ok, build_err)] = verdicts(case);
        assert_eq!(
            check_ok,
            build_ok,
            "{case}: check {} but build {}\ncheck: {check_err}\nbuild: {build_err}",
            if check_ok { "passes" } else { "fails" },
            if build_ok { "passes" } else { "fails" },
        );
        match expected(case) {
            Some(wanted) if case.starts_with("hostile/") => assert_refused_with(
                case,
                &wanted,
                &[(check_ok, check_err), (build_ok, build_err)],
            ),
            Some(_) => assert!(!check_ok, "{case}: {check_err}"),
            None => assert!(check_ok, "{case}: {check_err}"),
        }
    }
}

/// A summary that shows links as text (in code, and as raw HTML, which
/// gapmap shows as text) passes `check --output`: only real links count.
#[test]
fn links_shown_as_text_are_not_checked_as_links() {
    let site = fixture_site(None);
    let summary = site
        .path()
        .join("content/studies/peer-burnout/summary.en.md");
    let mut text = fs::read_to_string(&summary).unwrap();
    text.push_str(concat!(
        "\nWrite `<a href=\"missing.html#nowhere\">x</a>` to link, ",
        "or `<img src=\"/absolute.png\">`; a `&lt;a href=\"gone.html\"&gt;` stays text.\n\n",
        "<a href=\"raw-missing.html\">raw HTML is shown as text</a> <span id=\"x\">\n",
    ));
    fs::write(&summary, text).unwrap();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page =
        fs::read_to_string(site.path().join("public/studies/peer-burnout/index.html")).unwrap();
    assert!(
        page.contains("&lt;a href=&quot;missing.html#nowhere&quot;&gt;")
            || page.contains("&lt;a href=\"missing.html#nowhere\"&gt;"),
        "the link is shown as text"
    );
    let root = site.path().to_str().unwrap();
    let public = site.path().join("public");
    let check = gapmap(&[
        "check",
        "--root",
        root,
        "--output",
        public.to_str().unwrap(),
    ]);
    assert!(
        check.status.success() && !stderr(&check).contains("broken link"),
        "{}",
        stderr(&check)
    );
}

/// Right-to-left overrides and zero-width characters in a title and an
/// author's name: a warning at each, and wherever the page shows the value
/// as an element's text, the element isolates it (`dir="auto"` or `<bdi>`;
/// `<title>` between U+2068 and U+2069), so it cannot reorder what follows.
#[test]
fn bidi_controls_in_titles_and_names_are_warned_about_and_isolated() {
    let site = fixture_site(Some("hostile/bidi"));
    let root = site.path().to_str().unwrap();
    let check = gapmap(&["check", "--root", root]);
    let err = stderr(&check);
    assert!(check.status.success(), "{err}");
    for wanted in [
        "content/studies/peer-burnout/study.yaml:2:22: warning: the title holds an invisible U+202E RIGHT-TO-LEFT OVERRIDE",
        "content/studies/peer-burnout/study.yaml:5:18: warning: the author name holds an invisible U+200B ZERO WIDTH SPACE",
        "content/studies/peer-burnout/study.yaml:5:30: warning: the author name holds an invisible U+2067 RIGHT-TO-LEFT ISOLATE",
    ] {
        assert!(err.contains(wanted), "no `{wanted}` in\n{err}");
    }
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));

    let title = "Burnout among \u{202E}peer workers\u{202C} gpj.exe";
    let name = "\u{2067}Jane Doe\u{200B}";
    let mut shown = 0;
    for entry in walkdir::WalkDir::new(site.path().join("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = fs::read_to_string(entry.path()).unwrap();
        for value in [title, name] {
            for (at, _) in page.match_indices(&format!(">{value}")) {
                let tag = &page[page[..at].rfind('<').unwrap()..=at];
                // A heading the value fills is a paragraph of its own, which
                // no override reaches past.
                let after = &page[at + 1 + value.len()..];
                let whole_block = ["</h1>", "</h2>", "</h3>"]
                    .iter()
                    .any(|end| after.starts_with(end));
                let isolated = tag.contains(" dir=\"auto\"") || tag == "<bdi>" || whole_block;
                assert!(
                    isolated,
                    "{}: `{tag}` shows {value:?}",
                    entry.path().display()
                );
                shown += 1;
            }
            assert!(
                !page.contains(&format!("<title>{value}")),
                "{}: <title> shows {value:?} unisolated",
                entry.path().display()
            );
        }
        if page.contains(&format!("<title>&#x2068;{title}&#x2069; · ")) {
            shown += 1;
        }
    }
    // The study page (title, byline, <title>), the author page and the
    // lists and briefs that show the study, in both languages.
    assert!(shown >= 10, "{shown}");
}
