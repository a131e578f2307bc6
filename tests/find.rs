//! Find and filter in a real browser, from disk: the studies page's facet
//! filters (state in the URL, OR within a facet, AND across facets, counts,
//! back and forward) and bilingual search.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::browser::{self, Browser, file_url};
use common::*;

struct Data {
    site: tempfile::TempDir,
    content: gapmap::content::Content,
}

fn built() -> Data {
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let mut diags = gapmap::diagnostics::Diagnostics::default();
    let raw = gapmap::load::load_content(site.path(), &mut diags).unwrap();
    let content = gapmap::validate::validate(&raw, &mut diags).unwrap();
    Data { site, content }
}

/// Ids of the studies listed and visible on the current page, once the
/// list has shown what was asked (a filter draws it from the whole map's
/// data, loaded as needed, with the list `aria-busy` meanwhile).
async fn visible_ids(browser: &Browser, list: &str) -> BTreeSet<String> {
    for _ in 0..50 {
        let busy = browser
            .script(&format!(
                "return !!document.querySelector('{list}[aria-busy]')"
            ))
            .await;
        if busy == false {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let ids = browser
        .script(&format!(
            "return Array.from(document.querySelectorAll('{list} li'))\
               .filter(li => !li.hidden)\
               .map(li => li.querySelector('a').getAttribute('href'))"
        ))
        .await;
    ids.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let h = h.as_str().unwrap();
            h.split("studies/")
                .nth(1)
                .unwrap()
                .trim_end_matches("/index.html")
                .to_string()
        })
        .collect()
}

fn ids_where(data: &Data, keep: impl Fn(&Terms) -> bool) -> BTreeSet<String> {
    data.content
        .studies
        .iter()
        .filter(|s| {
            keep(&Terms {
                content: &data.content,
                study: s,
            })
        })
        .map(|s| s.id.clone())
        .collect()
}

/// A study's terms, by the real content's vocabulary keys.
struct Terms<'a> {
    content: &'a gapmap::content::Content,
    study: &'a gapmap::content::Study,
}

impl Terms<'_> {
    fn of(&self, key: &str) -> &[String] {
        let v = self.content.taxonomies.by_key(key).unwrap();
        self.study.slugs(v)
    }
}

