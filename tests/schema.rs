//! The JSON Schemas: generated from the Rust types, committed in schema/,
//! published in the site, in step with what validation reads, and right
//! about the real content.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// The schemas as made for the repository's own content.
fn files() -> Vec<(&'static str, String)> {
    let mut diags = gapmap::diagnostics::Diagnostics::default();
    let content = gapmap::build::content(&repo(), &mut diags).unwrap();
    gapmap::schema::files(&gapmap::schema::declared(&content.taxonomies))
}

fn schema(name: &str) -> serde_json::Value {
    files()
        .into_iter()
        .find(|(file, _)| *file == name)
        .map(|(_, json)| serde_json::from_str(&json).unwrap())
        .unwrap()
}

fn yaml_as_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap();
    gapmap::yaml::parse(&path.display().to_string(), &text)
        .unwrap()
        .to_json()
}

fn errors(schema: &serde_json::Value, instance: &serde_json::Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_match_the_types() {
    for (name, json) in files() {
        let committed = fs::read_to_string(repo().join("schema").join(name)).unwrap_or_default();
        assert!(
            committed == json,
            "schema/{name} is out of date with src/schema.rs or content/taxonomies.yaml: run `cargo run -- schema schema` and commit the result"
        );
    }
}

#[test]
fn schemas_declare_exactly_the_fields_validation_reads() {
    let sorted = |v: &[&str]| {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(
        gapmap::schema::properties("study"),
        sorted(gapmap::validate::STUDY_FIELDS)
    );
    assert_eq!(
        gapmap::schema::properties("site"),
        sorted(gapmap::validate::SITE_FIELDS)
    );
    assert_eq!(
        gapmap::schema::properties("taxonomies"),
        vec!["vocabularies".to_string()]
    );
}

#[test]
fn the_real_content_satisfies_the_schemas() {
    let content = repo().join("content");
    assert_eq!(
        errors(
            &schema("site.schema.json"),
            &yaml_as_json(&content.join("site.yaml"))
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(
            &schema("taxonomies.schema.json"),
            &yaml_as_json(&content.join("taxonomies.yaml"))
        ),
        Vec::<String>::new()
    );
    let study = schema("study.schema.json");
    let mut seen = 0;
    for entry in fs::read_dir(content.join("studies")).unwrap() {
        let path = entry.unwrap().path().join("study.yaml");
        assert_eq!(
            errors(&study, &yaml_as_json(&path)),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        // Each file names its schema on its first line, for editors.
        let first = fs::read_to_string(&path).unwrap();
        assert_eq!(
            first.lines().next(),
            Some("# yaml-language-server: $schema=../../../schema/study.schema.json"),
            "{}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 5);
}

#[test]
fn the_schema_catches_what_a_contributor_gets_wrong() {
    let study = schema("study.schema.json");
    let path = repo().join("content/studies/chu-2025-psw-resources/study.yaml");
    let good = yaml_as_json(&path);
    for (field, value) in [
        ("titel", serde_json::json!("a misspelt field")),
        ("year", serde_json::json!("twenty")),
        (
            "doi",
            serde_json::json!("https://doi.org/10.1037/ort0000867"),
        ),
        ("themes", serde_json::json!(["Self Care"])),
        // The site's own terms: a misspelt slug is caught in the editor.
        ("themes", serde_json::json!(["burnuot"])),
        ("design", serde_json::json!("qualitativ")),
        ("status", serde_json::json!("finished")),
        ("title", serde_json::json!("one language only")),
    ] {
        let mut bad = good.clone();
        bad[field] = value;
        assert!(
            !errors(&study, &bad).is_empty(),
            "the schema accepts a wrong `{field}`"
        );
    }
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("design");
    assert!(!errors(&study, &missing).is_empty());
}

#[test]
fn the_site_publishes_the_schemas_and_a_scaffold_points_at_them() {
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    for (name, json) in files() {
        let published = fs::read_to_string(site.path().join("public/schema").join(name)).unwrap();
        assert_eq!(published, json, "public/schema/{name}");
    }

    // A scaffold names the schema on its first line, and the path resolves
    // from the study's folder to the repository's schema/.
    let out = gapmap(&[
        "new",
        "smith-2026-peer-burnout",
        "--root",
        site.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = site.path().join("content/studies/smith-2026-peer-burnout");
    let yaml = fs::read_to_string(dir.join("study.yaml")).unwrap();
    let first = yaml.lines().next().unwrap();
    let relative = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap();
    let mut resolved = vec!["content", "studies", "smith-2026-peer-burnout"];
    for part in relative.split('/') {
        match part {
            ".." => {
                resolved.pop();
            }
            p => resolved.push(p),
        }
    }
    assert_eq!(resolved.join("/"), "schema/study.schema.json");
    assert!(repo().join(resolved.join("/")).is_file());
}

#[test]
fn new_with_a_doi_fills_it_in_and_refuses_a_malformed_one() {
    let site = real_site();
    let root = site.path().to_str().unwrap();
    // A doi.org link is accepted and written bare.
    let out = gapmap(&[
        "new",
        "lee-2026-peer-roles",
        "--root",
        root,
        "--doi",
        "https://doi.org/10.1016/j.jsat.2021.108502",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = fs::read_to_string(
        site.path()
            .join("content/studies/lee-2026-peer-roles/study.yaml"),
    )
    .unwrap();
    assert!(
        yaml.lines()
            .any(|l| l == "doi: \"10.1016/j.jsat.2021.108502\""),
        "{yaml}"
    );
    // The scaffold still fails check, naming the study and what is left, but
    // not the DOI.
    let check = gapmap(&["check", "--root", root]);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(err.contains("lee-2026-peer-roles"), "{err}");
    let about_lee: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("content/studies/lee-2026-peer-roles/"))
        .collect();
    assert!(!about_lee.is_empty());
    assert!(
        about_lee.iter().all(|d| !d.to_lowercase().contains("doi")),
        "{err}"
    );

    // A malformed DOI is refused before anything is written.
    let out = gapmap(&[
        "new",
        "kim-2026-peer-pay",
        "--root",
        root,
        "--doi",
        "10.1016 jsat",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a DOI"), "{}", stderr(&out));
    assert!(
        !site
            .path()
            .join("content/studies/kim-2026-peer-pay")
            .exists()
    );
}
