//! The map page in a real browser, from disk, with the network blocked
//! (issue 22): tabs between a map's tables and the address that keeps them,
//! the views of a cell, the map filtered in the browser by facets and words
//! (its counts equal a build of only the filtered studies, from disk and on
//! the web under the published policy), the filter chips, the grid's
//! keyboard movement, and axe on every state, in both languages.

mod common;

use std::path::Path;

use common::browser::{self, Browser, file_url};
use common::web;
use common::*;
use fantoccini::key::Key;
use serde_json::Value;

const LANGS: [&str; 2] = ["", "zh/"];

/// Opens a page with a query, and waits for the map's script to have read
/// its data (the status line says how many studies the map shows) and
/// drawn every table.
async fn open_map(browser: &Browser, page: &Path, query: &str) {
    open_url(browser, &format!("{}{query}", file_url(page))).await;
}

/// Opens an address (a file or on the web), and waits as `open_map` does.
async fn open_url(browser: &Browser, url: &str) {
    browser.client.goto(url).await.unwrap();
    browser.wait_until(DRAWN).await;
}

/// The map's script has read its data and drawn every table (the tables
/// of other tabs are drawn once the browser is idle; the map is aria-busy
/// until then).
const DRAWN: &str = "document.getElementById('map-status').textContent.length > 0 \
    && !document.querySelector('section.map').hasAttribute('aria-busy')";

async fn press(browser: &Browser, keys: &str) {
    let focused = browser.client.active_element().await.unwrap();
    focused.send_keys(keys).await.unwrap();
}

async fn query(browser: &Browser) -> String {
    let s = browser.script("return location.search").await;
    s.as_str().unwrap_or("").to_string()
}

/// The selected tab's table and which tables show.
async fn tab_state(browser: &Browser) -> Value {
    browser
        .script(
            "const on = document.querySelector('[role=tab][aria-selected=true]');\
             return {selected: on && on.dataset.table,\
               focused: document.activeElement === on,\
               shown: Array.from(document.querySelectorAll('table.matrix[data-map]'))\
                 .filter(t => t.checkVisibility()).map(t => t.id),\
               tabs: Array.from(document.querySelectorAll('[role=tab]')).map(t => t.dataset.table),\
               stops: Array.from(document.querySelectorAll('[role=tab]')).filter(t => t.tabIndex === 0).length}",
        )
        .await
}

fn built(site: tempfile::TempDir) -> tempfile::TempDir {
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

#[tokio::test(flavor = "current_thread")]
async fn tabs_switch_by_keyboard_and_the_address_keeps_them() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built(real_site());
    for lang in LANGS {
        let page = site.path().join(format!("public/{lang}index.html"));
        open_map(&browser, &page, "").await;
        let state = tab_state(&browser).await;
        let tabs: Vec<String> = serde_json::from_value(state["tabs"].clone()).unwrap();
        assert_eq!(
            tabs,
            ["map-populations", "map-regions", "map-designs"],
            "{lang}"
        );
        assert_eq!(state["selected"], "map-populations");
        assert_eq!(state["shown"], serde_json::json!(["map-populations"]));
        assert_eq!(state["stops"], 1, "one tab stop in the tab list");

        // Arrows, End and Home move and select (automatic activation).
        browser
            .script("document.querySelector('[role=tab][aria-selected=true]').focus()")
            .await;
        press(&browser, &Key::Right.to_string()).await;
        let state = tab_state(&browser).await;
        assert_eq!(state["selected"], "map-regions", "{lang}");
        assert_eq!(state["focused"], true);
        assert_eq!(state["shown"], serde_json::json!(["map-regions"]));
        assert_eq!(query(&browser).await, "?tab=map-regions");
        press(&browser, &Key::End.to_string()).await;
        assert_eq!(tab_state(&browser).await["selected"], "map-designs");
        press(&browser, &Key::Right.to_string()).await;
        assert_eq!(
            tab_state(&browser).await["selected"],
            "map-populations",
            "wraps"
        );
        assert_eq!(
            query(&browser).await,
            "",
            "the first tab needs no parameter"
        );
        press(&browser, &Key::Left.to_string()).await;
        press(&browser, &Key::Home.to_string()).await;
        assert_eq!(tab_state(&browser).await["selected"], "map-populations");

        // Back and forward walk the tabs chosen.
        browser.client.back().await.unwrap();
        browser
            .wait_until("location.search === '?tab=map-designs'")
            .await;
        assert_eq!(tab_state(&browser).await["selected"], "map-designs");
        browser.client.forward().await.unwrap();
        browser.wait_until("location.search === ''").await;
        assert_eq!(tab_state(&browser).await["selected"], "map-populations");

        // A pasted address opens its tab; a link to a table's fragment (the
        // cell page's way back) does too.
        open_map(&browser, &page, "?tab=map-designs").await;
        assert_eq!(
            tab_state(&browser).await["shown"],
            serde_json::json!(["map-designs"])
        );
        open_map(&browser, &page, "#map-regions").await;
        assert_eq!(tab_state(&browser).await["selected"], "map-regions");

        // The other maps stay links (none on this site); without the script
        // every table shows: the tab markup is the script's own.
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(!html.contains("role=\"tab\"") && !html.contains(" hidden>\n<table"));
    }
    // The second example map: two column vocabularies, tabs; its second map
    // has one, and no tabs.
    let example = built(example_site());
    let page = example.path().join("public/index.html");
    open_map(&browser, &page, "?tab=map-countries").await;
    assert_eq!(
        tab_state(&browser).await["shown"],
        serde_json::json!(["map-countries"])
    );
    let second = example
        .path()
        .join("public/maps/outcomes-by-groups/index.html");
    open_map(&browser, &second, "").await;
    let state = tab_state(&browser).await;
    assert_eq!(state["tabs"], serde_json::json!([]));
    assert_eq!(state["shown"], serde_json::json!(["map-groups"]));
    browser.close().await;
}

