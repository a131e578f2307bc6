//! taxonomies.yaml under hostile input (issue 21): a long chain of
//! regions is checked in linear time, and a map larger than
//! `MAX_MAP_CELLS` is refused at its vocabulary's line.

mod common;
#[path = "hostile/common.rs"]
mod hostile;

use std::fs;

use common::*;
use hostile::*;

/// The base fixture with `regions` chained: each the parent of the next.
fn region_chain(n: usize) -> tempfile::TempDir {
    let site = fixture_site(None);
    let path = site.path().join("content/taxonomies.yaml");
    let mut chain = String::from("regions:\n  - slug: r0\n    label: {en: R0, zh: R0}\n");
    for i in 1..n {
        chain.push_str(&format!(
            "  - slug: r{i}\n    parent: r{}\n    label: {{en: R{i}, zh: R{i}}}\n",
            i - 1
        ));
    }
    let taxonomies = fs::read_to_string(&path)
        .unwrap()
        .replacen("regions:\n", &chain, 1);
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
        "  - slug: r0\n",
        "  - slug: r0\n    parent: r49\n",
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
            .map(|i| format!("  - slug: {prefix}{i}\n    label: {{en: X{i}, zh: X{i}}}\n"))
            .collect()
    };
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("themes:\n", &format!("themes:\n{}", terms("t", themes)), 1)
        .replacen(
            "regions:\n",
            &format!("regions:\n{}", terms("g", regions)),
            1,
        );
    fs::write(path, text).unwrap();
    site
}

#[test]
fn a_map_larger_than_the_bound_is_refused_at_its_vocabulary() {
    // 202 themes × 302 regions = 61,004 cells: over 40,000.
    let site = map_of(200, 300);
    let out = check(site.path(), "human");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let text = fs::read_to_string(site.path().join("content/taxonomies.yaml")).unwrap();
    let line = text.lines().position(|l| l == "regions:").unwrap() + 1;
    let wanted = format!(
        "content/taxonomies.yaml:{line}:1: error: the map of themes × regions would have 202 × 302 = 61004 cells; a map may have at most 40000"
    );
    assert!(err.contains(&wanted), "{err}");
    // Themes × populations (202 × 2) and × designs are within the bound.
    assert!(!err.contains("themes × populations"), "{err}");

    // At the bound, the map is fine.
    let site = map_of(198, 198);
    let out = check(site.path(), "human");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
