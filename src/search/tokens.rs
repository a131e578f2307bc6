//! The search tokenizer, shared by the index and (in the theme's
//! gapmap.js, which must agree; a browser test checks it) by queries:
//! lower-cased Latin words with plurals folded, and overlapping bigrams of
//! Han characters, so Chinese is searchable without shipping a dictionary.
//! The index also holds each Han character alone ([`for_each_index_token`]).

/// Splits text into search tokens. The theme's JavaScript implements the
/// same rules for queries.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for_each_token(text, |token| tokens.push(token.to_string()));
    tokens
}

/// [`tokenize`] without a string per token: each token is handed to `emit`
/// from one reused buffer, or as a slice of `text` (the index tokenizes
/// every study in full).
fn for_each_token(text: &str, mut emit: impl FnMut(&str)) {
    tokens_of(text, false, |t| emit(t.token));
}

/// One token of the index, as [`for_each_index_token`] hands it on.
pub(super) struct IndexToken<'t> {
    /// The token itself.
    pub token: &'t str,
    /// The word as the text spells it (lower-cased), before its plural is
    /// folded: `does` for the token `doe`. The token itself for Han.
    pub spelling: &'t str,
    /// False for the index's extra single Han characters, which a
    /// document's length leaves out (its length counts the tokens a query
    /// could be made of).
    pub counted: bool,
}

