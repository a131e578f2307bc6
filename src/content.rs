//! The typed content of a site, as contributors write it: what validation
//! produces and the model consumes. Plain data, no behaviour beyond small
//! accessors; nothing here is published as is (the model decides what is).
//! Fields for reviewers only (`internal_notes`) are checked by validation
//! and have no place here, so no output can show them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

/// A site language. Language is a value passed through the pipeline, never
/// a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>` and hreflang.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// Text in both languages. English is required; Chinese may be missing, in
/// which case the site shows the English text marked as untranslated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Localized<T> {
    pub en: T,
    pub zh: Option<T>,
}

impl<T> Localized<T> {
    /// The text in `lang`, and whether it is a fallback to English.
    pub fn get(&self, lang: Lang) -> (&T, bool) {
        match (lang, &self.zh) {
            (Lang::Zh, Some(zh)) => (zh, false),
            (Lang::Zh, None) => (&self.en, true),
            (Lang::En, _) => (&self.en, false),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: Localized<String>,
    pub tagline: Localized<String>,
    /// Always ends with `/`.
    pub base_url: String,
    pub default_language: Lang,
    pub languages: Vec<Lang>,
    pub theme: String,
    /// Where the map's studies come from, which decides how the site words
    /// an empty cell.
    pub evidence: Evidence,
}

/// Where a map's studies come from (site.yaml's `evidence`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// What the studies cover, in the site's words; none when site.yaml
    /// does not say.
    pub scope: Option<Localized<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceKind {
    /// Studies gathered or supplied some other way: an empty cell only says
    /// that the collection holds no study there. The default, because it
    /// claims the least.
    Collection,
    /// Studies found by a systematic search run between two dates
    /// (`YYYY-MM-DD`, first to last).
    SystematicSearch { from: String, to: String },
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            kind: EvidenceKind::Collection,
            scope: None,
        }
    }
}

/// The five controlled vocabularies, in the order the site shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vocabulary {
    Themes,
    Populations,
    Regions,
    Designs,
    Settings,
}

impl Vocabulary {
    pub const ALL: [Vocabulary; 5] = [
        Vocabulary::Themes,
        Vocabulary::Populations,
        Vocabulary::Regions,
        Vocabulary::Designs,
        Vocabulary::Settings,
    ];

    /// The key in taxonomies.yaml and the URL folder.
    pub fn key(self) -> &'static str {
        match self {
            Vocabulary::Themes => "themes",
            Vocabulary::Populations => "populations",
            Vocabulary::Regions => "regions",
            Vocabulary::Designs => "designs",
            Vocabulary::Settings => "settings",
        }
    }

    /// One term of it, for messages: "unknown theme `x`".
    pub fn singular(self) -> &'static str {
        match self {
            Vocabulary::Themes => "theme",
            Vocabulary::Populations => "population",
            Vocabulary::Regions => "region",
            Vocabulary::Designs => "design",
            Vocabulary::Settings => "setting",
        }
    }
}

/// The slug of a term that records that a study's source does not say
/// (which population, which place): it answers the question honestly
/// rather than being a place or a group itself, and stands alone.
pub const NOT_STATED: &str = "not-stated";

#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub label: Localized<String>,
    pub description: Option<Localized<String>>,
    /// Regions only: the slug of the enclosing region.
    pub parent: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    pub terms: BTreeMap<Vocabulary, Vec<Term>>,
}

impl Taxonomies {
    pub fn terms(&self, vocabulary: Vocabulary) -> &[Term] {
        self.terms.get(&vocabulary).map_or(&[], Vec::as_slice)
    }

    /// The given slugs and every term below them (a country's states and
    /// provinces), as a choice of regions means.
    pub fn with_descendants<'a>(
        &self,
        vocabulary: Vocabulary,
        slugs: impl IntoIterator<Item = &'a str>,
    ) -> std::collections::BTreeSet<String> {
        let terms = self.terms(vocabulary);
        let mut set: std::collections::BTreeSet<String> =
            slugs.into_iter().map(str::to_string).collect();
        loop {
            let before = set.len();
            for t in terms {
                if t.parent.as_ref().is_some_and(|p| set.contains(p)) {
                    set.insert(t.slug.clone());
                }
            }
            if set.len() == before {
                return set;
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorName {
    pub family: String,
    pub given: Option<String>,
    /// A stable id joining several name forms of one researcher.
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Completed,
    Ongoing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    Yes,
    No,
    CantTell,
}

#[derive(Debug, Clone)]
pub struct Criterion {
    pub id: String,
    pub answer: Answer,
}

#[derive(Debug, Clone)]
pub struct Quality {
    pub tool: String,
    pub criteria: Vec<Criterion>,
    pub note: Option<Localized<String>>,
}

/// A Markdown file as read from disk.
#[derive(Debug, Clone)]
pub struct MarkdownSource {
    /// Path shown in diagnostics, relative to the site root.
    pub file: String,
    pub text: Arc<str>,
}

#[derive(Debug, Clone)]
pub struct Study {
    pub id: String,
    pub dir: PathBuf,
    pub title: Localized<String>,
    pub authors: Vec<AuthorName>,
    pub year: Option<i32>,
    pub journal: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub url: Option<String>,
    pub design: String,
    pub methods: Localized<String>,
    pub sample_size: Option<u64>,
    pub sample: Option<Localized<String>>,
    pub populations: Vec<String>,
    pub regions: Vec<String>,
    pub settings: Vec<String>,
    pub themes: Vec<String>,
    pub publication_date: Option<String>,
    pub status: Status,
    pub open_access: Option<bool>,
    pub keywords: Option<Localized<Vec<String>>>,
    pub funding: Option<Localized<String>>,
    pub quality: Option<Quality>,
    pub date_added: String,
    pub date_updated: String,
    pub summary: Localized<MarkdownSource>,
}

impl Study {
    /// The terms of one vocabulary this study is tagged with.
    pub fn slugs(&self, vocabulary: Vocabulary) -> &[String] {
        match vocabulary {
            Vocabulary::Themes => &self.themes,
            Vocabulary::Populations => &self.populations,
            Vocabulary::Regions => &self.regions,
            Vocabulary::Designs => std::slice::from_ref(&self.design),
            Vocabulary::Settings => &self.settings,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub name: String,
    pub source: Localized<MarkdownSource>,
}

/// Everything validation accepted.
#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub site: SiteConfig,
    pub taxonomies: Taxonomies,
    pub studies: Vec<Study>,
    pub pages: Vec<Page>,
}
