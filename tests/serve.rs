//! `gapmap serve`: serves the built site on 127.0.0.1, rebuilds when a
//! content file is saved, tells open pages to reload, shows a content error
//! over the page and keeps serving the last good site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

const STUDY: &str = "content/studies/williams-2021-self-care/study.yaml";
const STUDY_PAGE: &str = "studies/williams-2021-self-care/";

/// A running `gapmap serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving http://") {
                let address = rest.split('/').next().unwrap_or("").to_string();
                let _ = tx.send(address);
            }
        }
    });
    let address = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server says where it listens");
    Server { child, address }
}

/// One GET, returning the status code and the body.
fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The server's event stream, read as raw text.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(address: &str) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET /__gapmap/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        Events {
            stream,
            seen: String::new(),
        }
    }

    /// Waits for the next event of this name and returns its text. The
    /// limit only stops a broken server from hanging the test.
    fn next(&mut self, name: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        let marker = format!("event: {name}\n");
        loop {
            if let Some(at) = self.seen.find(&marker) {
                let rest = &self.seen[at + marker.len()..];
                if let Some(end) = rest.find("\n\n") {
                    let event = rest[..end].to_string();
                    self.seen = rest[end..].to_string();
                    return event;
                }
            }
            assert!(
                Instant::now() < deadline,
                "no `{name}` event: {}",
                self.seen
            );
            let mut buf = [0u8; 8192];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed: {}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edit_is_rebuilt_announced_and_served_and_an_error_keeps_the_last_good_site() {
    let site = real_site();
    let root = site.path();
    let server = start(root);
    let address = &server.address;

    let (status, home) = get(address, "/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__gapmap/live.js\" defer></script>"));
    let (status, script) = get(address, "/__gapmap/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    let (status, _) = get(address, "/studies");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    assert_eq!(get(address, "/no/such/page/").0, 404);
    assert_eq!(get(address, "/../Cargo.toml").0, 400);
    assert_eq!(get(address, "/%2e%2e/Cargo.toml").0, 400);

    let mut events = Events::open(address);
    let saved = Instant::now();
    edit(
        root,
        STUDY,
        "To Help Others,",
        "Edited Title: To Help Others,",
    );
    events.next("reload");
    eprintln!(
        "serve: an edit was rebuilt and announced {} ms after saving",
        saved.elapsed().as_millis()
    );
    let (_, page) = get(address, &format!("/{STUDY_PAGE}"));
    assert!(page.contains("Edited Title: To Help Others,"));
    // The search index follows the pages, and pages that read it are told.
    events.next("data");
    let (_, index) = get(address, "/assets/search/en/meta.js");
    assert!(index.contains("Edited Title: To Help Others,"));

    edit(root, STUDY, "themes: [", "themes: [self-car, ");
    let failed = events.next("failed");
    assert!(
        failed.contains("study.yaml:") && failed.contains("unknown theme `self-car`"),
        "{failed}"
    );
    assert!(failed.contains("did you mean `self-care`?"), "{failed}");
    // Issue 20: the panel comes in each language, for the page to pick
    // its own: the headline as in the terminal, the help translated.
    let data: String = failed
        .lines()
        .filter_map(|l| l.strip_prefix("data: ").or(l.strip_prefix("data:")))
        .collect();
    let panels: serde_json::Value = serde_json::from_str(&data).expect("the panel is JSON");
    let zh = panels["zh"]["text"].as_str().unwrap_or_default();
    assert!(zh.contains("unknown theme `self-car`"), "{zh}");
    assert!(zh.contains("您是想写 `self-care` 吗？"), "{zh}");
    assert!(!zh.contains("did you mean"), "{zh}");
    assert!(zh.contains("1 个错误"), "{zh}");
    assert_eq!(panels["zh"]["hide"], "隐藏");
    assert_eq!(panels["en"]["hide"], "Hide");
    assert!(
        panels["en"]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("did you mean `self-care`?")
    );
    let (status, page) = get(address, &format!("/{STUDY_PAGE}"));
    assert_eq!(status, 200, "the last good site is still served");
    assert!(page.contains("Edited Title: To Help Others,"));

    edit(root, STUDY, "themes: [self-car, ", "themes: [");
    events.next("reload");
}

#[tokio::test(flavor = "current_thread")]
async fn open_pages_reload_and_show_errors_in_the_browser() {
    let Some(browser) = common::browser::start().await else {
        return;
    };
    let site = real_site();
    let root = site.path();
    let server = start(root);
    let url = format!("http://{}/{STUDY_PAGE}", server.address);
    browser.client.goto(&url).await.unwrap();
    browser.script("window.notReloaded = true; return 1").await;

    let wait_for = async |script: &str| {
        for _ in 0..600 {
            if browser.script(script).await.as_bool() == Some(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the page never satisfied `{script}`");
    };
    // Give the page's event stream a moment to connect.
    wait_for("return document.readyState === 'complete'").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    edit(
        root,
        STUDY,
        "To Help Others,",
        "Reloaded Title: To Help Others,",
    );
    wait_for(
        "return window.notReloaded === undefined && \
         document.querySelector('h1').textContent.includes('Reloaded Title')",
    )
    .await;

    tokio::time::sleep(Duration::from_millis(500)).await;
    edit(root, STUDY, "themes: [", "themes: [self-car, ");
    wait_for(
        "const box = document.querySelector('.gapmap-live-error[role=alert]'); \
         return !!box && box.textContent.includes('unknown theme `self-car`')",
    )
    .await;
    // The panel's stylesheet is served from the server's own path, so the
    // site's Content-Security-Policy (style-src 'self') allows it.
    let position = browser
        .script("return getComputedStyle(document.querySelector('.gapmap-live-error')).position")
        .await;
    assert_eq!(position.as_str(), Some("fixed"));
    assert_eq!(
        browser
            .script("return document.querySelector('.gapmap-live-error button').textContent")
            .await
            .as_str(),
        Some("Hide")
    );

    // A Chinese page is told the same errors on opening, in Chinese.
    let url = format!("http://{}/zh/{STUDY_PAGE}", server.address);
    browser.client.goto(&url).await.unwrap();
    wait_for(
        "const box = document.querySelector('.gapmap-live-error[role=alert]'); \
         return !!box && box.textContent.includes('unknown theme `self-car`') \
           && box.textContent.includes('您是想写 `self-care` 吗？') \
           && box.querySelector('p').textContent.includes('本页显示的是上一次成功构建的版本') \
           && box.querySelector('button').textContent === '隐藏'",
    )
    .await;
    browser.close().await;
}
