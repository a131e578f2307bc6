//! A study's terms, one field per declared vocabulary, each checked
//! against the vocabulary of content/taxonomies.yaml.

use std::ops::Range;

use super::fields::{self, Ctx, Fields, suggest};
use crate::content::{NOT_STATED, Taxonomies, Vocabulary};
use crate::yaml::{Node, Value};

/// The slugs of every vocabulary, and whether tags are checked against
/// them (not when taxonomies.yaml itself could not be read).
pub(super) struct Tags<'t> {
    taxonomies: &'t Taxonomies,
    slugs: Vec<Vec<&'t str>>,
    check: bool,
    /// An imported study's required vocabularies may be missing (it is a
    /// draft until they are given): which are, by field.
    draft: Option<std::cell::RefCell<Vec<String>>>,
}

impl<'t> Tags<'t> {
    pub(super) fn new(taxonomies: &'t Taxonomies, check: bool) -> Self {
        Tags {
            taxonomies,
            slugs: super::slug_index(taxonomies),
            check,
            draft: None,
        }
    }

    /// For an imported study: its required vocabularies may be missing or
    /// empty, and are then listed by [`Tags::missing`] instead of reported.
    pub(super) fn for_draft(mut self) -> Self {
        self.draft = Some(std::cell::RefCell::new(Vec::new()));
        self
    }

    /// The required fields an imported study leaves empty.
    pub(super) fn missing(&self) -> Vec<String> {
        self.draft
            .as_ref()
            .map(|m| m.borrow().clone())
            .unwrap_or_default()
    }

    /// Whether this is an imported study's (see [`Tags::for_draft`]).
    pub(super) fn is_draft(&self) -> bool {
        self.draft.is_some()
    }

    /// Records `field` as one an imported study still lacks; false (and
    /// nothing recorded) for any other study.
    pub(super) fn note_missing(&self, field: &str) -> bool {
        match &self.draft {
            Some(missing) => {
                missing.borrow_mut().push(field.to_string());
                true
            }
            None => false,
        }
    }

    pub(super) fn taxonomies(&self) -> &'t Taxonomies {
        self.taxonomies
    }

    /// Whether terms are checked (not when taxonomies.yaml could not be
    /// read).
    pub(super) fn checking(&self) -> bool {
        self.check
    }

    /// study.yaml's fields in the order `gapmap new` writes them.
    pub(super) fn field_order(&self) -> Vec<&'t str> {
        super::study_fields(self.taxonomies)
    }

    /// Takes vocabulary `v`'s field out of a study's fields, reporting it
    /// as missing when the vocabulary is required.
    pub(super) fn field<'n>(
        &self,
        ctx: &mut Ctx,
        f: &mut Fields<'n>,
        v: Vocabulary,
    ) -> Option<&'n crate::yaml::Node> {
        let def = &self.taxonomies[v];
        if !def.required || self.draft.is_some() {
            return f.optional(&def.field);
        }
        let first = def.terms.first().map_or("a-term", |t| t.slug.as_str());
        let example = if def.multiple {
            format!("[{first}]")
        } else {
            first.to_string()
        };
        f.required_from(ctx, &def.field, &example, self.listing(v))
    }

    /// The terms a study gives in vocabulary `v`'s field (none when the
    /// field is absent and not required); `None` after reporting.
    pub(super) fn read_field(
        &self,
        ctx: &mut Ctx,
        node: Option<&Node>,
        v: Vocabulary,
    ) -> Option<Vec<String>> {
        let def = &self.taxonomies[v];
        let Some(node) = node else {
            if def.required && self.note_missing(&def.field) {
                return Some(Vec::new());
            }
            return (!def.required).then(Vec::new);
        };
        let terms = self.read(ctx, Some(node), v, def.required && self.draft.is_none())?;
        if terms.is_empty() && def.required {
            self.note_missing(&def.field);
        }
        if !def.multiple && terms.len() > 1 {
            ctx.error(
                node.span.clone(),
                format!("`{}` takes one {}", def.field, def.singular.en),
                Some(format!(
                    "keep the one that describes the study, e.g. `{}: {}`",
                    def.field, terms[0]
                )),
            );
            return None;
        }
        Some(terms)
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
        let def = &self.taxonomies[v];
        let field = def.field.as_str();
        if let Some(items) = comma_list(ctx, node) {
            return self.read_comma_list(ctx, node, v, field, &items);
        }
        let items = fields::text_list(ctx, node, field)?;
        if at_least_one && items.is_empty() {
            ctx.error(
                node.span.clone(),
                format!("`{field}` lists no {}", def.singular.en),
                Some(format!(
                    "give at least one; the {} are: {}",
                    def.key,
                    self.slugs[v.index()].join(", ")
                )),
            );
            return None;
        }
        let mut out: Vec<String> = Vec::new();
        let mut ok = not_stated_alone(ctx, &def.key, &items);
        for (slug, span) in items {
            if !self.known(ctx, v, &slug, span.clone()) {
                ok = false;
            } else if out.contains(&slug) {
                ctx.warning(
                    span,
                    format!("{} `{slug}` is listed twice", def.singular.en),
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
        let slugs = &self.slugs[v.index()];
        (self.check && !slugs.is_empty())
            .then(|| format!("the {} are: {}", self.taxonomies[v].key, slugs.join(", ")))
    }

    /// Whether `slug` is a term of `v`, reporting it at `span` otherwise.
    fn known(&self, ctx: &mut Ctx, v: Vocabulary, slug: &str, span: Range<usize>) -> bool {
        let slugs = &self.slugs[v.index()];
        if !self.check || slugs.contains(&slug) {
            return true;
        }
        let singular = &self.taxonomies[v].singular.en;
        let help = match suggest(slug, slugs.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            // Worded as the serve panel's translation expects it.
            None => format!(
                "use {} {singular} from content/taxonomies.yaml: {}",
                article(singular),
                slugs.join(", ")
            ),
        };
        ctx.error(span, format!("unknown {singular} `{slug}`"), Some(help));
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
        let def = &self.taxonomies[v];
        if !def.multiple {
            ctx.error(
                node.span.clone(),
                format!(
                    "`{field}` takes one {}, found {}: `{written}`",
                    def.singular.en,
                    items.len()
                ),
                Some(format!(
                    "keep the one that describes the study, e.g. `{field}: {}`",
                    items[0].0
                )),
            );
        } else {
            ctx.error(
                node.span.clone(),
                format!(
                    "`{field}` lists several {} without brackets, so YAML reads them as one text: `{written}`",
                    def.key
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
fn not_stated_alone(ctx: &mut Ctx, key: &str, items: &[(String, Range<usize>)]) -> bool {
    let Some((_, span)) = items.iter().find(|(slug, _)| slug == NOT_STATED) else {
        return true;
    };
    if items.iter().all(|(slug, _)| slug == NOT_STATED) {
        return true;
    }
    ctx.error(
        span.clone(),
        format!("`{NOT_STATED}` cannot be combined with other {key}"),
        Some(format!(
            "`{NOT_STATED}` says the source does not give the study's {key}: remove it, or keep it alone if the others were guesses"
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

/// `a` or `an` before an English word, by its first letter (`an outcome`,
/// `a theme`).
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}
