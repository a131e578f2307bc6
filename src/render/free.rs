//! Free pages (about, methods, …): their Markdown body as rendered; and
//! the page a host serves for a missing path.

use serde::Serialize;

use super::{Page, Rendered, Renderer};
use crate::model::pages::PageJob;
use crate::urls;

/// What the 404 page needs besides the layout.
#[derive(Serialize)]
struct NotFoundView {
    /// The way from the page's own file to the site's root (`""` or
    /// `../`): from disk, where the page is opened at its own place.
    local_root: String,
    /// The site's address its links start with on the web, or none
    /// offline (its links are then relative, as on every page).
    site: Option<String>,
    search: String,
    studies: String,
}

impl Renderer<'_> {
    pub(super) fn free_page(&self, page: &mut Page, p: usize) -> Rendered {
        let (body, untranslated) = self.site.pages[p].body.get(page.links.lang);
        page.context.insert("body_html", &body.html);
        page.context.insert("untranslated", &untranslated);
        Ok(("page.html", body.title.clone().unwrap_or_default()))
    }
}

impl Renderer<'_> {
    /// The page a host serves for a missing path (Netlify serves
    /// `404.html`, and `zh/404.html` under `zh/` by netlify.toml's rule).
    /// It is served at the missing path, where a relative link points
    /// nowhere, so online its links start at site.yaml's `base_url` (the
    /// same origin as the page, so the Content-Security-Policy's `'self'`
    /// allows its stylesheet). Opened from disk it also links its
    /// stylesheet relative to its own file, and `assets/notfound.js`
    /// (loaded the same way) turns the links to the site's address into
    /// links to the copy on disk.
    pub(super) fn not_found_page(&self, page: &mut Page, job: &PageJob) -> Rendered {
        let links = page.links;
        let view = NotFoundView {
            local_root: urls::to_root(&job.path),
            site: (!self.offline).then(|| self.site.config.base_url.clone()),
            search: links.to(&urls::search()),
            studies: links.to(&urls::studies()),
        };
        page.context.insert("not_found", &view);
        Ok(("404.html", self.t(links.lang, "not_found_title")))
    }
}
