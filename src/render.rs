//! Rendering is pure: (Site, page, language) → bytes. This module lists the
//! pages a site has ([`site_pages`]) and turns one into HTML through the
//! theme's templates, building a small serialisable view of the model for
//! each; it never touches the file system.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::citation;
use crate::content::{Lang, Localized, Vocabulary};
use crate::export;
use crate::highlight;
use crate::model::{Matrix, Site, display_name, paths};
use crate::theme::{Theme, template_error};

/// One page to render: what it shows, in which language, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageJob {
    pub kind: PageKind,
    pub lang: Lang,
    /// Path under the output folder, `/`-separated.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Studies,
    Study(usize),
    Vocabulary(Vocabulary),
    Term(Vocabulary, usize),
    Authors,
    Author(usize),
    Search,
    Page(usize),
    /// One non-empty cell of the home map: `(map, row, column)`.
    Cell(usize, usize, usize),
    /// The printable evidence brief of the whole map, or of one theme.
    Brief(Option<usize>),
}

impl PageKind {
    /// The path in the default language.
    pub fn path(&self, site: &Site) -> String {
        match self {
            PageKind::Home => paths::home(),
            PageKind::Studies => paths::studies(),
            PageKind::Study(s) => paths::study(&site.studies[*s].study.id),
            PageKind::Vocabulary(v) => paths::vocabulary(*v),
            PageKind::Term(v, t) => paths::term(*v, &site.terms(*v)[*t].slug),
            PageKind::Authors => paths::authors(),
            PageKind::Author(a) => paths::author(&site.authors[*a].slug),
            PageKind::Search => paths::search(),
            PageKind::Page(p) => paths::page(&site.pages[*p].name),
            PageKind::Brief(None) => paths::brief(),
            PageKind::Brief(Some(t)) => {
                paths::theme_brief(&site.terms(Vocabulary::Themes)[*t].slug)
            }
            PageKind::Cell(m, r, c) => {
                let map = &site.maps[*m];
                paths::cell(
                    &site.terms(map.rows)[*r].slug,
                    map.columns,
                    &site.terms(map.columns)[*c].slug,
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
        PageKind::Studies,
        PageKind::Authors,
        PageKind::Search,
    ];
    kinds.extend((0..site.studies.len()).map(PageKind::Study));
    for v in Vocabulary::ALL {
        kinds.push(PageKind::Vocabulary(v));
        kinds.extend((0..site.terms(v).len()).map(|t| PageKind::Term(v, t)));
    }
    kinds.extend((0..site.authors.len()).map(PageKind::Author));
    kinds.extend((0..site.pages.len()).map(PageKind::Page));
    kinds.push(PageKind::Brief(None));
    kinds.extend((0..site.terms(Vocabulary::Themes).len()).map(|t| PageKind::Brief(Some(t))));
    for (m, map) in site.maps.iter().enumerate() {
        for (r, row) in map.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    kinds.push(PageKind::Cell(m, r, c));
                }
            }
        }
    }
    kinds
}

/// Each page of `kinds` in every language, in the same order: each page
/// in all its languages, one after the other.
pub fn jobs(site: &Site, kinds: &[PageKind]) -> Vec<PageJob> {
    let default = site.config.default_language;
    let mut jobs = Vec::with_capacity(kinds.len() * site.config.languages.len());
    // A page's languages side by side: what they share (a study's
    // citations) is made once and let go at once.
    for kind in kinds {
        for &lang in &site.config.languages {
            let path = paths::in_lang(&kind.path(site), lang, default);
            jobs.push(PageJob {
                kind: kind.clone(),
                lang,
                path,
            });
        }
    }
    jobs
}

/// The studies the home page lists: the five added last, newest first.
pub fn newest(site: &Site) -> Vec<usize> {
    let newest_first = |a: &usize, b: &usize| {
        site.studies[*b]
            .study
            .date_added
            .cmp(&site.studies[*a].study.date_added)
            .then(a.cmp(b))
    };
    // A total order: picking the five before sorting them (rather than
    // sorting every study) gives the same five.
    let mut recent: Vec<usize> = (0..site.studies.len()).collect();
    if recent.len() > RECENT {
        recent.select_nth_unstable_by(RECENT - 1, newest_first);
        recent.truncate(RECENT);
    }
    recent.sort_by(newest_first);
    recent
}

/// The menu's items: the map, the lists and search, and the about page
/// when the site has one (UI string key, page path).
fn nav_items(site: &Site) -> Vec<(&'static str, String)> {
    let mut items = vec![
        ("map", paths::home()),
        ("studies", paths::studies()),
        ("themes", paths::vocabulary(Vocabulary::Themes)),
        ("regions", paths::vocabulary(Vocabulary::Regions)),
        ("search", paths::search()),
    ];
    if site.pages.iter().any(|p| p.name == "about") {
        items.push(("about", paths::page("about")));
    }
    items
}

/// The URL query key of a vocabulary's filter: singular, as in
/// `?theme=self-care&population=youth`.
fn facet_key(v: Vocabulary) -> &'static str {
    v.singular()
}

/// Files every site has besides its pages: the generated stylesheet for
/// highlighted code.
pub fn generated_assets() -> Vec<(String, Vec<u8>)> {
    vec![(
        "assets/highlight.css".to_string(),
        highlight::stylesheet().into_bytes(),
    )]
}

/// How many of the studies added last the home page lists.
const RECENT: usize = 5;
/// The template of one study in a list.
const STUDY_ITEM: &str = "partials/study_item.html";
/// The template of one study in a brief.
const BRIEF_STUDY: &str = "partials/brief_study.html";

/// Which rows of a matrix a page shows.
#[derive(Clone, Copy)]
enum Rows {
    All,
    WithStudies,
    Only(usize),
}

pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// For a bundle opened from disk: no link to the live site (canonical,
    /// alternates, feeds).
    offline: bool,
    /// Each language's UI strings as one template value, converted once
    /// rather than for every page.
    strings: BTreeMap<Lang, tera::Value>,
    /// What pages share, rendered once.
    fragments: Fragments,
    /// Each study's citation files and their highlighted display, the same
    /// in every language: made for the first language's page and kept only
    /// until the last one's (pages come in language pairs, see
    /// [`site_pages`]), with how many pages still need it.
    citations: Vec<Mutex<Option<(usize, Citations)>>>,
    /// The menu's items: the UI string key and the page's path.
    nav_items: Vec<(&'static str, String)>,
    /// [`SharedLayout`] with the UI strings, by language, then by folder
    /// depth, made the first time a page needs it.
    shared: Vec<OnceLock<tera::Map>>,
}

/// Folder depths whose shared layout a renderer keeps (the deepest pages,
/// a map cell's in a second language, are five folders down).
const SHARED_DEPTHS: usize = 8;

