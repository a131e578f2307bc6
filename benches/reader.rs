//! The reader's side of a large map (issue 22): what a page weighs when a
//! reader first opens it, and how long the map takes to answer, measured
//! in headless Chromium on a site opened from disk, with the budgets.
//!
//!     cargo bench --bench reader                  # N = 10,000
//!     cargo bench --bench reader -- 1000 --framework interventions
//!
//! First view: the page's HTML with every file the browser loaded for it
//! by the time it is idle (stylesheets, scripts, the data the scripts load
//! first), each gzipped on its own as a server would send it. Times are the
//! median of 3, from the click to the next frame after the page changed
//! (what a reader sees): a filter applied to the map, a tab switched, a
//! cell's studies opened beside the map. A figure the page cannot give
//! (no filter, no tab on it) is printed as not measured, never as zero.

#[allow(dead_code)]
#[path = "../tests/common/browser.rs"]
mod browser;
#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The budgets.
const FIRST_VIEW_KB: f64 = 300.0;
const LIST_HTML_KB: f64 = 1024.0;
const UPDATE_MS: f64 = 50.0;
const PANEL_MS: f64 = 100.0;

fn gzip_size(path: &Path) -> u64 {
    Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_or(0, |o| o.stdout.len() as u64)
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

fn verdict(ok: bool) -> &'static str {
    if ok { "within budget" } else { "OVER BUDGET" }
}

/// Waits until the page has run its scripts and loaded what they load
/// first: two frames after the load event with no new file requested
/// (Chromium keeps no resource timing for file:// pages, so the scripts
/// the page's own scripts add count too).
const SETTLE: &str = "const done = arguments[arguments.length - 1];\
    let seen = -1;\
    const check = () => { const n = performance.getEntriesByType('resource').length\
      + document.querySelectorAll('script[src], link[href]').length;\
      if (document.readyState === 'complete' && n === seen) done(true);\
      else { seen = n; setTimeout(() => requestAnimationFrame(check), 50); } };\
    check();";

/// The files a page loaded: its own and every resource (from file://,
/// where Chromium keeps no resource timing, its scripts, stylesheets and
/// icon), as paths on disk.
async fn loaded_files(b: &browser::Browser) -> Vec<PathBuf> {
    let names = b
        .script(
            "const urls = [location.href].concat(performance.getEntriesByType('resource').map(e => e.name),\
               Array.from(document.querySelectorAll('script[src]'), s => s.src),\
               Array.from(document.querySelectorAll('link[rel=stylesheet], link[rel=icon]'), l => l.href));\
             return Array.from(new Set(urls.map(u => decodeURIComponent(new URL(u).pathname))));",
        )
        .await;
    names
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default()
}

