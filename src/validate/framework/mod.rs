//! The map's framework as content declares it: the vocabularies of
//! content/taxonomies.yaml (here) with their terms (`term_list`), and the
//! maps and related-study ranking of site.yaml (`maps`). See
//! docs/framework.md.

mod maps;
mod term_list;

use std::collections::BTreeMap;
use std::ops::Range;

use super::fields::{self, Ctx, Fields, is_slug, suggest};
use crate::content::{ListPlace, Localized, Taxonomies, VocabularyDef};
use crate::yaml::{Node, Value};

pub use maps::{MAX_MAP_CELLS, maps};

pub const VOCABULARY_FIELDS: &[&str] = &[
    "key",
    "field",
    "name",
    "singular",
    "description",
    "multiple",
    "required",
    "filter",
    "nav",
    "list",
    "count",
    "terms",
];

/// Where a study's line shows a vocabulary, as `list:` writes it.
pub const LIST_PLACES: &[&str] = &["after-year", "after-size", "tags"];

/// URL folders and study.yaml fields the site itself uses: no vocabulary
/// may take them.
pub const RESERVED_KEYS: &[&str] = &[
    "studies", "authors", "search", "assets", "zh", "en", "data", "schema", "brief", "map", "maps",
];

/// Where each term was declared, for notes about terms no study uses.
#[derive(Debug, Clone, Default)]
pub struct TermPlaces(pub Vec<Vec<Range<usize>>>);

/// content/taxonomies.yaml: `vocabularies:`, a list of declarations.
pub fn taxonomies(ctx: &mut Ctx, node: &Node) -> Option<(Taxonomies, TermPlaces)> {
    if let Value::Map(entries) = &node.value
        && let Some((k, _)) = entries.iter().find(|(k, v)| {
            !matches!(&k.value, Value::Str(s) if s == "vocabularies")
                && matches!(v.value, Value::Seq(_))
        })
    {
        let name = match &k.value {
            Value::Str(s) => s.clone(),
            _ => "?".into(),
        };
        ctx.error(
            k.span.clone(),
            format!("`{name}` is a list of terms at the top of taxonomies.yaml, as gapmap wrote vocabularies before they were declared"),
            Some(format!(
                "declare it under `vocabularies:` as `- key: {name}` with its `name`, `singular` and `terms` (docs/framework.md shows every field)"
            )),
        );
        return None;
    }
    let mut f = Fields::new(ctx, node, "taxonomies.yaml")?;
    let list = f.required(
        ctx,
        "vocabularies",
        "[{key: ..., name: ..., singular: ..., terms: [...]}]",
    );
    f.finish(ctx, &["vocabularies"]);
    let items = fields::list(ctx, list?, "vocabularies")?;
    let mut vocabularies = Vec::new();
    let mut places = Vec::new();
    let mut ok = true;
    // Key, field and filter name of each vocabulary read so far, with the
    // span that declared it.
    let mut keys: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let mut field_names: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let mut facets: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for item in items {
        let Some((v, spans)) = vocabulary(ctx, item) else {
            ok = false;
            continue;
        };
        let unique = |seen: &mut BTreeMap<String, Range<usize>>,
                      name: &str,
                      span: &Range<usize>,
                      what: &str,
                      ctx: &mut Ctx| {
            if let Some(first) = seen.get(name) {
                let line = ctx.line_of(first.start);
                ctx.error(
                    span.clone(),
                    format!("two vocabularies have the {what} `{name}`"),
                    Some(format!(
                        "give each vocabulary its own {what}; `{name}` is first declared on line {line}"
                    )),
                );
                false
            } else {
                seen.insert(name.to_string(), span.clone());
                true
            }
        };
        ok &= unique(&mut keys, &v.key, &spans.key, "key", ctx);
        ok &= unique(
            &mut field_names,
            &v.field,
            &spans.field,
            "study.yaml field",
            ctx,
        );
        ok &= unique(
            &mut facets,
            &v.facet(),
            &spans.singular,
            "singular name (in English)",
            ctx,
        );
        places.push(spans.terms);
        vocabularies.push(v);
    }
    if ok && vocabularies.is_empty() {
        ctx.error(
            node.span.clone(),
            "taxonomies.yaml declares no vocabulary",
            Some(
                "declare at least the vocabulary the map's rows use; docs/framework.md shows how"
                    .into(),
            ),
        );
        return None;
    }
    ok.then_some((Taxonomies { vocabularies }, TermPlaces(places)))
}

