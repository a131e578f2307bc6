//! The evidence maps: the home page (the first declared map), each other
//! map's page, a cell's page, and the matrix view every page that shows a
//! matrix uses.

use super::views::{Cell, Count, Link, MapView, MatrixRow, MatrixView};
use super::{Page, Rendered, Renderer};
use crate::content::{Lang, Vocabulary};
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
    /// The home page: the first map, the totals and the newest studies.
    pub(super) fn home_page(&'a self, page: &mut Page<'_, 'a>, newest: &[usize]) -> Rendered {
        let site = self.site;
        let links = page.links;
        let map = self.map_view(links, 0);
        page.context.insert("matrices", &map.matrices);
        page.context.insert("map", &map);
        let totals = site.totals();
        page.context.insert("total_studies", &totals.studies);
        page.context
            .insert("total_participants", &totals.participants);
        let counts: Vec<Count> = totals
            .counts
            .iter()
            .filter_map(|&(v, n)| {
                let words = site.vocabulary(v).count.as_ref()?;
                Some(Count {
                    n,
                    label: words.get(links.lang).0.clone(),
                })
            })
            .collect();
        page.context.insert("counts", &counts);
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

    /// The page of a declared map after the first.
    pub(super) fn map_page(&self, page: &mut Page, m: usize) -> Rendered {
        let map = self.map_view(page.links, m);
        let title = map.title.clone();
        page.context.insert("matrices", &map.matrices);
        page.context.insert("map", &map);
        Ok(("map.html", title))
    }

    /// Declared map `m`: its words and its matrices, every row shown (an
    /// empty row is a gap), their cells linking to their studies.
    fn map_view(&self, links: &Links, m: usize) -> MapView {
        let site = self.site;
        let lang = links.lang;
        let declared = &site.map_defs()[m];
        let start: usize = site.map_defs()[..m].iter().map(|d| d.columns.len()).sum();
        let matrices = site
            .map_matrices(m)
            .iter()
            .enumerate()
            .map(|(i, matrix)| self.matrix_view(links, matrix, Some(start + i), Rows::All))
            .collect();
        let singular = |v: Vocabulary| site.vocabulary(v).singular.get(lang).0.clone();
        let columns: Vec<String> = declared.columns.iter().map(|&c| singular(c)).collect();
        let counts_intro = self
            .evidence_view(lang)
            .map_intro
            .replace("{row}", &singular(declared.rows))
            .replace("{columns}", &self.one_of(lang, &columns));
        MapView {
            title: declared.title.get(lang).0.clone(),
            intro: declared.intro.as_ref().map(|i| i.get(lang).0.clone()),
            counts_intro,
            others: site
                .map_defs()
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != m)
                .map(|(other, d)| Link {
                    label: d.title.get(lang).0.clone(),
                    href: links.to(&if other == 0 {
                        urls::home()
                    } else {
                        urls::map(&d.key)
                    }),
                })
                .collect(),
            matrices,
        }
    }

    /// Words joined as "a, b or c" (in Chinese, "a、b或c").
    pub(super) fn one_of(&self, lang: Lang, words: &[String]) -> String {
        match words {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => {
                let separator = self.t(lang, "list_separator");
                format!("{}{}{last}", rest.join(&separator), self.t(lang, "list_or"))
            }
        }
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
        let site = self.site;
        let map = &site.maps[m];
        let links = page.links;
        let row = self.term_link(links, map.rows, r);
        let column = self.term_link(links, map.columns, c);
        let declared = site.map_of_matrix(m);
        let map_page = if declared == 0 {
            urls::home()
        } else {
            urls::map(&site.map_defs()[declared].key)
        };
        let title = format!("{} × {}", row.label, column.label);
        let list = self.study_list(links, studies, page.lists)?;
        page.context.insert("studies", &list);
        page.context.insert("row", &row);
        page.context.insert("column", &column);
        page.context.insert(
            "map_href",
            &format!(
                "{}#map-{}",
                links.to(&map_page),
                site.vocabulary(map.columns).key
            ),
        );
        Ok(("cell.html", title))
    }

    /// A matrix for a template. Cells of a map (`map` is its matrix's index
    /// in [`crate::model::Site::maps`]) link to their list of studies; a term
    /// page's matrix sits under its own list, so its cells are plain counts.
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
        let declared = map.map(|m| site.map_of_matrix(m)).filter(|&d| d > 0);
        MatrixView {
            id: format!("map-{}", site.vocabulary(columns).key),
            caption: format!(
                "{} × {}",
                self.vocabulary_name(lang, rows),
                self.vocabulary_name(lang, columns)
            ),
            row_header: self.vocabulary_name(lang, rows),
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
                                            declared.map(|d| site.map_defs()[d].key.as_str()),
                                            &site.terms(rows)[r].slug,
                                            &site.vocabulary(columns).key,
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
