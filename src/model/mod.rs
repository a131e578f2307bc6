//! The one site model every output reads: studies with their rendered
//! summaries, the terms of each vocabulary with the studies under them
//! (a region includes its sub-regions), authors joined across name forms,
//! related studies and the evidence matrices. Built once from validated
//! content; nothing downstream re-reads content/ or recounts what is here.
//!
//! By job: [`index`] derives what links the studies (terms, authors, maps)
//! and patches it after a save; [`related`] ranks related studies;
//! [`matrix`] counts studies by row and column terms; [`facts`] states what
//! pages say of the whole map (totals, newest, orders, ranges, missing
//! citation parts); [`pages`] lists every page the site has.

mod facts;
mod index;
mod matrix;
pub mod pages;
mod related;

use std::collections::BTreeMap;

use rayon::prelude::*;

pub use facts::{CitationPart, RECENT, Totals};
pub use index::author_key;
pub use matrix::{HeatSteps, Matrix};
pub use related::{RELATED, RELATED_WINDOW};

use crate::content::{
    AuthorName, Content, Localized, MapDef, MarkdownSource, Page, SiteConfig, Study, Vocabulary,
    VocabularyDef,
};
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, H1, Rendered};

pub struct Site {
    pub config: SiteConfig,
    pub studies: Vec<StudyEntry>,
    pub vocabularies: BTreeMap<Vocabulary, Vec<TermEntry>>,
    /// What each vocabulary is called and how it is shown, by
    /// [`Vocabulary::index`]; its terms are in `vocabularies`.
    pub declared: Vec<VocabularyDef>,
    pub authors: Vec<AuthorEntry>,
    pub pages: Vec<PageEntry>,
    /// The latest `date_updated` of any study: the map's "last updated".
    pub last_updated: String,
    /// Every declared map's matrices, its rows against each of its column
    /// vocabularies, map after map ([`Site::map_matrices`]).
    pub maps: Vec<Matrix>,
}

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
    /// Whether the source leaves out some part of the citation (see
    /// [`StudyEntry::missing_citation_parts`]).
    pub fn citation_incomplete(&self) -> bool {
        !self.missing_citation_parts().is_empty()
    }
}

pub struct TermEntry {
    pub slug: String,
    pub label: Localized<String>,
    pub description: Option<Localized<String>>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Studies tagged with this term or any term below it; sorted by
    /// study index.
    pub studies: Vec<usize>,
}

impl TermEntry {
    /// Whether the term records that the source does not say.
    pub fn is_not_stated(&self) -> bool {
        self.slug == crate::content::NOT_STATED
    }
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

impl Site {
    /// Every vocabulary, in declared order.
    pub fn vocabulary_ids(&self) -> impl Iterator<Item = Vocabulary> + Clone + use<> {
        (0..self.declared.len()).map(Vocabulary::nth)
    }

    /// How vocabulary `v` is declared.
    pub fn vocabulary(&self, v: Vocabulary) -> &VocabularyDef {
        &self.declared[v.index()]
    }

    /// The declared maps, the first of them the home page's.
    pub fn map_defs(&self) -> &[MapDef] {
        &self.config.maps
    }

    /// Declared map `m`'s matrices, one per column vocabulary.
    pub fn map_matrices(&self, m: usize) -> &[Matrix] {
        let start: usize = self.config.maps[..m].iter().map(|d| d.columns.len()).sum();
        &self.maps[start..start + self.config.maps[m].columns.len()]
    }

    /// The declared map a matrix of [`Site::maps`] belongs to.
    pub fn map_of_matrix(&self, flat: usize) -> usize {
        let mut start = 0;
        for (m, d) in self.config.maps.iter().enumerate() {
            start += d.columns.len();
            if flat < start {
                return m;
            }
        }
        0
    }

    /// The first map's rows: the vocabulary the home map, the theme briefs
    /// and each term page's map are read by.
    pub fn rows(&self) -> Vocabulary {
        self.config.maps[0].rows
    }

    pub fn terms(&self, vocabulary: Vocabulary) -> &[TermEntry] {
        self.vocabularies
            .get(&vocabulary)
            .map_or(&[], Vec::as_slice)
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
    let vocabularies: BTreeMap<Vocabulary, Vec<TermEntry>> = taxonomies
        .all()
        .map(|vocabulary| {
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

    // The terms live on as `vocabularies`; the declarations keep the rest.
    let declared: Vec<VocabularyDef> = taxonomies
        .vocabularies
        .into_iter()
        .map(|v| VocabularyDef {
            terms: Vec::new(),
            ..v
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
        declared,
        authors: Vec::new(),
        pages,
        last_updated: String::new(),
        maps: Vec::new(),
    };
    site.index();
    site
}

/// Lets a study's summary source go once it is rendered: the model holds
/// the summary rendered and never reads the source again.
pub(crate) fn forget_source(study: &mut Study) {
    study.summary.en.text = "".into();
    if let Some(zh) = &mut study.summary.zh {
        zh.text = "".into();
    }
}

/// Renders a document in each of its languages. What rendering says comes
/// with the text of each file it speaks about, to quote it: a build lets
/// every other file's text go once it is checked.
pub(crate) fn render_pair(
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
