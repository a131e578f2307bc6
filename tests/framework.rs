//! Issue 18: every diagnostic about the map's framework (the vocabularies
//! of content/taxonomies.yaml, the maps of site.yaml, and a study.yaml's
//! vocabulary fields), each from one edit to the base fixture, with its
//! path, line, column and help; and a sixth vocabulary that drives the
//! whole site. Lines are found in the edited text, not written here, so
//! the fixture can grow.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::*;

const TAXONOMIES: &str = "content/taxonomies.yaml";
const SITE: &str = "content/site.yaml";
const STUDY: &str = "content/studies/peer-burnout/study.yaml";

/// The base site with `file` rewritten by `edit`, and the edited text.
fn edited(file: &str, edit: impl FnOnce(&str) -> String) -> (tempfile::TempDir, String) {
    let site = fixture_site(None);
    let path = site.path().join(file);
    let before = fs::read_to_string(&path).unwrap();
    let after = edit(&before);
    assert_ne!(before, after, "the edit of {file} changed nothing");
    fs::write(&path, &after).unwrap();
    (site, after)
}

/// `text` with the one occurrence of `from` replaced by `to`.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` should occur once in:\n{text}"
    );
    text.replacen(from, to, 1)
}

/// 1-based line and column where `needle` begins in `text`; it must occur
/// exactly once.
fn at(text: &str, needle: &str) -> (usize, usize) {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "`{needle}` should occur once in:\n{text}"
    );
    let offset = text.find(needle).unwrap();
    let line = text[..offset].matches('\n').count() + 1;
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..offset].chars().count() + 1)
}

/// Where `inner` begins inside the one occurrence of `outer`.
fn at_in(text: &str, outer: &str, inner: &str) -> (usize, usize) {
    let (line, column) = at(text, outer);
    let within = outer
        .find(inner)
        .unwrap_or_else(|| panic!("`{inner}` not in `{outer}`"));
    assert!(!outer[..within].contains('\n'));
    (line, column + outer[..within].chars().count())
}

fn check(root: &Path) -> Output {
    gapmap(&["check", "--root", root.to_str().unwrap()])
}

/// The diagnostic whose head line is `file:line:column: severity: message`,
/// from its head up to the next diagnostic or the summary; fails when there
/// is none.
fn diagnostic(
    err: &str,
    file: &str,
    (line, column): (usize, usize),
    severity: &str,
    message: &str,
) -> String {
    let head = format!("{file}:{line}:{column}: {severity}: {message}\n");
    let Some(start) = err.find(&head) else {
        panic!("missing\n{head}in:\n{err}");
    };
    let rest = &err[start + head.len()..];
    let end = rest
        .lines()
        .scan(0, |offset, l| {
            let here = *offset;
            *offset += l.len() + 1;
            Some((here, l))
        })
        .find(|(_, l)| l.starts_with("content/") || l.contains(" error") && l.contains(" warning"))
        .map_or(rest.len(), |(offset, _)| offset);
    format!("{head}{}", &rest[..end])
}

/// Asserts `check` exits with `code` and reports the diagnostic, with
/// `help` (when given) as its help line; returns the diagnostic.
#[allow(clippy::too_many_arguments)]
fn expect(
    output: &Output,
    code: i32,
    file: &str,
    place: (usize, usize),
    severity: &str,
    message: &str,
    help: Option<&str>,
) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let d = diagnostic(&err, file, place, severity, message);
    if let Some(help) = help {
        assert!(
            d.contains(&format!("help: {help}\n")),
            "no `help: {help}` in:\n{d}\n(all of it:\n{err})"
        );
    }
    d
}

fn error(output: &Output, file: &str, place: (usize, usize), message: &str, help: Option<&str>) {
    expect(output, 1, file, place, "error", message, help);
}

// 1. A map naming a vocabulary that is not declared.

