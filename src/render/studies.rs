//! The studies list with its filter, and the search page.

use super::fragments::Piece;
use super::views::{DataAttribute, FilterFacet, Link};
use super::{Page, Rendered, Renderer};
use crate::content::{Lang, Vocabulary};
use crate::urls::{self, Links};

impl<'a> Renderer<'a> {
    /// Vocabularies named in the singular, as a list in a sentence:
    /// "theme, population, region" (the sentence adds "or year").
    fn singulars(&self, lang: Lang, vocabularies: impl Iterator<Item = Vocabulary>) -> String {
        let words: Vec<&str> = vocabularies
            .map(|v| self.site.vocabulary(v).singular.get(lang).0.as_str())
            .collect();
        words.join(&self.t(lang, "list_separator"))
    }

    /// The vocabularies offered as filters, in declared order.
    fn filters(&self) -> impl Iterator<Item = Vocabulary> + '_ {
        let site = self.site;
        site.vocabulary_ids()
            .filter(move |&v| site.vocabulary(v).filter)
    }

    /// The studies page: every study in the list's order, each carrying
    /// its slugs (a term with its ancestors) for the filter script, and the
    /// facets of the filter form with their total counts.
    pub(super) fn studies_page(&'a self, page: &mut Page<'_, 'a>) -> Rendered {
        let site = self.site;
        let links = page.links;
        let items = site
            .studies_in_list_order(links.lang)
            .into_iter()
            .map(|s| self.filter_item(links, s))
            .collect::<Result<Vec<_>, String>>()?;
        let facets: Vec<FilterFacet> = self
            .filters()
            .map(|v| FilterFacet {
                key: site.vocabulary(v).facet(),
                legend: self.vocabulary_name(links.lang, v),
                legend_untranslated: self.vocabulary_untranslated(links.lang, v),
                options: self.term_items(links, v),
            })
            .collect();
        let facet_words = self.singulars(links.lang, self.filters());
        page.context.insert("facet_words", &facet_words);
        let years = site.year_range();
        let list = page.lists.add(items);
        page.context.insert("studies", &list);
        page.context.insert("facets", &facets);
        page.context.insert("year_min", &years.map(|(lo, _)| lo));
        page.context.insert("year_max", &years.map(|(_, hi)| hi));
        Ok(("studies.html", self.t(links.lang, "studies")))
    }

    /// The search page: the search form, and links to browse instead.
    pub(super) fn search_page(&self, page: &mut Page) -> Rendered {
        let links = page.links;
        let lang = links.lang;
        let mut browse: Vec<Link> = self
            .site
            .vocabulary_ids()
            .map(|v| Link {
                label: self.vocabulary_name(lang, v),
                href: links.to(&urls::vocabulary(&self.site.vocabulary(v).key)),
            })
            .collect();
        browse.push(Link {
            label: self.t(lang, "authors"),
            href: links.to(&urls::authors()),
        });
        page.context.insert("browse", &browse);
        let words = self.singulars(lang, self.site.vocabulary_ids());
        page.context.insert("vocabulary_words", &words);
        let other = self.site.config.languages.iter().find(|l| **l != lang);
        page.context
            .insert("other_lang", &other.map_or("", |l| l.code()));
        Ok(("search.html", self.t(lang, "search")))
    }

    /// Study `s`'s item on the studies page at `links`: the list item with
    /// the filter's data.
    pub(super) fn filter_item<'r>(&'r self, links: &Links, s: usize) -> Result<Piece<'r>, String> {
        let slot = self
            .slot_index(links, s)
            .and_then(|i| self.fragments.filter_data.get(i));
        let Some(slot) = slot else {
            return Ok(Piece::Made(self.render_item(
                links,
                s,
                &self.filter_data(links.lang, s),
            )?));
        };
        let data = slot.get_or_init(|| self.filter_data(links.lang, s));
        Ok(match self.list_item(links, s)? {
            Piece::Item(item) => Piece::WithData(item, data),
            _ => Piece::Made(self.render_item(links, s, data)?),
        })
    }

    /// What the studies page's filter script reads of a study, as `data-*`
    /// attributes, escaped: its slugs in each vocabulary (a region with its
    /// ancestors), its year and its title.
    pub(super) fn filter_data(&self, lang: Lang, s: usize) -> String {
        let site = self.site;
        let entry = &site.studies[s];
        let mut data = Vec::new();
        for v in self.filters() {
            let terms = site.terms(v);
            let tagged = site.tagged_with_ancestors(s, v);
            let slugs: Vec<&str> = tagged.iter().map(|&t| terms[t].slug.as_str()).collect();
            data.push(DataAttribute {
                name: site.vocabulary(v).facet(),
                value: slugs.join(" "),
            });
        }
        data.push(DataAttribute {
            name: "year".into(),
            value: entry.study.year.map_or(String::new(), |y| y.to_string()),
        });
        data.push(DataAttribute {
            name: "title".into(),
            value: entry.study.title.get(lang).0.to_lowercase(),
        });
        let mut attributes = String::new();
        for DataAttribute { name, value } in data {
            attributes.push_str(" data-");
            attributes.push_str(&name);
            attributes.push_str("=\"");
            let _ = pulldown_cmark_escape::escape_html(&mut attributes, &value);
            attributes.push('"');
        }
        attributes
    }
}
