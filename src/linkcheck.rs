//! Checks a built site on disk the way a reader's browser would follow it:
//! every internal link and asset resolves to a file (a folder to its
//! index.html), every `#fragment` to an id on the target page, and every
//! page has a `lang`, a `<title>` and exactly one `<h1>`. Reads only; it is
//! what `gapmap check --output` runs.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// What one HTML page links to and which ids it defines.
struct Scanned {
    links: Vec<(String, usize)>,
    ids: BTreeSet<String>,
}

/// Checks every HTML file under `dir`; returns the number of pages checked.
pub fn check_output(dir: &Path, diags: &mut Diagnostics) -> usize {
    let mut pages: BTreeMap<PathBuf, Scanned> = BTreeMap::new();
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "html") {
            let Ok(text) = fs::read_to_string(path) else {
                diags.push(Diagnostic::error(
                    display(dir, path),
                    "not readable as UTF-8 HTML",
                ));
                continue;
            };
            pages.insert(path.to_path_buf(), scan(&text));
            texts.insert(path.to_path_buf(), text);
        }
    }
    for (path, text) in &texts {
        let file = display(dir, path);
        check_page_shape(&file, text, diags);
        let scanned = &pages[path];
        for (link, offset) in &scanned.links {
            if let Some(problem) = resolve(dir, path, link, &pages) {
                diags.push(
                    Diagnostic::error(&file, format!("broken link `{link}`: {problem}"))
                        .at(text, *offset..*offset + link.len()),
                );
            }
        }
    }
    pages.len()
}

fn display(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    format!(
        "{}/{}",
        dir.display(),
        rel.to_string_lossy().replace('\\', "/")
    )
}

fn check_page_shape(file: &str, text: &str, diags: &mut Diagnostics) {
    let lang_ok = text
        .find("<html")
        .and_then(|i| text[i..].find('>').map(|j| &text[i..i + j]))
        .is_some_and(|tag| tag.contains(" lang=\""));
    if !lang_ok {
        diags.push(Diagnostic::error(file, "page has no <html lang>"));
    }
    let title_ok = text
        .find("<title>")
        .and_then(|i| {
            text[i + 7..]
                .find("</title>")
                .map(|j| text[i + 7..i + 7 + j].trim().len())
        })
        .is_some_and(|len| len > 0);
    if !title_ok {
        diags.push(Diagnostic::error(file, "page has no <title>"));
    }
    let h1s = text.matches("<h1").count();
    if h1s != 1 {
        diags.push(Diagnostic::error(
            file,
            format!("page has {h1s} <h1> elements; a page has exactly one"),
        ));
    }
}

/// Pulls `href`, `src` values and `id`s out of HTML. gapmap writes its own
/// markup with double-quoted attributes, which keeps this scan exact.
fn scan(text: &str) -> Scanned {
    let mut links = Vec::new();
    let mut ids = BTreeSet::new();
    for attr in [" href=\"", " src=\"", " id=\""] {
        let mut from = 0;
        while let Some(i) = text[from..].find(attr) {
            let start = from + i + attr.len();
            let Some(len) = text[start..].find('"') else {
                break;
            };
            let value = &text[start..start + len];
            if attr == " id=\"" {
                ids.insert(value.to_string());
            } else {
                links.push((value.to_string(), start));
            }
            from = start + len;
        }
    }
    Scanned { links, ids }
}

/// `None` when the link resolves; what is wrong otherwise. External links
/// (with a scheme) are not followed: the site must work offline.
fn resolve(
    dir: &Path,
    page: &Path,
    link: &str,
    pages: &BTreeMap<PathBuf, Scanned>,
) -> Option<String> {
    let link = html_unescape(link);
    if link.contains("://") || link.starts_with("mailto:") || link.starts_with("//") {
        return None;
    }
    // A download whose content is the link itself (a study's citation).
    if link.starts_with("data:") {
        return None;
    }
    if link
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("javascript:")
    {
        return Some("a javascript: link runs script; the site must not have one".into());
    }
    let (path_part, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (link.as_str(), None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    if path_part.starts_with('/') {
        return Some(
            "absolute paths break when the site is opened from disk; use a relative link".into(),
        );
    }
    let target = if path_part.is_empty() {
        page.to_path_buf()
    } else {
        let joined = page.parent().unwrap_or(dir).join(path_part);
        let normal = normalize(&joined);
        if !normal.starts_with(dir) {
            return Some("points outside the site".into());
        }
        if normal.is_dir() {
            return Some(
                "points to a folder; from disk a browser shows a listing, link to its index.html"
                    .into(),
            );
        }
        if !normal.is_file() {
            return Some("no such file".into());
        }
        normal
    };
    if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
        match pages.get(&target) {
            Some(scanned) if scanned.ids.contains(fragment) => {}
            Some(_) => {
                return Some(format!(
                    "no element with id `{fragment}` on the target page"
                ));
            }
            None => {}
        }
    }
    None
}

fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_and_fragments() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::create_dir_all(dir.join("a")).unwrap();
        let page = |body: &str| {
            format!("<html lang=\"en\"><title>T</title><h1 id=\"top\">T</h1>{body}</html>")
        };
        fs::write(dir.join("index.html"), page("<a href=\"a/index.html#top\">ok</a><a href=\"a/index.html#nope\">x</a><a href=\"b/index.html\">x</a><a href=\"a/\">x</a><a href=\"https://doi.org/1\">ext</a><a href=\"data:text/plain,x\" download=\"x.txt\">dl</a><a href=\" JavaScript:alert(1)\">js</a>")).unwrap();
        fs::write(
            dir.join("a/index.html"),
            page("<a href=\"../index.html\">up</a>"),
        )
        .unwrap();
        let mut diags = Diagnostics::default();
        assert_eq!(check_output(dir, &mut diags), 2);
        let messages: Vec<&str> = diags.items().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("#nope"));
        assert!(messages[1].contains("b/index.html"));
        assert!(messages[2].contains("folder"));
        assert!(messages[3].contains("javascript:"));
    }

    #[test]
    fn page_shape_is_checked() {
        let mut diags = Diagnostics::default();
        check_page_shape("p.html", "<html><h1>a</h1><h1>b</h1></html>", &mut diags);
        assert_eq!(diags.items().len(), 3);
    }
}
