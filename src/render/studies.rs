//! The studies list with its filter, and the search page.

use super::fragments::Piece;
use super::views::{DataAttribute, FilterFacet, Link, PageNumber, PaginationView, TermItem};
use super::{Page, Rendered, Renderer};
use crate::content::{Lang, ListPlace, Status, Vocabulary};
use crate::model::pages;
use crate::urls::{self, Links};

/// A status as the filter's address names it (`status=ongoing`).
fn status_key(status: Status) -> &'static str {
    match status {
        Status::Completed => "completed",
        Status::Ongoing => "ongoing",
    }
}

/// The page numbers a list's pagination links to (from 1): the first, the
/// last and the two beside `current`; `None` where it leaves pages out.
/// A gap of one page shows that page instead, as it takes no more room.
pub(crate) fn page_numbers(current: usize, total: usize) -> Vec<Option<usize>> {
    let shown = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 1;
    let mut out = Vec::new();
    let mut n = 1;
    while n <= total {
        let lone_gap = n > 1 && shown(n - 1) && shown(n + 1);
        if shown(n) || lone_gap {
            out.push(Some(n));
        } else {
            out.push(None);
            while n < total && !shown(n + 1) {
                n += 1;
            }
        }
        n += 1;
    }
    out
}

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

    /// Page `p` (from 0) of the studies list: its studies in the list's
    /// order, each carrying its slugs (a term with its ancestors) for the
    /// filter script, the facets of the filter form with their total
    /// counts, and links to the list's other pages.
    pub(super) fn studies_page(&'a self, page: &mut Page<'_, 'a>, p: usize) -> Rendered {
        let site = self.site;
        let links = page.links;
        let items = pages::studies_on_page(site, links.lang, p)
            .into_iter()
            .map(|s| self.filter_item(links, s))
            .collect::<Result<Vec<_>, String>>()?;
        let mut facets: Vec<FilterFacet> = self
            .filters()
            .map(|v| FilterFacet {
                key: site.vocabulary(v).facet(),
                legend: self.vocabulary_name(links.lang, v),
                legend_untranslated: self.vocabulary_untranslated(links.lang, v),
                options: self.term_items(links, v),
                vocabulary: Some(v.index().to_string()),
            })
            .collect();
        facets.push(self.status_facet(links.lang));
        page.context.insert("list_places", &self.list_places());
        page.context.insert("total", &site.studies.len());
        let facet_words = self.singulars(links.lang, self.filters());
        page.context.insert("facet_words", &facet_words);
        let years = site.year_range();
        let list = page.lists.add(items);
        page.context.insert("studies", &list);
        page.context.insert("facets", &facets);
        page.context.insert("year_min", &years.map(|(lo, _)| lo));
        page.context.insert("year_max", &years.map(|(_, hi)| hi));
        let pagination = self.pagination(links, p);
        let title = match pagination.total {
            1 => self.t(links.lang, "studies"),
            _ => self
                .t(links.lang, "studies_page_title")
                .replace("{title}", &self.t(links.lang, "studies"))
                .replace("{n}", &(p + 1).to_string())
                .replace("{total}", &pagination.total.to_string()),
        };
        page.context.insert("pagination", &pagination);
        Ok(("studies.html", title))
    }

    /// The filter by status: completed or ongoing, each with its count.
    fn status_facet(&self, lang: Lang) -> FilterFacet {
        FilterFacet {
            key: "status".into(),
            legend: self.t(lang, "status"),
            legend_untranslated: false,
            options: self
                .site
                .status_counts()
                .into_iter()
                .map(|(status, count)| TermItem {
                    slug: status_key(status).into(),
                    label: self.t(lang, &format!("status_{}", status_key(status))),
                    href: String::new(),
                    count,
                    depth: 0,
                })
                .collect(),
            vocabulary: None,
        }
    }

    /// Where a list item shows each vocabulary's terms, for the filter
    /// script's items to show them alike: the vocabularies' indices in the
    /// browse data after the year, after the number of participants, and
    /// on lines of their own, each space-separated.
    fn list_places(&self) -> std::collections::BTreeMap<&'static str, String> {
        let site = self.site;
        let mut places = std::collections::BTreeMap::from([
            ("after_year", Vec::new()),
            ("after_size", Vec::new()),
            ("tags", Vec::new()),
        ]);
        for v in site.vocabulary_ids() {
            let place = match site.vocabulary(v).list {
                Some(ListPlace::AfterYear) => "after_year",
                Some(ListPlace::AfterSize) => "after_size",
                Some(ListPlace::Tags) => "tags",
                None => continue,
            };
            places.entry(place).or_default().push(v.index().to_string());
        }
        places.into_iter().map(|(k, v)| (k, v.join(" "))).collect()
    }

    /// Links from page `p` (from 0) of the studies list to its others.
    fn pagination(&self, links: &Links, p: usize) -> PaginationView {
        let total = pages::studies_pages(self.site);
        let href = |n: usize| links.to(&urls::studies_page(n - 1));
        let current = p + 1;
        PaginationView {
            current,
            total,
            previous: (current > 1).then(|| href(current - 1)),
            next: (current < total).then(|| href(current + 1)),
            pages: page_numbers(current, total)
                .into_iter()
                .map(|number| PageNumber {
                    number,
                    href: number.map_or(String::new(), href),
                    current: number == Some(current),
                })
                .collect(),
        }
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
            name: "status".into(),
            value: status_key(entry.study.status).into(),
        });
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

#[cfg(test)]
mod tests {
    use super::page_numbers;

    fn shown(current: usize, total: usize) -> String {
        page_numbers(current, total)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_first_last_and_neighbouring_pages_are_linked_and_the_rest_left_out() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(1, 3), "1 2 3");
        assert_eq!(shown(1, 100), "1 2 … 100");
        assert_eq!(shown(50, 100), "1 … 49 50 51 … 100");
        assert_eq!(shown(100, 100), "1 … 99 100");
        // A gap of one page shows the page rather than an ellipsis.
        assert_eq!(shown(4, 7), "1 2 3 4 5 6 7");
        assert_eq!(shown(5, 10), "1 … 4 5 6 … 10");
    }
}
