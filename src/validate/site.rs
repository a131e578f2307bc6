//! site.yaml and taxonomies.yaml.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::fields::{self, Ctx, Fields, is_slug, suggest};
use crate::content::{Evidence, EvidenceKind, Lang, SiteConfig, Taxonomies, Term, Vocabulary};
use crate::diagnostics::MAX_SHOWN_PER_KIND;
use crate::yaml::{Node, Value};

pub const SITE_FIELDS: &[&str] = &[
    "title",
    "tagline",
    "base_url",
    "default_language",
    "languages",
    "theme",
    "evidence",
];

pub fn site_config(ctx: &mut Ctx, node: &Node, root: &Path) -> Option<SiteConfig> {
    let mut f = Fields::new(ctx, node, "site.yaml")?.in_order(SITE_FIELDS);
    let title = f.required(ctx, "title", "{en: ..., zh: ...}");
    let tagline = f.required(ctx, "tagline", "{en: ..., zh: ...}");
    let base_url = f.required(ctx, "base_url", "https://example.org/");
    let default_language = f.optional("default_language");
    let languages = f.optional("languages");
    let theme = f.optional("theme");
    let evidence = f.optional("evidence");
    f.finish(ctx, SITE_FIELDS);
    // Without a declaration the map is a collection: the weaker claim, so
    // an undeclared map never says that a search found nothing.
    let evidence = match evidence {
        None => Some(Evidence::default()),
        Some(n) => evidence_of(ctx, n),
    };

    let title = title.and_then(|n| fields::localized_text(ctx, n, "title"));
    let tagline = tagline.and_then(|n| fields::localized_text(ctx, n, "tagline"));
    let base_url = base_url.and_then(|n| {
        let url = fields::text(ctx, n, "base_url")?;
        super::site_address(&url)
            .map_err(|e| {
                ctx.error(
                    n.span.clone(),
                    format!("`base_url`: {e}"),
                    Some(super::ADDRESS_FORM.into()),
                )
            })
            .ok()
    });
    let languages = match languages {
        None => Some(vec![Lang::En, Lang::Zh]),
        Some(n) => {
            let items = fields::text_list(ctx, n, "languages")?;
            let mut langs = Vec::new();
            for (code, span) in items {
                match Lang::parse(&code) {
                    Some(l) if !langs.contains(&l) => langs.push(l),
                    Some(_) => ctx.error(span, format!("language `{code}` is listed twice"), None),
                    None => ctx.error(
                        span,
                        format!("unsupported language `{code}`"),
                        Some("gapmap publishes `en` and `zh`".into()),
                    ),
                }
            }
            Some(langs)
        }
    };
    let default_language = match default_language {
        None => Some(Lang::En),
        Some(n) => {
            let code = fields::text(ctx, n, "default_language")?;
            match Lang::parse(&code) {
                Some(l) if languages.as_ref().is_none_or(|ls| ls.contains(&l)) => Some(l),
                _ => {
                    ctx.error(
                        n.span.clone(),
                        format!("`default_language` must be one of `languages`, found `{code}`"),
                        None,
                    );
                    None
                }
            }
        }
    };
    let theme = match theme {
        None => Some("default".to_string()),
        Some(n) => {
            let name = fields::text(ctx, n, "theme")?;
            if !is_slug(&name) || !root.join("themes").join(&name).join("templates").is_dir() {
                ctx.error(
                    n.span.clone(),
                    format!(
                        "theme `{name}` not found: there is no themes/{name}/templates/ folder"
                    ),
                    Some("use `theme: default`".into()),
                );
                None
            } else {
                Some(name)
            }
        }
    };
    Some(SiteConfig {
        title: title?,
        tagline: tagline?,
        base_url: base_url?,
        default_language: default_language?,
        languages: languages?,
        theme: theme?,
        evidence: evidence?,
    })
}

/// The kinds of `evidence.kind`, as written in site.yaml.
pub const EVIDENCE_KINDS: &[&str] = &["collection", "systematic-search"];

/// site.yaml's `evidence`: `{kind: collection, scope: {en, zh}}` or
/// `{kind: systematic-search, searched: {from: "YYYY-MM-DD", to:
/// "YYYY-MM-DD"}, scope: {en, zh}}`.
fn evidence_of(ctx: &mut Ctx, node: &Node) -> Option<Evidence> {
    let mut f = Fields::new(ctx, node, "`evidence`")?;
    let kind = f.required(ctx, "kind", "collection");
    let scope = f.optional("scope");
    let searched = f.optional("searched");
    f.finish(ctx, &["kind", "scope", "searched"]);
    let scope = match scope {
        Some(n) => Some(fields::localized_text(ctx, n, "scope")?),
        None => None,
    };
    let kind = kind.and_then(|n| {
        let name = fields::text(ctx, n, "kind")?;
        if !EVIDENCE_KINDS.contains(&name.as_str()) {
            let help = match suggest(&name, EVIDENCE_KINDS.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("write one of: {}", EVIDENCE_KINDS.join(", ")),
            };
            ctx.error(
                n.span.clone(),
                format!("unknown evidence kind `{name}`"),
                Some(help),
            );
            return None;
        }
        Some(name)
    })?;
    let kind = if kind == "collection" {
        if let Some(n) = searched {
            ctx.error(
                n.span.clone(),
                "a collection has no search dates: `searched` belongs to `kind: systematic-search`",
                Some("remove `searched`, or write `kind: systematic-search` if the studies come from a systematic search".into()),
            );
            return None;
        }
        EvidenceKind::Collection
    } else {
        let Some(n) = searched else {
            ctx.error(
                node.span.clone(),
                "`evidence` of `kind: systematic-search` needs the dates the search ran",
                Some(
                    "add `searched: {from: \"2025-01-01\", to: \"2026-06-30\"}` under `evidence:`"
                        .into(),
                ),
            );
            return None;
        };
        let mut dates = Fields::new(ctx, n, "`searched`")?;
        let from = dates.required(ctx, "from", "\"2025-01-01\"");
        let to = dates.required(ctx, "to", "\"2026-06-30\"");
        dates.finish(ctx, &["from", "to"]);
        let from = from.and_then(|d| fields::date(ctx, d, "from", false).map(|v| (v, d)));
        let to = to.and_then(|d| fields::date(ctx, d, "to", false).map(|v| (v, d)));
        let ((from, _), (to, to_node)) = (from?, to?);
        if to < from {
            ctx.error(
                to_node.span.clone(),
                format!("the search cannot end (`to: {to}`) before it began (`from: {from}`)"),
                Some("swap the two dates".into()),
            );
            return None;
        }
        EvidenceKind::SystematicSearch { from, to }
    };
    Some(Evidence { kind, scope })
}

