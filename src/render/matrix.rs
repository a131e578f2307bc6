//! A matrix as a template shows it: the terms in use as rows and columns,
//! nested under their parents (column headers over several rows, row
//! groups), the totals of distinct studies, and, for a map with a segment
//! vocabulary, each cell's split across the segment's terms.

use super::Renderer;
use super::views::{
    Cell, HeaderCell, MatrixRow, MatrixTotals, MatrixView, SegmentKey, SegmentLegend, SegmentPart,
};
use crate::content::Vocabulary;
use crate::model::{Matrix, Site};
use crate::urls::{self, Links};

/// Which rows of a matrix a page shows.
#[derive(Clone, Copy)]
pub(super) enum Rows {
    All,
    WithStudies,
    Only(usize),
}

/// Terms in the order a matrix shows them: each after its parent, with its
/// depth among the terms shown.
fn in_tree_order(site: &Site, v: Vocabulary, shown: &[usize]) -> Vec<(usize, usize)> {
    let terms = site.terms(v);
    let is_shown = |t: usize| shown.binary_search(&t).is_ok();
    let mut out = Vec::with_capacity(shown.len());
    fn visit(
        terms: &[crate::model::TermEntry],
        is_shown: &dyn Fn(usize) -> bool,
        t: usize,
        depth: usize,
        out: &mut Vec<(usize, usize)>,
    ) {
        out.push((t, depth));
        for &c in &terms[t].children {
            if is_shown(c) {
                visit(terms, is_shown, c, depth + 1, out);
            }
        }
    }
    for &t in shown {
        let parent_shown = terms[t].parent.is_some_and(is_shown);
        if !parent_shown {
            visit(terms, &is_shown, t, 0, &mut out);
        }
    }
    out
}

/// How many columns a term's subtree takes (itself and every term below
/// it that is shown), for each term in `order`.
fn spans(order: &[(usize, usize)]) -> Vec<usize> {
    (0..order.len())
        .map(|i| {
            let depth = order[i].1;
            1 + order[i + 1..]
                .iter()
                .take_while(|(_, d)| *d > depth)
                .count()
        })
        .collect()
}

/// The column header rows: a term with terms below it heads its group
/// (`scope="colgroup"`) on its own level, and its own column (the studies
/// of the whole group) is headed "All" one level down; a term without
/// terms below it spans the levels under it.
fn header_rows(
    r: &Renderer,
    links: &Links,
    v: Vocabulary,
    order: &[(usize, usize)],
) -> Vec<Vec<HeaderCell>> {
    let levels = order.iter().map(|(_, d)| d + 1).max().unwrap_or(1);
    let spans = spans(order);
    let mut rows: Vec<Vec<HeaderCell>> = (0..levels).map(|_| Vec::new()).collect();
    for (i, &(t, depth)) in order.iter().enumerate() {
        let link = r.term_link(links, v, t);
        if spans[i] > 1 {
            rows[depth].push(HeaderCell {
                label: link.label,
                href: Some(link.href),
                colspan: spans[i],
                rowspan: 1,
                group: true,
            });
            rows[depth + 1].push(HeaderCell {
                label: r.t(links.lang, "all_in_group"),
                href: None,
                colspan: 1,
                rowspan: levels - depth - 1,
                group: false,
            });
        } else {
            rows[depth].push(HeaderCell {
                label: link.label,
                href: Some(link.href),
                colspan: 1,
                rowspan: levels - depth,
                group: false,
            });
        }
    }
    rows
}

