//! Shared helpers for the whole-site tests: make a site in a temporary
//! folder from a fixture and run the real `gapmap` binary on it.
#![allow(dead_code)]

pub mod browser;
pub mod web;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A site root holding the repository's themes, the base fixture content
/// and, over it, the files of `overlay` (a folder under tests/fixtures).
pub fn fixture_site(overlay: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("themes"), &tmp.path().join("themes"));
    copy_dir(&repo().join("tests/fixtures/base"), tmp.path());
    if let Some(overlay) = overlay {
        copy_dir(&repo().join("tests/fixtures").join(overlay), tmp.path());
        let _ = fs::remove_file(tmp.path().join("expected"));
    }
    tmp
}

/// The second example map (examples/intervention-map: a framework of its
/// own) with the repository's themes, in a temporary root.
pub fn example_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("themes"), &tmp.path().join("themes"));
    copy_dir(
        &repo().join("examples/intervention-map/content"),
        &tmp.path().join("content"),
    );
    tmp
}

/// The repository's real content with its themes, in a temporary root.
pub fn real_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("themes"), &tmp.path().join("themes"));
    copy_dir(&repo().join("content"), &tmp.path().join("content"));
    tmp
}

pub fn gapmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

pub fn build(root: &Path) -> Output {
    let out = root.join("public");
    gapmap(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A site's content, loaded and validated as the build does.
#[allow(dead_code)]
pub fn content_of(root: &Path) -> gapmap::content::Content {
    let mut diags = gapmap::diagnostics::Diagnostics::default();
    let raw = gapmap::load::load_content(root, &mut diags).unwrap();
    gapmap::validate::validate(&raw, &mut diags).unwrap()
}
