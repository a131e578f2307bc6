//! The typed content of a site, as contributors write it: what validation
//! produces and the model consumes. Plain data, no behaviour beyond small
//! accessors; nothing here is published as is (the model decides what is).
//! Fields for reviewers only (`internal_notes`) are checked by validation
//! and have no place here, so no output can show them.

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
    /// Whether study pages show the source's own abstract (study.yaml's
    /// `source_abstract`, which `gapmap import` keeps), quoted and labelled
    /// as the source's words.
    pub publish_abstracts: bool,
    /// The maps, the first of them the home page's.
    pub maps: Vec<MapDef>,
    /// What related studies share, most weighty first.
    pub related: Vec<Vocabulary>,
    /// Where the map's studies come from, which decides how the site words
    /// an empty cell.
    pub evidence: Evidence,
    /// Set in an offline copy of part of the map (`gapmap bundle --theme
    /// …`): the terms it was chosen by, each vocabulary's slugs.
    pub subset: Option<Vec<(Vocabulary, Vec<String>)>>,
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

/// A vocabulary of the site: its place in content/taxonomies.yaml, which
/// is also the order the site shows vocabularies in. What it is called and
/// which terms it has are the declaration's ([`VocabularyDef`]); gapmap's
/// code names no vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Vocabulary(u16);

impl Vocabulary {
    pub fn nth(index: usize) -> Vocabulary {
        Vocabulary(index as u16)
    }

    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The most vocabularies related studies can be ranked by (site.yaml's
/// `related`).
pub const MAX_RANKED_BY: usize = 4;

/// Where a study's line in lists shows a vocabulary's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListPlace {
    /// Right after the year.
    AfterYear,
    /// After the number of participants.
    AfterSize,
    /// On a line of their own.
    Tags,
}

/// One vocabulary as content/taxonomies.yaml declares it.
#[derive(Debug, Clone)]
pub struct VocabularyDef {
    /// The URL folder (`themes/`).
    pub key: String,
    /// The study.yaml field (the key unless the declaration says otherwise).
    pub field: String,
    /// The vocabulary's name: headings, filters, navigation.
    pub name: Localized<String>,
    /// One of its terms, in messages and sentences ("unknown theme `x`").
    pub singular: Localized<String>,
    pub description: Option<Localized<String>>,
    /// Whether a study lists several terms or names one.
    pub multiple: bool,
    /// Whether a study must give at least one term.
    pub required: bool,
    /// Whether the studies list and the map offer it as a filter.
    pub filter: bool,
    /// Whether the site's navigation links it.
    pub nav: bool,
    pub list: Option<ListPlace>,
    /// The words after the home page's count of its top-level terms in
    /// use ("5 countries"), when it is counted.
    pub count: Option<Localized<String>>,
    pub terms: Vec<Term>,
}

impl VocabularyDef {
    /// The name of its filter in a page address (`?theme=burnout`): its
    /// English singular as a slug.
    pub fn facet(&self) -> String {
        slug::slugify(&self.singular.en)
    }
}

/// A map as site.yaml declares it: one vocabulary's terms as rows against
/// one or more vocabularies' as columns (the reader switches between
/// them), each cell optionally split by a segment vocabulary's terms.
#[derive(Debug, Clone)]
pub struct MapDef {
    /// Its page, `maps/<key>/`, for every map after the first (the first
    /// is the home page's).
    pub key: String,
    pub rows: Vocabulary,
    pub columns: Vec<Vocabulary>,
    pub segment: Option<Vocabulary>,
    /// The column vocabularies the printed brief shows.
    pub brief: Vec<Vocabulary>,
    pub title: Localized<String>,
    pub intro: Option<Localized<String>>,
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
    /// The slug of the enclosing term of the same vocabulary, if any.
    pub parent: Option<String>,
}

/// The site's vocabularies, in their declared order.
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    pub vocabularies: Vec<VocabularyDef>,
}

impl std::ops::Index<Vocabulary> for Taxonomies {
    type Output = VocabularyDef;

    fn index(&self, v: Vocabulary) -> &VocabularyDef {
        &self.vocabularies[v.index()]
    }
}

impl Taxonomies {
    /// Every vocabulary, in order.
    pub fn all(&self) -> impl Iterator<Item = Vocabulary> + Clone + use<> {
        (0..self.vocabularies.len()).map(Vocabulary::nth)
    }

    pub fn terms(&self, vocabulary: Vocabulary) -> &[Term] {
        self.vocabularies
            .get(vocabulary.index())
            .map_or(&[], |v| v.terms.as_slice())
    }

    /// The vocabulary with this key.
    pub fn by_key(&self, key: &str) -> Option<Vocabulary> {
        self.vocabularies
            .iter()
            .position(|v| v.key == key)
            .map(Vocabulary::nth)
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
    pub methods: Localized<String>,
    pub sample_size: Option<u64>,
    pub sample: Option<Localized<String>>,
    /// The terms of each vocabulary, by [`Vocabulary::index`].
    pub terms: Vec<Vec<String>>,
    pub publication_date: Option<String>,
    pub status: Status,
    pub open_access: Option<bool>,
    pub keywords: Option<Localized<Vec<String>>>,
    pub funding: Option<Localized<String>>,
    pub quality: Option<Quality>,
    /// The source's own abstract, kept for whoever writes the summary;
    /// published only where site.yaml's `publish_abstracts` says so.
    pub source_abstract: Option<String>,
    pub date_added: String,
    pub date_updated: String,
    pub summary: Localized<MarkdownSource>,
}

impl Study {
    /// The terms of one vocabulary this study is tagged with.
    pub fn slugs(&self, vocabulary: Vocabulary) -> &[String] {
        self.terms
            .get(vocabulary.index())
            .map_or(&[], Vec::as_slice)
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub name: String,
    pub source: Localized<MarkdownSource>,
}

/// A study moved in by `gapmap import` that still lacks what the site
/// requires (a summary, a required vocabulary's terms): left out of the
/// site until it is complete, listed by `gapmap check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: String,
    /// What it still lacks: the study.yaml fields and summary files.
    pub missing: Vec<String>,
}

/// The line an imported study's summaries start with until someone writes
/// them: such a summary is still to be written, and its study a draft.
pub const SUMMARY_TO_BE_WRITTEN: &str =
    "<!-- gapmap import: this summary is still to be written. -->";

/// Everything validation accepted.
#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub site: SiteConfig,
    pub taxonomies: Taxonomies,
    pub studies: Vec<Study>,
    /// Imported studies still being coded: not part of the site.
    pub drafts: Vec<Draft>,
    pub pages: Vec<Page>,
}
