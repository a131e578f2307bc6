//! Files and folders under hostile input (issue 21): links out of
//! content/, named pipes, lone carriage returns, impossible dates and
//! titles that would make a bundle's name unusable.

mod common;
#[path = "hostile/common.rs"]
mod hostile;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use common::*;
use hostile::*;

#[cfg(unix)]
#[test]
fn a_study_folder_linked_out_of_content_is_reported_once() {
    let outside = tempfile::tempdir().unwrap();
    for i in 0..40 {
        fs::write(outside.path().join(format!("file-{i}")), "x").unwrap();
    }
    let site = fixture_site(None);
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/studies/linked")).unwrap();
    let out = check(site.path(), "human");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let about: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("content/studies/linked"))
        .collect();
    assert_eq!(
        about,
        vec![
            "content/studies/linked: error: study folder is a symbolic link to outside content/; it is not followed"
        ],
        "{err}"
    );
    assert!(!err.contains("file-"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_page_linked_out_of_content_is_refused_by_its_path() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "# Secret\n").unwrap();
    let site = fixture_site(None);
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path().join("content/pages/evil.en.md"),
    )
    .unwrap();
    let out = check(site.path(), "human");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/pages/evil.en.md: error: symbolic link points outside content/"),
        "{err}"
    );
    assert!(
        !err.lines()
            .any(|l| l.starts_with(": ") || l.starts_with(":0")),
        "a diagnostic without a path:\n{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_is_refused_without_opening_it() {
    let site = fixture_site(None);
    let pipe = study_dir(site.path()).join("summary.zh.md");
    fs::remove_file(&pipe).unwrap();
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let root = site.path().to_str().unwrap();
    let out = gapmap_within(&["check", "--root", root], Duration::from_secs(60));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/studies/peer-burnout/summary.zh.md: error: a named pipe (FIFO) is not a regular file; it is not read"),
        "{err}"
    );
    let public = site.path().join("public");
    let out = gapmap_within(
        &[
            "build",
            "--root",
            root,
            "--output",
            public.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn carriage_returns_alone_end_lines() {
    let site = fixture_site(None);
    let path = study_dir(site.path()).join("study.yaml");
    let yaml = fs::read_to_string(&path).unwrap().replace(
        "journal: Journal of Tests",
        "journal: Journal of Tests\ntittle: x",
    );
    fs::write(&path, yaml.replace('\n', "\r")).unwrap();
    let err = stderr(&check(site.path(), "human"));
    let line = yaml.lines().position(|l| l == "tittle: x").unwrap() + 1;
    assert!(
        err.contains(&format!(
            "content/studies/peer-burnout/study.yaml:{line}:1: error: unknown field `tittle`"
        )),
        "{err}"
    );
    // Nothing else is wrong: the file was read whole.
    assert!(err.contains("1 error, 0 warnings"), "{err}");

    let site = fixture_site(None);
    let summary = study_dir(site.path()).join("summary.en.md");
    fs::write(&summary, "## Background\r\rPeer workers <b>burn out.\r").unwrap();
    let out = check(site.path(), "human");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("content/studies/peer-burnout/summary.en.md:3:14: warning: raw HTML"),
        "{err}"
    );
    assert!(err.contains("0 errors, 1 warning"), "{err}");
}

#[test]
fn an_impossible_date_is_refused_with_what_to_write() {
    let site = fixture_site(None);
    let path = study_dir(site.path()).join("study.yaml");
    let yaml = fs::read_to_string(&path).unwrap();
    let line = yaml
        .lines()
        .position(|l| l.starts_with("date_added:"))
        .unwrap()
        + 1;
    fs::write(
        &path,
        yaml.replace("date_added: \"2026-01-10\"", "date_added: \"2026-02-31\""),
    )
    .unwrap();
    let out = check(site.path(), "human");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "content/studies/peer-burnout/study.yaml:{line}:13: error: `date_added` is not a day of the calendar: `2026-02-31` (February 2026 has 28 days)"
        )),
        "{err}"
    );
    assert!(
        err.contains("help: write a day that exists, e.g. `date_added: \"2026-02-28\"`"),
        "{err}"
    );
}

fn bundle_with_title(title: &str) -> (tempfile::TempDir, Output) {
    let site = fixture_site(None);
    let path = site.path().join("content/site.yaml");
    let text = fs::read_to_string(&path).unwrap().replace(
        "title: {en: Test Map, zh: 测试地图}",
        &format!("title: {{en: '{title}', zh: 测试地图}}"),
    );
    fs::write(&path, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gapmap"))
        .args(["bundle", "--root", site.path().to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1795305600")
        .output()
        .unwrap();
    (site, out)
}

fn zips(site: &Path) -> Vec<String> {
    fs::read_dir(site.join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_bundle_is_named_safely_whatever_the_title() {
    let (site, out) = bundle_with_title("!!!");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(zips(site.path()), vec!["site-offline-2026-11-22.zip"]);

    let (site, out) = bundle_with_title(&"A very long title ".repeat(40));
    assert!(out.status.success(), "{}", stderr(&out));
    let names = zips(site.path());
    assert_eq!(names.len(), 1);
    assert!(
        names[0].len() <= 90 && names[0].starts_with("a-very-long-title-"),
        "{names:?}"
    );
    let file = fs::File::open(site.path().join("dist").join(&names[0])).unwrap();
    let zip = zip::ZipArchive::new(file);
    assert!(zip.is_ok());
}
