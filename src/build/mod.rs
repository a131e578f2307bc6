//! The pipeline: load → validate → model → render → write. Each step lives
//! in its own module; this one only runs them in order, stops before
//! writing when there are errors, and times the phases. What a site
//! consists of, and writing it into a sink, is [`site_files`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Site, pages};
use crate::render::Renderer;
use crate::theme::{self, Theme};
use crate::{load, validate, write};

mod site_files;

pub(crate) use site_files::write_pages_and_files;
pub use site_files::{Output, write_files, write_pages, write_site};

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

/// Loads and validates the content alone (what `gapmap schema` reads).
pub fn content(root: &Path, diags: &mut Diagnostics) -> Result<crate::content::Content, Failure> {
    let raw = load::load_content(root, diags).map_err(|e| Failure::Usage(e.0))?;
    let content = validate::validate(&raw, diags).ok_or(Failure::Content)?;
    if diags.has_errors() {
        return Err(Failure::Content);
    }
    Ok(content)
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
    let vocabulary_keys = content
        .taxonomies
        .vocabularies
        .iter()
        .map(|v| v.key.as_str());
    for page in &content.pages {
        let name = page.name.as_str();
        if validate::RESERVED_KEYS.contains(&name) || vocabulary_keys.clone().any(|k| k == name) {
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
