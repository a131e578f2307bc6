//! Evidence matrices: studies counted by a row term and a column term, a
//! study counting once under each term it has and each of their ancestors.

use std::collections::BTreeMap;

use super::Site;
use crate::content::Vocabulary;

/// A matrix of studies by a row term and a column term. Only the cells
/// that hold a study are kept: a map of many terms costs what its studies
/// fill, not rows × columns. A study counts once in a cell however many of
/// the terms below the cell's terms it has, and once in each total.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub rows: Vocabulary,
    pub columns: Vocabulary,
    /// `(row, column)` → the studies in that cell, sorted.
    cells: BTreeMap<(usize, usize), Vec<usize>>,
    /// Row term → the studies in any cell of its row (each once).
    row_totals: BTreeMap<usize, usize>,
    /// Column term → the studies in any cell of its column.
    column_totals: BTreeMap<usize, usize>,
    /// The studies in any cell.
    total: usize,
}

impl Site {
    /// `rows` against `columns`, over the given studies (all, or a term's).
    /// Walks the studies in scope once, so a small scope (an author's three
    /// studies) costs little, whatever the size of the site.
    pub fn matrix(&self, rows: Vocabulary, columns: Vocabulary, studies: &[usize]) -> Matrix {
        let mut matrix = Matrix::from_cells(rows, columns, []);
        let mut scope = studies.to_vec();
        scope.sort_unstable();
        scope.dedup();
        let (mut row_terms, mut column_terms) = (Vec::new(), Vec::new());
        for s in scope {
            self.tag_with_ancestors(s, rows, &mut row_terms);
            self.tag_with_ancestors(s, columns, &mut column_terms);
            matrix.add_study(s, &row_terms, &column_terms, true);
        }
        matrix
    }

    /// The terms a study is tagged with in one vocabulary, and their parent
    /// terms (a study in a state counts for its country), each once.
    pub fn tagged_with_ancestors(&self, study: usize, vocabulary: Vocabulary) -> Vec<usize> {
        let mut out = Vec::new();
        self.tag_with_ancestors(study, vocabulary, &mut out);
        out
    }

    /// [`Site::tagged_with_ancestors`] into a buffer the caller reuses.
    pub(crate) fn tag_with_ancestors(
        &self,
        study: usize,
        vocabulary: Vocabulary,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        let terms = self.terms(vocabulary);
        for &t in self.studies[study]
            .terms
            .get(&vocabulary)
            .into_iter()
            .flatten()
        {
            let mut next = Some(t);
            while let Some(term) = next {
                if out.contains(&term) {
                    break;
                }
                out.push(term);
                next = terms[term].parent;
            }
        }
    }
}

impl Matrix {
    /// A matrix of the given filled cells (`(row, column)` → studies).
    pub fn from_cells(
        rows: Vocabulary,
        columns: Vocabulary,
        cells: impl IntoIterator<Item = ((usize, usize), Vec<usize>)>,
    ) -> Matrix {
        let cells: BTreeMap<(usize, usize), Vec<usize>> =
            cells.into_iter().filter(|(_, s)| !s.is_empty()).collect();
        let mut by_row: BTreeMap<usize, std::collections::BTreeSet<usize>> = BTreeMap::new();
        let mut by_column: BTreeMap<usize, std::collections::BTreeSet<usize>> = BTreeMap::new();
        let mut all: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
        for (&(r, c), studies) in &cells {
            by_row.entry(r).or_default().extend(studies);
            by_column.entry(c).or_default().extend(studies);
            all.extend(studies);
        }
        Matrix {
            rows,
            columns,
            cells,
            row_totals: by_row.into_iter().map(|(r, s)| (r, s.len())).collect(),
            column_totals: by_column.into_iter().map(|(c, s)| (c, s.len())).collect(),
            total: all.len(),
        }
    }

