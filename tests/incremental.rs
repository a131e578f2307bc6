//! A rebuild over an existing site writes only the files whose bytes
//! changed (the rest keep their inode and modification time) and gives
//! exactly the bytes of a build from nothing.

mod common;

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
