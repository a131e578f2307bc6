//! A rebuild over an existing site writes only the files whose bytes
//! changed (the rest keep their inode and modification time) and gives
//! exactly the bytes of a build from nothing.

mod common;
#[allow(dead_code)]
#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::*;

/// Inode and modification time of every file under `dir`.
fn identities(dir: &Path) -> BTreeMap<PathBuf, (u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                (meta.ino(), meta.mtime(), meta.mtime_nsec()),
            )
        })
        .collect()
}

#[test]
fn a_rebuild_after_one_edit_equals_a_full_build_and_keeps_unchanged_files() {
    let site = real_site();
    let root = site.path();
    assert!(build(root).status.success());
    let public = root.join("public");
    let before = identities(&public);

    let summary = root.join("content/studies/williams-2021-self-care/summary.en.md");
    let text = fs::read_to_string(&summary).unwrap();
    fs::write(
        &summary,
        text.replacen("## Findings", "## Findings\n\nAn added sentence.", 1),
    )
    .unwrap();
    assert!(build(root).status.success());
    let after = identities(&public);

    // Exactly what a build into an empty folder gives.
    let fresh = root.join("fresh");
    let output = gapmap(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        fresh.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        snapshot(&public) == snapshot(&fresh),
        "the rebuild differs from a full build"
    );

    let kept = after
        .iter()
        .filter(|(path, id)| before.get(*path) == Some(id))
        .count();
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, id)| before.get(*path) != Some(id))
        .map(|(path, _)| path)
        .collect();
    assert!(
        changed.contains(&&PathBuf::from(
            "studies/williams-2021-self-care/index.html"
        )),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&&PathBuf::from("about/index.html")),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&&PathBuf::from("assets/site.css")),
        "{changed:?}"
    );
    assert!(
        kept > after.len() / 2,
        "kept {kept} of {} files; changed {changed:?}",
        after.len()
    );
}

