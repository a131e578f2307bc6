//! Summaries are safe by construction (src/markdown.rs): no sanitiser parses
//! the HTML again in a build. These tests hold every rendered document to
//! the allowlist a sanitiser would enforce: ammonia, configured as gapmap's
//! rules say (tags and attributes of its defaults plus `class` and `id`,
//! URLs relative or http, https, mailto, `rel="noopener noreferrer"` on
//! links, no comments), must find nothing to remove or add.

#[allow(dead_code)]
#[path = "../examples/corpus/mod.rs"]
mod corpus;
#[path = "common/sanitised.rs"]
mod rules;

use std::sync::Arc;

use gapmap::content::MarkdownSource;
use gapmap::markdown::{H1, render};
use proptest::prelude::*;
use rules::{TagSeen, sanitiser, tags, would_change};

fn md(text: &str) -> MarkdownSource {
    MarkdownSource {
        file: "summary.en.md".into(),
        text: Arc::from(text),
    }
}

/// Renders `text` as a summary and checks the sanitiser would leave it as
/// it is.
fn assert_nothing_to_remove(text: &str) {
    let (rendered, _) = render(&md(text), "summary-", H1::Forbidden);
    let html = rendered.html;
    if let Some(cleaned) = would_change(&html) {
        panic!(
            "\nthe sanitiser would change the HTML of\n{text:?}\nours:\n{html}\nsanitised:\n{cleaned}"
        );
    }
}

#[test]
fn the_tag_reader_sees_what_a_sanitiser_changes() {
    // A control: if the reader missed attributes, the tests would pass
    // whatever the sanitiser did.
    let unsafe_html = r#"<p><a href="javascript:alert(1)" title="a>b">x</a><img src=x onerror="alert(1)"><td style="color: red">"#;
    let cleaned = sanitiser().clean(unsafe_html).to_string();
    assert_ne!(tags(unsafe_html), tags(&cleaned), "{cleaned}");
    assert_eq!(
        tags(r#"<a href="/x" title="a &quot;b&quot;">"#),
        [TagSeen {
            name: "a".into(),
            attributes: vec![
                ("href".into(), "/x".into()),
                ("title".into(), "a \"b\"".into())
            ],
        }]
    );
}

#[test]
fn hostile_markdown_renders_to_what_the_sanitiser_allows() {
    let cases = [
        "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,hi)",
        "[a](vbscript:msgbox) [b](<java\tscript:alert(1)>) [c](&#106;avascript:alert(1))",
        "[d](javascript&#58;alert(1)) [e]( javascript:alert(1)) <javascript:alert(1)>",
        "[ok](https://example.org/?a=1&b=\"2\") [rel](../x.html#y) [mail](mailto:a@b.org) <a@b.org>",
        "![alt *with* `code`](javascript:alert(1) \"t\\\"itle\") ![img](https://example.org/p.png)",
        "![outer ![inner](x.png) text](y.png)",
        "[title](https://example.org \"a \\\"quoted\\\" <title> & more\")",
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\nInline <b onclick=x>b</b> <!-- c -->",
        "| left | centre | right |\n|:---|:---:|---:|\n| 1 | 2 | 3 |\n",
        "A[^note] and [^2].\n\n[^note]: Note with [a link](javascript:x).\n[^2]: Two.\n",
        "```js\nalert(\"</script>\")\n```\n\n```html\n<b onclick=x>\n```\n\n    indented <code>\n",
        "## Heading {onclick=alert(1)}\n\n### Heading {#id .class}\n\n#### `code` *em*\n",
        "> quote\n>\n> > nested\n\n---\n\n3. three\n4. four\n\n- [ ] task\n- [x] done\n",
        "~~struck~~ **strong** *em* line  \nbreak &amp; &lt;b&gt; &copy; \u{a0}nbsp",
        "[ref link][r]\n\n[r]: javascript:alert(1) \"t\"\n\n[ok ref][s]\n\n[s]: https://example.org\n",
        "<https://example.org/a?b=<c>> https://bare.example.org [x](https://example.org/'quote')",
        "[a](https:) [b](http://) [c](https://a:99999) [d](https://[::1) [e]() ![](x.png) ![f]()",
    ];
    for case in cases {
        assert_nothing_to_remove(case);
    }
}

#[test]
fn links_keep_only_allowed_urls_and_get_rel() {
    let (r, _) = render(
        &md("[a](javascript:alert(1)) [b](https://example.org) ![c](data:image/png;base64,AA)"),
        "",
        H1::Forbidden,
    );
    assert!(!r.html.contains("javascript:"), "{}", r.html);
    assert!(!r.html.contains("data:"), "{}", r.html);
    assert!(
        r.html
            .contains("<a href=\"https://example.org\" rel=\"noopener noreferrer\">b</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<a rel=\"noopener noreferrer\">a</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<img alt=\"c\">"), "{}", r.html);
}

#[test]
fn absolute_urls_that_do_not_parse_are_dropped_and_images_keep_their_alt() {
    let (r, _) = render(
        &md("[a](https:) [b](https://a:99999) [c](other.html) ![](x.png)"),
        "",
        H1::Forbidden,
    );
    for expected in [
        "<a rel=\"noopener noreferrer\">a</a>",
        "<a rel=\"noopener noreferrer\">b</a>",
        "<a href=\"other.html\" rel=\"noopener noreferrer\">c</a>",
        "<img src=\"x.png\" alt=\"\">",
    ] {
        assert!(r.html.contains(expected), "{expected} in {}", r.html);
    }
}

#[test]
fn the_real_content_renders_to_what_the_sanitiser_allows() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            assert_nothing_to_remove(&std::fs::read_to_string(entry.path()).unwrap());
            seen += 1;
        }
    }
    assert!(seen >= 10, "only {seen} Markdown files under content/");
}

#[test]
fn generated_summaries_render_to_what_the_sanitiser_allows() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(40, dir.path(), false).unwrap();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(dir.path().join("content/studies")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            assert_nothing_to_remove(&std::fs::read_to_string(entry.path()).unwrap());
            seen += 1;
        }
    }
    assert_eq!(seen, 80);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_markdown_renders_to_what_the_sanitiser_allows(
        text in proptest::string::string_regex(
            r#"([#>*_`\[\]()!<>|~\-: \n"'&=]|[a-z]{1,6}|<script>|javascript:|JavaScript:|data:|https://a.b/|mailto:|\d\.|```|\[\^1\]|:--|同伴|&#58;|\t){0,80}"#
        ).unwrap()
    ) {
        assert_nothing_to_remove(&text);
    }
}
