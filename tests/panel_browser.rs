//! The map's reader panel in a real headless Chromium, from disk, with no
//! network (issue 22): a count opens its cell's studies beside the map by
//! keyboard, Escape closes it and gives focus back, the address carries the
//! open cell (a pasted link opens it, back and forward move), the map's
//! filters narrow it, more than fifty studies come fifty at a time, and its
//! downloads are the data files' own records of exactly those studies, read
//! back with gapmap's import readers. Axe finds nothing serious with the
//! panel open, at desktop and phone width, in both languages, on the default
//! content and on the second example map (nested terms, segments).

mod common;

#[path = "../examples/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::browser::{self, Browser, file_url};
use common::*;
use fantoccini::key::Key;
use gapmap::content::Content;
use gapmap::import::record::Record;
use gapmap::import::{bibtex, csv, ris};
use serde_json::Value;

const LANGS: [&str; 2] = ["", "zh/"];

fn built(site: &tempfile::TempDir) -> Content {
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    content_of(site.path())
}

/// A study id from a link to its page, wherever the link is from.
fn study_id(href: &str) -> String {
    href.rsplit_once("studies/")
        .map(|(_, rest)| rest.trim_end_matches("/index.html").to_string())
        .unwrap_or_else(|| panic!("not a study link: {href}"))
}

/// The studies a cell's own page lists (the no-JavaScript target).
fn cell_page_ids(cell_page: &Path) -> BTreeSet<String> {
    let html =
        fs::read_to_string(cell_page).unwrap_or_else(|e| panic!("{}: {e}", cell_page.display()));
    html.split("class=\"study-title\"")
        .skip(1)
        .map(|rest| {
            let href = rest.split("href=\"").nth(1).unwrap().split('"').next();
            study_id(href.unwrap())
        })
        .collect()
}

/// A cell's page, from a count link's href on a map page.
fn cell_page(map_page: &Path, href: &str) -> std::path::PathBuf {
    map_page.parent().unwrap().join(href)
}

async fn wait_until(browser: &Browser, condition: &str, what: &str) {
    assert!(
        browser.comes_true(condition).await,
        "{what}: `{condition}` never held"
    );
}

/// The panel is open and drawn (a count followed as a plain link leaves
/// the map page, and the panel with it).
const PANEL_READY: &str = "document.getElementById('cell-panel') && \
     document.getElementById('cell-panel').open && \
     !document.getElementById('cell-panel').hasAttribute('aria-busy')";

async fn wait_for_panel(browser: &Browser, what: &str) {
    wait_until(browser, PANEL_READY, what).await;
}

/// The studies the open panel lists, by id.
async fn panel_ids(browser: &Browser) -> Vec<String> {
    let hrefs = browser
        .script(
            "return Array.from(document.querySelectorAll('#cell-panel .cell-panel-list a.study-title'))\
               .map(a => a.getAttribute('href'))",
        )
        .await;
    hrefs
        .as_array()
        .unwrap()
        .iter()
        .map(|h| study_id(h.as_str().unwrap()))
        .collect()
}

async fn cell_param(browser: &Browser) -> Option<String> {
    let url = browser.client.current_url().await.unwrap();
    url.query_pairs()
        .find(|(k, _)| k == "cell")
        .map(|(_, v)| v.into_owned())
}

/// The count links of a table: (data-r, data-c, count, href), largest first.
async fn count_links(browser: &Browser, table: &str) -> Vec<(i64, i64, i64, String)> {
    let found = browser
        .script(&format!(
            "return Array.from(document.querySelectorAll('#{table} td[data-r][data-c] a'))\
               .map(a => [+a.closest('td').dataset.r, +a.closest('td').dataset.c,\
                          parseInt(a.textContent, 10), a.getAttribute('href')])"
        ))
        .await;
    let mut links: Vec<(i64, i64, i64, String)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l[0].as_i64().unwrap(),
                l[1].as_i64().unwrap(),
                l[2].as_i64().unwrap(),
                l[3].as_str().unwrap().to_string(),
            )
        })
        .collect();
    links.sort_by_key(|l| std::cmp::Reverse(l.2));
    assert!(!links.is_empty(), "#{table} has no count links");
    links
}

