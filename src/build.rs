//! The pipeline: load → validate → model → render → write. Each step lives
//! in its own module; this one only runs them in order, stops before
//! writing when there are errors, and times the phases.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Site, pages};
use crate::render::{self, Renderer};
use crate::theme::{self, Theme};
use crate::{load, validate, write};

/// Why a run stopped. Content problems are in the diagnostics; the rest is
/// a usage or I/O problem with its message.
#[derive(Debug)]
pub enum Failure {
    /// The content has errors (exit 1); nothing was written.
    Content,
    /// Bad arguments, a missing site, an unwritable output (exit 2).
    Usage(String),
}

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
}

#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// Bytes of each language's search index, all shards together.
    pub search_bytes: Vec<(crate::content::Lang, u64)>,
    /// Bytes of the theme's client script.
    pub script_bytes: u64,
    pub phases: Vec<(&'static str, Duration)>,
}

/// A loaded, validated site and its theme: what check and build share.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub phases: Vec<(&'static str, Duration)>,
}

/// Loads, validates and models the site. Returns `None` when there are
/// errors (they are in `diags`).
pub fn prepare(
    root: &Path,
    base_url: Option<&str>,
    diags: &mut Diagnostics,
) -> Result<Prepared, Failure> {
    prepare_with(root, base_url, diags, |_| Ok(()))
}

/// [`prepare`], with a step between validation and the model that may
/// narrow the content (a bundle's subset of studies and languages).
pub fn prepare_with(
    root: &Path,
    base_url: Option<&str>,
    diags: &mut Diagnostics,
    narrow: impl FnOnce(&mut crate::content::Content) -> Result<(), Failure>,
) -> Result<Prepared, Failure> {
    let started = Instant::now();
    let raw = load::load_content(root, diags).map_err(|e| Failure::Usage(e.0))?;
    let mut phases = vec![("load", started.elapsed())];
    let content = validate_loaded(&raw, diags, &mut phases);
    // The files as read are not needed past here (diagnostics keep their
    // own copy of each source).
    drop(raw);
    prepare_validated(root, content?, base_url, diags, narrow, phases)
}

pub(crate) fn validate_loaded(
    raw: &load::RawContent,
    diags: &mut Diagnostics,
    phases: &mut Vec<(&'static str, Duration)>,
) -> Result<crate::content::Content, Failure> {
    let started = Instant::now();
    let content = validate::validate(raw, diags);
    // Tens of thousands of files were read; only those something was said
    // about are quoted (the model adds what it says about summaries).
    diags.forget_unquoted_sources();
    phases.push(("validate", started.elapsed()));
    content.ok_or(Failure::Content)
}

/// Everything after validation: narrow, model, theme.
pub(crate) fn prepare_validated(
    root: &Path,
    mut content: crate::content::Content,
    base_url: Option<&str>,
    diags: &mut Diagnostics,
    narrow: impl FnOnce(&mut crate::content::Content) -> Result<(), Failure>,
    mut phases: Vec<(&'static str, Duration)>,
) -> Result<Prepared, Failure> {
    if let Some(url) = base_url {
        content.site.base_url = crate::validate::site_address(url).map_err(|e| {
            Failure::Usage(format!(
                "--base-url: {e}; {}",
                crate::validate::ADDRESS_FORM
            ))
        })?;
    }
    check_page_names(&content, diags);
    // The theme keeps every language's strings, even where the output
    // carries fewer (a bundle's front page speaks both).
    let languages = content.site.languages.clone();
    narrow(&mut content)?;

    let started = Instant::now();
    let theme = theme::load_theme(root, &content.site.theme, &languages, diags);
    let site = model::build_site(content, diags);
    phases.push(("model", started.elapsed()));
    if diags.has_errors() {
        return Err(Failure::Content);
    }
    let theme = theme.ok_or(Failure::Content)?;
    Ok(Prepared {
        site,
        theme,
        phases,
    })
}

/// Free pages live at the root of the URL space; they may not take a name
/// the site's own sections use.
fn check_page_names(content: &crate::content::Content, diags: &mut Diagnostics) {
    const RESERVED: &[&str] = &[
        "studies",
        "themes",
        "populations",
        "regions",
        "designs",
        "settings",
        "authors",
        "search",
        "assets",
        "zh",
        "en",
        "data",
        "schema",
        "brief",
    ];
    for page in &content.pages {
        if RESERVED.contains(&page.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    &page.source.en.file,
                    format!(
                        "page name `{}` is reserved for the site's own pages",
                        page.name
                    ),
                )
                .with_help("rename the page files"),
            );
        }
    }
}

