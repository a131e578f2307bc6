//! Reading typed fields out of a YAML [`Node`] tree while collecting every
//! problem: unknown keys (with the nearest known one suggested), missing
//! required keys, values of the wrong kind. Each reader returns `None` after
//! reporting, so a file with five mistakes yields five diagnostics.
//! A mapping's keys are taken by [`Fields`] (`mapping`); the scalars, lists,
//! texts in both languages and dates here.

use std::ops::Range;

use crate::content::Localized;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::yaml::{Node, Value};

mod mapping;

pub use mapping::Fields;

/// The file being read and where its diagnostics go.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub diags: Vec<Diagnostic>,
    lines: std::cell::OnceCell<LineIndex>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Ctx {
            file,
            text,
            diags: Vec::new(),
            lines: std::cell::OnceCell::new(),
        }
    }

    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>, help: Option<String>) {
        self.push(Diagnostic::error(self.file, message), span, help);
    }

    pub fn warning(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.push(Diagnostic::warning(self.file, message), span, help);
    }

    pub fn note(&mut self, span: Range<usize>, message: impl Into<String>, help: Option<String>) {
        self.push(Diagnostic::note(self.file, message), span, help);
    }

    /// An error at a line where something is to be added: the headline
    /// and help only, since the line itself is not the mistake.
    pub fn error_at_place(&mut self, line: usize, message: impl Into<String>, help: String) {
        self.diags.push(
            Diagnostic::error(self.file, message)
                .at_line(line, 1)
                .without_quote()
                .with_help(help),
        );
    }

    /// The 1-based line of a byte offset, for a message that points at a
    /// second place ("first declared on line 3").
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn push(&mut self, mut d: Diagnostic, span: Range<usize>, help: Option<String>) {
        d = d.at_indexed(
            self.lines.get_or_init(|| LineIndex::new(self.text)),
            self.text,
            span,
        );
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    /// The text a scalar was written as: `yes`, `1.10` and `2025` are read
    /// back as written when a field wants text.
    fn raw(&self, node: &Node) -> Option<&'a str> {
        let raw = self.text.get(node.span.clone())?.trim();
        let raw = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
            .unwrap_or(raw);
        (!raw.is_empty()).then_some(raw)
    }
}

/// The nearest candidate to a misspelt word, if it is near enough to be a
/// plausible typo.
pub fn suggest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, c), c))
        .filter(|(distance, c)| {
            *distance <= 2.max(c.chars().count() / 3) || c.starts_with(&word) || word.starts_with(c)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

fn wrong_kind(ctx: &mut Ctx, node: &Node, field: &str, wanted: &str) {
    ctx.error(
        node.span.clone(),
        format!("`{field}` must be {wanted}, found {}", node.value.kind()),
        None,
    );
}

/// Text; a number or boolean is taken as written (`title: 1984`).
pub fn text(ctx: &mut Ctx, node: &Node, field: &str) -> Option<String> {
    let value = match &node.value {
        Value::Str(s) => s.trim().to_string(),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => ctx.raw(node)?.to_string(),
        _ => {
            wrong_kind(ctx, node, field, "text");
            return None;
        }
    };
    if value.is_empty() {
        ctx.error(node.span.clone(), format!("`{field}` is empty"), None);
        return None;
    }
    Some(value)
}

pub fn integer(ctx: &mut Ctx, node: &Node, field: &str) -> Option<i64> {
    match &node.value {
        Value::Int(i) => Some(*i),
        Value::Str(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
        _ => {
            wrong_kind(ctx, node, field, "a whole number");
            None
        }
    }
}

pub fn boolean(ctx: &mut Ctx, node: &Node, field: &str) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        _ => {
            wrong_kind(ctx, node, field, "true or false");
            None
        }
    }
}

/// A list; a single value is accepted as a list of one, which is what a
/// contributor who writes `themes: burnout` means.
pub fn list<'n>(ctx: &mut Ctx, node: &'n Node, field: &str) -> Option<Vec<&'n Node>> {
    match &node.value {
        Value::Seq(items) => Some(items.iter().collect()),
        Value::Str(_) => Some(vec![node]),
        _ => {
            wrong_kind(ctx, node, field, "a list");
            None
        }
    }
}

