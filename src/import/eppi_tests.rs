use proptest::prelude::*;

use super::*;

pub(crate) const FIXTURE: &str = include_str!("../../tests/fixtures/import/eppi-export.json");
const FILE: &str = "eppi-export.json";

fn fixture() -> (Read, CodeTree) {
    read(FILE, FIXTURE)
}

fn record_with(id: &str) -> Record {
    let (read, _) = fixture();
    let wanted = format!("ItemId {id}");
    read.records
        .into_iter()
        .find(|(at, _)| at.source_id.as_deref() == Some(wanted.as_str()))
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("no record {wanted}"))
}

fn name(family: &str, given: Option<&str>) -> AuthorName {
    AuthorName {
        family: family.into(),
        given: given.map(str::to_string),
        id: None,
    }
}

#[test]
fn every_field_of_a_full_reference() {
    let r = record_with("91234");
    assert_eq!(
        r.title.as_deref(),
        Some("Reflective supervision and burnout among peer recovery coaches")
    );
    assert_eq!(
        r.authors,
        vec![
            name("Garcia", Some("Maria")),
            name("Okafor", Some("C")),
            name("van der Berg", Some("J A")),
        ]
    );
    assert_eq!(r.year, Some(2021));
    assert_eq!(
        r.journal.as_deref(),
        Some("Journal of Substance Abuse Treatment")
    );
    assert_eq!(r.volume.as_deref(), Some("124"));
    assert_eq!(r.issue.as_deref(), Some("3"));
    assert_eq!(r.pages.as_deref(), Some("108-117"));
    assert_eq!(r.doi.as_deref(), Some("10.1016/j.jsat.2021.108117"));
    assert_eq!(
        r.url.as_deref(),
        Some("https://example.org/articles/garcia-2021")
    );
    assert_eq!(
        r.abstract_text.as_deref(),
        Some("We followed 120 peer recovery coaches for a year.")
    );
    assert_eq!(r.keywords, vec!["peer support", "burnout"]);
    assert_eq!(r.codes, vec!["10452", "10501"]);
    assert_eq!(r.kind.as_deref(), Some("Journal, Article"));
    assert_eq!(
        r.internal,
        vec![
            "Reviewer Alice Example",
            "Reviewer Bob Sample",
            "internal: check the sample size"
        ]
    );
}

#[test]
fn numbers_where_text_is_usual_and_comma_names() {
    let r = record_with("91235");
    assert_eq!(
        r.authors,
        vec![name("Chen", Some("L.")), name("Smith", Some("J. R."))]
    );
    assert_eq!(r.year, Some(2019));
    assert_eq!(r.volume.as_deref(), Some("42"));
    assert_eq!(r.issue, None);
    assert_eq!(r.pages.as_deref(), Some("55"));
    assert_eq!(r.doi.as_deref(), Some("10.1037/prj0000342"));
    assert!(r.keywords.is_empty());
    // A code applied twice is one code.
    assert_eq!(r.codes, vec!["10460", "10510"]);
    // The same reviewer as creator and editor: named once.
    assert_eq!(r.internal, vec!["Reviewer Alice Example"]);
}

#[test]
fn keywords_on_two_lines_with_crlf_and_a_doi_prefix() {
    let r = record_with("91237");
    assert_eq!(r.keywords, vec!["Peer Support", "trauma-informed care"]);
    assert_eq!(r.doi.as_deref(), Some("10.1007/s10597-020-00600-1"));
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.authors, vec![name("Nguyen", Some("Thi"))]);
    assert_eq!(r.codes, vec!["10454", "10999", "77777"]);
    assert!(r.internal.is_empty());
}

#[test]
fn nulls_read_as_absent() {
    let r = record_with("91238");
    assert_eq!(r.journal, None);
    assert!(r.authors.is_empty());
    assert_eq!(r.year, None);
    assert_eq!(r.abstract_text, None);
    assert!(r.codes.is_empty());
    assert!(r.internal.is_empty());
    assert_eq!(r.kind.as_deref(), Some("Report"));
}

#[test]
fn a_reference_without_a_title_is_refused_by_position_and_the_rest_read() {
    let (read, _) = fixture();
    assert_eq!(read.records.len(), 4);
    assert_eq!(read.refused.len(), 1);
    let refused = &read.refused[0];
    assert_eq!(refused.at.index, Some(2));
    assert_eq!(refused.at.source_id.as_deref(), Some("ItemId 91236"));
    assert!(refused.reason.contains("Title"), "{}", refused.reason);
    assert_eq!(
        refused.at.to_string(),
        "eppi-export.json record 3 (ItemId 91236)"
    );
    let indexes: Vec<Option<usize>> = read.records.iter().map(|(at, _)| at.index).collect();
    assert_eq!(indexes, vec![Some(0), Some(1), Some(3), Some(4)]);
    assert!(read.records.iter().all(|(at, _)| at.file == FILE));
}