/// Focuses the count link of cell (r, c) of a table and presses Enter.
async fn press_enter_on(browser: &Browser, table: &str, r: i64, c: i64) {
    browser
        .script(&format!(
            "document.querySelector('#{table} td[data-r=\"{r}\"][data-c=\"{c}\"] a').focus(); return true"
        ))
        .await;
    let active = browser.client.active_element().await.unwrap();
    active.send_keys(&Key::Enter).await.unwrap();
}

/// Whether focus is on the count link of cell (r, c) of a table.
async fn focus_is_on(browser: &Browser, table: &str, r: i64, c: i64) -> bool {
    browser
        .script(&format!(
            "return document.activeElement === \
               document.querySelector('#{table} td[data-r=\"{r}\"][data-c=\"{c}\"] a')"
        ))
        .await
        == Value::Bool(true)
}

async fn panel_open(browser: &Browser) -> bool {
    browser
        .script("return document.getElementById('cell-panel').open")
        .await
        == Value::Bool(true)
}

#[tokio::test(flavor = "current_thread")]
async fn a_count_opens_its_cells_studies_by_keyboard_and_escape_gives_focus_back() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = real_site();
    built(&site);
    let public = site.path().join("public");
    for lang in LANGS {
        let page = public.join(format!("{lang}index.html"));
        browser.open(&page).await;
        let table = "map-populations";
        let (r, c, count, href) = count_links(&browser, table).await.remove(0);
        assert!(count >= 2, "a cell of several studies: {count}");
        press_enter_on(&browser, table, r, c).await;
        wait_for_panel(&browser, lang).await;

        // Focus is in the panel, on its heading naming the cell and its count.
        let inside = browser
            .script("return document.getElementById('cell-panel').contains(document.activeElement)")
            .await;
        assert_eq!(
            inside,
            Value::Bool(true),
            "{lang}: focus moved into the panel"
        );
        let heading = browser
            .script("return document.getElementById('cell-panel-heading').textContent")
            .await;
        let heading = heading.as_str().unwrap().to_string();
        assert!(heading.contains(" × "), "{lang}: {heading}");
        assert!(heading.contains(&count.to_string()), "{lang}: {heading}");

        // Exactly the cell page's studies, newest first.
        let listed = panel_ids(&browser).await;
        assert_eq!(listed.len() as i64, count, "{lang}: {listed:?}");
        let expected = cell_page_ids(&cell_page(&page, &href));
        assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), expected);
        let years = browser
            .script(
                "return Array.from(document.querySelectorAll('#cell-panel .study-meta'))\
                   .map(m => parseInt(m.textContent, 10) || 0)",
            )
            .await;
        let years: Vec<i64> = years
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y.as_i64().unwrap())
            .collect();
        let mut newest_first = years.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(years, newest_first, "{lang}: newest first");

        // The address names the open cell; the count keeps its href.
        let param = cell_param(&browser).await.expect("cell= in the address");
        assert!(param.starts_with(&format!("{table}~")), "{param}");
        assert_eq!(param.split('~').count(), 3, "{param}");
        let kept = browser
            .script(&format!(
                "return document.querySelector('#{table} td[data-r=\"{r}\"][data-c=\"{c}\"] a').getAttribute('href')"
            ))
            .await;
        assert_eq!(kept.as_str(), Some(href.as_str()));

        // Escape closes it and gives focus back to the count.
        let active = browser.client.active_element().await.unwrap();
        active.send_keys(&Key::Escape).await.unwrap();
        wait_until(
            &browser,
            "!document.getElementById('cell-panel').open",
            lang,
        )
        .await;
        assert!(
            focus_is_on(&browser, table, r, c).await,
            "{lang}: focus back on the count"
        );
        assert_eq!(cell_param(&browser).await, None);

        // Back opens it again, forward closes it.
        browser.client.back().await.unwrap();
        wait_for_panel(&browser, "back").await;
        assert_eq!(cell_param(&browser).await.as_deref(), Some(param.as_str()));
        browser.client.forward().await.unwrap();
        wait_until(
            &browser,
            "!document.getElementById('cell-panel').open",
            "forward",
        )
        .await;

        // The Close button does as Escape does.
        press_enter_on(&browser, table, r, c).await;
        wait_for_panel(&browser, "again").await;
        browser
            .script("document.querySelector('#cell-panel .cell-panel-close').click(); return true")
            .await;
        assert!(!panel_open(&browser).await);
        assert!(
            focus_is_on(&browser, table, r, c).await,
            "{lang}: focus back after Close"
        );
    }
    browser.close().await;
}

