//! Which reader a file needs: named by `--format`, or told by its content.

/// The formats `gapmap import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ris,
    Bibtex,
    CslJson,
    Csv,
    EppiJson,
}

impl Format {
    /// The names `--format` takes.
    pub const NAMES: [&'static str; 5] = ["ris", "bibtex", "csl-json", "csv", "eppi-json"];

    /// A `--format` name (case-insensitive), or nothing if it is none of
    /// [`Format::NAMES`].
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "ris" => Some(Format::Ris),
            "bibtex" | "bib" => Some(Format::Bibtex),
            "csl-json" | "csljson" => Some(Format::CslJson),
            "csv" => Some(Format::Csv),
            "eppi-json" | "eppi" => Some(Format::EppiJson),
            _ => None,
        }
    }

    /// The name `--format` knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Ris => "ris",
            Format::Bibtex => "bibtex",
            Format::CslJson => "csl-json",
            Format::Csv => "csv",
            Format::EppiJson => "eppi-json",
        }
    }
}

/// The format of a decoded file, from its content: an RIS `TY  - ` line, a
/// BibTeX `@type{`, a JSON array of CSL items or an EPPI-Reviewer export
/// object, or else a header line with a separator (CSV).
pub fn detect(text: &str) -> Option<Format> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.trim_start();
    if first.starts_with('[') || first.starts_with('{') {
        return json(first);
    }
    let lines = || text.lines().map(str::trim_start).filter(|l| !l.is_empty());
    if lines().take(50).any(|l| l.starts_with("TY  -")) {
        return Some(Format::Ris);
    }
    if lines().take(200).any(bibtex_start) {
        return Some(Format::Bibtex);
    }
    let header = lines().next()?;
    header.contains([',', ';', '\t']).then_some(Format::Csv)
}

/// JSON, or what was meant to be: a broken array is taken for CSL-JSON and
/// a broken object naming `References` for EPPI-Reviewer's, so that their
/// readers say where the JSON breaks.
fn json(text: &str) -> Option<Format> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return if text.starts_with('[') {
            Some(Format::CslJson)
        } else {
            text.contains("\"References\"").then_some(Format::EppiJson)
        };
    };
    match &value {
        serde_json::Value::Object(map)
            if map.contains_key("References") && map.contains_key("CodeSets") =>
        {
            Some(Format::EppiJson)
        }
        serde_json::Value::Array(items) => {
            let csl = items.iter().any(|item| {
                item.as_object().is_some_and(|o| {
                    ["type", "title", "author"]
                        .iter()
                        .any(|k| o.contains_key(*k))
                })
            });
            csl.then_some(Format::CslJson)
        }
        _ => None,
    }
}

/// `@article{` (with any word, and spaces before the brace or parenthesis).
fn bibtex_start(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('@') else {
        return false;
    };
    let word_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
        .unwrap_or(rest.len());
    word_end > 0 && rest[word_end..].trim_start().starts_with(['{', '('])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_round_trip() {
        for name in Format::NAMES {
            assert_eq!(Format::parse(name).unwrap().name(), name);
        }
        assert_eq!(Format::parse("CSV"), Some(Format::Csv));
        assert_eq!(Format::parse("xml"), None);
    }

    #[test]
    fn each_format_is_told_by_its_content() {
        assert_eq!(detect("\nTY  - JOUR\nTI  - x\nER  - \n"), Some(Format::Ris));
        assert_eq!(
            detect("% comment\n@Article{k,\n title={x}}"),
            Some(Format::Bibtex)
        );
        assert_eq!(detect("@misc (k, title=\"x\")"), Some(Format::Bibtex));
        assert_eq!(
            detect(r#"[{"id":"a","type":"article-journal","title":"x"}]"#),
            Some(Format::CslJson)
        );
        assert_eq!(
            detect(r#"{"CodeSets":[],"References":[]}"#),
            Some(Format::EppiJson)
        );
        assert_eq!(detect("\u{feff}title;year\nx;2020\n"), Some(Format::Csv));
        assert_eq!(detect("title\tyear\n"), Some(Format::Csv));
        assert_eq!(detect("just words\n"), None);
        assert_eq!(detect(""), None);
        assert_eq!(detect(r#"{"a":1}"#), None);
        assert_eq!(detect("[1, 2]"), None);
        assert_eq!(detect("[{\"title\": }]"), Some(Format::CslJson));
        assert_eq!(detect("{\"References\": ["), Some(Format::EppiJson));
    }
}
