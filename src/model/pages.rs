//! The page inventory: every page a site has, what each shows (its kind)
//! and where it lives in each language. A build renders all of them; every
//! other output that lists pages (the sitemap, `gapmap serve`) reads the
//! same list.

use super::Site;
use crate::content::{Lang, Vocabulary};
use crate::urls;

/// One page to render: what it shows, in which language, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageJob {
    pub kind: PageKind,
    pub lang: Lang,
    /// Path under the output folder, `/`-separated.
    pub path: String,
    /// The same page's path in the default language: what the language
    /// switch and the alternates of every language are made from.
    pub default_path: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// A declared map after the first (the first is the home page's).
    Map(usize),
    /// A page of the studies list, from 0 ([`STUDIES_PER_PAGE`] studies
    /// each; [`studies_pages`] of them).
    Studies(usize),
    Study(usize),
    Vocabulary(Vocabulary),
    Term(Vocabulary, usize),
    Authors,
    Author(usize),
    Search,
    Page(usize),
    /// One non-empty cell of a map: `(matrix of [`Site::maps`], row,
    /// column)`.
    Cell(usize, usize, usize),
    /// The printable evidence brief of the whole map, or of one of the
    /// first map's rows.
    Brief(Option<usize>),
    /// The page a host serves for a missing path (`404.html`, and
    /// `zh/404.html`), at that path: kept out of the sitemap.
    NotFound,
}

impl PageKind {
    /// The path in the default language.
    pub fn path(&self, site: &Site) -> String {
        match self {
            PageKind::Home => urls::home(),
            PageKind::Map(m) => urls::map(&site.map_defs()[*m].key),
            PageKind::Studies(p) => urls::studies_page(*p),
            PageKind::Study(s) => urls::study(&site.studies[*s].study.id),
            PageKind::Vocabulary(v) => urls::vocabulary(&site.vocabulary(*v).key),
            PageKind::Term(v, t) => urls::term(&site.vocabulary(*v).key, &site.terms(*v)[*t].slug),
            PageKind::Authors => urls::authors(),
            PageKind::Author(a) => urls::author(&site.authors[*a].slug),
            PageKind::Search => urls::search(),
            PageKind::Page(p) => urls::page(&site.pages[*p].name),
            PageKind::Brief(None) => urls::brief(),
            PageKind::NotFound => "404.html".to_string(),
            PageKind::Brief(Some(t)) => {
                let rows = site.rows();
                urls::term_brief(&site.vocabulary(rows).key, &site.terms(rows)[*t].slug)
            }
            PageKind::Cell(m, r, c) => {
                let matrix = &site.maps[*m];
                let declared = site.map_of_matrix(*m);
                urls::cell(
                    (declared > 0).then(|| site.map_defs()[declared].key.as_str()),
                    &site.terms(matrix.rows)[*r].slug,
                    &site.vocabulary(matrix.columns).key,
                    &site.terms(matrix.columns)[*c].slug,
                )
            }
        }
    }
}

/// Every page of the site, in every language, in a stable order: each
/// page in all its languages, one after the other.
pub fn site_pages(site: &Site) -> Vec<PageJob> {
    jobs(site, &page_kinds(site))
}

/// Every page of the site, once (its languages are [`jobs`]).
pub fn page_kinds(site: &Site) -> Vec<PageKind> {
    let mut kinds = vec![
        PageKind::Home,
        PageKind::Studies(0),
        PageKind::Authors,
        PageKind::Search,
    ];
    kinds.extend((1..studies_pages(site)).map(PageKind::Studies));
    kinds.extend((1..site.map_defs().len()).map(PageKind::Map));
    kinds.extend((0..site.studies.len()).map(PageKind::Study));
    for v in site.vocabulary_ids() {
        kinds.push(PageKind::Vocabulary(v));
        kinds.extend((0..site.terms(v).len()).map(|t| PageKind::Term(v, t)));
    }
    kinds.extend((0..site.authors.len()).map(PageKind::Author));
    kinds.extend((0..site.pages.len()).map(PageKind::Page));
    kinds.push(PageKind::Brief(None));
    kinds.push(PageKind::NotFound);
    kinds.extend((0..site.terms(site.rows()).len()).map(|t| PageKind::Brief(Some(t))));
    for (m, map) in site.maps.iter().enumerate() {
        kinds.extend(map.filled().map(|(r, c, _)| PageKind::Cell(m, r, c)));
    }
    kinds
}

