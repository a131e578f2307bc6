//! Where every page and file lives, and how one page links to another.
//!
//! Paths are site-relative and `/`-separated, for the default language;
//! [`in_lang`] puts one under its language's folder. A page's links are
//! relative ([`Links`]), so the site works from any host and from disk; the
//! only absolute URLs are the canonical and alternate links and the feeds'
//! ([`absolute`]), made from site.yaml's `base_url`.
use crate::content::Lang;

pub fn home() -> String {
    "index.html".into()
}

pub fn studies() -> String {
    "studies/index.html".into()
}

/// Page `p` (from 0) of the studies list: the first is the list's own
/// address, the others `studies/page/2/index.html` on.
pub fn studies_page(p: usize) -> String {
    match p {
        0 => studies(),
        _ => format!("studies/page/{}/index.html", p + 1),
    }
}

pub fn study(id: &str) -> String {
    ["studies/", id, "/index.html"].concat()
}

/// A vocabulary's page, by its key.
pub fn vocabulary(key: &str) -> String {
    [key, "/index.html"].concat()
}

/// A term's page: its vocabulary's key and its slug.
pub fn term(key: &str, slug: &str) -> String {
    [key, "/", slug, "/index.html"].concat()
}

/// The page of a declared map after the first (the first is the home
/// page's).
pub fn map(key: &str) -> String {
    ["maps/", key, "/index.html"].concat()
}

pub fn authors() -> String {
    "authors/index.html".into()
}

pub fn author(slug: &str) -> String {
    ["authors/", slug, "/index.html"].concat()
}

/// The studies of one cell of a map: the first map's under `map/`, any
/// other's under its own page.
pub fn cell(map: Option<&str>, row_slug: &str, columns_key: &str, column_slug: &str) -> String {
    let folder = match map {
        None => "map/".to_string(),
        Some(key) => ["maps/", key, "/"].concat(),
    };
    [
        folder.as_str(),
        row_slug,
        "/",
        columns_key,
        "/",
        column_slug,
        "/index.html",
    ]
    .concat()
}

/// The printable evidence brief of the whole map.
pub fn brief() -> String {
    "brief/index.html".into()
}

/// The printable evidence brief of one of the first map's rows: its
/// vocabulary's key and its slug.
pub fn term_brief(key: &str, slug: &str) -> String {
    [key, "/", slug, "/brief/index.html"].concat()
}

pub fn search() -> String {
    "search/index.html".into()
}

pub fn page(name: &str) -> String {
    [name, "/index.html"].concat()
}

/// The folder a language's pages live under: none for the default
/// language, which lives at the root, else its code.
pub fn lang_folder(lang: Lang, default: Lang) -> Option<&'static str> {
    (lang != default).then(|| lang.code())
}

/// `path` in `lang`, under [`lang_folder`].
pub fn in_lang(path: &str, lang: Lang, default: Lang) -> String {
    match lang_folder(lang, default) {
        None => path.to_string(),
        Some(code) => [code, "/", path].concat(),
    }
}

/// `../` once per folder between `path` and the site root.
pub fn to_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// An absolute URL on the live site, for what must name the site itself
/// (canonical and alternate links, feeds, the sitemap): `base_url` ends
/// with `/`.
pub fn absolute(base_url: &str, path: &str) -> String {
    [base_url, path].concat()
}

/// Builds relative links from one page: its way to the site root and its
/// language.
#[derive(Debug, Clone)]
pub struct Links {
    /// `../` once per folder between the page and the site root, or a
    /// placeholder for fragments kept for pages at any depth.
    pub root: String,
    pub lang: Lang,
    default: Lang,
}

impl Links {
    /// Links from the page at `path` (under the output folder) in `lang`.
    pub fn from_page(path: &str, lang: Lang, default: Lang) -> Links {
        Links::with_root(to_root(path), lang, default)
    }

    /// Links from a page whose way to the root is `root`.
    pub fn with_root(root: String, lang: Lang, default: Lang) -> Links {
        Links {
            root,
            lang,
            default,
        }
    }

    /// `default_path` in this language, from the page: as [`in_lang`]
    /// after the way to the root, in one allocation.
    pub fn to(&self, default_path: &str) -> String {
        let (code, slash) =
            lang_folder(self.lang, self.default).map_or(("", ""), |code| (code, "/"));
        [self.root.as_str(), code, slash, default_path].concat()
    }

    /// The page at `default_path` in the language `other`, from this page:
    /// the language switch.
    pub fn in_other_language(&self, default_path: &str, other: Lang) -> String {
        [
            self.root.as_str(),
            &in_lang(default_path, other, self.default),
        ]
        .concat()
    }

    /// A file at the site's root (a stylesheet, a data file), the same in
    /// every language.
    pub fn to_file(&self, path: &str) -> String {
        [self.root.as_str(), path].concat()
    }
}
