//! Reading typed fields out of a YAML [`Node`] tree while collecting every
//! problem: unknown keys (with the nearest known one suggested), missing
//! required keys, values of the wrong kind. Each reader returns `None` after
//! reporting, so a file with five mistakes yields five diagnostics.

use std::ops::Range;

use crate::content::Localized;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::yaml::{Node, Value};

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

/// A YAML mapping whose keys are taken one by one; `finish` reports the
/// keys nobody took.
pub struct Fields<'n> {
    node: &'n Node,
    entries: &'n [(Node, Node)],
    taken: Vec<bool>,
    what: &'static str,
    /// The order a whole file's fields are written in, when known.
    order: Option<&'static [&'static str]>,
}

impl<'n> Fields<'n> {
    /// `what` names the mapping in messages ("study.yaml", "a term").
    pub fn new(ctx: &mut Ctx, node: &'n Node, what: &'static str) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                node,
                entries,
                taken: vec![false; entries.len()],
                what,
                order: None,
            }),
            other => {
                ctx.error(
                    node.span.clone(),
                    format!(
                        "{what} must be a mapping of `key: value` lines, found {}",
                        other.kind()
                    ),
                    None,
                );
                None
            }
        }
    }

    /// The value of `key`, if present (an explicit `null` counts as absent).
    pub fn optional(&mut self, key: &str) -> Option<&'n Node> {
        let index = self
            .entries
            .iter()
            .position(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))?;
        self.taken[index] = true;
        let value = &self.entries[index].1;
        (value.value != Value::Null).then_some(value)
    }

    /// The value of `key`, reporting it as missing otherwise.
    pub fn required(&mut self, ctx: &mut Ctx, key: &str, example: &str) -> Option<&'n Node> {
        self.required_from(ctx, key, example, None)
    }

    /// [`required`](Self::required) for a field that takes terms of a
    /// vocabulary: the help lists them (`the designs are: …`).
    pub fn required_from(
        &mut self,
        ctx: &mut Ctx,
        key: &str,
        example: &str,
        terms: Option<String>,
    ) -> Option<&'n Node> {
        let found = self.optional(key);
        if found.is_some() {
            return found;
        }
        let message = format!("missing required field `{key}` in {}", self.what);
        let terms = terms.map_or(String::new(), |t| format!("; {t}"));
        if let Some((written, _)) = self.entry(key) {
            // `key:` with nothing after it: the line is the place.
            let span = written.span.clone();
            ctx.error(
                span,
                message,
                Some(format!("give it a value, e.g. `{key}: {example}`{terms}")),
            );
        } else if let Some(order) = self.order {
            let (line, place) = self.place_of(ctx, key, order);
            ctx.error_at_place(
                line,
                message,
                format!("add a line `{key}: {example}` here, {place}{terms}"),
            );
        } else {
            let at = self.missing_span(ctx);
            ctx.error(
                at,
                message,
                Some(format!("add a line `{key}: {example}`{terms}")),
            );
        }
        found
    }

    /// Reads this mapping as a whole file whose fields come in `order` (as
    /// `gapmap new` writes them): a missing field is then pointed at the
    /// line where it belongs.
    pub fn in_order(mut self, order: &'static [&'static str]) -> Self {
        self.order = Some(order);
        self
    }

    fn entry(&self, key: &str) -> Option<&'n (Node, Node)> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
    }

    /// The 1-based line where `key` belongs: after the last field present
    /// that comes before it in `order`, or before the first field; and
    /// those words for the help.
    fn place_of(&self, ctx: &Ctx, key: &str, order: &[&str]) -> (usize, String) {
        let before = order.iter().position(|k| *k == key).unwrap_or(order.len());
        let previous = order[..before]
            .iter()
            .rev()
            .find_map(|k| self.entry(k).map(|entry| (*k, entry)));
        let line_of =
            |offset: usize| ctx.text[..offset.min(ctx.text.len())].matches('\n').count() + 1;
        match previous {
            Some((name, (k, v))) => {
                let end = k.span.end.max(last_end(v)).min(ctx.text.len());
                let written = ctx.text[..end].trim_end();
                (line_of(written.len()) + 1, format!("after `{name}`"))
            }
            None => match self.entries.first() {
                Some((k, _)) => (line_of(k.span.start), "at the top".to_string()),
                None => (1, "at the top".to_string()),
            },
        }
    }
    /// Where to point when a key of a mapping inside a file is missing:
    /// its first key, so the line shown is the block the key belongs in.
    fn missing_span(&self, ctx: &Ctx) -> Range<usize> {
        match self.entries.first() {
            Some((k, _)) => k.span.clone(),
            None => self.node.span.start..self.node.span.start.min(ctx.text.len()),
        }
    }

    /// Reports every key not taken, suggesting the nearest known key.
    pub fn finish(self, ctx: &mut Ctx, known: &[&str]) {
        for ((key, _), taken) in self.entries.iter().zip(&self.taken) {
            if *taken {
                continue;
            }
            let name = match &key.value {
                Value::Str(s) => s.clone(),
                _ => ctx.raw(key).unwrap_or("?").to_string(),
            };
            let help = match suggest(&name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the fields of {} are: {}", self.what, known.join(", ")),
            };
            ctx.error(
                key.span.clone(),
                format!("unknown field `{name}` in {}", self.what),
                Some(help),
            );
        }
    }
}

/// Where a value's text ends: a collection's own span may cover only its
/// opening, so its last item decides.
fn last_end(node: &Node) -> usize {
    let inner = match &node.value {
        Value::Seq(items) => items.iter().map(last_end).max(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| k.span.end.max(last_end(v)))
            .max(),
        _ => None,
    };
    inner.unwrap_or(0).max(node.span.end)
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
