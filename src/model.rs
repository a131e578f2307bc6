//! The one site model every output reads: studies with their rendered
//! summaries, the terms of each vocabulary with the studies under them
//! (a region includes its sub-regions), authors joined across name forms,
//! related studies and the evidence matrices. Built once from validated
//! content; nothing downstream re-reads content/ or recounts what is here.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::content::{
    AuthorName, Content, Lang, Localized, MarkdownSource, Page, SiteConfig, Study, Vocabulary,
};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, H1, Rendered};

/// How many related studies a study page lists.
pub const RELATED: usize = 5;
/// Candidates examined per theme when ranking related studies: bounds the
/// work per study so the whole step stays linear in the number of studies.
pub const RELATED_WINDOW: usize = 64;

pub struct Site {
    pub config: SiteConfig,
    pub studies: Vec<StudyEntry>,
    pub vocabularies: BTreeMap<Vocabulary, Vec<TermEntry>>,
    pub authors: Vec<AuthorEntry>,
    pub pages: Vec<PageEntry>,
    /// The latest `date_updated` of any study: the map's "last updated".
    pub last_updated: String,
    /// The home page's evidence maps: themes against each of [`MAP_COLUMNS`].
    pub maps: Vec<Matrix>,
}

/// The dimensions the evidence map can show as columns, rows being themes.
pub const MAP_COLUMNS: [Vocabulary; 3] = [
    Vocabulary::Populations,
    Vocabulary::Regions,
    Vocabulary::Designs,
];

pub struct StudyEntry {
    /// The study as validated, less its summary's source text: the model
    /// holds the summary rendered.
    pub study: Study,
    /// Index into `Site::authors` for each author, in order.
    pub author_ids: Vec<usize>,
    /// Indices into `Site::vocabularies[v]` for each vocabulary.
    pub terms: BTreeMap<Vocabulary, Vec<usize>>,
    pub summary: Localized<Rendered>,
    pub related: Vec<usize>,
}

impl StudyEntry {
    /// Parts of the citation the source does not give.
    pub fn citation_incomplete(&self) -> bool {
        let s = &self.study;
        s.authors.is_empty() || s.year.is_none() || s.journal.is_none() || s.doi.is_none()
    }
}

pub struct TermEntry {
    pub slug: String,
    pub label: Localized<String>,
    pub description: Option<Localized<String>>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Studies tagged with this term or, for a region, any sub-region;
    /// sorted by study index.
    pub studies: Vec<usize>,
}

pub struct AuthorEntry {
    pub slug: String,
    /// Every name form used, most used first.
    pub names: Vec<AuthorName>,
    pub studies: Vec<usize>,
}

impl AuthorEntry {
    pub fn display_name(&self) -> String {
        display_name(&self.names[0])
    }
}

pub fn display_name(name: &AuthorName) -> String {
    match &name.given {
        Some(given) => format!("{given} {}", name.family),
        None => name.family.clone(),
    }
}

pub struct PageEntry {
    pub name: String,
    pub body: Localized<Rendered>,
}

/// A matrix of studies: `cells[row][column]` holds study indices.
pub struct Matrix {
    pub rows: Vocabulary,
    pub columns: Vocabulary,
    pub cells: Vec<Vec<Vec<usize>>>,
}

impl Site {
    pub fn terms(&self, vocabulary: Vocabulary) -> &[TermEntry] {
        self.vocabularies
            .get(&vocabulary)
            .map_or(&[], Vec::as_slice)
    }

    /// Themes against `columns`, over the given studies (all, or a term's).
    /// Walks the studies in scope once, so a small scope (an author's three
    /// studies) costs little, whatever the size of the site.
    pub fn matrix(&self, rows: Vocabulary, columns: Vocabulary, studies: &[usize]) -> Matrix {
        let mut cells = vec![vec![Vec::new(); self.terms(columns).len()]; self.terms(rows).len()];
        let mut scope = studies.to_vec();
        scope.sort_unstable();
        scope.dedup();
        let (mut row_terms, mut column_terms) = (Vec::new(), Vec::new());
        for s in scope {
            self.tag_with_ancestors(s, rows, &mut row_terms);
            self.tag_with_ancestors(s, columns, &mut column_terms);
            for &r in &row_terms {
                for &c in &column_terms {
                    cells[r][c].push(s);
                }
            }
        }
        Matrix {
            rows,
            columns,
            cells,
        }
    }

