//! site.yaml (its maps: `framework`).

use std::path::Path;

use super::fields::{self, Ctx, Fields, is_slug, suggest};
use crate::content::{Evidence, EvidenceKind, Lang, SiteConfig, Taxonomies};
use crate::yaml::Node;

pub const SITE_FIELDS: &[&str] = &[
    "title",
    "tagline",
    "base_url",
    "default_language",
    "languages",
    "theme",
    "evidence",
    "publish_abstracts",
    "maps",
    "related",
];

/// site.yaml. Its maps are checked against `taxonomies` (and not read
/// when taxonomies.yaml could not be).
pub fn site_config(
    ctx: &mut Ctx,
    node: &Node,
    root: &Path,
    taxonomies: Option<&Taxonomies>,
) -> Option<SiteConfig> {
    let mut f = Fields::new(ctx, node, "site.yaml")?.in_order(SITE_FIELDS);
    let title = f.required(ctx, "title", "{en: ..., zh: ...}");
    let tagline = f.required(ctx, "tagline", "{en: ..., zh: ...}");
    let base_url = f.required(ctx, "base_url", "https://example.org/");
    let default_language = f.optional("default_language");
    let languages = f.optional("languages");
    let theme = f.optional("theme");
    let evidence = f.optional("evidence");
    let publish_abstracts = f.optional("publish_abstracts");
    let maps = f.optional("maps");
    let related = f.optional("related");
    // Where `maps:` belongs, should it be missing.
    let maps_place = f.place_of(ctx, "maps", SITE_FIELDS);
    f.finish(ctx, SITE_FIELDS);
    let framework = match taxonomies {
        Some(t) => super::framework::maps(ctx, maps_place, maps, related, t),
        None => None,
    };
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
        subset: None,
        publish_abstracts: match publish_abstracts {
            Some(n) => fields::boolean(ctx, n, "publish_abstracts")?,
            None => false,
        },
        maps: framework.as_ref()?.0.clone(),
        related: framework?.1,
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