async fn wait_for_status(browser: &Browser, id: &str) -> String {
    for _ in 0..50 {
        let text = browser
            .script(&format!(
                "return document.getElementById('{id}').textContent"
            ))
            .await;
        let text = text.as_str().unwrap_or("").to_string();
        if !text.is_empty() && !text.contains("…") {
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("#{id} stayed empty");
}

#[tokio::test(flavor = "current_thread")]
async fn filters_follow_the_url_and_match_the_data() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let data = built();
    let page = data.site.path().join("public/studies/index.html");
    let youth = ids_where(&data, |s| s.of("populations").iter().any(|p| p == "youth"));
    assert!(!youth.is_empty());

    // A pasted link reproduces the view.
    browser
        .client
        .goto(&format!("{}?population=youth", file_url(&page)))
        .await
        .unwrap();
    wait_for_status(&browser, "result-count").await;
    assert_eq!(visible_ids(&browser, ".study-list").await, youth);
    let checked = browser
        .script("return document.querySelector('input[name=population][value=youth]').checked")
        .await;
    assert_eq!(checked, true);

    // The language switch keeps the filters: the same view in Chinese.
    browser
        .script("document.querySelector('a.lang-switch').click(); return true")
        .await;
    for _ in 0..50 {
        let at = browser.script("return location.href").await;
        if at.as_str().is_some_and(|u| u.contains("/zh/studies/")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let at = browser.script("return location.href").await;
    assert!(
        at.as_str()
            .is_some_and(|u| u.contains("/zh/studies/index.html?population=youth")),
        "{at}"
    );
    wait_for_status(&browser, "result-count").await;
    assert_eq!(visible_ids(&browser, ".study-list").await, youth);

    // Several values of one facet are OR; facets combine with AND.
    browser
        .client
        .goto(&format!(
            "{}?theme=self-care&theme=burnout&population=not-stated",
            file_url(&page)
        ))
        .await
        .unwrap();
    wait_for_status(&browser, "result-count").await;
    let expected = ids_where(&data, |s| {
        s.of("themes")
            .iter()
            .any(|t| t == "self-care" || t == "burnout")
            && s.of("populations").iter().any(|p| p == "not-stated")
    });
    assert_eq!(visible_ids(&browser, ".study-list").await, expected);

    // A country includes its sub-regions.
    browser
        .client
        .goto(&format!("{}?region=united-states", file_url(&page)))
        .await
        .unwrap();
    wait_for_status(&browser, "result-count").await;
    let us = ids_where(&data, |s| {
        s.of("regions").iter().any(|r| {
            [
                "united-states",
                "south-carolina",
                "massachusetts",
                "us-nine-state-survey",
            ]
            .contains(&r.as_str())
        })
    });
    assert_eq!(visible_ids(&browser, ".study-list").await, us);

    // Clicking a box updates the list, the counts and the URL; back undoes it.
    browser.client.goto(&file_url(&page)).await.unwrap();
    wait_for_status(&browser, "result-count").await;
    let all = ids_where(&data, |_| true);
    assert_eq!(visible_ids(&browser, ".study-list").await, all);
    browser
        .script("document.querySelector('input[name=population][value=youth]').click()")
        .await;
    assert_eq!(visible_ids(&browser, ".study-list").await, youth);
    let url = browser.client.current_url().await.unwrap();
    assert!(url.as_str().ends_with("?population=youth"), "{url}");
    let status = wait_for_status(&browser, "result-count").await;
    let expected = match youth.len() {
        1 => "1 study".to_string(),
        n => format!("{n} studies"),
    };
    assert_eq!(status, expected);
    // Each design option counts the youth studies it would leave.
    let count = browser
        .script(
            "return document.querySelector('[data-count-for=\"design=qualitative\"]').textContent",
        )
        .await;
    let qualitative_youth = ids_where(&data, |s| {
        s.of("designs") == ["qualitative"] && s.of("populations").iter().any(|p| p == "youth")
    });
    assert_eq!(
        count.as_str().unwrap(),
        format!("({})", qualitative_youth.len())
    );
    browser.client.back().await.unwrap();
    wait_for_status(&browser, "result-count").await;
    assert_eq!(visible_ids(&browser, ".study-list").await, all);

    // Year range and sorting by title.
    browser
        .client
        .goto(&format!("{}?from=2023&sort=title", file_url(&page)))
        .await
        .unwrap();
    wait_for_status(&browser, "result-count").await;
    let recent = ids_where(&data, |s| s.study.year.is_some_and(|y| y >= 2023));
    assert_eq!(visible_ids(&browser, ".study-list").await, recent);

    // On a phone the filters fold under their summary and the list comes
    // first; on a laptop they stand open beside it.
    for (width, open) in [(390, false), (1280, true)] {
        browser.resize(width, 900).await;
        browser.client.goto(&file_url(&page)).await.unwrap();
        wait_for_status(&browser, "result-count").await;
        let state = browser
            .script(
                "const p = document.getElementById('filter-panel');\
                 const first = document.querySelector('.study-list li');\
                 return [p.hidden, p.open, first.getBoundingClientRect().top < innerHeight]",
            )
            .await;
        assert_eq!(
            state,
            serde_json::json!([false, open, true]),
            "at {width}px"
        );
    }
    browser.close().await;
}

/// The ids a search on the given page finds.
async fn search(
    browser: &Browser,
    data: &Data,
    lang: &str,
    query: &str,
    both: bool,
) -> BTreeSet<String> {
    let page = data
        .site
        .path()
        .join(format!("public/{lang}search/index.html"));
    let mut url = format!("{}?q={}", file_url(&page), query_escape(query));
    if both {
        url.push_str("&both=1");
    }
    browser.client.goto(&url).await.unwrap();
    wait_for_status(browser, "search-status").await;
    visible_ids(browser, "#search-results").await
}

fn query_escape(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn summary_contains(data: &Data, lang: &str, word: &str) -> BTreeSet<String> {
    data.content
        .studies
        .iter()
        .filter(|s| {
            let source = if lang == "zh" {
                s.summary.zh.as_ref().unwrap()
            } else {
                &s.summary.en
            };
            source.text.to_lowercase().contains(&word.to_lowercase())
        })
        .map(|s| s.id.clone())
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn search_finds_english_and_chinese_words_in_both_languages() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let data = built();

    // English words find the studies whose summaries use them (and more:
    // titles, terms and methods are indexed too).
    for word in ["self-care", "burnout", "supervision"] {
        let found = search(&browser, &data, "", word, false).await;
        let expected = summary_contains(&data, "en", word);
        assert!(!expected.is_empty(), "{word}");
        assert!(
            expected.is_subset(&found),
            "{word}: found {found:?}, expected at least {expected:?}"
        );
    }
    // Plurals and case: Boundaries finds what boundary finds.
    assert_eq!(
        search(&browser, &data, "", "Boundaries", false).await,
        search(&browser, &data, "", "boundary", false).await
    );
    // Chinese words on the Chinese site.
    for word in ["倦怠", "同伴支持", "同伴"] {
        let found = search(&browser, &data, "zh/", word, false).await;
        let expected = summary_contains(&data, "zh", word);
        assert!(!expected.is_empty(), "{word}");
        assert!(
            expected.is_subset(&found),
            "{word}: found {found:?}, expected at least {expected:?}"
        );
    }
    // Across languages: 同伴 from the English site and supervision from the
    // Chinese site, with "both languages" on.
    let found = search(&browser, &data, "", "同伴", true).await;
    assert!(summary_contains(&data, "zh", "同伴").is_subset(&found));
    let found = search(&browser, &data, "zh/", "supervision", true).await;
    assert!(summary_contains(&data, "en", "supervision").is_subset(&found));
    // Results link to the study in the page's language, with a highlighted snippet.
    let first = browser
        .script("return document.querySelector('#search-results a').getAttribute('href')")
        .await;
    assert!(
        first.as_str().unwrap().starts_with("../../zh/studies/"),
        "{first}"
    );
    // The highlight covers whole words, even where the index folded them.
    let marks = browser
        .script(
            "return Array.from(document.querySelectorAll('#search-results mark'))\
               .map(m => m.textContent.toLowerCase())",
        )
        .await;
    let marks = marks.as_array().unwrap();
    assert!(!marks.is_empty());
    assert!(marks.iter().all(|m| m == "supervision"), "{marks:?}");

    // A nonsense query finds nothing and says so.
    assert!(
        search(&browser, &data, "", "zxqvbnm", false)
            .await
            .is_empty()
    );
    let status = wait_for_status(&browser, "search-status").await;
    assert!(status.contains("No study matches"), "{status}");
    browser.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_browser_tokenizer_agrees_with_the_index() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let data = built();
    browser
        .open(&data.site.path().join("public/search/index.html"))
        .await;
    let samples = [
        "Boundaries and self-care: PEER workers' burnout",
        "同伴支持工作者的倦怠与自我照护",
        "PSW的督导 2021 classes analysis stresses",
        "Ünïcode café — 𠀀𠀁 mixed",
    ];
    for sample in samples {
        let js = browser
            .script(&format!(
                "return window.gapmapTokenize({})",
                serde_json::to_string(sample).unwrap()
            ))
            .await;
        let js: Vec<String> = serde_json::from_value(js).unwrap();
        assert_eq!(js, gapmap::search::tokenize(sample), "{sample}");
        for token in &js {
            let shard = browser
                .script(&format!(
                    "return window.gapmapShardOf({}, 7)",
                    serde_json::to_string(token).unwrap()
                ))
                .await;
            assert_eq!(
                shard.as_u64().unwrap() as usize,
                gapmap::search::shard_of(token, 7),
                "{token}"
            );
        }
    }
    let _ = fs::read_dir(data.site.path());
    browser.close().await;
}