    /// The terms a study is tagged with in one vocabulary, and their parent
    /// terms (a study in a state counts for its country), each once.
    fn tagged_with_ancestors(&self, study: usize, vocabulary: Vocabulary) -> Vec<usize> {
        let mut out = Vec::new();
        self.tag_with_ancestors(study, vocabulary, &mut out);
        out
    }

    /// [`Site::tagged_with_ancestors`] into a buffer the caller reuses.
    fn tag_with_ancestors(&self, study: usize, vocabulary: Vocabulary, out: &mut Vec<usize>) {
        out.clear();
        let terms = self.terms(vocabulary);
        for &t in self.studies[study]
            .terms
            .get(&vocabulary)
            .into_iter()
            .flatten()
        {
            let mut next = Some(t);
            while let Some(term) = next {
                if out.contains(&term) {
                    break;
                }
                out.push(term);
                next = terms[term].parent;
            }
        }
    }

    pub fn study_index(&self, id: &str) -> Option<usize> {
        self.studies
            .binary_search_by(|s| s.study.id.as_str().cmp(id))
            .ok()
    }
}

/// Builds the site model. Markdown is rendered here, in parallel, so every
/// output shares one rendering of each summary.
pub fn build_site(content: Content, diags: &mut Diagnostics) -> Site {
    let Content {
        site: config,
        taxonomies,
        mut studies,
        pages,
        ..
    } = content;
    studies.sort_by(|a, b| a.id.cmp(&b.id));

    // Each source goes as soon as its summary is rendered, so that the
    // sources and the rendered summaries are never all held at once.
    let rendered: Vec<(Localized<Rendered>, Diagnostics)> = studies
        .par_iter_mut()
        .map(|s| {
            let rendered = render_pair(&s.summary, "summary-", H1::Forbidden);
            forget_source(s);
            rendered
        })
        .collect();
    let page_bodies: Vec<(Localized<Rendered>, Diagnostics)> = pages
        .par_iter()
        .map(|p: &Page| render_pair(&p.source, "", H1::IsTitle))
        .collect();

    // Vocabulary terms, without their studies yet.
    let vocabularies: BTreeMap<Vocabulary, Vec<TermEntry>> = Vocabulary::ALL
        .iter()
        .map(|&vocabulary| {
            let terms = taxonomies.terms(vocabulary);
            let index: BTreeMap<&str, usize> = terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.as_str(), i))
                .collect();
            let mut entries: Vec<TermEntry> = terms
                .iter()
                .map(|t| TermEntry {
                    slug: t.slug.clone(),
                    label: t.label.clone(),
                    description: t.description.clone(),
                    parent: t.parent.as_deref().and_then(|p| index.get(p).copied()),
                    children: Vec::new(),
                    studies: Vec::new(),
                })
                .collect();
            for i in 0..entries.len() {
                if let Some(p) = entries[i].parent {
                    entries[p].children.push(i);
                }
            }
            (vocabulary, entries)
        })
        .collect();

    let mut entries: Vec<StudyEntry> = Vec::with_capacity(studies.len());
    for (study, (summary, d)) in studies.into_iter().zip(rendered) {
        diags.extend(d);
        entries.push(StudyEntry {
            study,
            author_ids: Vec::new(),
            terms: BTreeMap::new(),
            summary,
            related: Vec::new(),
        });
    }

    let pages = pages
        .into_iter()
        .zip(page_bodies)
        .map(|(page, (body, d))| {
            diags.extend(d);
            PageEntry {
                name: page.name,
                body,
            }
        })
        .collect();

    let mut site = Site {
        config,
        studies: entries,
        vocabularies,
        authors: Vec::new(),
        pages,
        last_updated: String::new(),
        maps: Vec::new(),
    };
    site.index();
    site
}