/// A filter the map offers, as the address writes it, and whether a study
/// passes it (as the studies list counts: a term or any term below it).
struct Filter {
    query: String,
    keep: Box<dyn Fn(&gapmap::content::Study) -> bool>,
}

/// The address's name of a vocabulary's filter, as the site's data gives it.
fn filter_name(public: &Path, vocabulary: gapmap::content::Vocabulary) -> String {
    let script = fs::read_to_string(public.join("assets/browse/facets.js")).unwrap();
    let json = script
        .trim()
        .strip_prefix("window.GAPMAP_FACETS = ")
        .and_then(|j| j.strip_suffix(';'))
        .expect("facets.js assigns window.GAPMAP_FACETS");
    let facets: Value = serde_json::from_str(json).unwrap();
    facets["vocabularies"][vocabulary.index()]["key"]
        .as_str()
        .unwrap()
        .to_string()
}

fn filters(content: &Content, public: &Path) -> Vec<Filter> {
    let mut out = Vec::new();
    let populations = content.taxonomies.by_key("populations").unwrap();
    let name = filter_name(public, populations);
    for term in content.taxonomies.terms(populations) {
        let wanted = content
            .taxonomies
            .with_descendants(populations, [term.slug.as_str()]);
        out.push(Filter {
            query: format!("{name}={}", term.slug),
            keep: Box::new(move |s| s.slugs(populations).iter().any(|p| wanted.contains(p))),
        });
    }
    for from in [2020, 2022, 2024] {
        out.push(Filter {
            query: format!("from={from}"),
            keep: Box::new(move |s| s.year.is_some_and(|y| y >= from)),
        });
    }
    out
}

#[tokio::test(flavor = "current_thread")]
async fn a_pasted_address_opens_the_panel_and_the_maps_filters_narrow_it() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = real_site();
    let content = built(&site);
    let public = site.path().join("public");
    let page = public.join("index.html");
    browser.open(&page).await;
    let table = "map-regions";
    let links = count_links(&browser, table).await;
    // A cell and a filter that keeps some of its studies, not all.
    let mut chosen = None;
    'search: for (r, c, _, href) in &links {
        let all = cell_page_ids(&cell_page(&page, href));
        for filter in filters(&content, &public) {
            let kept: BTreeSet<String> = content
                .studies
                .iter()
                .filter(|s| all.contains(&s.id) && (filter.keep)(s))
                .map(|s| s.id.clone())
                .collect();
            if !kept.is_empty() && kept.len() < all.len() {
                chosen = Some((*r, *c, href.clone(), filter.query, kept, all));
                break 'search;
            }
        }
    }
    let (r, c, _, query, kept, all) = chosen.expect("a cell a filter narrows");
    // The cell's slugs, from the address the panel itself writes.
    browser
        .script(&format!(
            "document.querySelector('#{table} td[data-r=\"{r}\"][data-c=\"{c}\"] a').click(); return true"
        ))
        .await;
    wait_for_panel(&browser, "click").await;
    let param = cell_param(&browser).await.unwrap();
    assert_eq!(
        panel_ids(&browser)
            .await
            .into_iter()
            .collect::<BTreeSet<_>>(),
        all
    );

    for lang in LANGS {
        let page = public.join(format!("{lang}index.html"));
        // A fresh load of the address opens the panel on the same cell.
        browser
            .client
            .goto(&format!("{}?cell={param}", file_url(&page)))
            .await
            .unwrap();
        wait_for_panel(&browser, &format!("{lang}: pasted cell")).await;
        let listed: BTreeSet<String> = panel_ids(&browser).await.into_iter().collect();
        assert_eq!(listed, all, "{lang}: pasted address");
        let inside = browser
            .script("return document.getElementById('cell-panel').contains(document.activeElement)")
            .await;
        assert_eq!(inside, Value::Bool(true));

        // With the map's filters in the address, only the studies they keep.
        browser
            .client
            .goto(&format!("{}?{query}&cell={param}", file_url(&page)))
            .await
            .unwrap();
        wait_for_panel(&browser, &format!("{lang}: filtered")).await;
        let listed: BTreeSet<String> = panel_ids(&browser).await.into_iter().collect();
        assert_eq!(listed, kept, "{lang}: {query}");
        let note_shown = browser
            .script("return !document.querySelector('#cell-panel .cell-panel-filtered').hidden")
            .await;
        assert_eq!(note_shown, Value::Bool(true), "{lang}: says it is filtered");
        // "All studies of this cell" is the cell's own page.
        let href = browser
            .script(&format!(
                "return document.querySelector('#{table} td[data-r=\"{r}\"][data-c=\"{c}\"] a').getAttribute('href')"
            ))
            .await;
        let href = href.as_str().unwrap();
        let all_href = browser
            .script(
                "return document.querySelector('#cell-panel .cell-panel-all').getAttribute('href')",
            )
            .await;
        assert_eq!(all_href.as_str(), Some(href));
    }
    browser.close().await;
}

