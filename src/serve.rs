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
//!
//! The site's files are served by tower-http's `ServeDir` (path safety,
//! percent-decoding, content types). The watcher sees only what the build
//! reads, content/ and themes/, and never follows a symbolic link: a link
//! to /usr would add thousands of watches, a link to / exhaust them.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
mod panel;
mod site_files;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::Stream;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{self, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{Debouncer, RecommendedCache};
use tokio::sync::broadcast;
use tower_http::services::ServeDir;

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
    /// The content has errors: show them; the last good site stays. The
    /// panel's JSON, one text per language ([`panel`]).
    Failed(String),
    /// The data files and search index of an incremental rebuild are
    /// written, after its pages: pages that read the index reload again.
    DataWritten,
}

struct Shared {
    /// The output folder's files.
    files: ServeDir,
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
        files: ServeDir::new(output),
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
        .fallback(site_files::site_file)
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
            eprintln!("{}", panel::summary("en", &diags));
            Outcome::Failed(panel::content_errors(&diags))
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            Outcome::Failed(panel::other_error(&format!("error: {message}")))
        }
    }
}

/// Watches content/ and themes/ from a thread of its own; each burst of
/// changes is one rebuild, announced to every open page. The data files
/// and the search index of an incremental rebuild are written after the
/// announcement, so the changed pages are served first.
fn watch(root: &Path, mut session: Session, shared: Arc<Shared>) -> Result<(), Failure> {
    let (tx, rx) = mpsc::channel();
    let debouncer = watcher(root, tx)?;
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
                Outcome::Failed(panel::other_error(
                    "error: gapmap failed while rebuilding (a bug: please report it); save again to rebuild everything",
                ))
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

/// A watcher on what the build reads, content/ and themes/, that follows no
/// symbolic link, neither inside them nor as the folder itself.
fn watcher(
    root: &Path,
    tx: mpsc::Sender<notify_debouncer_full::DebounceEventResult>,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>, Failure> {
    let mut debouncer = notify_debouncer_full::new_debouncer_opt(
        DEBOUNCE,
        None,
        tx,
        RecommendedCache::new(),
        notify::Config::default().with_follow_symlinks(false),
    )
    .map_err(|e| Failure::Usage(format!("cannot watch files: {e}")))?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            eprintln!(
                "warning: {} is a symbolic link; serve does not follow it, so saves there are not seen (run serve where the folder is)",
                path.display()
            );
        } else if meta.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Failure::Usage(format!("cannot watch {}: {e}", path.display())))?;
        }
    }
    Ok(debouncer)
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