impl Site {
    /// Puts new versions of studies in place of the old ones, with the
    /// same ids, and updates what links them: the summaries of these
    /// studies alone are rendered, and only the lists they were or are in
    /// change. What [`Site::index`] would derive from all the studies, for a
    /// fraction of its time (`gapmap serve`, after a save). Returns what
    /// rendering the summaries reported.
    pub fn update_studies(&mut self, changes: Vec<(usize, Study)>) -> Diagnostics {
        let changed: Vec<usize> = changes.iter().map(|(s, _)| *s).collect();
        // What the related lists read, before and after.
        let ranked = |site: &Site, s: usize| -> Vec<Vec<usize>> {
            ranking_terms(&site.studies[s])
                .map(<[usize]>::to_vec)
                .to_vec()
        };
        let old_ranked: Vec<Vec<Vec<usize>>> = changed.iter().map(|&s| ranked(self, s)).collect();
        let old_authors: Vec<Vec<AuthorName>> = changed
            .iter()
            .map(|&s| self.studies[s].study.authors.clone())
            .collect();
        // Studies whose related lists may change: those near a changed study
        // in a theme's list, before the change and after it.
        let mut near: BTreeSet<usize> = BTreeSet::new();
        self.studies_near(&changed, &mut near);
        for &s in &changed {
            self.tag(s, false);
        }

        let mut diags = Diagnostics::default();
        for (s, mut study) in changes {
            let (summary, d) = render_pair(&study.summary, "summary-", H1::Forbidden);
            diags.extend(d);
            forget_source(&mut study);
            let terms = self.term_ids(&study);
            let entry = &mut self.studies[s];
            entry.study = study;
            entry.summary = summary;
            entry.terms = terms;
            self.tag(s, true);
        }

        let authors_same = changed
            .iter()
            .zip(&old_authors)
            .all(|(&s, old)| self.studies[s].study.authors == *old);
        if !authors_same {
            self.index_authors();
        }
        self.last_updated = self.latest_update();
        let ranking_same = changed
            .iter()
            .zip(&old_ranked)
            .all(|(&s, old)| ranked(self, s) == *old);
        if !ranking_same {
            self.studies_near(&changed, &mut near);
            near.extend(&changed);
            let ranking: Vec<_> = self.studies.iter().map(ranking_terms).collect();
            let related: Vec<(usize, Vec<usize>)> = near
                .into_par_iter()
                .map(|s| (s, related_studies(&ranking, &self.vocabularies, s)))
                .collect();
            for (s, related) in related {
                self.studies[s].related = related;
            }
        }
        diags
    }

    /// The latest `date_updated` of any study.
    fn latest_update(&self) -> String {
        self.studies
            .iter()
            .map(|s| &s.study.date_updated)
            .max()
            .cloned()
            .unwrap_or_default()
    }

    /// Adds to `near` every study whose window of related candidates holds,
    /// or may come to hold, one of `studies`: those within a window (and
    /// one more for each change) of it in its themes' lists.
    fn studies_near(&self, studies: &[usize], near: &mut BTreeSet<usize>) {
        let reach = RELATED_WINDOW + 1 + studies.len();
        let themes = self.terms(Vocabulary::Themes);
        for &s in studies {
            for &t in &self.studies[s].terms[&Vocabulary::Themes] {
                let list = &themes[t].studies;
                let at = list.binary_search(&s).unwrap_or_else(|i| i);
                let start = at.saturating_sub(reach);
                let end = (at + reach + 1).min(list.len());
                near.extend(&list[start..end]);
            }
        }
    }