/// The records a reader makes of a file, without their positions.
fn records(read: gapmap::import::record::Read, what: &str) -> Vec<Record> {
    assert!(read.refused.is_empty(), "{what}: {:?}", read.refused);
    read.records.into_iter().map(|(_, r)| r).collect()
}

fn read_format(format: &str, text: &str) -> Vec<Record> {
    match format {
        "ris" => records(ris::read("panel.ris", text), format),
        "bib" => records(bibtex::read("panel.bib", text), format),
        "csv" => records(csv::read("panel.csv", text), format),
        other => panic!("no reader for {other}"),
    }
}

/// What the panel hands to `gapmapBrowse.download` when a download button
/// is pressed: the study indices, the format and the file name.
async fn pressed_download(browser: &Browser, format: &str) -> (Vec<usize>, String, String) {
    browser
        .script(
            "window.__downloads = [];\
             window.gapmapBrowse.download = function (root, indices, format, name) {\
               window.__downloads.push([indices, format, name]); return Promise.resolve(); };\
             return true",
        )
        .await;
    browser
        .script(&format!(
            "document.querySelector('#cell-panel button[data-format=\"{format}\"]').click(); return true"
        ))
        .await;
    let got = browser.script("return window.__downloads").await;
    let got = got.as_array().unwrap();
    assert_eq!(got.len(), 1, "one download per press: {got:?}");
    let indices = got[0][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_u64().unwrap() as usize)
        .collect();
    (
        indices,
        got[0][1].as_str().unwrap().to_string(),
        got[0][2].as_str().unwrap().to_string(),
    )
}

/// The file the browser makes of these studies, as gapmapBrowse builds it.
async fn built_file(browser: &Browser, indices: &[usize], format: &str) -> String {
    let file = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const root = document.querySelector('[data-root]').getAttribute('data-root');\
             window.gapmapBrowse.buildFile(root, arguments[0], arguments[1])\
               .then(done, e => done({error: String(e)}));",
            vec![serde_json::json!(indices), serde_json::json!(format)],
        )
        .await
        .unwrap();
    file.as_str()
        .unwrap_or_else(|| panic!("buildFile: {file}"))
        .to_string()
}

