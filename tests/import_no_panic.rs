//! A bounded property test: whatever bytes a file to import holds, decoding,
//! detecting and every reader end in records or refusals, never a panic.

use proptest::prelude::*;

use gapmap::import::detect::{Format, detect};
use gapmap::import::text::decode;
use gapmap::import::{bibtex, csl_json, csv, ris};

/// Every reader on one text, and the detector.
fn read_all(text: &str) {
    let _ = detect(text);
    let _ = Format::parse(text);
    for read in [
        ris::read("f", text),
        bibtex::read("f", text),
        csl_json::read("f", text),
        csv::read("f", text),
    ] {
        // Nothing refused without a reason, nothing read without a title.
        assert!(read.refused.iter().all(|r| !r.reason.is_empty()));
        assert!(read.records.iter().all(|(_, r)| r.title.is_some()));
    }
}

/// A line as the formats write them, or almost: RIS tags with and without
/// values, BibTeX's `@` and braces, JSON's brackets, CSV's quotes and
/// separators, and the characters that break naive parsers.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            "(TY|TI|T1|AU|A1|PY|Y1|DA|T2|JO|JF|JA|VL|IS|SP|EP|DO|UR|AB|N2|KW|ER|ID|XX)",
            " {0,3}-? ?",
            "[ -~é同\"{}@,;\t]{0,12}"
        )
            .prop_map(|(tag, sep, value)| format!("{tag}{sep}{value}")),
        "@[a-z]{0,8}[{(][a-z0-9_]{0,5},?".prop_map(String::from),
        "[ a-z]{0,6}=[ ]?[{\"]?[ -~\\\\ü]{0,12}[}\"]?,?".prop_map(String::from),
        "[\\[\\]{}\":,0-9a-z ]{0,16}".prop_map(String::from),
        "[\"';,\ta-z=+-]{0,16}".prop_map(String::from),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = decode("f", &bytes) {
            read_all(&text);
        }
        read_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn format_like_lines_never_panic(
        lines in proptest::collection::vec(line(), 0..30),
        ends in "(\n|\r\n|\r)",
    ) {
        let text = lines.join(&ends);
        if let Ok(decoded) = decode("f", text.as_bytes()) {
            read_all(&decoded);
        }
        read_all(&text);
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let decoded = decode("f", &bom).unwrap();
        read_all(&decoded);
    }
}