/// How many studies a page of the studies list shows. A hundred items
/// make about 90 KB of HTML (12 KB compressed): quick to load and read on a
/// phone whatever the map's size, well inside the first view's budget, and
/// as many as the filter script shows before "show more".
pub const STUDIES_PER_PAGE: usize = 100;

/// How many pages the studies list has: one at least, which says when
/// there is no study.
pub fn studies_pages(site: &Site) -> usize {
    site.studies.len().div_ceil(STUDIES_PER_PAGE).max(1)
}

/// The studies page `p` (from 0) of the list shows in `lang`, in the
/// list's order.
pub fn studies_on_page(site: &Site, lang: Lang, p: usize) -> Vec<usize> {
    let order = site.studies_in_list_order(lang);
    let start = (p * STUDIES_PER_PAGE).min(order.len());
    let end = (start + STUDIES_PER_PAGE).min(order.len());
    order[start..end].to_vec()
}

/// How many studies of each row the whole map's brief shows once some row
/// has more: a map of any size prints as a brief, with the rest a link
/// away.
pub const BRIEF_PER_ROW: usize = 5;

/// How many studies a row's own brief shows, at most.
pub const ROW_BRIEF_STUDIES: usize = 20;

/// What a brief shows of its studies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BriefStudies {
    /// Every study's section, in the order given (no row has more than
    /// the brief shows of one).
    Every(Vec<usize>),
    /// The newest sections, for a row brief with more studies than it
    /// shows: `(shown, of how many)`.
    Newest(Vec<usize>, usize),
    /// Each row (a term of the first map's rows with a study, in order)
    /// with its newest studies and how many it has.
    ByRow(Vec<(usize, Vec<usize>, usize)>),
}

/// What the brief of the whole map (`row_term` none) or of one of its rows
/// shows of `studies`, the studies it covers.
pub fn brief_studies(site: &Site, studies: &[usize], row_term: Option<usize>) -> BriefStudies {
    let rows = site.terms(site.rows());
    match row_term {
        Some(_) if studies.len() > ROW_BRIEF_STUDIES => BriefStudies::Newest(
            site.latest_published(studies, ROW_BRIEF_STUDIES),
            studies.len(),
        ),
        None if rows.iter().any(|t| t.studies.len() > BRIEF_PER_ROW) => BriefStudies::ByRow(
            rows.iter()
                .enumerate()
                .filter(|(_, t)| !t.studies.is_empty())
                .map(|(r, t)| {
                    let newest = site.latest_published(&t.studies, BRIEF_PER_ROW);
                    (r, newest, t.studies.len())
                })
                .collect(),
        ),
        _ => BriefStudies::Every(studies.to_vec()),
    }
}

/// Each page of `kinds` in every language, in the same order: each page
/// in all its languages, one after the other.
pub fn jobs(site: &Site, kinds: &[PageKind]) -> Vec<PageJob> {
    let default = site.config.default_language;
    let mut jobs = Vec::with_capacity(kinds.len() * site.config.languages.len());
    // A page's languages side by side: what they share (a study's
    // citations) is made once and let go at once.
    for kind in kinds {
        let default_path = kind.path(site);
        for &lang in &site.config.languages {
            jobs.push(PageJob {
                kind: kind.clone(),
                lang,
                path: urls::in_lang(&default_path, lang, default),
                default_path: default_path.clone(),
            });
        }
    }
    jobs
}

/// What of one study a page shows when it lists or counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    /// Its list item (`partials/study_item.html`).
    ListItem,
    /// Its item on the studies page: the list item with the filter's data.
    FilterItem,
    /// Its section of a brief (`partials/brief_study.html`).
    BriefSection,
    /// Its terms, as counted in a matrix or a vocabulary's numbers.
    Terms,
    /// Its authors, as an author page names them.
    Authors,
}

/// What a page shows of the whole map rather than of the studies it lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// The map's last update ([`Site::last_updated`]).
    LastUpdated,
    /// [`Site::totals`].
    Totals,
    /// The home page's maps, which follow from every study's terms.
    Maps,
    /// The studies list's order and its range of years.
    ListOrder,
    /// Every term's number of studies.
    TermCounts,
    /// Which terms some study uses: the rows and columns a matrix shows.
    TermsInUse,
    /// Every author's names and number of studies.
    Authors,
    /// The count steps of the matrices' shades ([`Site::heat_steps`]).
    HeatSteps,
}