/// Which view shows: the radio checked, and whether cells show their
/// circle, their bar, their shade.
async fn view_state(browser: &Browser) -> Value {
    browser
        .script(
            "const cell = document.querySelector('table.matrix[data-map] td[class*=level-]:not(.level-0) a');\
             const td = cell.closest('td');\
             const bar = td.querySelector('.segments');\
             return {view: document.querySelector('input[name=view]:checked').value,\
               circle: getComputedStyle(cell, '::before').content !== 'none',\
               bar: !!bar && getComputedStyle(bar).display !== 'none',\
               shaded: getComputedStyle(td).backgroundColor !== getComputedStyle(document.body).backgroundColor,\
               key: Array.from(document.querySelectorAll('.map-key .key')).filter(k => k.offsetParent !== null).map(k => k.className)}",
        )
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_pasted_address_opens_the_same_tab_view_and_filters() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let example = built(example_site());
    for lang in LANGS {
        let page = example.path().join(format!("public/{lang}index.html"));
        open_map(&browser, &page, "").await;
        let state = view_state(&browser).await;
        assert_eq!(state["view"], "heat");
        assert_eq!(state["shaded"], true);
        assert_eq!(state["circle"], false);
        assert_eq!(state["bar"], false);
        assert_eq!(state["key"], serde_json::json!(["key key-heat"]));

        open_map(&browser, &page, "?view=bubble").await;
        let state = view_state(&browser).await;
        assert_eq!(state["view"], "bubble", "{lang}");
        assert_eq!(state["circle"], true);
        assert_eq!(state["shaded"], false);
        assert_eq!(state["key"], serde_json::json!(["key key-bubble"]));

        // Choosing a view by its radio keeps it in the address.
        browser
            .script("document.querySelector('input[name=view][value=segments]').click()")
            .await;
        let state = view_state(&browser).await;
        assert_eq!(state["bar"], true);
        assert_eq!(
            state["key"],
            serde_json::json!(["key key-segments segment-legend"])
        );
        assert_eq!(query(&browser).await, "?view=segments");

        // Tab, view and filters at once, as a colleague would paste them.
        let pasted = "?country=africa&from=2016&tab=map-countries&view=segments";
        open_map(&browser, &page, pasted).await;
        let state = browser
            .script(
                "return {tab: document.querySelector('[role=tab][aria-selected=true]').dataset.table,\
                   view: document.querySelector('input[name=view]:checked').value,\
                   africa: document.querySelector('#map-filters input[name=countries][value=africa]').checked,\
                   from: document.querySelector('#map-filters input[name=from]').value,\
                   chips: document.querySelectorAll('#map-chips .chip').length,\
                   status: document.getElementById('map-status').textContent}",
            )
            .await;
        assert_eq!(state["tab"], "map-countries", "{lang}");
        assert_eq!(state["view"], "segments");
        assert_eq!(state["africa"], true);
        assert_eq!(state["from"], "2016");
        assert_eq!(state["chips"], 2);
        let status = state["status"].as_str().unwrap();
        if lang.is_empty() {
            assert!(
                status.starts_with("Map shows ")
                    && status.contains("of 30 studies: Country: Africa; From 2016"),
                "{status}"
            );
        } else {
            assert!(
                status.starts_with("地图显示全部 30 项研究中的") && status.contains("2016年起"),
                "{status}"
            );
        }

        // The language switch keeps the whole address.
        browser
            .script("document.querySelector('a.lang-switch').click()")
            .await;
        let other = if lang.is_empty() {
            "/zh/index.html"
        } else {
            "/public/index.html"
        };
        browser.wait_until(&format!("location.pathname.endsWith('{other}') && !!document.getElementById('map-status').textContent"),
        )
        .await;
        assert_eq!(query(&browser).await, pasted, "{lang}");
        let chips = browser
            .script("return document.querySelectorAll('#map-chips .chip').length")
            .await;
        assert_eq!(chips, 2);
    }
    // A cell's page keeps the address across languages too.
    let cell = example
        .path()
        .join("public/map/reflective-supervision/outcomes/burnout/index.html");
    browser
        .client
        .goto(&format!("{}?countries=africa#top", file_url(&cell)))
        .await
        .unwrap();
    browser
        .wait_until("document.readyState === 'complete'")
        .await;
    browser
        .script("document.querySelector('a.lang-switch').click()")
        .await;
    browser
        .wait_until("location.pathname.includes('/zh/map/')")
        .await;
    let at = browser
        .script("return location.search + location.hash")
        .await;
    assert_eq!(at, "?countries=africa#top");
    browser.close().await;
}

