//! What a site consists of (its pages, the theme's and generated assets,
//! the JSON Schemas, the data files, feeds and sitemap, the search index)
//! and writing all of it into a sink: a staging folder, the output folder
//! in place (`gapmap serve`) or a zip (`gapmap bundle`).

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{BuildReport, Failure, Prepared, report_render_errors};
use crate::content::Lang;
use crate::diagnostics::Diagnostics;
use crate::model::{self, pages};
use crate::render::{self, Renderer};
use crate::{export, output, search, write};

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
    let site = &prepared.site;
    let declared: Vec<_> = site
        .vocabulary_ids()
        .map(|v| {
            let slugs = site.terms(v).iter().map(|t| t.slug.as_str()).collect();
            (site.vocabulary(v), slugs)
        })
        .collect();
    assets.extend(
        crate::schema::files(&declared)
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
    let mut data: Vec<Box<dyn output::FileOutput>> =
        vec![Box::new(export::DataFiles), Box::new(export::BrowseData)];
    if output == Output::Site {
        data.push(Box::new(export::WebFiles));
    }
    let exports = || -> Result<(Vec<Written>, Duration), Failure> {
        let started = Instant::now();
        let written = data
            .iter()
            .map(|out| put_output(sink, site, out.as_ref()))
            .collect::<Result<Vec<_>, Failure>>()?;
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
            .map(|&lang| Ok((lang, put_output(sink, site, &search::SearchIndex(lang))?)))
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

/// Writes every file of one output into `sink` as it is made.
fn put_output(
    sink: &dyn write::Sink,
    site: &model::Site,
    out: &dyn output::FileOutput,
) -> Result<Written, Failure> {
    let mut written = Written::default();
    out.write(site, &mut |path, bytes| {
        sink.put(&path, &bytes)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{path}: {e}")))?;
        written.count(&bytes);
        Ok(())
    })
    .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", out.name())))?;
    Ok(written)
}
