//! Issue 20: a 404 page in each language and a favicon. A host serves the
//! 404 page at whatever path was missing, so its links start at base_url;
//! opened from disk it finds its stylesheet beside itself and a script
//! points its links at the copy on disk. It stays out of the sitemap.

mod common;

use std::fs;
use std::net::TcpListener;

use common::*;
use common::{browser, web};

fn built(base_url: Option<&str>) -> tempfile::TempDir {
    let site = real_site();
    let public = site.path().join("public");
    let mut args = vec![
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        public.to_str().unwrap(),
    ];
    if let Some(url) = base_url {
        args.extend(["--base-url", url]);
    }
    let output = gapmap(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

#[test]
fn both_languages_have_a_404_page_out_of_the_sitemap_with_a_favicon() {
    let site = built(None);
    let public = site.path().join("public");
    let base = "https://gapmap.netlify.app/";
    for (page, local, home) in [
        ("404.html", "", "index.html"),
        ("zh/404.html", "../", "zh/index.html"),
    ] {
        let html = fs::read_to_string(public.join(page)).unwrap();
        assert!(
            html.contains(&format!("<a class=\"home-link\" href=\"{base}{home}\">")),
            "{page}"
        );
        assert!(html.contains(&format!(
            "<link rel=\"stylesheet\" href=\"{base}assets/site.css\">"
        )));
        assert!(html.contains(&format!(
            "<link rel=\"stylesheet\" href=\"{local}assets/site.css\">"
        )));
        assert!(html.contains(&format!(
            "<script src=\"{local}assets/notfound.js\" data-site=\"{base}\" data-local=\"{local}\" defer></script>"
        )));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(
            !html.contains("rel=\"canonical\""),
            "{page}: a missing path has no address"
        );
        assert!(html.contains(&format!(
            "<link rel=\"icon\" href=\"{base}assets/favicon.svg\""
        )));
    }
    assert!(
        fs::read_to_string(public.join("zh/404.html"))
            .unwrap()
            .contains("找不到页面")
    );
    let svg = fs::read_to_string(public.join("assets/favicon.svg")).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let home = fs::read_to_string(public.join("zh/index.html")).unwrap();
    assert!(
        home.contains("<link rel=\"icon\" href=\"../assets/favicon.svg\" type=\"image/svg+xml\">")
    );
    let sitemap = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("404"), "{sitemap}");
    // Netlify answers a miss under /zh/ with the Chinese page.
    let netlify: toml::Table = fs::read_to_string(repo().join("netlify.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let rule = &netlify["redirects"].as_array().unwrap()[0];
    assert_eq!(rule["from"].as_str(), Some("/zh/*"));
    assert_eq!(rule["to"].as_str(), Some("/zh/404.html"));
    assert_eq!(rule["status"].as_integer(), Some(404));
    assert!(
        rule.get("force").is_none(),
        "the rule must not shadow real pages"
    );
}

/// A screenshot of the current page into $GAPMAP_SCREENSHOTS, if set.
async fn shoot(browser: &browser::Browser, page: &str) {
    if let Ok(dir) = std::env::var("GAPMAP_SCREENSHOTS") {
        let png = browser.client.screenshot().await.unwrap();
        let name = page.replace('/', "-").replace(".html", ".png");
        fs::create_dir_all(&dir).unwrap();
        fs::write(std::path::Path::new(&dir).join(name), png).unwrap();
    }
}

async fn stylesheet_applied(browser: &browser::Browser) -> bool {
    let font = browser
        .script("return getComputedStyle(document.body).fontFamily")
        .await;
    font.as_str().unwrap_or("").contains("system-ui")
}

async fn home_link(browser: &browser::Browser) -> String {
    browser
        .script("return document.querySelector('a.home-link').href")
        .await
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[tokio::test(flavor = "current_thread")]
async fn the_404_page_works_from_disk_and_at_a_missing_path_under_the_policy() {
    let Some(browser) = browser::start().await else {
        return;
    };
    // From disk: the stylesheet beside the page, and a link home to the
    // copy on disk.
    let site = built(None);
    let public = site.path().join("public");
    for (page, home) in [("404.html", "index.html"), ("zh/404.html", "zh/index.html")] {
        browser.open(&public.join(page)).await;
        assert!(
            stylesheet_applied(&browser).await,
            "{page} from disk: no stylesheet"
        );
        let link = home_link(&browser).await;
        assert_eq!(
            link,
            browser::file_url(&public.join(home)),
            "{page} from disk"
        );
        let violations = browser.axe_violations().await;
        assert!(violations.is_empty(), "{page}: {violations:#?}");
        shoot(&browser, page).await;
    }
    // The pages this issue changed, checked by axe too: the briefs, a
    // study page with its folded records, the studies list.
    for page in [
        "brief/index.html",
        "zh/brief/index.html",
        "studies/williams-2021-self-care/index.html",
        "studies/index.html",
    ] {
        browser.open(&public.join(page)).await;
        let violations = browser.axe_violations().await;
        assert!(violations.is_empty(), "{page}: {violations:#?}");
        browser.resize(1280, 2400).await;
        shoot(&browser, page).await;
        browser.resize(1280, 900).await;
    }

    // On the web, at a missing path two folders down, under the policy
    // Netlify sends.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let site = built(Some(&base));
    let _host = web::serve_on(listener, site.path().join("public"));
    for (missing, home) in [
        ("studies/no-such-study/index.html", "index.html"),
        ("zh/themes/no-such-theme/index.html", "zh/index.html"),
    ] {
        browser
            .client
            .goto(&format!("{base}{missing}"))
            .await
            .unwrap();
        assert!(
            stylesheet_applied(&browser).await,
            "{missing}: no stylesheet"
        );
        assert_eq!(
            home_link(&browser).await,
            format!("{base}{home}"),
            "{missing}"
        );
        let title = browser.script("return document.title").await;
        assert!(
            title
                .as_str()
                .unwrap_or("")
                .contains(if home.starts_with("zh") {
                    "找不到页面"
                } else {
                    "Page not found"
                }),
            "{missing}: {title}"
        );
        browser
            .client
            .goto(&home_link(&browser).await)
            .await
            .unwrap();
        assert!(
            stylesheet_applied(&browser).await,
            "{home} from the 404 page"
        );
    }
    browser.close().await;
}
