//! Evidence matrices: studies counted by a row term and a column term, a
//! study counting once under each term it has and each of their ancestors.

use std::collections::BTreeMap;

use super::Site;
use crate::content::Vocabulary;

/// A matrix of studies by a row term and a column term. Only the cells
/// that hold a study are kept: a map of many terms costs what its studies
/// fill, not rows × columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub rows: Vocabulary,
    pub columns: Vocabulary,
    /// `(row, column)` → the studies in that cell, sorted.
    cells: BTreeMap<(usize, usize), Vec<usize>>,
}

impl Site {
    /// `rows` against `columns`, over the given studies (all, or a term's).
    /// Walks the studies in scope once, so a small scope (an author's three
    /// studies) costs little, whatever the size of the site.
    pub fn matrix(&self, rows: Vocabulary, columns: Vocabulary, studies: &[usize]) -> Matrix {
        let mut cells: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        let mut scope = studies.to_vec();
        scope.sort_unstable();
        scope.dedup();
        let (mut row_terms, mut column_terms) = (Vec::new(), Vec::new());
        for s in scope {
            self.tag_with_ancestors(s, rows, &mut row_terms);
            self.tag_with_ancestors(s, columns, &mut column_terms);
            for &r in &row_terms {
                for &c in &column_terms {
                    cells.entry((r, c)).or_default().push(s);
                }
            }
        }
        Matrix {
            rows,
            columns,
            cells,
        }
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
        Matrix {
            rows,
            columns,
            cells: cells.into_iter().filter(|(_, s)| !s.is_empty()).collect(),
        }
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
    pub(super) fn put(&mut self, r: usize, c: usize, s: usize, add: bool) {
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

    /// A cell's shade: 0 for an empty cell (a gap), then 1 to 4 in steps of
    /// the most studies a cell of this matrix holds (`max`, from
    /// [`Matrix::max_count`]).
    pub fn heat_level(count: usize, max: usize) -> usize {
        match (count, max) {
            (0, _) | (_, 0) => 0,
            (c, m) => 1 + (3 * (c - 1)) / m,
        }
    }
}

impl Site {
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
    fn empty_areas_are_the_rows_and_columns_without_a_study() {
        let m = matrix(vec![vec![1, 0, 0], vec![0, 0, 0], vec![2, 0, 1]]);
        assert_eq!(m.empty_rows(3), vec![1]);
        assert_eq!(m.empty_columns(3, None), vec![1]);
        // One theme's brief: its own row's empty columns.
        assert_eq!(m.empty_columns(3, Some(0)), vec![1, 2]);
        assert_eq!(m.empty_columns(3, Some(1)), vec![0, 1, 2]);
        assert!(matrix(Vec::new()).empty_rows(0).is_empty());
    }
}
