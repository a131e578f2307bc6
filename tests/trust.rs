//! Trust under bad input: script-injection payloads in every field run no
//! script in a real browser, pages keep the published Content-Security-
//! Policy, hostile or broken files give diagnostics (never a panic or a
//! hang), builds are byte-identical, a killed build leaves the previous site
//! intact, and `check --output` passes on a large generated site.

mod common;

#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;

/// A marker each payload would set if it ran.
const PAYLOADS: &[(&str, &str)] = &[
    ("title", "<script>window.__pwned='title'</script>"),
    ("author", "<img src=x onerror=\"window.__pwned='author'\">"),
    ("journal", "\"><svg onload=\"window.__pwned='journal'\">"),
    ("label", "</a><script>window.__pwned='label'</script>"),
    ("keyword", "'><img src=x onerror=window.__pwned='kw'>"),
];

/// The base fixture with a payload in every field a contributor writes.
fn hostile_site() -> tempfile::TempDir {
    let site = fixture_site(None);
    let content = site.path().join("content");
    let study = content.join("studies/peer-burnout");
    let yaml = fs::read_to_string(study.join("study.yaml")).unwrap();
    let quoted = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let yaml = yaml
        .replace(
            "  en: Burnout among peer workers",
            &format!("  en: {}", quoted(&format!("Burnout {}", PAYLOADS[0].1))),
        )
        .replace(
            "  - {family: Doe, given: Jane}",
            &format!("  - {{family: {}, given: Jane}}", quoted(PAYLOADS[1].1)),
        )
        .replace(
            "journal: Journal of Tests",
            &format!("journal: {}", quoted(PAYLOADS[2].1)),
        )
        .replace(
            "doi: \"10.1234/test.1\"",
            &("doi: \"10.1234/test.1\"\nurl: 'https://example.org/\"><script>window.__pwned=''url''</script>'\nkeywords: {en: [".to_string()
                + &quoted(PAYLOADS[4].1)
                + "], zh: [关键词]}\nfunding: {en: '<b onmouseover=window.__pwned=1>x</b>', zh: 资助}"),
        );
    fs::write(study.join("study.yaml"), yaml).unwrap();
    let summary = "## Background\n\n<script>window.__pwned='summary'</script>\n\n<img src=x onerror=\"window.__pwned='img'\">\n\n[click](javascript:window.__pwned='js') [data](data:text/html,<script>alert(1)</script>)\n\n<svg onload=\"window.__pwned='svg'\"></svg> <a href=\"javascript:void(window.__pwned='a')\">a</a>\n\n<style>body{display:none}</style><p style=\"color:red\">styled</p>\n";
    fs::write(study.join("summary.en.md"), summary).unwrap();
    fs::write(study.join("summary.zh.md"), summary).unwrap();
    let taxonomies = fs::read_to_string(content.join("taxonomies.yaml")).unwrap();
    let taxonomies = taxonomies.replace(
        "label: {en: Burnout, zh: 倦怠}",
        &format!(
            "label: {{en: {}, zh: 倦怠}}\n    description: {{en: {}, zh: 说明}}",
            quoted(&format!("Burnout{}", PAYLOADS[3].1)),
            quoted("<iframe src=javascript:window.__pwned=1>")
        ),
    );
    fs::write(content.join("taxonomies.yaml"), taxonomies).unwrap();
    let about = "# About <script>window.__pwned='page'</script>\n\n<img src=x onerror=window.__pwned='page-img'>\n";
    fs::write(content.join("pages/about.en.md"), about).unwrap();
    site
}

fn html_files(dir: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().to_path_buf(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Lower-cased text of every start tag in a page.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|t| t.split('>').next().unwrap_or("").to_ascii_lowercase())
        .collect()
}

/// What a strict Content-Security-Policy forbids, looked for in markup.
fn csp_problems(path: &Path, html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in tags(html) {
        let name = tag.split_whitespace().next().unwrap_or("");
        if name == "script" && !tag.contains(" src=") {
            problems.push(format!("{}: inline script `<{tag}>`", path.display()));
        }
        if name == "style" {
            problems.push(format!("{}: <style> element", path.display()));
        }
        // Attributes only: quoted values are blanked so text inside them
        // (an escaped payload) is not taken for an attribute.
        let mut bare = String::new();
        let mut quote = None;
        for c in tag.chars() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, c) => bare.push(c),
            }
        }
        for attr in bare.split_whitespace().skip(1) {
            let key = attr.split('=').next().unwrap_or("");
            if key.starts_with("on") || key == "style" {
                problems.push(format!(
                    "{}: `{key}` attribute in `<{tag}>`",
                    path.display()
                ));
            }
        }
        for url_attr in ["href=\"", "src=\""] {
            if let Some(at) = tag.find(url_attr) {
                let value = tag[at + url_attr.len()..].trim_start();
                if value.starts_with("javascript:") || value.starts_with("data:text/html") {
                    problems.push(format!("{}: script URL in `<{tag}>`", path.display()));
                }
            }
        }
    }
    problems
}

