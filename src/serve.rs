//! `gapmap serve`: builds the site, serves it on 127.0.0.1, watches
//! content/ and themes/, rebuilds when a file is saved and tells open pages
//! to reload.
//!
//! The build is the ordinary atomic one, so a build with errors writes
//! nothing: the last good site goes on being served, and the errors are
//! printed in the terminal and shown over every open page.
//!
//! The reload script and its stylesheet are served from the server's own
//! path (`/__gapmap/`), never written into the site, and HTML responses get
//! them as external files, so the site's strict Content-Security-Policy
//! holds in preview too. This module never writes the output folder
//! itself: only the build does.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use tokio::sync::broadcast;

use crate::build::{BuildOptions, Failure};
use crate::diagnostics::Diagnostics;
use crate::incremental::Session;

/// Where the server's own files live; no site page can take this name.
const OWN: &str = "/__gapmap/";
const LIVE_JS: &str = include_str!("serve/live.js");
const LIVE_CSS: &str = include_str!("serve/live.css");
/// How long the watcher waits for a burst of saves to end: an editor's save
/// (a write, or a write to a temporary file and a rename) takes a few
/// milliseconds, and a changed page is to be served within 100 ms of it.
const DEBOUNCE: Duration = Duration::from_millis(10);

pub struct ServeOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    /// 0 picks a free port.
    pub port: u16,
}

/// What open pages are told after each build.
#[derive(Clone, Debug)]
enum Outcome {
    /// The site was rebuilt: reload.
    Built,
    /// The content has errors: show them; the last good site stays.
    Failed(String),
    /// The data files and search index of an incremental rebuild are
    /// written, after its pages: pages that read the index reload again.
    DataWritten,
}

struct Shared {
    output: PathBuf,
    last: Mutex<Outcome>,
    events: broadcast::Sender<Outcome>,
}

/// Runs until the process is stopped (Ctrl-C).
pub fn serve(options: ServeOptions) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(run(options))
}

async fn run(options: ServeOptions) -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], options.port)))
        .await
        .map_err(|e| Failure::Usage(format!("cannot listen on port {}: {e}", options.port)))?;
    let address = listener
        .local_addr()
        .map_err(|e| Failure::Usage(format!("cannot read the server's address: {e}")))?;
    let url = format!("http://{address}/");
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let mut session = Session::new(BuildOptions {
        root: options.root.clone(),
        output: Some(output.clone()),
        base_url: Some(url.clone()),
    });

    // The first build decides nothing but what is shown: with errors the
    // server still starts, shows them, and waits for a fix.
    let first = rebuild(&mut session, None);
    let (events, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        output,
        last: Mutex::new(first),
        events,
    });
    watch(&options.root, session, Arc::clone(&shared))?;

    let app = Router::new()
        .route("/__gapmap/events", get(events_stream))
        .route(
            "/__gapmap/live.js",
            get(|| async { own_file(LIVE_JS, "text/javascript") }),
        )
        .route(
            "/__gapmap/live.css",
            get(|| async { own_file(LIVE_CSS, "text/css") }),
        )
        .fallback(site_file)
        .with_state(shared);
    eprintln!("serving {url} (Ctrl-C to stop); watching content/ and themes/");
    axum::serve(listener, app)
        .await
        .map_err(|e| Failure::Usage(format!("the server stopped: {e}")))
}

/// Builds once, fully or after the files in `changed` were saved,
/// printing what the build says, and turns the result into what open pages
/// are told. Usage and I/O failures (an unwritable output) are shown like
/// content errors: the contributor can fix them and save.
fn rebuild(session: &mut Session, changed: Option<&[PathBuf]>) -> Outcome {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let result = match changed {
        Some(paths) => session.update(paths, &mut diags),
        None => session.full(&mut diags),
    };
    eprint!("{}", diags.render_human());
    match result {
        Ok(rebuilt) if rebuilt.incremental => {
            eprintln!(
                "rendered {} of the pages again in {} ms",
                rebuilt.rendered,
                started.elapsed().as_millis()
            );
            Outcome::Built
        }
        Ok(rebuilt) => {
            let because = rebuilt
                .because
                .map_or(String::new(), |why| format!(" ({why})"));
            eprintln!(
                "built {} pages in {} ms{because}",
                rebuilt.report.pages,
                started.elapsed().as_millis()
            );
            Outcome::Built
        }
        Err(Failure::Content) => {
            let summary = format!("{}; the last good site is still served", diags.summary());
            eprintln!("{summary}");
            let mut shown = diags.without_notes().render_human();
            shown.push_str(&summary);
            Outcome::Failed(shown)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            Outcome::Failed(format!("error: {message}"))
        }
    }
}

