//! The error panel `gapmap serve` shows over open pages, in each language
//! of the site: its own wording, and each diagnostic with its help line
//! translated where a translation is known. The diagnostic's headline and
//! quoted lines stay as the terminal shows them (paths, lines, the
//! contributor's own text), so the panel and the terminal can be compared.
//!
//! Live only in preview: nothing here reaches a built site.

use crate::diagnostics::{Diagnostics, Severity};

/// The panel in one language: what `live.js` shows on a page whose
/// `lang` starts with `lang`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub(super) struct Panel {
    pub heading: String,
    pub hide: String,
    pub text: String,
}

/// The languages the panel speaks; a page in another falls back to the
/// first.
const LANGS: [&str; 2] = ["en", "zh"];

fn heading(lang: &str) -> &'static str {
    match lang {
        "zh" => "gapmap：最近一次修改有错误；本页显示的是上一次成功构建的版本。",
        _ => "gapmap: the last change has errors; this page shows the last good build.",
    }
}

fn hide(lang: &str) -> &'static str {
    match lang {
        "zh" => "隐藏",
        _ => "Hide",
    }
}

/// The panel's data, one [`Panel`] per language, as the JSON text of the
/// `failed` event: the page picks its own language.
pub(super) fn content_errors(diags: &Diagnostics) -> String {
    panels(|lang| {
        let shown = if lang == "en" {
            diags.without_notes()
        } else {
            diags
                .without_notes()
                .with_help_translated(|help| translate(lang, help))
        };
        let mut text = shown.render_human();
        text.push_str(&summary(lang, diags));
        text
    })
}

/// The panel's data for an error that is no content error (the output
/// cannot be written, a bug): the message as the terminal shows it.
pub(super) fn other_error(message: &str) -> String {
    panels(|_| message.to_string())
}

fn panels(text: impl Fn(&str) -> String) -> String {
    let all: std::collections::BTreeMap<&str, Panel> = LANGS
        .iter()
        .map(|&lang| {
            (
                lang,
                Panel {
                    heading: heading(lang).into(),
                    hide: hide(lang).into(),
                    text: text(lang),
                },
            )
        })
        .collect();
    serde_json::to_string(&all).unwrap_or_default()
}

/// The counts line that ends the panel's text.
pub(super) fn summary(lang: &str, diags: &Diagnostics) -> String {
    match lang {
        "zh" => format!(
            "{} 个错误、{} 个警告、{} 条提示；仍显示上一次成功构建的版本",
            diags.count(Severity::Error),
            diags.count(Severity::Warning),
            diags.count(Severity::Note)
        ),
        _ => format!("{}; the last good site is still served", diags.summary()),
    }
}

/// Help lines as gapmap writes them, `{}` standing for any text (a
/// `quoted` value, a line number, a list), and their Chinese, `{0}`, `{1}`…
/// taking the parts in order. A longer pattern comes before a shorter one
/// it starts with.
const ZH_HELP: &[(&str, &str)] = &[
    ("did you mean {}?", "您是想写 {0} 吗？"),
    ("put the list in brackets: {}", "把列表写在方括号里：{0}"),
    (
        "add a line {} here, after {}; the {} are: {}",
        "在这里（{1} 之后）加一行 {0}；可用的值：{3}",
    ),
    (
        "add a line {} here, after {}",
        "在这里（{1} 之后）加一行 {0}",
    ),
    (
        "add a line {} here, at the top; the {} are: {}",
        "在文件开头加一行 {0}；可用的值：{2}",
    ),
    ("add a line {} here, at the top", "在文件开头加一行 {0}"),
    (
        "give it a value, e.g. {}; the {} are: {}",
        "给它一个值，例如 {0}；可用的值：{2}",
    ),
    ("give it a value, e.g. {}", "给它一个值，例如 {0}"),
    (
        "give at least one; the {} are: {}",
        "至少写一个；可用的值：{1}",
    ),
    (
        "use a {} from content/taxonomies.yaml: {}",
        "请使用 content/taxonomies.yaml 中定义的术语：{1}",
    ),
    (
        "keep the one that describes the study, e.g. {}",
        "只保留最能描述这项研究的一个，例如 {0}",
    ),
    (
        "`not-stated` says the source does not give the study's {}: remove it, or keep it alone if the others were guesses",
        "`not-stated` 表示来源没有说明这一项：删掉它；或者，如果其他值是推测的，就只保留它",
    ),
    (
        "delete the `[]`, leaving {} alone on its line, so the `- ` items below belong to {}",
        "删掉 `[]`，让 {0} 单独占一行，下面以 `- ` 开头的各项才属于 {1}",
    ),
    (
        "YAML indents with spaces only: replace this tab with spaces",
        "YAML 只能用空格缩进：把这个制表符换成空格",
    ),
    (
        "line {} opens {} and never closes it",
        "第 {0} 行的 {1} 没有闭合",
    ),
    (
        "check indentation (spaces, not tabs) and quote text that contains `: ` or starts with a special character",
        "检查缩进（用空格，不用制表符）；含有 `: ` 或以特殊字符开头的文字要加引号",
    ),
    (
        "each key may appear once in a mapping: remove or merge the repeated one",
        "同一层里每个键只能出现一次：删掉或合并重复的那个",
    ),
    ("the fields of {} are: {}", "{0} 的字段有：{1}"),
    (
        "write it year first, as {}: {} if {} is the day, {} if {} is the month",
        "年份写在前面，按 {0} 的格式：如果 {2} 是日，写 {1}；如果 {4} 是月，写 {3}",
    ),
    ("write it as {}: {}", "按 {0} 的格式写：{1}"),
    ("write it as {}, e.g. {}", "按 {0} 的格式写，例如 {1}"),
    ("leave out the time: {}", "去掉时间：{0}"),
    (
        "write a day that exists, e.g. {}",
        "填写一个实际存在的日期，例如 {0}",
    ),
    (
        "give the year of publication, e.g. {}",
        "填写出版年份，例如 {0}",
    ),
    (
        "use `completed` or `ongoing`",
        "填写 `completed` 或 `ongoing`",
    ),
    ("write the four sections: {}", "写出四个部分：{0}"),
    (
        "write it as two lines under {}, {} and {}",
        "在 {0} 下面写两行：{1} 和 {2}",
    ),
    ("add {} under {}", "在 {1} 下面加上 {0}"),
];