/// `gapmap serve`'s rebuilds: after each save in a study folder, the site
/// in place is byte for byte what a full build gives, pages that do not
/// show the study are not rewritten, and the rest of the site is rendered
/// only after a change elsewhere.
#[test]
fn serve_rebuilds_only_what_a_saved_study_changes_and_equals_a_full_build() {
    use gapmap::build::{BuildOptions, Failure};
    use gapmap::diagnostics::Diagnostics;
    use gapmap::incremental::Session;

    let site = real_site();
    let root = site.path();
    let public = root.join("public");
    let options = |output: &Path| BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: None,
    };
    let mut session = Session::new(options(&public));
    let mut diags = Diagnostics::default();
    let first = session.full(&mut diags).expect("the first build");
    assert!(!first.incremental);
    let all_pages = first.report.pages;

    let study = |id: &str, file: &str| root.join("content/studies").join(id).join(file);
    let edit = |path: &Path, from: &str, to: &str| {
        let text = fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{} has no `{from}`", path.display());
        fs::write(path, text.replacen(from, to, 1)).unwrap();
    };
    let full_build = |name: &str| {
        let fresh = root.join(name);
        let mut diags = Diagnostics::default();
        gapmap::build::build(&options(&fresh), &mut diags)
            .unwrap_or_else(|_| panic!("{}", diags.render_human()));
        fresh
    };
    let williams = "williams-2021-self-care";
    // What is edited, where, and, for an edit no other page shows, that
    // only the study's own pages are rendered again.
    let edits: Vec<(&str, PathBuf, &str, &str)> = vec![
        (
            "a summary's last section, which only its own pages show",
            study(williams, "summary.en.md"),
            "## Implications",
            "## Implications\n\nOne more implication.",
        ),
        (
            "a summary's findings, which briefs show",
            study(williams, "summary.en.md"),
            "## Findings",
            "## Findings\n\nAn added sentence.",
        ),
        (
            "a title",
            study(williams, "study.yaml"),
            "To Help Others, We Must",
            "To Help Others, We Should",
        ),
        (
            "the themes",
            study(williams, "study.yaml"),
            "themes: [self-care, burnout,",
            "themes: [self-care, stigma, funding-and-policy,",
        ),
        (
            "the population and region",
            study(williams, "study.yaml"),
            "populations: [not-stated]\nregions: [massachusetts]",
            "populations: [youth]\nregions: [south-carolina]",
        ),
        (
            "an author, to one no other study has",
            study(williams, "study.yaml"),
            "{family: Williams, given: Christian}",
            "{family: Okafor, given: Ada}",
        ),
        (
            "that author replaced again, so that their pages go",
            study(williams, "study.yaml"),
            "{family: Okafor, given: Ada}",
            "{family: Williams, given: Christian}",
        ),
        (
            "an author, to one another study has too",
            study(williams, "study.yaml"),
            "{family: Williams, given: Christian}",
            "{family: Scannell, given: Christian}",
        ),
        (
            "that author back, so that the shared page loses a study",
            study(williams, "study.yaml"),
            "{family: Scannell, given: Christian}",
            "{family: Williams, given: Christian}",
        ),
        (
            "the last update of the whole map",
            study(williams, "study.yaml"),
            "date_updated: \"2026-12-01\"",
            "date_updated: \"2026-12-03\"",
        ),
        (
            "the sample size, which lists and the home page's total show",
            study(williams, "study.yaml"),
            "sample_size: 10",
            "sample_size: 12",
        ),
        (
            "the design, which lists show",
            study(williams, "study.yaml"),
            "design: qualitative",
            "design: mixed-methods",
        ),
        (
            "the day it was added, which orders the home page's newest",
            study(williams, "study.yaml"),
            "date_added: \"2026-11-22\"",
            "date_added: \"2026-11-21\"",
        ),
        (
            "the year, which orders the studies page",
            study(williams, "study.yaml"),
            "year: 2021",
            "year: 2019",
        ),
        (
            "a Chinese summary",
            study("chu-2025-psw-resources", "summary.zh.md"),
            "。",
            "。新增一句。",
        ),
    ];
    // An index shard the last build had and the next one will not: the
    // data files step removes it (compared with a full build below).
    fs::write(public.join("assets/search/en/terms-999.js"), "stale").unwrap();
    for (i, (what, path, from, to)) in edits.into_iter().enumerate() {
        let before = identities(&public);
        let bytes_before: BTreeMap<PathBuf, Vec<u8>> = snapshot(&public).into_iter().collect();
        edit(&path, from, to);
        let mut diags = Diagnostics::default();
        let rebuilt = session
            .update(std::slice::from_ref(&path), &mut diags)
            .unwrap_or_else(|_| panic!("{what}: {}", diags.render_human()));
        session.write_files().expect("the data files");
        assert!(rebuilt.incremental, "{what}: a full build");
        assert!(
            rebuilt.rendered < all_pages,
            "{what}: rendered all {all_pages} pages"
        );
        if what.contains("only its own pages show") {
            assert_eq!(rebuilt.rendered, 2, "{what}: pages rendered again");
        }
        let fresh = full_build(&format!("fresh-{i}"));
        assert!(
            snapshot(&public) == snapshot(&fresh),
            "{what}: the rebuild differs from a full build: {:?}",
            differences(&public, &fresh)
        );
        // Every file whose bytes stayed the same is the same file.
        let after = identities(&public);
        let mut kept = 0;
        for (path, bytes) in snapshot(&public) {
            if bytes_before.get(&path) == Some(&bytes) {
                assert_eq!(
                    before.get(&path),
                    after.get(&path),
                    "{what}: {path:?} was rewritten"
                );
                kept += 1;
            }
        }
        assert!(kept > 0, "{what}: every file changed");
    }

    // A save with an error changes nothing; the fix is incremental again.
    let yaml = study(williams, "study.yaml");
    let before = snapshot(&public);
    edit(&yaml, "year: 2019", "year: twenty");
    let mut diags = Diagnostics::default();
    assert!(matches!(
        session.update(std::slice::from_ref(&yaml), &mut diags),
        Err(Failure::Content)
    ));
    assert!(
        diags.render_human().contains("study.yaml"),
        "{}",
        diags.render_human()
    );
    assert!(snapshot(&public) == before, "a failed rebuild wrote");
    edit(&yaml, "year: twenty", "year: 2020");
    let mut diags = Diagnostics::default();
    let fixed = session
        .update(std::slice::from_ref(&yaml), &mut diags)
        .unwrap_or_else(|_| panic!("{}", diags.render_human()));
    session.write_files().unwrap();
    assert!(fixed.incremental);
    assert!(snapshot(&public) == snapshot(&full_build("fresh-fixed")));

    // A DOI another study has is found as in a full build.
    let doi = |id: &str| {
        let text = fs::read_to_string(study(id, "study.yaml")).unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix("doi: "))
            .map(|d| d.trim_matches('"').to_string())
            .unwrap()
    };
    let chu = study("chu-2025-psw-resources", "study.yaml");
    let (theirs, own) = (
        doi("foundry-2023-youth-peer-support"),
        doi("chu-2025-psw-resources"),
    );
    edit(&chu, &own, &theirs.to_uppercase());
    let mut diags = Diagnostics::default();
    assert!(
        session
            .update(std::slice::from_ref(&chu), &mut diags)
            .is_err()
    );
    assert!(
        diags.render_human().contains("duplicate DOI"),
        "{}",
        diags.render_human()
    );
    edit(&chu, &theirs.to_uppercase(), &own);
    let mut diags = Diagnostics::default();
    session
        .update(std::slice::from_ref(&chu), &mut diags)
        .unwrap_or_else(|_| panic!("{}", diags.render_human()));

    // Outside the study folders, everything is rendered again.
    let taxonomies = root.join("content/taxonomies.yaml");
    edit(&taxonomies, "slug: stigma", "slug: stigma\n  # a comment");
    let mut diags = Diagnostics::default();
    let rebuilt = session
        .update(std::slice::from_ref(&taxonomies), &mut diags)
        .unwrap_or_else(|_| panic!("{}", diags.render_human()));
    assert!(!rebuilt.incremental);
    let because = rebuilt.because.unwrap_or_default();
    assert!(because.contains("taxonomies.yaml changed"), "{because}");
    assert!(snapshot(&public) == snapshot(&full_build("fresh-taxonomies")));
}

