//! A vocabulary's terms as taxonomies.yaml lists them: slugs, labels in
//! both languages, and parents that form a tree.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::super::fields::{self, Ctx, Fields, is_slug, suggest};
use crate::content::Term;
use crate::diagnostics::MAX_SHOWN_PER_KIND;
use crate::yaml::Node;

/// The terms of one vocabulary (`singular` names one in messages): each
/// slug once, each parent a term of the same list, and no term its own
/// ancestor.
pub(super) fn term_list(
    ctx: &mut Ctx,
    node: &Node,
    singular: &str,
) -> Option<(Vec<Term>, Vec<Range<usize>>)> {
    let items = fields::list(ctx, node, "terms")?;
    let known: &[&str] = &["slug", "label", "description", "parent"];
    let mut terms = Vec::new();
    let mut places = Vec::new();
    let mut parents = Vec::new();
    let mut seen = BTreeSet::new();
    let mut ok = true;
    for item in items {
        let Some(mut f) = Fields::new(ctx, item, "a vocabulary term") else {
            ok = false;
            continue;
        };
        let slug_node = f.required(ctx, "slug", "a-lowercase-slug");
        let place = slug_node.map_or(item.span.clone(), |n| n.span.clone());
        let label = f.required(ctx, "label", "{en: ..., zh: ...}");
        let description = f.optional("description");
        let parent = f.optional("parent");
        f.finish(ctx, known);

        let slug = slug_node.and_then(|n| {
            let s = fields::text(ctx, n, "slug")?;
            if !is_slug(&s) {
                ctx.error(
                    n.span.clone(),
                    format!("slug `{s}` must be lowercase letters, digits and single hyphens"),
                    Some(format!("e.g. `{}`", slug::slugify(&s))),
                );
                return None;
            }
            let what = format!("{singular} slug");
            if !fields::fits_a_path(ctx, n.span.clone(), &what, &s) {
                return None;
            }
            if !seen.insert(s.clone()) {
                ctx.error(
                    n.span.clone(),
                    format!("{singular} `{s}` is defined twice"),
                    Some("remove or rename one of them".into()),
                );
                return None;
            }
            Some(s)
        });
        let label = label.and_then(|n| fields::localized_text(ctx, n, "label"));
        let description = match description {
            Some(n) => fields::localized_text(ctx, n, "description").map(Some),
            None => Some(None),
        };
        let parent_slug = match parent {
            Some(n) => fields::text(ctx, n, "parent").map(|p| Some((p, n.span.clone()))),
            None => Some(None),
        };
        match (slug, label, description, parent_slug) {
            (Some(slug), Some(label), Some(description), Some(parent)) => {
                parents.push(parent.clone());
                places.push(place);
                terms.push(Term {
                    slug,
                    label,
                    description,
                    parent: parent.map(|(p, _)| p),
                });
            }
            _ => ok = false,
        }
    }
    // Parents must exist and must not form a cycle: one look-up per term
    // and one walk over the chains, so a long chain costs its length.
    let index: HashMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    let mut parent_of: Vec<Option<usize>> = vec![None; terms.len()];
    let mut unknown = 0;
    for (i, parent) in parents.iter().enumerate() {
        let Some((parent, span)) = parent else {
            continue;
        };
        if let Some(&p) = index.get(parent.as_str()) {
            parent_of[i] = Some(p);
            continue;
        }
        // Suggesting compares with every slug: only for as many as are shown.
        unknown += 1;
        let help = (unknown <= MAX_SHOWN_PER_KIND)
            .then(|| suggest(parent, terms.iter().map(|t| t.slug.as_str())))
            .flatten()
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| format!("define the parent {singular} in the same list"));
        ctx.error(
            span.clone(),
            format!("unknown parent {singular} `{parent}`"),
            Some(help),
        );
        ok = false;
    }
    for i in in_cycles(&parent_of) {
        if let (Some((_, span)), Some(term)) = (&parents[i], terms.get(i)) {
            ctx.error(
                span.clone(),
                format!(
                    "{singular} `{}` is its own ancestor through `parent`",
                    term.slug
                ),
                Some(format!(
                    "remove a `parent` of the cycle, so that following `parent` from `{}` ends at a term that has none",
                    term.slug
                )),
            );
            ok = false;
        }
    }
    ok.then_some((terms, places))
}

/// The terms that are their own ancestor, in order: each term is walked
/// up from once, and a walk stops at a term an earlier walk finished.
fn in_cycles(parent_of: &[Option<usize>]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; parent_of.len()];
    let mut in_cycle = vec![false; parent_of.len()];
    let mut path = Vec::new();
    for start in 0..parent_of.len() {
        let mut current = Some(start);
        while let Some(i) = current {
            match state[i] {
                State::New => {
                    state[i] = State::OnPath;
                    path.push(i);
                    current = parent_of[i];
                }
                State::OnPath => {
                    // The walk came back to itself: from `i` on, the path
                    // is a cycle.
                    let from = path.iter().rposition(|&j| j == i).unwrap_or(0);
                    for &j in &path[from..] {
                        in_cycle[j] = true;
                    }
                    break;
                }
                State::Done => break,
            }
        }
        for j in path.drain(..) {
            state[j] = State::Done;
        }
    }
    (0..parent_of.len()).filter(|&i| in_cycle[i]).collect()
}