/// Spans of a declaration's parts, for the checks across declarations.
struct Spans {
    key: Range<usize>,
    field: Range<usize>,
    singular: Range<usize>,
    terms: Vec<Range<usize>>,
}

fn vocabulary(ctx: &mut Ctx, node: &Node) -> Option<(VocabularyDef, Spans)> {
    let mut f = Fields::new(ctx, node, "a vocabulary")?;
    let key = f.required(ctx, "key", "a-vocabulary");
    let field = f.optional("field");
    let name = f.required(ctx, "name", "{en: ..., zh: ...}");
    let singular = f.required(ctx, "singular", "{en: ..., zh: ...}");
    let description = f.optional("description");
    let multiple = f.optional("multiple");
    let required = f.optional("required");
    let filter = f.optional("filter");
    let nav = f.optional("nav");
    let list = f.optional("list");
    let count = f.optional("count");
    let terms = f.required(ctx, "terms", "[]");
    f.finish(ctx, VOCABULARY_FIELDS);

    let key_span = key.map(|n| n.span.clone());
    let key = key.and_then(|n| {
        let k = fields::text(ctx, n, "key")?;
        if !is_slug(&k) {
            ctx.error(
                n.span.clone(),
                format!(
                    "vocabulary key `{k}` must be lowercase letters, digits and single hyphens"
                ),
                Some(format!(
                    "it names the vocabulary's folder in the site, e.g. `{}`",
                    slug::slugify(&k)
                )),
            );
            return None;
        }
        if RESERVED_KEYS.contains(&k.as_str()) || super::STUDY_FIELDS.contains(&k.as_str()) {
            ctx.error(
                n.span.clone(),
                format!("vocabulary key `{k}` is taken by the site's own pages or study fields"),
                Some(if RESERVED_KEYS.contains(&k.as_str()) {
                    format!(
                        "choose another key; these are taken: {}",
                        RESERVED_KEYS.join(", ")
                    )
                } else {
                    format!("`{k}` is one of study.yaml's own fields: choose another key")
                }),
            );
            return None;
        }
        fields::fits_a_path(ctx, n.span.clone(), "vocabulary key", &k).then_some(k)
    });
    let field_span = field.map(|n| n.span.clone());
    let field = match field {
        None => key.clone(),
        Some(n) => fields::text(ctx, n, "field").and_then(|name| {
            let well_formed = name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
                && name.starts_with(|c: char| c.is_ascii_lowercase());
            if !well_formed || super::STUDY_FIELDS.contains(&name.as_str()) {
                let help = if well_formed {
                    format!("`{name}` is one of study.yaml's own fields: choose another name")
                } else {
                    "use lowercase letters, digits, `_` and `-`, starting with a letter".into()
                };
                ctx.error(
                    n.span.clone(),
                    format!("`field: {name}` cannot name a study.yaml field"),
                    Some(help),
                );
                return None;
            }
            Some(name)
        }),
    };
    let singular_span = singular.map(|n| n.span.clone());
    let name = name.and_then(|n| fields::localized_text(ctx, n, "name"));
    let singular = singular.and_then(|n| fields::localized_text(ctx, n, "singular"));
    let description = fields::optional_localized(ctx, description, "description");
    let flag = |ctx: &mut Ctx, n: Option<&Node>, name: &str, default: bool| match n {
        Some(n) => fields::boolean(ctx, n, name),
        None => Some(default),
    };
    let multiple = flag(ctx, multiple, "multiple", true);
    let required = flag(ctx, required, "required", false);
    let filter = flag(ctx, filter, "filter", true);
    let nav = flag(ctx, nav, "nav", false);
    let list = match list {
        None => Some(None),
        Some(n) => fields::text(ctx, n, "list").and_then(|place| match place.as_str() {
            "after-year" => Some(Some(ListPlace::AfterYear)),
            "after-size" => Some(Some(ListPlace::AfterSize)),
            "tags" => Some(Some(ListPlace::Tags)),
            _ => {
                let help = match suggest(&place, LIST_PLACES.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("write one of: {}", LIST_PLACES.join(", ")),
                };
                ctx.error(
                    n.span.clone(),
                    format!("unknown list place `{place}`"),
                    Some(help),
                );
                None
            }
        }),
    };
    let count = fields::optional_localized(ctx, count, "count");
    let singular_en = singular
        .as_ref()
        .map_or("term".to_string(), |s: &Localized<String>| s.en.clone());
    let (terms, places) = match terms {
        Some(n) => term_list::term_list(ctx, n, &singular_en)?,
        None => return None,
    };
    let def = VocabularyDef {
        key: key?,
        field: field?,
        name: name?,
        singular: singular?,
        description: description?,
        multiple: multiple?,
        required: required?,
        filter: filter?,
        nav: nav?,
        list: list?,
        count: count?,
        terms,
    };
    let key_span = key_span.unwrap_or(node.span.clone());
    let spans = Spans {
        field: field_span.unwrap_or(key_span.clone()),
        key: key_span,
        singular: singular_span.unwrap_or(node.span.clone()),
        terms: places,
    };
    Some((def, spans))
}