/// Each study's rendered fragments, by language, rendered the first time a
/// page shows them. A renderer keeps them while it renders a site; `gapmap
/// serve` keeps them between builds and forgets only a saved study's.
#[derive(Default)]
pub struct Fragments {
    studies: usize,
    /// The study's list item (`partials/study_item.html`): a study is
    /// listed on its terms', authors', cells' and related studies' pages,
    /// and rendering the item once instead of on each of them is most of a
    /// large site's rendering time.
    items: Vec<OnceLock<Item>>,
    /// The study's section of a brief (`partials/brief_study.html`), shown
    /// in the whole map's brief and in each of its themes' briefs.
    briefs: Vec<OnceLock<Item>>,
    /// The `data-*` attributes of the study's item on the studies page:
    /// kept so that `gapmap serve`, which renders that page again after
    /// most saves, makes only the saved study's.
    filter_data: Vec<OnceLock<String>>,
}

/// A fragment for pages at any folder depth and for any list: its HTML
/// with the page's relative way to the site root and the item's `data-*`
/// attributes left out, and where they go. Kept once instead of once per
/// depth, it holds a site's list items in a sixth of the memory; and the
/// studies page, whose items alone carry the filter's data, shows the same
/// items instead of rendering each again.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    html: String,
    holes: Vec<(usize, Hole)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Hole {
    /// The page's way to the root ([`root_token`] when rendered).
    Root,
    /// The item's `data-*` attributes ([`data_token`] when rendered).
    Data,
}

impl Item {
    /// Reads a fragment rendered with [`root_token`] as the root and
    /// [`data_token`] as its data.
    fn from_rendered(rendered: &str) -> Item {
        let bytes = rendered.as_bytes();
        let roots = finder(Needle::Root)
            .find_iter(bytes)
            .map(|at| (at, Hole::Root));
        let data = finder(Needle::Data)
            .find_iter(bytes)
            .map(|at| (at, Hole::Data));
        let mut found: Vec<(usize, Hole)> = roots.chain(data).collect();
        found.sort_unstable_by_key(|&(at, _)| at);
        let mut html = String::with_capacity(rendered.len());
        let mut holes = Vec::with_capacity(found.len());
        let mut from = 0;
        for (at, hole) in found {
            html.push_str(&rendered[from..at]);
            holes.push((html.len(), hole));
            from = at
                + match hole {
                    Hole::Root => root_token().len(),
                    Hole::Data => data_token().len(),
                };
        }
        html.push_str(&rendered[from..]);
        Item { html, holes }
    }

    /// Appends the fragment for a page whose way to the root is `root`,
    /// with `data` as its `data-*` attributes.
    fn write_at(&self, root: &str, data: &str, out: &mut Vec<u8>) {
        let mut from = 0;
        for &(at, hole) in &self.holes {
            out.extend_from_slice(&self.html.as_bytes()[from..at]);
            out.extend_from_slice(match hole {
                Hole::Root => root.as_bytes(),
                Hole::Data => data.as_bytes(),
            });
            from = at;
        }
        out.extend_from_slice(&self.html.as_bytes()[from..]);
    }
}

/// How other pages show a study: its list item and its section of a brief
/// (for pages at any depth), in each language (`None` where it was not
/// rendered). Compared before and after a save, it tells which of the
/// pages that show the study can differ. (The studies page shows the list
/// item with the filter's data, which follows from the study's terms, year
/// and title.)
#[derive(Debug)]
pub struct Shown {
    items: Vec<Option<Item>>,
    briefs: Vec<Option<Item>>,
}

impl Shown {
    /// Whether the list item differs in some language from `before`'s.
    pub fn item_differs(&self, before: &Shown) -> bool {
        differ(&self.items, &before.items)
    }

    /// Whether the brief section differs in some language from `before`'s.
    pub fn brief_differs(&self, before: &Shown) -> bool {
        differ(&self.briefs, &before.briefs)
    }
}

/// Fragments not known on either side count as different.
fn differ<T: PartialEq>(now: &[Option<T>], before: &[Option<T>]) -> bool {
    now.len() != before.len()
        || now
            .iter()
            .zip(before)
            .any(|(a, b)| a.is_none() || b.is_none() || a != b)
}

/// What stands for the page's root while a fragment for every depth is
/// rendered: letters, digits and dashes (escaping leaves them as they are),
/// random for each run, so no content can hold it by chance.
fn root_token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| format!("gapmap-root-{}-", token_random()))
}

/// What stands for an item's `data-*` attributes while it is rendered for
/// every list, like [`root_token`].
fn data_token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| format!("gapmap-data-{}-", token_random()))
}

/// The random part of [`root_token`], [`data_token`] and list markers.
fn token_random() -> &'static str {
    static RANDOM: OnceLock<String> = OnceLock::new();
    RANDOM.get_or_init(|| {
        use std::hash::BuildHasher;
        let random = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
        format!("{random:016x}")
    })
}

/// One fragment of a list, as kept or as rendered for the page alone.
enum Piece<'r> {
    /// Kept for pages at any depth: the page's root goes in, and no data.
    Item(&'r Item),
    /// Kept, with the `data-*` attributes of the studies page.
    WithData(&'r Item, &'r str),
    Made(String),
}

impl Piece<'_> {
    fn write(&self, root: &str, out: &mut Vec<u8>) {
        match self {
            Piece::Item(item) => item.write_at(root, "", out),
            Piece::WithData(item, data) => item.write_at(root, data, out),
            Piece::Made(html) => out.extend_from_slice(html.as_bytes()),
        }
    }
}

/// A list of fragments as a template sees it: how many, and where they go
/// (`{{ studies.html }}`, a marker the fragments replace once the template
/// has run). A list of 10,000 studies is copied into the page once instead
/// of passing through the template engine item by item.
#[derive(Serialize)]
struct ListView {
    count: usize,
    html: String,
}

/// The lists of one page, put in place by [`Lists::splice`].
#[derive(Default)]
struct Lists<'r> {
    lists: Vec<Vec<Piece<'r>>>,
}

impl<'r> Lists<'r> {
    fn add(&mut self, pieces: Vec<Piece<'r>>) -> ListView {
        let view = ListView {
            count: pieces.len(),
            html: format!("{}{}-", list_marker(), self.lists.len()),
        };
        self.lists.push(pieces);
        view
    }

