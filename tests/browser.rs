//! The built site in a real headless Chromium, opened from disk (file://):
//! axe-core finds no serious or critical accessibility violation, and the
//! pages render for screenshots. Set GAPMAP_SCREENSHOTS=docs/screenshots to
//! refresh the README's screenshots.

mod common;

use std::path::Path;

use common::browser;
use common::*;

const STUDY: &str = "studies/williams-2021-self-care/index.html";
const THEME: &str = "themes/self-care/index.html";
const AUTHOR: &str = "authors/christian-scannell/index.html";
const REGION: &str = "regions/united-states/index.html";
const CELL: &str = "map/self-care/populations/not-stated/index.html";

fn built_real_site() -> tempfile::TempDir {
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

#[tokio::test(flavor = "current_thread")]
async fn axe_finds_no_serious_violations_in_either_language() {
    let Some(browser) = browser::start().await else {
        return;
    };
    // A control that must fail, so a broken axe run cannot pass silently.
    let control = tempfile::tempdir().unwrap();
    let bad = control.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html lang=\"en\"><title>x</title><img src=\"x.png\"></html>",
    )
    .unwrap();
    browser.open(&bad).await;
    let found = browser.axe_violations().await;
    assert!(
        found.iter().any(|v| v.contains("image-alt")),
        "axe missed a known violation: {found:?}"
    );

    let site = built_real_site();
    let public = site.path().join("public");
    let mut problems = Vec::new();
    for lang in ["", "zh/"] {
        for page in [
            "index.html",
            STUDY,
            THEME,
            AUTHOR,
            REGION,
            CELL,
            "studies/index.html",
            "themes/index.html",
        ] {
            let path = public.join(format!("{lang}{page}"));
            browser.open(&path).await;
            for v in browser.axe_violations().await {
                problems.push(format!("{lang}{page}: {v}"));
            }
        }
    }
    // The second example map: nested headers, segments, a second map.
    let example = example_site();
    assert!(build(example.path()).status.success());
    let example_public = example.path().join("public");
    for lang in ["", "zh/"] {
        for page in [
            "index.html",
            "maps/outcomes-by-groups/index.html",
            "map/reflective-supervision/outcomes/burnout/index.html",
            "interventions/supervision/index.html",
        ] {
            browser
                .open(&example_public.join(format!("{lang}{page}")))
                .await;
            for v in browser.axe_violations().await {
                problems.push(format!("example {lang}{page}: {v}"));
            }
        }
    }
    // The search and filter pages with results on screen, as readers see them.
    for lang in ["", "zh/"] {
        // 倦怠 (burnout), percent-encoded.
        let word = if lang.is_empty() {
            "burnout"
        } else {
            "%E5%80%A6%E6%80%A0"
        };
        let search = format!("?q={word}");
        for (page, query, ready) in [
            ("search/index.html", search.as_str(), "#search-results a"),
            ("studies/index.html", "?population=youth", ".study-list li"),
        ] {
            let url = format!(
                "{}{query}",
                browser::file_url(&public.join(format!("{lang}{page}")))
            );
            browser.client.goto(&url).await.unwrap();
            let mut shown = false;
            for _ in 0..100 {
                let script = format!("return !!document.querySelector('{ready}')");
                if browser.script(&script).await.as_bool() == Some(true) {
                    shown = true;
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            assert!(shown, "{lang}{page}{query}: no results appeared");
            for v in browser.axe_violations().await {
                problems.push(format!("{lang}{page}{query}: {v}"));
            }
        }
    }
    browser.close().await;
    assert!(
        problems.is_empty(),
        "axe-core violations:\n{}",
        problems.join("\n")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn pages_render_and_screenshots_are_taken() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let site = built_real_site();
    let public = site.path().join("public");
    let target = std::env::var("GAPMAP_SCREENSHOTS").ok();
    for (lang, code) in [("", "en"), ("zh/", "zh")] {
        for (name, page) in [("home", "index.html"), ("study", STUDY), ("theme", THEME)] {
            browser.resize(1280, 900).await;
            browser.open(&public.join(format!("{lang}{page}"))).await;
            // The stylesheet loaded from disk: the body uses the theme's font stack.
            let font = browser
                .script("return getComputedStyle(document.body).fontFamily")
                .await;
            assert!(
                font.as_str().unwrap_or("").contains("system-ui"),
                "{lang}{page}: stylesheet not applied ({font})"
            );
            let png = browser.client.screenshot().await.unwrap();
            assert!(
                png.starts_with(b"\x89PNG") && png.len() > 10_000,
                "{lang}{page}: blank screenshot"
            );
            if let Some(dir) = &target {
                // The README shows the top of each page, taller than one screen.
                browser.resize(1280, 1800).await;
                let png = browser.client.screenshot().await.unwrap();
                std::fs::create_dir_all(dir).unwrap();
                std::fs::write(Path::new(dir).join(format!("{name}-{code}.png")), &png).unwrap();
            }
            // At phone width nothing but the map's own scroller is wider than the screen.
            browser.resize(360, 800).await;
            let overflow = browser
                .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await;
            assert!(
                overflow.as_i64().unwrap_or(1) <= 0,
                "{lang}{page}: page scrolls sideways at 360 px ({overflow})"
            );
        }
    }
    browser.close().await;
}

/// The map as a programme manager sees it, for the README: at a desk, on
/// a phone, in dark mode, printed, and with a cell's studies open beside
/// it, in both languages where the words matter. Each picture is checked
/// for what it must show, taken or not.
#[tokio::test(flavor = "current_thread")]
async fn the_map_renders_on_every_medium_for_screenshots() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let site = built_real_site();
    let public = site.path().join("public");
    let target = std::env::var("GAPMAP_SCREENSHOTS").ok();
    let panel = "?population=not-stated&cell=map-populations~supervision~not-stated";
    // Name, language folder, query, width, height, medium, colour scheme,
    // and what must be on the page before it is taken.
    type Shot<'a> = (
        &'a str,
        &'a str,
        &'a str,
        u32,
        u32,
        &'static str,
        &'static str,
        &'a str,
    );
    let shots: [Shot; 7] = [
        (
            "map-en",
            "",
            "",
            1280,
            1300,
            "screen",
            "light",
            "table.matrix",
        ),
        (
            "map-zh",
            "zh/",
            "",
            1280,
            1300,
            "screen",
            "light",
            "table.matrix",
        ),
        (
            "map-phone-en",
            "",
            "",
            390,
            1500,
            "screen",
            "light",
            "table.matrix",
        ),
        (
            "map-dark-en",
            "",
            "",
            1280,
            1300,
            "screen",
            "dark",
            "table.matrix",
        ),
        (
            "map-print-en",
            "",
            "",
            1000,
            1400,
            "print",
            "light",
            "table.matrix",
        ),
        (
            "map-panel-en",
            "",
            panel,
            1280,
            1000,
            "screen",
            "light",
            "dialog[open] .study-list a",
        ),
        (
            "map-panel-zh",
            "zh/",
            panel,
            1280,
            1000,
            "screen",
            "light",
            "dialog[open] .study-list a",
        ),
    ];
    for (name, lang, query, width, height, media, scheme, ready) in shots {
        browser.resize(width, height).await;
        browser.emulate(media, scheme).await;
        let url = format!(
            "{}{query}",
            browser::file_url(&public.join(format!("{lang}index.html")))
        );
        browser.client.goto(&url).await.unwrap();
        let mut shown = false;
        for _ in 0..100 {
            let script = format!("return !!document.querySelector('{ready}')");
            if browser.script(&script).await.as_bool() == Some(true) {
                shown = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(shown, "{name}: {ready} never appeared");
        // The pictures show the map, not the page's introduction above it.
        browser
            .script("document.getElementById('map-heading').scrollIntoView()")
            .await;
        if media == "print" {
            // Paper holds every table of the map, whichever tab was chosen.
            let hidden = browser
                .script(
                    "return Array.from(document.querySelectorAll('table.matrix[data-map]'))\
                       .filter(t => !t.checkVisibility()).length",
                )
                .await;
            assert_eq!(hidden.as_u64(), Some(0), "{name}: a table is not printed");
        }
        if scheme == "dark" {
            let background = browser
                .script("return getComputedStyle(document.body).backgroundColor")
                .await;
            assert_ne!(
                background.as_str(),
                Some("rgb(255, 255, 255)"),
                "{name}: dark mode left the page white"
            );
        }
        let png = browser.client.screenshot().await.unwrap();
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{name}: blank screenshot"
        );
        if let Some(dir) = &target {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(Path::new(dir).join(format!("{name}.png")), &png).unwrap();
        }
    }
    browser.emulate("screen", "light").await;
    browser.close().await;
}

/// PATH without any folder that holds a browser or its driver.
fn path_without_browser() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<_> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("chromedriver").exists() && !dir.join("chromium").exists())
        .collect();
    std::env::join_paths(kept).unwrap()
}

