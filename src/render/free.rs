//! Free pages (about, methods, …): their Markdown body as rendered.

use super::{Page, Rendered, Renderer};

impl Renderer<'_> {
    pub(super) fn free_page(&self, page: &mut Page, p: usize) -> Rendered {
        let (body, untranslated) = self.site.pages[p].body.get(page.links.lang);
        page.context.insert("body_html", &body.html);
        page.context.insert("untranslated", &untranslated);
        Ok(("page.html", body.title.clone().unwrap_or_default()))
    }
}
