use proptest::prelude::*;

use super::*;
use crate::content::Taxonomies;
use crate::diagnostics::{Diagnostics, Severity};
use crate::import::eppi::{self, CodeSet};
use crate::import::mapping::{self, tests::taxonomies};

const FIXTURE: &str = include_str!("../../tests/fixtures/import/eppi-export.json");

/// The proposed vocabularies as gapmap's validation reads them: they must
/// read, with nothing worse than a warning about the Chinese to add.
fn validated(proposed: &str) -> Taxonomies {
    let (read, diags) = taxonomies(proposed);
    for d in diags.items() {
        assert!(
            d.severity != Severity::Error && d.message.contains("no Chinese"),
            "{}\n{:?}\n{proposed}",
            d.headline(),
            d.help
        );
    }
    read.unwrap_or_else(|| panic!("not read:\n{proposed}"))
}

fn attribute(id: &str, name: &str, children: Vec<Attribute>) -> Attribute {
    Attribute {
        id: Some(id.into()),
        name: name.into(),
        kind: None,
        children,
    }
}

#[test]
fn the_fixtures_code_sets_become_vocabularies_that_pass_validation() {
    let (read, tree) = eppi::read("eppi-export.json", FIXTURE);
    let (proposed, mapping_text) = propose(&tree);
    assert!(
        proposed.starts_with("# Vocabularies proposed"),
        "{proposed}"
    );
    assert!(mapping_text.starts_with("# How the export's codes"));
    let t = validated(&proposed);
    let keys: Vec<&str> = t.vocabularies.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(keys, vec!["intervention", "outcome"]);
    let intervention = &t.vocabularies[0];
    assert_eq!(intervention.name.en, "Intervention");
    assert_eq!(intervention.name.zh, None);
    assert_eq!(intervention.singular.en, "intervention");
    assert!(intervention.multiple && !intervention.required);
    let slugs: Vec<(&str, Option<&str>)> = intervention
        .terms
        .iter()
        .map(|t| (t.slug.as_str(), t.parent.as_deref()))
        .collect();
    assert_eq!(
        slugs,
        vec![
            ("workforce-support", None),
            ("supervision", Some("workforce-support")),
            ("reflective-supervision", Some("supervision")),
            ("peer-supervision-group", Some("supervision")),
            ("training", Some("workforce-support")),
            ("self-care-programme", None),
            ("other-please-specify", None),
        ]
    );
    assert_eq!(intervention.terms[3].label.en, "Peer supervision: group");
    assert_eq!(t.vocabularies[1].terms.len(), 4);

    // The mapping reads against them with no diagnostic at all, maps
    // every code of the tree, and maps the fixture's records.
    let mut diags = Diagnostics::default();
    let m = mapping::read("mapping.yaml", &mapping_text, &t, &mut diags);
    assert!(diags.is_empty(), "{:?}\n{mapping_text}", diags.items());
    let m = m.unwrap();
    assert_eq!(m.codes.len(), 11);
    assert_eq!(
        m.codes.get("10452"),
        Some(&("intervention".into(), "reflective-supervision".into()))
    );
    assert!(
        mapping_text
            .contains("# Intervention > Workforce support > Supervision > Reflective supervision"),
        "{mapping_text}"
    );
    let (_, first) = &read.records[0];
    let applied = m.apply(first);
    assert_eq!(
        applied.terms.get("intervention"),
        Some(&vec!["reflective-supervision".to_string()])
    );
    assert_eq!(
        applied.terms.get("outcome"),
        Some(&vec!["burnout".to_string()])
    );
    let (_, fourth) = &read.records[2];
    assert_eq!(m.apply(fourth).unmapped_codes, vec!["77777"]);
}