/// A page's first view, gzipped, in KB, with what it loaded.
async fn first_view(b: &browser::Browser, page: &Path) -> (f64, Vec<String>) {
    b.open(page).await;
    let _ = b.client.execute_async(SETTLE, vec![]).await;
    let files = loaded_files(b).await;
    let total: u64 = files.iter().map(|f| gzip_size(f)).sum();
    let names = files
        .iter()
        .map(|f| {
            f.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    (kb(total), names)
}

/// Milliseconds from running `act` (a script that clicks and returns a
/// check for the change, as a function) to the next frame after the check
/// holds; `None` when `act` finds nothing to click (it returns null) or
/// the change never shows.
const TIMED: &str = "const done = arguments[arguments.length - 1];\
    const t0 = performance.now();\
    const changed = (function () { ACT })();\
    if (!changed) { done(null); return; }\
    const until = performance.now() + 5000;\
    const look = () => { if (changed()) requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0)));\
      else if (performance.now() > until) done(null); else requestAnimationFrame(look); };\
    look();";

async fn timed(b: &browser::Browser, page: &Path, act: &str) -> Option<f64> {
    let mut times = Vec::new();
    for _ in 0..3 {
        b.open(page).await;
        let _ = b.client.execute_async(SETTLE, vec![]).await;
        let script = TIMED.replace("ACT", act);
        let ms = b.client.execute_async(&script, vec![]).await.ok()?;
        times.push(ms.as_f64()?);
    }
    times.sort_by(f64::total_cmp);
    Some(times[1])
}

/// The first filter of the map: the grand total changes.
const FILTER: &str = "const box = document.querySelector('#map-filters input[type=checkbox], .map-filters input[type=checkbox]');\
    const total = document.querySelector('table.matrix td[data-all]');\
    if (!box || !total) return null;\
    const before = total.textContent; box.click();\
    return () => total.textContent !== before;";

/// The second tab: its panel shows.
const TAB: &str = "const tabs = document.querySelectorAll('[role=tab]');\
    if (tabs.length < 2) return null;\
    const tab = tabs[1]; tab.click();\
    const panel = document.getElementById(tab.getAttribute('aria-controls'));\
    return () => panel && !panel.hidden && panel.checkVisibility();";

/// The fullest cell of the first table: its studies listed beside the map.
const PANEL: &str = "const links = Array.from(document.querySelectorAll('table.matrix td[data-r] a'));\
    if (links.length === 0) return null;\
    links.sort((a, b) => parseInt(b.textContent, 10) - parseInt(a.textContent, 10));\
    links[0].click();\
    return () => document.querySelector('dialog[open] a[href*=\"studies/\"], [role=dialog]:not([hidden]) a[href*=\"studies/\"]');";

fn show(ms: Option<f64>, budget: f64) -> String {
    match ms {
        Some(ms) => format!(
            "{ms:.0} ms (budget {budget:.0} ms: {})",
            verdict(ms <= budget)
        ),
        None => "not measured: the page has no such control".into(),
    }
}

fn main() -> std::process::ExitCode {
    let mut sizes = Vec::new();
    let mut framework = corpus::Framework::Default;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--framework" => {
                let name = args.next().unwrap_or_default();
                let Some(f) = corpus::Framework::parse(&name) else {
                    eprintln!(
                        "unknown framework `{name}`: --framework takes {}",
                        corpus::Framework::NAMES
                    );
                    return std::process::ExitCode::from(2);
                };
                framework = f;
            }
            other => {
                if let Ok(n) = other.parse::<usize>() {
                    sizes.push(n);
                }
            }
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000];
    }
    let gapmap = env!("CARGO_BIN_EXE_gapmap");
    let work = std::env::temp_dir().join(format!("gapmap-reader-{}", std::process::id()));
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("no async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("corpus: the {} framework", framework.name());
    for &n in &sizes {
        let root = work.join(format!("corpus-{n}"));
        corpus::write_corpus_with(n, &root, false, framework).expect("corpus written");
        let out = root.join("public");
        let built = Command::new(gapmap)
            .arg("build")
            .arg("--root")
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .status();
        if !built.is_ok_and(|s| s.success()) {
            eprintln!("N = {n}: the build failed");
            return std::process::ExitCode::FAILURE;
        }
        let list_html = std::fs::metadata(out.join("studies/index.html")).map_or(0, |m| m.len());
        let brief = out.join("brief/index.html");
        let brief_html = std::fs::metadata(&brief).map_or(0, |m| m.len());
        let report = runtime.block_on(async {
            let b = browser::start_offline().await?;
            let mut lines = Vec::new();
            for (name, page) in [
                ("map (home), en", out.join("index.html")),
                ("map (home), zh", out.join("zh/index.html")),
                ("studies list, en", out.join("studies/index.html")),
            ] {
                let (size, files) = first_view(&b, &page).await;
                lines.push(format!(
                    "first view of the {name}: {size:.0} KB gzipped (budget {FIRST_VIEW_KB:.0} KB: {}); loads {}",
                    verdict(size <= FIRST_VIEW_KB),
                    files.join(", ")
                ));
            }
            let home = out.join("index.html");
            lines.push(format!(
                "a filter applied to the map: {}",
                show(timed(&b, &home, FILTER).await, UPDATE_MS)
            ));
            lines.push(format!(
                "a tab switched: {}",
                show(timed(&b, &home, TAB).await, UPDATE_MS)
            ));
            lines.push(format!(
                "the fullest cell's studies opened beside the map: {}",
                show(timed(&b, &home, PANEL).await, PANEL_MS)
            ));
            b.close().await;
            Some(lines)
        });
        println!("\nN = {n}");
        println!(
            "  studies list, first page: {:.0} KB of HTML (budget {LIST_HTML_KB:.0} KB: {})",
            kb(list_html),
            verdict(kb(list_html) <= LIST_HTML_KB)
        );
        println!(
            "  whole-map brief: {:.0} KB of HTML, {:.0} KB gzipped",
            kb(brief_html),
            kb(gzip_size(&brief))
        );
        match report {
            Some(lines) => lines.iter().for_each(|l| println!("  {l}")),
            None => println!("  browser figures not measured: {}", browser::INSTALL),
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    std::process::ExitCode::SUCCESS
}
