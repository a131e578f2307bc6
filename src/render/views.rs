//! The values templates receive: small serialisable views of the model,
//! made for one page. docs/themes.md lists them for theme authors.

use serde::Serialize;

use super::fragments::ListView;
use crate::content::{Lang, Localized};

#[derive(Serialize)]
pub(super) struct Text {
    pub(super) text: String,
    /// Shown in English because the Chinese is missing.
    pub(super) untranslated: bool,
}

pub(super) fn text(value: &Localized<String>, lang: Lang) -> Text {
    let (text, fallback) = value.get(lang);
    Text {
        text: text.clone(),
        untranslated: fallback,
    }
}

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) label: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) label: String,
    pub(super) href: String,
    pub(super) current: bool,
    /// Whether the label is English on a page in another language (a
    /// vocabulary's name without a translation).
    pub(super) untranslated: bool,
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) hreflang: &'static str,
    pub(super) href: String,
}

/// What the layout shows of the page itself: its title, whether a menu
/// item is the page, and links to the page in other languages.
#[derive(Serialize)]
pub(super) struct PageLayout {
    pub(super) title: String,
    /// Only on the pages the menu links to: on every other page the shared
    /// menu, where no item is current, stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) nav: Option<Vec<NavItem>>,
    /// The same page in the other language.
    pub(super) switch: Option<Link>,
    pub(super) canonical: Option<String>,
    pub(super) alternates: Vec<Alternate>,
}

/// What the layout shows the same on every page of a language at one
/// folder depth: made once for each and shared by thousands of pages.
#[derive(Serialize)]
pub(super) struct SharedLayout {
    pub(super) lang: &'static str,
    pub(super) html_lang: &'static str,
    pub(super) root: String,
    pub(super) home: String,
    pub(super) site_title: String,
    pub(super) tagline: String,
    pub(super) nav: Vec<NavItem>,
    pub(super) stylesheets: Vec<String>,
    /// This language's Atom feed (none offline).
    pub(super) feed: Option<String>,
    /// The whole map's data files (see `export`).
    pub(super) downloads: Vec<Link>,
    /// How the site words the map, after site.yaml's `evidence`.
    pub(super) evidence: EvidenceView,
    /// In an offline copy of part of the map, the sentence saying which
    /// studies it holds and where the whole map is.
    pub(super) subset: Option<String>,
}

/// The words for what the map's counts and empty cells mean, chosen by
/// where its studies come from (a collection or a systematic search).
#[derive(Serialize)]
pub(super) struct EvidenceView {
    /// `collection` or `systematic-search`.
    pub(super) kind: &'static str,
    /// One sentence on where the studies come from, with their scope.
    pub(super) statement: String,
    /// What a map's cell counts, with `{row}` and `{columns}` for the
    /// map's vocabularies (see [`MapView::counts_intro`]).
    pub(super) map_intro: String,
    /// An empty cell's tooltip.
    pub(super) gap: String,
    /// The legend's words for an empty cell.
    pub(super) gap_text: String,
    /// The printed brief's introduction.
    pub(super) brief_intro: String,
    /// The printed brief's words before its largest empty areas.
    pub(super) brief_gaps: String,
}

#[derive(Serialize)]
pub(super) struct BriefView {
    pub(super) title: String,
    /// The page the brief was printed from.
    pub(super) back: String,
    /// When the map was last updated.
    pub(super) date: String,
    /// The first map's rows × each column vocabulary its `brief` names.
    pub(super) matrices: Vec<MatrixView>,
    /// The largest empty areas of those matrices: whole columns, and on
    /// the whole map's brief whole rows, with no study.
    pub(super) gaps: Vec<GapLine>,
    /// How many studies the brief covers.
    pub(super) count: usize,
    /// Each study's section, rendered by `partials/brief_study.html`
    /// (none when the brief shows its studies by row).
    pub(super) studies: ListView,
    /// When the brief shows only some of its studies: what it shows and
    /// where all of them are.
    pub(super) selection: Option<BriefSelection>,
    /// The whole map's brief of a map with long rows: each row's newest
    /// studies, as lists show them, and the words that say so.
    pub(super) rows: Vec<BriefRow>,
    pub(super) rows_note: Option<String>,
}

