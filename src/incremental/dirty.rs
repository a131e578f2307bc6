//! Which pages a save changes, derived from what each page shows
//! ([`PageKind::shows`], the declaration rendering takes its lists from),
//! never from a copy of the templates.
//!
//! Before the model takes the saved studies, [`Before`] notes every page's
//! path and the studies it lists, and the facts of the whole map. After,
//! a page is rendered again when it is a saved study's own page, when it is
//! new or lists other studies or in another order, when a fact it shows
//! changed, or when it lists a saved study and shows an aspect of it that
//! changed ([`Aspect`]: the list item and brief section are compared as
//! rendered, so whatever a theme shows of a study is compared).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::content::{AuthorName, Lang, Vocabulary};
use crate::model::pages::{self, Aspect, Fact, PageKind, Scope};
use crate::model::{Site, Totals};
use crate::render::Shown;

/// The values of the facts pages show of the whole map.
#[derive(PartialEq)]
struct Facts {
    last_updated: String,
    totals: Totals,
    list_order: Vec<(Lang, Vec<usize>)>,
    year_range: Option<(i32, i32)>,
    term_counts: Vec<(Vocabulary, Vec<usize>)>,
    authors: Vec<(String, Vec<AuthorName>, usize)>,
    heat_steps: crate::model::HeatSteps,
}

impl Facts {
    fn of(site: &Site) -> Facts {
        Facts {
            last_updated: site.last_updated.clone(),
            totals: site.totals(),
            list_order: site
                .config
                .languages
                .iter()
                .map(|&lang| (lang, site.studies_in_list_order(lang)))
                .collect(),
            year_range: site.year_range(),
            term_counts: site
                .vocabularies
                .iter()
                .map(|(&v, terms)| (v, terms.iter().map(|t| t.studies.len()).collect()))
                .collect(),
            authors: site
                .authors
                .iter()
                .map(|a| (a.slug.clone(), a.names.clone(), a.studies.len()))
                .collect(),
            heat_steps: site.heat_steps(),
        }
    }

    /// The facts that differ between `self` (before) and `now`; the maps
    /// follow from the studies' terms, so they changed when `terms_changed`.
    fn changed(&self, now: &Facts, terms_changed: bool) -> Vec<Fact> {
        let mut out = Vec::new();
        let mut add = |changed: bool, fact: Fact| {
            if changed {
                out.push(fact);
            }
        };
        add(self.last_updated != now.last_updated, Fact::LastUpdated);
        add(self.totals != now.totals, Fact::Totals);
        add(terms_changed, Fact::Maps);
        add(
            self.list_order != now.list_order || self.year_range != now.year_range,
            Fact::ListOrder,
        );
        add(self.term_counts != now.term_counts, Fact::TermCounts);
        let in_use = |counts: &[(Vocabulary, Vec<usize>)]| -> Vec<Vec<bool>> {
            counts
                .iter()
                .map(|(_, n)| n.iter().map(|&n| n > 0).collect())
                .collect()
        };
        add(
            in_use(&self.term_counts) != in_use(&now.term_counts),
            Fact::TermsInUse,
        );
        add(self.authors != now.authors, Fact::Authors);
        add(self.heat_steps != now.heat_steps, Fact::HeatSteps);
        out
    }
}

/// A saved study as it was: how other pages showed it, and what of it the
/// model links.
pub struct Was {
    pub shown: Shown,
    pub terms: BTreeMap<Vocabulary, Vec<usize>>,
    pub authors: Vec<AuthorName>,
}

/// What the pages of the last build showed: every page by its path, with
/// the studies it listed, and the facts of the whole map.
pub struct Before {
    lists: HashMap<String, Option<Vec<usize>>>,
    facts: Facts,
}

/// A page's studies as compared: `None` for every study (which a save
/// cannot change: adding or removing a study is a full build).
fn listed(scope: &Scope) -> Option<Vec<usize>> {
    match scope {
        Scope::None => Some(Vec::new()),
        Scope::Every => None,
        Scope::Only(list) => Some(list.to_vec()),
    }
}

/// Whether a page lists what it listed before (`before` as [`listed`]
/// kept it), compared without copying the list again.
fn lists_the_same(before: Option<&[usize]>, now: &Scope) -> bool {
    match (before, now) {
        (None, Scope::Every) => true,
        (Some(before), Scope::None) => before.is_empty(),
        (Some(before), Scope::Only(list)) => before == list.as_ref(),
        _ => false,
    }
}

impl Before {
    pub fn of(site: &Site) -> Before {
        let lists = pages::page_kinds(site)
            .iter()
            .map(|kind| (kind.path(site), listed(&kind.shows(site).studies)))
            .collect();
        Before {
            lists,
            facts: Facts::of(site),
        }
    }

    /// The pages the model's new state may show differently from the last
    /// build, and the paths (in the default language) of the pages it no
    /// longer has. `was` holds each saved study (index into the model) as
    /// it was; `shown` how other pages show it now.
    pub fn dirty(
        &self,
        site: &Site,
        was: &BTreeMap<usize, Was>,
        shown: &BTreeMap<usize, Shown>,
    ) -> (Vec<PageKind>, Vec<String>) {
        let mut aspects: BTreeMap<usize, Vec<Aspect>> = BTreeMap::new();
        for (&s, before) in was {
            let entry = &site.studies[s];
            let Some(now) = shown.get(&s) else {
                continue;
            };
            let changed = aspects.entry(s).or_default();
            let mut add = |differs: bool, aspect: Aspect| {
                if differs {
                    changed.push(aspect);
                }
            };
            add(now.item_differs(&before.shown), Aspect::ListItem);
            add(now.filter_item_differs(&before.shown), Aspect::FilterItem);
            add(now.brief_differs(&before.shown), Aspect::BriefSection);
            add(entry.terms != before.terms, Aspect::Terms);
            add(entry.study.authors != before.authors, Aspect::Authors);
        }
        let terms_changed = aspects.values().flatten().any(|a| *a == Aspect::Terms);
        let facts = self.facts.changed(&Facts::of(site), terms_changed);

        let mut dirty = Vec::new();
        let mut present = BTreeSet::new();
        for kind in pages::page_kinds(site) {
            let path = kind.path(site);
            let shows = kind.shows(site);
            let own = matches!(kind, PageKind::Study(s) if was.contains_key(&s));
            let relisted = match self.lists.get(&path) {
                None => true,
                Some(before) => !lists_the_same(before.as_deref(), &shows.studies),
            };
            let fact = shows.facts.iter().any(|f| facts.contains(f));
            let aspect = || {
                aspects.iter().any(|(&s, changed)| {
                    shows.studies.contains(s) && shows.of_each.iter().any(|a| changed.contains(a))
                })
            };
            if own || relisted || fact || aspect() {
                dirty.push(kind);
            }
            present.insert(path);
        }
        let gone = self
            .lists
            .keys()
            .filter(|path| !present.contains(*path))
            .cloned()
            .collect();
        (dirty, gone)
    }
}
