//! Issue 19: `gapmap import` moves a map in. gapmap's own exports of the
//! real content, imported into a site with the same framework and no
//! studies, give studies with the same citation fields and terms; the imported studies are drafts
//! that `check` lists and `build` leaves out; a second import of the same
//! file writes nothing; bad records are named and the rest imported.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// The real content's framework and site settings, with no study.
fn empty_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("themes"), &tmp.path().join("themes"));
    for file in ["site.yaml", "taxonomies.yaml"] {
        fs::create_dir_all(tmp.path().join("content/studies")).unwrap();
        fs::copy(
            repo().join("content").join(file),
            tmp.path().join("content").join(file),
        )
        .unwrap();
    }
    tmp
}

fn import(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["import", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    gapmap(&all)
}

/// A study.yaml as plain YAML values, for comparing fields.
fn study_yaml(root: &Path, id: &str) -> serde_json::Value {
    let text =
        fs::read_to_string(root.join("content/studies").join(id).join("study.yaml")).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

fn real_exports() -> (tempfile::TempDir, gapmap::content::Content) {
    let site = real_site();
    let output = build(site.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let mut diags = gapmap::diagnostics::Diagnostics::default();
    let content = gapmap::build::content(site.path(), &mut diags).unwrap();
    (site, content)
}

#[test]
fn the_real_exports_import_back_with_their_citations_and_terms() {
    let (exported, original) = real_exports();
    let data = exported.path().join("public/data");
    for file in [
        "studies.ris",
        "studies.bib",
        "studies.csl.json",
        "studies.csv",
    ] {
        let site = empty_site();
        let out = import(site.path(), &[data.join(file).to_str().unwrap()]);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        let written: Vec<String> = fs::read_dir(site.path().join("content/studies"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(written.len(), original.studies.len(), "{file}: {written:?}");
        for study in &original.studies {
            // Matched by DOI, or by title where a study has none.
            let id = written
                .iter()
                .find(|id| {
                    let y = study_yaml(site.path(), id);
                    match &study.doi {
                        Some(doi) => y["doi"].as_str() == Some(doi.as_str()),
                        None => y["title"]["en"].as_str() == Some(study.title.en.as_str()),
                    }
                })
                .unwrap_or_else(|| panic!("{file}: no import of {}", study.id));
            let y = study_yaml(site.path(), id);
            assert_eq!(y["title"]["en"], study.title.en.as_str(), "{file} {id}");
            assert_eq!(y["year"].as_i64(), study.year.map(i64::from), "{file} {id}");
            assert_eq!(
                y["journal"].as_str(),
                study.journal.as_deref(),
                "{file} {id}"
            );
            let families: Vec<&str> = y["authors"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x["family"].as_str()).collect())
                .unwrap_or_default();
            let expected: Vec<&str> = study.authors.iter().map(|a| a.family.as_str()).collect();
            assert_eq!(families, expected, "{file} {id}");
            // Every format carries the terms: the CSV in its vocabulary
            // columns, the others in their fields for the tool's own data.
            {
                for v in original.taxonomies.all() {
                    let field = &original.taxonomies[v].field;
                    let slugs: Vec<String> = match &y[field.as_str()] {
                        serde_json::Value::Array(a) => a
                            .iter()
                            .filter_map(|s| s.as_str().map(String::from))
                            .collect(),
                        serde_json::Value::String(s) => vec![s.clone()],
                        _ => Vec::new(),
                    };
                    assert_eq!(slugs, study.slugs(v), "{file} {id} {field}");
                }
            }
        }
        // Imported studies are drafts: check lists them, build leaves them out.
        let checked = gapmap(&["check", "--root", site.path().to_str().unwrap()]);
        assert!(checked.status.success(), "{file}: {}", stderr(&checked));
        assert!(
            stderr(&checked).contains(&format!(
                "{} imported studies are drafts",
                original.studies.len()
            )),
            "{file}: {}",
            stderr(&checked)
        );
        // Again: every record is already in the map; nothing is written.
        let again = import(site.path(), &[data.join(file).to_str().unwrap()]);
        assert!(again.status.success(), "{}", stderr(&again));
        assert!(
            stderr(&again).contains(&format!("{} already in the map", original.studies.len())),
            "{file}: {}",
            stderr(&again)
        );
    }
}

#[test]
fn a_draft_joins_the_site_when_it_is_complete() {
    let (exported, original) = real_exports();
    let site = empty_site();
    let csv = exported.path().join("public/data/studies.csv");
    let out = import(site.path(), &[csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let built = build(site.path());
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        !site
            .path()
            .join("public/studies/williams-2021-self-care")
            .exists()
    );
    // Give one draft its summaries (its terms came from the CSV).
    let study = &original.studies[0];
    let dir = fs::read_dir(site.path().join("content/studies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|d| {
            fs::read_to_string(d.join("study.yaml"))
                .unwrap()
                .contains(&study.title.en.replace('"', "\\\""))
        })
        .unwrap();
    for lang in ["en", "zh"] {
        fs::copy(
            repo()
                .join("content/studies")
                .join(&study.id)
                .join(format!("summary.{lang}.md")),
            dir.join(format!("summary.{lang}.md")),
        )
        .unwrap();
    }
    // And its methods, which no export carries.
    let yaml = dir.join("study.yaml");
    let mut text = fs::read_to_string(&yaml).unwrap();
    text.push_str("methods: {en: \"Interviews.\", zh: \"访谈。\"}\n");
    fs::write(&yaml, text).unwrap();
    let built = build(site.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let id = dir.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        site.path()
            .join("public/studies")
            .join(&id)
            .join("index.html")
            .is_file(),
        "{id} did not join the site: {}",
        stderr(&built)
    );
}

#[test]
fn bad_records_are_named_and_the_rest_imported_with_exit_status_1() {
    let site = empty_site();
    let ris = site.path().join("refs.ris");
    fs::write(
        &ris,
        "TY  - JOUR\nTI  - A good record\nAU  - Example, Ada\nPY  - 2020\nER  - \n\n\
         TY  - JOUR\nAU  - Nameless, Title\nPY  - 2021\nER  - \n\n\
         TY  - JOUR\nTI  - Another good one\nAU  - Sample, Bo\nPY  - 2019\nER  - \n",
    )
    .unwrap();
    let dry = import(site.path(), &["--dry-run", ris.to_str().unwrap()]);
    assert_eq!(dry.status.code(), Some(1), "{}", stderr(&dry));
    assert!(stderr(&dry).contains("refs.ris:7"), "{}", stderr(&dry));
    assert!(
        stderr(&dry).contains("would write 2 studies"),
        "{}",
        stderr(&dry)
    );
    assert_eq!(
        fs::read_dir(site.path().join("content/studies"))
            .unwrap()
            .count(),
        0,
        "a dry run writes nothing"
    );
    let out = import(site.path(), &[ris.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote 2 studies"), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 refused"), "{}", stderr(&out));
}

/// An EPPI-Reviewer export with a three-level code tree, reviewers' names
/// and comments: the proposed framework and mapping check, the import maps
/// its codes to the proposed terms, and once a study is complete and in
/// the site, no reviewer's name or comment is anywhere in the output or a
/// bundle.
#[test]
fn an_eppi_export_moves_in_through_its_proposed_framework_and_keeps_reviewers_out() {
    let site = fixture_site(None);
    let root = site.path();
    let export = repo().join("tests/fixtures/import/eppi-export.json");
    let export = export.to_str().unwrap();
    let proposed = import(root, &["--propose-mapping", export]);
    assert!(
        root.join("taxonomies.proposed.yaml").is_file(),
        "{}",
        stderr(&proposed)
    );
    assert!(root.join("import-mapping.yaml").is_file());
    // The owner moves the proposed vocabularies into the site's.
    let mut taxonomies = fs::read_to_string(root.join("content/taxonomies.yaml")).unwrap();
    let proposed_text = fs::read_to_string(root.join("taxonomies.proposed.yaml")).unwrap();
    let items = proposed_text.split_once("vocabularies:\n").unwrap().1;
    taxonomies.push_str(items);
    fs::write(root.join("content/taxonomies.yaml"), taxonomies).unwrap();

    let mapping = root.join("import-mapping.yaml");
    let out = import(root, &["--mapping", mapping.to_str().unwrap(), export]);
    let err = stderr(&out);
    // One reference has no title: named by its index and ItemId; the rest
    // are imported, and the exit status says one was refused.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("record 3 (ItemId 91236) not imported"),
        "{err}"
    );
    assert!(err.contains("wrote 4 studies"), "{err}");
    let studies: Vec<std::path::PathBuf> = fs::read_dir(root.join("content/studies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("peer-burnout"))
        .collect();
    assert_eq!(studies.len(), 4);
    let coded = studies
        .iter()
        .find(|d| {
            fs::read_to_string(d.join("study.yaml"))
                .unwrap()
                .contains("Reflective supervision and burnout")
        })
        .unwrap();
    let yaml = fs::read_to_string(coded.join("study.yaml")).unwrap();
    assert!(
        yaml.contains("intervention: [\"reflective-supervision\"]"),
        "{yaml}"
    );
    assert!(yaml.contains("outcome: [\"burnout\"]"), "{yaml}");

    // Complete that study: the base fixture's required vocabularies,
    // methods and summaries.
    let mut text = yaml.clone();
    text.push_str("design: qualitative\npopulations: [adults]\nregions: [massachusetts]\nthemes: [burnout]\nmethods: {en: \"Interviews.\", zh: \"访谈。\"}\n");
    fs::write(coded.join("study.yaml"), text).unwrap();
    fs::write(
        coded.join("summary.en.md"),
        "## Findings\n\nCoaches said so.\n",
    )
    .unwrap();
    fs::write(coded.join("summary.zh.md"), "## 结果\n\n教练这样说。\n").unwrap();
    let built = build(root);
    assert!(built.status.success(), "{}", stderr(&built));
    let id = coded.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        root.join("public/studies")
            .join(&id)
            .join("index.html")
            .is_file()
    );
    let zip = root.join("b.zip");
    let bundled = gapmap(&[
        "bundle",
        "--root",
        root.to_str().unwrap(),
        "--output",
        zip.to_str().unwrap(),
    ]);
    assert!(bundled.status.success(), "{}", stderr(&bundled));
    let mut outputs: Vec<(String, Vec<u8>)> = snapshot(&root.join("public"))
        .into_iter()
        .map(|(p, b)| (p.display().to_string(), b))
        .collect();
    let mut archive = zip::ZipArchive::new(fs::File::open(&zip).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        outputs.push((file.name().unwrap().to_string(), bytes));
    }
    for (path, bytes) in outputs {
        let text = String::from_utf8_lossy(&bytes);
        for secret in ["Alice Example", "Bob Sample", "check the sample size"] {
            assert!(!text.contains(secret), "{secret} in {path}");
        }
    }
}

/// Every fixture written from a format's documentation imports into the
/// base site; the site then builds and every link of it resolves (the
/// imported studies are drafts, listed and left out, not broken content).
#[test]
fn every_format_fixture_imports_and_the_site_builds_and_checks() {
    let fixtures = repo().join("tests/fixtures/import");
    for name in [
        "zotero.ris",
        "endnote.ris",
        "zotero.bib",
        "zotero.json",
        "excel-utf8.csv",
        "excel-unicode.txt",
        "eppi-export.json",
    ] {
        let site = fixture_site(None);
        let root = site.path();
        let out = import(root, &[fixtures.join(name).to_str().unwrap()]);
        let err = stderr(&out);
        // Some fixtures hold a broken record on purpose: exit 1, the rest
        // imported.
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {err}");
        assert!(err.contains("wrote "), "{name}: {err}");
        assert!(!err.contains("wrote 0 studies"), "{name}: {err}");
        let built = build(root);
        assert!(built.status.success(), "{name}: {}", stderr(&built));
        assert!(
            stderr(&built).contains("are drafts") || stderr(&built).contains("is a draft"),
            "{name}: {}",
            stderr(&built)
        );
        let checked = gapmap(&[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--output",
            root.join("public").to_str().unwrap(),
        ]);
        assert!(checked.status.success(), "{name}: {}", stderr(&checked));
    }
}

/// An import never overwrites a study; with `--update`, a record already in
/// the map refreshes the citation fields it brings, and nothing else.
#[test]
fn update_refreshes_only_the_citation_fields_a_record_brings() {
    let (exported, _) = real_exports();
    let site = real_site();
    let root = site.path();
    let ris = exported.path().join("public/data/studies.ris");
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = snapshot(&root.join("content"));
    let out = import(root, &[ris.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote 0 studies"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("5 already in the map"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        snapshot(&root.join("content")),
        before,
        "an import wrote over a study"
    );

    // The source corrects a journal's name.
    let text = fs::read_to_string(&ris).unwrap().replace(
        "American Journal of Orthopsychiatry",
        "American Journal of Orthopsychiatry (corrected)",
    );
    let corrected = root.join("corrected.ris");
    fs::write(&corrected, text).unwrap();
    let out = import(root, &["--update", corrected.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 updated"), "{}", stderr(&out));
    let study = root.join("content/studies/chu-2025-psw-resources");
    let yaml = fs::read_to_string(study.join("study.yaml")).unwrap();
    assert!(
        yaml.contains("journal: \"American Journal of Orthopsychiatry (corrected)\""),
        "{yaml}"
    );
    let original =
        fs::read_to_string(repo().join("content/studies/chu-2025-psw-resources/study.yaml"))
            .unwrap();
    // Everything but the citation is as the person wrote it.
    for line in original.lines().filter(|l| {
        ![
            "journal:", "title:", "  en:", "authors:", "  - {", "year:", "doi:", "pages:",
            "volume:", "issue:", "url:",
        ]
        .iter()
        .any(|p| l.starts_with(p))
    }) {
        assert!(yaml.contains(line), "lost: {line}\n{yaml}");
    }
    for file in ["summary.en.md", "summary.zh.md"] {
        assert_eq!(
            fs::read(study.join(file)).unwrap(),
            fs::read(
                repo()
                    .join("content/studies/chu-2025-psw-resources")
                    .join(file)
            )
            .unwrap()
        );
    }
    let checked = gapmap(&["check", "--root", root.to_str().unwrap()]);
    assert!(checked.status.success(), "{}", stderr(&checked));
}

/// Imported text is untrusted: a record whose fields look like YAML, HTML
/// or a path lands as plain text in a study folder under content/studies,
/// whatever it says, and `--dry-run` names the folder it would write.
#[test]
fn a_hostile_record_lands_as_text_inside_content_studies() {
    let site = empty_site();
    let root = site.path();
    let ris = root.join("hostile.ris");
    fs::write(
        &ris,
        "TY  - JOUR\nTI  - ': {evil: [1]} # <script>alert(1)</script> ../../../etc\nAU  - ../../root, \"quoted\"\nPY  - 2020\nT2  - Journal\\ \"of\" {braces}\nKW  - - item: not a list\nER  - \n",
    )
    .unwrap();
    let dry = import(root, &["--dry-run", ris.to_str().unwrap()]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stderr(&dry).contains("would be written as content/studies/root-2020-evil-1-script/"),
        "{}",
        stderr(&dry)
    );
    let out = import(root, &[ris.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let folders: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.ends_with("study.yaml"))
        .collect();
    assert_eq!(folders.len(), 1);
    assert!(folders[0].starts_with(root.join("content/studies")));
    let y = study_yaml(root, "root-2020-evil-1-script");
    assert_eq!(
        y["title"]["en"],
        "': {evil: [1]} # <script>alert(1)</script> ../../../etc"
    );
    assert_eq!(y["journal"], "Journal\\ \"of\" {braces}");
    let checked = gapmap(&["check", "--root", root.to_str().unwrap()]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(
        stderr(&checked).contains("1 imported study is a draft"),
        "{}",
        stderr(&checked)
    );
}
