//! Vocabularies and their terms, and authors, who are listed and shown
//! like terms: the list pages and one page each.

use super::matrix::Rows;
use super::views::{Link, TermItem, TermView, Text, text};
use super::{Page, Rendered, Renderer};
use crate::content::Vocabulary;
use crate::model::display_name;
use crate::urls::{self, Links};

impl<'a> Renderer<'a> {
    /// A vocabulary's terms, with their numbers of studies.
    pub(super) fn vocabulary_page(&self, page: &mut Page, v: Vocabulary) -> Rendered {
        let terms = self.term_items(page.links, v);
        page.context.insert("terms", &terms);
        page.context
            .insert("vocabulary", &self.site.vocabulary(v).key);
        page.context.insert(
            "untranslated",
            &self.vocabulary_untranslated(page.links.lang, v),
        );
        Ok(("vocabulary.html", self.vocabulary_name(page.links.lang, v)))
    }

    /// One term: what it is, its matrix and its studies.
    pub(super) fn term_page(
        &'a self,
        page: &mut Page<'_, 'a>,
        studies: &[usize],
        v: Vocabulary,
        t: usize,
    ) -> Rendered {
        let view = self.term_view(page.links, studies, v, t);
        let title = view.label.text.clone();
        page.context.insert("term", &view);
        let list = self.study_list(page.links, studies, page.lists)?;
        page.context.insert("studies", &list);
        Ok(("term.html", title))
    }

    /// Every author, with their numbers of studies.
    pub(super) fn authors_page(&self, page: &mut Page) -> Rendered {
        let links = page.links;
        let terms: Vec<TermItem> = self
            .site
            .authors
            .iter()
            .map(|a| TermItem {
                slug: a.slug.clone(),
                label: a.display_name(),
                href: links.to(&urls::author(&a.slug)),
                count: a.studies.len(),
                depth: 0,
            })
            .collect();
        page.context.insert("terms", &terms);
        page.context.insert("vocabulary", "authors");
        Ok(("vocabulary.html", self.t(links.lang, "authors")))
    }

    /// One author, shown as a term: their name forms, the first map's rows
    /// of their studies by its first columns, and the studies.
    pub(super) fn author_page(
        &'a self,
        page: &mut Page<'_, 'a>,
        studies: &[usize],
        a: usize,
    ) -> Rendered {
        let site = self.site;
        let author = &site.authors[a];
        let names: Vec<String> = author.names.iter().map(display_name).collect();
        let view = TermView {
            vocabulary: "authors".into(),
            label: Text {
                text: names[0].clone(),
                untranslated: false,
            },
            description: None,
            also_known_as: names[1..].to_vec(),
            parent: None,
            children: Vec::new(),
            has_brief: false,
            matrix: self.scope_matrix(page.links, studies, Rows::WithStudies),
        };
        let title = view.label.text.clone();
        page.context.insert("term", &view);
        let list = self.study_list(page.links, studies, page.lists)?;
        page.context.insert("studies", &list);
        Ok(("term.html", title))
    }

    pub(super) fn term_link(&self, links: &Links, v: Vocabulary, t: usize) -> Link {
        let term = &self.site.terms(v)[t];
        Link {
            label: term.label.get(links.lang).0.clone(),
            href: links.to(&urls::term(&self.site.vocabulary(v).key, &term.slug)),
        }
    }

    /// The first map's rows against its first columns over some studies
    /// (a term's, an author's): what a term page shows of its studies.
    fn scope_matrix(
        &self,
        links: &Links,
        studies: &[usize],
        rows: Rows,
    ) -> Option<super::views::MatrixView> {
        let declared = self.site.map_defs().first()?;
        let columns = *declared.columns.first()?;
        let matrix = self.site.matrix(declared.rows, columns, studies);
        Some(self.matrix_view(links, &matrix, None, rows, None))
    }

    pub(super) fn term_items(&self, links: &Links, v: Vocabulary) -> Vec<TermItem> {
        // Depth-first so sub-regions follow their parent.
        let terms = self.site.terms(v);
        let mut out = Vec::new();
        fn visit(
            r: &Renderer,
            links: &Links,
            v: Vocabulary,
            t: usize,
            depth: usize,
            out: &mut Vec<TermItem>,
        ) {
            let term = &r.site.terms(v)[t];
            out.push(TermItem {
                slug: term.slug.clone(),
                label: term.label.get(links.lang).0.clone(),
                href: links.to(&urls::term(&r.site.vocabulary(v).key, &term.slug)),
                count: term.studies.len(),
                depth,
            });
            for &c in &term.children {
                visit(r, links, v, c, depth + 1, out);
            }
        }
        for (t, term) in terms.iter().enumerate() {
            if term.parent.is_none() {
                visit(self, links, v, t, 0, &mut out);
            }
        }
        out
    }

    pub(super) fn term_view(
        &self,
        links: &Links,
        studies: &[usize],
        v: Vocabulary,
        t: usize,
    ) -> TermView {
        let term = &self.site.terms(v)[t];
        let lang = links.lang;
        // A term of the first map's rows (a theme) shows its own row of
        // the map by the map's first columns (youth against adults); any
        // other term shows the rows of its studies, a term including the
        // terms below it. Rows without a study are left out: the home map is
        // where the gaps are shown.
        let is_row = v == self.site.rows();
        let rows = if is_row {
            Rows::Only(t)
        } else {
            Rows::WithStudies
        };
        let matrix = self.scope_matrix(links, studies, rows);
        TermView {
            vocabulary: self.site.vocabulary(v).key.clone(),
            has_brief: is_row,
            label: text(&term.label, lang),
            description: term.description.as_ref().map(|d| text(d, lang)),
            also_known_as: Vec::new(),
            parent: term.parent.map(|p| self.term_link(links, v, p)),
            children: term
                .children
                .iter()
                .map(|&c| self.term_link(links, v, c))
                .collect(),
            matrix,
        }
    }
}
