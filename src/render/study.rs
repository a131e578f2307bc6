//! A study's page, its list item (shown on every page that lists it) and
//! its citation files.

use super::views::{
    AuthorLink, CriterionView, Facet, Meta, QualityView, StudyItem, StudyView, TagGroup, Text, text,
};
use super::{Page, Rendered, Renderer, STUDY_ITEM};
use crate::citation;
use crate::content::{ListPlace, Vocabulary};
use crate::export;
use crate::highlight;
use crate::model::display_name;
use crate::urls::{self, Links};

/// A study's BibTeX and RIS, as shown and as downloads.
#[derive(Clone)]
pub(super) struct Citations {
    bibtex_html: String,
    ris_html: String,
    bib_href: String,
    ris_href: String,
    coins: String,
}

impl<'a> Renderer<'a> {
    /// A study: its citation, terms, summary and related studies.
    pub(super) fn study_page(
        &'a self,
        page: &mut Page<'_, 'a>,
        related: &[usize],
        s: usize,
    ) -> Rendered {
        let view = self.study_view(page.links, s);
        let title = view.title.text.clone();
        page.context.insert("study", &view);
        let list = self.study_list(page.links, related, page.lists)?;
        page.context.insert("studies", &list);
        Ok(("study.html", title))
    }

    pub(super) fn citations(&self, s: usize) -> Citations {
        let mut slot = self.citations[s]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match slot.take() {
            Some((1, citations)) => citations,
            Some((left, citations)) => {
                *slot = Some((left - 1, citations.clone()));
                citations
            }
            None => {
                let study = &self.site.studies[s].study;
                let (bibtex, ris) = (citation::bibtex(study), citation::ris(study));
                let citations = Citations {
                    bibtex_html: highlight::plain_block("bib", &bibtex),
                    ris_html: highlight::plain_block("ris", &ris),
                    bib_href: export::download_url("application/x-bibtex", &bibtex),
                    ris_href: export::download_url("application/x-research-info-systems", &ris),
                    coins: citation::coins(study),
                };
                let left = self.site.config.languages.len().saturating_sub(1);
                if left > 0 {
                    *slot = Some((left, citations.clone()));
                }
                citations
            }
        }
    }

    pub(super) fn study_view(&self, links: &Links, s: usize) -> StudyView {
        let site = self.site;
        let lang = links.lang;
        let entry = &site.studies[s];
        let study = &entry.study;
        let citations = self.citations(s);
        // Vocabularies of one term read as a fact of the study ("Design:
        // Qualitative"), named in the singular; those of several as lists.
        let facet = |v: Vocabulary, name: String| Facet {
            name,
            terms: entry.terms[&v]
                .iter()
                .map(|&t| self.term_link(links, v, t))
                .collect(),
        };
        let (kinds, facets): (Vec<Vocabulary>, Vec<Vocabulary>) = site
            .vocabulary_ids()
            .partition(|&v| !site.vocabulary(v).multiple);
        let kinds = kinds
            .into_iter()
            .map(|v| facet(v, capitalised(site.vocabulary(v).singular.get(lang).0)))
            .collect();
        let facets = facets
            .into_iter()
            .map(|v| facet(v, self.vocabulary_name(lang, v)))
            .collect();
        let (summary, summary_untranslated) = entry.summary.get(lang);
        let missing: Vec<String> = entry
            .missing_citation_parts()
            .into_iter()
            .map(|part| self.t(lang, part.key()))
            .collect();
        let mut meta = vec![Meta {
            name: "citation_title".into(),
            content: study.title.en.clone(),
        }];
        for a in &study.authors {
            let name = citation::family_first(a);
            meta.push(Meta {
                name: "citation_author".into(),
                content: name,
            });
        }
        if let Some(date) = study
            .publication_date
            .clone()
            .or(study.year.map(|y| y.to_string()))
        {
            meta.push(Meta {
                name: "citation_publication_date".into(),
                content: date.replace('-', "/"),
            });
        }
        for (name, value) in [
            ("citation_journal_title", &study.journal),
            ("citation_volume", &study.volume),
            ("citation_issue", &study.issue),
            ("citation_doi", &study.doi),
        ] {
            if let Some(v) = value {
                meta.push(Meta {
                    name: name.into(),
                    content: v.clone(),
                });
            }
        }
        meta.push(Meta {
            name: "citation_language".into(),
            content: "en".into(),
        });
        StudyView {
            id: study.id.clone(),
            title: text(&study.title, lang),
            authors: entry
                .author_ids
                .iter()
                .zip(&study.authors)
                .map(|(&a, name)| AuthorLink {
                    name: display_name(name),
                    href: links.to(&urls::author(&site.authors[a].slug)),
                })
                .collect(),
            year: study.year,
            journal: study.journal.clone(),
            volume: study.volume.clone(),
            issue: study.issue.clone(),
            pages: study.pages.clone(),
            doi: study.doi.clone(),
            url: study.url.clone(),
            kinds,
            source_abstract: study
                .source_abstract
                .clone()
                .filter(|_| site.config.publish_abstracts),
            methods: text(&study.methods, lang),
            sample_size: study.sample_size,
            sample: study.sample.as_ref().map(|s| text(s, lang)),
            facets,
            summary_html: summary.html.clone(),
            summary_untranslated,
            apa: citation::apa(study, lang),
            bibtex_html: citations.bibtex_html,
            ris_html: citations.ris_html,
            bib_href: citations.bib_href,
            ris_href: citations.ris_href,
            date_added: study.date_added.clone(),
            date_updated: study.date_updated.clone(),
            status: self.t(
                lang,
                match study.status {
                    crate::content::Status::Completed => "status_completed",
                    crate::content::Status::Ongoing => "status_ongoing",
                },
            ),
            open_access: study.open_access,
            keywords: study
                .keywords
                .as_ref()
                .map(|k| k.get(lang).0.clone())
                .unwrap_or_default(),
            funding: study.funding.as_ref().map(|f| text(f, lang)),
            citation_incomplete: !missing.is_empty(),
            missing,
            meta,
            coins: citations.coins,
            quality: study.quality.as_ref().map(|q| QualityView {
                tool: q.tool.clone(),
                criteria: q
                    .criteria
                    .iter()
                    .map(|c| CriterionView {
                        id: c.id.clone(),
                        question: self
                            .theme
                            .strings
                            .get(&lang)
                            .and_then(|t| t.get(&criterion_key(&q.tool, &c.id)))
                            .cloned(),
                        answer: self.t(
                            lang,
                            match c.answer {
                                crate::content::Answer::Yes => "answer_yes",
                                crate::content::Answer::No => "answer_no",
                                crate::content::Answer::CantTell => "answer_cant_tell",
                            },
                        ),
                    })
                    .collect(),
                note: q.note.as_ref().map(|n| text(n, lang)),
            }),
        }
    }

