//! A filtered map's counts and its cells' pages (issue 22): a count link
//! about to be followed carries the map's filters, the cell's page (which
//! the build cannot filter) says it lists every study of the cell, and its
//! way back to the map keeps the filters, in both languages, from disk.

mod common;

use common::browser::{self, file_url};
use common::*;

#[tokio::test(flavor = "current_thread")]
async fn a_count_carries_the_filters_to_its_cell_and_back() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path().join("public");
    for lang in ["", "zh/"] {
        let url = format!(
            "{}?population=not-stated&from=2020",
            file_url(&public.join(format!("{lang}index.html")))
        );
        browser.client.goto(&url).await.unwrap();
        browser
            .wait_until("document.querySelector('table.matrix td[data-r] a')")
            .await;
        // Focusing a count (as a reader about to open it in a new tab does)
        // gives its link the map's filters, and only them.
        let href = browser
            .script(
                "const a = document.querySelector('table.matrix td[data-r] a');\
                 a.focus(); return a.getAttribute('href');",
            )
            .await;
        let href = href.as_str().unwrap().to_string();
        assert!(
            href.ends_with("index.html?population=not-stated&from=2020"),
            "{lang}: {href}"
        );
        // The cell's page, opened with them, says what it lists; its link
        // back keeps them.
        let cell = public.join(lang).join(href.split('?').next().unwrap());
        let cell_url = format!("{}?population=not-stated&from=2020", file_url(&cell));
        browser.client.goto(&cell_url).await.unwrap();
        browser
            .wait_until("!document.getElementById('filtered-elsewhere').hidden")
            .await;
        browser
            .script("document.querySelector('a.back-to-map').click()")
            .await;
        browser.wait_until("location.pathname.endsWith('/index.html') && document.querySelector('table.matrix')",
        )
        .await;
        let search = browser.script("return location.search").await;
        assert_eq!(
            search.as_str(),
            Some("?population=not-stated&from=2020"),
            "{lang}"
        );
        // Without filters the cell's page says nothing of them.
        browser.client.goto(&file_url(&cell)).await.unwrap();
        browser
            .wait_until("document.readyState === 'complete'")
            .await;
        let note = browser
            .script("return document.getElementById('filtered-elsewhere').hidden")
            .await;
        assert_eq!(note.as_bool(), Some(true), "{lang}");
    }
    browser.close().await;
}
