//! Related studies: ranked by the terms they share in the vocabularies
//! site.yaml's `related` names, most weighty first, from a bounded window
//! of candidates so the work per study is fixed.

use std::collections::BTreeMap;

use super::{StudyEntry, TermEntry};
use crate::content::Vocabulary;

/// How many related studies a study page lists.
pub const RELATED: usize = 5;
/// Candidates examined per term when ranking related studies: bounds the
/// work per study so the whole step stays linear in the number of studies.
pub const RELATED_WINDOW: usize = 64;

use crate::content::MAX_RANKED_BY;

/// A study's terms in each vocabulary of `by` (none in the places beyond
/// it): looked up once per study when many are ranked, not once for each
/// time it is a candidate.
pub(super) fn ranking_terms<'e>(
    entry: &'e StudyEntry,
    by: &[Vocabulary],
) -> [&'e [usize]; MAX_RANKED_BY] {
    std::array::from_fn(|k| {
        by.get(k)
            .and_then(|v| entry.terms.get(v))
            .map_or(&[][..], Vec::as_slice)
    })
}

/// Studies ranked by the terms they share in each vocabulary of `by` in
/// turn; ties by id. Candidates come from the lists of the study's terms
/// in the first, a bounded window around the study in each, so the work
/// per study is fixed. `ranking` holds every study's [`ranking_terms`].
pub(super) fn related_studies(
    ranking: &[[&[usize]; MAX_RANKED_BY]],
    vocabularies: &BTreeMap<Vocabulary, Vec<TermEntry>>,
    by: &[Vocabulary],
    s: usize,
) -> Vec<usize> {
    let mine = ranking[s];
    let Some(first_lists) = by.first().and_then(|v| vocabularies.get(v)) else {
        return Vec::new();
    };
    let mut candidates: Vec<usize> = Vec::with_capacity(RELATED_WINDOW * mine[0].len());
    for &t in mine[0] {
        let list = &first_lists[t].studies;
        let at = list.binary_search(&s).unwrap_or_else(|i| i);
        let start = at.saturating_sub(RELATED_WINDOW / 2);
        let end = (start + RELATED_WINDOW).min(list.len());
        candidates.extend(list[start..end].iter().copied().filter(|&c| c != s));
    }
    candidates.sort_unstable();
    candidates.dedup();
    // Most shared first, then by id: a total order, so picking the first
    // few before sorting them gives the same few as sorting every one.
    let mut scored: Vec<(std::cmp::Reverse<[usize; MAX_RANKED_BY]>, usize)> = candidates
        .into_iter()
        .map(|c| {
            let theirs = ranking[c];
            let shared =
                std::array::from_fn(|k| theirs[k].iter().filter(|t| mine[k].contains(t)).count());
            (std::cmp::Reverse(shared), c)
        })
        .collect();
    if scored.len() > RELATED {
        scored.select_nth_unstable(RELATED - 1);
        scored.truncate(RELATED);
    }
    scored.sort_unstable();
    // Not collected from `scored` itself: that would reuse its allocation,
    // sized for every candidate, and keep it for the life of the model.
    let mut related = Vec::with_capacity(RELATED);
    related.extend(scored.into_iter().map(|(_, c)| c));
    related
}
