//! The build benchmark (issue 7): for each corpus size, `gapmap build`
//! against the file-creation floor and against Hugo, measured side by side
//! in one run on this machine.
//!
//!     cargo bench --bench build                 # N = 1,000, 10,000, 20,000
//!     cargo bench --bench build -- 1000 --runs 1
//!     cargo bench --bench build -- 1000 10000 --against OLD/gapmap
//!     cargo bench --bench build -- 1000 --framework interventions
//!
//! `--framework interventions` measures the generator's other framework
//! (an interventions-by-outcomes map with nested vocabularies and segments,
//! examples/corpus/mod.rs) instead of the default one; Hugo is not run
//! for it (its Hugo site is written for the default framework only). The
//! bench prints which framework it measured.
//!
//! With `--against`, a gapmap binary built from another commit (say, the
//! one before a refactor) builds the same corpus in turn with this one,
//! run for run, so that whatever else the machine does weighs on both; the
//! bench prints the medians of both and their ratios (user CPU and peak
//! memory), which is how a change is held to "no slower, no larger".
//! When the content format changed between the two commits, give the other
//! binary its own corpus with `--against-corpus DIR`: `DIR/corpus-N/`,
//! written by the other commit's generator (`cargo run --release --example
//! gen_corpus -- N DIR/corpus-N` in its checkout), is what it builds.
//!
//! For each size it also times `gapmap serve`'s rebuild after a study is
//! saved (five saves, in-process, through the same `Session` serve uses).
//!
//! Each figure is the median of `--runs` runs (3 by default), wall time
//! with the CPU time and peak memory of that same run. The floor is two
//! threads creating gapmap's own output files, with the same bytes, in a
//! fresh folder, with the CPU time it took; reading the content is two
//! threads reading every content file and parsing it into the YAML and
//! Markdown parsers' events, which any build of the site must also do.
//! From both it prints the CPU time a build within 1.2× of the floor's
//! wall time would have left, on this machine's cores, for everything
//! else it does (checking, linking, rendering, the search index, the
//! exports), beside what gapmap spent on those. Hugo runs when /usr/bin/hugo exists (`apt-get install
//! hugo`), on the same studies written as a minimal Hugo site. Every run
//! writes into a folder of its own that does not exist yet, for all three,
//! and nothing is deleted until every size has been measured: on ext4 a
//! file created within minutes of many deletions costs several times more
//! (the allocator checks each recently freed inode), which would charge
//! whichever run follows a clean-up for the clean-up
//! (docs/performance.md). Before each run, everything written so far is
//! synced to disk, for the same reason.

#[allow(dead_code)]
#[path = "../tests/common/browser.rs"]
mod browser;
#[path = "../examples/corpus/mod.rs"]
mod corpus;

/// As in the gapmap binary, so the in-process serve figures are its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Default)]
struct Run {
    wall: Duration,
    user: Duration,
    sys: Duration,
    peak_kb: u64,
}

/// `gapmap import` of the corpus's own RIS export into a site with the
/// same framework and no studies: how long N records take.
fn import_run(gapmap: &Path, root: &Path, out: &Path) -> String {
    let site = root.join("import-into");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("content/studies")).expect("a folder to import into");
    for file in ["site.yaml", "taxonomies.yaml"] {
        std::fs::copy(
            root.join("content").join(file),
            site.join("content").join(file),
        )
        .expect("the corpus's settings");
    }
    let ris = out.join("data/studies.ris");
    let records = std::fs::read_to_string(&ris)
        .map(|t| t.lines().filter(|l| l.starts_with("TY  - ")).count())
        .unwrap_or(0);
    let (run, _) = measure(
        Command::new(gapmap)
            .arg("import")
            .arg("--root")
            .arg(&site)
            .arg(&ris),
    );
    let written = std::fs::read_dir(site.join("content/studies")).map_or(0, |d| d.count());
    let _ = std::fs::remove_dir_all(&site);
    format!(
        "{records} RIS records (the corpus's own export) in {} s wall, {} s user, peak {} MB; {written} studies written",
        secs(run.wall),
        secs(run.user),
        run.peak_kb / 1024
    )
}