    /// Replaces each list's marker in the page rendered into `out` from
    /// `start` on by its fragments, for a page whose way to the root is
    /// `root`. A marker the template left out shows nothing; one it showed
    /// twice shows the list twice; one a filter changed is an error (the
    /// page would carry it, different on each run).
    fn splice(self, root: &str, out: &mut Vec<u8>, start: usize) -> Result<(), String> {
        const CHANGED: &str =
            "a list's `html` was changed by a filter: show it as it is, as in `{{ studies.html }}`";
        if self.lists.is_empty() {
            return Ok(());
        }
        // Searched as bytes: a page of every study is megabytes, and
        // nothing here needs it read as text.
        let rendered = out.split_off(start);
        let marker = list_marker().as_bytes();
        let mut spliced = 0;
        let mut from = 0;
        for at in finder(Needle::List).find_iter(&rendered) {
            out.extend_from_slice(&rendered[from..at]);
            let rest = &rendered[at + marker.len()..];
            let digits = memchr::memchr(b'-', rest).ok_or(CHANGED)?;
            let pieces = std::str::from_utf8(&rest[..digits])
                .ok()
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| self.lists.get(k))
                .ok_or(CHANGED)?;
            for piece in pieces {
                piece.write(root, out);
            }
            from = at + marker.len() + digits + 1;
            spliced += 1;
        }
        out.extend_from_slice(&rendered[from..]);
        let seen = finder(Needle::Random).find_iter(&rendered).count();
        if seen != spliced || finder(Needle::RandomUpper).find(&rendered).is_some() {
            return Err(CHANGED.into());
        }
        Ok(())
    }
}

/// The markers a rendered page or fragment is searched for.
#[derive(Clone, Copy)]
enum Needle {
    Root,
    List,
    Random,
    /// [`token_random`] upper-cased, as a filter would leave it.
    RandomUpper,
    Data,
}

/// A searcher for each [`Needle`], made once: pages are searched tens of
/// thousands of times.
fn finder(needle: Needle) -> &'static memchr::memmem::Finder<'static> {
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 5]> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        let upper = token_random().to_uppercase();
        [
            memchr::memmem::Finder::new(root_token()),
            memchr::memmem::Finder::new(list_marker()),
            memchr::memmem::Finder::new(token_random()),
            memchr::memmem::Finder::new(&upper).into_owned(),
            memchr::memmem::Finder::new(data_token()),
        ]
    });
    &finders[needle as usize]
}

/// What a list's marker starts with: random for each run, like
/// [`root_token`], so no content can hold it by chance.
fn list_marker() -> &'static str {
    static MARKER: OnceLock<String> = OnceLock::new();
    MARKER.get_or_init(|| format!("{}list-", root_token()))
}

impl Fragments {
    pub fn new(site: &Site) -> Fragments {
        let studies = site.studies.len();
        let languages = site.config.languages.len();
        fn slots<T>(n: usize) -> Vec<OnceLock<T>> {
            (0..n).map(|_| OnceLock::new()).collect()
        }
        Fragments {
            studies,
            items: slots(languages * studies),
            briefs: slots(languages * studies),
            filter_data: slots(languages * studies),
        }
    }

    /// Forgets what was rendered of study `s`, and gives back how other
    /// pages showed it.
    pub fn take(&mut self, s: usize) -> Shown {
        fn take<T>(slots: &mut [OnceLock<T>], studies: usize, s: usize) -> Vec<Option<T>> {
            slots
                .iter_mut()
                .skip(s)
                .step_by(studies.max(1))
                .map(OnceLock::take)
                .collect()
        }
        let shown = Shown {
            items: take(&mut self.items, self.studies, s),
            briefs: take(&mut self.briefs, self.studies, s),
        };
        for data in self
            .filter_data
            .iter_mut()
            .skip(s)
            .step_by(self.studies.max(1))
        {
            data.take();
        }
        shown
    }
}

/// A study's BibTeX and RIS, as shown and as downloads.
#[derive(Clone)]
struct Citations {
    bibtex_html: String,
    ris_html: String,
    bib_href: String,
    ris_href: String,
    coins: String,
}

/// Builds relative links from one page.
struct Links<'a> {
    root: String,
    lang: Lang,
    site: &'a Site,
}

