use std::path::PathBuf;

use super::*;
use crate::diagnostics::Severity;
use crate::import::record::Record;
use crate::load::{RawContent, SourceFile};

const SITE_TAXONOMIES: &str = include_str!("../../content/taxonomies.yaml");

/// The vocabularies a taxonomies.yaml declares, as gapmap's own validation
/// reads them, with what it said about them.
pub(crate) fn taxonomies(text: &str) -> (Option<Taxonomies>, Diagnostics) {
    let raw = RawContent {
        root: PathBuf::new(),
        site: None,
        taxonomies: Some(SourceFile {
            file: "content/taxonomies.yaml".into(),
            text: Arc::from(text),
        }),
        studies: Vec::new(),
        pages: Vec::new(),
    };
    let mut diags = Diagnostics::default();
    let read = crate::validate::taxonomies_of(&raw, &mut diags);
    (read, diags)
}

fn site() -> Taxonomies {
    let (t, diags) = taxonomies(SITE_TAXONOMIES);
    t.unwrap_or_else(|| panic!("{:?}", diags.items()))
}

fn read_text(text: &str) -> (Option<Mapping>, Vec<Diagnostic>) {
    let mut diags = Diagnostics::default();
    let mapping = read("mapping.yaml", text, &site(), &mut diags);
    (mapping, diags.items().to_vec())
}

fn target(v: &str, s: &str) -> (String, String) {
    (v.to_string(), s.to_string())
}

const GOOD: &str = "\
# How the imported files' codes and keywords become terms.
codes:
  \"10452\": themes/supervision
  10501: themes/burnout
  \"design=Qualitative\": designs/qualitative
keywords:
  Peer Support: themes/social-support
  stigma: themes/stigma
ignore:
  - \"10999\"
  - Trauma-Informed Care
";

#[test]
fn reads_codes_keywords_and_ignore() {
    let (mapping, diags) = read_text(GOOD);
    assert!(diags.is_empty(), "{diags:?}");
    let mapping = mapping.unwrap();
    assert_eq!(
        mapping.codes.get("10452"),
        Some(&target("themes", "supervision"))
    );
    // Unquoted, as written.
    assert_eq!(
        mapping.codes.get("10501"),
        Some(&target("themes", "burnout"))
    );
    assert_eq!(
        mapping.codes.get("design=Qualitative"),
        Some(&target("designs", "qualitative"))
    );
    // Keywords are kept in lowercase.
    assert_eq!(
        mapping.keywords.get("peer support"),
        Some(&target("themes", "social-support"))
    );
    assert!(mapping.ignore.contains("10999"));
    assert!(mapping.ignore.contains("Trauma-Informed Care"));
}

#[test]
fn an_empty_file_maps_nothing() {
    let (mapping, diags) = read_text("# nothing yet\n");
    assert!(diags.is_empty());
    assert_eq!(mapping, Some(Mapping::default()));
    let (mapping, diags) = read_text("codes:\nkeywords:\nignore:\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(mapping, Some(Mapping::default()));
}

fn only_error(text: &str) -> Diagnostic {
    let (mapping, diags) = read_text(text);
    assert!(mapping.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].severity, Severity::Error);
    diags[0].clone()
}

#[test]
fn an_unknown_term_is_pointed_at_with_the_nearest() {
    let d = only_error("codes:\n  \"1\": themes/burnuot\n");
    assert_eq!(d.message, "unknown theme `burnuot`");
    assert_eq!((d.line, d.column), (2, 15));
    assert_eq!(d.help.as_deref(), Some("did you mean `themes/burnout`?"));
    assert_eq!(d.file, "mapping.yaml");
    let d = only_error("keywords:\n  x: themes/zzzzzzzzzzzz\n");
    assert!(
        d.help
            .unwrap()
            .starts_with("the terms of `themes` are: self-care, burnout"),
    );
}

