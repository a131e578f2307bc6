//! Issue 22, scale: the studies list in pages of 100, every study reachable
//! by the paging links without JavaScript; with it, the filters as chips
//! that remove one filter, "clear all", a zero-result view that says what
//! is filtered, and a printed list that names its filters; in both
//! languages, from disk.

mod common;

#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::browser::{self, Browser, file_url};
use common::*;

/// A corpus of `n` studies, built.
fn built_corpus(n: usize) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    corpus::write_corpus(n, root.path(), false).unwrap();
    let output = build(root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    root
}

/// The study ids a page's list links to, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<a class=\"study-title\" dir=\"auto\" href=\"")
        .skip(1)
        .map(|rest| {
            let href = &rest[..rest.find('"').unwrap()];
            href.rsplit("studies/")
                .next()
                .unwrap()
                .trim_end_matches("/index.html")
                .to_string()
        })
        .collect()
}

/// The `rel="next"` link of a page of the list, resolved against it.
fn next_page(page: &Path, html: &str) -> Option<std::path::PathBuf> {
    let at = html.find("rel=\"next\"")?;
    let before = &html[..at];
    let href = before[before.rfind("href=\"")? + 6..].split('"').next()?;
    Some(page.parent()?.join(href))
}

#[test]
fn the_paging_links_reach_every_study_once_without_javascript() {
    let site = built_corpus(250);
    let public = site.path().join("public");
    let ids: BTreeSet<String> = content_of(site.path())
        .studies
        .iter()
        .map(|s| s.id.clone())
        .collect();
    for (lang, words) in [("", "Page {n} of 3"), ("zh/", "第 {n} 页，共 3 页")] {
        let mut page = public.join(format!("{lang}studies/index.html"));
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let html = fs::read_to_string(&page).unwrap();
            pages += 1;
            let here = listed(&html);
            assert!(here.len() <= 100, "{}", page.display());
            seen.extend(here);
            let where_ = words.replace("{n}", &pages.to_string());
            assert!(html.contains(&where_), "{where_} in {}", page.display());
            assert_eq!(
                html.matches("aria-current=\"page\">").count(),
                // The menu's "Studies" item is current on the first page only.
                1 + usize::from(pages == 1),
                "{}",
                page.display()
            );
            match next_page(&page, &html) {
                Some(next) => page = next,
                None => break,
            }
        }
        assert_eq!(pages, 3, "{lang}");
        assert_eq!(seen.len(), ids.len(), "{lang}: each study once");
        assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), ids, "{lang}");
    }
    // The last page links back to the first and has no "next".
    let last = fs::read_to_string(public.join("studies/page/3/index.html")).unwrap();
    assert!(last.contains("href=\"../../../studies/index.html\" aria-label=\"Page 1\">1</a>"));
    assert!(!last.contains("rel=\"next\""));
    let output = gapmap(&["check", "--output", public.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The first page's HTML does not grow with the map: at 1,000 studies it is
/// about 110 KB (100 list items and the filter form), a tenth of the 1 MB a
/// phone is given to parse.
#[test]
fn the_first_page_of_the_list_stays_small_at_any_size() {
    let site = built_corpus(1000);
    let public = site.path().join("public");
    for lang in ["", "zh/"] {
        let first = fs::metadata(public.join(format!("{lang}studies/index.html")))
            .unwrap()
            .len();
        assert!(first < 250_000, "{lang}studies/index.html: {first} bytes");
        assert!(
            public
                .join(format!("{lang}studies/page/10/index.html"))
                .is_file()
        );
        assert!(!public.join(format!("{lang}studies/page/11")).exists());
        // The whole map's brief: each theme's 5 newest studies, not all 1,000.
        let brief = fs::read_to_string(public.join(format!("{lang}brief/index.html"))).unwrap();
        assert!(brief.len() < 250_000, "{lang}brief: {} bytes", brief.len());
        assert!(!brief.contains("class=\"brief-study\""));
        let rows = brief.matches("<section class=\"brief-row\">").count();
        assert!(rows > 1);
        assert_eq!(brief.matches("<a class=\"study-title\"").count(), rows * 5);
    }
    let brief = fs::read_to_string(public.join("brief/index.html")).unwrap();
    assert!(brief.contains("5 of "), "{brief}");
    assert!(brief.contains(" studies on Theme 1, newest first. <a href=\"../themes/theme-1/index.html\">All studies on Theme 1</a>"));
}

#[test]
fn a_paginated_page_is_valid_html_in_both_languages() {
    let Some(bin) = html_validate() else {
        return;
    };
    let site = built_corpus(250);
    let public = site.path().join("public");
    let output = std::process::Command::new(bin)
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(".htmlvalidate.json"))
        .args(
            [
                "studies/index.html",
                "studies/page/2/index.html",
                "zh/studies/page/3/index.html",
                "brief/index.html",
                "zh/themes/theme-1/brief/index.html",
            ]
            .iter()
            .map(|p| public.join(p)),
        )
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "html-validate found errors:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn html_validate() -> Option<std::path::PathBuf> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/html-validate");
    if bin.exists() {
        return Some(bin);
    }
    let reason = "node_modules/.bin/html-validate is missing: run `npm ci` (.ci/run does)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true and the HTML check cannot run: {reason}");
    }
    browser::say_skipped("HTML check", reason);
    None
}

