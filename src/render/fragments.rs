//! What many pages show of one study, rendered once: its list item and its
//! section of a brief, kept for pages at any folder depth with holes for
//! the page's way to the root and the item's `data-*` attributes; and the
//! lists of them, spliced into a page after its template has run.

use std::sync::OnceLock;

use serde::Serialize;

use super::Renderer;
use crate::content::Lang;
use crate::model::Site;
use crate::urls::Links;

/// Each study's rendered fragments, by language, rendered the first time a
/// page shows them. A renderer keeps them while it renders a site; `gapmap
/// serve` keeps them between builds and forgets only a saved study's.
#[derive(Default)]
pub struct Fragments {
    pub(super) studies: usize,
    /// The study's list item (`partials/study_item.html`): a study is
    /// listed on its terms', authors', cells' and related studies' pages,
    /// and rendering the item once instead of on each of them is most of a
    /// large site's rendering time.
    pub(super) items: Vec<OnceLock<Item>>,
    /// The study's section of a brief (`partials/brief_study.html`), shown
    /// in the whole map's brief and in each of its row terms' briefs.
    pub(super) briefs: Vec<OnceLock<Item>>,
    /// The `data-*` attributes of the study's item on the studies page:
    /// kept so that `gapmap serve`, which renders that page again after
    /// most saves, makes only the saved study's.
    pub(super) filter_data: Vec<OnceLock<String>>,
}

/// A fragment for pages at any folder depth and for any list: its HTML
/// with the page's relative way to the site root and the item's `data-*`
/// attributes left out, and where they go. Kept once instead of once per
/// depth, it holds a site's list items in a sixth of the memory; and the
/// studies page, whose items alone carry the filter's data, shows the same
/// items instead of rendering each again.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    pub(super) html: String,
    holes: Vec<(usize, Hole)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Hole {
    /// The page's way to the root ([`root_token`] when rendered).
    Root,
    /// The item's `data-*` attributes ([`data_token`] when rendered).
    Data,
}

impl Item {
    /// Reads a fragment rendered with [`root_token`] as the root and
    /// [`data_token`] as its data.
    pub(super) fn from_rendered(rendered: &str) -> Item {
        let bytes = rendered.as_bytes();
        let roots = finder(Needle::Root)
            .find_iter(bytes)
            .map(|at| (at, Hole::Root));
        let data = finder(Needle::Data)
            .find_iter(bytes)
            .map(|at| (at, Hole::Data));
        let mut found: Vec<(usize, Hole)> = roots.chain(data).collect();
        found.sort_unstable_by_key(|&(at, _)| at);
        let mut html = String::with_capacity(rendered.len());
        let mut holes = Vec::with_capacity(found.len());
        let mut from = 0;
        for (at, hole) in found {
            html.push_str(&rendered[from..at]);
            holes.push((html.len(), hole));
            from = at
                + match hole {
                    Hole::Root => root_token().len(),
                    Hole::Data => data_token().len(),
                };
        }
        html.push_str(&rendered[from..]);
        Item { html, holes }
    }

    /// Appends the fragment for a page whose way to the root is `root`,
    /// with `data` as its `data-*` attributes.
    pub(super) fn write_at(&self, root: &str, data: &str, out: &mut Vec<u8>) {
        let mut from = 0;
        for &(at, hole) in &self.holes {
            out.extend_from_slice(&self.html.as_bytes()[from..at]);
            out.extend_from_slice(match hole {
                Hole::Root => root.as_bytes(),
                Hole::Data => data.as_bytes(),
            });
            from = at;
        }
        out.extend_from_slice(&self.html.as_bytes()[from..]);
    }
}

/// How other pages show a study: its list item, its section of a brief
/// (for pages at any depth) and its filter data on the studies page, in
/// each language (`None` where it was not rendered). Compared before and
/// after a save, it tells which of the pages that list the study can
/// differ.
#[derive(Debug)]
pub struct Shown {
    pub(super) items: Vec<Option<Item>>,
    pub(super) briefs: Vec<Option<Item>>,
    pub(super) filter_data: Vec<Option<String>>,
}

