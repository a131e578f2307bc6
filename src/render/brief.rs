//! Printable evidence briefs: the whole map's and each theme's.

use super::finding::first_finding;
use super::fragments::Lists;
use super::map::Rows;
use super::views::{BriefStudy, BriefView, GapLine};
use super::{BRIEF_STUDY, Page, Rendered, Renderer};
use crate::citation;
use crate::content::{Lang, Vocabulary};
use crate::model::Matrix;
use crate::urls::{self, Links};

/// The columns of a brief's maps: the people the studies concern, then
/// their designs.
const BRIEF_COLUMNS: [Vocabulary; 2] = [Vocabulary::Populations, Vocabulary::Designs];

impl<'a> Renderer<'a> {
    /// A printable brief of the whole map, or of one theme.
    pub(super) fn brief_page(
        &'a self,
        page: &mut Page<'_, 'a>,
        studies: &[usize],
        theme: Option<usize>,
    ) -> Rendered {
        let view = self.brief_view(page.links, studies, theme, page.lists)?;
        let title = view.title.clone();
        page.context.insert("brief", &view);
        Ok(("brief.html", title))
    }

    /// A printable brief: the map of its studies and one paragraph on each.
    pub(super) fn brief_view<'r>(
        &'r self,
        links: &Links,
        studies: &[usize],
        theme: Option<usize>,
        lists: &mut Lists<'r>,
    ) -> Result<BriefView, String> {
        let site = self.site;
        let lang = links.lang;
        let themes = site.terms(Vocabulary::Themes);
        let (title, rows, back) = match theme {
            Some(t) => (
                format!("{}: {}", self.t(lang, "brief"), themes[t].label.get(lang).0),
                Rows::Only(t),
                links.to(&urls::term(Vocabulary::Themes, &themes[t].slug)),
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
        // The whole map's brief shows the maps the model holds; a theme's
        // brief, maps of its own studies.
        let mut made = Vec::new();
        for columns in BRIEF_COLUMNS {
            let held = site.maps.iter().position(|m| {
                theme.is_none() && m.rows == Vocabulary::Themes && m.columns == columns
            });
            made.push(match held {
                Some(m) => Err(m),
                None => Ok(site.matrix(Vocabulary::Themes, columns, studies)),
            });
        }
        let matrices: Vec<&Matrix> = made
            .iter()
            .map(|m| match m {
                Ok(matrix) => matrix,
                Err(held) => &site.maps[*held],
            })
            .collect();
        let gaps = self.gap_lines(lang, &matrices, theme);
        let matrices = matrices
            .into_iter()
            .map(|m| self.matrix_view(links, m, None, rows))
            .collect();
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
            matrices,
            gaps,
            studies,
        })
    }

    /// Study `s`'s section of a brief.
    pub(super) fn brief_section(&self, links: &Links, s: usize) -> Result<String, String> {
        let entry = &self.site.studies[s];
        let (summary, untranslated) = entry.summary.get(links.lang);
        let section = BriefStudy {
            id: entry.study.id.clone(),
            item: self.study_item(links, s),
            citation: citation::apa(&entry.study, links.lang),
            lead_html: match first_finding(summary.html.as_str(), &summary.lead) {
                Some(html) => html.to_string(),
                None => {
                    let mut html = "<p>".to_string();
                    let _ = pulldown_cmark_escape::escape_html(&mut html, &summary.lead);
                    html.push_str("</p>");
                    html
                }
            },
            untranslated,
        };
        self.render_fragment(BRIEF_STUDY, "b", &section, links.lang)
    }
}

impl Renderer<'_> {
    /// The largest empty areas of a brief's maps, one line per vocabulary:
    /// the themes with no study (on the whole map's brief; a theme's brief
    /// is about one theme), then each map's columns with no study.
    fn gap_lines(&self, lang: Lang, matrices: &[&Matrix], theme: Option<usize>) -> Vec<GapLine> {
        let label = |v: Vocabulary, i: usize| self.site.terms(v)[i].label.get(lang).0.clone();
        let mut lines = Vec::new();
        if let (None, Some(first)) = (theme, matrices.first()) {
            let empty = self.without_not_stated(
                first.rows,
                empty_rows(first, self.site.terms(first.rows).len()),
            );
            if !empty.is_empty() {
                lines.push(GapLine {
                    label: self.t(lang, first.rows.key()),
                    terms: empty.into_iter().map(|r| label(first.rows, r)).collect(),
                });
            }
        }
        for matrix in matrices {
            let empty = self.without_not_stated(
                matrix.columns,
                empty_columns(matrix, self.site.terms(matrix.columns).len(), theme),
            );
            if !empty.is_empty() {
                lines.push(GapLine {
                    label: self.t(lang, matrix.columns.key()),
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

/// The rows of `matrix` (of `rows` terms) with no study in any cell.
fn empty_rows(matrix: &Matrix, rows: usize) -> Vec<usize> {
    (0..rows).filter(|&r| !matrix.row_has_studies(r)).collect()
}

/// The columns of `matrix` (of `columns` terms) with no study in any cell
/// of the rows shown (`only` one row, or all).
fn empty_columns(matrix: &Matrix, columns: usize, only: Option<usize>) -> Vec<usize> {
    let mut filled = vec![false; columns];
    for (r, c, _) in matrix.filled() {
        if only.is_none_or(|o| o == r) && c < columns {
            filled[c] = true;
        }
    }
    (0..columns).filter(|&c| !filled[c]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(cells: Vec<Vec<usize>>) -> Matrix {
        let filled = cells.into_iter().enumerate().flat_map(|(r, row)| {
            row.into_iter()
                .enumerate()
                .filter(|&(_, n)| n > 0)
                .map(move |(c, n)| ((r, c), (0..n).collect()))
        });
        Matrix::from_cells(Vocabulary::Themes, Vocabulary::Designs, filled)
    }

    #[test]
    fn empty_areas_are_the_rows_and_columns_without_a_study() {
        let m = matrix(vec![vec![1, 0, 0], vec![0, 0, 0], vec![2, 0, 1]]);
        assert_eq!(empty_rows(&m, 3), vec![1]);
        assert_eq!(empty_columns(&m, 3, None), vec![1]);
        // One theme's brief: its own row's empty columns.
        assert_eq!(empty_columns(&m, 3, Some(0)), vec![1, 2]);
        assert_eq!(empty_columns(&m, 3, Some(1)), vec![0, 1, 2]);
        assert!(empty_rows(&matrix(Vec::new()), 0).is_empty());
    }
}