async fn text(browser: &Browser, selector: &str) -> String {
    let found = browser
        .script(&format!(
            "const e = document.querySelector('{selector}'); return e ? e.textContent : null"
        ))
        .await;
    found.as_str().unwrap_or_default().to_string()
}

/// How many of the list's studies a reader sees, once the list shows what
/// was asked (it is `aria-busy` while a filter's studies load).
async fn visible(browser: &Browser) -> usize {
    browser
        .wait_until("!document.querySelector('.study-list[aria-busy]')")
        .await;
    browser
        .script(
            "return Array.from(document.querySelectorAll('.study-list li'))\
               .filter(li => li.checkVisibility()).length",
        )
        .await
        .as_u64()
        .unwrap() as usize
}

/// The chips' accessible names.
async fn chips(browser: &Browser) -> Vec<String> {
    let names = browser
        .script(
            "return Array.from(document.querySelectorAll('#active-filters button.chip'))\
               .filter(b => b.checkVisibility()).map(b => b.getAttribute('aria-label'))",
        )
        .await;
    names
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

async fn no_axe_violations(browser: &Browser, state: &str, problems: &mut Vec<String>) {
    for v in browser.axe_violations().await {
        problems.push(format!("{state}: {v}"));
    }
}

struct Words {
    lang: &'static str,
    /// The chips' names, for youth and for a year.
    youth_chip: &'static str,
    year_chip: &'static str,
    filtered: &'static str,
    none: &'static str,
}

#[tokio::test(flavor = "current_thread")]
async fn chips_clear_all_no_results_and_print_in_both_languages() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path().join("public");
    let content = content_of(site.path());
    let all = content.studies.len();
    let since_2023 = content
        .studies
        .iter()
        .filter(|s| s.year.is_some_and(|y| y >= 2023))
        .count();
    assert!(since_2023 > 0 && since_2023 < all);
    let mut problems = Vec::new();
    for words in [
        Words {
            lang: "",
            youth_chip: "Remove filter Populations: Youth",
            year_chip: "Remove filter Year: from 2023",
            filtered: "Filtered: Populations: Youth; Year: from 2023",
            none: "No study matches Year: from 2090.",
        },
        Words {
            lang: "zh/",
            youth_chip: "移除筛选条件“人群：青少年及青年”",
            year_chip: "移除筛选条件“年份：2023 年起”",
            filtered: "筛选条件：人群：青少年及青年；年份：2023 年起",
            none: "没有符合以下条件的研究：年份：2090 年起。",
        },
    ] {
        let lang = words.lang;
        let page = public.join(format!("{lang}studies/index.html"));
        let url = file_url(&page);

        // Two filters from the address: two chips, named for what they remove.
        browser
            .client
            .goto(&format!("{url}?population=youth&from=2023"))
            .await
            .unwrap();
        browser
            .wait_until("document.getElementById('result-count').textContent")
            .await;
        let named = chips(&browser).await;
        assert_eq!(named.len(), 2, "{lang}: {named:?}");
        assert_eq!(named[0], words.youth_chip, "{lang}");
        assert_eq!(named[1], words.year_chip, "{lang}");
        no_axe_violations(&browser, &format!("{lang} two filters"), &mut problems).await;

        // On paper, a line says which filters the list shows; the chips
        // and buttons are not printed.
        let line = "getComputedStyle(document.getElementById('filter-line')).display";
        assert_eq!(browser.script(&format!("return {line}")).await, "none");
        browser.emulate("print", "light").await;
        assert_eq!(browser.script(&format!("return {line}")).await, "block");
        assert_eq!(
            text(&browser, "#filter-line").await,
            words.filtered,
            "{lang}"
        );
        assert_eq!(
            browser
                .script(
                    "return getComputedStyle(document.getElementById('active-filters')).display"
                )
                .await,
            "none"
        );
        browser.emulate("screen", "light").await;
        assert_eq!(browser.script(&format!("return {line}")).await, "none");

        // A chip removes its filter alone, in the list and the address.
        browser
            .script("document.querySelector('#active-filters button.chip').click(); return true")
            .await;
        browser
            .wait_until("!location.search.includes('population')")
            .await;
        assert!(
            browser
                .script("return location.search")
                .await
                .as_str()
                .unwrap()
                .contains("from=2023")
        );
        assert_eq!(
            chips(&browser).await,
            vec![words.year_chip.to_string()],
            "{lang}"
        );
        assert_eq!(visible(&browser).await, since_2023, "{lang}");
        let focused = browser
            .script("return document.activeElement.getAttribute('aria-label')")
            .await;
        assert_eq!(focused, words.year_chip, "{lang}: focus stays on the chips");
        no_axe_violations(&browser, &format!("{lang} one filter"), &mut problems).await;

        // Clear all: every study, no chip, a clean address.
        browser
            .script("document.querySelector('#active-filters .clear-all').click(); return true")
            .await;
        browser.wait_until("location.search === ''").await;
        assert!(chips(&browser).await.is_empty());
        assert_eq!(visible(&browser).await, all, "{lang}");
        assert_eq!(
            browser
                .script("return document.getElementById('active-filters').hidden")
                .await,
            true
        );
        no_axe_violations(&browser, &format!("{lang} cleared"), &mut problems).await;

        // Nothing matches: the view says what is filtered and offers to
        // clear it, and the count says none.
        browser
            .client
            .goto(&format!("{url}?from=2090"))
            .await
            .unwrap();
        browser
            .wait_until("document.getElementById('result-count').textContent")
            .await;
        assert_eq!(visible(&browser).await, 0);
        assert_eq!(
            browser
                .script("return document.getElementById('no-results').checkVisibility()")
                .await,
            true
        );
        assert_eq!(text(&browser, "#no-results p").await, words.none, "{lang}");
        no_axe_violations(&browser, &format!("{lang} no result"), &mut problems).await;
        browser
            .script("document.querySelector('#no-results .clear-all').click(); return true")
            .await;
        browser.wait_until("location.search === ''").await;
        assert_eq!(visible(&browser).await, all, "{lang}");
        assert_eq!(
            browser
                .script("return document.getElementById('no-results').hidden")
                .await,
            true
        );
    }
    assert!(problems.is_empty(), "{problems:#?}");
    browser.close().await;
}

