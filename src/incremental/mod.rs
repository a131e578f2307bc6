//! Rebuilds for `gapmap serve`: the same pipeline as a build (load →
//! validate → model → render → write), kept in memory between saves so a
//! save in one study folder costs what depends on that study, not the site.
//!
//! After a save in `content/studies/<id>/` only that folder is read and
//! checked again; the model takes the study's new version and derives its
//! links again; the pages that show the study, or whose lists it changed,
//! are rendered from fragments kept since the last build and written in
//! place, only where their bytes differ. The data files and the search
//! index come after the pages ([`Session::write_files`]). Any other change
//! (site.yaml, taxonomies, pages, the theme, a study folder added, removed
//! or renamed) is a full build, as `gapmap build` makes it.
//!
//! Whatever the path, the output is the bytes a full build gives
//! (tests/incremental.rs holds them to it).

mod dirty;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use crate::build::{self, BuildOptions, BuildReport, Failure, Output, Prepared};
use crate::content::Taxonomies;
use crate::diagnostics::Diagnostics;
use crate::load::{self, RawContent};
use crate::model::pages::{self, PageKind};
use crate::render::{Fragments, Renderer};
use crate::urls as paths;
use crate::{validate, write};
use dirty::{Before, Was};

/// What the last good build left in memory.
struct State {
    raw: RawContent,
    taxonomies: Taxonomies,
    prepared: Prepared,
    fragments: Fragments,
}

pub struct Session {
    options: BuildOptions,
    output: PathBuf,
    state: Option<State>,
    /// Study folders (indices into the raw studies) saved since the last
    /// good build whose last check had errors: checked again with the next
    /// save, wherever it is.
    pending: BTreeSet<usize>,
    /// The data files and the search index wait for [`Session::write_files`].
    files_due: bool,
}

/// How a rebuild went.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub report: BuildReport,
    /// Whether only what depends on the saved studies was rendered.
    pub incremental: bool,
    /// Pages rendered (a full build renders all of them).
    pub rendered: usize,
    /// For a full build after a change: why it was one.
    pub because: Option<String>,
}

