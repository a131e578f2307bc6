//! site.yaml's `maps` and `related`: which vocabularies each map draws,
//! checked against the declared vocabularies.

use std::collections::BTreeSet;

use super::super::fields::{self, Ctx, Fields, is_slug, suggest};
use crate::content::{MAX_RANKED_BY, MapDef, Taxonomies, Vocabulary};
use crate::yaml::Node;

pub const MAP_FIELDS: &[&str] = &[
    "key", "rows", "columns", "segment", "brief", "title", "intro",
];

/// The most cells one evidence map may have: its rows × the terms of one
/// column vocabulary. 200 rows × 200 columns build in about two seconds
/// into a 3 MB page; real maps are far smaller (this repository's: 13
/// themes × 9 regions), and a map larger than this cannot be read on a
/// screen. Each term page holds a map of its own, so the bound also
/// bounds those.
pub const MAX_MAP_CELLS: usize = 40_000;

/// The maps of site.yaml, the first of them the home page's, and the
/// vocabularies related studies are ranked by. `place` is the line where
/// a missing `maps` belongs, and those words for the help.
pub fn maps(
    ctx: &mut Ctx,
    place: (usize, String),
    maps: Option<&Node>,
    related: Option<&Node>,
    taxonomies: &Taxonomies,
) -> Option<(Vec<MapDef>, Vec<Vocabulary>)> {
    let keys: Vec<&str> = taxonomies
        .vocabularies
        .iter()
        .map(|v| v.key.as_str())
        .collect();
    let Some(maps) = maps else {
        let first = keys.first().copied().unwrap_or("a-vocabulary");
        let second = keys.get(1).copied().unwrap_or(first);
        let (line, place) = place;
        ctx.error_at_place(
            line,
            "site.yaml declares no map",
            format!(
                "add `maps:` here, {place}, with at least one map, e.g. `maps: [{{key: evidence, rows: {first}, columns: [{second}], title: {{en: ..., zh: ...}}}}]`; the vocabularies are: {}",
                keys.join(", ")
            ),
        );
        return None;
    };
    let items = fields::list(ctx, maps, "maps")?;
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut ok = true;
    for item in items {
        match map(ctx, item, taxonomies, &keys) {
            Some(m) if seen.insert(m.key.clone()) => out.push(m),
            Some(m) => {
                ctx.error(
                    item.span.clone(),
                    format!("two maps have the key `{}`", m.key),
                    Some("give each map its own key".into()),
                );
                ok = false;
            }
            None => ok = false,
        }
    }
    if ok && out.is_empty() {
        ctx.error(
            maps.span.clone(),
            "`maps` lists no map",
            Some("the first map is the home page's: declare at least one".into()),
        );
        return None;
    }
    let related = match related {
        None => out.first().map(|m| vec![m.rows]).unwrap_or_default(),
        Some(n) => {
            let by = vocabulary_list(ctx, n, "related", taxonomies, &keys)?;
            if by.len() > MAX_RANKED_BY {
                ctx.error(
                    n.span.clone(),
                    format!("`related` names {} vocabularies; related studies can be ranked by at most {MAX_RANKED_BY}", by.len()),
                    Some("keep the ones whose shared terms say most about how close two studies are".into()),
                );
                return None;
            }
            by
        }
    };
    ok.then_some((out, related))
}

