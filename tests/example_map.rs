//! Issue 18: the second example map (examples/intervention-map), whose
//! framework gapmap's code knows nothing of, builds with every link
//! resolving; its maps nest their rows and columns under their parents,
//! count each study once in a parent's cell and in the totals, and split
//! their cells by the declared segment, with a legend and a cell page
//! grouped by it. The counts are checked against the study files, not
//! against the model that made them.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::*;
use gapmap::content::{Content, Vocabulary};

fn content(site: &tempfile::TempDir) -> Content {
    let mut diags = gapmap::diagnostics::Diagnostics::default();
    gapmap::build::content(site.path(), &mut diags).unwrap()
}

fn vocab(content: &Content, key: &str) -> Vocabulary {
    content.taxonomies.by_key(key).unwrap()
}

/// The ids of the studies with a term of `v` in `slug`'s subtree (or, with
/// `None`, with any term of `v`).
fn with_term(content: &Content, v: Vocabulary, slug: Option<&str>) -> BTreeSet<String> {
    let subtree = slug.map(|s| content.taxonomies.with_descendants(v, [s]));
    content
        .studies
        .iter()
        .filter(|s| {
            s.slugs(v)
                .iter()
                .any(|t| subtree.as_ref().is_none_or(|set| set.contains(t)))
        })
        .map(|s| s.id.clone())
        .collect()
}

/// The table of `id` in `html`.
fn table<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html.find("<table class=\"matrix").unwrap();
    let start = start + html[start..].find(&format!("id=\"{id}\"")).unwrap();
    let end = start + html[start..].find("</table>").unwrap();
    &html[start..end]
}

/// The numbers of a table row's cells (the row whose header links to
/// `href`), in order, the total last.
fn row_numbers(table: &str, href: &str) -> Vec<usize> {
    let line = table
        .lines()
        .find(|l| l.contains(&format!("<a href=\"{href}\">")) && l.contains("</th><td"))
        .unwrap_or_else(|| panic!("no row for {href}"));
    numbers_of_cells(line)
}

fn numbers_of_cells(line: &str) -> Vec<usize> {
    line.split("<td class=\"")
        .skip(1)
        .map(|cell| {
            let text = cell.split_once('>').map_or("", |(_, rest)| rest);
            let text = text.trim_start_matches(|c: char| c != '>' && !c.is_ascii_digit());
            let text = text.trim_start_matches('>');
            text.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap()
        })
        .collect()
}

#[test]
fn the_example_map_builds_every_declared_page_and_every_link_resolves() {
    let site = example_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = site.path().join("public");
    let checked = gapmap(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        public.to_str().unwrap(),
    ]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    let content = content(&site);
    for lang in ["", "zh/"] {
        // The second map has its own page; every vocabulary its folder.
        assert!(
            public
                .join(format!("{lang}maps/outcomes-by-groups/index.html"))
                .is_file()
        );
        for v in &content.taxonomies.vocabularies {
            assert!(
                public.join(format!("{lang}{}/index.html", v.key)).is_file(),
                "{lang}{}",
                v.key
            );
        }
    }
    // Nothing of the real map's framework shows through.
    let home = fs::read_to_string(public.join("index.html")).unwrap();
    for word in ["Themes", "Populations", "themes/"] {
        assert!(!home.contains(word), "{word}");
    }
}