impl Shown {
    /// Whether the list item differs in some language from `before`'s.
    pub fn item_differs(&self, before: &Shown) -> bool {
        differ(&self.items, &before.items)
    }

    /// Whether the brief section differs in some language from `before`'s.
    pub fn brief_differs(&self, before: &Shown) -> bool {
        differ(&self.briefs, &before.briefs)
    }

    /// Whether the studies page's item differs in some language: the list
    /// item or the filter's data.
    pub fn filter_item_differs(&self, before: &Shown) -> bool {
        self.item_differs(before) || differ(&self.filter_data, &before.filter_data)
    }
}

/// Fragments not known on either side count as different.
pub(super) fn differ<T: PartialEq>(now: &[Option<T>], before: &[Option<T>]) -> bool {
    now.len() != before.len()
        || now
            .iter()
            .zip(before)
            .any(|(a, b)| a.is_none() || b.is_none() || a != b)
}

/// What stands for the page's root while a fragment for every depth is
/// rendered: letters, digits and dashes (escaping leaves them as they are),
/// random for each run, so no content can hold it by chance.
pub(super) fn root_token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| format!("gapmap-root-{}-", token_random()))
}

/// What stands for an item's `data-*` attributes while it is rendered for
/// every list, like [`root_token`].
pub(super) fn data_token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| format!("gapmap-data-{}-", token_random()))
}

/// The random part of [`root_token`], [`data_token`] and list markers.
pub(super) fn token_random() -> &'static str {
    static RANDOM: OnceLock<String> = OnceLock::new();
    RANDOM.get_or_init(|| {
        use std::hash::BuildHasher;
        let random = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
        format!("{random:016x}")
    })
}

/// One fragment of a list, as kept or as rendered for the page alone.
pub(super) enum Piece<'r> {
    /// Kept for pages at any depth: the page's root goes in, and no data.
    Item(&'r Item),
    /// Kept, with the `data-*` attributes of the studies page.
    WithData(&'r Item, &'r str),
    Made(String),
}

impl Piece<'_> {
    pub(super) fn write(&self, root: &str, out: &mut Vec<u8>) {
        match self {
            Piece::Item(item) => item.write_at(root, "", out),
            Piece::WithData(item, data) => item.write_at(root, data, out),
            Piece::Made(html) => out.extend_from_slice(html.as_bytes()),
        }
    }
}

/// A list of fragments as a template sees it: how many, and where they go
/// (`{{ studies.html }}`, a marker the fragments replace once the template
/// has run). A list of 10,000 studies is copied into the page once instead
/// of passing through the template engine item by item.
#[derive(Serialize)]
pub(super) struct ListView {
    pub(super) count: usize,
    pub(super) html: String,
}

/// The lists of one page, put in place by [`Lists::splice`].
#[derive(Default)]
pub(super) struct Lists<'r> {
    lists: Vec<Vec<Piece<'r>>>,
}

impl<'r> Lists<'r> {
    pub(super) fn add(&mut self, pieces: Vec<Piece<'r>>) -> ListView {
        let view = ListView {
            count: pieces.len(),
            html: format!("{}{}-", list_marker(), self.lists.len()),
        };
        self.lists.push(pieces);
        view
    }

