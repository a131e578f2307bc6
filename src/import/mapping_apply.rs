//! A mapping applied to one record: its terms, and what it leaves
//! unmapped.

use std::collections::BTreeMap;

use super::Mapping;
use crate::import::record::Record;

/// What a mapping makes of one record: its terms per vocabulary key (each
/// once, in the record's order), and the codes and keywords it neither
/// maps nor ignores (as the record has them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub terms: BTreeMap<String, Vec<String>>,
    pub unmapped_codes: Vec<String>,
    pub unmapped_keywords: Vec<String>,
}

impl Mapping {
    pub fn apply(&self, record: &Record) -> Applied {
        let mut applied = Applied::default();
        let mut add = |(vocabulary, slug): &(String, String)| {
            let terms = applied.terms.entry(vocabulary.clone()).or_default();
            if !terms.contains(slug) {
                terms.push(slug.clone());
            }
        };
        let mut unmapped_codes: Vec<String> = Vec::new();
        for code in &record.codes {
            match self.codes.get(code.trim()) {
                Some(target) => add(target),
                None if self.ignore.contains(code.trim()) => {}
                None => {
                    if !unmapped_codes.contains(code) {
                        unmapped_codes.push(code.clone());
                    }
                }
            }
        }
        let mut unmapped_keywords: Vec<String> = Vec::new();
        for keyword in &record.keywords {
            let lower = keyword.trim().to_lowercase();
            match self.keywords.get(&lower) {
                Some(target) => add(target),
                None if self.ignores_keyword(&lower) => {}
                None => {
                    if !unmapped_keywords
                        .iter()
                        .any(|k| k.trim().to_lowercase() == lower)
                    {
                        unmapped_keywords.push(keyword.clone());
                    }
                }
            }
        }
        applied.unmapped_codes = unmapped_codes;
        applied.unmapped_keywords = unmapped_keywords;
        applied
    }

    fn ignores_keyword(&self, lower: &str) -> bool {
        self.ignore.contains(lower) || self.ignore.iter().any(|i| i.to_lowercase() == lower)
    }
}
