//! Evidence matrices: studies counted by a row term and a column term, a
//! study counting once under each term it has and each of their ancestors.

use super::Site;
use crate::content::Vocabulary;

/// The dimensions the evidence map can show as columns, rows being themes.
pub const MAP_COLUMNS: [Vocabulary; 3] = [
    Vocabulary::Populations,
    Vocabulary::Regions,
    Vocabulary::Designs,
];

/// A matrix of studies: `cells[row][column]` holds study indices.
pub struct Matrix {
    pub rows: Vocabulary,
    pub columns: Vocabulary,
    pub cells: Vec<Vec<Vec<usize>>>,
}

impl Site {
    /// Themes against `columns`, over the given studies (all, or a term's).
    /// Walks the studies in scope once, so a small scope (an author's three
    /// studies) costs little, whatever the size of the site.
    pub fn matrix(&self, rows: Vocabulary, columns: Vocabulary, studies: &[usize]) -> Matrix {
        let mut cells = vec![vec![Vec::new(); self.terms(columns).len()]; self.terms(rows).len()];
        let mut scope = studies.to_vec();
        scope.sort_unstable();
        scope.dedup();
        let (mut row_terms, mut column_terms) = (Vec::new(), Vec::new());
        for s in scope {
            self.tag_with_ancestors(s, rows, &mut row_terms);
            self.tag_with_ancestors(s, columns, &mut column_terms);
            for &r in &row_terms {
                for &c in &column_terms {
                    cells[r][c].push(s);
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
    /// The most studies any one cell holds.
    pub fn max_count(&self) -> usize {
        self.cells.iter().flatten().map(Vec::len).max().unwrap_or(0)
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