#[test]
fn hostile_metadata_and_markdown_become_text_in_every_output() {
    let site = hostile_site();
    let output = build(site.path());
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("raw HTML"),
        "contributors are told raw HTML is shown as text:\n{err}"
    );
    let public = site.path().join("public");
    let pages = html_files(&public);
    assert!(pages.len() > 30);
    // The scan itself finds what it looks for.
    let control = csp_problems(
        Path::new("control.html"),
        "<p onclick=\"x()\" style=\"color:red\"><script>1</script><a href=\"javascript:x()\">",
    );
    assert_eq!(control.len(), 4, "{control:?}");
    let problems: Vec<String> = pages
        .iter()
        .flat_map(|(path, html)| csp_problems(path, html))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The payloads are there, as text.
    let study = fs::read_to_string(public.join("studies/peer-burnout/index.html")).unwrap();
    assert!(study.contains("&lt;script&gt;window.__pwned="));
    // Data files carry them as data: valid JSON, and the search index too.
    let json = fs::read(public.join("data/studies.json")).unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert!(
        parsed["studies"][0]["title"]["en"]
            .as_str()
            .unwrap()
            .contains("<script>")
    );
    // Each index file assigns one JSON value: the payloads stay inside its
    // strings (the files load by `<script src>`, so `</script>` in a string
    // ends nothing).
    let mut found = false;
    for entry in walkdir::WalkDir::new(public.join("assets/search"))
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap();
            let (prelude, assignment) = text.split_once('\n').unwrap();
            assert_eq!(
                prelude,
                "window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};"
            );
            let value = assignment
                .split_once("] = ")
                .unwrap()
                .1
                .trim_end()
                .trim_end_matches(';');
            let value: serde_json::Value = serde_json::from_str(value)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
            found |= value.to_string().contains("window.__pwned");
        }
    }
    assert!(found, "the index holds the payload text as data");
}