/// The files that differ between two outputs, for a failure message.
fn differences(a: &Path, b: &Path) -> Vec<PathBuf> {
    let (a, b) = (snapshot(a), snapshot(b));
    let b: BTreeMap<PathBuf, Vec<u8>> = b.into_iter().collect();
    let mut out: Vec<PathBuf> = a
        .iter()
        .filter(|(path, bytes)| b.get(path) != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect();
    out.extend(
        b.keys()
            .filter(|path| !a.iter().any(|(p, _)| p == *path))
            .cloned(),
    );
    out
}

/// On a site large enough that a theme's list is longer than the window
/// related studies are drawn from, changing studies' themes, populations,
/// regions and authors through `Site::update_studies` leaves the model
/// exactly as indexing every study again does.
#[test]
fn a_model_updated_study_by_study_equals_one_indexed_from_scratch() {
    use gapmap::model::Site;

    fn links(site: &Site) -> impl PartialEq + std::fmt::Debug + use<> {
        (
            site.studies
                .iter()
                .map(|e| (e.related.clone(), e.author_ids.clone(), e.terms.clone()))
                .collect::<Vec<_>>(),
            site.vocabularies
                .values()
                .map(|terms| terms.iter().map(|t| t.studies.clone()).collect::<Vec<_>>())
                .collect::<Vec<_>>(),
            site.authors
                .iter()
                .map(|a| (a.slug.clone(), a.names.clone(), a.studies.clone()))
                .collect::<Vec<_>>(),
            site.maps.to_vec(),
            site.last_updated.clone(),
        )
    }

    let tmp = tempfile::tempdir().unwrap();
    corpus::write_corpus(1200, tmp.path(), false).unwrap();
    let mut diags = gapmap::diagnostics::Diagnostics::default();
    let mut site = gapmap::model::build_site(content_of(tmp.path()), &mut diags);
    let theme_v = site.config.maps[0].rows;
    let population_v = site.config.maps[0].columns[0];
    let themes: Vec<String> = site.terms(theme_v).iter().map(|t| t.slug.clone()).collect();
    assert!(
        site.terms(theme_v)
            .iter()
            .any(|t| t.studies.len() > 2 * gapmap::model::RELATED_WINDOW),
        "the corpus is too small to test the window"
    );
    let n = site.studies.len();
    for round in 0..6 {
        // Two studies at once, far apart and near each other in turn.
        let picks = [(round * 197) % n, (round * 197 + 1 + round * 300) % n];
        let changes = picks
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let mut study = site.studies[s].study.clone();
                let theme_terms = &mut study.terms[theme_v.index()];
                *theme_terms = vec![
                    themes[(round + k) % themes.len()].clone(),
                    themes[(round * 7 + 3) % themes.len()].clone(),
                ];
                theme_terms.dedup();
                if round % 2 == 1 {
                    let populations = &mut study.terms[population_v.index()];
                    populations.reverse();
                    populations.truncate(1);
                    study.authors.truncate(1);
                    study.date_updated = format!("2026-11-{:02}", 10 + round);
                }
                (s, study)
            })
            .collect();
        site.update_studies(changes);
        let updated = links(&site);
        site.index();
        assert_eq!(updated, links(&site), "round {round}");
    }
}