/// Every map table of the page as numbers: each cell's count, shade, link
/// name and split; each row's, column's and the whole table's total,
/// once every table is drawn.
async fn map_numbers(browser: &Browser) -> Value {
    browser.wait_until(DRAWN).await;
    browser
        .script(
            "const out = {};\
             for (const t of document.querySelectorAll('table.matrix[data-map]')) {\
               const cells = {}, rows = {}, columns = {};\
               for (const td of t.querySelectorAll('td[data-r][data-c]')) {\
                 const a = td.querySelector('a');\
                 const figure = td.querySelector('.n') || td.querySelector('.gap') || td;\
                 const split = td.querySelector('.segment-counts');\
                 cells[td.dataset.r + ',' + td.dataset.c] = {\
                   n: parseInt(figure.textContent, 10),\
                   level: parseInt(td.className.match(/level-(\\d+)/)[1], 10),\
                   name: a ? a.getAttribute('aria-label') : null,\
                   link: !!a,\
                   split: split ? split.textContent : ''};\
               }\
               for (const td of t.querySelectorAll('td.total[data-r]')) rows[td.dataset.r] = parseInt(td.textContent, 10);\
               for (const td of t.querySelectorAll('td.total[data-c]')) columns[td.dataset.c] = parseInt(td.textContent, 10);\
               const all = t.querySelector('td.total[data-all]');\
               out[t.id] = {cells, rows, columns, all: all ? parseInt(all.textContent, 10) : null};\
             }\
             return out;",
        )
        .await
}

fn number(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The browser's recomputed map equals the map a build of only the
/// filtered studies shows: every cell and total (0 where the filtered
/// build has no such row or column), each link's name and split; and each
/// shade is the count's step on the whole site's fixed steps.
fn assert_same_map(view: &Value, build: &Value, steps: &[i64], what: &str) {
    let view = view.as_object().unwrap();
    assert!(!view.is_empty(), "{what}: no map table");
    for (id, table) in view {
        let empty = serde_json::json!({"cells": {}, "rows": {}, "columns": {}, "all": 0});
        let expected = build.get(id).unwrap_or(&empty);
        let cells = &expected["cells"];
        for (key, cell) in table["cells"].as_object().unwrap() {
            let want = cells.get(key).map_or(0, |c| number(&c["n"]));
            let n = number(&cell["n"]);
            assert_eq!(n, want, "{what}: {id} cell {key}");
            let level = steps.iter().filter(|&&s| n >= s).count() as i64;
            assert_eq!(
                number(&cell["level"]),
                level,
                "{what}: {id} cell {key}'s shade"
            );
            assert_eq!(
                cell["link"],
                n > 0,
                "{what}: {id} cell {key}: a gap is no link"
            );
            if n > 0 {
                assert_eq!(
                    cell["name"], cells[key]["name"],
                    "{what}: {id} cell {key}'s name"
                );
                assert_eq!(
                    cell["split"], cells[key]["split"],
                    "{what}: {id} cell {key}'s split"
                );
            }
        }
        for (key, n) in table["rows"].as_object().unwrap() {
            let want = expected["rows"].get(key).map_or(0, number);
            assert_eq!(number(n), want, "{what}: {id} row {key}'s total");
        }
        // A filtered build with a single row has no totals row: its column
        // totals are then that row's cells, and its whole total the row's.
        let single = expected["all"].is_null();
        for (key, n) in table["columns"].as_object().unwrap() {
            let want = if single {
                cells
                    .as_object()
                    .unwrap()
                    .iter()
                    .filter(|(k, _)| k.ends_with(&format!(",{key}")))
                    .map(|(_, c)| number(&c["n"]))
                    .sum()
            } else {
                expected["columns"].get(key).map_or(0, number)
            };
            assert_eq!(number(n), want, "{what}: {id} column {key}'s total");
        }
        let want = if single {
            expected["rows"]
                .as_object()
                .unwrap()
                .values()
                .map(number)
                .sum()
        } else {
            number(&expected["all"])
        };
        assert_eq!(number(&table["all"]), want, "{what}: {id}'s total");
    }
}

/// A copy of a site keeping only the studies `keep` selects, built.
fn filtered_build(
    site: &Path,
    keep: impl Fn(&gapmap::content::Content, &gapmap::content::Study) -> bool,
) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&site.join("themes"), &copy.path().join("themes"));
    copy_dir(&site.join("content"), &copy.path().join("content"));
    let content = content_of(copy.path());
    let mut kept = 0;
    for study in &content.studies {
        if keep(&content, study) {
            kept += 1;
        } else {
            let folder = copy.path().join("content/studies").join(&study.id);
            assert!(folder.is_dir(), "{}", folder.display());
            std::fs::remove_dir_all(folder).unwrap();
        }
    }
    assert!(
        kept > 0 && kept < content.studies.len(),
        "the filter must select some studies, not all"
    );
    built(copy)
}