#[test]
fn script_urls_in_doi_and_url_fields_are_refused_with_their_line() {
    let site = fixture_site(None);
    let study = site.path().join("content/studies/peer-burnout/study.yaml");
    let yaml = fs::read_to_string(&study).unwrap().replace(
        "doi: \"10.1234/test.1\"",
        "doi: \"javascript:alert(1)\"\nurl: \"javascript:alert(2)\"",
    );
    fs::write(&study, yaml).unwrap();
    let output = build(site.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("study.yaml:8:"), "{err}");
    assert!(
        err.contains("`url` must start with https:// or http://"),
        "{err}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn no_payload_runs_in_a_real_browser() {
    let Some(browser) = common::browser::start().await else {
        return;
    };
    let site = hostile_site();
    assert!(build(site.path()).status.success());
    let public = site.path().join("public");
    let mut ran = Vec::new();
    for (path, _) in html_files(&public) {
        browser.open(&path).await;
        let marker = browser
            .script("return window.__pwned === undefined ? null : String(window.__pwned)")
            .await;
        if !marker.is_null() {
            ran.push(format!("{}: {marker}", path.display()));
        }
        assert!(
            browser.client.get_alert_text().await.is_err(),
            "{}: a dialog opened",
            path.display()
        );
    }
    browser.close().await;
    assert!(ran.is_empty(), "payloads ran:\n{}", ran.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn every_page_type_runs_under_the_published_policy_without_a_violation() {
    let Some(browser) = common::browser::start().await else {
        return;
    };
    let site = real_site();
    assert!(build(site.path()).status.success());
    let public = site.path().join("public");
    // A control page that breaks the policy, so the check is known to work.
    fs::write(
        public.join("control.html"),
        "<!DOCTYPE html><html lang=\"en\"><title>c</title><p style=\"color:red\">x</p><script>1</script></html>",
    )
    .unwrap();
    let host = common::web::serve(public.clone());
    let wait_for_reports = async |at_least: usize| {
        let started = Instant::now();
        while host.reports().len() < at_least && started.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    browser
        .client
        .goto(&format!("{}control.html", host.base))
        .await
        .unwrap();
    wait_for_reports(1).await;
    assert!(
        !host.reports().is_empty(),
        "the control page's violation was not reported"
    );
    host.clear_reports();

    let pages = [
        "index.html",
        "studies/index.html?population=youth",
        "studies/williams-2021-self-care/index.html",
        "themes/self-care/index.html",
        "themes/self-care/brief/index.html",
        "regions/united-states/index.html",
        "authors/christian-scannell/index.html",
        "map/self-care/populations/not-stated/index.html",
        "search/index.html?q=burnout",
        "about/index.html",
        "themes/index.html",
    ];
    for lang in ["", "zh/"] {
        for page in pages {
            browser
                .client
                .goto(&format!("{}{lang}{page}", host.base))
                .await
                .unwrap();
            // The theme's own script still works under the policy.
            if page.starts_with("search") || page.starts_with("studies/index") {
                let mut shown = false;
                for _ in 0..100 {
                    let status = browser
                        .script("const s = document.querySelector('[role=status]'); return s ? s.textContent : ''")
                        .await;
                    if status
                        .as_str()
                        .is_some_and(|s| !s.is_empty() && !s.contains('…'))
                    {
                        shown = true;
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                assert!(
                    shown,
                    "{lang}{page}: the page's script did not run under the policy"
                );
            }
        }
    }
    host.assert_no_violations().await;
    browser.close().await;
}

#[test]
fn hostile_files_give_diagnostics_never_a_crash_or_a_hang() {
    let site = fixture_site(None);
    let root = site.path();
    let studies = root.join("content/studies");
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.md"),
        "## Secret\n\nnot part of content/\n",
    )
    .unwrap();
    // A study whose summary links out of content/.
    let linked = studies.join("linked-out");
    fs::create_dir_all(&linked).unwrap();
    fs::copy(
        studies.join("peer-burnout/study.yaml"),
        linked.join("study.yaml"),
    )
    .unwrap();
    let yaml = fs::read_to_string(linked.join("study.yaml"))
        .unwrap()
        .replace("10.1234/test.1", "10.1234/test.2");
    fs::write(linked.join("study.yaml"), yaml).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        linked.join("summary.en.md"),
    )
    .unwrap();
    fs::copy(
        studies.join("peer-burnout/summary.zh.md"),
        linked.join("summary.zh.md"),
    )
    .unwrap();
    // An oversized summary, an alias bomb and deep nesting.
    let big = studies.join("too-big");
    fs::create_dir_all(&big).unwrap();
    fs::write(big.join("study.yaml"), "title: {en: x}\n").unwrap();
    fs::write(big.join("summary.en.md"), "a".repeat(2 * 1024 * 1024)).unwrap();
    fs::write(big.join("summary.zh.md"), "## 背景\n\n中文。\n").unwrap();
    let bomb = studies.join("alias-bomb");
    fs::create_dir_all(&bomb).unwrap();
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
            p = i - 1
        ));
    }
    fs::write(bomb.join("study.yaml"), yaml).unwrap();
    let deep = studies.join("deep-nesting");
    fs::create_dir_all(&deep).unwrap();
    fs::write(
        deep.join("study.yaml"),
        format!("title: {}x{}\n", "[".repeat(5000), "]".repeat(5000)),
    )
    .unwrap();
    // A folder name that is not an id.
    fs::create_dir_all(studies.join("Bad Name!")).unwrap();

    let started = Instant::now();
    let output = gapmap(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&output);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for wanted in [
        "content/studies/linked-out/summary.en.md: error: symbolic link points outside content/",
        "content/studies/too-big/summary.en.md: error: file is 2097152 bytes; content files may be at most 1048576 bytes",
        "content/studies/alias-bomb/study.yaml",
        "content/studies/deep-nesting/study.yaml",
        "Bad Name!",
    ] {
        assert!(err.contains(wanted), "missing `{wanted}` in:\n{err}");
    }
    assert!(
        !err.contains("not part of content/"),
        "the linked file was read"
    );
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_read_with_the_right_lines() {
    let site = fixture_site(None);
    let study = site.path().join("content/studies/peer-burnout");
    let yaml = fs::read_to_string(study.join("study.yaml")).unwrap();
    let crlf = format!("\u{feff}{}", yaml.replace('\n', "\r\n"));
    fs::write(study.join("study.yaml"), &crlf).unwrap();
    let summary = fs::read_to_string(study.join("summary.en.md")).unwrap();
    fs::write(
        study.join("summary.en.md"),
        format!("\u{feff}{}", summary.replace('\n', "\r\n")),
    )
    .unwrap();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    // A mistake on line 16 is still reported on line 16.
    let line = crlf.lines().position(|l| l.starts_with("themes:")).unwrap() + 1;
    fs::write(
        study.join("study.yaml"),
        crlf.replace("themes: [burnout", "themes: [burnot"),
    )
    .unwrap();
    let output = build(site.path());
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            "study.yaml:{line}:10: error: unknown theme `burnot`"
        )),
        "{err}"
    );
}

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let site = real_site();
    let a = site.path().join("a");
    let b = site.path().join("b");
    for out in [&a, &b] {
        let output = gapmap(&[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let (a, b) = (snapshot(&a), snapshot(&b));
    assert!(a.len() > 200);
    assert!(a == b, "the two builds differ");
}

#[test]
fn a_large_site_passes_check_output_and_a_killed_build_leaves_it_intact() {
    let tmp = tempfile::tempdir().unwrap();
    corpus::write_corpus(1000, tmp.path(), false).unwrap();
    let root = tmp.path().to_str().unwrap();
    let output = gapmap(&["build", "--root", root]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let public = tmp.path().join("public");
    let check = gapmap(&["check", "--output", public.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    let before = snapshot(&public);

    // Kill a second build once it has started writing.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .args(["build", "--root", root])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let staging = loop {
        let found = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().contains("staging"));
        if let Some(entry) = found {
            break entry.path();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no staging folder appeared"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        snapshot(&public) == before,
        "the killed build changed the site"
    );
    // The next build clears what the killed one left.
    let output = gapmap(&["build", "--root", root]);
    assert!(output.status.success());
    assert!(
        !staging.exists(),
        "the killed build's staging folder is left"
    );
    assert!(snapshot(&public) == before);
}

/// The policy a `<meta http-equiv>` can carry: the published one without
/// the directives a meta tag cannot (frame-ancestors, report-uri,
/// report-to, sandbox).
fn meta_policy() -> String {
    common::web::published_policy()
        .split(';')
        .map(str::trim)
        .filter(|d| {
            let name = d.split_whitespace().next().unwrap_or("");
            !["frame-ancestors", "report-uri", "report-to", "sandbox"].contains(&name)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn every_page_carries_the_published_policy_in_a_meta_tag_before_any_resource() {
    let site = real_site();
    assert!(build(site.path()).status.success());
    let bundle_zip = site.path().join("bundle.zip");
    let output = gapmap(&[
        "bundle",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        bundle_zip.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut archive = zip::ZipArchive::new(fs::File::open(&bundle_zip).unwrap()).unwrap();
    let mut pages = html_files(&site.path().join("public"));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        if name.ends_with(".html") {
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            pages.push((PathBuf::from(format!("bundle:{name}")), text));
        }
    }
    let wanted = format!(
        "<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
        meta_policy()
    );
    assert!(!meta_policy().contains("frame-ancestors"));
    assert!(pages.len() > 100);
    for (path, html) in &pages {
        assert!(
            html.contains(&wanted),
            "{}: no policy first in <head>",
            path.display()
        );
        assert_eq!(html.matches("Content-Security-Policy").count(), 1);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_meta_policy_is_enforced_from_disk() {
    let Some(browser) = common::browser::start().await else {
        return;
    };
    let site = fixture_site(None);
    assert!(build(site.path()).status.success());
    let public = site.path().join("public");
    // An inline script added to the page does not run (tests/browser.rs
    // checks that the pages' own scripts, search and filters, still do).
    for page in [
        "studies/index.html",
        "studies/peer-burnout/index.html",
        "search/index.html",
    ] {
        browser.open(&public.join(page)).await;
        let result = browser
            .script(
                "window.__inline = false; \
                 var s = document.createElement('script'); \
                 s.textContent = 'window.__inline = true'; \
                 document.head.appendChild(s); \
                 return window.__inline;",
            )
            .await;
        assert_eq!(
            result,
            serde_json::json!(false),
            "{page}: an inline script ran"
        );
    }
    browser.close().await;
}