/// Runs a command to its end and returns its own resource use, with what
/// it printed on stderr. It is started by this bench binary run again as a
/// small launcher (`--launch`): a process forked from this one would count
/// this process's memory as its own peak (Linux carries the resident size
/// at fork into the child's `ru_maxrss`, and this process holds the last
/// size's output by then), which made N = 20,000 read 1.2 GB instead of
/// about 460 MB.
fn measure(command: &mut Command) -> (Run, String) {
    settle();
    let output = Command::new(std::env::current_exe().expect("the bench knows its path"))
        .arg("--launch")
        .arg(command.get_program())
        .args(command.get_args())
        .stdin(Stdio::null())
        .output()
        .expect("the launcher starts");
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<u64> = report
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        output.status.success() && numbers.len() == 4,
        "{command:?} failed:\n{text}"
    );
    (
        Run {
            wall: Duration::from_micros(numbers[0]),
            user: Duration::from_micros(numbers[1]),
            sys: Duration::from_micros(numbers[2]),
            peak_kb: numbers[3],
        },
        text,
    )
}

/// The launcher: runs `program args...` with stderr passed through and
/// prints its wall time, user and system CPU time (microseconds) and peak
/// resident memory (KB) on stdout; fails when the program fails.
// wait4 reaps the child (std's wait would not give its rusage).
#[allow(clippy::zombie_processes)]
fn launch(program: &str, args: &[String]) -> std::process::ExitCode {
    let started = Instant::now();
    let Ok(child) = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .spawn()
    else {
        eprintln!("cannot start {program}");
        return std::process::ExitCode::FAILURE;
    };
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child's, not yet waited for; both pointers
    // point at live locals.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if pid <= 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return std::process::ExitCode::FAILURE;
    }
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    println!(
        "{} {} {} {}",
        wall.as_micros(),
        micros(usage.ru_utime),
        micros(usage.ru_stime),
        usage.ru_maxrss
    );
    std::process::ExitCode::SUCCESS
}

/// The median of each measure on its own: wall, user and system time, and
/// peak memory (each may come from a different run).
fn medians(runs: &[Run]) -> Run {
    fn mid<T: Ord + Copy>(mut values: Vec<T>) -> T {
        values.sort_unstable();
        values[values.len() / 2]
    }
    Run {
        wall: mid(runs.iter().map(|r| r.wall).collect()),
        user: mid(runs.iter().map(|r| r.user).collect()),
        sys: mid(runs.iter().map(|r| r.sys).collect()),
        peak_kb: mid(runs.iter().map(|r| r.peak_kb).collect()),
    }
}

/// How much `a` is above `b`, in percent.
fn percent(a: f64, b: f64) -> f64 {
    100.0 * (a / b - 1.0)
}

fn median(mut runs: Vec<(Run, String)>) -> (Run, String) {
    runs.sort_by_key(|(r, _)| r.wall);
    runs.swap_remove(runs.len() / 2)
}

/// Writes back what earlier runs left in the page cache before the next
/// one starts, so that no run pays for another's writes.
fn settle() {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
}

fn fresh(dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("old output removed");
    }
}

/// Every file under `dir`, with its bytes.
fn read_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("below dir").to_path_buf();
                files.push((rel, std::fs::read(&path).expect("readable")));
            }
        }
    }
    files.sort();
    files
}

/// This process's user and system CPU time so far.
fn own_cpu() -> (Duration, Duration) {
    // SAFETY: an all-zero rusage is a valid value for getrusage to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer points at a live local.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let time =
        |t: libc::timeval| Duration::from_micros(t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64);
    (time(usage.ru_utime), time(usage.ru_stime))
}

/// Runs `work` on two threads, each with half of `items`, and measures the
/// wall time and the CPU time both took (this process does nothing else
/// meanwhile).
fn on_two_threads<T: Sync>(items: &[T], work: impl Fn(&T) + Sync) -> Run {
    let (user, sys) = own_cpu();
    let started = Instant::now();
    let (a, b) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        for half in [a, b] {
            let work = &work;
            scope.spawn(move || half.iter().for_each(work));
        }
    });
    let wall = started.elapsed();
    let (user_after, sys_after) = own_cpu();
    Run {
        wall,
        user: user_after - user,
        sys: sys_after - sys,
        peak_kb: 0,
    }
}