    /// Adds study `s` to, or takes it out of, the lists of its terms (with
    /// their ancestors) and of the maps' cells.
    fn tag(&mut self, s: usize, add: bool) {
        let put = |list: &mut Vec<usize>| match (list.binary_search(&s), add) {
            (Err(i), true) => list.insert(i, s),
            (Ok(i), false) => {
                list.remove(i);
            }
            _ => {}
        };
        for v in Vocabulary::ALL {
            for t in self.tagged_with_ancestors(s, v) {
                if let Some(terms) = self.vocabularies.get_mut(&v) {
                    put(&mut terms[t].studies);
                }
            }
        }
        for m in 0..self.maps.len() {
            let (rows, columns) = (self.maps[m].rows, self.maps[m].columns);
            let row_terms = self.tagged_with_ancestors(s, rows);
            let column_terms = self.tagged_with_ancestors(s, columns);
            for &r in &row_terms {
                for &c in &column_terms {
                    put(&mut self.maps[m].cells[r][c]);
                }
            }
        }
    }

    /// Authors, joined by id when given, by name otherwise, and each
    /// study's authors among them.
    fn index_authors(&mut self) {
        let mut author_slugs: BTreeMap<String, Vec<(usize, &AuthorName)>> = BTreeMap::new();
        for (s, entry) in self.studies.iter().enumerate() {
            for name in &entry.study.authors {
                author_slugs
                    .entry(author_key(name))
                    .or_default()
                    .push((s, name));
            }
        }
        let authors: Vec<AuthorEntry> = author_slugs
            .into_iter()
            .map(|(slug, uses)| {
                let mut counts: Vec<(AuthorName, usize)> = Vec::new();
                for (_, name) in &uses {
                    match counts
                        .iter_mut()
                        .find(|(n, _)| n.family == name.family && n.given == name.given)
                    {
                        Some((_, c)) => *c += 1,
                        None => counts.push(((*name).clone(), 1)),
                    }
                }
                counts.sort_by_key(|c| std::cmp::Reverse(c.1));
                let mut studies: Vec<usize> = uses.iter().map(|(s, _)| *s).collect();
                studies.dedup();
                AuthorEntry {
                    slug,
                    names: counts.into_iter().map(|(n, _)| n).collect(),
                    studies,
                }
            })
            .collect();
        let author_index: BTreeMap<&str, usize> = authors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.slug.as_str(), i))
            .collect();
        let ids: Vec<Vec<usize>> = self
            .studies
            .iter()
            .map(|entry| {
                entry
                    .study
                    .authors
                    .iter()
                    .map(|name| author_index[author_key(name).as_str()])
                    .collect()
            })
            .collect();
        drop(author_index);
        self.authors = authors;
        for (entry, ids) in self.studies.iter_mut().zip(ids) {
            entry.author_ids = ids;
        }
    }

    /// A study's terms in each vocabulary, as indices into its terms.
    fn term_ids(&self, study: &Study) -> BTreeMap<Vocabulary, Vec<usize>> {
        Vocabulary::ALL
            .iter()
            .map(|v| {
                let list = &self.vocabularies[v];
                let ids = study
                    .slugs(*v)
                    .iter()
                    .filter_map(|slug| list.iter().position(|t| t.slug == *slug))
                    .collect();
                (*v, ids)
            })
            .collect()
    }

    /// Derives, from the studies alone, everything the model links them
    /// by: each term's studies, authors, each study's terms and related
    /// studies, the last update and the maps. A build runs it once; `gapmap
    /// serve` patches the same links with [`Site::update_studies`].
    pub fn index(&mut self) {
        let studies: Vec<&Study> = self.studies.iter().map(|e| &e.study).collect();
        for (&vocabulary, entries) in self.vocabularies.iter_mut() {
            let index: BTreeMap<String, usize> = entries
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.clone(), i))
                .collect();
            for entry in entries.iter_mut() {
                entry.studies.clear();
            }
            for (s, study) in studies.iter().enumerate() {
                for slug in study.slugs(vocabulary) {
                    // A study counts once under each ancestor region.
                    let mut at = index.get(slug.as_str()).copied();
                    while let Some(t) = at {
                        if entries[t].studies.last() != Some(&s) {
                            entries[t].studies.push(s);
                        }
                        at = entries[t].parent;
                    }
                }
            }
            for entry in entries.iter_mut() {
                entry.studies.sort_unstable();
                entry.studies.dedup();
            }
        }

        self.index_authors();
        self.last_updated = self.latest_update();
        let terms: Vec<BTreeMap<Vocabulary, Vec<usize>>> = self
            .studies
            .iter()
            .map(|e| self.term_ids(&e.study))
            .collect();
        for (entry, terms) in self.studies.iter_mut().zip(terms) {
            entry.terms = terms;
        }
        let ranking: Vec<_> = self.studies.iter().map(ranking_terms).collect();
        let related: Vec<Vec<usize>> = (0..self.studies.len())
            .into_par_iter()
            .map(|s| related_studies(&ranking, &self.vocabularies, s))
            .collect();
        for (entry, related) in self.studies.iter_mut().zip(related) {
            entry.related = related;
        }
        let all: Vec<usize> = (0..self.studies.len()).collect();
        self.maps = MAP_COLUMNS
            .iter()
            .map(|&columns| self.matrix(Vocabulary::Themes, columns, &all))
            .collect();
    }
}