/// "5 of 812 studies on Burnout, newest first", and a link to them all.
#[derive(Serialize)]
pub(super) struct BriefSelection {
    pub(super) text: String,
    pub(super) all: Link,
}

/// One row of the whole map's brief when it shows each row's newest
/// studies.
#[derive(Serialize)]
pub(super) struct BriefRow {
    pub(super) label: String,
    pub(super) selection: BriefSelection,
    /// The studies' list items (`partials/study_item.html`).
    pub(super) studies: ListView,
}

/// One vocabulary's terms a brief's maps hold no study on.
#[derive(Serialize)]
pub(super) struct GapLine {
    /// The vocabulary's name: Themes, Populations, Designs.
    pub(super) label: String,
    /// The terms' labels, in the vocabulary's order.
    pub(super) terms: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct BriefStudy {
    /// The study's id, which anchors its section.
    pub(super) id: String,
    pub(super) item: StudyItem,
    pub(super) citation: String,
    /// The study's first finding: its lead paragraph and the list right
    /// after it, cut from the summary's trusted HTML (shown as it is).
    pub(super) lead_html: crate::markdown::TrustedHtml,
    pub(super) untranslated: bool,
}

#[derive(Serialize)]
pub(super) struct StudyItem {
    pub(super) title: Text,
    pub(super) href: String,
    pub(super) year: Option<i32>,
    /// The labels of each vocabulary shown right after the year (`list:
    /// after-year`), one text per vocabulary.
    pub(super) after_year: Vec<String>,
    pub(super) sample_size: Option<u64>,
    /// The same for `list: after-size`, after the number of participants.
    pub(super) after_size: Vec<String>,
    /// The vocabularies shown on a line of their own (`list: tags`).
    pub(super) tags: Vec<TagGroup>,
    /// The first sentence of the study's first finding, on one line.
    pub(super) finding: Text,
    pub(super) citation_incomplete: bool,
    /// The `data-*` attributes the filter script reads, escaped, to be
    /// shown as they are (`{{ s.data | safe }}`; empty but on the studies
    /// page).
    pub(super) data: String,
}

/// A vocabulary's terms on a study's line: its name (for a screen
/// reader) and the terms' labels.
#[derive(Serialize)]
pub(super) struct TagGroup {
    pub(super) name: String,
    pub(super) labels: Vec<String>,
}

/// One `data-*` attribute of a study on the studies page.
pub(super) struct DataAttribute {
    pub(super) name: String,
    pub(super) value: String,
}

/// One facet of the studies page's filter form.
#[derive(Serialize)]
pub(super) struct FilterFacet {
    /// The URL query key: the vocabulary's English singular as a slug
    /// (`theme`, `population`, ...).
    pub(super) key: String,
    pub(super) legend: String,
    /// Whether the legend is English shown on a page in another language.
    pub(super) legend_untranslated: bool,
    pub(super) options: Vec<TermItem>,
    /// The vocabulary's index in the browse data (`GAPMAP_FACETS`), as a
    /// string; none for the status.
    pub(super) vocabulary: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Facet {
    pub(super) name: String,
    pub(super) terms: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct AuthorLink {
    pub(super) name: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct StudyView {
    pub(super) id: String,
    pub(super) title: Text,
    pub(super) authors: Vec<AuthorLink>,
    pub(super) year: Option<i32>,
    pub(super) journal: Option<String>,
    pub(super) volume: Option<String>,
    pub(super) issue: Option<String>,
    pub(super) pages: Option<String>,
    pub(super) doi: Option<String>,
    pub(super) url: Option<String>,
    /// The source's own abstract, where site.yaml publishes abstracts.
    pub(super) source_abstract: Option<String>,
    /// The vocabularies a study names one term of (its design), named in
    /// the singular.
    pub(super) kinds: Vec<Facet>,
    pub(super) methods: Text,
    pub(super) sample_size: Option<u64>,
    pub(super) sample: Option<Text>,
    pub(super) facets: Vec<Facet>,
    pub(super) summary_html: crate::markdown::TrustedHtml,
    pub(super) summary_untranslated: bool,
    pub(super) apa: String,
    pub(super) bibtex_html: String,
    pub(super) ris_html: String,
    /// The study's own citation files, for reference managers.
    pub(super) bib_href: String,
    pub(super) ris_href: String,
    pub(super) date_added: String,
    pub(super) date_updated: String,
    pub(super) status: String,
    pub(super) open_access: Option<bool>,
    pub(super) keywords: Vec<String>,
    pub(super) funding: Option<Text>,
    pub(super) citation_incomplete: bool,
    pub(super) missing: Vec<String>,
    pub(super) meta: Vec<Meta>,
    pub(super) coins: String,
    pub(super) quality: Option<QualityView>,
}

#[derive(Serialize)]
pub(super) struct QualityView {
    pub(super) tool: String,
    pub(super) criteria: Vec<CriterionView>,
    pub(super) note: Option<Text>,
}

#[derive(Serialize)]
pub(super) struct CriterionView {
    pub(super) id: String,
    /// The criterion's question, from the theme's UI strings keyed by tool
    /// and criterion (see [`super::study::criterion_key`]); none for a
    /// tool or criterion the theme does not know.
    pub(super) question: Option<String>,
    pub(super) answer: String,
}

#[derive(Serialize)]
pub(super) struct Meta {
    pub(super) name: String,
    pub(super) content: String,
}

#[derive(Serialize)]
pub(super) struct Cell {
    pub(super) count: usize,
    /// 0 (empty, a gap) to 4: the site's count steps it reaches.
    pub(super) level: usize,
    /// Its row's and column's terms by index.
    pub(super) row: usize,
    pub(super) column: usize,
    pub(super) href: Option<String>,
    /// What a screen reader calls its link ("2 studies: Self-care ×
    /// Adults", with the split across the segment): only with `href`.
    pub(super) name: Option<String>,
    /// The cell's split across the map's segment (none without one).
    pub(super) segments: Vec<SegmentPart>,
}

/// One part of a cell's split: a segment term with a study in the cell.
#[derive(Serialize)]
pub(super) struct SegmentPart {
    /// The legend's letter for the term.
    pub(super) key: String,
    /// The term's place in the legend (for its colour and pattern).
    pub(super) index: usize,
    pub(super) label: String,
    pub(super) count: usize,
    /// Its share of the cell's studies, in tenths (1 to 10), for the bar.
    pub(super) tenths: usize,
}

/// A cell page's studies under one term of the map's segment.
#[derive(Serialize)]
pub(super) struct SegmentGroup {
    pub(super) label: String,
    pub(super) studies: ListView,
}

/// A map's segment legend: the vocabulary's name and its top-level terms,
/// then "not given".
#[derive(Serialize)]
pub(super) struct SegmentLegend {
    pub(super) name: String,
    pub(super) keys: Vec<SegmentKey>,
}

#[derive(Serialize)]
pub(super) struct SegmentKey {
    pub(super) key: String,
    pub(super) index: usize,
    pub(super) label: String,
}

#[derive(Serialize)]
pub(super) struct MatrixRow {
    /// Its term by index.
    pub(super) term: usize,
    pub(super) label: String,
    pub(super) href: String,
    /// How many shown rows it sits below.
    pub(super) depth: usize,
    /// Whether it heads a group of rows (`scope="rowgroup"`).
    pub(super) group: bool,
    pub(super) cells: Vec<Cell>,
    /// The distinct studies in any of its cells.
    pub(super) total: usize,
}

/// One column header: a term, or the "All" column of a term with terms
/// below it.
#[derive(Serialize)]
pub(super) struct HeaderCell {
    pub(super) label: String,
    pub(super) href: Option<String>,
    pub(super) colspan: usize,
    pub(super) rowspan: usize,
    /// Whether it heads a group of columns (`scope="colgroup"`).
    pub(super) group: bool,
}

/// A matrix's totals row: the distinct studies of each column, and of the
/// whole matrix.
#[derive(Serialize)]
pub(super) struct MatrixTotals {
    pub(super) columns: Vec<usize>,
    pub(super) total: usize,
}

/// A declared map: its words and its matrices (one per column
/// vocabulary).
#[derive(Serialize)]
pub(super) struct MapView {
    pub(super) title: String,
    /// How to read it, as site.yaml words it.
    pub(super) intro: Option<String>,
    /// What a cell counts and what an empty one means, in the words of the
    /// site's evidence.
    pub(super) counts_intro: String,
    /// The site's other maps.
    pub(super) others: Vec<Link>,
    pub(super) matrices: Vec<MatrixView>,
    /// The colour key: each shade of a cell and the counts it stands for.
    pub(super) key: Vec<KeyStep>,
    /// The segment every matrix of the map is split by, for its legend.
    pub(super) segment: Option<SegmentLegend>,
    /// The facets the map can be filtered by, as on the studies page.
    pub(super) filters: Vec<FilterFacet>,
    /// The statuses a study can have. What the filter counts (the
    /// options' numbers, the years, the statuses in use) map.js reads from
    /// the data, so the page follows from the framework alone.
    pub(super) statuses: Vec<Choice>,
}

/// One shade of the map's colour key: `level` is a cell's `level`, and
/// `label` the counts it stands for ("1–2", "9 or more").
#[derive(Serialize)]
pub(super) struct KeyStep {
    pub(super) level: usize,
    pub(super) label: String,
}

/// An option of a form: the value the address holds, and its words.
#[derive(Serialize)]
pub(super) struct Choice {
    pub(super) value: String,
    pub(super) label: String,
}

/// A headline number: "5 countries".
#[derive(Serialize)]
pub(super) struct Count {
    pub(super) n: usize,
    pub(super) label: String,
}

#[derive(Serialize)]
pub(super) struct MatrixView {
    pub(super) id: String,
    /// The declared map it is a table of, by index (none for a term's
    /// matrix). Indices are strings: 0 is a number a template reads as false.
    pub(super) map: Option<String>,
    /// Its vocabularies and its columns' terms by index, for the map's
    /// script (GAPMAP_FACETS numbers vocabularies and terms alike).
    pub(super) rows_vocabulary: usize,
    pub(super) columns_vocabulary: usize,
    pub(super) segment_vocabulary: Option<String>,
    pub(super) column_terms: Vec<usize>,
    pub(super) caption: String,
    pub(super) row_header: String,
    /// The column headers, one row per level of nested column terms.
    pub(super) header_rows: Vec<Vec<HeaderCell>>,
    /// The columns each top-level column term spans (for `<colgroup>`);
    /// empty when no column term has terms below it.
    pub(super) column_groups: Vec<usize>,
    /// The columns in order (each term once).
    pub(super) columns: Vec<Link>,
    /// The rows, in groups (`<tbody>`).
    pub(super) groups: Vec<Vec<MatrixRow>>,
    /// Distinct studies per column and in all (none for a single row).
    pub(super) totals: Option<MatrixTotals>,
    pub(super) segment: Option<SegmentLegend>,
}

#[derive(Serialize)]
pub(super) struct TermItem {
    pub(super) slug: String,
    pub(super) label: String,
    pub(super) href: String,
    pub(super) count: usize,
    pub(super) depth: usize,
}

#[derive(Serialize)]
pub(super) struct TermView {
    pub(super) vocabulary: String,
    pub(super) label: Text,
    pub(super) description: Option<Text>,
    pub(super) also_known_as: Vec<String>,
    pub(super) parent: Option<Link>,
    pub(super) children: Vec<Link>,
    /// Whether the term has a printable brief (a term of the first map's
    /// rows: a theme).
    pub(super) has_brief: bool,
    pub(super) matrix: Option<MatrixView>,
}

/// The studies list's pages: where the reader is, and links to the pages
/// before and after, the first, the last and the ones next to this one.
#[derive(Serialize)]
pub(super) struct PaginationView {
    /// This page's number, from 1.
    pub(super) current: usize,
    pub(super) total: usize,
    pub(super) previous: Option<String>,
    pub(super) next: Option<String>,
    pub(super) pages: Vec<PageNumber>,
}

/// A numbered link of [`PaginationView`], or (with no number) the pages
/// left out between two of them.
#[derive(Serialize)]
pub(super) struct PageNumber {
    pub(super) number: Option<usize>,
    pub(super) href: String,
    pub(super) current: bool,
}