/// Two threads create the same files with the same bytes in a new folder:
/// the least any generator writing this output can take here.
fn floor(files: &[(PathBuf, Vec<u8>)], dest: &Path) -> Run {
    fresh(dest);
    settle();
    on_two_threads(files, |(rel, bytes)| {
        let path = dest.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&path, bytes).expect("written");
    })
}

/// Two threads read every file of the content and parse it, YAML into the
/// parser's events (granit-parser, which gapmap reads YAML with) and
/// Markdown into pulldown-cmark's: work any build of this site does
/// besides creating its files. Nothing is checked, kept or rendered.
fn content_floor(root: &Path) -> Run {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    settle();
    on_two_threads(&files, |path| {
        let text = std::fs::read_to_string(path).expect("readable");
        let events = match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") => granit_parser::Parser::new_from_str(&text).count(),
            Some("md") => {
                let options = pulldown_cmark::Options::ENABLE_TABLES
                    | pulldown_cmark::Options::ENABLE_FOOTNOTES
                    | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
                pulldown_cmark::Parser::new_ext(&text, options).count()
            }
            _ => 0,
        };
        std::hint::black_box(events);
    })
}

fn gzip_size(path: &Path) -> u64 {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .expect("gzip runs");
    output.stdout.len() as u64
}

/// What the first results of a search need, gzipped, in one language: the
/// documents file, the postings shard of one word, and one snippet shard.
fn search_first_results_kb(output: &Path, lang: &str) -> (u64, u64) {
    let dir = output.join("assets/search").join(lang);
    let mut all = 0;
    let mut largest_terms = 0;
    let mut largest_text = 0;
    let mut meta = 0;
    for entry in std::fs::read_dir(&dir).expect("search index").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let size = gzip_size(&entry.path());
        all += size;
        if name == "meta.js" {
            meta = size;
        } else if name.starts_with("terms-") {
            largest_terms = largest_terms.max(size);
        } else if name.starts_with("text-") {
            largest_text = largest_text.max(size);
        }
    }
    (all / 1024, (meta + largest_terms + largest_text) / 1024)
}

/// Milliseconds from opening the search page with a query (from disk) to
/// the first result on screen, in headless Chromium: the page loads the
/// documents file and only the index shards the query needs.
fn first_results_ms(output: &Path, page: &str, query: &str) -> Option<f64> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    runtime.block_on(async {
        let browser = browser::start().await?;
        let url = format!("{}?q={query}", browser::file_url(&output.join(page)));
        let mut times = Vec::new();
        for _ in 0..3 {
            browser.client.goto(&url).await.ok()?;
            let at = browser
                .client
                .execute_async(
                    "const done = arguments[arguments.length - 1];\
                     const look = () => document.querySelector('#search-results a')\
                       ? done(performance.now()) : requestAnimationFrame(look);\
                     look();",
                    vec![],
                )
                .await
                .ok()?;
            times.push(at.as_f64()?);
        }
        browser.close().await;
        times.sort_by(f64::total_cmp);
        Some(times[1])
    })
}

