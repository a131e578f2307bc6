//! What links the studies, derived from the studies alone: each term's
//! studies (with ancestors), authors joined across name forms, each study's
//! terms and related studies, the last update and the maps; and the same
//! links patched after a save in one study's folder (`gapmap serve`).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::related::{RELATED_WINDOW, ranking_terms, related_studies};
use super::{AuthorEntry, Site, display_name, forget_source, render_pair};
use crate::content::{AuthorName, Study, Vocabulary};
use crate::diagnostics::Diagnostics;
use crate::markdown::H1;

impl Site {
    /// Derives, from the studies alone, everything the model links them
    /// by: each term's studies, authors, each study's terms and related
    /// studies, the last update and the maps. A build runs it once; `gapmap
    /// serve` patches the same links with [`Site::update_studies`].
    pub fn index(&mut self) {
        let studies: Vec<&Study> = self.studies.iter().map(|e| &e.study).collect();
        for (&vocabulary, entries) in self.vocabularies.iter_mut() {
            let index: BTreeMap<String, usize> = entries
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.clone(), i))
                .collect();
            for entry in entries.iter_mut() {
                entry.studies.clear();
            }
            for (s, study) in studies.iter().enumerate() {
                for slug in study.slugs(vocabulary) {
                    // A study counts once under each term above its own.
                    let mut at = index.get(slug.as_str()).copied();
                    while let Some(t) = at {
                        if entries[t].studies.last() != Some(&s) {
                            entries[t].studies.push(s);
                        }
                        at = entries[t].parent;
                    }
                }
            }
            for entry in entries.iter_mut() {
                entry.studies.sort_unstable();
                entry.studies.dedup();
            }
        }

        self.index_authors();
        self.last_updated = self.latest_update();
        let terms: Vec<BTreeMap<Vocabulary, Vec<usize>>> = self
            .studies
            .iter()
            .map(|e| self.term_ids(&e.study))
            .collect();
        for (entry, terms) in self.studies.iter_mut().zip(terms) {
            entry.terms = terms;
        }
        let by = &self.config.related;
        let ranking: Vec<_> = self.studies.iter().map(|e| ranking_terms(e, by)).collect();
        let related: Vec<Vec<usize>> = (0..self.studies.len())
            .into_par_iter()
            .map(|s| related_studies(&ranking, &self.vocabularies, by, s))
            .collect();
        for (entry, related) in self.studies.iter_mut().zip(related) {
            entry.related = related;
        }
        let all: Vec<usize> = (0..self.studies.len()).collect();
        self.maps = self
            .config
            .maps
            .iter()
            .flat_map(|m| m.columns.iter().map(|&c| (m.rows, c)))
            .map(|(rows, columns)| self.matrix(rows, columns, &all))
            .collect();
    }

    /// Puts new versions of studies in place of the old ones, with the
    /// same ids, and updates what links them: the summaries of these
    /// studies alone are rendered, and only the lists they were or are in
    /// change. What [`Site::index`] would derive from all the studies, for a
    /// fraction of its time (`gapmap serve`, after a save). Returns what
    /// rendering the summaries reported.
    pub fn update_studies(&mut self, changes: Vec<(usize, Study)>) -> Diagnostics {
        let changed: Vec<usize> = changes.iter().map(|(s, _)| *s).collect();
        // What the related lists read, before and after.
        let ranked = |site: &Site, s: usize| -> Vec<Vec<usize>> {
            ranking_terms(&site.studies[s], &site.config.related)
                .map(<[usize]>::to_vec)
                .to_vec()
        };
        let old_ranked: Vec<Vec<Vec<usize>>> = changed.iter().map(|&s| ranked(self, s)).collect();
        let old_authors: Vec<Vec<AuthorName>> = changed
            .iter()
            .map(|&s| self.studies[s].study.authors.clone())
            .collect();
        // Studies whose related lists may change: those near a changed study
        // in a list of the vocabulary related studies are drawn from, before
        // the change and after it.
        let mut near: BTreeSet<usize> = BTreeSet::new();
        self.studies_near(&changed, &mut near);
        for &s in &changed {
            self.tag(s, false);
        }

        let mut diags = Diagnostics::default();
        for (s, mut study) in changes {
            let (summary, d) = render_pair(&study.summary, "summary-", H1::Forbidden);
            diags.extend(d);
            forget_source(&mut study);
            let terms = self.term_ids(&study);
            let entry = &mut self.studies[s];
            entry.study = study;
            entry.summary = summary;
            entry.terms = terms;
            self.tag(s, true);
        }

        let authors_same = changed
            .iter()
            .zip(&old_authors)
            .all(|(&s, old)| self.studies[s].study.authors == *old);
        if !authors_same {
            self.index_authors();
        }
        self.last_updated = self.latest_update();
        let ranking_same = changed
            .iter()
            .zip(&old_ranked)
            .all(|(&s, old)| ranked(self, s) == *old);
        if !ranking_same {
            self.studies_near(&changed, &mut near);
            near.extend(&changed);
            let by = &self.config.related;
            let ranking: Vec<_> = self.studies.iter().map(|e| ranking_terms(e, by)).collect();
            let related: Vec<(usize, Vec<usize>)> = near
                .into_par_iter()
                .map(|s| (s, related_studies(&ranking, &self.vocabularies, by, s)))
                .collect();
            for (s, related) in related {
                self.studies[s].related = related;
            }
        }
        diags
    }

    /// The latest `date_updated` of any study.
    fn latest_update(&self) -> String {
        self.studies
            .iter()
            .map(|s| &s.study.date_updated)
            .max()
            .cloned()
            .unwrap_or_default()
    }

    /// Adds to `near` every study whose window of related candidates holds,
    /// or may come to hold, one of `studies`: those within a window (and
    /// one more for each change) of it in the lists it is in of the
    /// vocabulary related studies are drawn from.
    fn studies_near(&self, studies: &[usize], near: &mut BTreeSet<usize>) {
        let reach = RELATED_WINDOW + 1 + studies.len();
        let Some(&from) = self.config.related.first() else {
            return;
        };
        let terms = self.terms(from);
        for &s in studies {
            // A study is in the list of each of its terms and of every term
            // above them; a study with a parent term draws its candidates
            // from the parent's list, which holds the children's studies.
            for t in self.tagged_with_ancestors(s, from) {
                let list = &terms[t].studies;
                let at = list.binary_search(&s).unwrap_or_else(|i| i);
                let start = at.saturating_sub(reach);
                let end = (at + reach + 1).min(list.len());
                near.extend(&list[start..end]);
            }
        }
    }

    /// Adds study `s` to, or takes it out of, the lists of its terms (with
    /// their ancestors) and of the maps' cells.
    fn tag(&mut self, s: usize, add: bool) {
        let put = |list: &mut Vec<usize>| match (list.binary_search(&s), add) {
            (Err(i), true) => list.insert(i, s),
            (Ok(i), false) => {
                list.remove(i);
            }
            _ => {}
        };
        for v in self.vocabulary_ids() {
            for t in self.tagged_with_ancestors(s, v) {
                if let Some(terms) = self.vocabularies.get_mut(&v) {
                    put(&mut terms[t].studies);
                }
            }
        }
        for m in 0..self.maps.len() {
            let (rows, columns) = (self.maps[m].rows, self.maps[m].columns);
            let row_terms = self.tagged_with_ancestors(s, rows);
            let column_terms = self.tagged_with_ancestors(s, columns);
            self.maps[m].add_study(s, &row_terms, &column_terms, add);
        }
    }

    /// Authors, joined by id when given, by name otherwise, and each
    /// study's authors among them.
    fn index_authors(&mut self) {
        let mut author_slugs: BTreeMap<String, Vec<(usize, &AuthorName)>> = BTreeMap::new();
        for (s, entry) in self.studies.iter().enumerate() {
            for name in &entry.study.authors {
                author_slugs
                    .entry(author_key(name))
                    .or_default()
                    .push((s, name));
            }
        }
        let authors: Vec<AuthorEntry> = author_slugs
            .into_iter()
            .map(|(slug, uses)| {
                let mut counts: Vec<(AuthorName, usize)> = Vec::new();
                for (_, name) in &uses {
                    match counts
                        .iter_mut()
                        .find(|(n, _)| n.family == name.family && n.given == name.given)
                    {
                        Some((_, c)) => *c += 1,
                        None => counts.push(((*name).clone(), 1)),
                    }
                }
                counts.sort_by_key(|c| std::cmp::Reverse(c.1));
                let mut studies: Vec<usize> = uses.iter().map(|(s, _)| *s).collect();
                studies.dedup();
                AuthorEntry {
                    slug,
                    names: counts.into_iter().map(|(n, _)| n).collect(),
                    studies,
                }
            })
            .collect();
        let author_index: BTreeMap<&str, usize> = authors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.slug.as_str(), i))
            .collect();
        let ids: Vec<Vec<usize>> = self
            .studies
            .iter()
            .map(|entry| {
                entry
                    .study
                    .authors
                    .iter()
                    .map(|name| author_index[author_key(name).as_str()])
                    .collect()
            })
            .collect();
        drop(author_index);
        self.authors = authors;
        for (entry, ids) in self.studies.iter_mut().zip(ids) {
            entry.author_ids = ids;
        }
    }

    /// A study's terms in each vocabulary, as indices into its terms.
    fn term_ids(&self, study: &Study) -> BTreeMap<Vocabulary, Vec<usize>> {
        self.vocabulary_ids()
            .map(|v| {
                let list = &self.vocabularies[&v];
                let ids = study
                    .slugs(v)
                    .iter()
                    .filter_map(|slug| list.iter().position(|t| t.slug == *slug))
                    .collect();
                (v, ids)
            })
            .collect()
    }
}

/// What joins an author's studies: the id when given, the name otherwise.
/// It names the author's page; validation checks it can.
pub fn author_key(name: &AuthorName) -> String {
    name.id
        .clone()
        .unwrap_or_else(|| slug::slugify(display_name(name)))
}
