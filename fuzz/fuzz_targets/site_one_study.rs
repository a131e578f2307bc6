//! A whole site around one fuzzed study: the input is split into the
//! study's YAML and its English summary, the rest of the site is the test
//! fixture (copied with the theme into a temporary folder once), and every
//! page is rendered in memory, within the time budget of `budget.rs`.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use gapmap::diagnostics::Diagnostics;
use gapmap::load::{RawContent, SourceFile, load_content};
use libfuzzer_sys::fuzz_target;

mod budget;

static BASE: LazyLock<(PathBuf, RawContent)> = LazyLock::new(|| {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = std::env::temp_dir().join(format!("gapmap-fuzz-{}", std::process::id()));
    copy(&repo.join("tests/fixtures/base"), &root);
    copy(&repo.join("themes"), &root.join("themes"));
    let mut diags = Diagnostics::default();
    let raw = load_content(&root, &mut diags).expect("the fixture loads");
    (root, raw)
});

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a temporary folder");
    for entry in std::fs::read_dir(from).expect("the fixture").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copied");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (yaml, summary) = text.split_once("\n---\n").unwrap_or((text, "## Findings\n\nx\n"));
    let (root, base) = &*BASE;
    let mut raw = base.clone();
    raw.studies[0].yaml = Some(SourceFile {
        file: "content/studies/peer-burnout/study.yaml".into(),
        text: Arc::from(yaml),
    });
    raw.studies[0].summary_en = Some(SourceFile {
        file: "content/studies/peer-burnout/summary.en.md".into(),
        text: Arc::from(summary),
    });
    budget::within(data.len(), || {
        let mut diags = Diagnostics::default();
        let _ = gapmap::build::check_loaded(root, &raw, &mut diags);
        let _ = diags.render_human();
        let _ = diags.render_github();
    });
});
