//! What every reader shares: a file's bytes decoded to text with `\n` line
//! ends, and the small parsers of names, years and DOIs the formats agree on.

use crate::content::AuthorName;

/// What to tell someone whose file is not text gapmap can read.
const SAVE_AS: &str = "save it as UTF-8 (in Excel: Save As → CSV UTF-8)";

/// A file's text: UTF-8 with or without a byte-order mark, or UTF-16 (little
/// or big endian) with one, as Excel's "Unicode text" writes it; line ends
/// (`\r\n`, lone `\r`) made `\n`. Anything else is an error naming the file.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, String> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(file, rest)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(file, rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(file, rest, u16::from_be_bytes)?
    } else {
        utf8(file, bytes)?
    };
    Ok(normalise_line_ends(&text))
}

fn utf8(file: &str, bytes: &[u8]) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err(format!(
            "{file}: not UTF-8 text (it holds NUL bytes; it may be UTF-16 without a byte-order mark, or not text at all): {SAVE_AS}"
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(format!(
                "{file}:{line}: not UTF-8 text (perhaps Latin-1 or Windows-1252): {SAVE_AS}"
            ))
        }
    }
}

fn utf16(file: &str, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(format!(
            "{file}: UTF-16 text cut off in the middle of a character: {SAVE_AS}"
        ));
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).map_err(|_| format!("{file}: not valid UTF-16 text: {SAVE_AS}"))
}

fn normalise_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A value trimmed, or nothing if that leaves it empty.
pub fn non_empty(value: &str) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The first four digits in a row of a date in any of the formats' shapes
/// (`2021`, `2021/03/04/`, `March 2021`, `c2021`).
pub fn year_of(value: &str) -> Option<i32> {
    let bytes = value.as_bytes();
    bytes.windows(4).enumerate().find_map(|(i, w)| {
        let digits = w.iter().all(u8::is_ascii_digit);
        let before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        (digits && before && after)
            .then(|| std::str::from_utf8(w).ok()?.parse().ok())
            .flatten()
    })
}

/// A DOI without its resolver prefix (`https://doi.org/`, `doi:`).
pub fn bare_doi(value: &str) -> Option<String> {
    let mut doi = value.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "doi:",
        "DOI:",
        "DOI ",
    ] {
        let head = doi.get(..prefix.len());
        if let (true, Some(rest)) = (
            head.is_some_and(|h| h.eq_ignore_ascii_case(prefix)),
            doi.get(prefix.len()..),
        ) {
            doi = rest.trim();
            break;
        }
    }
    non_empty(doi)
}

/// A name written family first: `Family, Given`, or (as PubMed writes it)
/// `Family Given`.
pub fn family_first(value: &str) -> Option<AuthorName> {
    let value = value.trim().trim_end_matches(',').trim();
    if value.is_empty() {
        return None;
    }
    let (family, given) = match value.split_once(',') {
        Some((family, given)) => (family.trim(), given.trim()),
        None => match value.split_once(char::is_whitespace) {
            Some((family, given)) => (family, given.trim()),
            None => (value, ""),
        },
    };
    Some(name(family, given))
}

/// A name in either order: `Family, Given`, or `Given Family`.
pub fn either_order(value: &str) -> Option<AuthorName> {
    let value = value.trim();
    if value.contains(',') {
        return family_first(value);
    }
    if value.is_empty() {
        return None;
    }
    Some(match value.rsplit_once(char::is_whitespace) {
        Some((given, family)) => name(family, given.trim()),
        None => name(value, ""),
    })
}

/// An author from a family and a given name, either of which may be empty
/// (the family name then takes the other).
pub fn name(family: &str, given: &str) -> AuthorName {
    let (family, given) = (family.trim(), given.trim());
    let (family, given) = if family.is_empty() {
        (given, "")
    } else {
        (family, given)
    };
    AuthorName {
        family: family.to_string(),
        given: non_empty(given),
        id: None,
    }
}

/// Values separated by any of `separators`, trimmed, empty ones left out.
pub fn split_list(value: &str, separators: &[char]) -> Vec<String> {
    value
        .split(|c| separators.contains(&c))
        .filter_map(non_empty)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_bom_and_any_line_ends() {
        assert_eq!(decode("a", b"x\r\ny\rz\n").unwrap(), "x\ny\nz\n");
        assert_eq!(decode("a", b"\xEF\xBB\xBFt\xC3\xA9").unwrap(), "té");
    }

    #[test]
    fn utf16_either_endianness_with_a_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a;同\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode("a", &le).unwrap(), "a;同\n");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("ok".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode("a", &be).unwrap(), "ok");
    }

    #[test]
    fn anything_else_names_the_file_and_says_what_to_do() {
        let latin1 = decode("refs.csv", b"ok\ncaf\xE9").unwrap_err();
        assert!(latin1.starts_with("refs.csv:2: "), "{latin1}");
        assert!(latin1.contains("CSV UTF-8"));
        let nul = decode("refs.csv", b"a\0b\0").unwrap_err();
        assert!(nul.contains("refs.csv") && nul.contains("NUL"), "{nul}");
        assert!(decode("x", b"\xFF\xFEa").is_err());
        assert!(decode("x", b"\xFF\xFE\x00\xD8").is_err(), "lone surrogate");
    }

    #[test]
    fn years_dois_and_names() {
        assert_eq!(year_of("2021/03/04/"), Some(2021));
        assert_eq!(year_of("March 1999"), Some(1999));
        assert_eq!(year_of("12345"), None);
        assert_eq!(year_of(""), None);
        assert_eq!(
            bare_doi("https://doi.org/10.1/x").as_deref(),
            Some("10.1/x")
        );
        assert_eq!(bare_doi("doi: 10.1/y").as_deref(), Some("10.1/y"));
        assert_eq!(bare_doi("  "), None);
        assert_eq!(
            bare_doi("cꤑ{x").as_deref(),
            Some("cꤑ{x"),
            "no prefix cut in a character"
        );
        let n = family_first("Smith J").unwrap();
        assert_eq!(
            (n.family.as_str(), n.given.as_deref()),
            ("Smith", Some("J"))
        );
        let n = family_first("Chu, Wendy").unwrap();
        assert_eq!(
            (n.family.as_str(), n.given.as_deref()),
            ("Chu", Some("Wendy"))
        );
        let n = either_order("Sarah J Miller").unwrap();
        assert_eq!(
            (n.family.as_str(), n.given.as_deref()),
            ("Miller", Some("Sarah J"))
        );
        assert_eq!(either_order("WHO").unwrap().given, None);
        assert_eq!(family_first(" , "), None);
        assert_eq!(split_list("a; b;;c ", &[';']), ["a", "b", "c"]);
    }
}