pub fn text_list(ctx: &mut Ctx, node: &Node, field: &str) -> Option<Vec<(String, Range<usize>)>> {
    let items = list(ctx, node, field)?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        match text(ctx, item, field) {
            Some(t) => out.push((t, item.span.clone())),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// `{en: ..., zh: ...}`. English is required; a missing Chinese text is a
/// warning and the site falls back to English, marked as untranslated.
pub fn localized<T>(
    ctx: &mut Ctx,
    node: &Node,
    field: &str,
    read: impl Fn(&mut Ctx, &Node, &str) -> Option<T>,
) -> Option<Localized<T>> {
    if let Value::Str(_) = node.value {
        ctx.error(
            node.span.clone(),
            format!("`{field}` needs a text per language"),
            Some(format!(
                "write it as two lines under `{field}:`, `  en: ...` and `  zh: ...`"
            )),
        );
        return None;
    }
    let mut fields = Fields::new(ctx, node, "a text in both languages")?;
    let en = fields.required(ctx, "en", "English text");
    let zh = fields.optional("zh");
    fields.finish(ctx, &["en", "zh"]);
    // Read both before giving up, so an empty en and an empty zh are both reported.
    let en = en.and_then(|node| read(ctx, node, field));
    let zh = match zh {
        Some(node) => read(ctx, node, field),
        None => {
            let span = node.span.clone();
            ctx.warning(
                span,
                format!("`{field}` has no Chinese (zh) text; the Chinese site will show the English marked as not yet translated"),
                Some(format!("add `  zh: ...` under `{field}:`")),
            );
            None
        }
    };
    Some(Localized { en: en?, zh })
}

pub fn localized_text(ctx: &mut Ctx, node: &Node, field: &str) -> Option<Localized<String>> {
    localized(ctx, node, field, text)
}

/// The longest name, in bytes, that may become one folder or file name of
/// the output (a study id, a term slug, an author's page, a page name):
/// well under the 255 bytes file systems allow, so a suffix or a bundle's
/// prefix still fits.
pub const MAX_NAME_BYTES: usize = 100;

/// Whether `name` is too long to become a folder name of the output.
pub fn name_too_long(name: &str) -> bool {
    name.len() > MAX_NAME_BYTES
}

/// Reports `name` (what `what` names, e.g. "theme slug") at `span` when it
/// is too long to become a folder name; whether it is short enough.
pub fn fits_a_path(ctx: &mut Ctx, span: Range<usize>, what: &str, name: &str) -> bool {
    if !name_too_long(name) {
        return true;
    }
    ctx.error(
        span,
        format!(
            "{what} `{name}` is {} bytes long, over the limit of {MAX_NAME_BYTES}",
            name.len()
        ),
        Some("it names a folder of the built site: shorten it".into()),
    );
    false
}

/// A slug: lowercase ASCII letters, digits and single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A date written `YYYY-MM-DD` (or `YYYY-MM` when `allow_month`).
pub fn date(ctx: &mut Ctx, node: &Node, field: &str, allow_month: bool) -> Option<String> {
    let value = text(ctx, node, field)?;
    if is_date(&value, allow_month) {
        if let Err((message, help)) = crate::dates::calendar_day(field, &value) {
            ctx.error(node.span.clone(), message, Some(help));
            return None;
        }
        Some(value)
    } else {
        let form = if allow_month {
            "YYYY-MM-DD or YYYY-MM"
        } else {
            "YYYY-MM-DD"
        };
        ctx.error(
            node.span.clone(),
            format!("`{field}` is not a date of the form {form}: `{value}`"),
            Some(crate::dates::date_form_help(field, &value, allow_month)),
        );
        None
    }
}

fn is_date(s: &str, allow_month: bool) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let numeric = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    let month_ok = |m: &str| matches!(m.parse::<u32>(), Ok(1..=12));
    match parts.as_slice() {
        [y, m] => allow_month && numeric(y, 4) && numeric(m, 2) && month_ok(m),
        [y, m, d] => {
            numeric(y, 4)
                && numeric(m, 2)
                && numeric(d, 2)
                && month_ok(m)
                && matches!(d.parse::<u32>(), Ok(1..=31))
        }
        _ => false,
    }
}

/// An optional text in both languages: `None` when absent; `None` as
/// the outer value after reporting a wrong one.
pub fn optional_localized(
    ctx: &mut Ctx,
    n: Option<&Node>,
    field: &str,
) -> Option<Option<Localized<String>>> {
    match n {
        Some(n) => localized_text(ctx, n, field).map(Some),
        None => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn read(text: &str) -> (Node, String) {
        (yaml::parse("t.yaml", text).unwrap(), text.to_string())
    }

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(suggest("tittle", ["title", "year"]), Some("title"));
        assert_eq!(
            suggest("self-car", ["self-care", "burnout"]),
            Some("self-care")
        );
        assert_eq!(suggest("zebra", ["title", "year"]), None);
    }

    #[test]
    fn every_unknown_key_is_reported() {
        let (node, text) = read("tittle: a\nyeer: 1\nyear: 2\n");
        let mut ctx = Ctx::new("t.yaml", &text);
        let mut fields = Fields::new(&mut ctx, &node, "study.yaml").unwrap();
        fields.optional("year");
        fields.finish(&mut ctx, &["title", "year"]);
        assert_eq!(ctx.diags.len(), 2);
        assert_eq!(ctx.diags[0].line, 1);
        assert_eq!(ctx.diags[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(ctx.diags[1].line, 2);
    }

    fn missing(text: &str, key: &str) -> Diagnostic {
        let (node, text) = read(text);
        let mut ctx = Ctx::new("t.yaml", &text);
        let mut fields = Fields::new(&mut ctx, &node, "study.yaml")
            .unwrap()
            .in_order(&["title", "authors", "design", "themes"]);
        for k in ["title", "authors", "design", "themes"] {
            fields.optional(k);
        }
        assert!(fields.required(&mut ctx, key, "x").is_none());
        ctx.diags.pop().unwrap()
    }

    #[test]
    fn a_missing_field_is_pointed_at_where_it_belongs() {
        let text = "title: t\nauthors:\n  - a\n  - b\n# a comment\nthemes: [x]\n";
        let d = missing(text, "design");
        assert_eq!((d.line, d.quote), (5, false), "{d:?}");
        assert!(d.help.unwrap().contains("here, after `authors`"));
        // The last field: after the end of the file.
        let d = missing("title: t\nauthors: []\n", "themes");
        assert_eq!(d.line, 3, "{d:?}");
        let d = missing("authors: []\n", "title");
        assert_eq!(d.line, 1, "{d:?}");
        // Written without a value: the line that has the key.
        let d = missing("title: t\ndesign:\n", "design");
        assert_eq!((d.line, d.quote), (2, true), "{d:?}");
    }

    #[test]
    fn text_reads_numbers_and_yes_as_written() {
        let (node, text) = read("a: 1.10\nb: yes\n");
        let mut ctx = Ctx::new("t.yaml", &text);
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(text_of(&mut ctx, &entries[0].1), "1.10");
        assert_eq!(text_of(&mut ctx, &entries[1].1), "yes");
    }

    fn text_of(ctx: &mut Ctx, node: &Node) -> String {
        text(ctx, node, "f").unwrap()
    }

    #[test]
    fn missing_chinese_is_a_warning_not_an_error() {
        let (node, text) = read("title:\n  en: Hello\n");
        let mut ctx = Ctx::new("t.yaml", &text);
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let l = localized_text(&mut ctx, &entries[0].1, "title").unwrap();
        assert_eq!(l.en, "Hello");
        assert!(l.zh.is_none());
        assert_eq!(ctx.diags.len(), 1);
        assert_eq!(ctx.diags[0].severity, crate::diagnostics::Severity::Warning);
    }

    #[test]
    fn slugs_and_dates() {
        assert!(is_slug("self-care"));
        assert!(!is_slug("Self-care"));
        assert!(!is_slug("a--b"));
        assert!(is_date("2025-06-30", false));
        assert!(!is_date("2025-06", false));
        assert!(is_date("2025-06", true));
        assert!(!is_date("2025-13-01", false));
    }
}
