//! The evidence map: the home page's matrices, a cell's page, and the
//! matrix view every page that shows a matrix uses.

use super::views::{Cell, MatrixRow, MatrixView};
use super::{Page, Rendered, Renderer};
use crate::model::Matrix;
use crate::urls::{self, Links};

/// Which rows of a matrix a page shows.
#[derive(Clone, Copy)]
pub(super) enum Rows {
    All,
    WithStudies,
    Only(usize),
}

impl<'a> Renderer<'a> {
    /// The home page: the maps, the totals and the newest studies.
    pub(super) fn home_page(&'a self, page: &mut Page<'_, 'a>, newest: &[usize]) -> Rendered {
        let site = self.site;
        let links = page.links;
        let matrices: Vec<MatrixView> = site
            .maps
            .iter()
            .enumerate()
            .map(|(m, map)| self.matrix_view(links, map, Some(m), Rows::All))
            .collect();
        page.context.insert("matrices", &matrices);
        let totals = site.totals();
        page.context.insert("total_studies", &totals.studies);
        page.context
            .insert("total_participants", &totals.participants);
        page.context.insert("total_regions", &totals.regions);
        let list = self.study_list(links, newest, page.lists)?;
        page.context.insert("studies", &list);
        page.context.insert("last_updated", &site.last_updated);
        page.context.insert(
            "methods_href",
            &site
                .pages
                .iter()
                .position(|p| p.name == "methods")
                .map(|_| links.to(&urls::page("methods"))),
        );
        Ok(("index.html", site.config.title.get(links.lang).0.clone()))
    }

    /// One cell of a home map: its studies.
    pub(super) fn cell_page(
        &'a self,
        page: &mut Page<'_, 'a>,
        studies: &[usize],
        m: usize,
        r: usize,
        c: usize,
    ) -> Rendered {
        let map = &self.site.maps[m];
        let links = page.links;
        let row = self.term_link(links, map.rows, r);
        let column = self.term_link(links, map.columns, c);
        let title = format!("{} × {}", row.label, column.label);
        let list = self.study_list(links, studies, page.lists)?;
        page.context.insert("studies", &list);
        page.context.insert("row", &row);
        page.context.insert("column", &column);
        page.context.insert(
            "map_href",
            &format!("{}#map-{}", links.to(&urls::home()), map.columns.key()),
        );
        Ok(("cell.html", title))
    }

    /// A matrix for a template. Cells of the home map (`map` is its index)
    /// link to their list of studies; a term page's matrix sits under its
    /// own list, so its cells are plain counts.
    pub(super) fn matrix_view(
        &self,
        links: &Links,
        matrix: &Matrix,
        map: Option<usize>,
        shown: Rows,
    ) -> MatrixView {
        let site = self.site;
        let lang = links.lang;
        let (rows, columns) = (matrix.rows, matrix.columns);
        let max = matrix.max_count();
        // Terms no study uses are neither rows nor columns: a row or column
        // of zeros would read as a gap in the evidence.
        let shown_columns = site.terms_in_use(columns);
        let shown_rows: Vec<usize> = match shown {
            Rows::All => site.terms_in_use(rows),
            Rows::WithStudies => site
                .terms_in_use(rows)
                .into_iter()
                .filter(|&r| matrix.row_has_studies(r))
                .collect(),
            Rows::Only(only) => vec![only],
        };
        MatrixView {
            id: format!("map-{}", columns.key()),
            caption: format!(
                "{} × {}",
                self.t(lang, rows.key()),
                self.t(lang, columns.key())
            ),
            row_header: self.t(lang, rows.key()),
            columns: shown_columns
                .iter()
                .map(|&c| self.term_link(links, columns, c))
                .collect(),
            rows: shown_rows
                .into_iter()
                .map(|r| {
                    let row = self.term_link(links, rows, r);
                    MatrixRow {
                        label: row.label,
                        href: row.href.clone(),
                        cells: shown_columns
                            .iter()
                            .map(|&c| {
                                let studies = matrix.cell(r, c);
                                Cell {
                                    count: studies.len(),
                                    level: Matrix::heat_level(studies.len(), max),
                                    href: (map.is_some() && !studies.is_empty()).then(|| {
                                        links.to(&urls::cell(
                                            &site.terms(rows)[r].slug,
                                            columns,
                                            &site.terms(columns)[c].slug,
                                        ))
                                    }),
                                }
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}
