//! The whole of [`super::render`]: what a document becomes, and what it
//! is told.

use super::*;

fn md(text: &str) -> MarkdownSource {
    MarkdownSource {
        file: "s.md".into(),
        text: text.into(),
    }
}

#[test]
fn raw_html_and_scripts_become_text() {
    let (r, d) = render(
        &md("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>\n"),
        "",
        H1::Forbidden,
    );
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("<img"), "{}", r.html);
    assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    assert!(!d.is_empty());
}

#[test]
fn javascript_links_are_dropped() {
    let (r, _) = render(
        &md("[x](javascript:alert(1)) [y](data:text/html,hi)"),
        "",
        H1::Forbidden,
    );
    assert!(!r.html.contains("javascript:"), "{}", r.html);
    assert!(!r.html.contains("data:"), "{}", r.html);
}

#[test]
fn heading_attributes_are_not_parsed() {
    let (r, _) = render(&md("## Title {onclick=alert(1)}\n"), "", H1::Forbidden);
    // The braces stay visible text; no attribute is made of them.
    assert!(
        r.html.contains(">Title {onclick=alert(1)}</h3>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("onclick=\""), "{}", r.html);
}

#[test]
fn headings_get_prefixed_unique_ids() {
    let (r, _) = render(&md("## Findings\n\n## Findings\n"), "s-", H1::Forbidden);
    assert!(
        r.html.contains("<h3 id=\"s-findings\">Findings</h3>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("id=\"s-findings-2\""), "{}", r.html);
}

#[test]
fn many_headings_render_in_time_linear_in_their_number() {
    // Issue 21: `## a` 10,000 times took 7.2 s, 30,000 over a minute;
    // `##` (no text) 40,000 times in a free page as long.
    for (heading, h1) in [("## a\n\n", H1::Forbidden), ("##\n", H1::IsTitle)] {
        let time = |n: usize| {
            let source = md(&format!("# T\n\n{}", heading.repeat(n)));
            cpu_time::fastest(|| {
                render(&source, "", h1);
            })
        };
        let small = time(2_000);
        let large = time(20_000);
        assert!(
            large < small * 30,
            "{heading:?} 20,000 times took {large:?}, 2,000 times {small:?}"
        );
    }
}

#[test]
fn long_lines_in_code_are_shown_plain_in_time_linear_in_their_length() {
    // Issue 21: one 64 KB line of `/a/a/a…` in a `sql` block took 25 s,
    // 15 such blocks over a minute.
    let time = |line_bytes: usize| {
        let block = format!("```sql\n{}\n```\n\n", "/a".repeat(line_bytes / 2));
        let source = md(&block.repeat(15));
        cpu_time::fastest(|| {
            render(&source, "", H1::Forbidden);
        })
    };
    let small = time(6_400);
    let large = time(64_000);
    assert!(
        large < small * 30,
        "15 blocks of a 64,000-byte line took {large:?}, of 6,400 bytes {small:?}"
    );
}

#[test]
fn a_code_block_shown_plain_is_a_warning_at_its_line() {
    let long = "/a".repeat(1_000);
    let (r, d) = render(
        &md(&format!("Text.\n\n```sql\nselect 1;\n{long}\n```\n")),
        "",
        H1::Forbidden,
    );
    assert!(
        r.html
            .contains("<pre><code class=\"language-sql\">select 1;\n/a/a"),
        "{}",
        r.html
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].file.as_str(), d[0].line, d[0].column), ("s.md", 3, 1));
    assert!(
        d[0].message.contains("line 5 has 2000 bytes"),
        "{}",
        d[0].message
    );

    // Many such blocks: ten warnings, then one that counts the rest.
    let block = format!("```sql\n{long}\n```\n\n");
    let (_, d) = render(&md(&block.repeat(25)), "", H1::Forbidden);
    assert_eq!(d.len(), 11, "{d:?}");
    assert!(
        d[10].message.starts_with("15 more code blocks"),
        "{}",
        d[10].message
    );
    assert_eq!(d[10].line, 41);
}