    /// Adds study `s`, whose terms (with their ancestors) are `row_terms`
    /// and `column_terms`, to its cells and totals, or takes it out of
    /// them: taking out is given the terms it was added with.
    pub(super) fn add_study(
        &mut self,
        s: usize,
        row_terms: &[usize],
        column_terms: &[usize],
        add: bool,
    ) {
        if row_terms.is_empty() || column_terms.is_empty() {
            return;
        }
        for &r in row_terms {
            for &c in column_terms {
                self.put(r, c, s, add);
            }
        }
        let step = |total: &mut usize| {
            *total = if add {
                *total + 1
            } else {
                total.saturating_sub(1)
            };
        };
        for &r in row_terms {
            step(self.row_totals.entry(r).or_default());
        }
        for &c in column_terms {
            step(self.column_totals.entry(c).or_default());
        }
        step(&mut self.total);
        self.row_totals.retain(|_, n| *n > 0);
        self.column_totals.retain(|_, n| *n > 0);
    }

    /// The studies in any cell of row `r`, each once.
    pub fn row_total(&self, r: usize) -> usize {
        self.row_totals.get(&r).copied().unwrap_or(0)
    }

    /// The studies in any cell of column `c`, each once.
    pub fn column_total(&self, c: usize) -> usize {
        self.column_totals.get(&c).copied().unwrap_or(0)
    }

    /// The studies in any cell, each once.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The studies in the cell at row term `r` and column term `c`.
    pub fn cell(&self, r: usize, c: usize) -> &[usize] {
        self.cells.get(&(r, c)).map_or(&[], Vec::as_slice)
    }

    /// The cells that hold a study, by row then column: `(row, column,
    /// studies)`.
    pub fn filled(&self) -> impl Iterator<Item = (usize, usize, &[usize])> {
        self.cells
            .iter()
            .map(|(&(r, c), studies)| (r, c, studies.as_slice()))
    }

    /// Whether any cell of row `r` holds a study.
    pub fn row_has_studies(&self, r: usize) -> bool {
        self.cells.range((r, 0)..(r + 1, 0)).next().is_some()
    }

    /// Adds study `s` to a cell, or takes it out (a cell left empty goes).
    fn put(&mut self, r: usize, c: usize, s: usize, add: bool) {
        let cell = self.cells.entry((r, c)).or_default();
        match (cell.binary_search(&s), add) {
            (Err(i), true) => cell.insert(i, s),
            (Ok(i), false) => {
                cell.remove(i);
            }
            _ => {}
        }
        if cell.is_empty() {
            self.cells.remove(&(r, c));
        }
    }

    /// The rows, of `rows` terms, with no study in any cell.
    pub fn empty_rows(&self, rows: usize) -> Vec<usize> {
        (0..rows).filter(|&r| !self.row_has_studies(r)).collect()
    }

    /// The columns, of `columns` terms, with no study in any cell of the
    /// rows in view (`only` one row, or all).
    pub fn empty_columns(&self, columns: usize, only: Option<usize>) -> Vec<usize> {
        let mut filled = vec![false; columns];
        for (r, c, _) in self.filled() {
            if only.is_none_or(|o| o == r) && c < columns {
                filled[c] = true;
            }
        }
        (0..columns).filter(|&c| !filled[c]).collect()
    }

    /// The most studies any one cell holds.
    pub fn max_count(&self) -> usize {
        self.cells.values().map(Vec::len).max().unwrap_or(0)
    }

    /// A cell's shade: 0 for an empty cell (a gap), then 1 to 4, the
    /// number of the site's count `steps` ([`Site::heat_steps`]) it reaches.
    pub fn heat_level(count: usize, steps: &HeatSteps) -> usize {
        steps.iter().filter(|&&step| count >= step).count()
    }
}

/// The lowest count of each shade, 1 to 4: the same in every table of the
/// site, so that one shade means one range of counts wherever it is shown.
pub type HeatSteps = [usize; 4];

