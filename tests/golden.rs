//! Golden output: what gapmap writes, recorded in the repository, so that a
//! change to the output shows in review and a refactor that changes the site
//! fails here.
//!
//! - the real content/ and the fixture sites: every file whole, under
//!   tests/golden/<site>/, so `git diff` shows an output change line by line;
//! - the generated 40- and 1,000-study corpora: one line per file
//!   (sha256, size, path) in tests/golden/<site>.sha256.
//!
//! To re-record on purpose, after a change meant to change the output:
//!
//!     GAPMAP_GOLDEN=record cargo test --test golden
//!
//! and commit tests/golden/ with the change.

mod common;
#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn golden_dir() -> PathBuf {
    common::repo().join("tests/golden")
}

fn recording() -> bool {
    std::env::var("GAPMAP_GOLDEN").is_ok_and(|v| v == "record")
}

/// Builds `root` with the real binary and returns every output file, by its
/// path relative to the output folder (with `/` separators).
fn build_output(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let output = common::build(root);
    assert!(
        output.status.success(),
        "the build failed:\n{}",
        common::stderr(&output)
    );
    common::snapshot(&root.join("public"))
        .into_iter()
        .map(|(path, bytes)| (slashed(&path), bytes))
        .collect()
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The first line at which two texts differ, shown for the failure message.
fn first_difference(recorded: &[u8], built: &[u8]) -> String {
    let (a, b) = (
        String::from_utf8_lossy(recorded),
        String::from_utf8_lossy(built),
    );
    for (n, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            let cut = |s: &str| s.chars().take(160).collect::<String>();
            return format!(
                "line {}:\n      recorded: {}\n      built:    {}",
                n + 1,
                cut(x),
                cut(y)
            );
        }
    }
    format!(
        "{} lines recorded, {} built",
        a.lines().count(),
        b.lines().count()
    )
}

/// Compares two sets of files by content; returns one line per difference.
fn differences(
    recorded: &BTreeMap<String, Vec<u8>>,
    built: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in built {
        match recorded.get(path) {
            None => out.push(format!("  new file: {path}")),
            Some(old) if old != bytes => {
                out.push(format!(
                    "  changed:  {path}, {}",
                    first_difference(old, bytes)
                ));
            }
            Some(_) => {}
        }
    }
    for path in recorded.keys().filter(|p| !built.contains_key(*p)) {
        out.push(format!("  gone:     {path}"));
    }
    out
}

fn fail_with(site: &str, diffs: &[String]) -> ! {
    let shown: Vec<&String> = diffs.iter().take(25).collect();
    let mut msg = format!(
        "the output of `{site}` is not its golden output ({} files differ):\n",
        diffs.len()
    );
    for line in shown {
        let _ = writeln!(msg, "{line}");
    }
    if diffs.len() > 25 {
        let _ = writeln!(msg, "  … and {} more", diffs.len() - 25);
    }
    msg.push_str(
        "If the change is meant to change the output, re-record it and commit tests/golden/ with it:\n\
         \n    GAPMAP_GOLDEN=record cargo test --test golden\n",
    );
    panic!("{msg}");
}

/// Whole files: tests/golden/<site>/ holds the site as built.
fn check_whole(site: &str, root: &Path) {
    let built = build_output(root);
    let dir = golden_dir().join(site);
    if recording() {
        let _ = fs::remove_dir_all(&dir);
        for (path, bytes) in &built {
            let target = dir.join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, bytes).unwrap();
        }
        eprintln!("recorded {} files in {}", built.len(), dir.display());
        return;
    }
    assert!(
        dir.is_dir(),
        "no golden output for `{site}` in {}; record it with GAPMAP_GOLDEN=record cargo test --test golden",
        dir.display()
    );
    let recorded: BTreeMap<String, Vec<u8>> = common::snapshot(&dir)
        .into_iter()
        .map(|(path, bytes)| (slashed(&path), bytes))
        .collect();
    let diffs = differences(&recorded, &built);
    if !diffs.is_empty() {
        fail_with(site, &diffs);
    }
}

fn manifest(files: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = String::new();
    for (path, bytes) in files {
        let hash = Sha256::digest(bytes);
        let mut hex = String::with_capacity(64);
        for b in hash {
            let _ = write!(hex, "{b:02x}");
        }
        let _ = writeln!(out, "{hex} {} {path}", bytes.len());
    }
    out
}

/// Parses a manifest into path → its whole line (hash and size).
fn manifest_lines(text: &str) -> BTreeMap<String, Vec<u8>> {
    text.lines()
        .filter_map(|line| {
            let path = line.splitn(3, ' ').nth(2)?;
            Some((path.to_string(), line.as_bytes().to_vec()))
        })
        .collect()
}

/// Path → hash manifests: tests/golden/<site>.sha256.
fn check_manifest(site: &str, root: &Path) {
    let built = manifest(&build_output(root));
    let file = golden_dir().join(format!("{site}.sha256"));
    if recording() {
        fs::create_dir_all(golden_dir()).unwrap();
        fs::write(&file, &built).unwrap();
        eprintln!("recorded {}", file.display());
        return;
    }
    let recorded = fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; record it with GAPMAP_GOLDEN=record cargo test --test golden",
            file.display()
        )
    });
    let diffs = differences(&manifest_lines(&recorded), &manifest_lines(&built));
    if !diffs.is_empty() {
        fail_with(site, &diffs);
    }
}

#[test]
fn real_content_is_its_golden_output() {
    let root = common::real_site();
    check_whole("real", root.path());
}

#[test]
fn base_fixture_is_its_golden_output() {
    let root = common::fixture_site(None);
    check_whole("fixture-base", root.path());
}

#[test]
fn missing_translation_fixture_is_its_golden_output() {
    let root = common::fixture_site(Some("warnings/missing-zh"));
    check_whole("fixture-missing-zh", root.path());
}

#[test]
fn the_example_map_is_its_golden_output() {
    let root = common::example_site();
    check_manifest("example-intervention-map", root.path());
}

#[test]
fn corpus_of_40_studies_is_its_golden_output() {
    let root = tempfile::tempdir().unwrap();
    corpus::write_corpus(40, root.path(), false).unwrap();
    check_manifest("corpus-40", root.path());
}

#[test]
fn corpus_of_1000_studies_is_its_golden_output() {
    let root = tempfile::tempdir().unwrap();
    corpus::write_corpus(1000, root.path(), false).unwrap();
    check_manifest("corpus-1000", root.path());
}

#[test]
fn a_changed_file_is_reported_with_its_first_differing_line() {
    let mut recorded = BTreeMap::new();
    recorded.insert("a.html".to_string(), b"one\ntwo\n".to_vec());
    recorded.insert("gone.html".to_string(), b"x".to_vec());
    let mut built = BTreeMap::new();
    built.insert("a.html".to_string(), b"one\nTWO\n".to_vec());
    built.insert("new.html".to_string(), b"y".to_vec());
    let diffs = differences(&recorded, &built);
    assert_eq!(diffs.len(), 3, "{diffs:?}");
    assert!(diffs[0].contains("a.html") && diffs[0].contains("line 2"));
    assert!(diffs[1].contains("new file: new.html"));
    assert!(diffs[2].contains("gone:     gone.html"));
    let m = manifest(&built);
    assert_eq!(manifest_lines(&m).len(), 2);
    assert!(manifest_lines(&m).contains_key("new.html"));
}
