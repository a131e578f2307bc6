//! Contributor Markdown to sanitised HTML, on any text.
#![no_main]

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
        let (rendered, _) = render(&source, "summary-", H1::Forbidden);
        assert!(!rendered.html.contains("<script"), "a script survived");
    }
});