/// What an incremental rebuild changes: study folders by index.
enum Scope {
    /// Everything, for the reason given.
    Full(String),
    Studies(Vec<usize>),
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        let output = options
            .output
            .clone()
            .unwrap_or_else(|| options.root.join("public"));
        Session {
            options,
            output,
            state: None,
            pending: BTreeSet::new(),
            files_due: false,
        }
    }

    /// Builds everything into a staging folder swapped in when complete,
    /// and keeps what the next rebuild reuses.
    pub fn full(&mut self, diags: &mut Diagnostics) -> Result<Rebuilt, Failure> {
        self.state = None;
        self.pending.clear();
        self.files_due = false;
        let options = &self.options;
        build::guard_output(&options.root, &self.output)?;
        let started = Instant::now();
        let raw = load::load_content(&options.root, diags).map_err(|e| Failure::Usage(e.0))?;
        let mut phases = vec![("load", started.elapsed())];
        let content = build::validate_loaded(&raw, diags, &mut phases)?;
        if diags.has_errors() {
            return Err(Failure::Content);
        }
        let taxonomies = content.taxonomies.clone();
        let prepared = build::prepare_validated(
            &options.root,
            content,
            options.base_url.as_deref(),
            diags,
            |_| Ok(()),
            phases,
        )?;
        let mut report = BuildReport {
            phases: prepared.phases.clone(),
            ..Default::default()
        };
        let fragments = build::in_staging(&self.output, |staging| {
            let jobs = pages::site_pages(&prepared.site);
            let renderer = Renderer::with_fragments(
                &prepared.site,
                &prepared.theme,
                false,
                Fragments::new(&prepared.site),
            );
            build::write_pages_and_files(
                &renderer,
                &jobs,
                &prepared,
                staging,
                Output::Site,
                &mut report,
                diags,
            )?;
            Ok(renderer.into_fragments())
        })?;
        self.state = Some(State {
            raw,
            taxonomies,
            prepared,
            fragments,
        });
        Ok(Rebuilt {
            rendered: report.pages,
            report,
            incremental: false,
            because: None,
        })
    }

    /// Rebuilds after the files at `changed` (absolute or under the site's
    /// root) were saved: incrementally when they all lie in study folders
    /// the last good build had, fully otherwise. With errors nothing is
    /// written and the last good site stays.
    pub fn update(
        &mut self,
        changed: &[PathBuf],
        diags: &mut Diagnostics,
    ) -> Result<Rebuilt, Failure> {
        match self.scope(changed) {
            Scope::Studies(folders) => self.studies_saved(folders, diags),
            Scope::Full(because) => {
                let mut rebuilt = self.full(diags)?;
                rebuilt.because = Some(because);
                Ok(rebuilt)
            }
        }
    }

    /// Which study folders the changed files are in, when that is all they
    /// are.
    fn scope(&self, changed: &[PathBuf]) -> Scope {
        let Some(state) = &self.state else {
            return Scope::Full("the last build did not finish".into());
        };
        let studies = self.options.root.join("content").join("studies");
        let studies = std::path::absolute(&studies).unwrap_or(studies);
        let mut folders: BTreeSet<usize> = self.pending.clone();
        for path in changed {
            if path.as_os_str().is_empty() {
                return Scope::Full("the watcher lost track of changes".into());
            }
            let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            let shown = format!(
                "{} changed: only a save in a study's folder is rebuilt alone",
                path.display()
            );
            let Ok(rest) = path.strip_prefix(&studies) else {
                return Scope::Full(shown);
            };
            let mut parts = rest.components();
            let (Some(folder), Some(_file)) = (parts.next(), parts.next()) else {
                // The studies folder itself, or a folder added or removed.
                return Scope::Full(shown);
            };
            let name = folder.as_os_str().to_string_lossy();
            match state.raw.studies.iter().position(|r| r.id == name) {
                Some(i) if state.raw.studies[i].dir.is_dir() => {
                    folders.insert(i);
                }
                _ => return Scope::Full(shown),
            }
        }
        Scope::Studies(folders.into_iter().collect())
    }

    /// Reads and checks the saved study folders again, puts their studies
    /// into the model and renders what depends on them.
    fn studies_saved(
        &mut self,
        folders: Vec<usize>,
        diags: &mut Diagnostics,
    ) -> Result<Rebuilt, Failure> {
        let started = Instant::now();
        let Some(state) = self.state.as_mut() else {
            return self.full(diags);
        };
        let root = self.options.root.clone();
        // What reading says is kept aside until this stays incremental: a
        // full build would read and say it again.
        let mut said = Diagnostics::default();
        for &i in &folders {
            let dir = state.raw.studies[i].dir.clone();
            match load::reload_study(&root, &dir, &mut said) {
                Some(raw) => state.raw.studies[i] = raw,
                None => return self.full(diags),
            }
        }
        let mut phases = vec![("load", started.elapsed())];

        let started = Instant::now();
        let site = &state.prepared.site;
        // A study that had errors at the last full build is not in the
        // model: fixing it adds a study, which is a full build.
        let mut in_model = Vec::with_capacity(folders.len());
        for &i in &folders {
            match site.study_index(&state.raw.studies[i].id) {
                Some(s) => in_model.push(s),
                None => return self.full(diags),
            }
        }
        diags.extend(said);
        let checked = validate::revalidate(
            &state.raw,
            &state.taxonomies,
            &folders,
            site.studies.iter().map(|s| &s.study),
            diags,
        );
        phases.push(("validate", started.elapsed()));
        if diags.has_errors() {
            self.pending.extend(folders);
            return Err(Failure::Content);
        }
        self.pending.clear();

        let started = Instant::now();
        let before = Before::of(&state.prepared.site);
        let changes: Vec<(usize, crate::content::Study)> = in_model
            .iter()
            .zip(checked)
            .filter_map(|(&s, study)| Some((s, study?)))
            .collect();
        // What other pages show of each changed study, as it was.
        let mut was: BTreeMap<usize, Was> = BTreeMap::new();
        for (s, _) in &changes {
            let entry = &state.prepared.site.studies[*s];
            was.insert(
                *s,
                Was {
                    shown: state.fragments.take(*s),
                    terms: entry.terms.clone(),
                    authors: entry.study.authors.clone(),
                },
            );
        }
        diags.extend(state.prepared.site.update_studies(changes));
        phases.push(("model", started.elapsed()));
        if diags.has_errors() {
            // The model holds the studies with errors: only a full build
            // can go on from here.
            self.state = None;
            return Err(Failure::Content);
        }

        let state = self.state.as_mut().ok_or(Failure::Content)?;
        let site = &state.prepared.site;
        let fragments = std::mem::take(&mut state.fragments);
        let renderer = Renderer::with_fragments(site, &state.prepared.theme, false, fragments);
        let mut shown = BTreeMap::new();
        for &s in was.keys() {
            match renderer.shown(s) {
                Ok(now) => {
                    shown.insert(s, now);
                }
                Err(e) => {
                    drop(renderer);
                    self.state = None;
                    // Reporting an error always fails the rebuild.
                    let _ = build::report_render_errors(vec![e], diags);
                    return Err(Failure::Content);
                }
            }
        }
        let (mut kinds, gone) = before.dirty(site, &was, &shown);
        // The pages that show every study first: started last, the largest
        // would keep one core busy while the other waits.
        kinds.sort_by_key(|kind| {
            !matches!(
                kind,
                PageKind::Brief(None) | PageKind::Studies(_) | PageKind::Home
            )
        });
        let dirty = pages::jobs(site, &kinds);
        let default = site.config.default_language;
        let gone: Vec<String> = gone
            .iter()
            .flat_map(|path| {
                site.config
                    .languages
                    .iter()
                    .map(move |&lang| paths::in_lang(path, lang, default))
            })
            .collect();
        let mut report = BuildReport {
            phases,
            ..Default::default()
        };
        let sink = write::InPlace::new(&self.output);
        let mut written = build::write_pages(&renderer, &dirty, &sink, &mut report, diags);
        state.fragments = renderer.into_fragments();
        if written.is_ok() {
            written = gone.iter().try_for_each(|path| {
                sink.remove(path)
                    .map_err(|e| Failure::Usage(format!("cannot remove {path}: {e}")))
            });
        }
        if let Err(failure) = written {
            // The model is ahead of the pages on disk: only a full build
            // can tell which pages are behind.
            self.state = None;
            return Err(failure);
        }
        self.files_due = true;
        Ok(Rebuilt {
            rendered: dirty.len(),
            report,
            incremental: true,
            because: None,
        })
    }

    /// Writes the data files and the search index after an incremental
    /// rebuild (a full build has written them already), only where their
    /// bytes changed.
    pub fn write_files(&mut self) -> Result<Option<BuildReport>, Failure> {
        let Some(state) = &self.state else {
            return Ok(None);
        };
        if !std::mem::take(&mut self.files_due) {
            return Ok(None);
        }
        let mut report = BuildReport::default();
        let sink = write::InPlace::new(&self.output);
        let written = build::write_files(&state.prepared, &sink, Output::Site, &mut report)
            .and_then(|()| self.remove_unwritten_index_files(&sink));
        if written.is_err() {
            self.state = None;
        }
        written.map(|()| Some(report))
    }

    /// Removes the search index files the new index no longer has (it has
    /// fewer shards when the site's text shrank).
    fn remove_unwritten_index_files(&self, sink: &write::InPlace) -> Result<(), Failure> {
        let index = self.output.join("assets").join("search");
        let written = sink.written();
        for entry in walkdir::WalkDir::new(&index).into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&self.output) else {
                continue;
            };
            let rel = rel.to_string_lossy().into_owned();
            if !written.contains(&rel) {
                sink.remove(&rel)
                    .map_err(|e| Failure::Usage(format!("cannot remove {rel}: {e}")))?;
            }
        }
        Ok(())
    }

    /// Forgets the last build: the next change is a full build.
    pub fn reset(&mut self) {
        self.state = None;
        self.pending.clear();
        self.files_due = false;
    }
}