    /// Replaces each list's marker in the page rendered into `out` from
    /// `start` on by its fragments, for a page whose way to the root is
    /// `root`. A marker the template left out shows nothing; one it showed
    /// twice shows the list twice; one a filter changed is an error (the
    /// page would carry it, different on each run).
    pub(super) fn splice(self, root: &str, out: &mut Vec<u8>, start: usize) -> Result<(), String> {
        const CHANGED: &str =
            "a list's `html` was changed by a filter: show it as it is, as in `{{ studies.html }}`";
        if self.lists.is_empty() {
            return Ok(());
        }
        // Searched as bytes: a page of every study is megabytes, and
        // nothing here needs it read as text.
        let rendered = out.split_off(start);
        let marker = list_marker().as_bytes();
        let mut spliced = 0;
        let mut from = 0;
        for at in finder(Needle::List).find_iter(&rendered) {
            out.extend_from_slice(&rendered[from..at]);
            let rest = &rendered[at + marker.len()..];
            let digits = memchr::memchr(b'-', rest).ok_or(CHANGED)?;
            let pieces = std::str::from_utf8(&rest[..digits])
                .ok()
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| self.lists.get(k))
                .ok_or(CHANGED)?;
            for piece in pieces {
                piece.write(root, out);
            }
            from = at + marker.len() + digits + 1;
            spliced += 1;
        }
        out.extend_from_slice(&rendered[from..]);
        let seen = finder(Needle::Random).find_iter(&rendered).count();
        if seen != spliced || finder(Needle::RandomUpper).find(&rendered).is_some() {
            return Err(CHANGED.into());
        }
        Ok(())
    }
}

/// The markers a rendered page or fragment is searched for.
#[derive(Clone, Copy)]
pub(super) enum Needle {
    Root,
    List,
    Random,
    /// [`token_random`] upper-cased, as a filter would leave it.
    RandomUpper,
    Data,
}

/// A searcher for each [`Needle`], made once: pages are searched tens of
/// thousands of times.
pub(super) fn finder(needle: Needle) -> &'static memchr::memmem::Finder<'static> {
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 5]> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        let upper = token_random().to_uppercase();
        [
            memchr::memmem::Finder::new(root_token()),
            memchr::memmem::Finder::new(list_marker()),
            memchr::memmem::Finder::new(token_random()),
            memchr::memmem::Finder::new(&upper).into_owned(),
            memchr::memmem::Finder::new(data_token()),
        ]
    });
    &finders[needle as usize]
}

/// What a list's marker starts with: random for each run, like
/// [`root_token`], so no content can hold it by chance.
pub(super) fn list_marker() -> &'static str {
    static MARKER: OnceLock<String> = OnceLock::new();
    MARKER.get_or_init(|| format!("{}list-", root_token()))
}

impl Fragments {
    pub fn new(site: &Site) -> Fragments {
        let studies = site.studies.len();
        let languages = site.config.languages.len();
        fn slots<T>(n: usize) -> Vec<OnceLock<T>> {
            (0..n).map(|_| OnceLock::new()).collect()
        }
        Fragments {
            studies,
            items: slots(languages * studies),
            briefs: slots(languages * studies),
            filter_data: slots(languages * studies),
        }
    }

    /// Forgets what was rendered of study `s`, and gives back how other
    /// pages showed it.
    pub fn take(&mut self, s: usize) -> Shown {
        fn take<T>(slots: &mut [OnceLock<T>], studies: usize, s: usize) -> Vec<Option<T>> {
            slots
                .iter_mut()
                .skip(s)
                .step_by(studies.max(1))
                .map(OnceLock::take)
                .collect()
        }
        Shown {
            items: take(&mut self.items, self.studies, s),
            briefs: take(&mut self.briefs, self.studies, s),
            filter_data: take(&mut self.filter_data, self.studies, s),
        }
    }
}