/// Which studies a page lists or counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope<'s> {
    None,
    Every,
    Only(std::borrow::Cow<'s, [usize]>),
}

impl Scope<'_> {
    pub fn contains(&self, s: usize) -> bool {
        match self {
            Scope::None => false,
            Scope::Every => true,
            Scope::Only(list) => list.contains(&s),
        }
    }
}

/// What a page shows of the model: the studies it lists or counts, what it
/// shows of each, and the facts of the whole map it shows. Rendering takes
/// a page's lists from here, and `gapmap serve` tells from it which pages a
/// save can change, so the two cannot disagree about what a page shows.
#[derive(Debug, Clone)]
pub struct Shows<'s> {
    pub studies: Scope<'s>,
    pub of_each: &'static [Aspect],
    pub facts: &'static [Fact],
}

impl PageKind {
    /// What the page shows of the model (see [`Shows`]). A study's own page
    /// shows everything about it, and its related studies' list items.
    pub fn shows<'s>(&self, site: &'s Site) -> Shows<'s> {
        use std::borrow::Cow;
        let only = |list: &'s [usize]| Scope::Only(Cow::Borrowed(list));
        let (studies, of_each, facts): (Scope, &[Aspect], &[Fact]) = match self {
            PageKind::Home => (
                Scope::Only(Cow::Owned(site.newest(super::RECENT))),
                &[Aspect::ListItem],
                &[
                    Fact::LastUpdated,
                    Fact::Totals,
                    Fact::Maps,
                    Fact::TermsInUse,
                    Fact::HeatSteps,
                ],
            ),
            PageKind::Map(_) => (
                Scope::None,
                &[],
                &[Fact::Maps, Fact::TermsInUse, Fact::HeatSteps],
            ),
            // Which studies a page of the list shows follows from every
            // study's place in the list's order, and its filter counts all.
            PageKind::Studies(_) => (
                Scope::Every,
                &[Aspect::FilterItem],
                &[Fact::ListOrder, Fact::TermCounts],
            ),
            PageKind::Study(s) => (only(&site.studies[*s].related), &[Aspect::ListItem], &[]),
            PageKind::Vocabulary(_) => (Scope::None, &[], &[Fact::TermCounts]),
            PageKind::Term(v, t) => (
                only(&site.terms(*v)[*t].studies),
                &[Aspect::ListItem, Aspect::Terms],
                &[Fact::TermsInUse, Fact::HeatSteps],
            ),
            PageKind::Authors => (Scope::None, &[], &[Fact::Authors]),
            PageKind::Author(a) => (
                only(&site.authors[*a].studies),
                &[Aspect::ListItem, Aspect::Terms, Aspect::Authors],
                &[Fact::TermsInUse, Fact::HeatSteps],
            ),
            PageKind::Search | PageKind::Page(_) | PageKind::NotFound => (Scope::None, &[], &[]),
            // A cell of a map with a segment groups its studies by their
            // terms of it.
            PageKind::Cell(m, r, c) => (
                only(site.maps[*m].cell(*r, *c)),
                &[Aspect::ListItem, Aspect::Terms],
                &[],
            ),
            // Which studies a brief shows of a long row follows from
            // their years, which their list items and sections show.
            PageKind::Brief(None) => (
                Scope::Every,
                &[Aspect::BriefSection, Aspect::ListItem, Aspect::Terms],
                &[Fact::LastUpdated, Fact::TermsInUse, Fact::HeatSteps],
            ),
            PageKind::Brief(Some(t)) => (
                only(&site.terms(site.rows())[*t].studies),
                &[Aspect::BriefSection, Aspect::Terms],
                &[Fact::LastUpdated, Fact::TermsInUse, Fact::HeatSteps],
            ),
        };
        Shows {
            studies,
            of_each,
            facts,
        }
    }
}

impl Scope<'_> {
    /// The studies in scope, in the order the page lists them.
    pub fn studies(&self, site: &Site) -> std::borrow::Cow<'_, [usize]> {
        use std::borrow::Cow;
        match self {
            Scope::None => Cow::Borrowed(&[]),
            Scope::Every => Cow::Owned((0..site.studies.len()).collect()),
            Scope::Only(list) => Cow::Borrowed(list.as_ref()),
        }
    }
}
