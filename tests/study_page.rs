//! Issue 20: a study page's citation records fold away and are not
//! printed, and a quality appraisal shows each criterion's question.

mod common;

use std::fs;

use common::*;

#[test]
fn citation_records_fold_away_and_criteria_show_their_questions() {
    let site = fixture_site(None);
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path().join("public");
    let en = fs::read_to_string(public.join("studies/peer-burnout/index.html")).unwrap();
    for record in ["BibTeX", "RIS"] {
        let open = format!("<details class=\"record no-print\"><summary>{record}</summary>");
        let at = en.find(&open).unwrap_or_else(|| panic!("{record}: {en}"));
        let block = &en[at..];
        let block = &block[..block.find("</details>").unwrap()];
        assert!(
            block.contains("<pre"),
            "{record} record inside its details: {block}"
        );
    }
    assert!(!en.contains("<h3>BibTeX</h3>"));
    // The fixture appraises with MMAT 2018, criteria 1.1 and 1.2.
    assert!(en.contains(
        "<tr><th scope=\"row\">1.1</th><td>Is the qualitative approach appropriate to answer the research question?</td><td>Yes</td></tr>"
    ), "{en}");
    assert!(en.contains("<td>Are the qualitative data collection methods adequate to address the research question?</td>"));
    let zh = fs::read_to_string(public.join("zh/studies/peer-burnout/index.html")).unwrap();
    assert!(
        zh.contains("<td>定性研究方法是否适合回答研究问题？</td>"),
        "{zh}"
    );

    // A tool the theme does not know: the criterion's id alone, no error.
    let yaml = site.path().join("content/studies/peer-burnout/study.yaml");
    let text = fs::read_to_string(&yaml)
        .unwrap()
        .replace("tool: MMAT 2018", "tool: CASP");
    fs::write(&yaml, text).unwrap();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let en = fs::read_to_string(public.join("studies/peer-burnout/index.html")).unwrap();
    assert!(
        en.contains("<tr><th scope=\"row\">1.1</th><td></td><td>Yes</td></tr>"),
        "{en}"
    );
}

#[test]
fn citation_records_are_not_printed() {
    let css = fs::read_to_string(repo().join("themes/default/static/site.css")).unwrap();
    let print_hides = |selector: &str| {
        css.split("@media print").skip(1).any(|block| {
            let block = &block[..block.find("\n}").unwrap_or(block.len())];
            block
                .lines()
                .any(|l| l.contains(selector) && l.contains("display: none"))
        })
    };
    assert!(print_hides(".no-print"));
}