impl Renderer<'_> {
    /// Links for a fragment kept for pages at any depth: [`root_token`]
    /// stands for the way to the root.
    pub(super) fn anywhere(&self, lang: Lang) -> Links {
        Links::with_root(
            root_token().to_string(),
            lang,
            self.site.config.default_language,
        )
    }

    /// Where study `s`'s fragment for the page at `links` is kept, in a
    /// list of them by language, then by study.
    pub(super) fn slot_index(&self, links: &Links, s: usize) -> Option<usize> {
        let lang = self
            .site
            .config
            .languages
            .iter()
            .position(|&l| l == links.lang)?;
        Some(lang * self.fragments.studies + s)
    }

    /// Study `s`'s fragment in `slots` for the page at `links`, made by
    /// `make` the first time for pages at any depth (with [`root_token`] as
    /// the way to the root).
    pub(super) fn fragment_at<'r>(
        &self,
        slots: &'r [OnceLock<Item>],
        links: &Links,
        s: usize,
        make: impl FnOnce(&Links) -> Result<String, String>,
    ) -> Result<Piece<'r>, String> {
        let Some(slot) = self.slot_index(links, s).and_then(|i| slots.get(i)) else {
            return Ok(Piece::Made(make(links)?));
        };
        if let Some(item) = slot.get() {
            return Ok(Piece::Item(item));
        }
        let item = Item::from_rendered(&make(&self.anywhere(links.lang))?);
        Ok(Piece::Item(slot.get_or_init(|| item)))
    }

    /// How other pages show study `s` (see [`Shown`]), rendered now where
    /// it was not yet.
    pub fn shown(&self, s: usize) -> Result<Shown, String> {
        let site = self.site;
        let kept = |piece: Piece| match piece {
            Piece::Item(item) => Some(item.clone()),
            Piece::WithData(..) | Piece::Made(_) => None,
        };
        let mut shown = Shown {
            items: Vec::new(),
            briefs: Vec::new(),
            filter_data: Vec::new(),
        };
        for &lang in &site.config.languages {
            let anywhere = self.anywhere(lang);
            shown.items.push(kept(self.list_item(&anywhere, s)?));
            let brief = self.fragment_at(&self.fragments.briefs, &anywhere, s, |links| {
                self.brief_section(links, s)
            })?;
            shown.briefs.push(kept(brief));
            shown.filter_data.push(Some(self.filter_data(lang, s)));
        }
        Ok(shown)
    }

    /// The list items of `studies` for a page at `links` (escaped when
    /// each item was rendered).
    pub(super) fn study_list<'r>(
        &'r self,
        links: &Links,
        studies: &[usize],
        lists: &mut Lists<'r>,
    ) -> Result<ListView, String> {
        let items = studies
            .iter()
            .map(|&s| self.list_item(links, s))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(lists.add(items))
    }

    /// Study `s`'s list item for a page at `links`, without data.
    pub(super) fn list_item<'r>(&'r self, links: &Links, s: usize) -> Result<Piece<'r>, String> {
        self.fragment_at(&self.fragments.items, links, s, |links| {
            // Kept for every list: the data goes in where the item is
            // shown (none but on the studies page).
            let data = if links.root == root_token() {
                data_token()
            } else {
                ""
            };
            self.render_item(links, s, data)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spliced(template_output: impl Fn(&ListView) -> String) -> Result<String, String> {
        let mut lists = Lists::default();
        let view = lists.add(vec![
            Piece::Made("<li>a</li>".into()),
            Piece::Made("<li>b</li>".into()),
        ]);
        let mut out = b"before ".to_vec();
        out.extend_from_slice(template_output(&view).as_bytes());
        lists.splice("../", &mut out, "before ".len())?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_list_goes_where_its_marker_is_each_time_the_template_shows_it() {
        assert_eq!(
            spliced(|v| format!("<ol>{}</ol>", v.html)).unwrap(),
            "before <ol><li>a</li><li>b</li></ol>"
        );
        assert_eq!(
            spliced(|v| format!("{}|{}", v.html, v.html)).unwrap(),
            "before <li>a</li><li>b</li>|<li>a</li><li>b</li>"
        );
        assert_eq!(spliced(|v| format!("({})", v.count)).unwrap(), "before (2)");
    }

    #[test]
    fn a_marker_a_filter_changed_is_an_error_not_noise_in_the_page() {
        for changed in [
            |v: &ListView| v.html.to_uppercase(),
            |v: &ListView| v.html.replace("list-0-", "list-7-"),
            |v: &ListView| v.html.trim_end_matches('-').to_string(),
        ] {
            let e = spliced(changed).unwrap_err();
            assert!(e.contains("studies.html"), "{e}");
        }
    }
}