/// Steps of one width for a site whose fullest cell holds `max` studies:
/// 1, 2, 3, 4 up to seven studies; otherwise the width is the largest
/// round number (1, 2 or 5 times a power of ten) at most a quarter of
/// `max`, so the top shade is always reached.
pub fn heat_steps_for(max: usize) -> HeatSteps {
    let quarter = (max / 4).max(1);
    let mut width = 1;
    let mut power = 1usize;
    while power <= quarter {
        for m in [1, 2, 5] {
            let w = power.saturating_mul(m);
            if w <= quarter {
                width = w;
            }
        }
        power = power.saturating_mul(10);
    }
    [1, width + 1, 2 * width + 1, 3 * width + 1]
}

impl Site {
    /// The count steps of the shades of every matrix of the site, from the
    /// fullest cell of its maps.
    pub fn heat_steps(&self) -> HeatSteps {
        heat_steps_for(self.maps.iter().map(Matrix::max_count).max().unwrap_or(0))
    }

    /// The terms of `vocabulary` that some study is tagged with (or, for a
    /// parent term, one of its children): the rows and columns a map shows.
    /// A term no study uses is listed on its vocabulary's page, not shown as
    /// a row or column of zeros that would read as a gap in the evidence.
    pub fn terms_in_use(&self, vocabulary: Vocabulary) -> Vec<usize> {
        self.terms(vocabulary)
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.studies.is_empty())
            .map(|(i, _)| i)
            .collect()
    }
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
        Matrix::from_cells(Vocabulary::nth(0), Vocabulary::nth(3), filled)
    }

    #[test]
    fn totals_count_each_study_once() {
        // Study 7 is in two columns of row 0 (a country and its state):
        // once in the row's total, once in the whole.
        let m = Matrix::from_cells(
            Vocabulary::nth(0),
            Vocabulary::nth(1),
            [((0, 0), vec![7, 8]), ((0, 1), vec![7]), ((1, 0), vec![8])],
        );
        assert_eq!((m.row_total(0), m.row_total(1), m.row_total(2)), (2, 1, 0));
        assert_eq!((m.column_total(0), m.column_total(1)), (2, 1));
        assert_eq!(m.total(), 2);
        let mut built = Matrix::from_cells(Vocabulary::nth(0), Vocabulary::nth(1), []);
        built.add_study(7, &[0], &[0, 1], true);
        built.add_study(8, &[0, 1], &[0], true);
        assert_eq!(built, m);
        built.add_study(8, &[0, 1], &[0], false);
        built.add_study(7, &[0], &[0, 1], false);
        assert_eq!(
            built,
            Matrix::from_cells(Vocabulary::nth(0), Vocabulary::nth(1), [])
        );
    }

    #[test]
    fn empty_areas_are_the_rows_and_columns_without_a_study() {
        let m = matrix(vec![vec![1, 0, 0], vec![0, 0, 0], vec![2, 0, 1]]);
        assert_eq!(m.empty_rows(3), vec![1]);
        assert_eq!(m.empty_columns(3, None), vec![1]);
        // One row term's brief: its own row's empty columns.
        assert_eq!(m.empty_columns(3, Some(0)), vec![1, 2]);
        assert_eq!(m.empty_columns(3, Some(1)), vec![0, 1, 2]);
        assert!(matrix(Vec::new()).empty_rows(0).is_empty());
    }

    #[test]
    fn heat_steps_are_round_and_the_top_shade_is_reached() {
        assert_eq!(heat_steps_for(0), [1, 2, 3, 4]);
        assert_eq!(heat_steps_for(7), [1, 2, 3, 4]);
        assert_eq!(heat_steps_for(8), [1, 3, 5, 7]);
        assert_eq!(heat_steps_for(40), [1, 11, 21, 31]);
        assert_eq!(heat_steps_for(1234), [1, 201, 401, 601]);
        for max in 4..5000 {
            let steps = heat_steps_for(max);
            assert!(steps[3] <= max, "{max}: {steps:?}");
            assert!(steps[3] * 20 > 3 * max, "{max}: {steps:?}");
        }
        let steps = heat_steps_for(8);
        let levels: Vec<usize> = (0..9).map(|n| Matrix::heat_level(n, &steps)).collect();
        assert_eq!(levels, [0, 1, 1, 2, 2, 3, 3, 4, 4]);
    }
}