pub fn taxonomies(ctx: &mut Ctx, node: &Node) -> Option<Taxonomies> {
    let keys: Vec<&str> = Vocabulary::ALL.iter().map(|v| v.key()).collect();
    let mut f = Fields::new(ctx, node, "taxonomies.yaml")?;
    let mut terms = BTreeMap::new();
    let mut ok = true;
    for vocabulary in Vocabulary::ALL {
        let list = match vocabulary {
            Vocabulary::Themes | Vocabulary::Populations => {
                f.required(ctx, vocabulary.key(), "[...]")
            }
            _ => f.optional(vocabulary.key()),
        };
        let Some(list) = list else {
            terms.insert(vocabulary, Vec::new());
            continue;
        };
        match vocabulary_terms(ctx, list, vocabulary) {
            Some(t) => {
                terms.insert(vocabulary, t);
            }
            None => ok = false,
        }
    }
    f.finish(ctx, &keys);
    ok &= map_is_bounded(ctx, node, &terms);
    ok.then_some(Taxonomies { terms })
}

/// The most cells one evidence map may have: themes × the terms of one
/// column vocabulary (populations, regions or designs). 200 themes × 200
/// regions build in about two seconds into a 3 MB home page; real maps
/// are far smaller (this repository's: 16 themes × 9 regions), and a map
/// larger than this cannot be read on a screen. Each term page holds a
/// map of its own, so the bound also bounds those.
pub const MAX_MAP_CELLS: usize = 40_000;

/// Refuses vocabularies whose maps would exceed [`MAX_MAP_CELLS`], at the
/// line of the larger of the two vocabularies.
fn map_is_bounded(ctx: &mut Ctx, node: &Node, terms: &BTreeMap<Vocabulary, Vec<Term>>) -> bool {
    let count = |v: Vocabulary| terms.get(&v).map_or(0, Vec::len);
    let key_span = |v: Vocabulary| match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == v.key()))
            .map_or(node.span.clone(), |(k, _)| k.span.clone()),
        _ => node.span.clone(),
    };
    let rows = Vocabulary::Themes;
    let mut ok = true;
    for columns in crate::model::MAP_COLUMNS {
        let (r, c) = (count(rows), count(columns));
        let cells = r.saturating_mul(c);
        if cells <= MAX_MAP_CELLS {
            continue;
        }
        let larger = if c >= r { columns } else { rows };
        ctx.error(
            key_span(larger),
            format!(
                "the map of {} × {} would have {r} × {c} = {cells} cells; a map may have at most {MAX_MAP_CELLS}",
                rows.key(),
                columns.key(),
            ),
            Some(format!(
                "merge or remove {}: a map shows every theme against every one of the {}",
                larger.key(),
                columns.key()
            )),
        );
        ok = false;
    }
    ok
}

fn vocabulary_terms(ctx: &mut Ctx, node: &Node, vocabulary: Vocabulary) -> Option<Vec<Term>> {
    let items = fields::list(ctx, node, vocabulary.key())?;
    let is_region = vocabulary == Vocabulary::Regions;
    let known: &[&str] = if is_region {
        &["slug", "label", "description", "parent"]
    } else {
        &["slug", "label", "description"]
    };
    let mut terms = Vec::new();
    let mut parents = Vec::new();
    let mut seen = BTreeSet::new();
    let mut ok = true;
    for item in items {
        let Some(mut f) = Fields::new(ctx, item, "a vocabulary term") else {
            ok = false;
            continue;
        };
        let slug_node = f.required(ctx, "slug", "a-lowercase-slug");
        let label = f.required(ctx, "label", "{en: ..., zh: ...}");
        let description = f.optional("description");
        let parent = if is_region {
            f.optional("parent")
        } else {
            None
        };
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
            let what = format!("{} slug", vocabulary.singular());
            if !fields::fits_a_path(ctx, n.span.clone(), &what, &s) {
                return None;
            }
            if !seen.insert(s.clone()) {
                ctx.error(
                    n.span.clone(),
                    format!("{} `{s}` is defined twice", vocabulary.singular()),
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
            .unwrap_or_else(|| "define the parent region in the same list".into());
        ctx.error(
            span.clone(),
            format!("unknown parent region `{parent}`"),
            Some(help),
        );
        ok = false;
    }
    for i in in_cycles(&parent_of) {
        if let (Some((_, span)), Some(term)) = (&parents[i], terms.get(i)) {
            ctx.error(
                span.clone(),
                format!(
                    "region `{}` is its own ancestor through `parent`",
                    term.slug
                ),
                Some("a region's parents must lead up to a top-level region".into()),
            );
            ok = false;
        }
    }
    ok.then_some(terms)
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
