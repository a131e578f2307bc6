use super::fast_path::parse_plain;
use super::full_path::parse_with_serde;
use super::*;

fn map(node: &Node) -> &[(Node, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        other => panic!("not a map: {other:?}"),
    }
}

#[test]
fn keys_and_values_carry_byte_spans() {
    let text = "title: Hello\nyear: 2025\nthemes: [self-care, burnout]\n";
    let root = parse("t.yaml", text).unwrap();
    let entries = map(&root);
    assert_eq!(&text[entries[0].0.span.clone()], "title");
    assert_eq!(&text[entries[0].1.span.clone()], "Hello");
    assert_eq!(entries[1].1.value, Value::Int(2025));
    let Value::Seq(themes) = &entries[2].1.value else {
        panic!()
    };
    assert_eq!(&text[themes[1].span.clone()], "burnout");
}

#[test]
fn spans_are_bytes_after_chinese_text() {
    let text = "title:\n  zh: 同伴支持\n  en: Peer\n";
    let root = parse("t.yaml", text).unwrap();
    let inner = map(&map(&root)[0].1);
    assert_eq!(&text[inner[1].1.span.clone()], "Peer");
}

#[test]
fn syntax_error_points_at_its_line() {
    let text = "title: x\nyear: [2025\n";
    let d = parse("t.yaml", text).unwrap_err();
    assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
    assert!(d.line >= 2, "{d:?}");
}

#[test]
fn unclosed_flow_list_names_the_line_that_opened_it() {
    let text = "title: x\nthemes: [a, b\ndate: \"2020-01-01\"\n";
    let d = parse("t.yaml", text).unwrap_err();
    assert_eq!(
        d.help.as_deref(),
        Some("line 2 opens `[` and never closes it")
    );
}

#[test]
fn duplicate_keys_are_errors_with_a_line() {
    let text = "title: x\nyear: 1\nyear: 2\n";
    let d = parse("t.yaml", text).unwrap_err();
    assert_eq!(d.message, "invalid YAML: duplicate key `year`");
    assert_eq!(d.line, 3, "{d:?}");
}

#[test]
fn alias_bomb_is_refused() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in 'b'..='z' {
        text.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
        prev = name;
    }
    let d = parse("bomb.yaml", &text).unwrap_err();
    assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
    assert!(parse("deep.yaml", &text).is_err());
}

/// Every YAML file of the repository's content and test fixtures.
fn yaml_files() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in ["content", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                texts.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
    }
    texts
}

/// The fast path and serde-saphyr agree: same tree, same spans, or the
/// fast path stands aside.
fn assert_same(text: &str) -> bool {
    let Some(fast) = parse_plain(text) else {
        return false;
    };
    match parse_with_serde("t.yaml", text) {
        Ok(slow) => assert_eq!(fast, slow, "{text:?}"),
        Err(e) => panic!(
            "the fast path read what serde-saphyr refuses ({}): {text:?}",
            e.message
        ),
    }
    true
}

#[test]
fn the_repository_s_yaml_reads_the_same_on_the_fast_path() {
    let texts = yaml_files();
    assert!(texts.len() > 10);
    for text in &texts {
        // The error fixtures may stand aside; the rest must not.
        let taken = assert_same(text);
        // An anchor, alias or tag starts a value.
        let marked = text.lines().any(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            let value = line.split_once(": ").map_or(line, |(_, value)| value);
            value.starts_with(['&', '*', '!'])
        });
        assert!(
            taken || parse_with_serde("t.yaml", text).is_err() || marked,
            "{text:?}"
        );
    }
}

#[test]
fn scalars_that_look_like_something_else_are_left_to_serde() {
    for value in [
        "0x1F",
        "1.5",
        ".inf",
        "+1",
        "007",
        "1_000",
        "1e3",
        "-.5",
        "2025-01-14",
        "12 Monkeys",
    ] {
        assert!(!assert_same(&format!("a: {value}\n")), "{value}");
    }
    for value in [
        "y",
        "No",
        "ON",
        "~",
        "null",
        "",
        "-7",
        "0",
        "text",
        "yes please",
        "'007'",
        "\"1.5\"",
        "|\n  block\n",
    ] {
        assert!(assert_same(&format!("a: {value}\n")), "{value}");
    }
    for text in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "---\na: 1\n---\nb: 2\n",
        "? [a]\n: 1\n",
        "a: [1,\n",
        "<<: {a: 1}\nb: 2\n",
        "a: 1\n<<: 5\n",
        "a: 1\n'<<': 5\n",
    ] {
        assert!(!assert_same(text), "{text}");
    }
}

fn base_study() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(
        root.join("tests/fixtures/base/content/studies/peer-burnout/study.yaml"),
    )
    .unwrap_or_default()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, failure_persistence: None, ..Default::default() })]

    #[test]
    fn any_edit_of_a_study_reads_the_same_on_the_fast_path(
        edits in proptest::collection::vec((0usize..4000, 0usize..25), 1..5)
    ) {
        const INSERTS: [&str; 25] = [":", "- ", "[", "]", "{", "}", ",", "\n", "\n  ", "  ", "\"", "'", "#", "&a ", "*a", "!!str ", "yes", "~", "-1", "0", "1.5", "同伴", "\t", "? ", "<<: "];
        let mut text = base_study();
        for (at, k) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, INSERTS[k]);
        }
        assert_same(&text);
    }

    #[test]
    fn any_mapping_of_scalars_reads_the_same_on_the_fast_path(
        entries in proptest::collection::vec((
            "[a-z_]{1,6}",
            r#"([a-zA-Z]{1,5}|[0-9]{1,4}|-[0-9]{1,3}|\+1|0[0-9]|[0-9]\.[0-9]|\.inf|~|null|yes|No|ON|y|"[^"\\]{0,6}"|'[^']{0,6}'|同伴|\[[a-z0-9, ]{0,8}\]|\{[a-z]{1,3}: [a-z0-9]{0,3}\}|[a-z]+ [a-z]+|)"#,
            0usize..3,
        ), 1..8)
    ) {
        let mut text = String::new();
        for (key, value, indent) in entries {
            text.push_str(&"  ".repeat(indent.min(1) * usize::from(!text.is_empty())));
            text.push_str(&format!("{key}: {value}\n"));
        }
        assert_same(&text);
    }
}

#[test]
fn empty_document_is_null() {
    assert_eq!(parse("e.yaml", "  \n").unwrap().value, Value::Null);
}