/// Whether a study has `slug` of vocabulary `key`, or a term below it.
fn has(
    content: &gapmap::content::Content,
    study: &gapmap::content::Study,
    key: &str,
    slug: &str,
) -> bool {
    let v = content.taxonomies.by_key(key).unwrap();
    let terms = &content.taxonomies[v].terms;
    study.slugs(v).iter().any(|own| {
        let mut at = Some(own.clone());
        while let Some(term) = at {
            if term == slug {
                return true;
            }
            at = terms
                .iter()
                .find(|t| t.slug == term)
                .and_then(|t| t.parent.clone());
        }
        false
    })
}

#[tokio::test(flavor = "current_thread")]
async fn filtered_counts_equal_a_build_of_the_filtered_studies() {
    let Some(browser) = browser::start_local_only().await else {
        return;
    };
    let real = built(real_site());
    let example = built(example_site());
    let real_filter = |c: &gapmap::content::Content, s: &gapmap::content::Study| {
        has(c, s, "populations", "youth") && s.year.is_some_and(|y| y >= 2020)
    };
    let mut checks: Vec<(tempfile::TempDir, &Path, String, &str)> = Vec::new();
    let youth = filtered_build(real.path(), real_filter);
    checks.push((
        youth,
        real.path(),
        "?population=youth&from=2020".into(),
        "index.html",
    ));
    // Nested terms: an intervention with sub-interventions, a continent of
    // countries, and a year range.
    let nested = |c: &gapmap::content::Content, s: &gapmap::content::Study| {
        has(c, s, "interventions", "workforce-support")
            && has(c, s, "countries", "africa")
            && s.year.is_some_and(|y| (2014..=2024).contains(&y))
    };
    for page in ["index.html", "maps/outcomes-by-groups/index.html"] {
        let build = filtered_build(example.path(), nested);
        checks.push((
            build,
            example.path(),
            "?intervention=workforce-support&country=africa&from=2014&to=2024".into(),
            page,
        ));
    }
    let ongoing = |_: &gapmap::content::Content, s: &gapmap::content::Study| {
        s.status == gapmap::content::Status::Ongoing
    };
    let build = filtered_build(example.path(), ongoing);
    checks.push((
        build,
        example.path(),
        "?status=ongoing".into(),
        "index.html",
    ));
    // Each full site from disk and on the web, under the published policy.
    let real_host = web::serve(real.path().join("public"));
    let example_host = web::serve(example.path().join("public"));
    for (filtered, full, query, page) in &checks {
        let host = if *full == real.path() {
            &real_host
        } else {
            &example_host
        };
        for lang in LANGS {
            browser
                .open(&filtered.path().join(format!("public/{lang}{page}")))
                .await;
            browser.wait_until(DRAWN).await;
            let expected = map_numbers(&browser).await;
            let disk = file_url(&full.join(format!("public/{lang}{page}")));
            for base in [disk, format!("{}{lang}{page}", host.base)] {
                let what = format!("{base}{query}");
                open_url(&browser, &format!("{base}{query}")).await;
                let steps: Vec<i64> = serde_json::from_value(
                    browser.script("return window.GAPMAP_FACETS.steps").await,
                )
                .unwrap();
                let view = map_numbers(&browser).await;
                assert_same_map(&view, &expected, &steps, &what);
                // Each filter is a chip, and the status line says what the
                // map shows (not an error).
                let said = browser
                    .script(
                        "return [document.querySelectorAll('#map-chips .chip').length,\
                           document.getElementById('map-status').textContent]",
                    )
                    .await;
                let filters = query.matches('&').count() as i64 + 1;
                assert_eq!(number(&said[0]), filters, "{what}: chips {said}");
                let line = said[1].as_str().unwrap_or("");
                assert!(
                    line.chars().any(|c| c.is_ascii_digit()) && !line.contains("Error"),
                    "{what}: {line}"
                );
                // A count opens as many studies beside the map.
                let n = browser
                    .script(
                        "const a = Array.from(document.querySelectorAll('table.matrix td[data-r][data-c] a'))\
                           .find(a => a.checkVisibility());\
                         a.click(); return parseInt(a.querySelector('.n').textContent, 10)",
                    )
                    .await;
                browser
                    .wait_until(
                        "document.getElementById('cell-panel').open \
                     && !document.getElementById('cell-panel').hasAttribute('aria-busy') \
                     && document.querySelector('#cell-panel .cell-panel-list li')",
                    )
                    .await;
                let listed = browser
                    .script("return document.querySelectorAll('#cell-panel .cell-panel-list li').length")
                    .await;
                assert_eq!(
                    number(&listed).min(50),
                    number(&n).min(50),
                    "{what}: the panel"
                );
                // Not the unfiltered map: the filter changed something.
                open_url(&browser, &base).await;
                assert_ne!(
                    map_numbers(&browser).await,
                    view,
                    "{what}: the filter changed nothing"
                );
            }
        }
    }
    real_host.assert_no_violations().await;
    example_host.assert_no_violations().await;
    browser.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn chips_remove_a_filter_and_clear_all_removes_every_one() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built(real_site());
    for lang in LANGS {
        let page = site.path().join(format!("public/{lang}index.html"));
        open_map(&browser, &page, "").await;
        let unfiltered = map_numbers(&browser).await;
        let all_words = browser
            .script("return document.getElementById('map-status').textContent")
            .await;
        assert_eq!(
            all_words,
            if lang.is_empty() {
                "Map shows all 5 studies."
            } else {
                "地图显示全部 5 项研究。"
            }
        );
        let chips_hidden = browser
            .script("return document.getElementById('map-chips').hidden")
            .await;
        assert_eq!(chips_hidden, true);
        // The form's numbers come from the data: each option's studies, and
        // no status choice when every study has the same status.
        let form = browser
            .script(
                "return [document.querySelector('[data-count-for=\"populations=youth\"]').textContent,\
                   document.querySelector('[data-count-for=\"populations=not-stated\"]').textContent,\
                   document.querySelector('#map-filters .status-filter').hidden,\
                   document.querySelector('#map-filters input[name=from]').placeholder]",
            )
            .await;
        assert_eq!(
            form,
            serde_json::json!(["(1)", "(4)", true, "2021"]),
            "{lang}"
        );

        // Choosing filters in the form: chips appear, the address keeps them.
        browser
            .script(
                "document.querySelector('#map-filter-panel > summary').click();\
                 document.querySelector('#map-filters input[name=populations][value=youth]').click();\
                 const from = document.querySelector('#map-filters input[name=from]');\
                 from.value = '2020'; from.dispatchEvent(new Event('change', {bubbles: true}));",
            )
            .await;
        assert_eq!(
            query(&browser).await,
            "?population=youth&from=2020",
            "{lang}"
        );
        let chips = browser
            .script("return Array.from(document.querySelectorAll('#map-chips .chip')).map(c => [c.textContent, c.getAttribute('aria-label')])")
            .await;
        if lang.is_empty() {
            assert_eq!(
                chips,
                serde_json::json!([
                    ["Population: Youth ×", "Remove filter Population: Youth"],
                    ["From 2020 ×", "Remove filter From 2020"]
                ])
            );
        } else {
            assert_eq!(chips.as_array().unwrap().len(), 2);
            assert!(
                chips[1][0].as_str().unwrap().starts_with("2020年起"),
                "{chips}"
            );
        }
        assert_ne!(map_numbers(&browser).await, unfiltered);
        // A cell the filters empty says so, not that the collection has none.
        let emptied = browser
            .script("return Array.from(document.querySelectorAll('table.matrix[data-map] td[data-r] .gap')).map(g => g.title)")
            .await;
        let gap_words = if lang.is_empty() {
            "No study matching these filters"
        } else {
            "没有符合这些筛选条件的研究"
        };
        assert!(
            emptied.as_array().unwrap().iter().any(|t| t == gap_words),
            "{emptied}"
        );

        // Removing one chip keeps the other; focus stays among the chips.
        browser
            .script("document.querySelector('#map-chips .chip').click()")
            .await;
        assert_eq!(query(&browser).await, "?from=2020");
        let left = browser
            .script("return [document.querySelectorAll('#map-chips .chip').length, document.activeElement.className,\
                      document.querySelector('#map-filters input[name=populations][value=youth]').checked]")
            .await;
        assert_eq!(left, serde_json::json!([1, "chip", false]));

        // Clear all: every filter goes, the map is whole again.
        browser
            .script("document.querySelector('#map-chips .clear-all').click()")
            .await;
        assert_eq!(query(&browser).await, "");
        assert_eq!(map_numbers(&browser).await, unfiltered, "{lang}");
        let state = browser
            .script("return [document.getElementById('map-chips').hidden, document.getElementById('map-status').textContent,\
                      document.activeElement.tagName]")
            .await;
        assert_eq!(state, serde_json::json!([true, all_words, "SUMMARY"]));
    }
    browser.close().await;
}