#[test]
fn hostile_and_clashing_names_still_give_valid_yaml() {
    let tree = CodeTree {
        sets: vec![
            CodeSet {
                id: Some("1".into()),
                name: "Title".into(),
                attributes: vec![
                    attribute(
                        "7",
                        "a: b # c",
                        vec![attribute("8", "\"quoted\" \\ back", vec![])],
                    ),
                    attribute("9", "a: b # c", vec![]),
                    attribute("10", "line\nbreak\u{1}\u{202e}", vec![]),
                    attribute("1\"1", "研究设计", vec![]),
                    attribute("12", "🙂", vec![]),
                    attribute("13", &"very long name ".repeat(20), vec![]),
                ],
            },
            CodeSet {
                id: None,
                name: "Outcomes".into(),
                attributes: vec![],
            },
            CodeSet {
                id: None,
                name: "outcomes!".into(),
                attributes: vec![attribute("20", "Maps", vec![])],
            },
            CodeSet {
                id: None,
                name: "".into(),
                attributes: vec![],
            },
            CodeSet {
                id: None,
                name: "maps".into(),
                attributes: vec![],
            },
        ],
    };
    let (proposed, mapping_text) = propose(&tree);
    let t = validated(&proposed);
    let keys: Vec<&str> = t.vocabularies.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "title-codes",
            "outcomes",
            "outcomes-2",
            "codes",
            "maps-codes"
        ]
    );
    let labels: Vec<&str> = t.vocabularies[0]
        .terms
        .iter()
        .map(|t| t.label.en.as_str())
        .collect();
    assert_eq!(labels[0], "a: b # c");
    assert_eq!(labels[1], "\"quoted\" \\ back");
    assert_eq!(labels[3], "line break\u{202e}");
    let slugs: Vec<&str> = t.vocabularies[0]
        .terms
        .iter()
        .map(|t| t.slug.as_str())
        .collect();
    assert_eq!(slugs[2], "a-b-c-2");
    assert!(slugs.iter().all(|s| s.len() <= 60), "{slugs:?}");
    let mut diags = Diagnostics::default();
    let m = mapping::read("mapping.yaml", &mapping_text, &t, &mut diags);
    assert!(diags.is_empty(), "{:?}\n{mapping_text}", diags.items());
    assert_eq!(m.unwrap().codes.len(), 8);
}

#[test]
fn an_export_without_code_sets_proposes_an_empty_framework() {
    let (proposed, mapping_text) = propose(&CodeTree::default());
    assert!(proposed.contains("vocabularies: []"));
    let (_, diags) = taxonomies(&proposed);
    // Parsed, then refused for declaring nothing: the owner's to fill.
    assert!(diags.items()[0].message.contains("declares no vocabulary"));
    let mut diags = Diagnostics::default();
    let m = mapping::read(
        "mapping.yaml",
        &mapping_text,
        &Taxonomies::default(),
        &mut diags,
    );
    assert_eq!(m, Some(mapping::Mapping::default()));
}

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        "[a-z :#\"'\\\\\n\t{}\\[\\],&*!|>%@`-]{0,12}",
        "\\p{Han}{1,4}"
    ]
}

fn attributes(depth: u32) -> BoxedStrategy<Vec<Attribute>> {
    let leaf = (names(), "[0-9]{1,3}").prop_map(|(name, id)| attribute(&id, &name, vec![]));
    let node = if depth == 0 {
        leaf.boxed()
    } else {
        (names(), "[0-9]{1,3}", attributes(depth - 1))
            .prop_map(|(name, id, children)| attribute(&id, &name, children))
            .boxed()
    };
    proptest::collection::vec(node, 0..4).boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_names_give_vocabularies_that_validate(
        sets in proptest::collection::vec((names(), attributes(2)), 1..4)
    ) {
        let tree = CodeTree {
            sets: sets
                .into_iter()
                .map(|(name, attributes)| CodeSet { id: None, name, attributes })
                .collect(),
        };
        let (proposed, mapping_text) = propose(&tree);
        let t = validated(&proposed);
        let mut diags = Diagnostics::default();
        let m = mapping::read("mapping.yaml", &mapping_text, &t, &mut diags);
        prop_assert!(diags.is_empty(), "{:?}\n{}", diags.items(), mapping_text);
        prop_assert!(m.is_some());
    }
}