#[test]
fn reviewers_names_and_comments_are_only_internal() {
    let (read, tree) = fixture();
    let secrets = [
        "Reviewer Alice Example",
        "Reviewer Bob Sample",
        "check the sample size",
        "no title in the source",
        "coded from table 2",
    ];
    for (at, record) in &read.records {
        let mut public = record.clone();
        public.internal.clear();
        let shown = format!("{at} {public:?}");
        for secret in secrets {
            assert!(!shown.contains(secret), "`{secret}` in {shown}");
        }
    }
    for refused in &read.refused {
        let shown = format!("{} {}", refused.at, refused.reason);
        for secret in secrets {
            assert!(!shown.contains(secret), "`{secret}` in {shown}");
        }
    }
    let tree = format!("{tree:?}");
    for secret in secrets {
        assert!(!tree.contains(secret), "`{secret}` in the code tree");
    }
    // The additional text of a code is not a reviewer's note to keep.
    assert!(
        !format!("{:?}", record_with("91234").internal).contains("table 2"),
        "AdditionalText kept"
    );
}

#[test]
fn the_code_tree_has_both_sets_with_three_levels() {
    let (_, tree) = fixture();
    let names: Vec<&str> = tree.sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["Intervention", "Outcome"]);
    let intervention = &tree.sets[0];
    assert_eq!(intervention.id.as_deref(), Some("2101"));
    let workforce = &intervention.attributes[0];
    assert_eq!(
        (workforce.id.as_deref(), workforce.name.as_str()),
        (Some("10450"), "Workforce support")
    );
    let supervision = &workforce.children[0];
    assert_eq!(supervision.name, "Supervision");
    assert_eq!(
        supervision.children[0],
        Attribute {
            id: Some("10452".into()),
            name: "Reflective supervision".into(),
            kind: Some("Selectable".into()),
            children: vec![],
        }
    );
    assert!(workforce.children[1].children.is_empty(), "null children");
    assert_eq!(intervention.attributes.len(), 3);
    let outcome = &tree.sets[1];
    assert_eq!(outcome.attributes[0].children.len(), 2);
}

#[test]
fn invalid_json_is_one_refusal_with_line_and_column() {
    let text = "{\n  \"References\": [\n    {\"Title\": \"x\",}\n  ]\n}\n";
    let (read, tree) = read(FILE, text);
    assert!(read.records.is_empty());
    assert_eq!(tree, CodeTree::default());
    assert_eq!(read.refused.len(), 1);
    let refused = &read.refused[0];
    assert_eq!(refused.at.line, Some(3));
    assert!(
        refused.reason.contains("line 3 column"),
        "{}",
        refused.reason
    );
}

#[test]
fn json_that_is_not_an_export_is_refused() {
    for text in ["[]", "\"CodeSets\"", "", "{\"References\": \"none\"}"] {
        let (read, _) = read(FILE, text);
        assert!(read.records.is_empty(), "{text}");
        assert_eq!(read.refused.len(), 1, "{text}");
    }
    // A byte-order mark is not a problem; a reference that is not an
    // object is refused alone.
    let (read, _) = read(
        FILE,
        "\u{feff}{\"References\": [3, {\"Title\": \"T\", \"ItemId\": 4}]}",
    );
    assert_eq!(read.records.len(), 1);
    assert_eq!(read.refused.len(), 1);
    assert_eq!(read.refused[0].at.index, Some(0));
}

#[test]
fn author_forms() {
    assert_eq!(authors("Smith J"), vec![name("Smith", Some("J"))]);
    assert_eq!(authors("Smith"), vec![name("Smith", None)]);
    assert_eq!(authors("Smith, John"), vec![name("Smith", Some("John"))]);
    assert_eq!(
        authors("Smith J.-P.; ; Lee JH ;"),
        vec![name("Smith", Some("J.-P.")), name("Lee", Some("JH"))]
    );
    assert_eq!(authors(" ; "), vec![]);
    assert_eq!(
        authors("van der Berg Johan"),
        vec![name("van der Berg", Some("Johan"))]
    );
    assert_eq!(authors("de la Cruz"), vec![name("de la Cruz", None)]);
}

proptest! {
    #[test]
    fn random_json_ish_text_never_panics(text in "[\\[\\]{}\":,0-9a-zA-Z \\n\\\\]{0,200}") {
        let _ = read(FILE, &text);
    }

    #[test]
    fn random_exports_never_panic(
        title in proptest::option::of("\\PC{0,20}"),
        authors in "\\PC{0,40}",
        year in "\\PC{0,8}",
        doi in "\\PC{0,20}",
        nested in 0usize..40,
    ) {
        let mut attributes = String::from("{\"AttributeId\": 1}");
        for i in 0..nested {
            attributes = format!(
                "{{\"AttributeId\": {i}, \"Attributes\": {{\"AttributesList\": [{attributes}]}}}}"
            );
        }
        let export = serde_json::json!({
            "References": [{"Title": title, "Authors": authors, "Year": year, "DOI": doi}],
        });
        let text = format!(
            "{{\"CodeSets\": [{{\"SetName\": \"s\", \"Attributes\": {{\"AttributesList\": [{attributes}]}}}}], {}",
            &export.to_string()[1..]
        );
        let (read, _) = read(FILE, &text);
        prop_assert_eq!(read.records.len() + read.refused.len(), 1);
    }
}
