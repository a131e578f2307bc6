//! The word list behind "did you mean": the index's own words in Latin
//! script, with how many documents hold each, so the client can offer the
//! nearest frequent word for a misspelt one (burnuot → burnout). Only words
//! a spelling can be corrected to: letters only (no numbers, no Han, which
//! a reader does not misspell letter by letter), at least three long.
//!
//! Written as `[[document frequency, "word word …"], …]`, most frequent
//! first, one group per frequency and its words in order: a word costs its
//! letters and a space, and the bytes are the same on every build.

use std::collections::BTreeMap;

/// Words shorter than this are not offered or corrected.
const MIN_CHARS: usize = 3;
/// Longer tokens are identifiers or run-together text, not words to offer.
const MAX_CHARS: usize = 30;

/// Whether a token of the index belongs in the word list.
fn is_spelling_word(token: &str) -> bool {
    let n = token.chars().count();
    (MIN_CHARS..=MAX_CHARS).contains(&n)
        && token
            .chars()
            .all(|c| c.is_alphabetic() && !super::tokens::is_han(c))
}

/// The word list's JSON from the index's tokens and their document
/// frequencies, in any order.
pub(super) fn word_list<'t>(tokens: impl Iterator<Item = (&'t str, u32)>) -> String {
    let mut by_frequency: BTreeMap<std::cmp::Reverse<u32>, Vec<&str>> = BTreeMap::new();
    for (token, docs) in tokens {
        if docs > 0 && is_spelling_word(token) {
            by_frequency
                .entry(std::cmp::Reverse(docs))
                .or_default()
                .push(token);
        }
    }
    let groups: Vec<(u32, String)> = by_frequency
        .into_iter()
        .map(|(std::cmp::Reverse(docs), mut words)| {
            words.sort_unstable();
            (docs, words.join(" "))
        })
        .collect();
    super::json(&groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_grouped_by_frequency_most_frequent_first() {
        let list = word_list(
            [
                ("supervision", 4),
                ("burnout", 9),
                ("peer", 4),
                ("倦怠", 7),
                ("covid19", 3),
                ("of", 12),
                ("café", 1),
            ]
            .into_iter(),
        );
        assert_eq!(list, r#"[[9,"burnout"],[4,"peer supervision"],[1,"café"]]"#);
    }

    #[test]
    fn an_empty_index_has_an_empty_list() {
        assert_eq!(word_list(std::iter::empty()), "[]");
    }
}
