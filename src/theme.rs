//! Loads a theme: its Tera templates, its UI strings per language and its
//! static files. Problems become diagnostics pointing into the theme's files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::content::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, Value};

pub struct Theme {
    pub name: String,
    pub tera: tera::Tera,
    /// UI strings per language: every language has the same keys.
    pub strings: BTreeMap<Lang, BTreeMap<String, String>>,
    /// Files copied as they are, by path under the theme's static/ folder.
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// Lists of studies reach templates as `{count, html}`, not as arrays (see
/// `render::ListView`). A theme written for arrays would count the object's
/// two keys and loop over nothing without an error: say so where it does.
fn check_list_shape(file: &str, text: &str, diags: &mut Diagnostics) {
    const ARRAY_USES: [&str; 4] = [
        "studies | length",
        "studies|length",
        "in studies %}",
        "in brief.studies %}",
    ];
    let mut registered = false;
    for pattern in ARRAY_USES {
        for (at, _) in text.match_indices(pattern) {
            if !registered {
                diags.add_source(file, Arc::from(text));
                registered = true;
            }
            diags.push(
                Diagnostic::error(file, "a list of studies is not an array")
                    .at(text, at..at + pattern.len())
                    .with_help(
                        "use `studies.count` for how many there are and `{{ studies.html }}` for the list items, as they are",
                    ),
            );
        }
    }
}

pub fn load_theme(
    root: &Path,
    name: &str,
    langs: &[Lang],
    diags: &mut Diagnostics,
) -> Option<Theme> {
    let dir = root.join("themes").join(name);
    let display = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut tera = new_tera();
    let mut templates = Vec::new();
    let templates_dir = dir.join("templates");
    for (rel, path) in files_under(&templates_dir, &display) {
        match fs::read_to_string(&path) {
            Ok(text) => templates.push((rel, text)),
            Err(e) => diags.push(Diagnostic::error(
                display(&path),
                format!("cannot read template: {e}"),
            )),
        }
    }
    for (rel, text) in &templates {
        check_list_shape(&format!("themes/{name}/templates/{rel}"), text, diags);
    }
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        diags.push(Diagnostic::error(
            display(&templates_dir),
            format!("template error: {}", template_error(&e)),
        ));
        return None;
    }

    let mut strings = BTreeMap::new();
    for &lang in langs {
        let path = dir.join("i18n").join(format!("{}.yaml", lang.code()));
        let file = display(&path);
        let Ok(text) = fs::read_to_string(&path) else {
            diags.push(Diagnostic::error(
                &file,
                "missing or unreadable UI strings file",
            ));
            continue;
        };
        let text: Arc<str> = Arc::from(text);
        diags.add_source(&file, text.clone());
        match yaml::parse(&file, &text) {
            Ok(node) => {
                let mut map = BTreeMap::new();
                if let Value::Map(entries) = node.value {
                    for (k, v) in entries {
                        match (k.value, v.value) {
                            (Value::Str(k), Value::Str(v)) => {
                                map.insert(k, v);
                            }
                            _ => diags.push(
                                Diagnostic::error(&file, "UI strings are `key: text` lines")
                                    .at(&text, v.span),
                            ),
                        }
                    }
                } else {
                    diags.push(Diagnostic::error(&file, "UI strings are `key: text` lines"));
                }
                strings.insert(lang, map);
            }
            Err(d) => diags.push(d),
        }
    }
    // Every language must have every key, so no page silently shows a key.
    let all_keys: std::collections::BTreeSet<&String> =
        strings.values().flat_map(|m| m.keys()).collect();
    for (lang, map) in &strings {
        for key in &all_keys {
            if !map.contains_key(*key) {
                diags.push(
                    Diagnostic::error(
                        format!("themes/{name}/i18n/{}.yaml", lang.code()),
                        format!("UI string `{key}` is missing"),
                    )
                    .with_help("every language file needs the same keys"),
                );
            }
        }
    }

    let mut static_files = Vec::new();
    let static_dir = dir.join("static");
    for (rel, path) in files_under(&static_dir, &display) {
        match fs::read(&path) {
            Ok(bytes) => static_files.push((rel, bytes)),
            Err(e) => diags.push(Diagnostic::error(
                display(&path),
                format!("cannot read: {e}"),
            )),
        }
    }
    Some(Theme {
        name: name.to_string(),
        tera,
        strings,
        static_files,
    })
}

/// Tera's error with its causes, on one line each.
pub fn template_error(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The files below `dir`, sorted, each with its `/`-separated path relative
/// to `dir`.
fn files_under(dir: &Path, display: &dyn Fn(&Path) -> String) -> Vec<(String, PathBuf)> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = display(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            (rel, entry.into_path())
        })
        .collect()
}

/// A template engine that escapes every value in HTML and XML templates,
/// with Tera's own escaping (its `fast` feature: pulldown-cmark-escape,
/// which writes each run of plain text at once).
fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_that_treats_a_list_of_studies_as_an_array_is_an_error_at_its_line() {
        let mut diags = Diagnostics::default();
        let text = "<h2>({{ studies | length }})</h2>\n{% for s in studies %}{{ s }}{% endfor %}\n";
        check_list_shape("themes/old/templates/term.html", text, &mut diags);
        let lines: Vec<usize> = diags.items().iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![1, 2], "{}", diags.render_human());
        assert!(diags.render_human().contains("studies.count"));

        let mut diags = Diagnostics::default();
        let text = "{% if studies.count > 0 %}<ol>{{ studies.html }}</ol>{% endif %}";
        check_list_shape("themes/new/templates/term.html", text, &mut diags);
        assert!(diags.items().is_empty(), "{}", diags.render_human());
    }

    #[test]
    fn template_values_are_escaped_in_html_and_xml_and_keep_the_rest() {
        let mut tera = new_tera();
        tera.add_raw_templates([
            ("t.html", "{{ v }}"),
            ("t.xml", "{{ v }}"),
            ("t.txt", "{{ v }}"),
        ])
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("v", r#"a<b>&"c'd 同伴 <script>"#);
        for template in ["t.html", "t.xml"] {
            assert_eq!(
                tera.render(template, &context).unwrap(),
                "a&lt;b&gt;&amp;&quot;c&#39;d 同伴 &lt;script&gt;"
            );
        }
        assert_eq!(
            tera.render("t.txt", &context).unwrap(),
            r#"a<b>&"c'd 同伴 <script>"#
        );
    }
}