#[test]
fn a_map_naming_an_unknown_vocabulary_in_rows_suggests_the_nearest_key() {
    let (site, text) = edited(SITE, |t| replace_once(t, "rows: themes", "rows: themse"));
    error(
        &check(site.path()),
        SITE,
        at_in(&text, "rows: themse", "themse"),
        "`rows` names unknown vocabulary `themse`",
        Some("did you mean `themes`?"),
    );
}

#[test]
fn a_map_naming_an_unknown_vocabulary_in_columns_suggests_the_nearest_key() {
    let (site, text) = edited(SITE, |t| {
        replace_once(
            t,
            "[populations, regions, designs]",
            "[populations, regoins, designs]",
        )
    });
    error(
        &check(site.path()),
        SITE,
        at(&text, "regoins"),
        "`columns` names unknown vocabulary `regoins`",
        Some("did you mean `regions`?"),
    );
}

#[test]
fn a_map_naming_an_unknown_vocabulary_in_segment_suggests_the_nearest_key() {
    let (site, text) = edited(SITE, |t| {
        replace_once(t, "    brief:", "    segment: desings\n    brief:")
    });
    error(
        &check(site.path()),
        SITE,
        at(&text, "desings"),
        "`segment` names unknown vocabulary `desings`",
        Some("did you mean `designs`?"),
    );
}

#[test]
fn a_map_naming_an_unknown_vocabulary_in_brief_suggests_the_nearest_key() {
    let (site, text) = edited(SITE, |t| {
        replace_once(
            t,
            "brief: [populations, designs]",
            "brief: [populatoins, designs]",
        )
    });
    error(
        &check(site.path()),
        SITE,
        at(&text, "populatoins"),
        "`brief` names unknown vocabulary `populatoins`",
        Some("did you mean `populations`?"),
    );
}

#[test]
fn a_map_naming_a_vocabulary_nothing_near_lists_the_declared_keys() {
    let (site, text) = edited(SITE, |t| replace_once(t, "rows: themes", "rows: outcomes"));
    error(
        &check(site.path()),
        SITE,
        at(&text, "outcomes"),
        "`rows` names unknown vocabulary `outcomes`",
        Some("content/taxonomies.yaml declares: themes, populations, regions, designs, settings"),
    );
}

// 2. Two vocabularies with one key, one study.yaml field or one singular.

#[test]
fn two_vocabularies_with_one_key() {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(t, "- key: settings", "- key: themes\n    field: settings")
    });
    error(
        &check(site.path()),
        TAXONOMIES,
        at_in(&text, "- key: themes\n    field: settings", "themes"),
        "two vocabularies have the key `themes`",
        Some(&format!(
            "give each vocabulary its own key; `themes` is first declared on line {}",
            at(&text, "- key: themes\n    name").0
        )),
    );
}

#[test]
fn two_vocabularies_with_one_study_field() {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(t, "- key: settings", "- key: settings\n    field: design")
    });
    error(
        &check(site.path()),
        TAXONOMIES,
        at_in(
            &text,
            "field: design\n    name: {en: \"Settings\"",
            "design",
        ),
        "two vocabularies have the study.yaml field `design`",
        Some(&format!(
            "give each vocabulary its own study.yaml field; `design` is first declared on line {}",
            at(&text, "field: design\n    name: {en: \"Study").0
        )),
    );
}

#[test]
fn two_vocabularies_with_one_english_singular() {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(
            t,
            "singular: {en: \"setting\", zh: \"服务场所\"}",
            "singular: {en: \"theme\", zh: \"服务场所\"}",
        )
    });
    error(
        &check(site.path()),
        TAXONOMIES,
        at_in(&text, "singular: {en: \"theme\", zh: \"服务场所\"}", "{"),
        "two vocabularies have the singular name (in English) `theme`",
        Some(&format!(
            "give each vocabulary its own singular name (in English); `theme` is first declared on line {}",
            at(&text, "singular: {en: \"theme\", zh: \"主题\"}").0
        )),
    );
}

// 3. A term slug defined twice in one vocabulary.