impl<'a> Links<'a> {
    /// Links for a fragment kept for pages at any depth: [`root_token`]
    /// stands for the way to the root.
    fn anywhere(lang: Lang, site: &'a Site) -> Links<'a> {
        Links {
            root: root_token().to_string(),
            lang,
            site,
        }
    }

    /// `default_path` in this language, from the page: as
    /// [`paths::in_lang`] after the way to the root, in one allocation.
    fn to(&self, default_path: &str) -> String {
        let (code, slash) = paths::lang_folder(self.lang, self.site.config.default_language)
            .map_or(("", ""), |code| (code, "/"));
        [self.root.as_str(), code, slash, default_path].concat()
    }
}

#[derive(Serialize)]
struct Text {
    text: String,
    /// Shown in English because the Chinese is missing.
    untranslated: bool,
}

fn text(value: &Localized<String>, lang: Lang) -> Text {
    let (text, fallback) = value.get(lang);
    Text {
        text: text.clone(),
        untranslated: fallback,
    }
}

#[derive(Serialize)]
struct Link {
    label: String,
    href: String,
}

#[derive(Serialize)]
struct NavItem {
    label: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: &'static str,
    href: String,
}

/// What the layout shows of the page itself: its title, whether a menu
/// item is the page, and links to the page in other languages.
#[derive(Serialize)]
struct PageLayout {
    title: String,
    /// Only on the pages the menu links to: on every other page the shared
    /// menu, where no item is current, stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    nav: Option<Vec<NavItem>>,
    /// The same page in the other language.
    switch: Option<Link>,
    canonical: Option<String>,
    alternates: Vec<Alternate>,
}

/// What the layout shows the same on every page of a language at one
/// folder depth: made once for each and shared by thousands of pages.
#[derive(Serialize)]
struct SharedLayout {
    lang: &'static str,
    html_lang: &'static str,
    root: String,
    home: String,
    site_title: String,
    tagline: String,
    nav: Vec<NavItem>,
    stylesheets: Vec<String>,
    /// This language's Atom feed (none offline).
    feed: Option<String>,
    /// The whole map's data files (see `export`).
    downloads: Vec<Link>,
}

#[derive(Serialize)]
struct BriefView {
    title: String,
    /// The page the brief was printed from.
    back: String,
    /// When the map was last updated.
    date: String,
    matrix: MatrixView,
    /// Each study's section, rendered by `partials/brief_study.html`.
    studies: ListView,
}

#[derive(Serialize)]
struct BriefStudy {
    /// The study's id, which anchors its section.
    id: String,
    item: StudyItem,
    citation: String,
    /// One paragraph on the study (its first finding).
    lead: String,
    untranslated: bool,
}

#[derive(Serialize)]
struct StudyItem {
    title: Text,
    href: String,
    year: Option<i32>,
    design: String,
    sample_size: Option<u64>,
    populations: Vec<String>,
    citation_incomplete: bool,
    /// The `data-*` attributes the filter script reads, escaped, to be
    /// shown as they are (`{{ s.data | safe }}`; empty but on the studies
    /// page).
    data: String,
}

/// One `data-*` attribute of a study on the studies page.
struct DataAttribute {
    name: &'static str,
    value: String,
}

/// One facet of the studies page's filter form.
#[derive(Serialize)]
struct FilterFacet {
    /// The URL query key: `theme`, `population`, ...
    key: &'static str,
    legend: String,
    options: Vec<TermItem>,
}

#[derive(Serialize)]
struct Facet {
    name: String,
    terms: Vec<Link>,
}

#[derive(Serialize)]
struct AuthorLink {
    name: String,
    href: String,
}

#[derive(Serialize)]
struct StudyView {
    id: String,
    title: Text,
    authors: Vec<AuthorLink>,
    year: Option<i32>,
    journal: Option<String>,
    volume: Option<String>,
    issue: Option<String>,
    pages: Option<String>,
    doi: Option<String>,
    url: Option<String>,
    design: Link,
    methods: Text,
    sample_size: Option<u64>,
    sample: Option<Text>,
    facets: Vec<Facet>,
    summary_html: crate::markdown::TrustedHtml,
    summary_untranslated: bool,
    apa: String,
    bibtex_html: String,
    ris_html: String,
    /// The study's own citation files, for reference managers.
    bib_href: String,
    ris_href: String,
    date_added: String,
    date_updated: String,
    status: String,
    open_access: Option<bool>,
    keywords: Vec<String>,
    funding: Option<Text>,
    citation_incomplete: bool,
    missing: Vec<String>,
    meta: Vec<Meta>,
    coins: String,
    quality: Option<QualityView>,
}

#[derive(Serialize)]
struct QualityView {
    tool: String,
    criteria: Vec<CriterionView>,
    note: Option<Text>,
}

#[derive(Serialize)]
struct CriterionView {
    id: String,
    answer: String,
}

#[derive(Serialize)]
struct Meta {
    name: String,
    content: String,
}

#[derive(Serialize)]
struct Cell {
    count: usize,
    /// 0 (empty, a gap) to 4 (the most studies in this matrix).
    level: usize,
    href: Option<String>,
}

#[derive(Serialize)]
struct MatrixRow {
    label: String,
    href: String,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct MatrixView {
    id: String,
    caption: String,
    row_header: String,
    columns: Vec<Link>,
    rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
struct TermItem {
    slug: String,
    label: String,
    href: String,
    count: usize,
    depth: usize,
}

#[derive(Serialize)]
struct TermView {
    vocabulary: String,
    label: Text,
    description: Option<Text>,
    also_known_as: Vec<String>,
    parent: Option<Link>,
    children: Vec<Link>,
    matrix: Option<MatrixView>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, offline: bool) -> Self {
        Self::with_fragments(site, theme, offline, Fragments::new(site))
    }

    /// A renderer that starts from fragments rendered before, for the same
    /// site less what [`Fragments::take`] took.
    pub fn with_fragments(
        site: &'a Site,
        theme: &'a Theme,
        offline: bool,
        fragments: Fragments,
    ) -> Self {
        let strings = theme
            .strings
            .iter()
            .map(|(&lang, map)| (lang, tera::Value::from_serializable(map)))
            .collect();
        Renderer {
            site,
            theme,
            offline,
            strings,
            fragments,
            citations: (0..site.studies.len()).map(|_| Mutex::new(None)).collect(),
            nav_items: nav_items(site),
            shared: (0..site.config.languages.len() * SHARED_DEPTHS)
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The fragments rendered so far, to start the next renderer from.
    pub fn into_fragments(self) -> Fragments {
        self.fragments
    }

    /// Where study `s`'s fragment for the page at `links` is kept, in a
    /// list of them by language, then by study.
    fn slot_index(&self, links: &Links, s: usize) -> Option<usize> {
        let lang = self
            .site
            .config
            .languages
            .iter()
            .position(|&l| l == links.lang)?;
        Some(lang * self.fragments.studies + s)
    }

    /// Study `s`'s fragment in `slots` for the page at `links`, made by
    /// `make` the first time for pages at any depth (with [`root_token`] as
    /// the way to the root).
    fn fragment_at<'r>(
        &self,
        slots: &'r [OnceLock<Item>],
        links: &Links,
        s: usize,
        make: impl FnOnce(&Links) -> Result<String, String>,
    ) -> Result<Piece<'r>, String> {
        let Some(slot) = self.slot_index(links, s).and_then(|i| slots.get(i)) else {
            return Ok(Piece::Made(make(links)?));
        };
        if let Some(item) = slot.get() {
            return Ok(Piece::Item(item));
        }
        let item = Item::from_rendered(&make(&Links::anywhere(links.lang, links.site))?);
        Ok(Piece::Item(slot.get_or_init(|| item)))
    }

    fn strings(&self, lang: Lang) -> tera::Value {
        self.strings
            .get(&lang)
            .cloned()
            .unwrap_or_else(tera::Value::none)
    }

    /// How other pages show study `s` (see [`Shown`]), rendered now where
    /// it was not yet.
    pub fn shown(&self, s: usize) -> Result<Shown, String> {
        let site = self.site;
        let kept = |piece: Piece| match piece {
            Piece::Item(item) => Some(item.clone()),
            Piece::WithData(..) | Piece::Made(_) => None,
        };
        let mut shown = Shown {
            items: Vec::new(),
            briefs: Vec::new(),
        };
        for &lang in &site.config.languages {
            let anywhere = Links::anywhere(lang, site);
            shown.items.push(kept(self.list_item(&anywhere, s)?));
            let brief = self.fragment_at(&self.fragments.briefs, &anywhere, s, |links| {
                self.brief_section(links, s)
            })?;
            shown.briefs.push(kept(brief));
        }
        Ok(shown)
    }

    /// The list items of `studies` for a page at `links` (escaped when
    /// each item was rendered).
    fn study_list<'r>(
        &'r self,
        links: &Links,
        studies: &[usize],
        lists: &mut Lists<'r>,
    ) -> Result<ListView, String> {
        let items = studies
            .iter()
            .map(|&s| self.list_item(links, s))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(lists.add(items))
    }

