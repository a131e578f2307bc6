//! taxonomies.yaml under hostile input (issue 21): a long chain of
//! regions is checked in linear time, and a map larger than
//! `MAX_MAP_CELLS` is refused where site.yaml declares it.

mod common;
#[path = "hostile/common.rs"]
mod hostile;

use std::fs;

use common::*;
use hostile::*;

/// `text` (a taxonomies.yaml) with `terms` (lines of `- slug:` items)
/// added first to the terms of vocabulary `key`.
fn with_terms(text: &str, key: &str, terms: &str) -> String {
    let at = text.find(&format!("  - key: {key}\n")).unwrap();
    let terms_at = at + text[at..].find("    terms:\n").unwrap() + "    terms:\n".len();
    let mut out = text.to_string();
    out.insert_str(terms_at, terms);
    out
}

/// The base fixture with `regions` chained: each the parent of the next.
fn region_chain(n: usize) -> tempfile::TempDir {
    let site = fixture_site(None);
    let path = site.path().join("content/taxonomies.yaml");
    let mut chain = String::from("      - slug: r0\n        label: {en: R0, zh: R0}\n");
    for i in 1..n {
        chain.push_str(&format!(
            "      - slug: r{i}\n        parent: r{}\n        label: {{en: R{i}, zh: R{i}}}\n",
            i - 1
        ));
    }
    let taxonomies = with_terms(&fs::read_to_string(&path).unwrap(), "regions", &chain);
    fs::write(path, taxonomies).unwrap();
    site
}

#[test]
fn a_long_chain_of_regions_is_checked_in_linear_time() {
    let (small, large) = (region_chain(200), region_chain(2_000));
    let out = check(large.path(), "human");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_linear(
        "2,000 chained regions",
        time_check(small.path(), "human"),
        time_check(large.path(), "human"),
    );
}

#[test]
fn a_cycle_of_regions_is_still_refused() {
    let site = region_chain(50);
    let path = site.path().join("content/taxonomies.yaml");
    let text = fs::read_to_string(&path).unwrap().replacen(
        "      - slug: r0\n",
        "      - slug: r0\n        parent: r49\n",
        1,
    );
    fs::write(&path, text).unwrap();
    let out = check(site.path(), "human");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: region `r0` is its own ancestor through `parent`"),
        "{err}"
    );
    assert!(err.contains("region `r49` is its own ancestor"), "{err}");
}

/// taxonomies.yaml of the base fixture with `themes` and `regions` terms
/// added.
fn map_of(themes: usize, regions: usize) -> tempfile::TempDir {
    let site = fixture_site(None);
    let path = site.path().join("content/taxonomies.yaml");
    let terms = |prefix: &str, n: usize| -> String {
        (0..n)
            .map(|i| format!("      - slug: {prefix}{i}\n        label: {{en: X{i}, zh: X{i}}}\n"))
            .collect()
    };
    let text = fs::read_to_string(&path).unwrap();
    let text = with_terms(&text, "themes", &terms("t", themes));
    let text = with_terms(&text, "regions", &terms("g", regions));
    fs::write(path, text).unwrap();
    site
}

#[test]
fn a_map_larger_than_the_bound_is_refused_at_its_declaration() {
    // 202 themes × 302 regions = 61,004 cells: over 40,000.
    let site = map_of(200, 300);
    let out = check(site.path(), "human");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let text = fs::read_to_string(site.path().join("content/site.yaml")).unwrap();
    let line = text.lines().position(|l| l == "    rows: themes").unwrap() + 1;
    let wanted = format!(
        "content/site.yaml:{line}:11: error: the map of themes × regions would have 202 × 302 = 61004 cells; a map may have at most 40000"
    );
    assert!(err.contains(&wanted), "{err}");
    // Themes × populations (202 × 2) and × designs are within the bound.
    assert!(!err.contains("themes × populations"), "{err}");

    // At the bound, the map is fine.
    let site = map_of(198, 198);
    let out = check(site.path(), "human");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