#[test]
fn a_term_defined_twice_in_one_vocabulary() {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(
            t,
            "      - slug: burnout\n",
            "      - slug: burnout\n        label: {en: Burnout, zh: 倦怠}\n      - slug: burnout\n",
        )
    });
    let second = text.match_indices("- slug: burnout").nth(1).unwrap().0;
    let line = text[..second].matches('\n').count() + 1;
    error(
        &check(site.path()),
        TAXONOMIES,
        (line, 15),
        "theme `burnout` is defined twice",
        Some("remove or rename one of them"),
    );
}

// 4. Parents: one that does not exist, and a cycle.

#[test]
fn a_parent_that_does_not_exist_suggests_the_nearest_term() {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(t, "parent: united-states", "parent: united-state")
    });
    error(
        &check(site.path()),
        TAXONOMIES,
        at_in(&text, "parent: united-state\n", "united-state"),
        "unknown parent region `united-state`",
        Some("did you mean `united-states`?"),
    );
}

#[test]
fn a_cycle_of_parents_reports_each_term_of_the_cycle() {
    let (site, text) = edited(TAXONOMIES, |t| {
        let t = replace_once(
            t,
            "      - slug: self-care\n",
            "      - slug: self-care\n        parent: burnout\n",
        );
        replace_once(
            &t,
            "      - slug: burnout\n",
            "      - slug: burnout\n        parent: self-care\n",
        )
    });
    let output = check(site.path());
    error(
        &output,
        TAXONOMIES,
        at_in(&text, "parent: burnout", "burnout"),
        "theme `self-care` is its own ancestor through `parent`",
        Some(
            "remove a `parent` of the cycle, so that following `parent` from `self-care` ends at a term that has none",
        ),
    );
    error(
        &output,
        TAXONOMIES,
        at_in(&text, "parent: self-care", "self-care"),
        "theme `burnout` is its own ancestor through `parent`",
        Some(
            "remove a `parent` of the cycle, so that following `parent` from `burnout` ends at a term that has none",
        ),
    );
}

// 5. A name, singular or label without Chinese: a warning, and the
// Chinese site shows the English, marked.

fn without_chinese(from: &str, to: &str, field: &str) -> (tempfile::TempDir, String) {
    let (site, text) = edited(TAXONOMIES, |t| replace_once(t, from, to));
    expect(
        &check(site.path()),
        0,
        TAXONOMIES,
        at_in(&text, to, "{"),
        "warning",
        &format!(
            "`{field}` has no Chinese (zh) text; the Chinese site will show the English marked as not yet translated"
        ),
        Some(&format!("add `  zh: ...` under `{field}:`")),
    );
    let built = build(site.path());
    assert!(built.status.success(), "{}", stderr(&built));
    (site, text)
}

#[test]
fn a_vocabulary_name_without_chinese_is_a_warning_and_shown_in_english_marked() {
    let (site, _) = without_chinese(
        "name: {en: \"Themes\", zh: \"主题\"}",
        "name: {en: \"Themes\"}",
        "name",
    );
    let page = fs::read_to_string(site.path().join("public/zh/themes/index.html")).unwrap();
    assert!(
        page.contains("<h1 lang=\"en\">Themes</h1>"),
        "the Chinese themes page does not mark its English heading:\n{page}"
    );
}

#[test]
fn a_vocabulary_singular_without_chinese_is_a_warning() {
    without_chinese(
        "singular: {en: \"theme\", zh: \"主题\"}",
        "singular: {en: \"theme\"}",
        "singular",
    );
}

#[test]
fn a_term_label_without_chinese_is_a_warning_and_shown_in_english_marked() {
    let (site, _) = without_chinese(
        "label: {en: Burnout, zh: 倦怠}",
        "label: {en: Burnout}",
        "label",
    );
    let page = fs::read_to_string(site.path().join("public/zh/themes/burnout/index.html")).unwrap();
    assert!(
        page.contains("<h1 lang=\"en\">Burnout</h1>"),
        "the Chinese burnout page does not mark its English heading:\n{page}"
    );
}

// 6. Terms no study uses: a note.