    /// Study `s`'s list item for a page at `links`, without data.
    fn list_item<'r>(&'r self, links: &Links, s: usize) -> Result<Piece<'r>, String> {
        self.fragment_at(&self.fragments.items, links, s, |links| {
            // Kept for every list: the data goes in where the item is
            // shown (none but on the studies page).
            let data = if links.root == root_token() {
                data_token()
            } else {
                ""
            };
            self.render_item(links, s, data)
        })
    }

    /// One study's list item, with the `data-*` attributes given.
    fn render_item(&self, links: &Links, s: usize, data: &str) -> Result<String, String> {
        let mut item = self.study_item(links, s);
        item.data = data.to_string();
        self.render_fragment(STUDY_ITEM, "s", &item, links.lang)
    }

    /// A partial template with one value and the UI strings.
    fn render_fragment(
        &self,
        template: &str,
        name: &'static str,
        value: &impl Serialize,
        lang: Lang,
    ) -> Result<String, String> {
        let mut context = tera::Context::new();
        context.insert(name, value);
        let page = BTreeMap::from([("t", self.strings(lang))]);
        context.insert_value("page", tera::Value::from(page));
        self.render_template(template, &context)
    }

    fn render_template(&self, template: &str, context: &tera::Context) -> Result<String, String> {
        self.theme
            .tera
            .render(template, context)
            .map_err(|e| self.template_failure(template, &e))
    }

    fn template_failure(&self, template: &str, e: &tera::Error) -> String {
        format!(
            "themes/{}/templates/{template}: {}",
            self.theme.name,
            template_error(e)
        )
    }

    fn citations(&self, s: usize) -> Citations {
        let mut slot = self.citations[s]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match slot.take() {
            Some((1, citations)) => citations,
            Some((left, citations)) => {
                *slot = Some((left - 1, citations.clone()));
                citations
            }
            None => {
                let study = &self.site.studies[s].study;
                let (bibtex, ris) = (citation::bibtex(study), citation::ris(study));
                let citations = Citations {
                    bibtex_html: highlight::plain_block("bib", &bibtex),
                    ris_html: highlight::plain_block("ris", &ris),
                    bib_href: export::download_url("application/x-bibtex", &bibtex),
                    ris_href: export::download_url("application/x-research-info-systems", &ris),
                    coins: citation::coins(study),
                };
                let left = self.site.config.languages.len().saturating_sub(1);
                if left > 0 {
                    *slot = Some((left, citations.clone()));
                }
                citations
            }
        }
    }

    fn t(&self, lang: Lang, key: &str) -> String {
        self.theme
            .strings
            .get(&lang)
            .and_then(|m| m.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Renders one page to its HTML bytes.
    pub fn render(&self, job: &PageJob) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        self.render_into(job, &mut out)?;
        Ok(out)
    }

    /// Renders one page, appending its HTML to `out`: a build reuses one
    /// buffer per thread for every page instead of growing a new one.
    pub fn render_into(&self, job: &PageJob, out: &mut Vec<u8>) -> Result<(), String> {
        let site = self.site;
        let lang = job.lang;
        let links = Links {
            root: paths::to_root(&job.path),
            lang,
            site,
        };
        let mut context = tera::Context::new();
        let mut lists = Lists::default();
        let (template, title) = match &job.kind {
            PageKind::Home => {
                let matrices: Vec<MatrixView> = site
                    .maps
                    .iter()
                    .enumerate()
                    .map(|(m, map)| self.matrix_view(&links, map, Some(m), Rows::All))
                    .collect();
                context.insert("matrices", &matrices);
                let participants: u64 = site
                    .studies
                    .iter()
                    .filter_map(|s| s.study.sample_size)
                    .fold(0, u64::saturating_add);
                let regions_with_studies = site
                    .terms(Vocabulary::Regions)
                    .iter()
                    .filter(|t| t.parent.is_none() && !t.studies.is_empty())
                    .count();
                context.insert("total_studies", &site.studies.len());
                context.insert("total_participants", &participants);
                context.insert("total_regions", &regions_with_studies);
                let recent = newest(site);
                context.insert("studies", &self.study_list(&links, &recent, &mut lists)?);
                context.insert("last_updated", &site.last_updated);
                context.insert(
                    "methods_href",
                    &site
                        .pages
                        .iter()
                        .position(|p| p.name == "methods")
                        .map(|_| links.to(&paths::page("methods"))),
                );
                ("index.html", self.site.config.title.get(lang).0.clone())
            }
            PageKind::Studies => {
                self.studies_page(&links, &mut context, &mut lists)?;
                ("studies.html", self.t(lang, "studies"))
            }
            PageKind::Study(s) => {
                let view = self.study_view(&links, *s);
                let title = view.title.text.clone();
                context.insert("study", &view);
                context.insert(
                    "studies",
                    &self.study_list(&links, &site.studies[*s].related, &mut lists)?,
                );
                ("study.html", title)
            }
            PageKind::Vocabulary(v) => {
                let terms = self.term_items(&links, *v);
                context.insert("terms", &terms);
                context.insert("vocabulary", v.key());
                ("vocabulary.html", self.t(lang, v.key()))
            }
            PageKind::Term(v, t) => {
                let view = self.term_view(&links, *v, *t);
                let title = view.label.text.clone();
                context.insert("term", &view);
                context.insert(
                    "studies",
                    &self.study_list(&links, &site.terms(*v)[*t].studies, &mut lists)?,
                );
                ("term.html", title)
            }
            PageKind::Authors => {
                let terms: Vec<TermItem> = site
                    .authors
                    .iter()
                    .map(|a| TermItem {
                        slug: a.slug.clone(),
                        label: a.display_name(),
                        href: links.to(&paths::author(&a.slug)),
                        count: a.studies.len(),
                        depth: 0,
                    })
                    .collect();
                context.insert("terms", &terms);
                context.insert("vocabulary", "authors");
                ("vocabulary.html", self.t(lang, "authors"))
            }
            PageKind::Author(a) => {
                let author = &site.authors[*a];
                let names: Vec<String> = author.names.iter().map(display_name).collect();
                let view = TermView {
                    vocabulary: "authors".into(),
                    label: Text {
                        text: names[0].clone(),
                        untranslated: false,
                    },
                    description: None,
                    also_known_as: names[1..].to_vec(),
                    parent: None,
                    children: Vec::new(),
                    matrix: Some(self.matrix_view(
                        &links,
                        &site.matrix(Vocabulary::Themes, Vocabulary::Populations, &author.studies),
                        None,
                        Rows::WithStudies,
                    )),
                };
                let title = view.label.text.clone();
                context.insert("term", &view);
                context.insert(
                    "studies",
                    &self.study_list(&links, &author.studies, &mut lists)?,
                );
                ("term.html", title)
            }
            PageKind::Search => {
                let mut browse: Vec<Link> = Vocabulary::ALL
                    .iter()
                    .map(|v| Link {
                        label: self.t(lang, v.key()),
                        href: links.to(&paths::vocabulary(*v)),
                    })
                    .collect();
                browse.push(Link {
                    label: self.t(lang, "authors"),
                    href: links.to(&paths::authors()),
                });
                context.insert("browse", &browse);
                let other = site.config.languages.iter().find(|l| **l != lang);
                context.insert("other_lang", &other.map_or("", |l| l.code()));
                ("search.html", self.t(lang, "search"))
            }
            PageKind::Cell(m, r, c) => {
                let map = &site.maps[*m];
                let row = self.term_link(&links, map.rows, *r);
                let column = self.term_link(&links, map.columns, *c);
                let title = format!("{} × {}", row.label, column.label);
                context.insert(
                    "studies",
                    &self.study_list(&links, &map.cells[*r][*c], &mut lists)?,
                );
                context.insert("row", &row);
                context.insert("column", &column);
                context.insert(
                    "map_href",
                    &format!("{}#map-{}", links.to(&paths::home()), map.columns.key()),
                );
                ("cell.html", title)
            }
            PageKind::Brief(theme) => {
                let view = self.brief_view(&links, *theme, &mut lists)?;
                let title = view.title.clone();
                context.insert("brief", &view);
                ("brief.html", title)
            }
            PageKind::Page(p) => {
                let page = &site.pages[*p];
                let (body, untranslated) = page.body.get(lang);
                context.insert("body_html", &body.html);
                context.insert("untranslated", &untranslated);
                ("page.html", body.title.clone().unwrap_or_default())
            }
        };
        let mut page = self.shared_layout(&links);
        let own = tera::Value::from_serializable(&self.page_layout(job, &links, title));
        page.extend(own.into_map().into_iter().flatten());
        context.insert_value("page", tera::Value::from(page));
        let start = out.len();
        self.theme
            .tera
            .render_to(template, &context, &mut *out)
            .map_err(|e| self.template_failure(template, &e))?;
        lists
            .splice(&links.root, out, start)
            .map_err(|e| format!("themes/{}/templates/{template}: {e}", self.theme.name))
    }

    /// The menu; the item whose page `default_path` is, is current.
    fn nav(&self, links: &Links, default_path: Option<&str>) -> Vec<NavItem> {
        self.nav_items
            .iter()
            .map(|(key, path)| NavItem {
                label: self.t(links.lang, key),
                href: links.to(path),
                current: Some(path.as_str()) == default_path,
            })
            .collect()
    }

    /// The layout's values that pages at `links`' depth and language share
    /// (with the UI strings as `t`), made the first time they are needed.
    fn shared_layout(&self, links: &Links) -> tera::Map {
        let depth = links.root.len() / "../".len();
        let slot = self
            .site
            .config
            .languages
            .iter()
            .position(|&l| l == links.lang)
            .map(|lang| lang * SHARED_DEPTHS + depth)
            .filter(|_| depth < SHARED_DEPTHS)
            .and_then(|i| self.shared.get(i));
        let make = || {
            let site = self.site;
            let lang = links.lang;
            let root = &links.root;
            let shared = SharedLayout {
                lang: lang.code(),
                html_lang: lang.html_lang(),
                root: root.clone(),
                home: links.to(&paths::home()),
                site_title: site.config.title.get(lang).0.clone(),
                tagline: site.config.tagline.get(lang).0.clone(),
                nav: self.nav(links, None),
                stylesheets: vec![
                    format!("{root}assets/site.css"),
                    format!("{root}assets/highlight.css"),
                ],
                feed: (!self.offline).then(|| links.to("feed.xml")),
                downloads: [
                    ("CSV", "studies.csv"),
                    ("JSON", "studies.json"),
                    ("CSL-JSON", "studies.csl.json"),
                    ("RIS", "studies.ris"),
                    ("BibTeX", "studies.bib"),
                ]
                .into_iter()
                .map(|(label, file)| Link {
                    label: label.to_string(),
                    href: format!("{root}{}/{file}", export::DIR),
                })
                .collect(),
            };
            let mut map = tera::Value::from_serializable(&shared)
                .into_map()
                .unwrap_or_default();
            map.insert("t".into(), self.strings(lang));
            map
        };
        match slot {
            Some(slot) => slot.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// The layout's values that are the page's own.
    fn page_layout(&self, job: &PageJob, links: &Links, title: String) -> PageLayout {
        let site = self.site;
        let lang = job.lang;
        let default = site.config.default_language;
        let default_path = paths::without_lang(&job.path, lang, default);
        let in_nav = self.nav_items.iter().any(|(_, path)| *path == default_path);
        let switch = site
            .config
            .languages
            .iter()
            .find(|l| **l != lang)
            .map(|other| Link {
                label: self.t(lang, "other_language"),
                href: format!(
                    "{}{}",
                    links.root,
                    paths::in_lang(&default_path, *other, default)
                ),
            });
        let alternates = site
            .config
            .languages
            .iter()
            .map(|l| Alternate {
                hreflang: l.html_lang(),
                href: format!(
                    "{}{}",
                    site.config.base_url,
                    paths::in_lang(&default_path, *l, default)
                ),
            })
            .collect();
        PageLayout {
            title,
            nav: in_nav.then(|| self.nav(links, Some(&default_path))),
            switch,
            canonical: (!self.offline).then(|| format!("{}{}", site.config.base_url, job.path)),
            alternates: if self.offline { Vec::new() } else { alternates },
        }
    }

    fn study_item(&self, links: &Links, s: usize) -> StudyItem {
        let entry = &self.site.studies[s];
        let study = &entry.study;
        let design = &self.site.terms(Vocabulary::Designs)[entry.terms[&Vocabulary::Designs][0]];
        StudyItem {
            title: text(&study.title, links.lang),
            href: links.to(&paths::study(&study.id)),
            year: study.year,
            design: design.label.get(links.lang).0.clone(),
            sample_size: study.sample_size,
            populations: entry.terms[&Vocabulary::Populations]
                .iter()
                .map(|&t| {
                    self.site.terms(Vocabulary::Populations)[t]
                        .label
                        .get(links.lang)
                        .0
                        .clone()
                })
                .collect(),
            citation_incomplete: entry.citation_incomplete(),
            data: String::new(),
        }
    }

    /// A printable brief: the map of its studies and one paragraph on each.
    fn brief_view<'r>(
        &'r self,
        links: &Links,
        theme: Option<usize>,
        lists: &mut Lists<'r>,
    ) -> Result<BriefView, String> {
        let site = self.site;
        let lang = links.lang;
        let themes = site.terms(Vocabulary::Themes);
        let (title, studies, rows, back) = match theme {
            Some(t) => (
                format!("{}: {}", self.t(lang, "brief"), themes[t].label.get(lang).0),
                themes[t].studies.clone(),
                Rows::Only(t),
                links.to(&paths::term(Vocabulary::Themes, &themes[t].slug)),
            ),
            None => (
                format!(
                    "{}: {}",
                    self.t(lang, "brief"),
                    site.config.title.get(lang).0
                ),
                (0..site.studies.len()).collect(),
                Rows::WithStudies,
                links.to(&paths::home()),
            ),
        };
        // The whole map's brief shows one of the maps the model holds.
        let held = site.maps.iter().find(|m| {
            theme.is_none() && m.rows == Vocabulary::Themes && m.columns == Vocabulary::Populations
        });
        let made;
        let matrix = match held {
            Some(map) => map,
            None => {
                made = site.matrix(Vocabulary::Themes, Vocabulary::Populations, &studies);
                &made
            }
        };
        let matrix = self.matrix_view(links, matrix, None, rows);
        let studies = studies
            .iter()
            .map(|&s| {
                self.fragment_at(&self.fragments.briefs, links, s, |links| {
                    self.brief_section(links, s)
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let studies = lists.add(studies);
        Ok(BriefView {
            title,
            back,
            date: site.last_updated.clone(),
            matrix,
            studies,
        })
    }

    /// Study `s`'s section of a brief.
    fn brief_section(&self, links: &Links, s: usize) -> Result<String, String> {
        let entry = &self.site.studies[s];
        let (summary, untranslated) = entry.summary.get(links.lang);
        let section = BriefStudy {
            id: entry.study.id.clone(),
            item: self.study_item(links, s),
            citation: citation::apa(&entry.study, links.lang),
            lead: summary.lead.clone(),
            untranslated,
        };
        self.render_fragment(BRIEF_STUDY, "b", &section, links.lang)
    }

    /// The studies page: every study, newest first, each carrying its slugs
    /// (a region with its ancestors) for the filter script, and the facets
    /// of the filter form with their total counts.
    fn studies_page<'r>(
        &'r self,
        links: &Links,
        context: &mut tera::Context,
        lists: &mut Lists<'r>,
    ) -> Result<(), String> {
        let site = self.site;
        // Newest first, then by title, then as kept: the keys are read
        // once, so sorting does not look each study up again.
        let mut order: Vec<(std::cmp::Reverse<Option<i32>>, &str, usize)> = site
            .studies
            .iter()
            .enumerate()
            .map(|(s, entry)| {
                let study = &entry.study;
                (
                    std::cmp::Reverse(study.year),
                    study.title.get(links.lang).0.as_str(),
                    s,
                )
            })
            .collect();
        order.sort_unstable();
        let items = order
            .iter()
            .map(|&(_, _, s)| self.filter_item(links, s))
            .collect::<Result<Vec<_>, String>>()?;
        let facets: Vec<FilterFacet> = Vocabulary::ALL
            .iter()
            .map(|&v| FilterFacet {
                key: facet_key(v),
                legend: self.t(links.lang, v.key()),
                options: self.term_items(links, v),
            })
            .collect();
        let years: Vec<i32> = site.studies.iter().filter_map(|s| s.study.year).collect();
        context.insert("studies", &lists.add(items));
        context.insert("facets", &facets);
        context.insert("year_min", &years.iter().min());
        context.insert("year_max", &years.iter().max());
        Ok(())
    }

    /// Study `s`'s item on the studies page at `links`: the list item with
    /// the filter's data.
    fn filter_item<'r>(&'r self, links: &Links, s: usize) -> Result<Piece<'r>, String> {
        let slot = self
            .slot_index(links, s)
            .and_then(|i| self.fragments.filter_data.get(i));
        let Some(slot) = slot else {
            return Ok(Piece::Made(self.render_item(
                links,
                s,
                &self.filter_data(links.lang, s),
            )?));
        };
        let data = slot.get_or_init(|| self.filter_data(links.lang, s));
        Ok(match self.list_item(links, s)? {
            Piece::Item(item) => Piece::WithData(item, data),
            _ => Piece::Made(self.render_item(links, s, data)?),
        })
    }

    /// What the studies page's filter script reads of a study, as `data-*`
    /// attributes, escaped: its slugs in each vocabulary (a region with its
    /// ancestors), its year and its title.
    fn filter_data(&self, lang: Lang, s: usize) -> String {
        let site = self.site;
        let entry = &site.studies[s];
        let mut data = Vec::new();
        for v in Vocabulary::ALL {
            let terms = site.terms(v);
            let mut slugs: Vec<&str> = Vec::new();
            for &t in &entry.terms[&v] {
                let mut at = Some(t);
                while let Some(i) = at {
                    if !slugs.contains(&terms[i].slug.as_str()) {
                        slugs.push(&terms[i].slug);
                    }
                    at = terms[i].parent;
                }
            }
            data.push(DataAttribute {
                name: facet_key(v),
                value: slugs.join(" "),
            });
        }
        data.push(DataAttribute {
            name: "year",
            value: entry.study.year.map_or(String::new(), |y| y.to_string()),
        });
        data.push(DataAttribute {
            name: "title",
            value: entry.study.title.get(lang).0.to_lowercase(),
        });
        let mut attributes = String::new();
        for DataAttribute { name, value } in data {
            attributes.push_str(" data-");
            attributes.push_str(name);
            attributes.push_str("=\"");
            let _ = pulldown_cmark_escape::escape_html(&mut attributes, &value);
            attributes.push('"');
        }
        attributes
    }

    fn term_link(&self, links: &Links, v: Vocabulary, t: usize) -> Link {
        let term = &self.site.terms(v)[t];
        Link {
            label: term.label.get(links.lang).0.clone(),
            href: links.to(&paths::term(v, &term.slug)),
        }
    }

    fn study_view(&self, links: &Links, s: usize) -> StudyView {
        let site = self.site;
        let lang = links.lang;
        let entry = &site.studies[s];
        let study = &entry.study;
        let citations = self.citations(s);
        let facets = [
            Vocabulary::Populations,
            Vocabulary::Regions,
            Vocabulary::Settings,
            Vocabulary::Themes,
        ]
        .into_iter()
        .map(|v| Facet {
            name: self.t(lang, v.key()),
            terms: entry.terms[&v]
                .iter()
                .map(|&t| self.term_link(links, v, t))
                .collect(),
        })
        .collect();
        let (summary, summary_untranslated) = entry.summary.get(lang);
        let mut missing = Vec::new();
        if study.authors.is_empty() {
            missing.push(self.t(lang, "missing_authors"));
        }
        if study.year.is_none() {
            missing.push(self.t(lang, "missing_year"));
        }
        if study.journal.is_none() {
            missing.push(self.t(lang, "missing_journal"));
        }
        if study.doi.is_none() {
            missing.push(self.t(lang, "missing_doi"));
        }
        let mut meta = vec![Meta {
            name: "citation_title".into(),
            content: study.title.en.clone(),
        }];
        for a in &study.authors {
            let name = match &a.given {
                Some(g) => format!("{}, {g}", a.family),
                None => a.family.clone(),
            };
            meta.push(Meta {
                name: "citation_author".into(),
                content: name,
            });
        }
        if let Some(date) = study
            .publication_date
            .clone()
            .or(study.year.map(|y| y.to_string()))
        {
            meta.push(Meta {
                name: "citation_publication_date".into(),
                content: date.replace('-', "/"),
            });
        }
        for (name, value) in [
            ("citation_journal_title", &study.journal),
            ("citation_volume", &study.volume),
            ("citation_issue", &study.issue),
            ("citation_doi", &study.doi),
        ] {
            if let Some(v) = value {
                meta.push(Meta {
                    name: name.into(),
                    content: v.clone(),
                });
            }
        }
        meta.push(Meta {
            name: "citation_language".into(),
            content: "en".into(),
        });
        StudyView {
            id: study.id.clone(),
            title: text(&study.title, lang),
            authors: entry
                .author_ids
                .iter()
                .zip(&study.authors)
                .map(|(&a, name)| AuthorLink {
                    name: display_name(name),
                    href: links.to(&paths::author(&site.authors[a].slug)),
                })
                .collect(),
            year: study.year,
            journal: study.journal.clone(),
            volume: study.volume.clone(),
            issue: study.issue.clone(),
            pages: study.pages.clone(),
            doi: study.doi.clone(),
            url: study.url.clone(),
            design: self.term_link(
                links,
                Vocabulary::Designs,
                entry.terms[&Vocabulary::Designs][0],
            ),
            methods: text(&study.methods, lang),
            sample_size: study.sample_size,
            sample: study.sample.as_ref().map(|s| text(s, lang)),
            facets,
            summary_html: summary.html.clone(),
            summary_untranslated,
            apa: citation::apa(study, lang),
            bibtex_html: citations.bibtex_html,
            ris_html: citations.ris_html,
            bib_href: citations.bib_href,
            ris_href: citations.ris_href,
            date_added: study.date_added.clone(),
            date_updated: study.date_updated.clone(),
            status: self.t(
                lang,
                match study.status {
                    crate::content::Status::Completed => "status_completed",
                    crate::content::Status::Ongoing => "status_ongoing",
                },
            ),
            open_access: study.open_access,
            keywords: study
                .keywords
                .as_ref()
                .map(|k| k.get(lang).0.clone())
                .unwrap_or_default(),
            funding: study.funding.as_ref().map(|f| text(f, lang)),
            citation_incomplete: entry.citation_incomplete(),
            missing,
            meta,
            coins: citations.coins,
            quality: study.quality.as_ref().map(|q| QualityView {
                tool: q.tool.clone(),
                criteria: q
                    .criteria
                    .iter()
                    .map(|c| CriterionView {
                        id: c.id.clone(),
                        answer: self.t(
                            lang,
                            match c.answer {
                                crate::content::Answer::Yes => "answer_yes",
                                crate::content::Answer::No => "answer_no",
                                crate::content::Answer::CantTell => "answer_cant_tell",
                            },
                        ),
                    })
                    .collect(),
                note: q.note.as_ref().map(|n| text(n, lang)),
            }),
        }
    }

    fn term_items(&self, links: &Links, v: Vocabulary) -> Vec<TermItem> {
        // Depth-first so sub-regions follow their parent.
        let terms = self.site.terms(v);
        let mut out = Vec::new();
        fn visit(
            r: &Renderer,
            links: &Links,
            v: Vocabulary,
            t: usize,
            depth: usize,
            out: &mut Vec<TermItem>,
        ) {
            let term = &r.site.terms(v)[t];
            out.push(TermItem {
                slug: term.slug.clone(),
                label: term.label.get(links.lang).0.clone(),
                href: links.to(&paths::term(v, &term.slug)),
                count: term.studies.len(),
                depth,
            });
            for &c in &term.children {
                visit(r, links, v, c, depth + 1, out);
            }
        }
        for (t, term) in terms.iter().enumerate() {
            if term.parent.is_none() {
                visit(self, links, v, t, 0, &mut out);
            }
        }
        out
    }

    fn term_view(&self, links: &Links, v: Vocabulary, t: usize) -> TermView {
        let term = &self.site.terms(v)[t];
        let lang = links.lang;
        // A theme page shows its own row of the map by population (youth
        // against adults); any other term shows the themes of its studies by
        // population, a region including its sub-regions. Rows without a
        // study are left out: the home map is where the gaps are shown.
        let rows = match v {
            Vocabulary::Themes => Rows::Only(t),
            _ => Rows::WithStudies,
        };
        let matrix = self.matrix_view(
            links,
            &self
                .site
                .matrix(Vocabulary::Themes, Vocabulary::Populations, &term.studies),
            None,
            rows,
        );
        TermView {
            vocabulary: v.key().into(),
            label: text(&term.label, lang),
            description: term.description.as_ref().map(|d| text(d, lang)),
            also_known_as: Vec::new(),
            parent: term.parent.map(|p| self.term_link(links, v, p)),
            children: term
                .children
                .iter()
                .map(|&c| self.term_link(links, v, c))
                .collect(),
            matrix: Some(matrix),
        }
    }

    /// A matrix for a template. Cells of the home map (`map` is its index)
    /// link to their list of studies; a term page's matrix sits under its
    /// own list, so its cells are plain counts.
    fn matrix_view(
        &self,
        links: &Links,
        matrix: &Matrix,
        map: Option<usize>,
        shown: Rows,
    ) -> MatrixView {
        let site = self.site;
        let lang = links.lang;
        let (rows, columns) = (matrix.rows, matrix.columns);
        let max = matrix
            .cells
            .iter()
            .flatten()
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        let level = |count: usize| match (count, max) {
            (0, _) => 0,
            (_, 0) => 0,
            (c, m) => 1 + (3 * (c - 1)) / m.max(1),
        };
        MatrixView {
            id: format!("map-{}", columns.key()),
            caption: format!(
                "{} × {}",
                self.t(lang, rows.key()),
                self.t(lang, columns.key())
            ),
            row_header: self.t(lang, rows.key()),
            columns: (0..site.terms(columns).len())
                .map(|c| self.term_link(links, columns, c))
                .collect(),
            rows: matrix
                .cells
                .iter()
                .enumerate()
                .filter(|(r, cells)| match shown {
                    Rows::All => true,
                    Rows::WithStudies => cells.iter().any(|c| !c.is_empty()),
                    Rows::Only(only) => *r == only,
                })
                .map(|(r, cells)| {
                    let row = self.term_link(links, rows, r);
                    MatrixRow {
                        label: row.label,
                        href: row.href.clone(),
                        cells: cells
                            .iter()
                            .enumerate()
                            .map(|(c, studies)| Cell {
                                count: studies.len(),
                                level: level(studies.len()),
                                href: (map.is_some() && !studies.is_empty()).then(|| {
                                    links.to(&paths::cell(
                                        &site.terms(rows)[r].slug,
                                        columns,
                                        &site.terms(columns)[c].slug,
                                    ))
                                }),
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spliced(template_output: impl Fn(&ListView) -> String) -> Result<String, String> {
        let mut lists = Lists::default();
        let view = lists.add(vec![
            Piece::Made("<li>a</li>".into()),
            Piece::Made("<li>b</li>".into()),
        ]);
        let mut out = b"before ".to_vec();
        out.extend_from_slice(template_output(&view).as_bytes());
        lists.splice("../", &mut out, "before ".len())?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_list_goes_where_its_marker_is_each_time_the_template_shows_it() {
        assert_eq!(
            spliced(|v| format!("<ol>{}</ol>", v.html)).unwrap(),
            "before <ol><li>a</li><li>b</li></ol>"
        );
        assert_eq!(
            spliced(|v| format!("{}|{}", v.html, v.html)).unwrap(),
            "before <li>a</li><li>b</li>|<li>a</li><li>b</li>"
        );
        assert_eq!(spliced(|v| format!("({})", v.count)).unwrap(), "before (2)");
    }

    #[test]
    fn a_marker_a_filter_changed_is_an_error_not_noise_in_the_page() {
        for changed in [
            |v: &ListView| v.html.to_uppercase(),
            |v: &ListView| v.html.replace("list-0-", "list-7-"),
            |v: &ListView| v.html.trim_end_matches('-').to_string(),
        ] {
            let e = spliced(changed).unwrap_err();
            assert!(e.contains("studies.html"), "{e}");
        }
    }
}
