//! What every page's layout shows: the menu, the stylesheets, the data
//! downloads and feed (shared by all pages of a language at one folder
//! depth), and the page's own title, language switch and alternates.

use super::Renderer;
use super::views::{Alternate, EvidenceView, Link, NavItem, PageLayout, SharedLayout};
use crate::content::{EvidenceKind, Lang, Vocabulary};
use crate::export;
use crate::model::Site;
use crate::model::pages::{PageJob, PageKind};
use crate::urls::{self, Links};

/// What names a menu item: a UI string, or a vocabulary's name.
#[derive(Debug, Clone, Copy)]
pub(super) enum NavLabel {
    Ui(&'static str),
    Vocabulary(Vocabulary),
}

/// The menu's items: the map, the studies, the vocabularies declared with
/// `nav: true`, search, and the about page when the site has one.
pub(super) fn nav_items(site: &Site) -> Vec<(NavLabel, String)> {
    let mut items = vec![
        (NavLabel::Ui("map"), urls::home()),
        (NavLabel::Ui("studies"), urls::studies()),
    ];
    items.extend(
        site.vocabulary_ids()
            .filter(|&v| site.vocabulary(v).nav)
            .map(|v| {
                (
                    NavLabel::Vocabulary(v),
                    urls::vocabulary(&site.vocabulary(v).key),
                )
            }),
    );
    items.push((NavLabel::Ui("search"), urls::search()));
    if site.pages.iter().any(|p| p.name == "about") {
        items.push((NavLabel::Ui("about"), urls::page("about")));
    }
    items
}

/// Folder depths whose shared layout a renderer keeps (the deepest pages,
/// a map cell's in a second language, are five folders down).
pub(super) const SHARED_DEPTHS: usize = 8;

impl Renderer<'_> {
    /// The menu; the item whose page `default_path` is, is current.
    pub(super) fn nav(&self, links: &Links, default_path: Option<&str>) -> Vec<NavItem> {
        self.nav_items
            .iter()
            .map(|(label, path)| NavItem {
                label: match *label {
                    NavLabel::Ui(key) => self.t(links.lang, key),
                    NavLabel::Vocabulary(v) => self.vocabulary_name(links.lang, v),
                },
                untranslated: match *label {
                    NavLabel::Ui(_) => false,
                    NavLabel::Vocabulary(v) => self.vocabulary_untranslated(links.lang, v),
                },
                href: links.to(path),
                current: Some(path.as_str()) == default_path,
            })
            .collect()
    }

    /// In a copy of part of the map: "This offline copy holds 1 study on
    /// Burnout; the whole map is at …", in `lang`.
    fn subset_note(&self, lang: Lang) -> Option<String> {
        let site = self.site;
        let chosen = site.config.subset.as_ref()?;
        let on: Vec<String> = chosen
            .iter()
            .map(|(v, slugs)| {
                let labels: Vec<String> = slugs
                    .iter()
                    .filter_map(|slug| site.terms(*v).iter().find(|t| t.slug == *slug))
                    .map(|t| t.label.get(lang).0.clone())
                    .collect();
                self.one_of(lang, &labels)
            })
            .collect();
        let n = site.studies.len();
        let count = if n == 1 {
            self.t(lang, "one_study")
        } else {
            self.t(lang, "n_studies").replace("{n}", &n.to_string())
        };
        Some(
            self.t(lang, "subset_note")
                .replace("{count}", &count)
                .replace("{terms}", &on.join(&self.t(lang, "subset_and")))
                .replace("{url}", &site.config.base_url),
        )
    }

    /// The layout's values that pages at `links`' depth and language share
    /// (with the UI strings as `t`), made the first time they are needed.
    pub(super) fn shared_layout(&self, links: &Links) -> tera::Map {
        let depth = links.root.len() / "../".len();
        // Only roots made of `../` share a layout (the 404 page's root is
        // the site's address).
        let relative = links.root == "../".repeat(depth);
        let slot = self
            .site
            .config
            .languages
            .iter()
            .position(|&l| l == links.lang)
            .map(|lang| lang * SHARED_DEPTHS + depth)
            .filter(|_| relative && depth < SHARED_DEPTHS)
            .and_then(|i| self.shared.get(i));
        let make = || {
            let site = self.site;
            let lang = links.lang;
            let root = &links.root;
            let shared = SharedLayout {
                lang: lang.code(),
                html_lang: lang.html_lang(),
                root: root.clone(),
                home: links.to(&urls::home()),
                site_title: site.config.title.get(lang).0.clone(),
                tagline: site.config.tagline.get(lang).0.clone(),
                nav: self.nav(links, None),
                stylesheets: vec![
                    links.to_file("assets/site.css"),
                    links.to_file("assets/highlight.css"),
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
                evidence: self.evidence_view(lang),
                subset: self.subset_note(lang),
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

    /// How the map is worded in `lang`, after site.yaml's `evidence`: a
    /// collection's empty cell only says the collection holds no study
    /// there; a systematic search's may say that none was found.
    pub(super) fn evidence_view(&self, lang: Lang) -> EvidenceView {
        let evidence = &self.site.config.evidence;
        let (kind, suffix, from, to) = match &evidence.kind {
            EvidenceKind::Collection => ("collection", "collection", "", ""),
            EvidenceKind::SystematicSearch { from, to } => (
                "systematic-search",
                "systematic",
                from.as_str(),
                to.as_str(),
            ),
        };
        let word = |key: &str| {
            self.t(lang, &format!("{key}_{suffix}"))
                .replace("{from}", from)
                .replace("{to}", to)
        };
        let statement = match &evidence.scope {
            Some(scope) => word("evidence_scope").replace(
                "{scope}",
                scope.get(lang).0.trim_end_matches(['.', '。', ' ']).trim(),
            ),
            None => word("evidence"),
        };
        EvidenceView {
            kind,
            statement,
            map_intro: word("map_intro"),
            gap: word("gap"),
            gap_text: word("gap_text"),
            brief_intro: word("brief_intro"),
            brief_gaps: word("brief_gaps"),
        }
    }

    /// The layout's values that are the page's own: its title, the menu
    /// with the page marked when the menu links to it, the switch to the
    /// same page in the other language and, online, its absolute URLs.
    pub(super) fn page_layout(&self, job: &PageJob, links: &Links, title: String) -> PageLayout {
        let site = self.site;
        let lang = job.lang;
        let default = site.config.default_language;
        let base = &site.config.base_url;
        let default_path = job.default_path.as_str();
        let in_nav = self.nav_items.iter().any(|(_, path)| path == default_path);
        // A missing path's page has no address of its own to give.
        let online = !self.offline && job.kind != PageKind::NotFound;
        let switch = site
            .config
            .languages
            .iter()
            .find(|l| **l != lang)
            .map(|&other| Link {
                label: self.t(lang, "other_language"),
                href: links.in_other_language(default_path, other),
            });
        let alternates = site
            .config
            .languages
            .iter()
            .map(|&l| Alternate {
                hreflang: l.html_lang(),
                href: urls::absolute(base, &urls::in_lang(default_path, l, default)),
            })
            .collect();
        PageLayout {
            title,
            nav: in_nav.then(|| self.nav(links, Some(default_path))),
            switch,
            canonical: online.then(|| urls::absolute(base, &job.path)),
            alternates: if online { alternates } else { Vec::new() },
        }
    }
}