#[test]
fn terms_no_study_uses_are_a_note_naming_them() {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(
            t,
            "      - slug: burnout\n",
            "      - slug: stigma\n        label: {en: Stigma, zh: 污名}\n      - slug: isolation\n        label: {en: Isolation, zh: 孤立}\n      - slug: burnout\n",
        )
    });
    let output = check(site.path());
    expect(
        &output,
        0,
        TAXONOMIES,
        (at(&text, "- slug: stigma").0, 1),
        "note",
        "no study uses 2 of the themes: stigma, isolation",
        Some(
            "its page lists no study and the maps leave it out; remove it if it is not part of the framework",
        ),
    );
    // The fixture's own unused population, one of its kind.
    expect(
        &output,
        0,
        TAXONOMIES,
        (at(&text, "- slug: youth").0, 1),
        "note",
        "no study uses one of the populations: youth",
        None,
    );
}

// 7. A study's vocabulary fields.

/// A sixth vocabulary, `outcomes`, declared after the base five.
const OUTCOMES: &str = r#"  - key: outcomes
    name: {en: "Outcomes", zh: "结果"}
    singular: {en: "outcome", zh: "结果"}
    multiple: true
    filter: true
    nav: true
    list: tags
    terms:
      - slug: wellbeing
        label: {en: Wellbeing, zh: 福祉}
      - slug: retention
        label: {en: Retention, zh: 留任}
"#;

/// The base site with `outcomes` declared and the study's `themes` line
/// followed by `line`.
fn with_outcomes(line: &str) -> (tempfile::TempDir, String) {
    let (site, _) = edited(TAXONOMIES, |t| format!("{t}{OUTCOMES}"));
    let path = site.path().join(STUDY);
    let study = replace_once(
        &fs::read_to_string(&path).unwrap(),
        "themes: [burnout, self-care]\n",
        &format!("themes: [burnout, self-care]\n{line}\n"),
    );
    fs::write(&path, &study).unwrap();
    (site, study)
}

#[test]
fn a_study_field_near_a_declared_vocabulary_suggests_it() {
    let (site, text) = edited(STUDY, |t| replace_once(t, "themes: [", "theems: ["));
    error(
        &check(site.path()),
        STUDY,
        at(&text, "theems"),
        "unknown field `theems` in study.yaml",
        Some("did you mean `themes`?"),
    );
}

#[test]
fn a_study_field_near_a_new_vocabulary_suggests_it() {
    let (site, text) = with_outcomes("outcmes: [wellbeing]");
    error(
        &check(site.path()),
        STUDY,
        at(&text, "outcmes"),
        "unknown field `outcmes` in study.yaml",
        Some("did you mean `outcomes`?"),
    );
}

#[test]
fn an_unknown_term_of_a_new_vocabulary_is_named_by_its_singular_with_the_terms() {
    let (site, text) = with_outcomes("outcomes: [x]");
    error(
        &check(site.path()),
        STUDY,
        at_in(&text, "outcomes: [x]", "x"),
        "unknown outcome `x`",
        Some("use an outcome from content/taxonomies.yaml: wellbeing, retention"),
    );
}

#[test]
fn a_misspelt_term_of_a_new_vocabulary_suggests_the_nearest() {
    let (site, text) = with_outcomes("outcomes: [wellbeeing]");
    error(
        &check(site.path()),
        STUDY,
        at(&text, "wellbeeing"),
        "unknown outcome `wellbeeing`",
        Some("did you mean `wellbeing`?"),
    );
}

#[test]
fn a_required_vocabulary_missing_from_a_study_says_where_to_add_it() {
    let (site, text) = edited(STUDY, |t| replace_once(t, "regions: [massachusetts]\n", ""));
    error(
        &check(site.path()),
        STUDY,
        (at(&text, "populations: [adults]").0 + 1, 1),
        "missing required field `regions` in study.yaml",
        Some(
            "add a line `regions: [united-states]` here, after `populations`; the regions are: united-states, massachusetts",
        ),
    );
}

