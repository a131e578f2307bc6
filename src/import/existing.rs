//! The site's studies as an import matches records against them: a record
//! with a DOI is the study with that DOI; one without is the study with
//! its title (letters and digits, any case) and year, or with its id.

use std::collections::{BTreeSet, HashMap};

use super::record::Record;

/// A record's title (letters and digits only, any case) and year, as
/// records without a DOI are compared.
pub(super) fn title_key(record: &Record) -> String {
    title_year_key(record.title.as_deref().unwrap_or_default(), record.year)
}

fn title_year_key(title: &str, year: Option<i32>) -> String {
    let letters: String = title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    format!("title:{letters}:{year:?}")
}

/// A DOI as compared: lower case, without a resolver prefix.
pub(super) fn normal_doi(doi: &str) -> String {
    let doi = doi.trim();
    let bare = crate::validate::DOI_PREFIXES
        .iter()
        .find_map(|p| doi.strip_prefix(p))
        .unwrap_or(doi);
    bare.to_lowercase()
}

/// The site's studies: their ids, and their DOIs and titles with years
/// (as compared).
pub(super) struct Existing {
    pub(super) ids: BTreeSet<String>,
    pub(super) dois: HashMap<String, String>,
    pub(super) titles: HashMap<String, String>,
}

pub(super) fn existing_studies(raw: &crate::load::RawContent) -> Existing {
    let mut existing = Existing {
        ids: BTreeSet::new(),
        dois: HashMap::new(),
        titles: HashMap::new(),
    };
    for study in &raw.studies {
        existing.ids.insert(study.id.clone());
        let Some(yaml) = &study.yaml else { continue };
        let Ok(node) = crate::yaml::parse(&yaml.file, &yaml.text) else {
            continue;
        };
        let crate::yaml::Value::Map(entries) = node.value else {
            continue;
        };
        let (mut title, mut year) = (None, None);
        for (k, v) in entries {
            let crate::yaml::Value::Str(k) = k.value else {
                continue;
            };
            match (k.as_str(), v.value) {
                ("doi", crate::yaml::Value::Str(doi)) => {
                    existing.dois.insert(normal_doi(&doi), study.id.clone());
                }
                ("year", crate::yaml::Value::Int(y)) => year = i32::try_from(y).ok(),
                ("title", crate::yaml::Value::Map(t)) => {
                    title = t.into_iter().find_map(|(k, v)| match (k.value, v.value) {
                        (crate::yaml::Value::Str(k), crate::yaml::Value::Str(en)) if k == "en" => {
                            Some(en)
                        }
                        _ => None,
                    });
                }
                _ => {}
            }
        }
        if let Some(title) = title {
            existing
                .titles
                .insert(title_year_key(&title, year), study.id.clone());
        }
    }
    existing
}
