//! The word list behind "did you mean": the index's own words in Latin
//! script, with how many documents hold each, so the client can offer the
//! nearest frequent word for a misspelt one (burnuot → burnout). Only words
//! a spelling can be corrected to: letters only (no numbers, no Han, which
//! a reader does not misspell letter by letter), at least three long.
//!
//! The index folds plurals (`does` → `doe`, `series` → `sery`), which no
//! reader should be offered, so each word is listed as the text spells it
//! most often ([`Spellings`]); the client folds that spelling again to find
//! the index word it stands for, so the folded word costs nothing.
//!
//! Written as `[[document frequency, "word word …"], …]`, most frequent
//! first, one group per frequency (the folded word's) and its words in
//! order: a word costs its letters and a space, and the bytes are the same
//! on every build.

use std::collections::BTreeMap;

/// How often each index token is spelt each way in the text: the token
/// itself, or a plural its folding made it from. Tokens are numbered as
/// the index numbers them.
#[derive(Default)]
pub(super) struct Spellings {
    /// Per token, how often the text spells it as the token itself.
    as_token: Vec<u32>,
    /// Per token spelt otherwise at least once, each other spelling and
    /// how often it is seen.
    others: foldhash::HashMap<u32, Vec<(String, u32)>>,
}

impl Spellings {
    /// One occurrence of token `id`, spelt `spelling`.
    pub(super) fn seen(&mut self, id: u32, token: &str, spelling: &str) {
        let i = id as usize;
        if self.as_token.len() <= i {
            self.as_token.resize(i + 1, 0);
        }
        // Folding only ever shortens a word: a spelling as long as its
        // token is the token (this runs for every word of every study).
        if spelling.len() == token.len() {
            self.as_token[i] += 1;
            return;
        }
        let others = self.others.entry(id).or_default();
        match others.iter_mut().find(|(s, _)| s == spelling) {
            Some((_, n)) => *n += 1,
            None => others.push((spelling.to_string(), 1)),
        }
    }

    /// The spelling of token `id` seen most often; of equally frequent
    /// ones, the first in byte order.
    pub(super) fn most_seen<'a>(&'a self, id: u32, token: &'a str) -> &'a str {
        let mut best = (self.as_token.get(id as usize).copied().unwrap_or(0), token);
        for (spelling, n) in self.others.get(&id).into_iter().flatten() {
            if *n > best.0 || (*n == best.0 && spelling.as_str() < best.1) {
                best = (*n, spelling);
            }
        }
        best.1
    }
}

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

/// The word list's JSON from the index's tokens, each with its document
/// frequency and the spelling to offer for it, in any order.
pub(super) fn word_list<'t>(tokens: impl Iterator<Item = (&'t str, u32, &'t str)>) -> String {
    let mut by_frequency: BTreeMap<std::cmp::Reverse<u32>, Vec<&str>> = BTreeMap::new();
    for (token, docs, spelling) in tokens {
        if docs > 0 && is_spelling_word(token) {
            by_frequency
                .entry(std::cmp::Reverse(docs))
                .or_default()
                .push(spelling);
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
                ("supervision", 4, "supervision"),
                ("burnout", 9, "burnout"),
                ("peer", 4, "peers"),
                ("倦怠", 7, "倦怠"),
                ("covid19", 3, "covid19"),
                ("of", 12, "of"),
                ("café", 1, "cafés"),
            ]
            .into_iter(),
        );
        assert_eq!(
            list,
            r#"[[9,"burnout"],[4,"peers supervision"],[1,"cafés"]]"#
        );
    }

    #[test]
    fn a_word_is_offered_as_the_text_spells_it_most_often() {
        let mut spellings = Spellings::default();
        // "does" twice, "doe" once; "series" only; "worker" more than
        // "workers"; "class" and "classes" as often.
        for (id, token, spelling) in [
            (0, "doe", "does"),
            (0, "doe", "doe"),
            (0, "doe", "does"),
            (1, "sery", "series"),
            (2, "worker", "workers"),
            (2, "worker", "worker"),
            (2, "worker", "worker"),
            (3, "class", "classes"),
            (3, "class", "class"),
        ] {
            spellings.seen(id, token, spelling);
        }
        assert_eq!(spellings.most_seen(0, "doe"), "does");
        assert_eq!(spellings.most_seen(1, "sery"), "series");
        assert_eq!(spellings.most_seen(2, "worker"), "worker");
        assert_eq!(spellings.most_seen(3, "class"), "class");
        // A token never seen is its own spelling.
        assert_eq!(spellings.most_seen(9, "burnout"), "burnout");
    }

    #[test]
    fn an_empty_index_has_an_empty_list() {
        assert_eq!(word_list(std::iter::empty()), "[]");
    }
}
