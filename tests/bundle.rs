//! `gapmap bundle`: a zip that works from disk with the network blocked,
//! byte-identical for the same content, and a subset that holds only its
//! studies with a map that counts them.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::browser::{self, Browser};
use common::*;
use gapmap::content::{Content, Vocabulary};

const FOLDER: &str = "peer-support-evidence-map-offline";

fn bundle(root: &Path, zip: &Path, args: &[&str]) {
    let mut all = vec![
        "bundle",
        "--root",
        root.to_str().unwrap(),
        "--output",
        zip.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let output = gapmap(&all);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Unzips into `dir` and returns the bundle's folder.
fn unzip(zip: &Path, dir: &Path) -> PathBuf {
    let mut archive = zip::ZipArchive::new(fs::File::open(zip).unwrap()).unwrap();
    archive.extract(dir).unwrap();
    dir.join(FOLDER)
}

fn study_ids(folder: &Path, prefix: &str) -> BTreeSet<String> {
    let dir = folder.join(prefix).join("studies");
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn with_descendants(content: &Content, v: Vocabulary, slug: &str) -> BTreeSet<String> {
    let terms = content.taxonomies.terms(v);
    let mut set = BTreeSet::from([slug.to_string()]);
    loop {
        let before = set.len();
        for t in terms {
            if t.parent.as_ref().is_some_and(|p| set.contains(p)) {
                set.insert(t.slug.clone());
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

#[test]
fn the_same_content_gives_a_byte_identical_zip_named_for_its_content_date() {
    let site = real_site();
    let root = site.path();
    let a = root.join("a.zip");
    let b = root.join("b.zip");
    bundle(root, &a, &[]);
    bundle(root, &b, &[]);
    assert!(
        fs::read(&a).unwrap() == fs::read(&b).unwrap(),
        "two bundles differ"
    );

    // Without --output: dist/<site>-offline-<date>.zip, the date from the
    // content, or from SOURCE_DATE_EPOCH when it is set.
    let latest = content_of(root)
        .studies
        .iter()
        .map(|s| s.date_updated.clone())
        .max()
        .unwrap();
    let output = gapmap(&["bundle", "--root", root.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let named = root.join(format!("dist/{FOLDER}-{latest}.zip"));
    assert!(named.is_file(), "{}", stderr(&output));
    assert!(fs::read(&named).unwrap() == fs::read(&a).unwrap());
    let dated = std::process::Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .args(["bundle", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1798761600")
        .output()
        .unwrap();
    assert!(dated.status.success(), "{}", stderr(&dated));
    assert!(root.join(format!("dist/{FOLDER}-2027-01-01.zip")).is_file());
}

#[test]
fn a_subset_holds_only_its_studies_and_its_map_counts_them() {
    let site = real_site();
    let root = site.path();
    let data = content_of(root);
    let us = with_descendants(&data, vocab(&data, "regions"), "united-states");
    for (args, keep) in [
        (
            vec!["--population", "youth"],
            Box::new(|s: &gapmap::content::Study| {
                s.slugs(vocab(&data, "populations"))
                    .iter()
                    .any(|p| p == "youth")
            }) as Box<dyn Fn(&gapmap::content::Study) -> bool>,
        ),
        (
            vec![
                "--theme",
                "boundaries",
                "--theme",
                "burnout",
                "--region",
                "united-states",
            ],
            Box::new(|s: &gapmap::content::Study| {
                s.slugs(vocab(&data, "themes"))
                    .iter()
                    .any(|t| t == "boundaries" || t == "burnout")
                    && s.slugs(vocab(&data, "regions"))
                        .iter()
                        .any(|r| us.contains(r))
            }),
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let zip = tmp.path().join("subset.zip");
        bundle(root, &zip, &args);
        let folder = unzip(&zip, tmp.path());
        let expected: BTreeSet<String> = data
            .studies
            .iter()
            .filter(|s| keep(s))
            .map(|s| s.id.clone())
            .collect();
        assert!(!expected.is_empty() && expected.len() < data.studies.len());
        for prefix in ["", "zh"] {
            assert_eq!(study_ids(&folder, prefix), expected, "{args:?} {prefix}");
            // The map's populations table counts exactly these studies.
            let home = fs::read_to_string(folder.join(prefix).join("index.html")).unwrap();
            let table = home
                .split("<table class=\"matrix\" id=\"map-populations\"")
                .nth(1)
                .and_then(|t| t.split_once('>'))
                .map(|(_, t)| t)
                .unwrap()
                .split("</table>")
                .next()
                .unwrap();
            // Rows and columns are the terms some study of the copy uses,
            // named by their links.
            let slug_after = |html: &str, folder: &str| -> String {
                let at = html.find(&format!("{folder}/")).unwrap() + folder.len() + 1;
                html[at..].split('/').next().unwrap().to_string()
            };
            let head = table.split("</thead>").next().unwrap();
            let columns: Vec<String> = head
                .split("<th scope=\"col\">")
                .skip(2)
                .map(|th| slug_after(th, "populations"))
                .collect();
            // The rows, without the totals row (`<tfoot>`).
            let body = table
                .split("<tfoot>")
                .next()
                .unwrap()
                .split("<tbody>")
                .nth(1)
                .unwrap();
            let count = |theme: &str, population: &str| {
                data.studies
                    .iter()
                    .filter(|s| expected.contains(&s.id))
                    .filter(|s| s.slugs(vocab(&data, "themes")).iter().any(|t| t == theme))
                    .filter(|s| {
                        s.slugs(vocab(&data, "populations"))
                            .iter()
                            .any(|p| p == population)
                    })
                    .count()
            };
            let mut rows = Vec::new();
            for row in body.split("<tr>").skip(1) {
                let theme = slug_after(row, "themes");
                let cells = row
                    .split("<td")
                    .skip(1)
                    .filter(|cell| !cell.starts_with(" class=\"total\""));
                for (population, cell) in columns.iter().zip(cells) {
                    let shown: usize = cell
                        .split('>')
                        .filter_map(|p| p.split('<').next()?.trim().parse().ok())
                        .next()
                        .unwrap();
                    assert_eq!(
                        shown,
                        count(&theme, population),
                        "{args:?} {theme} × {population}"
                    );
                }
                rows.push(theme);
            }
            // Every theme and population a study of the copy has is shown.
            for s in data.studies.iter().filter(|s| expected.contains(&s.id)) {
                for t in s.slugs(vocab(&data, "themes")) {
                    assert!(rows.contains(t), "{args:?}: no row for {t}");
                }
                for p in s.slugs(vocab(&data, "populations")) {
                    assert!(columns.contains(p), "{args:?}: no column for {p}");
                }
            }
        }
        // The exports and the search index are the subset's too.
        let csv = fs::read_to_string(folder.join("data/studies.csv")).unwrap();
        assert_eq!(csv.lines().count(), expected.len() + 1, "{args:?}");
        // START-HERE names the choice by its terms' labels, not by flags;
        // every page says the copy is a part and where the whole map is.
        let start = fs::read_to_string(folder.join("START-HERE.html")).unwrap();
        let chosen: Vec<&gapmap::content::Term> = data
            .taxonomies
            .vocabularies
            .iter()
            .flat_map(|v| &v.terms)
            .filter(|t| args.iter().skip(1).step_by(2).any(|slug| *slug == t.slug))
            .collect();
        assert!(!chosen.is_empty(), "{args:?}");
        for term in &chosen {
            assert!(
                start.contains(&term.label.en),
                "START-HERE: {} in {args:?}",
                term.label.en
            );
        }
        assert!(
            !start.contains(&format!("{} {}", args[0], args[1])),
            "START-HERE shows a flag"
        );
        let home = fs::read_to_string(folder.join("index.html")).unwrap();
        assert!(
            home.contains("<p class=\"notice subset-note\">This offline copy holds "),
            "{args:?}: no subset note"
        );
        assert!(
            home.contains(&data.site.base_url),
            "{args:?}: no link to the whole map"
        );
    }
}

#[test]
fn unknown_terms_and_empty_choices_are_usage_errors() {
    let site = fixture_site(None);
    let root = site.path().to_str().unwrap();
    let zip = site.path().join("x.zip");
    let zip = zip.to_str().unwrap();
    let typo = gapmap(&[
        "bundle", "--root", root, "--output", zip, "--theme", "self-car",
    ]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("unknown theme `self-car` for --theme; did you mean `self-care`?"),
        "{}",
        stderr(&typo)
    );
    let none = gapmap(&[
        "bundle",
        "--root",
        root,
        "--output",
        zip,
        "--population",
        "youth",
    ]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("no study matches"),
        "{}",
        stderr(&none)
    );
    assert!(!Path::new(zip).exists(), "no zip is left behind");
}

#[test]
fn a_one_language_bundle_has_only_that_language_and_every_link_resolves() {
    let site = real_site();
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("zh.zip");
    bundle(site.path(), &zip, &["--lang", "zh"]);
    let folder = unzip(&zip, tmp.path());
    for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
        let rel = entry
            .path()
            .strip_prefix(&folder)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.ends_with(".html") {
            assert!(rel.starts_with("zh/") || rel == "START-HERE.html", "{rel}");
        }
    }
    let check = gapmap(&["check", "--output", folder.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    let search = fs::read_to_string(folder.join("zh/search/index.html")).unwrap();
    assert!(
        !search.contains("name=\"both\""),
        "no other language to search"
    );
}

#[test]
fn nothing_in_a_bundle_points_at_the_live_site() {
    let site = real_site();
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("all.zip");
    bundle(site.path(), &zip, &[]);
    let folder = unzip(&zip, tmp.path());
    let check = gapmap(&["check", "--output", folder.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let text = String::from_utf8_lossy(&fs::read(entry.path()).unwrap()).into_owned();
        let path = entry.path().display();
        assert!(
            !text.contains("gapmap.netlify.app"),
            "{path} names the live site"
        );
        if entry.path().extension().is_some_and(|e| e == "html") {
            assert!(!text.contains("rel=\"canonical\""), "{path}");
            assert!(!text.contains("application/atom+xml"), "{path}");
            // Only links that leave by nature (DOIs, article pages) go out,
            // and they are marked as external.
            for (i, _) in text.match_indices("=\"http") {
                let tag_start = text[..i].rfind('<').unwrap();
                let tag = &text[tag_start..i];
                assert!(
                    tag.starts_with("<a ") && tag.contains("class=\"external\""),
                    "{path}: unmarked outside link in `{tag}`"
                );
            }
        }
    }
    for missing in ["sitemap.xml", "robots.txt", "feed.xml"] {
        assert!(!folder.join(missing).exists(), "{missing}");
    }
}

/// Every resource the current page loaded came from disk.
async fn assert_only_local(browser: &Browser) {
    let names = browser
        .script(
            "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name))",
        )
        .await;
    for name in names.as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(
            name.starts_with("file://"),
            "a request left the disk: {name}"
        );
    }
}

async fn click(browser: &Browser, selector: &str) {
    let clicked = browser
        .script(&format!(
            "const el = document.querySelector('{selector}'); if (!el) return false; el.click(); return true"
        ))
        .await;
    assert_eq!(clicked.as_bool(), Some(true), "nothing matches {selector}");
}

#[tokio::test(flavor = "current_thread")]
async fn opened_from_disk_with_the_network_blocked_everything_works() {
    let Some(browser) = browser::start_offline().await else {
        return;
    };
    let site = real_site();
    let data = content_of(site.path());
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("all.zip");
    bundle(site.path(), &zip, &[]);
    let folder = unzip(&zip, tmp.path());

    // The network is really blocked: a page on the internet does not load.
    let _ = browser.client.goto("https://example.org/").await;
    let reached = browser
        .script("return document.body ? document.body.innerText : ''")
        .await;
    assert!(
        !reached.as_str().unwrap_or("").contains("Example Domain"),
        "the browser reached the internet"
    );

    browser.open(&folder.join("START-HERE.html")).await;
    assert_only_local(&browser).await;
    // To the studies list, then filter it.
    click(&browser, "a[href=\"studies/index.html\"]").await;
    browser
        .wait_until("location.href.endsWith('studies/index.html')")
        .await;
    browser
        .wait_until("document.getElementById('result-count').textContent.length > 0")
        .await;
    click(&browser, "input[name=population][value=youth]").await;
    browser
        .wait_until("location.search.includes('population=youth')")
        .await;
    let visible = browser
        .script(
            "return Array.from(document.querySelectorAll('.study-list li')).filter(li => !li.hidden)\
               .map(li => li.querySelector('a').getAttribute('href').split('studies/').pop().split('/')[0])",
        )
        .await;
    let youth: BTreeSet<String> = data
        .studies
        .iter()
        .filter(|s| {
            s.slugs(vocab(&data, "populations"))
                .iter()
                .any(|p| p == "youth")
        })
        .map(|s| s.id.clone())
        .collect();
    let shown: BTreeSet<String> = visible
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(shown, youth);
    assert_only_local(&browser).await;
    // To a study, then the same study in Chinese.
    click(&browser, ".study-list li:not([hidden]) a").await;
    browser
        .wait_until("location.href.includes('/studies/') && !!document.querySelector('h1')")
        .await;
    click(&browser, "a.lang-switch").await;
    browser
        .wait_until("document.documentElement.lang === 'zh-Hans'")
        .await;
    assert!(
        browser
            .script("return location.href.includes('/zh/studies/')")
            .await
            .as_bool()
            .unwrap()
    );
    assert_only_local(&browser).await;
    // Search an English and a Chinese word.
    for (page, query) in [
        ("search/index.html", "burnout"),
        ("zh/search/index.html", "%E5%90%8C%E4%BC%B4"),
    ] {
        let url = format!("{}?q={query}", browser::file_url(&folder.join(page)));
        browser.client.goto(&url).await.unwrap();
        browser
            .wait_until("document.querySelectorAll('#search-results a').length > 0")
            .await;
        assert_only_local(&browser).await;
    }
    browser.close().await;
}

#[test]
fn internal_notes_never_reach_a_bundle() {
    let site = fixture_site(None);
    let zip = site.path().join("b.zip");
    bundle(site.path(), &zip, &[]);
    let mut archive = zip::ZipArchive::new(fs::File::open(&zip).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("REVIEWER-ONLY-MARKER-7f3a"),
            "{:?} leaks internal notes",
            entry.name()
        );
    }
}

/// A vocabulary of the real content, by its key.
fn vocab(content: &Content, key: &str) -> Vocabulary {
    content.taxonomies.by_key(key).unwrap()
}
