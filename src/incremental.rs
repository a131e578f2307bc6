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

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use crate::build::{self, BuildOptions, BuildReport, Failure, Output, Prepared};
use crate::content::{AuthorName, Taxonomies, Vocabulary};
use crate::diagnostics::Diagnostics;
use crate::load::{self, RawContent};
use crate::model::Site;
use crate::model::pages::{self, PageKind};
use crate::render::{self, Fragments, Renderer};
use crate::urls as paths;
use crate::{validate, write};

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
        let before = Snapshot::of(&state.prepared.site, &in_model);
        let changes: Vec<(usize, crate::content::Study)> = in_model
            .iter()
            .zip(checked)
            .filter_map(|(&s, study)| Some((s, study?)))
            .collect();
        // What other pages show of each changed study, as it was.
        let mut was: BTreeMap<usize, Was> = BTreeMap::new();
        for (s, study) in &changes {
            let entry = &state.prepared.site.studies[*s];
            was.insert(
                *s,
                Was {
                    shown: state.fragments.take(*s),
                    terms: entry.terms.clone(),
                    totals: study.sample_size != entry.study.sample_size
                        || study.date_added != entry.study.date_added,
                    sorted: study.year != entry.study.year || study.title != entry.study.title,
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
        let mut changed: BTreeMap<usize, Seen> = BTreeMap::new();
        for (s, was) in was {
            let shown = match renderer.shown(s) {
                Ok(shown) => shown,
                Err(e) => {
                    drop(renderer);
                    self.state = None;
                    // Reporting an error always fails the rebuild.
                    let _ = build::report_render_errors(vec![e], diags);
                    return Err(Failure::Content);
                }
            };
            let terms = site.studies[s].terms != was.terms;
            changed.insert(
                s,
                Seen {
                    listed: terms || shown.item_differs(&was.shown),
                    briefed: terms || shown.brief_differs(&was.shown),
                    totals: terms || was.totals,
                    // The studies page's item is the list item with data
                    // that follows from the terms, year and title.
                    filtered: terms || was.sorted || shown.item_differs(&was.shown),
                },
            );
        }
        let newest = site.newest(crate::model::RECENT);
        let mut kinds: Vec<PageKind> = pages::page_kinds(site)
            .into_iter()
            .filter(|kind| before.is_dirty(site, &changed, &newest, kind))
            .collect();
        // The pages that show every study first: started last, the largest
        // would keep one core busy while the other waits.
        kinds.sort_by_key(|kind| {
            !matches!(
                kind,
                PageKind::Brief(None) | PageKind::Studies | PageKind::Home
            )
        });
        let dirty = pages::jobs(site, &kinds);
        let gone = before.pages_gone(site);
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

/// A changed study as it was before the save.
struct Was {
    shown: render::Shown,
    terms: BTreeMap<Vocabulary, Vec<usize>>,
    /// Whether its sample size or the day it was added changed: the home
    /// page's totals and newest studies.
    totals: bool,
    /// Whether its year or title changed: the studies page's order and
    /// range of years.
    sorted: bool,
}

/// What of a changed study other pages show differently after the save
/// (its terms changing counts for every one).
struct Seen {
    /// Its list item (terms, authors and cells pages, related studies) or
    /// the maps its terms are counted in.
    listed: bool,
    /// Its section of a brief, or a brief's map.
    briefed: bool,
    /// The home page's totals and map, or which studies are newest.
    totals: bool,
    /// Its item on the studies page, that page's order or its filter's
    /// counts.
    filtered: bool,
}

/// What the pages of the last build showed, to tell which pages a save
/// changes: the lists that held a changed study (a list that held none and
/// holds none now is the same list), every study's related studies, and
/// what the home page and briefs show of the whole map. Kept small: it is
/// taken on every save.
struct Snapshot {
    /// Every study's related studies one after the other, the `n`th's
    /// from `related_at[n]` to `related_at[n + 1]`.
    related: Vec<usize>,
    related_at: Vec<usize>,
    terms: BTreeMap<(Vocabulary, usize), Vec<usize>>,
    /// By slug: an author's index moves when another is added.
    authors: BTreeMap<String, (Vec<AuthorName>, Vec<usize>)>,
    author_count: usize,
    /// By map, row and column.
    cells: BTreeMap<(usize, usize, usize), Vec<usize>>,
    last_updated: String,
    newest: Vec<usize>,
}

impl Snapshot {
    /// The snapshot before studies `changed` (indices into the model) are
    /// updated.
    fn of(site: &Site, changed: &[usize]) -> Snapshot {
        let holds = |studies: &[usize]| studies.iter().any(|s| changed.contains(s));
        let mut related_at = Vec::with_capacity(site.studies.len() + 1);
        let mut related = Vec::new();
        for entry in &site.studies {
            related_at.push(related.len());
            related.extend_from_slice(&entry.related);
        }
        related_at.push(related.len());
        let mut terms = BTreeMap::new();
        for (&v, entries) in &site.vocabularies {
            for (t, term) in entries.iter().enumerate() {
                if holds(&term.studies) {
                    terms.insert((v, t), term.studies.clone());
                }
            }
        }
        let mut cells = BTreeMap::new();
        for (m, map) in site.maps.iter().enumerate() {
            for (r, row) in map.cells.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if holds(cell) {
                        cells.insert((m, r, c), cell.clone());
                    }
                }
            }
        }
        Snapshot {
            related,
            related_at,
            terms,
            authors: site
                .authors
                .iter()
                .filter(|a| holds(&a.studies))
                .map(|a| (a.slug.clone(), (a.names.clone(), a.studies.clone())))
                .collect(),
            author_count: site.authors.len(),
            cells,
            last_updated: site.last_updated.clone(),
            newest: site.newest(crate::model::RECENT),
        }
    }

    fn related(&self, s: usize) -> &[usize] {
        &self.related[self.related_at[s]..self.related_at[s + 1]]
    }

    /// Whether the pages of `kind` may differ from what the last build
    /// wrote, given what other pages show differently of each changed
    /// study (`changed`; its own pages always differ) and the studies the
    /// home page lists now (`newest`). The search page and free pages never
    /// show a study; lists of terms or authors show their numbers of
    /// studies.
    fn is_dirty(
        &self,
        site: &Site,
        changed: &BTreeMap<usize, Seen>,
        newest: &[usize],
        kind: &PageKind,
    ) -> bool {
        let any = |seen: fn(&Seen) -> bool| changed.values().any(seen);
        let shows = |studies: &[usize], seen: fn(&Seen) -> bool| {
            studies.iter().any(|s| changed.get(s).is_some_and(seen))
        };
        // A list not kept held no changed study: it changed if it holds
        // one now.
        let moved = |before: Option<&Vec<usize>>, now: &[usize]| match before {
            Some(before) => before != now,
            None => shows(now, |_| true),
        };
        let resized = |before: Option<&Vec<usize>>, now: &[usize]| match before {
            Some(before) => before.len() != now.len(),
            None => shows(now, |_| true),
        };
        let term = |v: Vocabulary, t: usize| self.terms.get(&(v, t));
        let author = |a: &crate::model::AuthorEntry| self.authors.get(&a.slug);
        let last_updated = self.last_updated != site.last_updated;
        match kind {
            PageKind::Home => {
                last_updated
                    || any(|c| c.totals)
                    || self.newest != newest
                    || shows(newest, |c| c.listed)
            }
            PageKind::Studies => any(|c| c.filtered),
            PageKind::Brief(None) => last_updated || any(|c| c.briefed),
            // Lists of terms or authors with their numbers of studies.
            PageKind::Vocabulary(v) => site
                .terms(*v)
                .iter()
                .enumerate()
                .any(|(t, now)| resized(term(*v, t), &now.studies)),
            PageKind::Authors => {
                site.authors.len() != self.author_count
                    || site.authors.iter().any(|a| match author(a) {
                        Some((names, studies)) => {
                            *names != a.names || studies.len() != a.studies.len()
                        }
                        None => shows(&a.studies, |_| true),
                    })
            }
            PageKind::Search | PageKind::Page(_) => false,
            PageKind::Study(s) => {
                let related = &site.studies[*s].related;
                changed.contains_key(s)
                    || self.related(*s) != related.as_slice()
                    || shows(related, |c| c.listed)
            }
            PageKind::Term(v, t) => {
                let studies = &site.terms(*v)[*t].studies;
                moved(term(*v, *t), studies) || shows(studies, |c| c.listed)
            }
            PageKind::Author(a) => {
                let now = &site.authors[*a];
                let names_moved = author(now).is_some_and(|(names, _)| *names != now.names);
                names_moved
                    || moved(author(now).map(|b| &b.1), &now.studies)
                    || shows(&now.studies, |c| c.listed)
            }
            PageKind::Cell(m, r, c) => {
                let studies = &site.maps[*m].cells[*r][*c];
                moved(self.cells.get(&(*m, *r, *c)), studies) || shows(studies, |c| c.listed)
            }
            PageKind::Brief(Some(t)) => {
                let studies = &site.terms(Vocabulary::Themes)[*t].studies;
                last_updated
                    || moved(term(Vocabulary::Themes, *t), studies)
                    || shows(studies, |c| c.briefed)
            }
        }
    }

    /// The pages the site had and no longer has, in every language: a
    /// map's cell that lost its last study, an author with no study left.
    /// (A study's change adds or removes no term, study or free page.)
    fn pages_gone(&self, site: &Site) -> Vec<String> {
        let gone: Vec<PageKind> = self
            .cells
            .iter()
            .filter(|&(&(m, r, c), before)| {
                !before.is_empty() && site.maps[m].cells[r][c].is_empty()
            })
            .map(|(&(m, r, c), _)| PageKind::Cell(m, r, c))
            .collect();
        let mut removed: Vec<String> = pages::jobs(site, &gone)
            .into_iter()
            .map(|job| job.path)
            .collect();
        let default = site.config.default_language;
        for slug in self.authors.keys() {
            // Authors are kept in the order of their slugs.
            if site
                .authors
                .binary_search_by(|a| a.slug.as_str().cmp(slug))
                .is_err()
            {
                for &lang in &site.config.languages {
                    removed.push(paths::in_lang(&paths::author(slug), lang, default));
                }
            }
        }
        removed
    }
}
