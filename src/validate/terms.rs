//! A study's tags (design, populations, regions, settings, themes), each
//! checked against the vocabulary of content/taxonomies.yaml.

use std::collections::BTreeMap;
use std::ops::Range;

use super::fields::{self, Ctx, suggest};
use crate::content::{NOT_STATED, Taxonomies, Vocabulary};
use crate::yaml::{Node, Value};

/// The slugs of every vocabulary, and whether tags are checked against
/// them (not when taxonomies.yaml itself could not be read).
pub(super) struct Tags<'t> {
    slugs: BTreeMap<Vocabulary, Vec<&'t str>>,
    check: bool,
}

impl<'t> Tags<'t> {
    pub(super) fn new(taxonomies: &'t Taxonomies, check: bool) -> Self {
        Tags {
            slugs: super::slug_index(taxonomies),
            check,
        }
    }

    /// The slugs `node` lists in vocabulary `v`, each known and listed once;
    /// `None` after reporting an unknown slug (or none, if `at_least_one`).
    pub(super) fn read(
        &self,
        ctx: &mut Ctx,
        node: Option<&Node>,
        v: Vocabulary,
        at_least_one: bool,
    ) -> Option<Vec<String>> {
        let node = node?;
        let field = if v == Vocabulary::Designs {
            "design"
        } else {
            v.key()
        };
        if let Some(items) = comma_list(ctx, node) {
            return self.read_comma_list(ctx, node, v, field, &items);
        }
        let items = fields::text_list(ctx, node, field)?;
        if at_least_one && items.is_empty() {
            ctx.error(
                node.span.clone(),
                format!("`{}` lists no {}", v.key(), v.singular()),
                Some(format!(
                    "give at least one; the {} are: {}",
                    v.key(),
                    self.slugs[&v].join(", ")
                )),
            );
            return None;
        }
        let mut out: Vec<String> = Vec::new();
        let mut ok = not_stated_alone(ctx, v, &items);
        for (slug, span) in items {
            if !self.known(ctx, v, &slug, span.clone()) {
                ok = false;
            } else if out.contains(&slug) {
                ctx.warning(
                    span,
                    format!("{} `{slug}` is listed twice", v.singular()),
                    None,
                );
            } else {
                out.push(slug);
            }
        }
        ok.then_some(out)
    }

    /// `the populations are: youth, adults`, for the help of a missing
    /// field; `None` when the vocabulary could not be read.
    pub(super) fn listing(&self, v: Vocabulary) -> Option<String> {
        let slugs = &self.slugs[&v];
        (self.check && !slugs.is_empty())
            .then(|| format!("the {} are: {}", v.key(), slugs.join(", ")))
    }

    /// Whether `slug` is a term of `v`, reporting it at `span` otherwise.
    fn known(&self, ctx: &mut Ctx, v: Vocabulary, slug: &str, span: Range<usize>) -> bool {
        if !self.check || self.slugs[&v].contains(&slug) {
            return true;
        }
        let help = match suggest(slug, self.slugs[&v].iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "use a {} from content/taxonomies.yaml: {}",
                v.singular(),
                self.slugs[&v].join(", ")
            ),
        };
        ctx.error(
            span,
            format!("unknown {} `{slug}`", v.singular()),
            Some(help),
        );
        false
    }

    /// `themes: burnout, supervision`: YAML reads one text, so the terms
    /// after the first would be lost. Says how to write the list (or, for
    /// the one design, to choose), and checks each term on its own.
    fn read_comma_list(
        &self,
        ctx: &mut Ctx,
        node: &Node,
        v: Vocabulary,
        field: &str,
        items: &[(String, Range<usize>)],
    ) -> Option<Vec<String>> {
        let written = items
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if v == Vocabulary::Designs {
            ctx.error(
                node.span.clone(),
                format!(
                    "`design` takes one design, found {}: `{written}`",
                    items.len()
                ),
                Some(format!(
                    "keep the one that describes the study, e.g. `design: {}`",
                    items[0].0
                )),
            );
        } else {
            ctx.error(
                node.span.clone(),
                format!(
                    "`{field}` lists several {} without brackets, so YAML reads them as one text: `{written}`",
                    v.key()
                ),
                Some(format!("put the list in brackets: `{field}: [{written}]`")),
            );
        }
        for (slug, span) in items {
            self.known(ctx, v, slug, span.clone());
        }
        None
    }
}

/// Reports a "not stated" term listed beside another term of the same
/// vocabulary; whether there was none.
fn not_stated_alone(ctx: &mut Ctx, v: Vocabulary, items: &[(String, Range<usize>)]) -> bool {
    let Some((_, span)) = items.iter().find(|(slug, _)| slug == NOT_STATED) else {
        return true;
    };
    if items.iter().all(|(slug, _)| slug == NOT_STATED) {
        return true;
    }
    ctx.error(
        span.clone(),
        format!("`{NOT_STATED}` cannot be combined with other {}", v.key()),
        Some(format!(
            "`{NOT_STATED}` says the source does not give the study's {}: remove it, or keep it alone if the others were guesses",
            v.key()
        )),
    );
    false
}

/// The terms of a single text written with commas (`a, b` or `a，b`), each
/// with its span where it can be found in the file; `None` for anything
/// else.
fn comma_list(ctx: &Ctx, node: &Node) -> Option<Vec<(String, Range<usize>)>> {
    let Value::Str(text) = &node.value else {
        return None;
    };
    if !text.contains([',', '，']) {
        return None;
    }
    let source = ctx.text.get(node.span.clone()).unwrap_or("");
    let mut from = 0;
    let mut items = Vec::new();
    for item in text
        .split([',', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let span = match source[from..].find(item) {
            Some(at) => {
                let start = node.span.start + from + at;
                from += at + item.len();
                start..start + item.len()
            }
            None => node.span.clone(),
        };
        items.push((item.to_string(), span));
    }
    (!items.is_empty()).then_some(items)
}