/// Validates everything and renders every page in memory, writing nothing.
pub fn check(root: &Path, diags: &mut Diagnostics) -> Result<usize, Failure> {
    let prepared = prepare(root, None, diags)?;
    render_all(&prepared, diags)
}

/// [`check`] for content already loaded into memory (the theme is still
/// read from `root`): what the fuzz targets and property tests drive.
pub fn check_loaded(
    root: &Path,
    raw: &load::RawContent,
    diags: &mut Diagnostics,
) -> Result<usize, Failure> {
    let mut phases = Vec::new();
    let content = validate_loaded(raw, diags, &mut phases)?;
    let prepared = prepare_validated(root, content, None, diags, |_| Ok(()), phases)?;
    render_all(&prepared, diags)
}

fn render_all(prepared: &Prepared, diags: &mut Diagnostics) -> Result<usize, Failure> {
    let renderer = Renderer::new(&prepared.site, &prepared.theme, false);
    let jobs = pages::site_pages(&prepared.site);
    let errors: Vec<String> = jobs
        .par_iter()
        .map_init(Vec::new, |bytes, job| {
            bytes.clear();
            renderer.render_into(job, bytes).err()
        })
        .flatten()
        .collect();
    report_render_errors(errors, diags)?;
    Ok(jobs.len())
}

pub(crate) fn report_render_errors(
    mut errors: Vec<String>,
    diags: &mut Diagnostics,
) -> Result<(), Failure> {
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort();
    errors.dedup();
    for e in errors {
        let (file, message) = e.split_once(": ").unwrap_or(("", &e));
        diags.push(Diagnostic::error(
            file,
            format!("template error: {message}"),
        ));
    }
    Err(Failure::Content)
}

/// Builds the site into the output folder, atomically.
pub fn build(options: &BuildOptions, diags: &mut Diagnostics) -> Result<BuildReport, Failure> {
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    guard_output(root, &output)?;
    let prepared = prepare(root, options.base_url.as_deref(), diags)?;
    let mut report = BuildReport {
        phases: prepared.phases.clone(),
        ..Default::default()
    };

    in_staging(&output, |staging| {
        write_site(&prepared, staging, Output::Site, &mut report, diags)
    })?;
    Ok(report)
}

/// Runs `write` into a staging folder beside `output` and swaps it into
/// place when `write` succeeds; a failure leaves `output` as it was.
pub(crate) fn in_staging<T>(
    output: &Path,
    write: impl FnOnce(&write::Staging) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let staging = write::Staging::begin(output).map_err(|e| {
        Failure::Usage(format!(
            "cannot create a staging folder beside {}: {e}",
            output.display()
        ))
    })?;
    let written = write(&staging)?;
    staging.commit().map_err(|e| {
        Failure::Usage(format!(
            "cannot move the new site into {}: {e}",
            output.display()
        ))
    })?;
    Ok(written)
}

/// What a build is for: the published site, or a bundle opened from disk,
/// which has no address to point canonical links, feeds or a sitemap at.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Site,
    Offline,
}

/// Renders every page and writes it, with the theme's files, the generated
/// assets, the search index and the exports, into `sink`: the one place
/// that decides what a site consists of.
pub fn write_site(
    prepared: &Prepared,
    sink: &dyn write::Sink,
    output: Output,
    report: &mut BuildReport,
    diags: &mut Diagnostics,
) -> Result<(), Failure> {
    let renderer = Renderer::new(&prepared.site, &prepared.theme, output == Output::Offline);
    let jobs = pages::site_pages(&prepared.site);
    write_pages_and_files(&renderer, &jobs, prepared, sink, output, report, diags)
}