#[tokio::test(flavor = "current_thread")]
async fn the_panels_downloads_are_the_data_files_records_of_its_studies() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = real_site();
    let content = built(&site);
    let public = site.path().join("public");
    let data = public.join("data");
    let whole: Vec<(&str, Vec<Record>)> = ["ris", "bib", "csv"]
        .into_iter()
        .map(|format| {
            let text = gapmap::import::text::decode(
                "studies",
                &fs::read(data.join(format!("studies.{format}"))).unwrap(),
            )
            .unwrap();
            let all = read_format(format, &text);
            assert_eq!(all.len(), content.studies.len(), "{format}");
            (format, all)
        })
        .collect();

    for lang in LANGS {
        let page = public.join(format!("{lang}index.html"));
        browser.open(&page).await;
        let table = "map-populations";
        let (r, c, count, href) = count_links(&browser, table).await.remove(0);
        let cell_ids = cell_page_ids(&cell_page(&page, &href));
        // Filtered to the latest year among the cell's studies: a part of it.
        let newest = content
            .studies
            .iter()
            .filter(|s| cell_ids.contains(&s.id))
            .filter_map(|s| s.year)
            .max()
            .unwrap();
        for query in [String::new(), format!("?from={newest}")] {
            let expected: BTreeSet<String> = content
                .studies
                .iter()
                .filter(|s| cell_ids.contains(&s.id))
                .filter(|s| query.is_empty() || s.year.is_some_and(|y| y >= newest))
                .map(|s| s.id.clone())
                .collect();
            assert!(query.is_empty() || (expected.len() as i64) < count);
            browser
                .client
                .goto(&format!("{}{query}", file_url(&page)))
                .await
                .unwrap();
            press_enter_on(&browser, table, r, c).await;
            wait_for_panel(&browser, &format!("{lang}{query}")).await;
            for (format, all) in &whole {
                let (indices, asked, name) = pressed_download(&browser, format).await;
                assert_eq!(&asked, format);
                assert!(!name.is_empty() && !name.contains('/'), "{name}");
                // Every study of the selection, each once.
                let ids: BTreeSet<String> = indices
                    .iter()
                    .map(|&i| content.studies[i].id.clone())
                    .collect();
                assert_eq!(ids, expected, "{lang}{query} {format}");
                assert_eq!(ids.len(), indices.len());
                // Each record is the data file's own record of that study.
                let text = built_file(&browser, &indices, format).await;
                let got = read_format(format, &text);
                let want: Vec<Record> = indices.iter().map(|&i| all[i].clone()).collect();
                assert_eq!(got, want, "{lang}{query} {format}");
                for (record, &i) in got.iter().zip(&indices) {
                    assert_eq!(
                        record.title.as_deref(),
                        Some(content.studies[i].title.en.as_str())
                    );
                }
            }
        }
    }
    browser.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_cell_of_more_than_fifty_studies_shows_fifty_then_more() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = tempfile::tempdir().unwrap();
    corpus::write_corpus(1000, site.path(), false).unwrap();
    copy_dir(&repo().join("themes"), &site.path().join("themes"));
    let content = built(&site);
    let public = site.path().join("public");
    let page = public.join("index.html");
    browser.open(&page).await;
    let table = browser
        .script("return document.querySelector('table.matrix[data-rows]').id")
        .await;
    let table = table.as_str().unwrap().to_string();
    let (r, c, count, href) = count_links(&browser, &table).await.remove(0);
    assert!(count > 50, "a cell of more than one page: {count}");
    press_enter_on(&browser, &table, r, c).await;
    wait_for_panel(&browser, "big cell").await;
    assert_eq!(panel_ids(&browser).await.len(), 50);
    // Show more adds the next fifty and moves focus to the first of them.
    browser
        .script("document.querySelector('#cell-panel .cell-panel-more').click(); return true")
        .await;
    wait_until(
        &browser,
        &format!(
            "document.querySelectorAll('#cell-panel .cell-panel-list li').length === {}",
            count.min(100)
        ),
        "show more",
    )
    .await;
    let focused = browser
        .script(
            "return document.activeElement === \
               document.querySelectorAll('#cell-panel .cell-panel-list a.study-title')[50]",
        )
        .await;
    assert_eq!(focused, Value::Bool(true), "focus on the first new study");
    // The downloads hold the whole cell, not only what is shown.
    let (indices, _, _) = pressed_download(&browser, "ris").await;
    assert_eq!(indices.len() as i64, count);
    let ids: BTreeSet<String> = indices
        .iter()
        .map(|&i| content.studies[i].id.clone())
        .collect();
    assert_eq!(ids, cell_page_ids(&cell_page(&page, &href)));
    // Until every study is shown, then no more button.
    while browser
        .script("return !document.querySelector('#cell-panel .cell-panel-more-row').hidden")
        .await
        == Value::Bool(true)
    {
        let before = panel_ids(&browser).await.len();
        browser
            .script("document.querySelector('#cell-panel .cell-panel-more').click(); return true")
            .await;
        wait_until(
            &browser,
            &format!(
                "document.querySelectorAll('#cell-panel .cell-panel-list li').length > {before}"
            ),
            "more",
        )
        .await;
    }
    let listed = panel_ids(&browser).await;
    assert_eq!(listed.len() as i64, count);
    assert_eq!(
        listed.into_iter().collect::<BTreeSet<_>>(),
        cell_page_ids(&cell_page(&page, &href))
    );
    browser.close().await;
}