/// Watches content/ and themes/ from a thread of its own; each burst of
/// changes is one rebuild, announced to every open page. The data files
/// and the search index of an incremental rebuild are written after the
/// announcement, so the changed pages are served first.
fn watch(root: &Path, mut session: Session, shared: Arc<Shared>) -> Result<(), Failure> {
    let (tx, rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)
        .map_err(|e| Failure::Usage(format!("cannot watch files: {e}")))?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Failure::Usage(format!("cannot watch {}: {e}", path.display())))?;
        }
    }
    std::thread::spawn(move || {
        // The debouncer stops watching when dropped: it lives in this thread.
        let _debouncer = debouncer;
        // Starting to watch opens every folder, and each open is an event:
        // on a large site (20,000 studies) the kernel's queue overflows,
        // which the watcher reports as lost events. That report is not a
        // change; changes made meanwhile are kept.
        let mut saved = Vec::new();
        let mut any_saved = false;
        while let Ok(result) = rx.recv_timeout(DEBOUNCE * 10) {
            if let Ok(events) = &result {
                let real: Vec<_> = events
                    .iter()
                    .filter(|e| !e.event.need_rescan())
                    .cloned()
                    .collect();
                any_saved |= changes(&Ok(real), &mut saved);
            }
        }
        loop {
            let mut changed: Vec<PathBuf> = std::mem::take(&mut saved);
            // Reading a file is an event too, and every build reads them
            // all: only changes count, or each build would start the next.
            let mut any = std::mem::take(&mut any_saved);
            if !any {
                let Ok(result) = rx.recv() else { break };
                any = changes(&result, &mut changed);
            }
            // Saves that arrived while building are covered by this build.
            while let Ok(more) = rx.try_recv() {
                any |= changes(&more, &mut changed);
            }
            if !any {
                continue;
            }
            // A bug must not end the watcher, or saves would silently stop
            // being built: the session starts again from a full build.
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                rebuild(&mut session, Some(&changed))
            }))
            .unwrap_or_else(|_| {
                session.reset();
                Outcome::Failed(
                    "error: gapmap failed while rebuilding (a bug: please report it); save again to rebuild everything".into(),
                )
            });
            if let Ok(mut last) = shared.last.lock() {
                *last = outcome.clone();
            }
            // No open page is not an error.
            let _ = shared.events.send(outcome);
            let started = Instant::now();
            let written = std::panic::catch_unwind(AssertUnwindSafe(|| session.write_files()))
                .unwrap_or_else(|_| {
                    session.reset();
                    Err(Failure::Usage(
                        "gapmap failed while writing the data files".into(),
                    ))
                });
            match written {
                Ok(Some(_)) => {
                    eprintln!(
                        "wrote the data files and the search index in {} ms",
                        started.elapsed().as_millis()
                    );
                    let _ = shared.events.send(Outcome::DataWritten);
                }
                Ok(None) => {}
                Err(Failure::Usage(message)) => eprintln!("error: {message}"),
                Err(Failure::Content) => eprintln!("error: the data files were not written"),
            }
        }
    });
    Ok(())
}

/// Adds the paths a batch of events changed to `changed`; whether there
/// was any change (a watcher error counts as one: rebuild everything).
fn changes(
    result: &notify_debouncer_full::DebounceEventResult,
    changed: &mut Vec<PathBuf>,
) -> bool {
    match result {
        Ok(events) => {
            let mut any = false;
            for event in events.iter().filter(|e| is_change(&e.event.kind)) {
                any = true;
                if event.event.need_rescan() {
                    // The watcher lost events: a path outside the studies
                    // makes the rebuild a full one.
                    changed.push(PathBuf::new());
                }
                changed.extend(event.event.paths.iter().cloned());
            }
            any
        }
        Err(_) => {
            changed.push(PathBuf::new());
            true
        }
    }
}

fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

fn own_file(body: &'static str, content_type: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
}

/// Server-sent events: the state of the last build at once, then each new
/// one.
async fn events_stream(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = shared
        .last
        .lock()
        .map(|last| last.clone())
        .unwrap_or(Outcome::Built);
    let receiver = shared.events.subscribe();
    let first = match current {
        Outcome::Failed(_) => Some(current),
        Outcome::Built | Outcome::DataWritten => None,
    };
    let stream =
        futures_util::stream::unfold((first, receiver), |(pending, mut receiver)| async move {
            let outcome = match pending {
                Some(outcome) => outcome,
                None => match receiver.recv().await {
                    Ok(outcome) => outcome,
                    // A page that fell behind just reloads.
                    Err(broadcast::error::RecvError::Lagged(_)) => Outcome::Built,
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            Some((Ok(event(&outcome)), (None, receiver)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn event(outcome: &Outcome) -> Event {
    match outcome {
        Outcome::Built => Event::default().event("reload").data("built"),
        Outcome::Failed(text) => Event::default().event("failed").data(text),
        Outcome::DataWritten => Event::default().event("data").data("written"),
    }
}

/// A file of the built site; a folder means its index.html. HTML pages get
/// the reload script.
async fn site_file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let Some(relative) = safe_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let mut path = shared.output.join(&relative);
    if path.is_dir() {
        if !uri.path().ends_with('/') {
            // Relative links inside the page resolve against its folder.
            let location = format!("{}/", uri.path());
            return (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
        path = path.join("index.html");
    }
    // A rebuild replaces a file by unlinking the old one just before the new
    // one takes its name (src/write.rs): a request in between tries again.
    let mut read = tokio::fs::read(&path).await;
    if matches!(&read, Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
        tokio::time::sleep(Duration::from_millis(5)).await;
        read = tokio::fs::read(&path).await;
    }
    match read {
        Ok(bytes) => {
            let content_type = content_type(&path);
            let body = if content_type.starts_with("text/html") {
                with_live_reload(bytes)
            } else {
                bytes
            };
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                body,
            )
                .into_response()
        }
        Err(_) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("not found: {}", uri.path()),
        )
            .into_response(),
    }
}

/// The request path as a relative path inside the site, or `None` when it
/// would leave it.
fn safe_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let relative = decoded.trim_start_matches('/');
    let mut out = PathBuf::new();
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.starts_with(OWN.trim_matches('/')) {
        return None;
    }
    Some(out)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains('\0')).then_some(decoded)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "ris" | "bib" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script and its stylesheet to a page, as external files.
fn with_live_reload(page: Vec<u8>) -> Vec<u8> {
    const TAGS: &str = "<link rel=\"stylesheet\" href=\"/__gapmap/live.css\"><script src=\"/__gapmap/live.js\" defer></script>";
    let Ok(text) = String::from_utf8(page) else {
        return Vec::new();
    };
    match text.find("</head>") {
        Some(at) => {
            let mut out = String::with_capacity(text.len() + TAGS.len());
            out.push_str(&text[..at]);
            out.push_str(TAGS);
            out.push_str(&text[at..]);
            out.into_bytes()
        }
        None => text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(safe_path("/studies/x/"), Some(PathBuf::from("studies/x")));
        assert_eq!(safe_path("/"), Some(PathBuf::new()));
        assert_eq!(safe_path("/a/./b"), Some(PathBuf::from("a/b")));
        assert_eq!(safe_path("/../Cargo.toml"), None);
        assert_eq!(safe_path("/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(safe_path("/%zz"), None);
        assert_eq!(safe_path("/a%00b"), None);
        assert_eq!(safe_path("/__gapmap/live.js"), None);
    }

    #[test]
    fn pages_get_the_reload_script_in_their_head() {
        let page =
            with_live_reload(b"<html><head><title>t</title></head><body></body></html>".to_vec());
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<script src=\"/__gapmap/live.js\" defer></script></head>"));
    }
}