#[test]
fn nested_rows_and_columns_count_each_study_once_and_total_distinct_studies() {
    let site = example_site();
    assert!(build(site.path()).status.success());
    let content = content(&site);
    let html = fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let matrix = table(&html, "map-outcomes");
    let (interventions, outcomes) = (
        vocab(&content, "interventions"),
        vocab(&content, "outcomes"),
    );
    // Column groups and row groups a screen reader can walk.
    assert!(matrix.contains("<colgroup span="), "{matrix}");
    assert!(
        matrix.contains(
            "<th scope=\"colgroup\" colspan=\"3\"><a href=\"outcomes/worker-wellbeing/index.html\">"
        ),
        "{matrix}"
    );
    assert!(
        matrix.contains(
            "<th scope=\"rowgroup\"><a href=\"interventions/workforce-support/index.html\">"
        ),
        "{matrix}"
    );
    assert!(matrix.matches("<tbody>").count() >= 3);

    let coded = with_term(&content, outcomes, None);
    let tops: Vec<&str> = [
        "workforce-support",
        "service-delivery",
        "policy-and-funding",
    ]
    .to_vec();
    let columns = |slug: &str| with_term(&content, outcomes, Some(slug));
    for top in &tops {
        let rows = with_term(&content, interventions, Some(top));
        let numbers = row_numbers(matrix, &format!("interventions/{top}/index.html"));
        // The parent's own column: a study with two of its outcomes counts once.
        let well_being = rows.intersection(&columns("worker-wellbeing")).count();
        assert_eq!(numbers[0], well_being, "{top} × worker well-being");
        // The row's total: its distinct studies with any outcome.
        let total = rows.intersection(&coded).count();
        assert_eq!(numbers.last(), Some(&total), "{top}: total");
        assert!(
            total < numbers.iter().rev().skip(1).sum::<usize>(),
            "{top}: the cells sum to more than the studies, as nested cells do"
        );
    }
    // The totals row: each column's distinct studies, and all of them.
    let foot = matrix.split("<tfoot>").nth(1).unwrap();
    let totals = numbers_of_cells(foot);
    assert_eq!(totals[0], columns("worker-wellbeing").len());
    let all_coded = with_term(&content, interventions, None)
        .intersection(&coded)
        .count();
    assert_eq!(totals.last(), Some(&all_coded));
}

#[test]
fn segments_split_each_cell_with_a_legend_and_group_the_cell_page() {
    let site = example_site();
    assert!(build(site.path()).status.success());
    let content = content(&site);
    let public = site.path().join("public");
    let html = fs::read_to_string(public.join("index.html")).unwrap();
    let designs = vocab(&content, "study-designs");
    // The legend names every design beside its letter.
    for (i, term) in content.taxonomies.terms(designs).iter().enumerate() {
        let letter = char::from(b'A' + i as u8);
        assert!(
            html.contains(&format!("<strong>{letter}</strong> {}", term.label.en)),
            "legend: {letter} {}",
            term.label.en
        );
    }
    // A cell's letters and its words for a screen reader, from the studies.
    let cell = with_term(
        &content,
        vocab(&content, "interventions"),
        Some("reflective-supervision"),
    )
    .intersection(&with_term(
        &content,
        vocab(&content, "outcomes"),
        Some("burnout"),
    ))
    .cloned()
    .collect::<BTreeSet<String>>();
    assert!(!cell.is_empty());
    let href = "map/reflective-supervision/outcomes/burnout/index.html";
    // The letters under the count; the words in its link's name.
    let at = html.find(&format!("<a href=\"{href}\"")).unwrap();
    let shown = &html[at..at + html[at..].find("</td>").unwrap()];
    for (i, term) in content.taxonomies.terms(designs).iter().enumerate() {
        let n = content
            .studies
            .iter()
            .filter(|s| cell.contains(&s.id) && s.slugs(designs) == [term.slug.clone()])
            .count();
        let letter = char::from(b'A' + i as u8);
        if n > 0 {
            assert!(
                shown.contains(&format!("{letter}{n}")),
                "{letter}{n} in {shown}"
            );
            assert!(shown.contains(&format!("{} {n}", term.label.en)), "{shown}");
        } else {
            assert!(!shown.contains(&format!("{letter}1")), "{shown}");
        }
    }
    // The cell's page lists its studies under each design.
    let page = fs::read_to_string(public.join(href)).unwrap();
    assert!(page.contains("Grouped by study design"), "{page}");
    for term in content.taxonomies.terms(designs) {
        let n = content
            .studies
            .iter()
            .filter(|s| cell.contains(&s.id) && s.slugs(designs) == [term.slug.clone()])
            .count();
        let heading = format!(
            "<h2>{} <span class=\"count\">({n})</span></h2>",
            term.label.en
        );
        assert_eq!(page.contains(&heading), n > 0, "{heading}");
    }
    // The other map's segment is optional: studies without a rating are
    // "not given", in words, not left out.
    let second = fs::read_to_string(public.join("maps/outcomes-by-groups/index.html")).unwrap();
    assert!(second.contains("Not given"), "no 'not given' segment");
}