impl Renderer<'_> {
    /// A matrix for a template. Cells of a map (`map` is its matrix's index
    /// in [`crate::model::Site::maps`]) link to their list of studies; a
    /// term page's matrix sits under its own list, so its cells are plain
    /// counts. With a `segment` (a map's, on the map and in its brief),
    /// each cell shows its split across that vocabulary's terms.
    pub(super) fn matrix_view(
        &self,
        links: &Links,
        matrix: &Matrix,
        map: Option<usize>,
        shown: Rows,
        segment: Option<Vocabulary>,
    ) -> MatrixView {
        let site = self.site;
        let lang = links.lang;
        let (rows, columns) = (matrix.rows, matrix.columns);
        let steps = site.heat_steps();
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
        let column_order = in_tree_order(site, columns, &shown_columns);
        let row_order = in_tree_order(site, rows, &shown_rows);
        let declared = map.map(|m| site.map_of_matrix(m));
        let legend = segment.map(|v| self.segment_legend(lang, v));
        let cell = |r: usize, c: usize| {
            let studies = matrix.cell(r, c);
            Cell {
                count: studies.len(),
                level: Matrix::heat_level(studies.len(), &steps),
                row: r,
                column: c,
                href: (map.is_some() && !studies.is_empty()).then(|| {
                    links.to(&urls::cell(
                        declared
                            .filter(|&d| d > 0)
                            .map(|d| site.map_defs()[d].key.as_str()),
                        &site.terms(rows)[r].slug,
                        &site.vocabulary(columns).key,
                        &site.terms(columns)[c].slug,
                    ))
                }),
                segments: match (segment, &legend) {
                    (Some(v), Some(legend)) => segment_parts(site, v, legend, studies),
                    _ => Vec::new(),
                },
            }
        };
        // When rows are nested, each top-level row starts a group of its
        // own (`<tbody>`), headed with `scope="rowgroup"` when rows sit
        // below it; otherwise every row is in one group.
        let nested_rows = row_order.iter().any(|(_, d)| *d > 0);
        let row_spans = spans(&row_order);
        let mut groups: Vec<Vec<MatrixRow>> = Vec::new();
        for (i, &(r, depth)) in row_order.iter().enumerate() {
            let link = self.term_link(links, rows, r);
            if groups.is_empty() || (nested_rows && depth == 0) {
                groups.push(Vec::new());
            }
            let row = MatrixRow {
                term: r,
                label: link.label,
                href: link.href,
                depth,
                group: nested_rows && depth == 0 && row_spans[i] > 1,
                cells: column_order.iter().map(|&(c, _)| cell(r, c)).collect(),
                total: matrix.row_total(r),
            };
            if let Some(group) = groups.last_mut() {
                group.push(row);
            }
        }
        let nested_columns = column_order.iter().any(|(_, d)| *d > 0);
        MatrixView {
            id: format!("map-{}", site.vocabulary(columns).key),
            map: declared.map(|d| d.to_string()),
            rows_vocabulary: rows.index(),
            columns_vocabulary: columns.index(),
            segment_vocabulary: segment.map(|v| v.index().to_string()),
            column_terms: column_order.iter().map(|&(c, _)| c).collect(),
            caption: format!(
                "{} × {}",
                self.vocabulary_name(lang, rows),
                self.vocabulary_name(lang, columns)
            ),
            row_header: self.vocabulary_name(lang, rows),
            header_rows: header_rows(self, links, columns, &column_order),
            column_groups: if nested_columns {
                let spans = spans(&column_order);
                column_order
                    .iter()
                    .zip(spans)
                    .filter(|((_, d), _)| *d == 0)
                    .map(|(_, span)| span)
                    .collect()
            } else {
                Vec::new()
            },
            columns: column_order
                .iter()
                .map(|&(c, _)| self.term_link(links, columns, c))
                .collect(),
            groups,
            totals: (row_order.len() > 1).then(|| MatrixTotals {
                columns: column_order
                    .iter()
                    .map(|&(c, _)| matrix.column_total(c))
                    .collect(),
                total: matrix.total(),
            }),
            segment: legend,
        }
    }

    /// The legend of a map's segment: its top-level terms, each with a
    /// letter for readers without colour, and "not given" last.
    fn segment_legend(&self, lang: crate::content::Lang, v: Vocabulary) -> SegmentLegend {
        let terms = self.site.terms(v);
        let mut keys: Vec<SegmentKey> = terms
            .iter()
            .filter(|t| t.parent.is_none())
            .map(|t| t.label.get(lang).0.clone())
            .chain(std::iter::once(self.t(lang, "segment_not_given")))
            .enumerate()
            .map(|(index, label)| SegmentKey {
                key: letter(index),
                index,
                label,
            })
            .collect();
        keys.shrink_to_fit();
        SegmentLegend {
            // In the middle of a sentence: "Each cell split by study design".
            name: self.site.vocabulary(v).singular.get(lang).0.clone(),
            keys,
        }
    }
}

/// A legend key's letter: A, B, … Z, then AA, AB, …
fn letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

/// How a cell's studies split across the segment's top-level terms (a
/// study counts for the top-level term above each of its terms, once), and
/// those with no term of it: only the parts with a study, each with its
/// share of the cell in tenths for the bar.
fn segment_parts(
    site: &Site,
    v: Vocabulary,
    legend: &SegmentLegend,
    studies: &[usize],
) -> Vec<SegmentPart> {
    let tops = site.top_level(v);
    let mut counts = vec![0usize; tops.len() + 1];
    for &s in studies {
        let segments = site.segments_of(s, v, &tops);
        if segments.is_empty() {
            counts[tops.len()] += 1;
        }
        for k in segments {
            counts[k] += 1;
        }
    }
    let total = studies.len().max(1);
    counts
        .into_iter()
        .enumerate()
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| SegmentPart {
            key: legend.keys[k].key.clone(),
            index: k,
            label: legend.keys[k].label.clone(),
            count: n,
            tenths: ((n * 10 + total / 2) / total).clamp(1, 10),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_past_z() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
    }

    #[test]
    fn spans_cover_each_terms_subtree() {
        // a, its children b (with its own child c) and d; then e.
        let order = [(0, 0), (1, 1), (2, 2), (3, 1), (4, 0)];
        assert_eq!(spans(&order), vec![4, 2, 1, 1, 1]);
    }
}