#[test]
fn an_unknown_vocabulary_is_pointed_at_with_the_nearest() {
    let d = only_error("codes:\n  \"1\": theme/burnout\n");
    assert_eq!(d.message, "unknown vocabulary `theme`");
    assert_eq!((d.line, d.column), (2, 8));
    assert_eq!(d.help.as_deref(), Some("did you mean `themes`?"));
    let d = only_error("codes:\n  \"1\": \"zzzzzzzz/burnout\"\n");
    assert_eq!((d.line, d.column), (2, 9));
    assert!(
        d.help
            .unwrap()
            .starts_with("the vocabularies are: themes, populations")
    );
}

#[test]
fn a_slug_without_its_vocabulary() {
    let d = only_error("codes:\n  \"1\": burnout\n");
    assert_eq!((d.line, d.column), (2, 8));
    assert_eq!(d.help.as_deref(), Some("did you mean `themes/burnout`?"));
}

#[test]
fn shapes_that_are_wrong() {
    let d = only_error("codes: [a, b]\n");
    assert!(d.message.starts_with("`codes` must be"), "{}", d.message);
    let d = only_error("codez:\n  \"1\": themes/burnout\n");
    assert_eq!(d.message, "unknown section `codez` in a mapping file");
    assert_eq!(d.help.as_deref(), Some("did you mean `codes`?"));
    let d = only_error("codes:\n  \"1\":\n");
    assert_eq!(d.message, "`1` is mapped to nothing");
    let d = only_error("- a\n");
    assert!(d.message.starts_with("a mapping file must be"));
    let d = only_error("ignore:\n  a: b\n");
    assert!(d.message.starts_with("`ignore` must be a list"));
    let d =
        only_error("keywords:\n  Peer support: themes/burnout\n  peer SUPPORT: themes/stigma\n");
    assert_eq!(d.line, 3);
    assert!(d.message.contains("mapped twice"), "{}", d.message);
    assert!(d.help.unwrap().contains("line 2"));
    // A YAML syntax error comes from gapmap's own YAML reader, with its line.
    let (mapping, diags) = read_text("codes:\n  \"1\": [themes/burnout\n");
    assert!(mapping.is_none());
    assert!(!diags.is_empty() && diags[0].line > 0, "{diags:?}");
}

#[test]
fn every_wrong_target_is_reported_at_once() {
    let (mapping, diags) = read_text("codes:\n  a: themes/x1\n  b: nope/x\n  c: themes/burnout\n");
    assert!(mapping.is_none());
    let lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![2, 3]);
}

#[test]
fn both_mapped_and_ignored_is_a_warning() {
    let (mapping, diags) = read_text("codes:\n  \"7\": themes/burnout\nignore: [\"7\"]\n");
    assert!(mapping.is_some());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert_eq!(diags[0].line, 3);
}

#[test]
fn apply_maps_codes_and_keywords_and_lists_the_rest() {
    let (mapping, _) = read_text(GOOD);
    let mapping = mapping.unwrap();
    let record = Record {
        codes: [
            "10452",
            "10501",
            "10999",
            "77777",
            "10452",
            "design=Qualitative",
        ]
        .map(String::from)
        .to_vec(),
        keywords: [
            "peer support",
            "PEER SUPPORT",
            "trauma-informed care",
            "Housing",
            "housing",
        ]
        .map(String::from)
        .to_vec(),
        ..Record::default()
    };
    let applied = mapping.apply(&record);
    assert_eq!(
        applied.terms,
        BTreeMap::from([
            (
                "themes".to_string(),
                vec![
                    "supervision".to_string(),
                    "burnout".to_string(),
                    "social-support".to_string()
                ]
            ),
            ("designs".to_string(), vec!["qualitative".to_string()]),
        ])
    );
    assert_eq!(applied.unmapped_codes, vec!["77777"]);
    assert_eq!(applied.unmapped_keywords, vec!["Housing"]);
    assert_eq!(mapping.apply(&Record::default()), Applied::default());
}