/// The index's tokens: [`tokenize`]'s, and also every Han character on its
/// own, so that a query of one character (倦, which the query tokenizer
/// keeps whole) finds the studies that contain it.
pub(super) fn for_each_index_token(text: &str, emit: impl FnMut(IndexToken<'_>)) {
    tokens_of(text, true, emit);
}

fn tokens_of(text: &str, han_singles: bool, emit: impl FnMut(IndexToken<'_>)) {
    let mut tokens = Tokens {
        text,
        word: String::new(),
        folded: String::new(),
        han: None,
        han_singles,
        emit,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii_alphanumeric() {
            // Most of an English text: a run of ASCII letters and digits,
            // lowered at once, to the same letters as the Unicode tables.
            tokens.end_han();
            let end = bytes[at..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(bytes.len(), |n| at + n);
            let from = tokens.word.len();
            tokens.word.push_str(&text[at..end]);
            tokens.word[from..].make_ascii_lowercase();
            at = end;
        } else if b.is_ascii() {
            tokens.flush_word();
            tokens.end_han();
            at += 1;
        } else {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            if is_han(c) {
                // Han characters are their own lower case.
                tokens.flush_word();
                tokens.han_char(at, c.len_utf8());
            } else {
                tokens.end_han();
                for lower in c.to_lowercase() {
                    if lower.is_alphanumeric() {
                        tokens.word.push(lower);
                    } else {
                        tokens.flush_word();
                    }
                }
            }
            at += c.len_utf8();
        }
    }
    tokens.flush_word();
    tokens.end_han();
}

/// The word being read, the run of Han characters being read, and where
/// tokens go.
struct Tokens<'t, F> {
    text: &'t str,
    word: String,
    /// The word with its plural folded, when that is not a slice of it.
    folded: String,
    /// The run's last character (byte offset and length), and whether the
    /// run has given a pair yet.
    han: Option<(usize, usize, bool)>,
    /// Whether every Han character is also a token (the index's rule).
    han_singles: bool,
    emit: F,
}

impl<F: FnMut(IndexToken<'_>)> Tokens<'_, F> {
    fn flush_word(&mut self) {
        let Tokens {
            word, folded, emit, ..
        } = self;
        if word.is_empty() {
            return;
        }
        // Most folds only cut the word short: the token is a slice of it.
        let token = match plural_fold(word) {
            (cut, false) => &word[..word.len() - cut],
            (cut, true) => {
                folded.clear();
                folded.push_str(&word[..word.len() - cut]);
                folded.push('y');
                &folded[..]
            }
        };
        emit(IndexToken {
            token,
            spelling: word,
            counted: true,
        });
        word.clear();
    }

    /// Han text is its own spelling.
    fn emit_han(&mut self, from: usize, to: usize, counted: bool) {
        let token = &self.text[from..to];
        (self.emit)(IndexToken {
            token,
            spelling: token,
            counted,
        });
    }

    /// A Han character at `at`: with the one before it in the run, a pair.
    /// With `han_singles`, a run's characters are also handed on one by one
    /// once the run has a pair (a run of one character is a token anyway).
    fn han_char(&mut self, at: usize, len: usize) {
        let paired = match self.han {
            Some((previous, previous_len, previous_paired)) => {
                self.emit_han(previous, at + len, true);
                if self.han_singles {
                    if !previous_paired {
                        self.emit_han(previous, previous + previous_len, false);
                    }
                    self.emit_han(at, at + len, false);
                }
                true
            }
            None => false,
        };
        self.han = Some((at, len, paired));
    }

    /// The run ends: a run of one character is its own token (a longer
    /// run has given its overlapping pairs).
    fn end_han(&mut self) {
        if let Some((at, len, false)) = self.han.take() {
            self.emit_han(at, at + len, true);
        }
    }
}

pub(super) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// English plurals to their singular, so `boundaries` finds `boundary`:
/// how many bytes to cut from the end of `word`, and whether a `y` then
/// follows. A fold only ever shortens a word.
fn plural_fold(word: &str) -> (usize, bool) {
    let n = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if n > 4 && word.ends_with("ies") {
        (3, true)
    } else if n > 4
        && (word.ends_with("sses")
            || word.ends_with("xes")
            || word.ends_with("ches")
            || word.ends_with("shes")
            || word.ends_with("zes"))
    {
        (2, false)
    } else if n > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        (1, false)
    } else {
        (0, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_fold_case_and_plurals() {
        assert_eq!(tokenize("Boundaries, boundary"), ["boundary", "boundary"]);
        assert_eq!(
            tokenize("Self-care for Peer Workers"),
            ["self", "care", "for", "peer", "worker"]
        );
        assert_eq!(
            tokenize("classes stress analysis"),
            ["class", "stress", "analysis"]
        );
    }

    #[test]
    fn han_text_becomes_overlapping_bigrams() {
        assert_eq!(tokenize("同伴支持"), ["同伴", "伴支", "支持"]);
        assert_eq!(tokenize("倦怠"), ["倦怠"]);
        assert_eq!(tokenize("心"), ["心"]);
        assert_eq!(tokenize("PSW的倦怠"), ["psw", "的倦", "倦怠"]);
    }

    /// The tokenizer's rules written plainly, one lower-cased character at
    /// a time: what the fast one must agree with.
    fn plain_tokens(text: &str) -> Vec<String> {
        fn end_word(word: &mut String, tokens: &mut Vec<String>) {
            if !word.is_empty() {
                let (cut, y) = plural_fold(word);
                word.truncate(word.len() - cut);
                if y {
                    word.push('y');
                }
                tokens.push(std::mem::take(word));
            }
        }
        fn end_han(han: &mut Vec<char>, tokens: &mut Vec<String>) {
            if han.len() == 1 {
                tokens.push(han[0].to_string());
            }
            tokens.extend(han.windows(2).map(|pair| pair.iter().collect::<String>()));
            han.clear();
        }
        let (mut tokens, mut word, mut han) = (Vec::new(), String::new(), Vec::new());
        for c in text.chars().flat_map(char::to_lowercase) {
            if is_han(c) {
                end_word(&mut word, &mut tokens);
                han.push(c);
            } else if c.is_alphanumeric() {
                end_han(&mut han, &mut tokens);
                word.push(c);
            } else {
                end_word(&mut word, &mut tokens);
                end_han(&mut han, &mut tokens);
            }
        }
        end_word(&mut word, &mut tokens);
        end_han(&mut han, &mut tokens);
        tokens
    }

    proptest::proptest! {
        #[test]
        fn the_fast_tokenizer_agrees_with_the_plain_rules(
            text in proptest::string::string_regex(
                r"([a-zA-Z0-9]{1,8}|[ .,;:'\-]|同伴支持倦怠的|[ÉéİßÅ]|\u{20000}|[а-яА-Я]{1,4}|[٠-٩]|\u{301}){0,40}"
            ).unwrap()
        ) {
            proptest::prop_assert_eq!(tokenize(&text), plain_tokens(&text));
        }
    }

    fn index_tokens(text: &str) -> Vec<(String, bool)> {
        let mut tokens = Vec::new();
        for_each_index_token(text, |t| tokens.push((t.token.to_string(), t.counted)));
        tokens
    }

    #[test]
    fn the_index_knows_each_word_as_the_text_spells_it() {
        let mut seen = Vec::new();
        for_each_index_token("Series DOES boundaries 倦怠 stress", |t| {
            seen.push((t.token.to_string(), t.spelling.to_string()))
        });
        let pairs: Vec<(&str, &str)> = seen.iter().map(|(t, s)| (&t[..], &s[..])).collect();
        assert_eq!(
            pairs,
            [
                ("sery", "series"),
                ("doe", "does"),
                ("boundary", "boundaries"),
                ("倦怠", "倦怠"),
                ("倦", "倦"),
                ("怠", "怠"),
                ("stress", "stress"),
            ]
        );
    }

    #[test]
    fn the_index_also_holds_each_han_character_uncounted() {
        let singles = |text: &str| -> Vec<String> {
            index_tokens(text)
                .into_iter()
                .filter(|(_, counted)| !counted)
                .map(|(token, _)| token)
                .collect()
        };
        assert_eq!(singles("同伴支持"), ["同", "伴", "支", "持"]);
        assert_eq!(singles("PSW的倦怠 心"), ["的", "倦", "怠"]);
        // The counted tokens are exactly the query tokenizer's.
        for text in ["同伴支持", "PSW的倦怠 心", "burnout 倦怠与压力", "心"] {
            let counted: Vec<String> = index_tokens(text)
                .into_iter()
                .filter(|(_, counted)| *counted)
                .map(|(token, _)| token)
                .collect();
            assert_eq!(counted, tokenize(text), "{text}");
        }
    }
}
