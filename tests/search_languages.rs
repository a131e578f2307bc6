//! Search and language (issue 22), in a real browser from disk, in both
//! languages: a query in the other language's script, or one that finds
//! nothing, also searches the other language and says so; "did you mean"
//! from the index's own words; a one-character Chinese query; and the
//! studies list narrowed by a search's words together with its facets.

mod common;

use std::collections::BTreeSet;

use common::browser::{self, Browser, file_url};
use common::*;

struct Site {
    dir: tempfile::TempDir,
    content: gapmap::content::Content,
}

fn built() -> Site {
    built_with(&[])
}

/// The real content with some text added at the end of some studies'
/// files: `(study, file, text)`.
fn built_with(additions: &[(&str, &str, &str)]) -> Site {
    let dir = real_site();
    for (study, file, text) in additions {
        let path = dir.path().join("content/studies").join(study).join(file);
        let mut body = std::fs::read_to_string(&path).unwrap();
        body.push_str(text);
        std::fs::write(&path, body).unwrap();
    }
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let content = content_of(dir.path());
    Site { dir, content }
}

fn page(site: &Site, path: &str) -> String {
    file_url(&site.dir.path().join("public").join(path))
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

/// Waits until a status line has its final text (not empty, not "searching…")
/// and the search results, if any, are no longer being written.
async fn settled_status(browser: &Browser, id: &str) -> String {
    for _ in 0..80 {
        let state = browser
            .script(&format!(
                "const r = document.getElementById('search-results');\
                 return [document.getElementById('{id}').textContent, !!(r && r.hasAttribute('aria-busy'))]"
            ))
            .await;
        let text = state[0].as_str().unwrap_or("").to_string();
        if !text.is_empty() && !text.contains('…') && state[1] == false {
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("#{id} did not settle");
}

/// The study ids of the visible items of a list.
async fn visible_ids(browser: &Browser, list: &str) -> BTreeSet<String> {
    let hrefs = browser
        .script(&format!(
            "return Array.from(document.querySelectorAll('{list} li'))\
               .filter(li => !li.hidden)\
               .map(li => li.querySelector('a').getAttribute('href'))"
        ))
        .await;
    hrefs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h.as_str())
        .filter_map(|h| h.split("studies/").nth(1))
        .map(|h| h.trim_end_matches("/index.html").to_string())
        .collect()
}

/// Searches on the search page of `lang` ("" or "zh/"); the ids found and
/// the status line.
async fn search(browser: &Browser, site: &Site, lang: &str, q: &str) -> (BTreeSet<String>, String) {
    let url = format!(
        "{}?q={}",
        page(site, &format!("{lang}search/index.html")),
        query_escape(q)
    );
    browser.client.goto(&url).await.unwrap();
    let status = settled_status(browser, "search-status").await;
    (visible_ids(browser, "#search-results").await, status)
}

fn summary_contains(site: &Site, zh: bool, word: &str) -> BTreeSet<String> {
    site.content
        .studies
        .iter()
        .filter(|s| {
            let text = if zh {
                s.summary.zh.as_ref().map_or("", |t| &t.text[..])
            } else {
                &s.summary.en.text[..]
            };
            text.to_lowercase().contains(&word.to_lowercase())
        })
        .map(|s| s.id.clone())
        .collect()
}

fn all_ids(site: &Site) -> BTreeSet<String> {
    site.content.studies.iter().map(|s| s.id.clone()).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_string()
    } else {
        many.replace("{n}", &n.to_string())
    }
}

async fn assert_no_axe_violations(browser: &Browser, what: &str) {
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{what}: {violations:#?}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_query_in_the_other_script_searches_the_other_language_and_says_so() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built();

    // Han characters on the English site: nothing in English, the Chinese
    // studies found, and the status line says where they were found.
    let expected = summary_contains(&site, true, "同伴");
    assert!(!expected.is_empty());
    let (found, status) = search(&browser, &site, "", "同伴").await;
    assert!(expected.is_subset(&found), "{found:?} ⊉ {expected:?}");
    let n = found.len();
    assert_eq!(
        status,
        plural(
            n,
            "No study matches “同伴” in English; 1 study matches it in Chinese.",
            "No study matches “同伴” in English; {n} studies match it in Chinese."
        )
    );
    // The results link to the English pages, with a Chinese snippet.
    let first = browser
        .script(
            "const li = document.querySelector('#search-results li');\
             return [li.querySelector('a').getAttribute('href'), li.querySelector('.snippet').lang]",
        )
        .await;
    assert!(
        first[0].as_str().unwrap().starts_with("../studies/"),
        "{first}"
    );
    assert_eq!(first[1], "zh-Hans");
    assert_no_axe_violations(&browser, "English search with Chinese results").await;

    // Latin words on the Chinese site: the English studies, and a status
    // line that names both languages.
    let expected = summary_contains(&site, false, "supervision");
    assert!(!expected.is_empty());
    let (found, status) = search(&browser, &site, "zh/", "supervision").await;
    assert!(expected.is_subset(&found), "{found:?} ⊉ {expected:?}");
    let n = found.len().to_string();
    assert!(
        status == format!("中文内容中没有与“supervision”匹配的研究；英文内容中有 {n} 项。")
            || status == format!("在中文和英文内容中，共有 {n} 项研究与“supervision”匹配。"),
        "{status}"
    );
    let first = browser
        .script("return document.querySelector('#search-results a').getAttribute('href')")
        .await;
    assert!(
        first.as_str().unwrap().starts_with("../../zh/studies/"),
        "{first}"
    );
    assert_no_axe_violations(&browser, "Chinese search with English results").await;

    // A query in the page's own script that finds nothing there is looked
    // for in the other language too, and the status says both were searched.
    let (found, status) = search(&browser, &site, "", "zxqvbnm").await;
    assert!(found.is_empty());
    assert_eq!(
        status,
        "No study matches “zxqvbnm” in English or in Chinese. Try different words, or browse the term pages below."
    );
    let (_, status) = search(&browser, &site, "zh/", "啊啊啊").await;
    assert!(
        status.starts_with("中文和英文内容中都没有与“啊啊啊”匹配的研究"),
        "{status}"
    );

    // A query that the page's language answers stays in it.
    let (found, status) = search(&browser, &site, "", "burnout").await;
    assert!(!found.is_empty());
    assert!(!status.contains("Chinese"), "{status}");
    browser.close().await;
}

/// Searches for a misspelt word that finds nothing, and waits for "did you
/// mean": its text, its link's text and its link's address.
async fn suggestion(browser: &Browser, site: &Site, lang: &str, wrong: &str) -> serde_json::Value {
    let (found, status) = search(browser, site, lang, wrong).await;
    assert!(found.is_empty(), "{lang}{wrong}: {found:?}");
    // The suggestion arrives after the word list has loaded.
    for _ in 0..50 {
        let offer = browser
            .script(
                "const s = document.querySelector('#search-status .did-you-mean');\
                 return s && [s.textContent, s.querySelector('a').textContent, s.querySelector('a').getAttribute('href')]",
            )
            .await;
        if !offer.is_null() {
            return offer;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{lang}{wrong}: no suggestion after “{status}”");
}

/// Follows "did you mean": it searches the corrected word, which finds
/// the studies whose English summary holds it.
async fn follow_suggestion(browser: &Browser, site: &Site, lang: &str, right: &str) {
    browser
        .script("document.querySelector('#search-status .did-you-mean a').click(); return true")
        .await;
    for _ in 0..50 {
        let at = browser.script("return location.search").await;
        if at.as_str() == Some(&format!("?q={right}")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    settled_status(browser, "search-status").await;
    let found = visible_ids(browser, "#search-results").await;
    let expected = summary_contains(site, false, right);
    assert!(!expected.is_empty(), "{right}");
    assert!(expected.is_subset(&found), "{lang}{right}: {found:?}");
}

/// The value a search index file assigns.
fn search_file(site: &Site, path: &str) -> serde_json::Value {
    let file = site.dir.path().join("public/assets/search").join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    let (_, value) = text.split_once("] = ").unwrap();
    serde_json::from_str(value.trim_end().trim_end_matches(';')).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_misspelt_query_offers_the_index_word_it_was_meant_to_be() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built();
    for (lang, wrong, right, says) in [
        ("", "burnuot", "burnout", "Did you mean burnout?"),
        ("", "supervison", "supervision", "Did you mean supervision?"),
        ("zh/", "burnuot", "burnout", "您要找的是不是：burnout？"),
        (
            "zh/",
            "Supervison",
            "supervision",
            "您要找的是不是：supervision？",
        ),
    ] {
        let offer = suggestion(&browser, &site, lang, wrong).await;
        assert_eq!(offer[0].as_str().unwrap().trim(), says, "{lang}{wrong}");
        assert_eq!(offer[1], right);
        assert_eq!(offer[2].as_str().unwrap(), format!("index.html?q={right}"));
        if wrong == "burnuot" {
            assert_no_axe_violations(&browser, &format!("{lang} did you mean")).await;
        }
        follow_suggestion(&browser, &site, lang, right).await;
    }
    // A query that finds studies offers nothing, and never loads the word
    // list (it is loaded only when a query finds nothing).
    search(&browser, &site, "", "burnout").await;
    let offer = browser
        .script(
            "return [document.querySelector('.did-you-mean') === null,\
               !!window.GAPMAP_SEARCH['en/meta'], 'en/words' in window.GAPMAP_SEARCH]",
        )
        .await;
    assert_eq!(offer, serde_json::json!([true, true, false]));
    browser.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn one_chinese_character_finds_the_studies_that_contain_it() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built();
    for c in ["倦", "督"] {
        let expected = summary_contains(&site, true, c);
        assert!(!expected.is_empty(), "{c}");
        let (found, status) = search(&browser, &site, "zh/", c).await;
        assert!(expected.is_subset(&found), "{c}: {found:?} ⊉ {expected:?}");
        assert!(status.starts_with("共有"), "{c}: {status}");
        // Exactly the studies whose indexed text (title and body, as the
        // index's own snippet files hold it) contains the character.
        let holding = browser
            .script(&format!(
                "const meta = GAPMAP_SEARCH['zh/meta'], text = GAPMAP_SEARCH['zh/text-0'];                 return meta.docs.filter((d, i) => (d[0] + ' ' + text[i]).includes({c:?}))                   .map(d => d[2].split('studies/')[1].replace('/index.html', ''))"
            ))
            .await;
        let holding: BTreeSet<String> = serde_json::from_value(holding).unwrap();
        assert_eq!(found, holding, "{c}");
    }
    let (found, _) = search(&browser, &site, "zh/", "倦").await;
    assert!(found.contains("williams-2021-self-care"), "{found:?}");
    let marks = browser
        .script("return Array.from(document.querySelectorAll('#search-results mark')).map(m => m.textContent)")
        .await;
    assert!(
        marks.as_array().unwrap().iter().any(|m| m == "倦"),
        "{marks}"
    );
    // The same character on the English site finds it in Chinese.
    let (found, status) = search(&browser, &site, "", "倦").await;
    assert!(found.contains("williams-2021-self-care"), "{found:?}");
    assert!(status.contains("in Chinese"), "{status}");
    browser.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_studies_list_narrows_by_words_and_facets_together() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built();
    let all = all_ids(&site);
    let stigma: BTreeSet<String> = site
        .content
        .studies
        .iter()
        .filter(|s| {
            let v = site.content.taxonomies.by_key("themes").unwrap();
            s.slugs(v).iter().any(|t| t == "stigma")
        })
        .map(|s| s.id.clone())
        .collect();

    for (lang, q) in [("", "supervision"), ("zh/", "督导")] {
        // What the search page finds for the words...
        let (searched, _) = search(&browser, &site, lang, q).await;
        assert!(
            !searched.is_empty() && searched != all,
            "{lang}{q}: {searched:?}"
        );
        // ...is what the list shows for them, and the search page links there.
        let link = browser
            .script(
                "const p = document.getElementById('search-in-list');\
                 return [p.hidden, p.querySelector('a').getAttribute('href')]",
            )
            .await;
        assert_eq!(link[0], false, "{lang}{q}");
        let href = link[1].as_str().unwrap();
        assert!(
            href.ends_with(&format!("studies/index.html?q={}", query_escape(q))),
            "{href}"
        );
        browser
            .script("document.querySelector('#search-in-list a').click(); return true")
            .await;
        for _ in 0..50 {
            let at = browser.script("return location.pathname").await;
            if at
                .as_str()
                .is_some_and(|p| p.ends_with("studies/index.html"))
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let status = settled_status(&browser, "result-count").await;
        assert_eq!(
            visible_ids(&browser, ".study-list").await,
            searched,
            "{lang}{q}"
        );
        assert!(status.contains(&searched.len().to_string()), "{status}");
        let field = browser
            .script("return document.querySelector('#filters input[name=q]').value")
            .await;
        assert_eq!(field, q);

        // With a facet: both must hold (AND), narrower than either alone.
        let url = format!(
            "{}?q={}&theme=stigma",
            page(&site, &format!("{lang}studies/index.html")),
            query_escape(q)
        );
        browser.client.goto(&url).await.unwrap();
        settled_status(&browser, "result-count").await;
        let both: BTreeSet<String> = searched.intersection(&stigma).cloned().collect();
        assert!(
            both != searched && both != stigma,
            "{lang}{q}: pick a sharper facet"
        );
        assert_eq!(
            visible_ids(&browser, ".study-list").await,
            both,
            "{lang}{q}"
        );
        // Each option counts the studies the words and the other facets leave.
        let count = browser
            .script(
                "return document.querySelector('[data-count-for=\"theme=stigma\"]').textContent",
            )
            .await;
        assert_eq!(count.as_str().unwrap(), format!("({})", both.len()));
        assert_no_axe_violations(&browser, &format!("{lang}studies list with words")).await;

        // Typing words into the field narrows the list and the address.
        browser
            .client
            .goto(&page(&site, &format!("{lang}studies/index.html")))
            .await
            .unwrap();
        settled_status(&browser, "result-count").await;
        assert_eq!(visible_ids(&browser, ".study-list").await, all);
        browser
            .script(&format!(
                "const f = document.querySelector('#filters input[name=q]');\
                 f.value = {}; f.dispatchEvent(new Event('change', {{bubbles: true}})); return true",
                serde_json::to_string(q).unwrap()
            ))
            .await;
        settled_status(&browser, "result-count").await;
        assert_eq!(
            visible_ids(&browser, ".study-list").await,
            searched,
            "{lang}{q}"
        );
        let at = browser
            .script("return decodeURIComponent(location.search)")
            .await;
        assert_eq!(at.as_str().unwrap(), format!("?q={q}"));
        // Clearing the filters shows every study again.
        browser
            .script("document.querySelector('#filters button[type=reset]').click(); return true")
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        settled_status(&browser, "result-count").await;
        assert_eq!(visible_ids(&browser, ".study-list").await, all);
    }
    browser.close().await;
}

/// Issue 22 follow-up: the index folds plurals (does → doe, series →
/// sery), and "did you mean" offered the folded word, which no reader
/// writes. It offers the word as the text spells it most often, ranked by
/// how many studies hold the folded word.
#[tokio::test(flavor = "current_thread")]
async fn a_suggestion_is_spelt_as_the_text_spells_the_word() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = built_with(&[(
        "foundry-2023-youth-peer-support",
        "summary.en.md",
        "\nThe study ran a series of group interviews.\n",
    )]);

    // The word list names "does" and "series", never "doe" or "sery", and
    // counts the studies the index's "doe" is in.
    let words = search_file(&site, "en/words.js");
    let listed = |word: &str| {
        words.as_array().unwrap().iter().find_map(|group| {
            group[1]
                .as_str()
                .unwrap()
                .split(' ')
                .any(|w| w == word)
                .then(|| group[0].as_u64().unwrap())
        })
    };
    assert_eq!(listed("doe"), None);
    assert_eq!(listed("sery"), None);
    assert_eq!(listed("series"), Some(1));
    let meta = search_file(&site, "en/meta.js");
    let shards = meta["shards"].as_u64().unwrap() as usize;
    let shard = gapmap::search::shard_of("doe", shards);
    let postings = &search_file(&site, &format!("en/terms-{shard}.js"))["doe"];
    let documents = postings.as_array().unwrap().len() as u64 / 2;
    assert!(documents > 1, "{postings}");
    assert_eq!(listed("does"), Some(documents));

    for (lang, wrong, right, says) in [
        ("", "doess", "does", "Did you mean does?"),
        ("", "seriez", "series", "Did you mean series?"),
        ("", "Seriez", "series", "Did you mean series?"),
        ("zh/", "doess", "does", "您要找的是不是：does？"),
    ] {
        let offer = suggestion(&browser, &site, lang, wrong).await;
        assert_eq!(offer[0].as_str().unwrap().trim(), says, "{lang}{wrong}");
        assert_eq!(offer[1], right, "{lang}{wrong}");
        assert_eq!(offer[2].as_str().unwrap(), format!("index.html?q={right}"));
        follow_suggestion(&browser, &site, lang, right).await;
    }
    browser.close().await;
}
