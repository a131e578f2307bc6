//! Contributor Markdown to safe HTML, on any text: the HTML must be what a
//! sanitiser with gapmap's rules would leave as it is, and come within
//! the time budget of `budget.rs`.
#![no_main]

#[path = "../../tests/common/sanitised.rs"]
mod rules;
mod budget;

use std::sync::Arc;

use gapmap::content::MarkdownSource;
use gapmap::markdown::{H1, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let source = MarkdownSource {
            file: "summary.en.md".into(),
            text: Arc::from(text),
        };
        let (rendered, _) = budget::within(data.len(), || {
            render(&source, "summary-", H1::Forbidden)
        });
        assert!(!rendered.html.contains("<script"), "a script survived");
        if let Some(cleaned) = rules::would_change(&rendered.html) {
            panic!("a sanitiser would change\n{}\ninto\n{cleaned}", rendered.html);
        }
    }
});