/// Runs one browser test of this binary as `cargo test` does (output
/// captured), on a machine without a browser.
fn run_without_browser(test: &str, ci: Option<&str>) -> std::process::Output {
    let mut run = std::process::Command::new(std::env::current_exe().unwrap());
    run.args(["--exact", test])
        .env("PATH", path_without_browser())
        .env_remove("CI");
    if let Some(ci) = ci {
        run.env("CI", ci);
    }
    run.output().unwrap()
}

#[test]
fn a_skipped_browser_test_says_so_in_cargo_test_s_output() {
    let test = "pages_render_and_screenshots_are_taken";
    let run = run_without_browser(test, None);
    let (out, err) = (
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr),
    );
    assert!(
        run.status.success(),
        "outside CI a skip passes:\n{out}\n{err}"
    );
    let line = format!("SKIPPED browser test {test}: no chromium on PATH: ");
    assert!(
        err.contains(&line),
        "no skip line under default capture:\n{out}\n{err}"
    );
    assert!(err.contains("chromium-driver and fonts-noto-cjk") && err.contains("npm ci"));
}

#[test]
fn with_ci_true_a_missing_browser_fails_the_test() {
    let run = run_without_browser("pages_render_and_screenshots_are_taken", Some("true"));
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success(), "CI=true must not skip:\n{out}");
    assert!(
        out.contains("CI=true and the browser tests cannot run"),
        "{out}"
    );
}