/// Lets a study's summary source go once it is rendered: the model holds
/// the summary rendered and never reads the source again.
fn forget_source(study: &mut Study) {
    study.summary.en.text = "".into();
    if let Some(zh) = &mut study.summary.zh {
        zh.text = "".into();
    }
}

/// What joins an author's studies: the id when given, the name otherwise.
/// It names the author's page; validation checks it can.
pub fn author_key(name: &AuthorName) -> String {
    name.id
        .clone()
        .unwrap_or_else(|| slug::slugify(display_name(name)))
}

/// Renders a document in each of its languages. What rendering says comes
/// with the text of each file it speaks about, to quote it: a build lets
/// every other file's text go once it is checked.
fn render_pair(
    source: &Localized<MarkdownSource>,
    prefix: &str,
    h1: H1,
) -> (Localized<Rendered>, Diagnostics) {
    let mut said = Diagnostics::default();
    let mut render = |document: &MarkdownSource| {
        let (rendered, found) = markdown::render(document, prefix, h1);
        if !found.is_empty() {
            said.add_source(&document.file, document.text.clone());
        }
        for diagnostic in found {
            said.push(diagnostic);
        }
        rendered
    };
    let en = render(&source.en);
    let zh = source.zh.as_ref().map(render);
    (Localized { en, zh }, said)
}

/// What related studies are ranked by, most weighty first.
const RANKED_BY: [Vocabulary; 3] = [
    Vocabulary::Themes,
    Vocabulary::Populations,
    Vocabulary::Regions,
];

/// A study's terms in each of [`RANKED_BY`]: looked up once per study
/// when many are ranked, not once for each time it is a candidate.
fn ranking_terms(entry: &StudyEntry) -> [&[usize]; 3] {
    RANKED_BY.map(|v| entry.terms[&v].as_slice())
}

