//! Issue 20: every study list shows each study's themes and a one-line
//! finding (the first sentence of its first finding).

mod common;

use std::fs;

use common::*;

#[test]
fn lists_show_each_studys_themes_and_a_one_line_finding() {
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path().join("public");
    let content = content_of(site.path());
    for page in [
        "studies/index.html",
        "index.html",
        "themes/burnout/index.html",
    ] {
        let html = fs::read_to_string(public.join(page)).unwrap();
        let items = html.matches("<a class=\"study-title\"").count();
        assert!(items > 0, "{page}");
        assert_eq!(
            html.matches("<span class=\"study-tags\">").count(),
            items,
            "{page}"
        );
        assert_eq!(
            html.matches("<span class=\"study-finding\">").count(),
            items,
            "{page}"
        );
    }
    let list = fs::read_to_string(public.join("studies/index.html")).unwrap();
    assert_eq!(
        list.matches("<span class=\"study-finding\">").count(),
        content.studies.len()
    );
    // Williams: themes in the vocabulary's order, and the first sentence
    // of the findings only.
    assert!(list.contains(
        "<span class=\"study-tags\"><span class=\"visually-hidden\">Themes: </span>Self-care, Burnout, Boundaries, Social support, Supervision, Training and mentorship, Lived experience</span>"
    ), "{list}");
    assert!(list.contains(
        "<span class=\"study-finding\">All five themes come back to how intense the work is and to self-care as the way to prevent burnout.</span>"
    ));
    let zh = fs::read_to_string(public.join("zh/studies/index.html")).unwrap();
    assert!(zh.contains(
        "<span class=\"study-finding\">五个主题都指向这份工作的高强度，说明需要通过自我照护来预防职业倦怠。</span>"
    ));
    assert!(
        zh.contains("<span class=\"visually-hidden\">主题：</span>自我照护、"),
        "{zh}"
    );
}
