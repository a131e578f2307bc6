//! Reviewers' internal notes stop at validation: they are checked like any
//! field, but the content the model receives has no place for them, so no
//! page, data file or bundle can carry them (issue 17, item 6).

mod common;

use std::fs;
use std::path::Path;

use common::{build, content_of, fixture_site, gapmap, snapshot, stderr};

const MARKER: &str = "NOTES-FOR-REVIEWERS-ONLY-91c2";

fn set_internal_notes(root: &Path, value: &str) {
    let path = root.join("content/studies/peer-burnout/study.yaml");
    let yaml = fs::read_to_string(&path).unwrap();
    let line = yaml
        .lines()
        .find(|l| l.starts_with("internal_notes:"))
        .expect("the fixture study has internal notes");
    fs::write(
        &path,
        yaml.replace(line, &format!("internal_notes: {value}")),
    )
    .unwrap();
}

#[test]
fn the_content_the_model_receives_holds_no_internal_notes() {
    let site = fixture_site(None);
    set_internal_notes(site.path(), &format!("\"{MARKER}\""));
    let content = content_of(site.path());
    assert_eq!(content.studies.len(), 1);
    let everything = format!("{content:?}");
    assert!(
        !everything.contains(MARKER),
        "the validated content holds the internal notes"
    );
}

#[test]
fn a_marker_in_internal_notes_is_in_no_built_file_and_no_bundle() {
    let site = fixture_site(None);
    set_internal_notes(site.path(), &format!("\"{MARKER}\""));
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let built = snapshot(&site.path().join("public"));
    assert!(built.len() > 10);
    for (path, bytes) in built {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MARKER),
            "{path:?} shows the internal notes"
        );
    }

    let zip = site.path().join("bundle.zip");
    let output = gapmap(&[
        "bundle",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        zip.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut archive = zip::ZipArchive::new(fs::File::open(&zip).unwrap()).unwrap();
    assert!(archive.len() > 10);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MARKER),
            "{:?} in the bundle shows the internal notes",
            entry.name()
        );
    }
}

#[test]
fn internal_notes_are_still_checked() {
    let site = fixture_site(None);
    set_internal_notes(site.path(), "[not, text]");
    let output = gapmap(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/studies/peer-burnout/study.yaml:18:17: error:")
            && err.contains("internal_notes"),
        "{err}"
    );
}
