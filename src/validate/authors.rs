//! A study's authors: each a family name, an optional given name and an
//! optional id that ties name forms of one researcher together.

use super::fields::{self, Ctx, Fields, is_slug};
use super::invisible;
use crate::content::AuthorName;
use crate::yaml::Node;

pub(super) fn read_authors(ctx: &mut Ctx, node: &Node) -> Option<Vec<AuthorName>> {
    let items = fields::list(ctx, node, "authors")?;
    let mut authors = Vec::new();
    let mut ok = true;
    for item in items {
        if let crate::yaml::Value::Str(s) = &item.value {
            ctx.error(
                item.span.clone(),
                format!("author `{s}` must be written as a family and a given name"),
                Some("write `- {family: Chu, given: Wendy}`".into()),
            );
            ok = false;
            continue;
        }
        let Some(mut f) = Fields::new(ctx, item, "an author") else {
            ok = false;
            continue;
        };
        let family = f.required(ctx, "family", "Chu");
        let given = f.optional("given");
        let id = f.optional("id");
        f.finish(ctx, &["family", "given", "id"]);
        let mut name_part = |n: &Node, field: &str| {
            let part = fields::text(ctx, n, field)?;
            invisible::warn(ctx, n, "author name", &part);
            Some(part)
        };
        let family = family.and_then(|n| name_part(n, "family"));
        let given = given.map(|n| name_part(n, "given"));
        let id = id.map(|n| {
            let s = fields::text(ctx, n, "id")?;
            if is_slug(&s) {
                Some(s)
            } else {
                ctx.error(
                    n.span.clone(),
                    format!("author id `{s}` must be lowercase letters, digits and hyphens"),
                    Some(format!("e.g. `{}`", slug::slugify(&s))),
                );
                None
            }
        });
        let name = match (family, given, id) {
            (Some(family), given @ (None | Some(Some(_))), id @ (None | Some(Some(_)))) => {
                AuthorName {
                    family,
                    given: given.flatten(),
                    id: id.flatten(),
                }
            }
            _ => {
                ok = false;
                continue;
            }
        };
        if page_name(ctx, item, &name) {
            authors.push(name);
        } else {
            ok = false;
        }
    }
    ok.then_some(authors)
}

/// Whether the author's page can be named: the name (or id) that becomes
/// the folder of their page must have a letter or digit, and be short
/// enough for any file system. Reports it at the author when not.
fn page_name(ctx: &mut Ctx, item: &Node, name: &AuthorName) -> bool {
    let key = crate::model::author_key(name);
    let shown = crate::model::display_name(name);
    if key.is_empty() {
        ctx.error(
            item.span.clone(),
            format!("author `{shown}` has no letter or digit to name their page after"),
            Some("give the author an `id` of lowercase letters, digits and hyphens, e.g. `id: anonymous-1`".into()),
        );
        return false;
    }
    if fields::name_too_long(&key) {
        ctx.error(
            item.span.clone(),
            format!(
                "the page name `{key}` of author `{shown}` is {} bytes long, over the limit of {}",
                key.len(),
                fields::MAX_NAME_BYTES
            ),
            Some("give the author a shorter `id` of lowercase letters, digits and hyphens".into()),
        );
        return false;
    }
    true
}
