//! Checks a built site on disk the way a reader's browser would follow it:
//! every internal link and asset resolves to a file (a folder to its
//! index.html), every `#fragment` to an id on the target page, and every
//! page has a `lang`, a `<title>` and exactly one `<h1>`. Reads only; it is
//! what `gapmap check --output` runs.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// What one HTML page links to, which ids it defines, and what its shape
/// checks need, as an HTML5 parser reads the page: text that only looks
/// like markup (an escaped `&lt;a href=...&gt;`, a comment, a script's
/// strings) is not a link, and attribute values come with their character
/// references decoded.
#[derive(Default)]
struct Scanned {
    /// Each `href` and `src` value, with the line its tag ends on.
    links: Vec<(String, usize)>,
    ids: BTreeSet<String>,
    /// Whether `<html>` has a non-empty `lang`.
    lang: bool,
    /// The text of `<title>`, while and after it is read.
    title: Option<String>,
    in_title: bool,
    h1s: usize,
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
        let scanned = &pages[path];
        check_page_shape(&file, scanned, diags);
        for (link, line) in &scanned.links {
            if let Some(problem) = resolve(dir, path, link, &pages) {
                diags.push(
                    Diagnostic::error(&file, format!("broken link `{link}`: {problem}"))
                        .at(text, locate(text, *line, link)),
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

/// Where `link` is written on line `line` (1-based) of `text`: its first
/// occurrence on that line as written, else the line's start.
fn locate(text: &str, line: usize, link: &str) -> std::ops::Range<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text[start..].split('\n').next().unwrap_or("");
    match line_text.find(link) {
        Some(at) => start + at..start + at + link.len(),
        None => start..start,
    }
}

fn check_page_shape(file: &str, page: &Scanned, diags: &mut Diagnostics) {
    if !page.lang {
        diags.push(Diagnostic::error(file, "page has no <html lang>"));
    }
    if page.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        diags.push(Diagnostic::error(file, "page has no <title>"));
    }
    if page.h1s != 1 {
        diags.push(Diagnostic::error(
            file,
            format!(
                "page has {} <h1> elements; a page has exactly one",
                page.h1s
            ),
        ));
    }
}

/// Collects a page's links, ids and shape from the tokenizer's tokens.
struct Sink(RefCell<Scanned>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut page = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let line = usize::try_from(line).unwrap_or(usize::MAX);
                for attr in &tag.attrs {
                    match &*attr.name.local {
                        "href" | "src" => page.links.push((attr.value.to_string(), line)),
                        "id" => {
                            page.ids.insert(attr.value.to_string());
                        }
                        "lang" if &*tag.name == "html" => {
                            page.lang = !attr.value.trim().is_empty();
                        }
                        _ => {}
                    }
                }
                // The elements whose content the HTML tree builder reads
                // as text, switching the tokenizer as it does.
                match &*tag.name {
                    "h1" => page.h1s += 1,
                    "title" => {
                        page.in_title = true;
                        page.title.get_or_insert_with(String::new);
                        return TokenSinkResult::RawData(RawKind::Rcdata);
                    }
                    "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        return TokenSinkResult::RawData(RawKind::Rawtext);
                    }
                    "plaintext" => return TokenSinkResult::Plaintext,
                    _ => {}
                }
            }
            Token::TagToken(tag) if &*tag.name == "title" => page.in_title = false,
            Token::CharacterTokens(text) if page.in_title => {
                if let Some(title) = &mut page.title {
                    title.push_str(&text);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads a page with html5ever's HTML5 tokenizer.
fn scan(text: &str) -> Scanned {
    let tokenizer = Tokenizer::new(Sink(RefCell::default()), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    // The sink never asks to pause for a script, so one feed reads it all.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// `None` when the link resolves; what is wrong otherwise. External links
/// (with a scheme) are not followed: the site must work offline.
fn resolve(
    dir: &Path,
    page: &Path,
    link: &str,
    pages: &BTreeMap<PathBuf, Scanned>,
) -> Option<String> {
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
        None => (link, None),
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
        let page = scan("<html><h1>a</h1><h1>b</h1><!-- <title>x</title> --></html>");
        check_page_shape("p.html", &page, &mut diags);
        assert_eq!(diags.items().len(), 3);
    }

    #[test]
    fn markup_shown_as_text_is_not_read_as_markup() {
        let page = scan(concat!(
            "<html lang=\"en\"><title>&lt;h1&gt; <a href=\"x\"></title>",
            "<h1 id=\"a&amp;b\">T</h1>",
            "<p>&lt;a href=\"missing.html\"&gt; and <code>&lt;h1 id=\"fake\"&gt;</code></p>",
            "<!-- <a href=\"comment.html\"> --><textarea><a href=\"t.html\"></textarea>",
            "<script src=\"s.js\">var a = '<a href=\"script.html\">';</script>",
            "<a href=\"p.html?a=1&amp;b=2#a&amp;b\">ok</a></html>",
        ));
        let links: Vec<&str> = page.links.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(links, ["s.js", "p.html?a=1&b=2#a&b"]);
        assert_eq!(page.ids, BTreeSet::from(["a&b".to_string()]));
        assert_eq!(page.h1s, 1);
        assert_eq!(page.title.as_deref(), Some("<h1> <a href=\"x\">"));
        assert!(page.lang);
    }
}