    pub(super) fn study_item(&self, links: &Links, s: usize) -> StudyItem {
        let site = self.site;
        let lang = links.lang;
        let entry = &site.studies[s];
        let study = &entry.study;
        let labels = |v: Vocabulary| -> Vec<String> {
            entry.terms[&v]
                .iter()
                .map(|&t| site.terms(v)[t].label.get(lang).0.clone())
                .collect()
        };
        let (mut after_year, mut after_size, mut tags) = (Vec::new(), Vec::new(), Vec::new());
        let separator = self.t(lang, "list_separator");
        for v in site.vocabulary_ids() {
            let place = match site.vocabulary(v).list {
                Some(place) => place,
                None => continue,
            };
            let labels = labels(v);
            if labels.is_empty() {
                continue;
            }
            match place {
                ListPlace::AfterYear => after_year.push(labels.join(&separator)),
                ListPlace::AfterSize => after_size.push(labels.join(&separator)),
                ListPlace::Tags => tags.push(TagGroup {
                    name: self.vocabulary_name(lang, v),
                    labels,
                }),
            }
        }
        StudyItem {
            title: text(&study.title, lang),
            href: links.to(&urls::study(&study.id)),
            year: study.year,
            after_year,
            sample_size: study.sample_size,
            after_size,
            tags,
            finding: {
                let (summary, untranslated) = entry.summary.get(lang);
                Text {
                    text: summary.lead_sentence(),
                    untranslated,
                }
            },
            citation_incomplete: entry.citation_incomplete(),
            data: String::new(),
        }
    }

    /// One study's list item, with the `data-*` attributes given.
    pub(super) fn render_item(
        &self,
        links: &Links,
        s: usize,
        data: &str,
    ) -> Result<String, String> {
        let mut item = self.study_item(links, s);
        item.data = data.to_string();
        self.render_fragment(STUDY_ITEM, "s", &item, links.lang)
    }
}

/// The UI string key of a quality criterion's question: `quality_`, the
/// tool and the criterion's id, each lowercased with every run of other
/// characters made one `_` (MMAT 2018's 1.1 is `quality_mmat_2018_1_1`).
/// A study.yaml names the tool and the criterion; their questions are the
/// tool's own words, the same for every study, so the theme carries them in
/// both languages rather than each study.
pub(super) fn criterion_key(tool: &str, id: &str) -> String {
    let mut key = String::from("quality");
    for part in [tool, id] {
        key.push('_');
        let mut gap = false;
        for c in part.trim().chars() {
            if c.is_ascii_alphanumeric() {
                if gap && !key.ends_with('_') {
                    key.push('_');
                }
                gap = false;
                key.push(c.to_ascii_lowercase());
            } else {
                gap = true;
            }
        }
    }
    key
}

/// A singular name as a label: its first letter in capitals ("design" →
/// "Design"; Chinese is left as it is).
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::criterion_key;

    #[test]
    fn a_criterion_key_names_tool_and_criterion() {
        assert_eq!(criterion_key("MMAT 2018", "1.1"), "quality_mmat_2018_1_1");
        assert_eq!(criterion_key(" mmat-2018 ", "S1"), "quality_mmat_2018_s1");
        assert_eq!(criterion_key("CASP", "Q 10."), "quality_casp_q_10");
    }
}