#[test]
fn an_image_from_another_site_is_refused_and_its_description_shown() {
    let (r, d) = render(
        &md(
            "Look:\n\n![a *tracking* pixel](https://tracker.example/p.png) and ![b](//host/p.png)\n\n![own](chart.png)\n",
        ),
        "",
        H1::Forbidden,
    );
    assert_eq!(
        r.html.as_str(),
        "<p>Look:</p>\n<p>a <em>tracking</em> pixel and b</p>\n<p><img src=\"chart.png\" alt=\"own\"></p>\n"
    );
    assert_eq!(d.len(), 2, "{d:?}");
    for (diagnostic, column) in d.iter().zip([1, 58]) {
        assert_eq!(
            (diagnostic.file.as_str(), diagnostic.line, diagnostic.column),
            ("s.md", 3, column)
        );
        assert!(diagnostic.message.contains("another site"));
        assert!(diagnostic.help.is_some());
    }

    // Many: ten warnings, then one that counts the rest.
    let many = "![x](https://tracker.example/p.png)\n\n".repeat(25);
    let (r, d) = render(&md(&many), "", H1::Forbidden);
    assert!(!r.html.contains("<img"), "{}", r.html);
    assert_eq!(d.len(), 11, "{d:?}");
    assert_eq!(d[10].line, 21);
    assert!(
        d[10].message.starts_with("15 more images from other sites"),
        "{}",
        d[10].message
    );
}

#[test]
fn h1_in_a_summary_is_an_error_with_its_line() {
    let (_, d) = render(&md("## A\n\n# Big\n"), "", H1::Forbidden);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].line, 3);
}

#[test]
fn page_title_is_taken_from_the_first_h1() {
    let (r, d) = render(&md("# About `gapmap`\n\nText.\n"), "", H1::IsTitle);
    assert!(d.is_empty());
    assert_eq!(r.title.as_deref(), Some("About gapmap"));
    assert!(!r.html.contains("<h1"), "{}", r.html);
}

#[test]
fn footnotes_are_prefixed() {
    let (r, _) = render(&md("A[^1].\n\n[^1]: Note.\n"), "en-", H1::Forbidden);
    assert!(r.html.contains("href=\"#en-fn-1\""), "{}", r.html);
    assert!(r.html.contains("id=\"en-fn-1\""), "{}", r.html);
}

#[test]
fn a_lone_or_escaped_backtick_is_text_not_code() {
    for (source, expected) in [
        ("a \\`b\n", "<p>a `b</p>\n"),
        ("a `b\n", "<p>a `b</p>\n"),
        ("a `b` \\`c\n", "<p>a <code>b</code> `c</p>\n"),
        ("``x`` and ` y\n", "<p><code>x</code> and ` y</p>\n"),
    ] {
        let (r, _) = render(&md(source), "", H1::Forbidden);
        assert_eq!(r.html.as_str(), expected, "{source:?}");
    }
}

#[test]
fn tables_and_inline_code_render() {
    let (r, _) = render(
        &md("| a | b |\n|---|---|\n| `x` | 2 |\n"),
        "",
        H1::Forbidden,
    );
    assert!(r.html.contains("<table>"), "{}", r.html);
    assert!(r.html.contains("<code>x</code>"), "{}", r.html);
}

#[test]
fn plain_text_for_search() {
    let (r, _) = render(
        &md("## Findings\n\nPeer **support** works.\n"),
        "",
        H1::Forbidden,
    );
    assert_eq!(r.text, "Findings Peer support works.");
}

#[test]
fn a_summary_s_sections_sit_one_level_below_the_page_s_summary_heading() {
    let (summary, _) = render(
        &md("## Findings\n\nText.\n\n### Detail\n"),
        "summary-",
        H1::Forbidden,
    );
    assert!(
        summary
            .html
            .contains("<h3 id=\"summary-findings\">Findings</h3>"),
        "{}",
        summary.html
    );
    assert!(
        summary
            .html
            .contains("<h4 id=\"summary-detail\">Detail</h4>"),
        "{}",
        summary.html
    );
    // A free page's headings are as written: its title is the page's h1.
    let (page, _) = render(&md("# About\n\n## Who\n"), "", H1::IsTitle);
    assert!(
        page.html.contains("<h2 id=\"who\">Who</h2>"),
        "{}",
        page.html
    );
}