/// [`write_pages`] and [`write_files`] side by side: the data files and
/// the search index read the model alone, and are made on whichever core
/// the pages leave free, instead of after them on one core while the other
/// waits.
pub(crate) fn write_pages_and_files(
    renderer: &Renderer,
    jobs: &[crate::model::pages::PageJob],
    prepared: &Prepared,
    sink: &dyn write::Sink,
    output: Output,
    report: &mut BuildReport,
    diags: &mut Diagnostics,
) -> Result<(), Failure> {
    let mut files = BuildReport::default();
    let (pages, written) = rayon::join(
        || write_pages(renderer, jobs, sink, report, diags),
        || write_files_with(prepared, sink, output, &mut files, Cores::One),
    );
    pages?;
    written?;
    report.absorb(files);
    Ok(())
}

/// Renders the pages of `jobs` and writes each at once, from all cores: no
/// page is held in memory longer than it takes to write it.
pub fn write_pages(
    renderer: &Renderer,
    jobs: &[crate::model::pages::PageJob],
    sink: &dyn write::Sink,
    report: &mut BuildReport,
    diags: &mut Diagnostics,
) -> Result<(), Failure> {
    let started = Instant::now();
    let results: Vec<Result<u64, String>> = jobs
        .par_iter()
        .map_init(Vec::new, |bytes, job| {
            bytes.clear();
            renderer.render_into(job, bytes)?;
            sink.put(&job.path, bytes)
                .map_err(|e| format!("{}: cannot write: {e}", job.path))?;
            Ok(bytes.len() as u64)
        })
        .collect();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(n) => {
                report.bytes += n;
                report.pages += 1;
                report.files += 1;
            }
            Err(e) => errors.push(e),
        }
    }
    report.phases.push(("render+write", started.elapsed()));
    report_render_errors(errors, diags)
}

/// Writes everything besides the pages: the theme's files, the generated
/// assets, the data files and the search index.
pub fn write_files(
    prepared: &Prepared,
    sink: &dyn write::Sink,
    output: Output,
    report: &mut BuildReport,
) -> Result<(), Failure> {
    write_files_with(prepared, sink, output, report, Cores::Both)
}

/// What [`write_files`] may use: both cores when it runs alone (`gapmap
/// serve`, after the pages), one while pages are rendered on the other.
#[derive(Clone, Copy, PartialEq)]
enum Cores {
    Both,
    One,
}

