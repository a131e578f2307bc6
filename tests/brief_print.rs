//! Issue 20: the printed brief shows each study's whole first finding, the
//! map and the design view, and a written list of the largest empty areas;
//! the page footer is not printed.

mod common;

use std::fs;

use common::*;

#[test]
fn the_brief_prints_whole_findings_both_maps_and_the_empty_areas() {
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path().join("public");
    let brief = fs::read_to_string(public.join("brief/index.html")).unwrap();
    // Williams' first finding is a sentence and the list of five themes
    // after it: the list is printed too.
    let williams = brief
        .split("<section class=\"brief-study\" aria-labelledby=\"brief-williams-2021-self-care\">")
        .nth(1)
        .unwrap();
    let williams = &williams[..williams.find("</section>").unwrap()];
    assert!(williams.contains("<div class=\"finding\"><p>All five themes come back"));
    assert_eq!(williams.matches("<li>").count(), 5, "{williams}");
    assert!(williams.contains("guard their time and home life.</li>\n</ul></div>"));
    assert!(!williams.contains("Colleagues and personal recovery networks"));
    // Both maps, and the empty areas written out.
    assert!(brief.contains("<table class=\"matrix\" id=\"map-populations\">"));
    assert!(brief.contains("<table class=\"matrix\" id=\"map-designs\">"));
    let gaps = brief.split("id=\"brief-gaps-heading\"").nth(1).unwrap();
    let gaps = &gaps[..gaps.find("</section>").unwrap()];
    assert!(gaps.contains("<strong>Study designs</strong>: "), "{gaps}");
    assert!(gaps.contains("Randomized controlled trial"), "{gaps}");
    assert!(
        !gaps.contains("Qualitative study"),
        "qualitative studies exist: {gaps}"
    );
    let zh = fs::read_to_string(public.join("zh/brief/index.html")).unwrap();
    assert!(zh.contains("最大的空白区域"));
    assert!(zh.contains("<table class=\"matrix\" id=\"map-designs\">"));
    // A theme's brief: its own row in both maps, and the columns it has
    // no study in.
    let theme = fs::read_to_string(public.join("themes/burnout/brief/index.html")).unwrap();
    assert!(theme.contains("<table class=\"matrix\" id=\"map-designs\">"));
    let gaps = theme.split("id=\"brief-gaps-heading\"").nth(1).unwrap();
    assert!(gaps.contains("<strong>Study designs</strong>: "), "{gaps}");
    assert!(!gaps.contains("<strong>Themes</strong>"), "{gaps}");
}

#[test]
fn a_theme_with_no_study_is_an_empty_area_of_the_whole_brief() {
    let site = fixture_site(None);
    let path = site.path().join("content/taxonomies.yaml");
    let taxonomies = fs::read_to_string(&path).unwrap().replace(
        "  - key: populations\n",
        "      - slug: stigma\n        label: {en: Stigma, zh: 污名}\n      - slug: funding\n        label: {en: Funding, zh: 资金}\n  - key: populations\n",
    );
    fs::write(&path, taxonomies).unwrap();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path().join("public");
    let brief = fs::read_to_string(public.join("brief/index.html")).unwrap();
    let gaps = brief.split("id=\"brief-gaps-heading\"").nth(1).unwrap();
    assert!(
        gaps.contains("<strong>Themes</strong>: Stigma, Funding</li>"),
        "{gaps}"
    );
    // The fixture's one study concerns adults, so youth is an empty column.
    assert!(
        gaps.contains("<strong>Populations</strong>: Youth</li>"),
        "{gaps}"
    );
    let zh = fs::read_to_string(public.join("zh/brief/index.html")).unwrap();
    assert!(
        zh.contains("<strong>主题</strong>：污名、资金</li>"),
        "{zh}"
    );
}

#[test]
fn the_footer_and_its_downloads_are_not_printed() {
    let css = fs::read_to_string(repo().join("themes/default/static/site.css")).unwrap();
    let hidden_in_print = css.split("@media print").skip(1).any(|block| {
        let block = &block[..block.find("\n}").unwrap_or(block.len())];
        block
            .lines()
            .any(|l| l.contains(".site-footer") && l.contains("display: none"))
    });
    assert!(hidden_in_print, "the footer must be hidden in print");
}
