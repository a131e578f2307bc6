//! `gapmap serve` against a full build: random sequences of edits to random
//! studies and fields of a 200-study corpus (titles, every vocabulary's
//! terms, dates, years, sample sizes, authors, summaries in both languages,
//! studies added and removed), after each of which what serve wrote must be
//! exactly what a build from nothing writes.

mod common;
#[allow(dead_code)]
#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::fs;
use std::path::{Path, PathBuf};

use gapmap::build::BuildOptions;
use gapmap::diagnostics::Diagnostics;
use gapmap::incremental::Session;
use proptest::prelude::*;

const STUDIES: usize = 150;

#[derive(Debug, Clone)]
enum Edit {
    Title(usize, u8),
    Themes(usize, Vec<u8>),
    Populations(usize, Vec<u8>),
    Region(usize, u8, Option<u8>),
    Design(usize, u8),
    Settings(usize, Vec<u8>),
    DateAdded(usize, u8),
    DateUpdated(usize, u8),
    Year(usize, Option<u8>),
    SampleSize(usize, Option<u16>),
    Authors(usize, Vec<u8>),
    /// A sentence added to a section of the English or Chinese summary:
    /// the findings (which briefs show) or the implications (which only
    /// the study's own pages show).
    Summary(usize, bool, bool),
    Add(usize),
    Remove(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let s = 0..STUDIES;
    prop_oneof![
        (s.clone(), any::<u8>()).prop_map(|(s, w)| Edit::Title(s, w)),
        (s.clone(), prop::collection::vec(0u8..40, 1..4)).prop_map(|(s, t)| Edit::Themes(s, t)),
        (s.clone(), prop::collection::vec(0u8..4, 1..3)).prop_map(|(s, t)| Edit::Populations(s, t)),
        (s.clone(), 0u8..6, prop::option::of(0u8..4)).prop_map(|(s, c, r)| Edit::Region(s, c, r)),
        (s.clone(), 0u8..8).prop_map(|(s, d)| Edit::Design(s, d)),
        (s.clone(), prop::collection::vec(0u8..12, 1..3)).prop_map(|(s, t)| Edit::Settings(s, t)),
        (s.clone(), 0u8..28).prop_map(|(s, d)| Edit::DateAdded(s, d)),
        (s.clone(), 0u8..28).prop_map(|(s, d)| Edit::DateUpdated(s, d)),
        (s.clone(), prop::option::of(0u8..20)).prop_map(|(s, y)| Edit::Year(s, y)),
        (s.clone(), prop::option::of(1u16..500)).prop_map(|(s, n)| Edit::SampleSize(s, n)),
        (s.clone(), prop::collection::vec(0u8..8, 1..4)).prop_map(|(s, a)| Edit::Authors(s, a)),
        (s.clone(), any::<bool>(), any::<bool>()).prop_map(|(s, zh, f)| Edit::Summary(s, zh, f)),
        s.clone().prop_map(Edit::Add),
        s.prop_map(Edit::Remove),
    ]
}

fn id(s: usize) -> String {
    format!("study-{:05}", s + 1)
}

fn list(prefix: &str, items: &[u8]) -> String {
    let mut slugs: Vec<String> = items.iter().map(|i| format!("{prefix}{}", i + 1)).collect();
    slugs.sort();
    slugs.dedup();
    format!("[{}]", slugs.join(", "))
}

/// Replaces the line of `study.yaml` that starts with `key:` by `line`, or
/// removes it when `line` is empty; adds it when the file has none.
fn set_line(path: &Path, key: &str, line: &str) {
    let text = fs::read_to_string(path).unwrap();
    let prefix = format!("{key}:");
    let mut out = String::new();
    let mut found = false;
    let mut in_authors = false;
    for l in text.lines() {
        if in_authors && l.starts_with("  - ") {
            continue;
        }
        in_authors = false;
        if l.starts_with(&prefix) {
            found = true;
            in_authors = key == "authors";
            if !line.is_empty() {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    if !found && !line.is_empty() {
        out.push_str(line);
        out.push('\n');
    }
    fs::write(path, out).unwrap();
}

/// Applies `edit` to the corpus; returns the path saved, or `None` when
/// the edit does not apply (its study is gone, or there is nothing to add).
fn apply(studies: &Path, edit: &Edit) -> Option<PathBuf> {
    let yaml = |s: usize| studies.join(id(s)).join("study.yaml");
    let exists = |s: usize| studies.join(id(s)).is_dir();
    // Edited days keep every study valid: a day added falls in 2024,
    // before any day a study of the corpus was updated, and a day updated
    // in October 2026, after any day added (and before today).
    let date = |year: &str, d: u8| format!("\"{year}-{:02}\"", 1 + d);
    let (s, key, line) = match edit {
        Edit::Title(s, w) => (
            *s,
            "title",
            format!("title: {{en: \"Edited title {w}\", zh: \"改过的标题{w}\"}}"),
        ),
        Edit::Themes(s, t) => (*s, "themes", format!("themes: {}", list("theme-", t))),
        Edit::Populations(s, t) => (
            *s,
            "populations",
            format!("populations: {}", list("population-", t)),
        ),
        Edit::Region(s, c, r) => {
            let slug = match r {
                Some(r) => format!("region-{}-{}", c + 1, r + 1),
                None => format!("country-{}", c + 1),
            };
            (*s, "regions", format!("regions: [{slug}]"))
        }
        Edit::Design(s, d) => {
            let designs = [
                "qualitative",
                "mixed-methods",
                "cross-sectional-survey",
                "quasi-experimental",
                "randomized-controlled-trial",
                "systematic-review",
                "cohort",
                "case-study",
            ];
            (*s, "design", format!("design: {}", designs[*d as usize]))
        }
        Edit::Settings(s, t) => (*s, "settings", format!("settings: {}", list("setting-", t))),
        Edit::DateAdded(s, d) => (
            *s,
            "date_added",
            format!("date_added: {}", date(&format!("2024-0{}", 1 + d % 9), *d)),
        ),
        Edit::DateUpdated(s, d) => (
            *s,
            "date_updated",
            format!("date_updated: {}", date("2026-10", *d)),
        ),
        Edit::Year(s, y) => (
            *s,
            "year",
            y.map_or(String::new(), |y| format!("year: {}", 2005 + u16::from(y))),
        ),
        Edit::SampleSize(s, n) => (
            *s,
            "sample_size",
            n.map_or(String::new(), |n| format!("sample_size: {n}")),
        ),
        Edit::Authors(s, a) => {
            let names = [
                "Chen0", "Garcia0", "Smith0", "Okafor", "Li", "Novak", "Ahmed", "Kim",
            ];
            let mut authors = String::from("authors:");
            let mut a = a.clone();
            a.sort_unstable();
            a.dedup();
            for i in &a {
                authors.push_str(&format!(
                    "\n  - {{family: {}, given: Ana}}",
                    names[*i as usize]
                ));
            }
            (*s, "authors", authors)
        }
        Edit::Summary(s, zh, findings) => {
            if !exists(*s) {
                return None;
            }
            let file = if *zh {
                "summary.zh.md"
            } else {
                "summary.en.md"
            };
            let path = studies.join(id(*s)).join(file);
            let text = fs::read_to_string(&path).unwrap();
            let (heading, added) = match (zh, findings) {
                (false, true) => ("## Findings\n\n", "An added finding. "),
                (false, false) => ("## Implications\n\n", "An added implication. "),
                (true, true) => ("## 结果\n\n", "新增的结果。"),
                (true, false) => ("## 启示\n\n", "新增的启示。"),
            };
            let at = text.find(heading).map(|i| i + heading.len())?;
            fs::write(&path, [&text[..at], added, &text[at..]].concat()).unwrap();
            return Some(path);
        }
        Edit::Add(s) => {
            // A new study: a copy of an existing one under a new id.
            if !exists(*s) {
                return None;
            }
            let new = studies.join(format!("study-new-{:05}", s + 1));
            if new.exists() {
                return None;
            }
            common::copy_dir(&studies.join(id(*s)), &new);
            let yaml = new.join("study.yaml");
            set_line(&yaml, "doi", "");
            return Some(yaml);
        }
        Edit::Remove(s) => {
            if !exists(*s) {
                return None;
            }
            let dir = studies.join(id(*s));
            fs::remove_dir_all(&dir).unwrap();
            return Some(dir);
        }
    };
    if !exists(s) {
        return None;
    }
    let path = yaml(s);
    set_line(&path, key, &line);
    Some(path)
}

fn full_build(root: &Path, output: &Path) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: None,
    };
    let mut diags = Diagnostics::default();
    gapmap::build::build(&options, &mut diags)
        .unwrap_or_else(|_| panic!("a full build failed: {}", diags.render_human()));
}

/// Tells serve's session that `saved` was saved, then builds the site from
/// nothing: what differs between the two outputs, or why serve failed.
fn save_then_compare(
    session: &mut Session,
    root: &Path,
    saved: &Path,
    step: usize,
) -> Option<String> {
    let mut diags = Diagnostics::default();
    if session
        .update(std::slice::from_ref(&saved.to_path_buf()), &mut diags)
        .is_err()
    {
        return Some(format!("serve failed: {}", diags.render_human()));
    }
    session.write_files().expect("the data files");
    let fresh = root.join(format!("fresh-{step}"));
    full_build(root, &fresh);
    let difference = first_difference(&root.join("public"), &fresh)
        .map(|d| format!("serve differs from a full build: {d}"));
    fs::remove_dir_all(&fresh).unwrap();
    difference
}

fn first_difference(a: &Path, b: &Path) -> Option<String> {
    let (left, right) = (common::snapshot(a), common::snapshot(b));
    let paths = |files: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> {
        files.iter().map(|(p, _)| p.clone()).collect()
    };
    if paths(&left) != paths(&right) {
        let l: std::collections::BTreeSet<_> = paths(&left).into_iter().collect();
        let r: std::collections::BTreeSet<_> = paths(&right).into_iter().collect();
        return Some(format!(
            "files only from serve: {:?}; only from the build: {:?}",
            l.difference(&r).take(5).collect::<Vec<_>>(),
            r.difference(&l).take(5).collect::<Vec<_>>()
        ));
    }
    left.iter()
        .zip(&right)
        .find(|(x, y)| x.1 != y.1)
        .map(|(x, _)| format!("{} differs", x.0.display()))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3,
        max_shrink_iters: 8,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn serve_after_any_sequence_of_edits_writes_what_a_full_build_writes(
        edits in prop::collection::vec(edit(), 4..9)
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        corpus::write_corpus(STUDIES, root, false).unwrap();
        let public = root.join("public");
        let mut session = Session::new(BuildOptions {
            root: root.to_path_buf(),
            output: Some(public.clone()),
            base_url: None,
        });
        let mut diags = Diagnostics::default();
        session.full(&mut diags).expect("the first build");
        let studies = root.join("content/studies");
        for (step, edit) in edits.iter().enumerate() {
            let Some(saved) = apply(&studies, edit) else { continue };
            let difference = save_then_compare(&mut session, root, &saved, step);
            prop_assert!(difference.is_none(), "step {step} ({edit:?}): {}", difference.unwrap_or_default());
        }
    }
}

/// The same agreement on a framework with nested terms, two maps and a
/// segment on each (the corpus generator's interventions framework):
/// edits that move a study between segments, between a parent and its
/// child, out of every segment, and between maps' rows and columns.
#[test]
fn serve_on_nested_terms_and_segments_writes_what_a_full_build_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    corpus::write_corpus_with(60, root, false, corpus::Framework::Interventions).unwrap();
    let public = root.join("public");
    let mut session = Session::new(BuildOptions {
        root: root.to_path_buf(),
        output: Some(public.clone()),
        base_url: None,
    });
    let mut diags = Diagnostics::default();
    session.full(&mut diags).expect("the first build");
    let studies = root.join("content/studies");
    let edits: &[(usize, &str, &str)] = &[
        // Another segment of the first map (study design).
        (0, "design", "design: qualitative"),
        // A rating, then none: into and out of the second map's segments.
        (1, "confidence", "confidence: high"),
        (1, "confidence", ""),
        // From children to their parent, and to a term of another area.
        (2, "interventions", "interventions: [intervention-1-1]"),
        (
            2,
            "interventions",
            "interventions: [intervention-area-3, intervention-2-1-2]",
        ),
        // An outcome domain's child, then the domain itself.
        (3, "outcomes", "outcomes: [outcome-4-2]"),
        (3, "outcomes", "outcomes: [outcome-domain-2]"),
        // A country, its world region, and not stated.
        (4, "countries", "countries: [country-6-3]"),
        (4, "countries", "countries: [world-region-2]"),
        (4, "countries", "countries: [not-stated]"),
        // The second map's columns.
        (5, "groups", "groups: [group-2, group-4]"),
    ];
    for (step, (s, key, line)) in edits.iter().enumerate() {
        let saved = studies.join(id(*s)).join("study.yaml");
        set_line(&saved, key, line);
        let difference = save_then_compare(&mut session, root, &saved, step);
        assert!(
            difference.is_none(),
            "step {step} ({line:?}): {}",
            difference.unwrap_or_default()
        );
    }
}
