//! A study's tags (design, populations, regions, settings, themes), each
//! checked against the vocabulary of content/taxonomies.yaml.

use std::collections::BTreeMap;

use super::fields::{self, Ctx, suggest};
use crate::content::{Taxonomies, Vocabulary};
use crate::yaml::Node;

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
        let mut ok = true;
        for (slug, span) in items {
            if self.check && !self.slugs[&v].contains(&slug.as_str()) {
                let help = match suggest(&slug, self.slugs[&v].iter().copied()) {
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
}
