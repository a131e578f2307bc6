//! Printable evidence briefs: the first map's and each of its rows' (a
//! theme's, on the default content).

use super::fragments::Lists;
use super::matrix::Rows;
use super::views::{BriefRow, BriefSelection, BriefStudy, BriefView, GapLine, Link};
use super::{BRIEF_STUDY, Page, Rendered, Renderer};
use crate::citation;
use crate::content::{Lang, Vocabulary};
use crate::model::Matrix;
use crate::model::pages::{self, BriefStudies};
use crate::urls::{self, Links};

impl<'a> Renderer<'a> {
    /// A printable brief of the whole map, or of one of its row terms.
    pub(super) fn brief_page(
        &'a self,
        page: &mut Page<'_, 'a>,
        studies: &[usize],
        row_term: Option<usize>,
    ) -> Rendered {
        let view = self.brief_view(page.links, studies, row_term, page.lists)?;
        let title = view.title.clone();
        page.context.insert("brief", &view);
        Ok(("brief.html", title))
    }

    /// A printable brief: the map of its studies and one paragraph on each.
    pub(super) fn brief_view<'r>(
        &'r self,
        links: &Links,
        studies: &[usize],
        row_term: Option<usize>,
        lists: &mut Lists<'r>,
    ) -> Result<BriefView, String> {
        let site = self.site;
        let lang = links.lang;
        let declared = &site.map_defs()[0];
        let row_terms = site.terms(declared.rows);
        let (title, rows, back) = match row_term {
            Some(t) => (
                format!(
                    "{}: {}",
                    self.t(lang, "brief"),
                    row_terms[t].label.get(lang).0
                ),
                Rows::Only(t),
                links.to(&urls::term(
                    &site.vocabulary(declared.rows).key,
                    &row_terms[t].slug,
                )),
            ),
            None => (
                format!(
                    "{}: {}",
                    self.t(lang, "brief"),
                    site.config.title.get(lang).0
                ),
                Rows::WithStudies,
                links.to(&urls::home()),
            ),
        };
        // The whole map's brief shows the maps the model holds; a row term's
        // brief, maps of its own studies.
        let mut made = Vec::new();
        let held = site.map_matrices(0);
        for &columns in &declared.brief {
            let whole = held
                .iter()
                .find(|m| row_term.is_none() && m.columns == columns);
            made.push(match whole {
                Some(m) => Err(m),
                None => Ok(site.matrix(declared.rows, columns, studies)),
            });
        }
        let matrices: Vec<&Matrix> = made
            .iter()
            .map(|m| match m {
                Ok(matrix) => matrix,
                Err(held) => *held,
            })
            .collect();
        let gaps = self.gap_lines(lang, &matrices, row_term);
        let matrices = matrices
            .into_iter()
            .map(|m| self.matrix_view(links, m, None, rows, declared.segment))
            .collect();
        let count = studies.len();
        let (sections, selection, rows) = match pages::brief_studies(site, studies, row_term) {
            BriefStudies::Every(all) => (all, None, Vec::new()),
            BriefStudies::Newest(newest, of) => {
                let selection = row_term.map(|t| self.brief_selection(links, t, newest.len(), of));
                (newest, selection, Vec::new())
            }
            BriefStudies::ByRow(by_row) => {
                let rows = by_row
                    .into_iter()
                    .map(|(r, newest, of)| {
                        Ok(BriefRow {
                            label: row_terms[r].label.get(lang).0.clone(),
                            selection: self.brief_selection(links, r, newest.len(), of),
                            studies: self.study_list(links, &newest, lists)?,
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                (Vec::new(), None, rows)
            }
        };
        let sections = sections
            .iter()
            .map(|&s| {
                self.fragment_at(&self.fragments.briefs, links, s, |links| {
                    self.brief_section(links, s)
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let studies = lists.add(sections);
        let rows_note = (!rows.is_empty()).then(|| {
            self.t(lang, "brief_by_row")
                .replace("{row}", site.vocabulary(declared.rows).singular.get(lang).0)
                .replace("{n}", &pages::BRIEF_PER_ROW.to_string())
        });
        Ok(BriefView {
            title,
            back,
            date: site.last_updated.clone(),
            matrices,
            gaps,
            count,
            studies,
            selection,
            rows,
            rows_note,
        })
    }

    /// What a brief shows of row term `t`'s `of` studies when it shows
    /// the newest `shown`: "5 of 812 studies on Burnout, newest first",
    /// with a link to the term's page, which lists them all.
    fn brief_selection(&self, links: &Links, t: usize, shown: usize, of: usize) -> BriefSelection {
        let site = self.site;
        let lang = links.lang;
        let rows = site.rows();
        let term = &site.terms(rows)[t];
        let label = term.label.get(lang).0;
        let text = if shown == of {
            let count = match of {
                1 => self.t(lang, "one_study"),
                _ => self.t(lang, "n_studies").replace("{n}", &of.to_string()),
            };
            self.t(lang, "brief_selection_whole")
                .replace("{count}", &count)
                .replace("{term}", label)
        } else {
            self.t(lang, "brief_selection")
                .replace("{shown}", &shown.to_string())
                .replace("{n}", &of.to_string())
                .replace("{term}", label)
        };
        BriefSelection {
            text,
            all: Link {
                label: self.t(lang, "brief_selection_all").replace("{term}", label),
                href: links.to(&urls::term(&site.vocabulary(rows).key, &term.slug)),
            },
        }
    }

    /// Study `s`'s section of a brief.
    pub(super) fn brief_section(&self, links: &Links, s: usize) -> Result<String, String> {
        let entry = &self.site.studies[s];
        let (summary, untranslated) = entry.summary.get(links.lang);
        let section = BriefStudy {
            id: entry.study.id.clone(),
            item: self.study_item(links, s),
            citation: citation::apa(&entry.study, links.lang),
            lead_html: summary.first_finding(),
            untranslated,
        };
        self.render_fragment(BRIEF_STUDY, "b", &section, links.lang)
    }
}

impl Renderer<'_> {
    /// The largest empty areas of a brief's maps, one line per vocabulary:
    /// the row_terms with no study (on the whole map's brief; one row term's brief
    /// is about one row_term), then each map's columns with no study.
    fn gap_lines(&self, lang: Lang, matrices: &[&Matrix], row_term: Option<usize>) -> Vec<GapLine> {
        let label = |v: Vocabulary, i: usize| self.site.terms(v)[i].label.get(lang).0.clone();
        let mut lines = Vec::new();
        if let (None, Some(first)) = (row_term, matrices.first()) {
            let empty = self.without_not_stated(
                first.rows,
                first.empty_rows(self.site.terms(first.rows).len()),
            );
            if !empty.is_empty() {
                lines.push(GapLine {
                    label: self.vocabulary_name(lang, first.rows),
                    terms: empty.into_iter().map(|r| label(first.rows, r)).collect(),
                });
            }
        }
        for matrix in matrices {
            let empty = self.without_not_stated(
                matrix.columns,
                matrix.empty_columns(self.site.terms(matrix.columns).len(), row_term),
            );
            if !empty.is_empty() {
                lines.push(GapLine {
                    label: self.vocabulary_name(lang, matrix.columns),
                    terms: empty
                        .into_iter()
                        .map(|c| label(matrix.columns, c))
                        .collect(),
                });
            }
        }
        lines
    }

    /// Leaves out a "not stated" term: a source that says nothing is not an
    /// area of the evidence.
    fn without_not_stated(&self, v: Vocabulary, terms: Vec<usize>) -> Vec<usize> {
        let all = self.site.terms(v);
        terms
            .into_iter()
            .filter(|&t| !all[t].is_not_stated())
            .collect()
    }
}
