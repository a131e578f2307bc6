//! The evidence maps: the home page (the first declared map), each other
//! map's page, a cell's page, and the matrix view every page that shows a
//! matrix uses.

use super::matrix::Rows;
use super::views::{Choice, Count, FilterFacet, KeyStep, Link, MapView, SegmentGroup};
use super::{Page, Rendered, Renderer};
use crate::content::{Lang, Vocabulary};
use crate::urls::{self, Links};

impl<'a> Renderer<'a> {
    /// The home page: the first map, the totals and the newest studies.
    pub(super) fn home_page(&'a self, page: &mut Page<'_, 'a>, newest: &[usize]) -> Rendered {
        let site = self.site;
        let links = page.links;
        let map = self.map_view(links, 0);
        page.context.insert("matrices", &map.matrices);
        page.context.insert("map", &map);
        let totals = site.totals();
        page.context.insert("total_studies", &totals.studies);
        page.context
            .insert("total_participants", &totals.participants);
        let counts: Vec<Count> = totals
            .counts
            .iter()
            .filter_map(|&(v, n)| {
                let words = site.vocabulary(v).count.as_ref()?;
                Some(Count {
                    n,
                    label: words.get(links.lang).0.clone(),
                })
            })
            .collect();
        page.context.insert("counts", &counts);
        let list = self.study_list(links, newest, page.lists)?;
        page.context.insert("studies", &list);
        page.context.insert("last_updated", &site.last_updated);
        page.context.insert(
            "methods_href",
            &site
                .pages
                .iter()
                .position(|p| p.name == "methods")
                .map(|_| links.to(&urls::page("methods"))),
        );
        Ok(("index.html", site.config.title.get(links.lang).0.clone()))
    }

    /// The page of a declared map after the first.
    pub(super) fn map_page(&self, page: &mut Page, m: usize) -> Rendered {
        let map = self.map_view(page.links, m);
        let title = map.title.clone();
        page.context.insert("matrices", &map.matrices);
        page.context.insert("map", &map);
        Ok(("map.html", title))
    }