/// The studies of the corpus with one of `slugs` among their terms of `key`.
fn with_term(
    site: &Path,
    key: &str,
    slugs: &[&str],
) -> (gapmap::content::Content, BTreeSet<String>) {
    let content = content_of(site);
    let v = content.taxonomies.by_key(key).unwrap();
    let ids = content
        .studies
        .iter()
        .filter(|s| s.slugs(v).iter().any(|t| slugs.contains(&t.as_str())))
        .map(|s| s.id.clone())
        .collect();
    (content, ids)
}

async fn listed_ids(browser: &Browser) -> BTreeSet<String> {
    visible(browser).await;
    let hrefs = browser
        .script(
            "return Array.from(document.querySelectorAll('.study-list li'))\
               .filter(li => li.checkVisibility())\
               .map(li => li.querySelector('a').getAttribute('href'))",
        )
        .await;
    hrefs
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let h = h.as_str().unwrap();
            h.rsplit("studies/")
                .next()
                .unwrap()
                .trim_end_matches("/index.html")
                .to_string()
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn with_javascript_a_filter_counts_and_lists_every_study_of_the_map() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let site = built_corpus(250);
    let public = site.path().join("public");
    let (content, expected) = with_term(
        site.path(),
        "populations",
        &["population-1", "population-3"],
    );
    let n = expected.len();
    assert!(
        n > 100 && n < 250,
        "{n}: more than one page, not every study"
    );
    let designs = content.taxonomies.by_key("designs").unwrap();
    let mut problems = Vec::new();
    for (lang, count) in [("", format!("{n} studies")), ("zh/", format!("{n} 项研究"))] {
        // From the second page: the filter is over the whole map, not the
        // hundred studies of the page.
        let page = public.join(format!("{lang}studies/page/2/index.html"));
        browser
            .client
            .goto(&format!(
                "{}?population=population-1&population=population-3",
                file_url(&page)
            ))
            .await
            .unwrap();
        browser
            .wait_until("document.getElementById('result-count').textContent")
            .await;
        assert_eq!(text(&browser, "#result-count").await, count, "{lang}");
        assert_eq!(visible(&browser).await, 100, "{lang}: a hundred at a time");
        assert_eq!(
            browser
                .script("return document.querySelector('.pagination').checkVisibility()")
                .await,
            false,
            "{lang}: the build's pages give way to the filtered list"
        );
        // Each design option counts the studies it would leave of the whole map.
        for design in content.taxonomies.terms(designs) {
            let with_design = content
                .studies
                .iter()
                .filter(|s| expected.contains(&s.id) && s.slugs(designs).contains(&design.slug))
                .count();
            let shown = text(
                &browser,
                &format!("[data-count-for=\"design={}\"]", design.slug),
            )
            .await;
            assert_eq!(shown, format!("({with_design})"), "{lang} {}", design.slug);
        }
        no_axe_violations(&browser, &format!("{lang} filtered, page 2"), &mut problems).await;
        // "Show more" until every match is listed, each once.
        while browser
            .script("return document.getElementById('show-more').checkVisibility()")
            .await
            == true
        {
            browser
                .script("document.getElementById('show-more').click(); return true")
                .await;
            browser
                .wait_until("!document.querySelector('.study-list[aria-busy]')")
                .await;
        }
        assert_eq!(visible(&browser).await, n, "{lang}");
        assert_eq!(listed_ids(&browser).await, expected, "{lang}");
        // The selection's download is made of the filtered studies.
        browser
            .script(
                "window.gapmapBrowse.download = (root, indices, format) => {\
                   window.asked = [indices.length, format]; return Promise.resolve(); };\
                 document.querySelector('#selection-downloads button[data-format=csv]').click();\
                 return true",
            )
            .await;
        browser.wait_until("window.asked").await;
        assert_eq!(
            browser.script("return window.asked").await,
            serde_json::json!([n, "csv"]),
            "{lang}"
        );
        // Cleared, the page is the build's again.
        browser
            .script("document.querySelector('#active-filters .clear-all').click(); return true")
            .await;
        browser.wait_until("location.search === ''").await;
        assert_eq!(visible(&browser).await, 100);
        assert_eq!(
            browser
                .script("return document.querySelector('.pagination').checkVisibility()")
                .await,
            true
        );
        assert_eq!(
            text(&browser, "#result-count").await,
            if lang.is_empty() {
                "250 studies"
            } else {
                "250 项研究"
            }
        );
    }
    assert!(problems.is_empty(), "{problems:#?}");
    browser.close().await;
}
