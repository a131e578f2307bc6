//! A study's quality appraisal: the tool and its criteria's answers.

use super::fields::optional_localized;
use super::fields::{self, Ctx, Fields};
use crate::content::{Answer, Criterion, Quality};
use crate::yaml::Node;

pub(super) fn read_quality(ctx: &mut Ctx, node: &Node) -> Option<Quality> {
    let mut f = Fields::new(ctx, node, "quality")?;
    let tool = f.required(ctx, "tool", "MMAT 2018");
    let criteria = f.required(ctx, "criteria", "[{id: \"1.1\", answer: \"yes\"}]");
    let note = f.optional("note");
    f.finish(ctx, &["tool", "criteria", "note"]);
    let tool = tool.and_then(|n| fields::text(ctx, n, "tool"));
    let note = optional_localized(ctx, note, "note");
    let criteria = criteria.and_then(|n| {
        let mut out = Vec::new();
        let mut ok = true;
        for item in fields::list(ctx, n, "criteria")? {
            let Some(mut c) = Fields::new(ctx, item, "a quality criterion") else {
                ok = false;
                continue;
            };
            let id = c.required(ctx, "id", "\"1.1\"");
            let answer = c.required(ctx, "answer", "\"yes\"");
            c.finish(ctx, &["id", "answer"]);
            let id = id.and_then(|n| fields::text(ctx, n, "id"));
            let answer = answer.and_then(|n| match &n.value {
                crate::yaml::Value::Bool(true) => Some(Answer::Yes),
                crate::yaml::Value::Bool(false) => Some(Answer::No),
                _ => match fields::text(ctx, n, "answer")?.as_str() {
                    "yes" => Some(Answer::Yes),
                    "no" => Some(Answer::No),
                    "cant-tell" | "can't tell" => Some(Answer::CantTell),
                    other => {
                        ctx.error(
                            n.span.clone(),
                            format!("unknown answer `{other}`"),
                            Some("use \"yes\", \"no\" or \"cant-tell\"".into()),
                        );
                        None
                    }
                },
            });
            match (id, answer) {
                (Some(id), Some(answer)) => out.push(Criterion { id, answer }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    });
    Some(Quality {
        tool: tool?,
        criteria: criteria?,
        note: note?,
    })
}
