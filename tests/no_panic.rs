//! A bounded property test, run in CI: whatever a contributor puts in a
//! study's YAML or Markdown, checking the site ends in diagnostics or a
//! rendered site, never a panic. Longer runs are the cargo-fuzz targets in
//! fuzz/ (see the README).

mod common;

use std::sync::{Arc, LazyLock};

use proptest::prelude::*;

use common::*;
use gapmap::diagnostics::Diagnostics;
use gapmap::load::{RawContent, SourceFile, load_content};

/// The base fixture, loaded once; each case swaps in one study's files.
static BASE: LazyLock<(tempfile::TempDir, RawContent)> = LazyLock::new(|| {
    let site = fixture_site(None);
    let mut diags = Diagnostics::default();
    let raw = load_content(site.path(), &mut diags).unwrap();
    (site, raw)
});

fn check_with(yaml: Option<&str>, summary: Option<&str>) {
    let (site, base) = &*BASE;
    let mut raw = base.clone();
    let study = &mut raw.studies[0];
    if let Some(text) = yaml {
        study.yaml = Some(SourceFile {
            file: "content/studies/peer-burnout/study.yaml".into(),
            text: Arc::from(text),
        });
    }
    if let Some(text) = summary {
        study.summary_en = Some(SourceFile {
            file: "content/studies/peer-burnout/summary.en.md".into(),
            text: Arc::from(text),
        });
    }
    let mut diags = Diagnostics::default();
    match gapmap::build::check_loaded(site.path(), &raw, &mut diags) {
        Ok(pages) => assert!(pages > 0),
        Err(gapmap::build::Failure::Content) => {
            assert!(diags.has_errors(), "a content failure with no error said")
        }
        Err(gapmap::build::Failure::Usage(message)) => assert!(!message.is_empty()),
    }
    // Printing the diagnostics must not panic either (spans into the text).
    let _ = diags.render_human();
}

fn base_yaml() -> String {
    std::fs::read_to_string(
        repo().join("tests/fixtures/base/content/studies/peer-burnout/study.yaml"),
    )
    .unwrap()
}

/// Small edits of a valid file reach deeper than random bytes.
fn mutated(text: String) -> impl Strategy<Value = String> {
    let len = text.len();
    proptest::collection::vec((0..=len, any::<char>(), 0usize..4), 1..6).prop_map(move |edits| {
        let mut t = text.clone();
        for (at, c, kind) in edits {
            let mut at = at.min(t.len());
            while !t.is_char_boundary(at) {
                at -= 1;
            }
            match kind {
                0 => t.insert(at, c),
                1 => {
                    let end = (at + 5).min(t.len());
                    let mut end = end;
                    while !t.is_char_boundary(end) {
                        end -= 1;
                    }
                    t.replace_range(at..end, "");
                }
                2 => t.insert_str(
                    at,
                    [":", "- ", "[", "{", "&a ", "*a", "\n  ", "\"", "!!"][c as usize % 9],
                ),
                _ => t.insert_str(at, "\r\n"),
            }
        }
        t
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_study_yaml_gives_diagnostics_or_a_site(text in mutated(base_yaml())) {
        check_with(Some(&text), None);
    }

    #[test]
    fn arbitrary_text_as_study_yaml_never_panics(text in any::<String>()) {
        check_with(Some(&text), None);
    }

    #[test]
    fn any_markdown_summary_renders_or_is_reported(
        text in proptest::string::string_regex(r"([#>*_`\[\]()!<>|~\-: \n]|[a-z]{1,6}|<script>|javascript:|\d\.|```|同伴){0,80}").unwrap()
    ) {
        check_with(None, Some(&text));
    }
}
