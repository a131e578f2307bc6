//! What only shows across studies: ids and DOIs used twice.

use std::collections::BTreeMap;

use crate::content::Study;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{RawContent, RawStudy};

/// Problems only visible across studies: duplicate ids (folders that differ
/// only in case) and duplicate DOIs.
pub fn check_across_studies<'a>(
    studies: impl IntoIterator<Item = &'a Study>,
    raw: &RawContent,
    diags: &mut Diagnostics,
) {
    let mut ids: BTreeMap<String, &RawStudy> = BTreeMap::new();
    for study in &raw.studies {
        let key = study.id.to_lowercase();
        if let Some(first) = ids.get(&key) {
            diags.push(
                Diagnostic::error(
                    &study.display,
                    format!("duplicate study id `{key}`: also used by {}", first.display),
                )
                .with_help("each study needs its own folder name; rename one of them"),
            );
        } else {
            ids.insert(key, study);
        }
    }
    let mut dois: BTreeMap<String, &Study> = BTreeMap::new();
    for study in studies {
        let Some(doi) = &study.doi else { continue };
        let key = doi.to_lowercase();
        if let Some(first) = dois.get(&key) {
            let raw_study = raw.studies.iter().find(|r| r.id == study.id);
            let file = raw_study
                .and_then(|r| r.yaml.as_ref())
                .map(|s| s.file.clone())
                .unwrap_or_default();
            let mut d = Diagnostic::error(
                &file,
                format!(
                    "duplicate DOI `{doi}`: study `{}` has the same DOI",
                    first.id
                ),
            )
            .with_help("a study is entered once; merge the two folders or correct the DOI");
            if let Some(text) = raw_study.and_then(|r| r.yaml.as_ref()).map(|s| &s.text)
                && let Some(at) = text.find(doi.as_str())
            {
                d = d.at(text, at..at + doi.len());
            }
            diags.push(d);
        } else {
            dois.insert(key, study);
        }
    }
}
