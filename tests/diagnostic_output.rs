//! Diagnostics under hostile input (issue 21): many in one file cost
//! linear time, at most 50 of a kind are printed per file and the rest
//! counted, and control characters from the content reach neither the
//! terminal nor GitHub's log as they are.

mod common;
#[path = "hostile/common.rs"]
mod hostile;

use std::fs;

use common::*;
use hostile::*;

fn with_unknown_keys(n: usize) -> tempfile::TempDir {
    let site = fixture_site(None);
    let path = study_dir(site.path()).join("study.yaml");
    let mut yaml = fs::read_to_string(&path).unwrap();
    for i in 0..n {
        yaml.push_str(&format!("unknown_key_{i}: x\n"));
    }
    fs::write(path, yaml).unwrap();
    site
}

fn with_raw_html(n: usize) -> tempfile::TempDir {
    let site = fixture_site(None);
    let mut summary = String::from("## Background\n\n");
    for _ in 0..n {
        summary.push_str("a <b>x\n");
    }
    fs::write(study_dir(site.path()).join("summary.en.md"), summary).unwrap();
    site
}

#[test]
fn many_diagnostics_in_one_file_cost_linear_time() {
    for format in ["human", "github"] {
        let (small, large) = (with_unknown_keys(2_000), with_unknown_keys(20_000));
        assert_linear(
            &format!("20,000 unknown keys, {format}"),
            time_check(small.path(), format),
            time_check(large.path(), format),
        );
        let (small, large) = (with_raw_html(2_000), with_raw_html(20_000));
        assert_linear(
            &format!("20,000 raw-HTML warnings, {format}"),
            time_check(small.path(), format),
            time_check(large.path(), format),
        );
    }
}

#[test]
fn fifty_diagnostics_of_a_kind_are_shown_per_file_and_the_rest_counted() {
    let site = with_unknown_keys(120);
    let out = check(site.path(), "human");
    let err = stderr(&out);
    let headlines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(": error: unknown field `unknown_key_"))
        .collect();
    assert_eq!(headlines.len(), 50, "{err}");
    assert!(headlines[0].contains("`unknown_key_0`"), "{err}");
    // The count stands at the first one left out (line 75 of the file).
    let more = "content/studies/peer-burnout/study.yaml:75:1: error: … and 70 more errors like “unknown field `…` in study.yaml” in this file";
    assert!(err.contains(more), "{err}");
    // Every diagnostic is still counted in the summary.
    assert!(err.contains("120 errors"), "{err}");

    let out = check(site.path(), "github");
    let log = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("::unknown field `unknown_key_"))
            .count(),
        50,
        "{log}"
    );
    assert!(
        log.contains("::error file=content/studies/peer-burnout/study.yaml,line=75,col=1::… and 70 more errors like “unknown field `…` in study.yaml” in this file\n"),
        "{log}"
    );
}

/// A key that rings the bell, clears the screen and, with a line break,
/// writes a line of its own that GitHub would take for a command.
const FORGED: &str = "\"bell\\a-clear\\e[2J-\\nmore\\n::error file=README.md::forged\": x\n";

#[test]
fn control_characters_in_content_reach_no_terminal_and_no_log() {
    let site = fixture_site(None);
    let path = study_dir(site.path()).join("study.yaml");
    let mut yaml = fs::read_to_string(&path).unwrap();
    yaml.push_str(FORGED);
    fs::write(&path, yaml).unwrap();

    let out = check(site.path(), "human");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for byte in ['\u{7}', '\u{1b}'] {
        assert!(!err.contains(byte), "raw {byte:?} in:\n{err}");
    }
    assert!(
        !err.lines().any(|l| l.trim_start().starts_with("::")),
        "a forged line:\n{err}"
    );
    assert!(
        err.contains(
            "unknown field `bell\\u{7}-clear\\u{1b}[2J-\\nmore\\n::error file=README.md::forged`"
        ),
        "{err}"
    );

    let out = check(site.path(), "github");
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(!log.contains('\u{7}') && !log.contains('\u{1b}'), "{log}");
    let commands: Vec<&str> = log.lines().collect();
    assert!(
        commands.iter().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{log}"
    );
    let forged: Vec<&&str> = commands.iter().filter(|l| l.contains("forged")).collect();
    assert_eq!(forged.len(), 1, "{log}");
    // The line break is shown, not sent as %0A (which GitHub turns back
    // into a line break in the annotation).
    assert!(
        forged[0].contains("bell\\u{7}-clear\\u{1b}[2J-\\nmore\\n%3A%3Aerror")
            || forged[0].contains("bell\\u{7}-clear\\u{1b}[2J-\\nmore\\n::error"),
        "{log}"
    );
}
