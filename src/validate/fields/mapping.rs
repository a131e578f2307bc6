//! A YAML mapping read key by key: unknown keys reported with the nearest
//! known one, missing required keys pointed at where they belong.

use std::ops::Range;

use super::{Ctx, suggest};
use crate::yaml::{Node, Value};

/// A YAML mapping whose keys are taken one by one; `finish` reports the
/// keys nobody took.
pub struct Fields<'n> {
    node: &'n Node,
    entries: &'n [(Node, Node)],
    taken: Vec<bool>,
    what: &'static str,
    /// The order a whole file's fields are written in, when known.
    order: Option<&'n [&'n str]>,
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
    pub fn in_order(mut self, order: &'n [&'n str]) -> Self {
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
    pub fn place_of(&self, ctx: &Ctx, key: &str, order: &[&str]) -> (usize, String) {
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
