//! data/studies.csv: one row per study, for spreadsheets.

use super::{labels, slugs, status, zh_or_empty};
use crate::citation;
use crate::content::{Lang, Vocabulary};
use crate::model::Site;
use crate::urls;

/// One row per study; lists joined with "; ". A byte-order mark first, so
/// Excel reads the file as UTF-8 and shows the Chinese. Every cell goes
/// through [`neutralise`], so none opens as a live formula.
pub(super) fn csv(site: &Site) -> Vec<u8> {
    let columns = Columns::of(site);
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(columns.header(site));
    for entry in &site.studies {
        out.extend(columns.row(site, entry));
    }
    out
}

/// The file's columns. Each vocabulary gives three: its slugs under its
/// study.yaml field's name, and its labels in each language. Those that
/// take one term come after `url`, those that take several after them, as
/// in study.yaml.
pub(super) struct Columns {
    vocabularies: Vec<Vocabulary>,
}

impl Columns {
    pub(super) fn of(site: &Site) -> Columns {
        let vocabularies = [false, true]
            .into_iter()
            .flat_map(|multiple| {
                site.vocabulary_ids()
                    .filter(move |&v| site.vocabulary(v).multiple == multiple)
            })
            .collect();
        Columns { vocabularies }
    }

    /// The header line, with its line ending.
    pub(super) fn header(&self, site: &Site) -> Vec<u8> {
        let mut header: Vec<String> = HEAD.iter().map(|h| h.to_string()).collect();
        for &v in &self.vocabularies {
            let field = &site.vocabulary(v).field;
            header.extend([field.clone(), format!("{field}_en"), format!("{field}_zh")]);
        }
        header.extend(TAIL.iter().map(|h| h.to_string()));
        line(header)
    }

    /// A study's line, with its line ending.
    pub(super) fn row(&self, site: &Site, entry: &crate::model::StudyEntry) -> Vec<u8> {
        let vocabularies = &self.vocabularies;
        let default = site.config.default_language;
        let s = &entry.study;
        let authors: Vec<String> = s
            .authors
            .iter()
            .map(crate::citation::family_first)
            .collect();
        let keywords = |lang| {
            s.keywords
                .as_ref()
                .and_then(|k| match lang {
                    Lang::En => Some(k.en.join("; ")),
                    Lang::Zh => k.zh.as_ref().map(|z| z.join("; ")),
                })
                .unwrap_or_default()
        };
        let page = |lang| urls::in_lang(&urls::study(&s.id), lang, default);
        let head: [String; HEAD.len()] = [
            s.id.clone(),
            s.title.en.clone(),
            zh_or_empty(&s.title),
            authors.join("; "),
            s.year.map(|y| y.to_string()).unwrap_or_default(),
            s.journal.clone().unwrap_or_default(),
            s.volume.clone().unwrap_or_default(),
            s.issue.clone().unwrap_or_default(),
            s.pages.clone().unwrap_or_default(),
            s.doi.clone().unwrap_or_default(),
            s.url.clone().unwrap_or_default(),
        ];
        let terms = vocabularies.iter().flat_map(|&v| {
            [
                slugs(entry, v),
                labels(site, entry, v, Lang::En).join("; "),
                labels(site, entry, v, Lang::Zh).join("; "),
            ]
        });
        let tail: [String; TAIL.len()] = [
            s.sample_size.map(|n| n.to_string()).unwrap_or_default(),
            s.sample.as_ref().map(|x| x.en.clone()).unwrap_or_default(),
            s.sample.as_ref().map(zh_or_empty).unwrap_or_default(),
            s.methods.en.clone(),
            zh_or_empty(&s.methods),
            s.publication_date.clone().unwrap_or_default(),
            status(s.status).to_string(),
            s.open_access
                .map(|o| if o { "yes" } else { "no" }.to_string())
                .unwrap_or_default(),
            keywords(Lang::En),
            keywords(Lang::Zh),
            s.funding.as_ref().map(|x| x.en.clone()).unwrap_or_default(),
            s.funding.as_ref().map(zh_or_empty).unwrap_or_default(),
            s.quality
                .as_ref()
                .map(|q| q.tool.clone())
                .unwrap_or_default(),
            s.date_added.clone(),
            s.date_updated.clone(),
            citation::apa(s, Lang::En),
            page(Lang::En),
            page(Lang::Zh),
        ];
        line(head.into_iter().chain(terms).chain(tail))
    }
}

/// One line of the file: each cell neutralised, quoted where it must be.
/// Writing to memory cannot fail; a failed field would only lose a cell,
/// and the exports test would see it.
fn line(cells: impl IntoIterator<Item = String>) -> Vec<u8> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    for cell in cells {
        let _ = writer.write_field(neutralise(&cell).as_bytes());
    }
    let _ = writer.write_record(None::<&[u8]>);
    writer.into_inner().unwrap_or_default()
}

/// The columns before the vocabularies'.
const HEAD: [&str; 11] = [
    "id", "title_en", "title_zh", "authors", "year", "journal", "volume", "issue", "pages", "doi",
    "url",
];

/// The columns after them.
const TAIL: [&str; 18] = [
    "sample_size",
    "sample_en",
    "sample_zh",
    "methods_en",
    "methods_zh",
    "publication_date",
    "status",
    "open_access",
    "keywords_en",
    "keywords_zh",
    "funding_en",
    "funding_zh",
    "quality_tool",
    "date_added",
    "date_updated",
    "citation_apa",
    "page_en",
    "page_zh",
];

/// The characters that make a spreadsheet read a cell as a formula when
/// they start it (OWASP's CSV injection list: `=`, `+`, `-`, `@`, tab,
/// carriage return), with line feed and the full-width forms of the four
/// signs, which some spreadsheets also take.
fn starts_formula(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\t' | '\r' | '\n' | '＝' | '＋' | '－' | '＠'
    )
}

/// A cell as a spreadsheet can open it safely: one that starts with a
/// formula character, or with spaces before one, gets a single quote in
/// front (as OWASP recommends), which spreadsheets read as "this is text".
/// Every other cell is left as it is.
pub(super) fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let first = cell.trim_start_matches(' ').chars().next();
    if cell.starts_with(starts_formula) || first.is_some_and(starts_formula) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn cells_that_start_a_formula_are_quoted_and_others_kept() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)",
            "\t=1",
            "\r=1",
            "\n=1",
            "  =1+1",
            "＝1+1",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["", "Burnout", "10.1234/x", "2021", "a=b", "同伴"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