/// A note for each vocabulary with terms no study uses, naming them at
/// the first: not an error (a framework may be declared before the studies
/// that fill it), but worth a look when one is a typo's twin.
pub fn unused_terms(
    source: &crate::load::SourceFile,
    taxonomies: &Taxonomies,
    places: &TermPlaces,
    studies: &[crate::content::Study],
    diags: &mut crate::diagnostics::Diagnostics,
) {
    for (v, spans) in taxonomies.all().zip(&places.0) {
        let terms = taxonomies.terms(v);
        let mut in_use: std::collections::HashSet<&str> = studies
            .iter()
            .flat_map(|s| s.slugs(v))
            .map(String::as_str)
            .collect();
        // A parent is in use when a term below it is.
        let parents: std::collections::HashMap<&str, &str> = terms
            .iter()
            .filter_map(|t| Some((t.slug.as_str(), t.parent.as_deref()?)))
            .collect();
        for slug in in_use.clone() {
            let mut at = parents.get(slug).copied();
            while let Some(p) = at {
                if !in_use.insert(p) {
                    break;
                }
                at = parents.get(p).copied();
            }
        }
        let unused: Vec<(&str, &Range<usize>)> = terms
            .iter()
            .zip(spans)
            .filter(|(t, _)| !in_use.contains(t.slug.as_str()))
            .map(|(t, span)| (t.slug.as_str(), span))
            .collect();
        let Some((_, first)) = unused.first() else {
            continue;
        };
        let line = source.text[..first.start.min(source.text.len())]
            .matches('\n')
            .count()
            + 1;
        let def = &taxonomies[v];
        // A framework declared before its studies may leave hundreds
        // unused: the note names the first few and counts the rest.
        const NAMED: usize = 20;
        let mut slugs: Vec<String> = unused
            .iter()
            .take(NAMED)
            .map(|(slug, _)| slug.to_string())
            .collect();
        if unused.len() > NAMED {
            slugs.push(format!("and {} more", unused.len() - NAMED));
        }
        diags.push(
            crate::diagnostics::Diagnostic::note(
                &source.file,
                format!(
                    "no study uses {} of the {}: {}",
                    if unused.len() == 1 { "one".to_string() } else { unused.len().to_string() },
                    def.key,
                    slugs.join(", ")
                ),
            )
            .at_line(line, 1)
            .without_quote()
            .with_help("its page lists no study and the maps leave it out; remove it if it is not part of the framework"),
        );
    }
}