// 8. A vocabulary that takes one term, given two.

#[test]
fn a_single_term_vocabulary_given_two_terms() {
    let (site, _) = edited(TAXONOMIES, |t| {
        replace_once(
            t,
            "multiple: true\n    required: true\n    filter: true\n    nav: true\n    list: tags",
            "multiple: false\n    required: true\n    filter: true\n    nav: true\n    list: tags",
        )
    });
    let study = fs::read_to_string(site.path().join(STUDY)).unwrap();
    error(
        &check(site.path()),
        STUDY,
        at_in(&study, "themes: [burnout", "["),
        "`themes` takes one theme",
        Some("keep the one that describes the study, e.g. `themes: burnout`"),
    );
}

// 9. Keys and fields the site or study.yaml already uses.

fn taken_key(key: &str) {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(t, "- key: settings", &format!("- key: {key}"))
    });
    error(
        &check(site.path()),
        TAXONOMIES,
        at_in(&text, &format!("- key: {key}"), key),
        &format!("vocabulary key `{key}` is taken by the site's own pages or study fields"),
        Some(
            "choose another key; these are taken: studies, authors, search, assets, zh, en, data, schema, brief, map, maps",
        ),
    );
}

#[test]
fn a_vocabulary_key_the_site_uses_is_refused() {
    taken_key("studies");
}

#[test]
fn the_vocabulary_key_map_is_refused() {
    taken_key("map");
}

#[test]
fn a_vocabulary_key_that_is_a_study_field_is_refused() {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(t, "- key: settings", "- key: year")
    });
    error(
        &check(site.path()),
        TAXONOMIES,
        at_in(&text, "- key: year", "year"),
        "vocabulary key `year` is taken by the site's own pages or study fields",
        Some("`year` is one of study.yaml's own fields: choose another key"),
    );
}

#[test]
fn a_vocabulary_field_that_is_a_study_field_is_refused() {
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(t, "- key: settings", "- key: settings\n    field: title")
    });
    error(
        &check(site.path()),
        TAXONOMIES,
        at_in(&text, "field: title", "title"),
        "`field: title` cannot name a study.yaml field",
        Some("`title` is one of study.yaml's own fields: choose another name"),
    );
}

// 10. The declarations as a whole.

#[test]
fn taxonomies_in_the_old_format_say_how_to_declare_them() {
    let old = "themes:\n  - slug: burnout\n    label: {en: Burnout, zh: 倦怠}\n";
    let (site, text) = edited(TAXONOMIES, |_| old.to_string());
    error(
        &check(site.path()),
        TAXONOMIES,
        at(&text, "themes:"),
        "`themes` is a list of terms at the top of taxonomies.yaml, as gapmap wrote vocabularies before they were declared",
        Some(
            "declare it under `vocabularies:` as `- key: themes` with its `name`, `singular` and `terms` (docs/framework.md shows every field)",
        ),
    );
}

#[test]
fn a_site_without_maps_is_told_to_declare_one() {
    let (site, text) = edited(SITE, |t| {
        let from = t.find("maps:").unwrap();
        let to = t.find("related:").unwrap();
        format!("{}{}", &t[..from], &t[to..])
    });
    let d = expect(
        &check(site.path()),
        1,
        SITE,
        (at(&text, "related:").0, 1),
        "error",
        "site.yaml declares no map",
        Some(
            "add `maps:` here, after `theme`, with at least one map, e.g. `maps: [{key: evidence, rows: themes, columns: [populations], title: {en: ..., zh: ...}}]`; the vocabularies are: themes, populations, regions, designs, settings",
        ),
    );
    assert!(
        !d.contains(" | title:"),
        "it quotes an unrelated line:\n{d}"
    );
}

#[test]
fn an_empty_list_of_maps() {
    let (site, text) = edited(SITE, |t| {
        let from = t.find("maps:").unwrap();
        let to = t.find("related:").unwrap();
        format!("{}maps: []\n{}", &t[..from], &t[to..])
    });
    error(
        &check(site.path()),
        SITE,
        at_in(&text, "maps: []", "["),
        "`maps` lists no map",
        Some("the first map is the home page's: declare at least one"),
    );
}

