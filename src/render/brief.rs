//! Printable evidence briefs: the whole map's and each theme's.

use super::fragments::Lists;
use super::map::Rows;
use super::views::{BriefStudy, BriefView};
use super::{BRIEF_STUDY, Page, Rendered, Renderer};
use crate::citation;
use crate::content::Vocabulary;
use crate::urls::{self, Links};

impl<'a> Renderer<'a> {
    /// A printable brief of the whole map, or of one theme.
    pub(super) fn brief_page(
        &'a self,
        page: &mut Page<'_, 'a>,
        studies: &[usize],
        theme: Option<usize>,
    ) -> Rendered {
        let view = self.brief_view(page.links, studies, theme, page.lists)?;
        let title = view.title.clone();
        page.context.insert("brief", &view);
        Ok(("brief.html", title))
    }

    /// A printable brief: the map of its studies and one paragraph on each.
    pub(super) fn brief_view<'r>(
        &'r self,
        links: &Links,
        studies: &[usize],
        theme: Option<usize>,
        lists: &mut Lists<'r>,
    ) -> Result<BriefView, String> {
        let site = self.site;
        let lang = links.lang;
        let themes = site.terms(Vocabulary::Themes);
        let (title, rows, back) = match theme {
            Some(t) => (
                format!("{}: {}", self.t(lang, "brief"), themes[t].label.get(lang).0),
                Rows::Only(t),
                links.to(&urls::term(Vocabulary::Themes, &themes[t].slug)),
            ),
            None => (
                format!(
                    "{}: {}",
                    self.t(lang, "brief"),
                    site.config.title.get(lang).0
                ),
                Rows::WithStudies,
                links.to(&urls::home()),
            ),
        };
        // The whole map's brief shows one of the maps the model holds.
        let held = site.maps.iter().find(|m| {
            theme.is_none() && m.rows == Vocabulary::Themes && m.columns == Vocabulary::Populations
        });
        let made;
        let matrix = match held {
            Some(map) => map,
            None => {
                made = site.matrix(Vocabulary::Themes, Vocabulary::Populations, studies);
                &made
            }
        };
        let matrix = self.matrix_view(links, matrix, None, rows);
        let studies = studies
            .iter()
            .map(|&s| {
                self.fragment_at(&self.fragments.briefs, links, s, |links| {
                    self.brief_section(links, s)
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let studies = lists.add(studies);
        Ok(BriefView {
            title,
            back,
            date: site.last_updated.clone(),
            matrix,
            studies,
        })
    }

    /// Study `s`'s section of a brief.
    pub(super) fn brief_section(&self, links: &Links, s: usize) -> Result<String, String> {
        let entry = &self.site.studies[s];
        let (summary, untranslated) = entry.summary.get(links.lang);
        let section = BriefStudy {
            id: entry.study.id.clone(),
            item: self.study_item(links, s),
            citation: citation::apa(&entry.study, links.lang),
            lead: summary.lead.clone(),
            untranslated,
        };
        self.render_fragment(BRIEF_STUDY, "b", &section, links.lang)
    }
}
