//! What pages state about the whole map or about one study that is not a
//! field of it: totals, the newest studies, the studies list's order and
//! range of years, the parts of a citation a source leaves out. Defined
//! once here; every output reads them.

use super::{Site, StudyEntry};
use crate::content::{Lang, Status, Vocabulary};

/// How many of the studies added last the home page lists.
pub const RECENT: usize = 5;

/// The home page's headline numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub studies: usize,
    /// Participants summed over the studies that give a sample size.
    pub participants: u64,
    /// For each vocabulary declared with `count`, its top-level terms with
    /// at least one study ("not stated" is not a term of its own).
    pub counts: Vec<(Vocabulary, usize)>,
}

/// A part of a citation that a source can leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitationPart {
    Authors,
    Year,
    Journal,
    Doi,
}

impl CitationPart {
    /// The UI string that names the part, as in "missing_authors".
    pub fn key(self) -> &'static str {
        match self {
            CitationPart::Authors => "missing_authors",
            CitationPart::Year => "missing_year",
            CitationPart::Journal => "missing_journal",
            CitationPart::Doi => "missing_doi",
        }
    }
}

impl StudyEntry {
    /// The parts of the citation its source does not give, in the order
    /// pages list them.
    pub fn missing_citation_parts(&self) -> Vec<CitationPart> {
        let s = &self.study;
        [
            (s.authors.is_empty(), CitationPart::Authors),
            (s.year.is_none(), CitationPart::Year),
            (s.journal.is_none(), CitationPart::Journal),
            (s.doi.is_none(), CitationPart::Doi),
        ]
        .into_iter()
        .filter_map(|(missing, part)| missing.then_some(part))
        .collect()
    }
}

impl Site {
    /// The top-level terms of `v` (those without a parent), in order: a
    /// map's segments.
    pub fn top_level(&self, v: Vocabulary) -> Vec<usize> {
        let terms = self.terms(v);
        (0..terms.len())
            .filter(|&t| terms[t].parent.is_none())
            .collect()
    }

    /// Which of `tops` (from [`Site::top_level`]) stand above study `s`'s
    /// terms of `v`, as places in `tops`, each once: the segments a study
    /// is counted in.
    pub fn segments_of(&self, s: usize, v: Vocabulary, tops: &[usize]) -> Vec<usize> {
        let terms = self.terms(v);
        let mut out: Vec<usize> = Vec::new();
        for &t in self.studies[s].terms.get(&v).into_iter().flatten() {
            let mut top = t;
            while let Some(p) = terms[top].parent {
                top = p;
            }
            if let Ok(k) = tops.binary_search(&top)
                && !out.contains(&k)
            {
                out.push(k);
            }
        }
        out
    }

    pub fn totals(&self) -> Totals {
        Totals {
            studies: self.studies.len(),
            participants: self
                .studies
                .iter()
                .filter_map(|s| s.study.sample_size)
                .fold(0, u64::saturating_add),
            counts: self
                .vocabulary_ids()
                .filter(|&v| self.vocabulary(v).count.is_some())
                .map(|v| {
                    let n = self
                        .terms(v)
                        .iter()
                        .filter(|t| {
                            t.parent.is_none() && !t.studies.is_empty() && !t.is_not_stated()
                        })
                        .count();
                    (v, n)
                })
                .collect(),
        }
    }

    /// The `n` studies added last, newest first; on the same day, by id.
    /// The home page lists the first few, the feeds more.
    pub fn newest(&self, n: usize) -> Vec<usize> {
        let newest_first = |a: &usize, b: &usize| {
            self.studies[*b]
                .study
                .date_added
                .cmp(&self.studies[*a].study.date_added)
                .then(a.cmp(b))
        };
        // A total order: picking the `n` before sorting them (rather than
        // sorting every study) gives the same `n`.
        let mut recent: Vec<usize> = (0..self.studies.len()).collect();
        if n == 0 {
            return Vec::new();
        }
        if recent.len() > n {
            recent.select_nth_unstable_by(n - 1, newest_first);
            recent.truncate(n);
        }
        recent.sort_by(newest_first);
        recent
    }

    /// How many studies are completed and how many ongoing, in that order.
    pub fn status_counts(&self) -> [(Status, usize); 2] {
        let ongoing = self
            .studies
            .iter()
            .filter(|s| s.study.status == Status::Ongoing)
            .count();
        [
            (Status::Completed, self.studies.len() - ongoing),
            (Status::Ongoing, ongoing),
        ]
    }

    /// Of `among`, the `n` published last: newest year first (studies
    /// without a year last), then as kept. The same in every language.
    pub fn latest_published(&self, among: &[usize], n: usize) -> Vec<usize> {
        let mut out = among.to_vec();
        out.sort_by_key(|&s| (std::cmp::Reverse(self.studies[s].study.year), s));
        out.truncate(n);
        out
    }

    /// The studies list's order in `lang`: newest year first (studies
    /// without a year last), then by title, then as kept.
    pub fn studies_in_list_order(&self, lang: Lang) -> Vec<usize> {
        // The keys are read once, so sorting does not look each study up
        // again.
        let mut order: Vec<(std::cmp::Reverse<Option<i32>>, &str, usize)> = self
            .studies
            .iter()
            .enumerate()
            .map(|(s, entry)| {
                let study = &entry.study;
                (
                    std::cmp::Reverse(study.year),
                    study.title.get(lang).0.as_str(),
                    s,
                )
            })
            .collect();
        order.sort_unstable();
        order.into_iter().map(|(_, _, s)| s).collect()
    }

    /// The earliest and latest year of the studies that give one.
    pub fn year_range(&self) -> Option<(i32, i32)> {
        let mut years = self.studies.iter().filter_map(|s| s.study.year);
        let first = years.next()?;
        Some(years.fold((first, first), |(lo, hi), y| (lo.min(y), hi.max(y))))
    }
}