    /// Declared map `m`: its words and its matrices, every row shown (an
    /// empty row is a gap), their cells linking to their studies.
    fn map_view(&self, links: &Links, m: usize) -> MapView {
        let site = self.site;
        let lang = links.lang;
        let declared = &site.map_defs()[m];
        let start: usize = site.map_defs()[..m].iter().map(|d| d.columns.len()).sum();
        let matrices = site
            .map_matrices(m)
            .iter()
            .enumerate()
            .map(|(i, matrix)| {
                self.matrix_view(links, matrix, Some(start + i), Rows::All, declared.segment)
            })
            .collect();
        let singular = |v: Vocabulary| site.vocabulary(v).singular.get(lang).0.clone();
        let columns: Vec<String> = declared.columns.iter().map(|&c| singular(c)).collect();
        let counts_intro = self
            .evidence_view(lang)
            .map_intro
            .replace("{row}", &singular(declared.rows))
            .replace("{columns}", &self.one_of(lang, &columns));
        MapView {
            title: declared.title.get(lang).0.clone(),
            intro: declared.intro.as_ref().map(|i| i.get(lang).0.clone()),
            counts_intro,
            others: site
                .map_defs()
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != m)
                .map(|(other, d)| Link {
                    label: d.title.get(lang).0.clone(),
                    href: links.to(&if other == 0 {
                        urls::home()
                    } else {
                        urls::map(&d.key)
                    }),
                })
                .collect(),
            matrices,
            key: self.colour_key(lang, &site.heat_steps()),
            segment: declared.segment.map(|v| self.segment_legend(lang, v)),
            filters: site
                .vocabulary_ids()
                .filter(|&v| site.vocabulary(v).filter)
                .map(|v| FilterFacet {
                    // The form's names are the vocabularies' keys, as
                    // GAPMAP_FACETS has them; the address names a filter as
                    // the studies list does (browse.js, `param`).
                    key: site.vocabulary(v).key.clone(),
                    legend: self.vocabulary_name(lang, v),
                    legend_untranslated: self.vocabulary_untranslated(lang, v),
                    options: self.term_items(links, v),
                    vocabulary: Some(v.index().to_string()),
                })
                .collect(),
            statuses: self.statuses(lang),
        }
    }

    /// The colour key: a cell with at least `steps[i]` studies (and fewer
    /// than the next step) has shade `i + 1`, worded as the counts it
    /// stands for ("1–2", "5", "9 or more").
    fn colour_key(&self, lang: Lang, steps: &[usize]) -> Vec<KeyStep> {
        steps
            .iter()
            .enumerate()
            .map(|(i, &from)| {
                let label = match steps.get(i + 1) {
                    None => self
                        .t(lang, "key_or_more")
                        .replace("{n}", &from.to_string()),
                    Some(&next) if next <= from + 1 => from.to_string(),
                    Some(&next) => self
                        .t(lang, "key_range")
                        .replace("{from}", &from.to_string())
                        .replace("{to}", &(next - 1).to_string()),
                };
                KeyStep {
                    level: i + 1,
                    label,
                }
            })
            .collect()
    }

    /// The statuses the map's filter offers (map.js hides them when every
    /// study has the same one).
    fn statuses(&self, lang: Lang) -> Vec<Choice> {
        [
            ("completed", "status_completed"),
            ("ongoing", "status_ongoing"),
        ]
        .iter()
        .map(|&(value, words)| Choice {
            value: value.to_string(),
            label: self.t(lang, words),
        })
        .collect()
    }

    /// Words joined as "a, b or c" (in Chinese, "a、b或c").
    pub(super) fn one_of(&self, lang: Lang, words: &[String]) -> String {
        match words {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => {
                let separator = self.t(lang, "list_separator");
                format!("{}{}{last}", rest.join(&separator), self.t(lang, "list_or"))
            }
        }
    }

    /// A cell's studies grouped by the top-level terms of the map's
    /// segment (a study with two is in both), then those with none; only
    /// the groups with a study.
    fn by_segment(
        &self,
        lang: Lang,
        v: Vocabulary,
        studies: &[usize],
    ) -> Vec<(String, Vec<usize>)> {
        let site = self.site;
        let tops = site.top_level(v);
        let mut groups: Vec<(String, Vec<usize>)> = tops
            .iter()
            .map(|&t| (site.terms(v)[t].label.get(lang).0.clone(), Vec::new()))
            .collect();
        let mut none = Vec::new();
        for &s in studies {
            let segments = site.segments_of(s, v, &tops);
            if segments.is_empty() {
                none.push(s);
            }
            for k in segments {
                groups[k].1.push(s);
            }
        }
        groups.push((self.t(lang, "segment_not_given"), none));
        groups.retain(|(_, members)| !members.is_empty());
        groups
    }

    /// One cell of a map: its studies (grouped by the map's segment, when
    /// it has one).
    pub(super) fn cell_page(
        &'a self,
        page: &mut Page<'_, 'a>,
        studies: &[usize],
        m: usize,
        r: usize,
        c: usize,
    ) -> Rendered {
        let site = self.site;
        let map = &site.maps[m];
        let links = page.links;
        let row = self.term_link(links, map.rows, r);
        let column = self.term_link(links, map.columns, c);
        let declared = site.map_of_matrix(m);
        let map_page = if declared == 0 {
            urls::home()
        } else {
            urls::map(&site.map_defs()[declared].key)
        };
        let title = format!("{} × {}", row.label, column.label);
        let list = self.study_list(links, studies, page.lists)?;
        page.context.insert("studies", &list);
        if let Some(segment) = site.map_defs()[declared].segment {
            let mut groups = Vec::new();
            for (label, members) in self.by_segment(links.lang, segment, studies) {
                groups.push(SegmentGroup {
                    label,
                    studies: self.study_list(links, &members, page.lists)?,
                });
            }
            page.context.insert("segment_groups", &groups);
            page.context.insert(
                "segment_name",
                site.vocabulary(segment).singular.get(links.lang).0,
            );
        }
        page.context.insert("row", &row);
        page.context.insert("column", &column);
        page.context.insert(
            "map_href",
            &format!(
                "{}#map-{}",
                links.to(&map_page),
                site.vocabulary(map.columns).key
            ),
        );
        Ok(("cell.html", title))
    }
}