/// Studies ranked by shared themes, then shared populations, then shared
/// regions; ties by id. Candidates come from the study's themes' lists, a
/// bounded window around the study in each, so the work per study is fixed.
/// `ranking` holds every study's [`ranking_terms`].
fn related_studies(
    ranking: &[[&[usize]; 3]],
    vocabularies: &BTreeMap<Vocabulary, Vec<TermEntry>>,
    s: usize,
) -> Vec<usize> {
    let mine = ranking[s];
    let theme_lists = &vocabularies[&Vocabulary::Themes];
    let mut candidates: Vec<usize> = Vec::with_capacity(RELATED_WINDOW * mine[0].len());
    for &t in mine[0] {
        let list = &theme_lists[t].studies;
        let at = list.binary_search(&s).unwrap_or_else(|i| i);
        let start = at.saturating_sub(RELATED_WINDOW / 2);
        let end = (start + RELATED_WINDOW).min(list.len());
        candidates.extend(list[start..end].iter().copied().filter(|&c| c != s));
    }
    candidates.sort_unstable();
    candidates.dedup();
    // Most shared first, then by id: a total order, so picking the first
    // few before sorting them gives the same few as sorting every one.
    let mut scored: Vec<(std::cmp::Reverse<[usize; 3]>, usize)> = candidates
        .into_iter()
        .map(|c| {
            let theirs = ranking[c];
            let shared =
                std::array::from_fn(|k| theirs[k].iter().filter(|t| mine[k].contains(t)).count());
            (std::cmp::Reverse(shared), c)
        })
        .collect();
    if scored.len() > RELATED {
        scored.select_nth_unstable(RELATED - 1);
        scored.truncate(RELATED);
    }
    scored.sort_unstable();
    // Not collected from `scored` itself: that would reuse its allocation,
    // sized for every candidate, and keep it for the life of the model.
    let mut related = Vec::with_capacity(RELATED);
    related.extend(scored.into_iter().map(|(_, c)| c));
    related
}

/// The site-relative path of each kind of page, for the default language;
/// [`in_lang`] puts a path under the language's folder.
pub mod paths {
    use crate::content::{Lang, Vocabulary};

    pub fn home() -> String {
        "index.html".into()
    }

    pub fn studies() -> String {
        "studies/index.html".into()
    }

    pub fn study(id: &str) -> String {
        ["studies/", id, "/index.html"].concat()
    }

    pub fn vocabulary(v: Vocabulary) -> String {
        [v.key(), "/index.html"].concat()
    }

    pub fn term(v: Vocabulary, slug: &str) -> String {
        [v.key(), "/", slug, "/index.html"].concat()
    }

    pub fn authors() -> String {
        "authors/index.html".into()
    }

    pub fn author(slug: &str) -> String {
        ["authors/", slug, "/index.html"].concat()
    }

    /// The studies of one cell of the evidence map.
    pub fn cell(row_slug: &str, columns: Vocabulary, column_slug: &str) -> String {
        [
            "map/",
            row_slug,
            "/",
            columns.key(),
            "/",
            column_slug,
            "/index.html",
        ]
        .concat()
    }

    /// The printable evidence brief of the whole map.
    pub fn brief() -> String {
        "brief/index.html".into()
    }

    /// The printable evidence brief of one theme.
    pub fn theme_brief(slug: &str) -> String {
        ["themes/", slug, "/brief/index.html"].concat()
    }

    pub fn search() -> String {
        "search/index.html".into()
    }

    pub fn page(name: &str) -> String {
        [name, "/index.html"].concat()
    }

    /// The folder a language's pages live under: none for the default
    /// language, which lives at the root, else its code.
    pub fn lang_folder(lang: Lang, default: Lang) -> Option<&'static str> {
        (lang != default).then(|| lang.code())
    }

    /// `path` in `lang`, under [`lang_folder`].
    pub fn in_lang(path: &str, lang: Lang, default: Lang) -> String {
        match lang_folder(lang, default) {
            None => path.to_string(),
            Some(code) => [code, "/", path].concat(),
        }
    }

    /// The inverse of [`in_lang`]: a page's path in the default language.
    pub fn without_lang(path: &str, lang: Lang, default: Lang) -> String {
        match lang_folder(lang, default) {
            None => path.to_string(),
            Some(code) => path
                .strip_prefix(code)
                .and_then(|rest| rest.strip_prefix('/'))
                .unwrap_or(path)
                .to_string(),
        }
    }

    /// `../` once per folder between `path` and the site root.
    pub fn to_root(path: &str) -> String {
        "../".repeat(path.matches('/').count())
    }
}

/// Which text a reader of `lang` sees, and whether it is the English
/// fallback.
pub fn text_in<T: Clone>(value: &Localized<T>, lang: Lang) -> (T, bool) {
    let (text, fallback) = value.get(lang);
    (text.clone(), fallback)
}