fn write_files_with(
    prepared: &Prepared,
    sink: &dyn write::Sink,
    output: Output,
    report: &mut BuildReport,
    cores: Cores,
) -> Result<(), Failure> {
    // Every other file is written as soon as it is made, so no more than
    // one group of them is held at a time.
    let mut assets: Vec<(String, Vec<u8>)> = prepared
        .theme
        .static_files
        .iter()
        .map(|(path, bytes)| (format!("assets/{path}"), bytes.clone()))
        .collect();
    report.script_bytes = assets
        .iter()
        .find(|(path, _)| path == "assets/gapmap.js")
        .map_or(0, |(_, b)| b.len() as u64);
    assets.extend(render::generated_assets());
    // The content files' JSON Schemas, for editors pointed at the live site.
    assets.extend(
        crate::schema::files()
            .into_iter()
            .map(|(name, json)| (format!("{}/{name}", crate::schema::DIR), json.into_bytes())),
    );
    report.add(put_files(sink, assets)?);
    // The data files and the search index read the model alone. Given both
    // cores they are made side by side (their phase times overlap). Given
    // one, while the pages are rendered on the other, they are made one
    // after the other, so that only one of them adds its memory to the
    // pages' at a time.
    let site = &prepared.site;
    let exports = || -> Result<(Vec<Written>, Duration), Failure> {
        let started = Instant::now();
        let mut written = vec![put_made(sink, site, crate::export::data_files())?];
        if output == Output::Site {
            written.push(put_made(sink, site, crate::export::web_files(site))?);
        }
        Ok((written, started.elapsed()))
    };
    let search = || -> Result<(Vec<(Lang, Written)>, Duration), Failure> {
        let started = Instant::now();
        // One language's index after the other: building them side by
        // side would hold both languages' postings at once, the largest
        // part of a build's peak memory.
        let indexes = site
            .config
            .languages
            .iter()
            .map(|&lang| {
                let mut written = Written::default();
                crate::search::write_index(site, lang, &mut |path, bytes| {
                    sink.put(&path, &bytes)?;
                    written.count(&bytes);
                    Ok(())
                })
                .map_err(|e| Failure::Usage(format!("cannot write the search index: {e}")))?;
                Ok((lang, written))
            })
            .collect::<Result<Vec<_>, Failure>>()?;
        Ok((indexes, started.elapsed()))
    };
    let (exports, search) = match cores {
        Cores::Both => rayon::join(exports, search),
        Cores::One => {
            let search = search();
            (exports(), search)
        }
    };
    let ((exported, exports_time), (indexes, search_time)) = (exports?, search?);
    for written in exported {
        report.add(written);
    }
    report.phases.push(("exports", exports_time));
    for (lang, written) in indexes {
        report.search_bytes.push((lang, written.bytes));
        report.add(written);
    }
    report.phases.push(("search index", search_time));
    Ok(())
}

/// How many files and bytes one group of files came to.
#[derive(Clone, Copy, Default)]
struct Written {
    files: usize,
    bytes: u64,
}

impl Written {
    fn count(&mut self, bytes: &[u8]) {
        self.files += 1;
        self.bytes += bytes.len() as u64;
    }
}

impl BuildReport {
    fn add(&mut self, written: Written) {
        self.files += written.files;
        self.bytes += written.bytes;
    }

    /// Adds what another part of the same build wrote.
    fn absorb(&mut self, other: BuildReport) {
        self.pages += other.pages;
        self.files += other.files;
        self.bytes += other.bytes;
        self.search_bytes.extend(other.search_bytes);
        self.script_bytes = self.script_bytes.max(other.script_bytes);
        self.phases.extend(other.phases);
    }
}

/// Writes a group of files into `sink`, and lets them go.
fn put_files(sink: &dyn write::Sink, files: Vec<(String, Vec<u8>)>) -> Result<Written, Failure> {
    let mut written = Written::default();
    for (path, bytes) in files {
        sink.put(&path, &bytes)
            .map_err(|e| Failure::Usage(format!("cannot write {path}: {e}")))?;
        written.count(&bytes);
    }
    Ok(written)
}

/// Makes each file of a group from the model and writes it before making
/// the next.
fn put_made(
    sink: &dyn write::Sink,
    site: &model::Site,
    files: Vec<crate::export::Made>,
) -> Result<Written, Failure> {
    let mut written = Written::default();
    for (path, make) in files {
        let bytes = make(site);
        sink.put(&path, &bytes)
            .map_err(|e| Failure::Usage(format!("cannot write {path}: {e}")))?;
        written.count(&bytes);
    }
    Ok(written)
}

/// Refuses outputs whose replacement would destroy the sources.
pub(crate) fn guard_output(root: &Path, output: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let out = absolute(output);
    let root = absolute(root);
    for precious in [
        root.clone(),
        root.join("content"),
        root.join("themes"),
        root.join("src"),
    ] {
        if precious.starts_with(&out)
            || out.starts_with(root.join("content"))
            || out.starts_with(root.join("themes"))
        {
            return Err(Failure::Usage(format!(
                "refusing to build into {}: the output folder is replaced on every build and must not hold or sit inside {}",
                output.display(),
                precious.display()
            )));
        }
    }
    Ok(())
}