/// `gapmap serve`'s rebuild after one study's save, at this size: the
/// median over `saves` saves of the time to the changed pages written (what
/// the browser reloads), then to the data files and search index written,
/// with how many pages were rendered again.
fn serve_rebuild(root: &Path, saves: usize) -> String {
    use gapmap::build::BuildOptions;
    use gapmap::diagnostics::Diagnostics;
    use gapmap::incremental::Session;

    let mut session = Session::new(BuildOptions {
        root: root.to_path_buf(),
        output: Some(root.join("serve-public")),
        base_url: None,
    });
    let mut diags = Diagnostics::default();
    if session.full(&mut diags).is_err() {
        return format!("not measured: {}", diags.render_human());
    }
    let studies = root.join("content/studies");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&studies)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    folders.sort();
    let mut pages_ms = Vec::new();
    let mut files_ms = Vec::new();
    let mut rendered = Vec::new();
    for k in 0..saves {
        // A summary edited in a study in the middle of the list, then a
        // title, as a contributor does.
        let folder = &folders[(folders.len() / 2 + k * 7) % folders.len()];
        let file = folder.join(if k % 2 == 0 {
            "summary.en.md"
        } else {
            "study.yaml"
        });
        let Ok(text) = std::fs::read_to_string(&file) else {
            return "not measured: a study file is unreadable".into();
        };
        let edited = if k % 2 == 0 {
            format!("{text}\nOne more sentence, saved in the benchmark.\n")
        } else {
            text.replacen("en: \"", "en: \"Revised ", 1)
        };
        if std::fs::write(&file, edited).is_err() {
            return "not measured: a study file is not writable".into();
        }
        settle();
        let started = Instant::now();
        let mut diags = Diagnostics::default();
        match session.update(std::slice::from_ref(&file), &mut diags) {
            Ok(rebuilt) if rebuilt.incremental => rendered.push(rebuilt.rendered),
            _ => return format!("not measured: {}", diags.render_human()),
        }
        pages_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        if session.write_files().is_err() {
            return "not measured: the data files were not written".into();
        }
        files_ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    // Summaries (even saves) and titles (odd) apart: a title is shown on
    // every page that lists the study, a summary's later sections only on
    // its own.
    let median = |v: &[f64], parity: usize| {
        let mut v: Vec<f64> = v.iter().skip(parity).step_by(2).copied().collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let pages = |parity: usize| {
        let mut v: Vec<usize> = rendered.iter().skip(parity).step_by(2).copied().collect();
        v.sort_unstable();
        v[v.len() / 2]
    };
    format!(
        "changed pages written {:.0} ms after a title was saved ({} pages rendered again) and {:.0} ms after a summary ({} pages; medians of {} saves each), data files and search index {:.0} ms",
        median(&pages_ms, 1),
        pages(1),
        median(&pages_ms, 0),
        pages(0),
        saves / 2,
        median(&files_ms, 0).max(median(&files_ms, 1))
    )
}

/// The same, as a contributor sees it: `gapmap serve` running, a study's
/// title saved, and the time until the server answers with the new title
/// (watcher, debounce, rebuild and HTTP together). Median of `saves`.
fn serve_end_to_end(gapmap: &str, root: &Path, saves: usize) -> String {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpStream;

    let Ok(mut child) = Command::new(gapmap)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .arg("--output")
        .arg(root.join("serve-e2e"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return "not measured: gapmap serve did not start".into();
    };
    let (tx, rx) = std::sync::mpsc::channel();
    if let Some(stderr) = child.stderr.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let wait_for = |prefixes: &[&str]| {
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(600)) {
            if prefixes.iter().any(|p| line.starts_with(p)) {
                return Some(line);
            }
        }
        None
    };
    let result = (|| {
        let address = wait_for(&["serving http://"])?
            .strip_prefix("serving http://")?
            .split('/')
            .next()?
            .to_string();
        let get = |path: &str| -> Option<String> {
            let mut stream = TcpStream::connect(&address).ok()?;
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
            )
            .ok()?;
            let mut response = String::new();
            stream.read_to_string(&mut response).ok()?;
            Some(response)
        };
        let mut folders: Vec<PathBuf> = std::fs::read_dir(root.join("content/studies"))
            .ok()?
            .flatten()
            .map(|e| e.path())
            .collect();
        folders.sort();
        let mut times = Vec::new();
        for k in 0..saves {
            let folder = &folders[(folders.len() / 3 + k * 11) % folders.len()];
            let id = folder.file_name()?.to_string_lossy().into_owned();
            let yaml = folder.join("study.yaml");
            let text = std::fs::read_to_string(&yaml).ok()?;
            let marker = format!("Saved{k}x");
            let page = format!("/studies/{id}/index.html");
            settle();
            let started = Instant::now();
            std::fs::write(
                &yaml,
                text.replacen("en: \"", &format!("en: \"{marker} "), 1),
            )
            .ok()?;
            while !get(&page)?.contains(&marker) {
                if started.elapsed() > Duration::from_secs(120) {
                    return None;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            // The data files and search index follow the pages; the next
            // save waits for them (or for a full build, which wrote them).
            wait_for(&["wrote the data files", "built "])?;
        }
        times.sort_by(f64::total_cmp);
        Some(format!(
            "new title served {:.0} ms after the save (median of {saves}; slowest {:.0} ms)",
            times[times.len() / 2],
            times[times.len() - 1]
        ))
    })();
    let _ = child.kill();
    let _ = child.wait();
    result.unwrap_or_else(|| "not measured: the server did not answer as expected".into())
}

fn secs(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

fn main() -> std::process::ExitCode {
    let all: Vec<String> = std::env::args().collect();
    if all.get(1).map(String::as_str) == Some("--launch") && all.len() > 2 {
        return launch(&all[2], &all[3..]);
    }
    let mut sizes = Vec::new();
    let mut runs = 3;
    let mut against: Option<PathBuf> = None;
    let mut against_corpus: Option<PathBuf> = None;
    let mut framework = corpus::Framework::Default;
    let mut args = std::env::args().skip(1).peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|r| r.parse().ok()).unwrap_or(3),
            "--against" => against = args.next().map(PathBuf::from),
            "--against-corpus" => against_corpus = args.next().map(PathBuf::from),
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
            "--bench" => {}
            other => {
                if let Ok(n) = other.parse::<usize>() {
                    sizes.push(n);
                }
            }
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 20_000];
    }
    let gapmap = env!("CARGO_BIN_EXE_gapmap");
    let hugo_installed = Path::new("/usr/bin/hugo").exists();
    let hugo = hugo_installed && framework == corpus::Framework::Default;
    let work = std::env::temp_dir().join(format!("gapmap-bench-{}", std::process::id()));
    println!(
        "machine: {} cores; {runs} runs each, median by wall time",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "corpus: the {} framework{}\n",
        framework.name(),
        match (framework, hugo_installed) {
            (corpus::Framework::Default, _) => "",
            (_, true) => " (Hugo not run: its Hugo site is written for the default framework only)",
            (_, false) => " (no Hugo site for it)",
        }
    );
    println!(
        "| N | tool | wall s | user s | sys s | peak MB | files | MB written | wall vs floor | wall vs Hugo | user vs Hugo |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut notes = Vec::new();
    for &n in &sizes {
        let root = work.join(format!("corpus-{n}"));
        corpus::write_corpus_with(n, &root, hugo, framework).expect("corpus written");
        let out = root.join("public-0");
        let their_root = against_corpus
            .as_ref()
            .map_or(root.clone(), |dir| dir.join(format!("corpus-{n}")));
        let build_with = |program: &Path, from: &Path, folder: String| {
            measure(
                Command::new(program)
                    .arg("build")
                    .arg("--root")
                    .arg(from)
                    .arg("--output")
                    .arg(root.join(folder)),
            )
        };
        // This build and, with --against, the other one in turn.
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for i in 0..runs {
            ours.push(build_with(Path::new(gapmap), &root, format!("public-{i}")));
            if let Some(other) = &against {
                theirs.push(build_with(other, &their_root, format!("against-public-{i}")).0);
            }
        }
        let compared = (!theirs.is_empty()).then(|| {
            let ours: Vec<Run> = ours.iter().map(|(r, _)| *r).collect();
            (medians(&ours), medians(&theirs))
        });
        let (build, stderr) = median(ours);
        let files = read_tree(&out);
        let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
        let phases = stderr
            .lines()
            .find(|l| l.starts_with("built "))
            .unwrap_or("")
            .to_string();
        let (index_kb, first_kb) = search_first_results_kb(&out, "en");
        let (zh_index_kb, zh_first_kb) = search_first_results_kb(&out, "zh");
        let ms = |page, query| {
            settle();
            first_results_ms(&out, page, query)
                .map_or("not measured (no Chromium)".to_string(), |ms| {
                    format!("{ms:.0} ms")
                })
        };
        let en_ms = ms("search/index.html", "burnout");
        // 同伴 (peer), percent-encoded.
        let zh_ms = ms("zh/search/index.html", "%E5%90%8C%E4%BC%B4");
        let mut floors: Vec<Run> = (0..runs)
            .map(|i| floor(&files, &root.join(format!("floor-{i}"))))
            .collect();
        floors.sort_by_key(|r| r.wall);
        let floor_run = floors[floors.len() / 2];
        let mut reads: Vec<Run> = (0..runs).map(|_| content_floor(&root)).collect();
        reads.sort_by_key(|r| r.wall);
        let read_run = reads[reads.len() / 2];

        let hugo_run = hugo.then(|| {
            let dest = |i: usize| root.join(format!("hugo-public-{i}"));
            let (run, _) = median(
                (0..runs)
                    .map(|i| {
                        measure(
                            Command::new("/usr/bin/hugo")
                                .arg("--quiet")
                                .arg("--source")
                                .arg(root.join("hugo"))
                                .arg("--destination")
                                .arg(dest(i)),
                        )
                    })
                    .collect(),
            );
            let hugo_files = read_tree(&dest(0));
            (
                run,
                hugo_files.len(),
                hugo_files.iter().map(|(_, b)| b.len() as u64).sum::<u64>(),
            )
        });
        let ratio = |a: Duration, b: Duration| format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64());
        println!(
            "| {n} | gapmap | {} | {} | {} | {} | {} | {:.0} | {} | {} | {} |",
            secs(build.wall),
            secs(build.user),
            secs(build.sys),
            build.peak_kb / 1024,
            files.len(),
            bytes as f64 / 1e6,
            ratio(build.wall, floor_run.wall),
            hugo_run.map_or("–".into(), |(h, _, _)| ratio(build.wall, h.wall)),
            hugo_run.map_or("–".into(), |(h, _, _)| ratio(build.user, h.user)),
        );
        println!(
            "| {n} | floor (2 threads) | {} | {} | {} | | {} | {:.0} | 1.00× | | |",
            secs(floor_run.wall),
            secs(floor_run.user),
            secs(floor_run.sys),
            files.len(),
            bytes as f64 / 1e6
        );
        println!(
            "| {n} | reading the content (2 threads) | {} | {} | {} | | | | {} | | |",
            secs(read_run.wall),
            secs(read_run.user),
            secs(read_run.sys),
            ratio(read_run.wall, floor_run.wall),
        );
        if let Some(((ours, theirs), other)) = compared.zip(against.as_ref()) {
            println!(
                "| {n} | gapmap built from {} | {} | {} | | {} | | | | | |",
                other.display(),
                secs(theirs.wall),
                secs(theirs.user),
                theirs.peak_kb / 1024
            );
            notes.push(format!(
                "N = {n}, against {}: medians of {runs} runs taken in turn: user CPU {} s against {} s ({:+.1} %), peak memory {} MB against {} MB ({:+.1} %), wall {} s against {} s",
                other.display(),
                secs(ours.user),
                secs(theirs.user),
                percent(ours.user.as_secs_f64(), theirs.user.as_secs_f64()),
                ours.peak_kb / 1024,
                theirs.peak_kb / 1024,
                percent(ours.peak_kb as f64, theirs.peak_kb as f64),
                secs(ours.wall),
                secs(theirs.wall),
            ));
        }
        if let Some((h, hugo_files, hugo_bytes)) = hugo_run {
            println!(
                "| {n} | Hugo | {} | {} | {} | {} | {hugo_files} | {:.0} | | 1.00× | 1.00× |",
                secs(h.wall),
                secs(h.user),
                secs(h.sys),
                h.peak_kb / 1024,
                hugo_bytes as f64 / 1e6
            );
        }
        let serve = format!(
            "{}; through the server: {}",
            serve_rebuild(&root, 6),
            serve_end_to_end(gapmap, &root, 5)
        );
        let import = import_run(Path::new(gapmap), &root, &out);
        // On these cores, a build within 1.2x of the floor's wall time has
        // this much CPU time, even with no core ever idle; creating the
        // files and reading the content take their floors' share of it.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let budget = 1.2 * floor_run.wall.as_secs_f64() * cores;
        let cpu = |r: &Run| (r.user + r.sys).as_secs_f64();
        let left = budget - cpu(&floor_run) - cpu(&read_run);
        let spent = cpu(&build) - cpu(&floor_run) - cpu(&read_run);
        notes.push(format!(
            "N = {n}: within 1.2× of the floor, a build has {budget:.2} s of CPU time on {cores} cores; creating the files takes {:.2} s of it and reading the content {:.2} s, which leaves {left:.2} s for everything else (gapmap used {spent:.2} s more than both floors together)\n  {phases}\n  gapmap serve, one study saved: {serve}\n  gapmap import: {import}\n  search index gzipped: en {index_kb} KB in all, at most {first_kb} KB for a one-word query's first results; zh {zh_index_kb} KB, at most {zh_first_kb} KB\n  first search results on screen, from disk, median of 3: en `burnout` {en_ms}, zh `同伴` {zh_ms}",
            cpu(&floor_run),
            cpu(&read_run),
        ));
    }
    println!();
    for note in notes {
        println!("{note}");
    }
    let _ = std::fs::remove_dir_all(&work);
    std::process::ExitCode::SUCCESS
}
