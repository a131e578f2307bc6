//! A real headless Chromium driven over WebDriver (Debian's chromium and
//! chromium-driver, found on PATH), for tests that must see the site as a
//! reader does. Outside CI a missing browser skips the test, and the skip
//! is a line in `cargo test`'s own output (see `say_skipped`); with CI=true
//! it is a failure, never a skip.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// What to install to run the browser tests, for the skip line.
pub const INSTALL: &str = "install Debian's chromium, chromium-driver and fonts-noto-cjk, and run `npm ci` (.ci/run does both)";

/// The first executable called `name` in a folder of PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| file.is_file())
}

// A module of this file's own, by path: benches/build.rs includes this file
// alone, as a module of its crate root.
#[path = "skip.rs"]
pub mod skip;
pub use skip::say_skipped;

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

/// Starts Chromium, or says why not: `None` means skip (outside CI only).
pub async fn start() -> Option<Browser> {
    start_with(&[]).await
}

/// Chromium with no way out to any network: every host name fails to
/// resolve and every connection goes to a proxy that is not there.
pub async fn start_offline() -> Option<Browser> {
    start_with(&[
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
    ])
    .await
}

/// Chromium that reaches only this machine (127.0.0.1, for a site served
/// by the test): every host name fails to resolve and every other
/// connection goes to a proxy that is not there.
pub async fn start_local_only() -> Option<Browser> {
    start_with(&[
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=127.0.0.1",
    ])
    .await
}

pub async fn start_with(extra_args: &[&str]) -> Option<Browser> {
    let (chromium, chromedriver) = match (on_path("chromium"), on_path("chromedriver")) {
        (Some(chromium), Some(chromedriver)) => (chromium, chromedriver),
        (chromium, _) => {
            let missing = if chromium.is_none() {
                "chromium"
            } else {
                "chromedriver"
            };
            let reason = format!("no {missing} on PATH: {INSTALL}");
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true and the browser tests cannot run: {reason}");
            }
            say_skipped("browser test", &reason);
            return None;
        }
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    // Its own process group, so that a failed test can stop the driver and
    // the browser it started together (see Drop).
    let driver = Command::new(&chromedriver)
        .process_group(0)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let profile = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        "--hide-scrollbars",
        "--window-size=1280,900",
    ]
    .iter()
    .chain(extra_args)
    .map(|a| a.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chromium, "args": args }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last_error = String::new();
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => {
                return Some(Browser {
                    client,
                    driver,
                    _profile: profile,
                });
            }
            Err(e) => last_error = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start: {last_error}");
}

impl Browser {
    pub async fn open(&self, file: &Path) {
        self.client.goto(&file_url(file)).await.unwrap();
    }

    pub async fn script(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Whether `condition` (a JavaScript expression) holds on the page
    /// within five seconds, looked at every 50 ms.
    pub async fn comes_true(&self, condition: &str) -> bool {
        let script = format!("return !!({condition})");
        for _ in 0..100 {
            if self.script(&script).await == Value::Bool(true) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    /// Waits until `condition` (a JavaScript expression) holds on the page.
    pub async fn wait_until(&self, condition: &str) {
        assert!(self.comes_true(condition).await, "never true: {condition}");
    }

    /// Runs axe-core on the current page and returns the serious and
    /// critical violations as readable lines.
    pub async fn axe_violations(&self) -> Vec<String> {
        let axe = std::fs::read_to_string(repo().join("node_modules/axe-core/axe.min.js"))
            .expect("node_modules/axe-core: run `npm ci` (.ci/run does)");
        self.client.execute(&axe, vec![]).await.unwrap();
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})\
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,\
                     nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))\
                   .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
                vec![],
            )
            .await
            .unwrap();
        result
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .map(|v| {
                format!(
                    "{} ({}): {} at {}",
                    v["id"], v["impact"], v["help"], v["nodes"]
                )
            })
            .collect()
    }

    /// Renders the page for a medium ("print" or "screen") and a colour
    /// scheme ("dark" or "light"), as Chromium's own emulation does: what
    /// the page's `@media` rules do, seen as a printer or a dark-mode
    /// reader sees it.
    pub async fn emulate(&self, media: &'static str, scheme: &'static str) {
        self.client
            .issue_cmd(EmulateMedia { media, scheme })
            .await
            .unwrap();
    }

    pub async fn resize(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    /// Also runs when a test fails before `close`: no browser outlives its test.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.wait();
    }
}

/// Chromium's `Emulation.setEmulatedMedia`, through chromedriver.
#[derive(Debug)]
struct EmulateMedia {
    media: &'static str,
    scheme: &'static str,
}

impl fantoccini::wd::WebDriverCompatibleCommand for EmulateMedia {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({
            "cmd": "Emulation.setEmulatedMedia",
            "params": {
                "media": self.media,
                "features": [{ "name": "prefers-color-scheme", "value": self.scheme }],
            },
        });
        (http::Method::POST, Some(body.to_string()))
    }
}

pub fn file_url(path: &Path) -> String {
    let absolute: PathBuf = std::path::absolute(path).unwrap();
    format!("file://{}", absolute.display())
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
