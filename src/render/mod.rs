//! Rendering is pure: (Site, page, language) → bytes. A [`Renderer`] turns
//! one page of the inventory ([`crate::model::pages`]) into HTML through the
//! theme's templates, building a small serialisable view of the model for
//! it; it never touches the file system and computes no fact of its own.
//!
//! By page family: [`map`] (the home map and its cells), [`study`],
//! [`terms`] (vocabularies, terms, authors), [`studies`] (the studies list
//! and search), [`brief`] and [`free`] pages; [`layout`] what every page
//! shares; [`views`] the values templates receive; [`fragments`] the list
//! items and brief sections rendered once and spliced into many pages.

mod brief;
mod fragments;
mod free;
mod layout;
mod map;
mod matrix;
mod studies;
mod study;
mod terms;
mod views;

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

pub use fragments::{Fragments, Shown};

use crate::content::Lang;
use crate::highlight;
use crate::model::Site;
use crate::model::pages::{PageJob, PageKind};
use crate::theme::{Theme, template_error};
use crate::urls::Links;
use fragments::Lists;
use study::Citations;

/// What a page family's view builder fills in: the template's values and
/// the lists spliced in after it ran, for the page at `links`.
struct Page<'p, 'r> {
    links: &'p Links,
    context: &'p mut tera::Context,
    lists: &'p mut Lists<'r>,
}

/// A page family's answer: the template to render and the page's title.
type Rendered = Result<(&'static str, String), String>;

/// Files every site has besides its pages: the generated stylesheet for
/// highlighted code.
pub fn generated_assets() -> Vec<(String, Vec<u8>)> {
    vec![(
        "assets/highlight.css".to_string(),
        highlight::stylesheet().into_bytes(),
    )]
}

/// The template of one study in a list.
const STUDY_ITEM: &str = "partials/study_item.html";
/// The template of one study in a brief.
const BRIEF_STUDY: &str = "partials/brief_study.html";

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
    /// [`crate::model::pages::site_pages`]), with how many pages still need
    /// it.
    citations: Vec<Mutex<Option<(usize, Citations)>>>,
    /// The menu's items: the UI string key and the page's path.
    nav_items: Vec<(layout::NavLabel, String)>,
    /// [`SharedLayout`] with the UI strings, by language, then by folder
    /// depth, made the first time a page needs it.
    shared: Vec<OnceLock<tera::Map>>,
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
            nav_items: layout::nav_items(site),
            shared: (0..site.config.languages.len() * layout::SHARED_DEPTHS)
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// The fragments rendered so far, to start the next renderer from.
    pub fn into_fragments(self) -> Fragments {
        self.fragments
    }

    fn strings(&self, lang: Lang) -> tera::Value {
        self.strings
            .get(&lang)
            .cloned()
            .unwrap_or_else(tera::Value::none)
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

    /// A vocabulary's name in `lang`, as taxonomies.yaml declares it.
    fn vocabulary_name(&self, lang: Lang, v: crate::content::Vocabulary) -> String {
        self.site.vocabulary(v).name.get(lang).0.clone()
    }

    /// Whether vocabulary `v`'s name is shown in English on a page in
    /// `lang` (taxonomies.yaml gives it no translation).
    fn vocabulary_untranslated(&self, lang: Lang, v: crate::content::Vocabulary) -> bool {
        self.site.vocabulary(v).name.get(lang).1
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
        let default = self.site.config.default_language;
        let links = match job.kind {
            // Served at whatever path was missing, where no relative link
            // holds: its links start at the site's address instead (see
            // `free::not_found_page`). Offline there is no address.
            PageKind::NotFound if !self.offline => {
                Links::with_root(self.site.config.base_url.clone(), job.lang, default)
            }
            _ => Links::from_page(&job.path, job.lang, default),
        };
        let mut context = tera::Context::new();
        let mut lists = Lists::default();
        let page = &mut Page {
            links: &links,
            context: &mut context,
            lists: &mut lists,
        };
        // The studies a page lists come from what the inventory says it
        // shows, which is also what `gapmap serve` reads to tell which
        // pages a save changes.
        let shows = job.kind.shows(self.site);
        let listed = shows.studies.studies(self.site);
        let (template, title) = match &job.kind {
            PageKind::Home => self.home_page(page, &listed)?,
            PageKind::Map(m) => self.map_page(page, *m)?,
            PageKind::Cell(m, r, c) => self.cell_page(page, &listed, *m, *r, *c)?,
            PageKind::Studies(p) => self.studies_page(page, *p)?,
            PageKind::Study(s) => self.study_page(page, &listed, *s)?,
            PageKind::Vocabulary(v) => self.vocabulary_page(page, *v)?,
            PageKind::Term(v, t) => self.term_page(page, &listed, *v, *t)?,
            PageKind::Authors => self.authors_page(page)?,
            PageKind::Author(a) => self.author_page(page, &listed, *a)?,
            PageKind::Search => self.search_page(page)?,
            PageKind::Brief(theme) => self.brief_page(page, &listed, *theme)?,
            PageKind::Page(p) => self.free_page(page, *p)?,
            PageKind::NotFound => self.not_found_page(page, job)?,
        };
        let mut layout = self.shared_layout(&links);
        let own = tera::Value::from_serializable(&self.page_layout(job, &links, title));
        layout.extend(own.into_map().into_iter().flatten());
        context.insert_value("page", tera::Value::from(layout));
        let start = out.len();
        self.theme
            .tera
            .render_to(template, &context, &mut *out)
            .map_err(|e| self.template_failure(template, &e))?;
        lists
            .splice(&links.root, out, start)
            .map_err(|e| format!("themes/{}/templates/{template}: {e}", self.theme.name))
    }
}
