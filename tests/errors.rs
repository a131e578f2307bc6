//! Each broken-content fixture under tests/fixtures/errors/ gives its
//! message with path, line and column, from `build` and from `check`, exits
//! 1, and leaves an existing output folder byte-for-byte as it was.

mod common;

use std::fs;

use common::*;

fn assert_case(case: &str) {
    let expected = fs::read_to_string(
        repo()
            .join("tests/fixtures/errors")
            .join(case)
            .join("expected"),
    )
    .unwrap();
    let site = fixture_site(Some(&format!("errors/{case}")));
    let root = site.path();

    // A previous, good output that a failed build must not touch.
    let public = root.join("public");
    fs::create_dir_all(public.join("studies")).unwrap();
    fs::write(public.join("index.html"), "previous site").unwrap();
    fs::write(public.join("studies/old.html"), "previous page").unwrap();
    let before = snapshot(&public);

    for args in [
        vec![
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            public.to_str().unwrap(),
        ],
        vec!["check", "--root", root.to_str().unwrap()],
    ] {
        let output = gapmap(&args);
        let err = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{case}: {args:?} should exit 1\n{err}"
        );
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            let wanted = line
                .strip_prefix("help: ")
                .map_or(line.to_string(), |h| format!("help: {h}"));
            assert!(
                err.contains(&wanted),
                "{case}: {args:?}: missing `{wanted}` in:\n{err}"
            );
        }
        assert!(err.contains("nothing was written"), "{case}: {err}");
        assert!(!err.contains("panicked"), "{case}: {err}");
    }
    assert_eq!(
        snapshot(&public),
        before,
        "{case}: the previous output changed"
    );
    let leftovers: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "{case}: staging left behind: {leftovers:?}"
    );
}

/// Issue 20: a missing field was shown with carets under `title:` on line
/// 1, a line that has nothing wrong with it.
#[test]
fn a_missing_field_quotes_no_unrelated_line() {
    let site = fixture_site(Some("errors/missing-field"));
    let output = gapmap(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&output);
    assert!(err.contains("missing required field `design`"), "{err}");
    assert!(!err.contains("| title:"), "{err}");
    assert!(!err.contains('^'), "{err}");
}

macro_rules! cases {
    ($($name:ident => $dir:literal,)*) => {
        $(#[test] fn $name() { assert_case($dir); })*

        #[test]
        fn every_fixture_folder_has_a_test() {
            let listed = [$($dir),*];
            for entry in fs::read_dir(repo().join("tests/fixtures/errors")).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(listed.contains(&name.as_str()), "fixture {name} has no test");
            }
        }
    };
}

cases! {
    unknown_theme_suggests_the_nearest_term => "unknown-theme",
    unknown_field_names_the_field_and_line => "unknown-field",
    every_problem_in_a_file_is_reported => "many-errors",
    missing_required_field_is_named => "missing-field",
    malformed_yaml_points_at_its_line => "malformed-yaml",
    malformed_doi => "malformed-doi",
    year_out_of_range => "year-out-of-range",
    duplicate_doi => "duplicate-doi",
    duplicate_study_id => "duplicate-id",
    non_utf8_file_is_named => "non-utf8",
    empty_summary => "empty-summary",
    summary_with_headings_only_is_empty => "headings-only-summary",
    duplicate_key => "duplicate-key",
    // Issue 20: the mistakes a first-time contributor makes most.
    empty_list_kept_above_its_items => "empty-list-then-items",
    the_caret_sits_under_a_tab => "tab-indentation",
    a_comma_list_without_brackets_is_shown_bracketed => "comma-list",
    a_date_in_another_form_is_shown_in_ours => "date-form",
    not_stated_is_not_combined_with_another_term => "not-stated-combined",
}