/// What has focus in the grid: its cell's row and column headers' text.
async fn focused_cell(browser: &Browser) -> Value {
    browser
        .script(
            "const el = document.activeElement, cell = el.closest('td, th');\
             if (!cell) return null;\
             const tr = cell.parentElement, table = cell.closest('table');\
             return [Array.prototype.indexOf.call(table.rows, tr), cell.cellIndex, el.tagName, cell.textContent.trim()]",
        )
        .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_grid_is_one_tab_stop_moved_through_with_arrow_keys() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built(real_site());
    let example = built(example_site());
    for lang in LANGS {
        let page = site.path().join(format!("public/{lang}index.html"));
        open_map(&browser, &page, "").await;
        let stops = browser
            .script(
                "return Array.from(document.querySelectorAll('table.matrix[data-map]')).map(t =>\
                   [t.getAttribute('role'), Array.from(t.querySelectorAll('a, td, th')).filter(e => e.tabIndex >= 0).length])",
            )
            .await;
        assert_eq!(
            stops,
            serde_json::json!([["grid", 1], ["grid", 1], ["grid", 1]]),
            "{lang}"
        );
        // Tabbing from the view radios (after the tabs) reaches the grid's
        // first count cell: a link, or the cell itself for a gap.
        browser
            .script("document.querySelector('input[name=view]:checked').focus()")
            .await;
        press(&browser, &Key::Tab.to_string()).await;
        let start = focused_cell(&browser).await;
        assert_eq!(start[1], 1, "{lang}: {start}");
        assert!(start[2] == "A" || start[2] == "TD", "{lang}: {start}");
        let (row, column) = (number(&start[0]), number(&start[1]));
        press(&browser, &Key::Right.to_string()).await;
        let at = focused_cell(&browser).await;
        assert_eq!((number(&at[0]), number(&at[1])), (row, column + 1));
        press(&browser, &Key::Down.to_string()).await;
        let at = focused_cell(&browser).await;
        assert_eq!((number(&at[0]), number(&at[1])), (row + 1, column + 1));
        press(&browser, &Key::Left.to_string()).await;
        press(&browser, &Key::Up.to_string()).await;
        let at = focused_cell(&browser).await;
        assert_eq!((number(&at[0]), number(&at[1])), (row, column));
        press(&browser, &Key::Home.to_string()).await;
        assert_eq!(
            number(&focused_cell(&browser).await[1]),
            0,
            "Home: the row's header"
        );
        press(&browser, &Key::End.to_string()).await;
        let end = focused_cell(&browser).await;
        let width = browser
            .script("return document.activeElement.closest('tr').cells.length")
            .await;
        assert_eq!(number(&end[1]), number(&width) - 1, "End: the row's total");
        press(&browser, &(Key::Control + &Key::Home.to_string())).await;
        let top = focused_cell(&browser).await;
        assert_eq!((number(&top[0]), number(&top[1])), (0, 0), "Ctrl+Home");
        press(&browser, &(Key::Control + &Key::End.to_string())).await;
        let last = browser
            .script("const t = document.activeElement.closest('table'); return [t.rows.length - 1, t.rows[t.rows.length - 1].cells.length - 1]")
            .await;
        let at = focused_cell(&browser).await;
        assert_eq!(serde_json::json!([at[0], at[1]]), last, "Ctrl+End");
        // Still one tab stop: where the reader left the grid.
        let stops = browser
            .script("return Array.from(document.querySelector('table.matrix[data-map]').querySelectorAll('a, td, th')).filter(e => e.tabIndex >= 0).length")
            .await;
        assert_eq!(stops, 1);
    }
    // Nested column headers (colspan, rowspan): down from a group's header
    // reaches the row of headers below it, then the counts.
    let page = example.path().join("public/index.html");
    open_map(&browser, &page, "").await;
    browser
        .script("document.querySelector('#map-outcomes thead th[scope=colgroup] a').focus()")
        .await;
    press(&browser, &Key::Down.to_string()).await;
    let at = focused_cell(&browser).await;
    assert_eq!(number(&at[0]), 1, "{at}");
    press(&browser, &Key::Down.to_string()).await;
    let at = focused_cell(&browser).await;
    assert_eq!(number(&at[0]), 2, "{at}");
    browser.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn axe_finds_nothing_serious_in_any_state_of_the_map() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built(real_site());
    let example = built(example_site());
    let mut problems = Vec::new();
    let states: Vec<(&Path, &str, &str)> = vec![
        (site.path(), "index.html", ""),
        (site.path(), "index.html", "?tab=map-regions&view=bubble"),
        (
            site.path(),
            "index.html",
            "?populations=youth&from=2020&tab=map-designs",
        ),
        (
            example.path(),
            "index.html",
            "?view=segments&countries=africa",
        ),
        (
            example.path(),
            "index.html",
            "?view=bubble&tab=map-countries",
        ),
        (
            example.path(),
            "maps/outcomes-by-groups/index.html",
            "?view=segments&status=ongoing",
        ),
    ];
    for width in [1280, 375] {
        browser.resize(width, 900).await;
        for (root, page, query) in &states {
            for lang in LANGS {
                open_map(&browser, &root.join(format!("public/{lang}{page}")), query).await;
                browser
                    .script("const p = document.getElementById('map-filter-panel'); if (p) p.open = true;")
                    .await;
                for v in browser.axe_violations().await {
                    problems.push(format!("{width}px {lang}{page}{query}: {v}"));
                }
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
async fn at_phone_width_the_row_headers_stay_and_the_page_does_not_scroll_sideways() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built(real_site());
    browser.resize(375, 800).await;
    for lang in LANGS {
        let page = site.path().join(format!("public/{lang}index.html"));
        open_map(&browser, &page, "?tab=map-regions").await;
        let state = browser
            .script(
                "const scroller = document.querySelector('#map-regions').closest('.matrix-scroll');\
                 const header = document.querySelector('#map-regions tbody th');\
                 const corner = document.querySelector('#map-regions thead th');\
                 const before = [header.getBoundingClientRect().left, corner.getBoundingClientRect().left];\
                 scroller.scrollLeft = scroller.scrollWidth;\
                 const after = [header.getBoundingClientRect().left, corner.getBoundingClientRect().left];\
                 const total = document.querySelector('#map-regions td.total[data-all]').getBoundingClientRect();\
                 return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth,\
                   scrolls: scroller.scrollWidth > scroller.clientWidth,\
                   stays: Math.abs(after[0] - before[0]) < 6 && Math.abs(after[1] - before[1]) < 6,\
                   total: total.right <= innerWidth + 1}",
            )
            .await;
        assert_eq!(
            state,
            serde_json::json!({"page": 0, "scrolls": true, "stays": true, "total": true}),
            "{lang}"
        );
    }
    browser.close().await;
}

/// The study ids of hrefs or paths ending in studies/<id>/index.html.
fn ids_of(paths: &Value) -> std::collections::BTreeSet<String> {
    paths
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {paths}"))
        .iter()
        .map(|p| {
            let p = p.as_str().unwrap().trim_end_matches("index.html");
            p.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The studies the site's search finds for `words` in the page's language.
async fn found_by_search(browser: &Browser, lang: &str, words: &str) -> Value {
    browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             const root = document.querySelector('[data-root]').getAttribute('data-root');\
             window.gapmapSearchIds(root, arguments[0], arguments[1])\
               .then(ids => done(Array.from(ids)), e => done({error: String(e)}));",
            vec![
                serde_json::json!(if lang.is_empty() { "en" } else { "zh" }),
                serde_json::json!(words),
            ],
        )
        .await
        .unwrap()
}

/// Words combine with the filters: the map's counts are a build's of the
/// studies both the search and the filters keep, a cell's panel lists
/// those of its studies, the studies list shows the same studies, and the
/// words are a chip; typed into the map's words field they narrow it too.
/// From disk and on the web under the published policy (no violation), in
/// both languages.
#[tokio::test(flavor = "current_thread")]
async fn words_combine_with_the_filters_from_disk_and_on_the_web() {
    let Some(browser) = browser::start_local_only().await else {
        return;
    };
    let real = built(real_site());
    let public = real.path().join("public");
    let host = web::serve(public.clone());
    let all = content_of(real.path()).studies.len();
    for (lang, words) in [("", "supervision"), ("zh/", "督导")] {
        let page = public.join(format!("{lang}index.html"));
        open_map(&browser, &page, "").await;
        let found = ids_of(&found_by_search(&browser, lang, words).await);
        let from = 2022;
        let content = content_of(real.path());
        let in_years = |s: &&gapmap::content::Study| s.year.is_some_and(|y| y >= from);
        let by_year: std::collections::BTreeSet<String> = content
            .studies
            .iter()
            .filter(in_years)
            .map(|s| s.id.clone())
            .collect();
        let kept_ids: std::collections::BTreeSet<String> =
            found.intersection(&by_year).cloned().collect();
        // Both the words and the years leave out some of what the other keeps.
        assert!(
            !kept_ids.is_empty() && kept_ids != found && kept_ids != by_year && found.len() < all,
            "{lang}{words}: found {found:?}, in the years {by_year:?}"
        );
        let filtered = filtered_build(real.path(), |_, s| kept_ids.contains(&s.id));
        browser
            .open(&filtered.path().join(format!("public/{lang}index.html")))
            .await;
        browser.wait_until(DRAWN).await;
        let expected = map_numbers(&browser).await;
        let query = format!("?q={}&from={from}", urlencoding(words));
        for base in [file_url(&page), format!("{}{lang}index.html", host.base)] {
            let what = format!("{base}{query}");
            browser
                .client
                .goto(&format!("{base}{query}"))
                .await
                .unwrap();
            browser
                .wait_until(
                    "document.getElementById('map-status').textContent.length > 0 \
                 && !document.querySelector('section.map').hasAttribute('aria-busy') \
                 && document.getElementById('map-chips').textContent.length > 0",
                )
                .await;
            let steps: Vec<i64> =
                serde_json::from_value(browser.script("return window.GAPMAP_FACETS.steps").await)
                    .unwrap();
            assert_same_map(&map_numbers(&browser).await, &expected, &steps, &what);
            let chips = browser
                .script("return document.getElementById('map-chips').textContent")
                .await;
            assert!(
                chips.as_str().unwrap().contains(words),
                "{what}: no chip for the words: {chips}"
            );
            // A cell's panel lists the cell's studies the words and the
            // years keep: a cell where the years alone keep one more.
            let in_cell = |id: &String| {
                let s = content.studies.iter().find(|s| &s.id == id).unwrap();
                has(&content, s, "themes", "boundaries")
                    && has(&content, s, "designs", "qualitative")
            };
            let cell: std::collections::BTreeSet<String> =
                kept_ids.iter().filter(|id| in_cell(id)).cloned().collect();
            let cell_by_year = by_year.iter().filter(|id| in_cell(id)).count();
            assert!(
                !cell.is_empty() && cell.len() < cell_by_year,
                "{what}: {cell:?}"
            );
            browser
                .client
                .goto(&format!(
                    "{base}{query}&cell=map-designs~boundaries~qualitative"
                ))
                .await
                .unwrap();
            browser
                .wait_until(
                    "document.getElementById('cell-panel').open \
                 && !document.getElementById('cell-panel').hasAttribute('aria-busy') \
                 && document.querySelector('#cell-panel .cell-panel-list li')",
                )
                .await;
            let listed = ids_of(
                &browser
                    .script(
                        "return Array.from(document.querySelectorAll('#cell-panel .cell-panel-list li a'))\
                           .map(a => a.getAttribute('href')).filter(h => h.includes('studies/'))",
                    )
                    .await,
            );
            assert_eq!(listed, cell, "{what}: the panel");

            // The studies list with the same address shows the same studies.
            let list = base.replace("index.html", "studies/index.html");
            browser
                .client
                .goto(&format!("{list}{query}"))
                .await
                .unwrap();
            browser
                .wait_until(
                    "(() => { const s = document.getElementById('result-count');\
                   return s && s.textContent.length > 0 && !s.textContent.includes('…'); })()",
                )
                .await;
            let shown = ids_of(
                &browser
                    .script(
                        "return Array.from(document.querySelectorAll('.study-list li'))\
                           .filter(li => li.checkVisibility())\
                           .map(li => li.querySelector('a').getAttribute('href'))",
                    )
                    .await,
            );
            assert_eq!(shown, kept_ids, "{what}: the studies list");
        }
        // Typed into the map's words field, the words narrow the map and
        // go into its address.
        browser
            .client
            .goto(&format!("{}{lang}index.html?from={from}", host.base))
            .await
            .unwrap();
        browser.wait_until(DRAWN).await;
        browser
            .script("document.getElementById('map-filter-panel').open = true; return true")
            .await;
        let field = browser
            .client
            .find(fantoccini::Locator::Id("map-q"))
            .await
            .unwrap();
        field
            .send_keys(&format!("{words}{}", Key::Enter))
            .await
            .unwrap();
        browser
            .wait_until(
                "new URLSearchParams(location.search).has('q') \
             && !document.querySelector('section.map').hasAttribute('aria-busy')",
            )
            .await;
        let steps: Vec<i64> =
            serde_json::from_value(browser.script("return window.GAPMAP_FACETS.steps").await)
                .unwrap();
        assert_same_map(
            &map_numbers(&browser).await,
            &expected,
            &steps,
            &format!("{lang}: typed words"),
        );
    }
    host.assert_no_violations().await;
    browser.close().await;
}

/// A query string's value, percent-encoded.
fn urlencoding(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