/// The example map: nested rows and columns ("All" columns of a parent),
/// segments, and a second map on its own page.
#[tokio::test(flavor = "current_thread")]
async fn the_example_maps_nested_and_segmented_cells_open_their_studies() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = example_site();
    built(&site);
    let public = site.path().join("public");
    for lang in LANGS {
        for map in ["index.html", "maps/outcomes-by-groups/index.html"] {
            let page = public.join(format!("{lang}{map}"));
            browser.open(&page).await;
            let tables = browser
                .script("return Array.from(document.querySelectorAll('table.matrix[data-rows]')).map(t => t.id)")
                .await;
            for table in tables.as_array().unwrap() {
                let table = table.as_str().unwrap();
                // Every count of the table, the largest (a parent's) first.
                for (r, c, count, href) in count_links(&browser, table).await.into_iter().take(6) {
                    browser.client.goto(&file_url(&page)).await.unwrap();
                    let tab = format!("document.getElementById('{table}')");
                    wait_until(&browser, &tab, table).await;
                    browser
                        .script(&format!(
                            "document.querySelector('#{table} td[data-r=\"{r}\"][data-c=\"{c}\"] a').click(); return true"
                        ))
                        .await;
                    wait_for_panel(&browser, &format!("{lang}{map} {table}")).await;
                    let listed = panel_ids(&browser).await;
                    assert_eq!(listed.len() as i64, count, "{lang}{map} {table} ({r}, {c})");
                    assert_eq!(
                        listed.into_iter().collect::<BTreeSet<_>>(),
                        cell_page_ids(&cell_page(&page, &href)),
                        "{lang}{map} {table} ({r}, {c})"
                    );
                }
            }
        }
    }
    browser.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn axe_finds_nothing_serious_with_the_panel_open() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let real = real_site();
    built(&real);
    let example = example_site();
    built(&example);
    let mut problems = Vec::new();
    for (name, site) in [("real", &real), ("example", &example)] {
        let public = site.path().join("public");
        for lang in LANGS {
            let page = public.join(format!("{lang}index.html"));
            for (width, height) in [(1280, 900), (375, 800)] {
                browser.resize(width, height).await;
                browser.open(&page).await;
                let table = browser
                    .script("return document.querySelector('table.matrix[data-rows]').id")
                    .await;
                let table = table.as_str().unwrap().to_string();
                let (r, c, _, _) = count_links(&browser, &table).await.remove(0);
                let sideways = "return document.documentElement.scrollWidth - document.documentElement.clientWidth";
                let before = browser.script(sideways).await.as_i64().unwrap();
                press_enter_on(&browser, &table, r, c).await;
                wait_for_panel(&browser, name).await;
                // The page makes room for the panel: nothing new scrolls sideways.
                let after = browser.script(sideways).await.as_i64().unwrap();
                assert!(
                    after <= before.max(0),
                    "{name} {lang} at {width}px: the panel makes the page scroll sideways ({before} -> {after})"
                );
                for v in browser.axe_violations().await {
                    problems.push(format!(
                        "{name} {lang}index.html at {width}px, panel open: {v}"
                    ));
                }
            }
        }
    }
    browser.resize(1280, 900).await;
    browser.close().await;
    assert!(
        problems.is_empty(),
        "axe-core violations:\n{}",
        problems.join("\n")
    );
}