fn map(ctx: &mut Ctx, node: &Node, taxonomies: &Taxonomies, keys: &[&str]) -> Option<MapDef> {
    let mut f = Fields::new(ctx, node, "a map")?;
    let key = f.required(ctx, "key", "evidence");
    let rows = f.required(ctx, "rows", keys.first().copied().unwrap_or("a-vocabulary"));
    let columns = f.required(ctx, "columns", "[...]");
    let segment = f.optional("segment");
    let brief = f.optional("brief");
    let title = f.required(ctx, "title", "{en: ..., zh: ...}");
    let intro = f.optional("intro");
    f.finish(ctx, MAP_FIELDS);
    let key = key.and_then(|n| {
        let k = fields::text(ctx, n, "key")?;
        if !is_slug(&k) {
            ctx.error(
                n.span.clone(),
                format!("map key `{k}` must be lowercase letters, digits and single hyphens"),
                Some(format!(
                    "it names the map's page, e.g. `{}`",
                    slug::slugify(&k)
                )),
            );
            return None;
        }
        fields::fits_a_path(ctx, n.span.clone(), "map key", &k).then_some(k)
    });
    let rows_node = rows;
    let rows = rows.and_then(|n| one_vocabulary(ctx, n, "rows", taxonomies, keys));
    let columns_node = columns;
    let columns = columns.and_then(|n| vocabulary_list(ctx, n, "columns", taxonomies, keys));
    let segment = match segment {
        None => Some(None),
        Some(n) => one_vocabulary(ctx, n, "segment", taxonomies, keys).map(Some),
    };
    let title = title.and_then(|n| fields::localized_text(ctx, n, "title"));
    let intro = super::super::fields::optional_localized(ctx, intro, "intro");
    let (rows, columns) = (rows?, columns?);
    let mut ok = true;
    if columns.is_empty() {
        ctx.error(
            columns_node.map_or(node.span.clone(), |n| n.span.clone()),
            "`columns` names no vocabulary",
            Some("name one vocabulary, or several the reader switches between".into()),
        );
        ok = false;
    }
    if columns.contains(&rows) {
        let key = taxonomies[rows].key.as_str();
        ctx.error(
            columns_node.map_or(node.span.clone(), |n| item_span(n, key)),
            format!("`{key}` is both the rows and a column of the map"),
            Some("a map sets one vocabulary against others: remove it from `columns`".into()),
        );
        ok = false;
    }
    for &c in &columns {
        let (r, n) = (taxonomies.terms(rows).len(), taxonomies.terms(c).len());
        let cells = r.saturating_mul(n);
        if cells > MAX_MAP_CELLS {
            let larger = if n >= r { c } else { rows };
            ctx.error(
                rows_node.map_or(node.span.clone(), |n| n.span.clone()),
                format!(
                    "the map of {} × {} would have {r} × {n} = {cells} cells; a map may have at most {MAX_MAP_CELLS}",
                    taxonomies[rows].key, taxonomies[c].key,
                ),
                Some(format!(
                    "merge or remove {}: a map shows every one of its rows against every one of its columns",
                    taxonomies[larger].key
                )),
            );
            ok = false;
        }
    }
    let brief = match brief {
        None => Some(columns.clone()),
        Some(n) => vocabulary_list(ctx, n, "brief", taxonomies, keys).and_then(|b| {
            match b.iter().find(|v| !columns.contains(v)) {
                Some(v) => {
                    let key = taxonomies[*v].key.as_str();
                    ctx.error(
                        item_span(n, key),
                        format!("`brief` names `{key}`, which is not one of the map's columns"),
                        Some("the printed brief shows some of the map's own column sets".into()),
                    );
                    None
                }
                None => Some(b),
            }
        }),
    };
    if !ok {
        return None;
    }
    Some(MapDef {
        key: key?,
        rows,
        columns,
        segment: segment?,
        brief: brief?,
        title: title?,
        intro: intro?,
    })
}

fn one_vocabulary(
    ctx: &mut Ctx,
    node: &Node,
    field: &str,
    taxonomies: &Taxonomies,
    keys: &[&str],
) -> Option<Vocabulary> {
    let name = fields::text(ctx, node, field)?;
    known(ctx, node.span.clone(), &name, field, taxonomies, keys)
}

/// One vocabulary (`columns: regions`) or a list of them, each once.
fn vocabulary_list(
    ctx: &mut Ctx,
    node: &Node,
    field: &str,
    taxonomies: &Taxonomies,
    keys: &[&str],
) -> Option<Vec<Vocabulary>> {
    let items = fields::text_list(ctx, node, field)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (name, span) in items {
        match known(ctx, span.clone(), &name, field, taxonomies, keys) {
            Some(v) if out.contains(&v) => {
                ctx.error(span, format!("`{field}` names `{name}` twice"), None);
                ok = false;
            }
            Some(v) => out.push(v),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn known(
    ctx: &mut Ctx,
    span: std::ops::Range<usize>,
    name: &str,
    field: &str,
    taxonomies: &Taxonomies,
    keys: &[&str],
) -> Option<Vocabulary> {
    if let Some(v) = taxonomies.by_key(name) {
        return Some(v);
    }
    let help = match suggest(name, keys.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("content/taxonomies.yaml declares: {}", keys.join(", ")),
    };
    ctx.error(
        span,
        format!("`{field}` names unknown vocabulary `{name}`"),
        Some(help),
    );
    None
}

/// The span of the item of list `node` that reads `name`, or of the whole
/// list (or single value) when none does.
fn item_span(node: &Node, name: &str) -> std::ops::Range<usize> {
    match &node.value {
        crate::yaml::Value::Seq(items) => items
            .iter()
            .find(|i| matches!(&i.value, crate::yaml::Value::Str(s) if s.trim() == name))
            .map_or(node.span.clone(), |i| i.span.clone()),
        _ => node.span.clone(),
    }
}