/// `help` in `lang`, when its pattern has a translation.
fn translate(lang: &str, help: &str) -> Option<String> {
    if lang != "zh" {
        return None;
    }
    ZH_HELP.iter().find_map(|(english, chinese)| {
        let parts = captures(english, help)?;
        let mut out = (*chinese).to_string();
        for (i, part) in parts.iter().enumerate() {
            out = out.replace(&format!("{{{i}}}"), part);
        }
        Some(out)
    })
}

/// The texts `pattern`'s `{}` stand for in `text`, if it matches: each
/// `{}` takes the shortest text up to the literal after it, the last one
/// what is left.
fn captures<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let mut literals = pattern.split("{}");
    let first = literals.next().unwrap_or("");
    let mut rest = text.strip_prefix(first)?;
    let literals: Vec<&str> = literals.collect();
    let mut parts = Vec::with_capacity(literals.len());
    for (i, literal) in literals.iter().enumerate() {
        let last = i + 1 == literals.len();
        let at = if last {
            rest.strip_suffix(literal)?.len()
        } else {
            rest.find(literal)?
        };
        parts.push(&rest[..at]);
        rest = &rest[at + literal.len()..];
    }
    rest.is_empty().then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lines_are_translated_with_their_quoted_parts() {
        assert_eq!(
            translate("zh", "did you mean `self-care`?").as_deref(),
            Some("您是想写 `self-care` 吗？")
        );
        assert_eq!(
            translate(
                "zh",
                "add a line `design: qualitative` here, after `doi`; the designs are: qualitative, mixed"
            )
            .as_deref(),
            Some("在这里（`doi` 之后）加一行 `design: qualitative`；可用的值：qualitative, mixed")
        );
        assert_eq!(
            translate("zh", "line 16 opens `[` and never closes it").as_deref(),
            Some("第 16 行的 `[` 没有闭合")
        );
        assert_eq!(
            translate(
                "zh",
                "write the four sections: ## 背景, ## 方法, ## 结果, ## 启示"
            )
            .as_deref(),
            Some("写出四个部分：## 背景, ## 方法, ## 结果, ## 启示")
        );
        // Without a translation the help stays as it is written.
        assert_eq!(translate("zh", "something new"), None);
        assert_eq!(translate("en", "did you mean `x`?"), None);
        // A pattern without `{}` matches the whole help only.
        assert_eq!(
            translate("zh", "use `completed` or `ongoing`, not `done`"),
            None
        );
    }

    #[test]
    fn the_help_gapmap_writes_is_translated() {
        // The English side of the table follows the messages: a change of
        // wording there must come here too.
        for help in [
            crate::dates::date_form_help("date_added", "22/01/2026", false),
            crate::dates::date_form_help("date_added", "10/01/2026", false),
            crate::dates::date_form_help("date_added", "2026-01-10 10:00", false),
            crate::dates::date_form_help("date_added", "soon", false),
        ] {
            assert!(translate("zh", &help).is_some(), "{help}");
        }
    }
}