#[test]
fn a_map_whose_rows_are_also_a_column() {
    let (site, text) = edited(SITE, |t| {
        replace_once(
            t,
            "columns: [populations, regions, designs]",
            "columns: [populations, themes, designs]",
        )
    });
    error(
        &check(site.path()),
        SITE,
        at_in(&text, "[populations, themes", "themes"),
        "`themes` is both the rows and a column of the map",
        Some("a map sets one vocabulary against others: remove it from `columns`"),
    );
}

#[test]
fn related_naming_five_vocabularies() {
    let (site, text) = edited(SITE, |t| {
        replace_once(
            t,
            "related: [themes, populations, regions]",
            "related: [themes, populations, regions, designs, settings]",
        )
    });
    error(
        &check(site.path()),
        SITE,
        at_in(&text, "related: [", "["),
        "`related` names 5 vocabularies; related studies can be ranked by at most 4",
        Some("keep the ones whose shared terms say most about how close two studies are"),
    );
}

// 11. The declared framework drives the site.

#[test]
fn a_sixth_vocabulary_gets_pages_a_filter_navigation_exports_and_a_bundle_flag() {
    let (site, _) = with_outcomes("outcomes: [wellbeing]");
    let root = site.path();
    let built = build(root);
    assert!(built.status.success(), "{}", stderr(&built));
    let public = root.join("public");
    let read =
        |rel: &str| fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));

    // The vocabulary's page lists its terms; each term has its page.
    let index = read("outcomes/index.html");
    assert!(index.contains("<h1>Outcomes</h1>"), "{index}");
    assert!(
        index.contains("href=\"wellbeing/index.html\"")
            || index.contains("outcomes/wellbeing/index.html"),
        "{index}"
    );
    let term = read("outcomes/wellbeing/index.html");
    assert!(term.contains("<h1>Wellbeing</h1>"), "{term}");
    assert!(term.contains("studies/peer-burnout/index.html"), "{term}");
    assert!(read("zh/outcomes/wellbeing/index.html").contains("<h1>福祉</h1>"));
    assert!(public.join("outcomes/retention/index.html").is_file());

    // The studies list offers it as a filter, with both terms.
    let studies = read("studies/index.html");
    assert!(studies.contains("<legend>Outcomes</legend>"), "{studies}");
    for slug in ["wellbeing", "retention"] {
        assert!(
            studies.contains(&format!(
                "<input type=\"checkbox\" name=\"outcome\" value=\"{slug}\">"
            )),
            "no {slug} filter in:\n{studies}"
        );
    }
    assert!(studies.contains("data-outcome=\"wellbeing\""), "{studies}");

    // `nav: true` links it from every page's navigation.
    let home = read("index.html");
    assert!(
        home.contains("<li><a href=\"outcomes/index.html\">Outcomes</a></li>"),
        "{home}"
    );

    // The exports have its column and field.
    let csv = read("data/studies.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|c| *c == "outcomes");
    assert!(column.is_some(), "no outcomes column in {header:?}");
    assert!(header.contains(&"outcomes_en") && header.contains(&"outcomes_zh"));
    assert!(
        lines.next().unwrap().contains(",wellbeing,Wellbeing,福祉,"),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&read("data/studies.json")).unwrap();
    assert_eq!(
        json["studies"][0]["outcomes"][0]["slug"], "wellbeing",
        "{json}"
    );

    // `gapmap bundle` takes a flag named after its singular.
    let zip = root.join("outcome.zip");
    let bundled = gapmap(&[
        "bundle",
        "--root",
        root.to_str().unwrap(),
        "--output",
        zip.to_str().unwrap(),
        "--outcome",
        "wellbeing",
    ]);
    assert!(bundled.status.success(), "{}", stderr(&bundled));
    let archive = zip::ZipArchive::new(fs::File::open(&zip).unwrap()).unwrap();
    assert!(
        archive
            .file_names()
            .any(|n| n.unwrap().ends_with("/studies/peer-burnout/index.html")),
        "the study is not in the bundle"
    );
    // A term no study has chooses none, and a misspelt one is corrected.
    let none = gapmap(&[
        "bundle",
        "--root",
        root.to_str().unwrap(),
        "--output",
        zip.to_str().unwrap(),
        "--outcome",
        "retention",
    ]);
    assert_eq!(none.status.code(), Some(2), "{}", stderr(&none));
    let typo = gapmap(&[
        "bundle",
        "--root",
        root.to_str().unwrap(),
        "--output",
        zip.to_str().unwrap(),
        "--outcome",
        "wellbeng",
    ]);
    assert!(
        stderr(&typo)
            .contains("error: unknown outcome `wellbeng` for --outcome; did you mean `wellbeing`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn a_map_larger_than_the_bound() {
    let extra = |prefix: &str| -> String {
        (0..199)
            .map(|i| format!("      - slug: {prefix}-{i}\n        label: {{en: {prefix} {i}, zh: {prefix} {i}}}\n"))
            .collect()
    };
    let (site, _) = edited(TAXONOMIES, |t| {
        let t = replace_once(
            t,
            "      - slug: burnout\n        label: {en: Burnout, zh: 倦怠}\n",
            &format!(
                "      - slug: burnout\n        label: {{en: Burnout, zh: 倦怠}}\n{}",
                extra("t")
            ),
        );
        replace_once(
            &t,
            "      - slug: adults\n        label: {en: Adults, zh: 成年人}\n",
            &format!(
                "      - slug: adults\n        label: {{en: Adults, zh: 成年人}}\n{}",
                extra("p")
            ),
        )
    });
    let text = fs::read_to_string(site.path().join(SITE)).unwrap();
    error(
        &check(site.path()),
        SITE,
        at_in(&text, "rows: themes", "themes"),
        "the map of themes × populations would have 201 × 201 = 40401 cells; a map may have at most 40000",
        Some(
            "merge or remove populations: a map shows every one of its rows against every one of its columns",
        ),
    );
}

#[test]
fn many_unused_terms_are_counted_not_all_named() {
    let extra: String = (0..150)
        .map(|i| format!("      - slug: t-{i}\n        label: {{en: t {i}, zh: t {i}}}\n"))
        .collect();
    let (site, text) = edited(TAXONOMIES, |t| {
        replace_once(
            t,
            "      - slug: burnout\n",
            &format!("{extra}      - slug: burnout\n"),
        )
    });
    let first20: Vec<String> = (0..20).map(|i| format!("t-{i}")).collect();
    expect(
        &check(site.path()),
        0,
        TAXONOMIES,
        (at(&text, "- slug: t-0\n").0, 1),
        "note",
        &format!(
            "no study uses 150 of the themes: {}, and 130 more",
            first20.join(", ")
        ),
        None,
    );
}

#[test]
fn a_brief_naming_a_vocabulary_that_is_not_a_column() {
    let (site, text) = edited(SITE, |t| {
        replace_once(
            t,
            "brief: [populations, designs]",
            "brief: [populations, settings]",
        )
    });
    error(
        &check(site.path()),
        SITE,
        at_in(&text, "brief: [populations, settings]", "settings"),
        "`brief` names `settings`, which is not one of the map's columns",
        Some("the printed brief shows some of the map's own column sets"),
    );
}

#[test]
fn two_maps_with_one_key() {
    let (site, text) = edited(SITE, |t| {
        replace_once(
            t,
            "related:",
            "  - key: evidence\n    rows: regions\n    columns: designs\n    title: {en: Places, zh: 地区}\nrelated:",
        )
    });
    error(
        &check(site.path()),
        SITE,
        at_in(&text, "  - key: evidence\n    rows: regions", "key"),
        "two maps have the key `evidence`",
        Some("give each map its own key"),
    );
}
