//! The search index, built from the site model, one per language, as plain
//! script files that assign a global: a `<script src>` works from file://
//! where fetch() does not, and under `script-src 'self'`.
//!
//! One tokenizer ([`tokens`]) serves the index (here) and the query (the
//! theme's gapmap.js must agree; a browser test checks it): lower-cased
//! Latin words with plurals folded, and overlapping bigrams of Han
//! characters, so Chinese is searchable without shipping a dictionary.
//!
//! Files per language, under `assets/search/<lang>/`:
//! - `meta.js`: the documents (title, year, page, length) and shard counts;
//! - `terms-<k>.js`: postings of the tokens whose hash falls in shard k, so
//!   a query loads only the shards of its own tokens;
//! - `text-<k>.js`: the plain text of documents for result snippets, loaded
//!   only for the results shown;
//! - `words.js`: the index's words in Latin script with their document
//!   frequencies ([`words`]), loaded only to suggest a spelling when a query
//!   finds nothing.
//!
//! Han characters are also indexed one by one (besides the bigrams, see
//! [`tokens`]), so a one-character query finds every study that holds it:
//! expanding the character into the bigrams that hold it at query time
//! would load most postings shards (on the 10,000-study corpus, 98 of 120).

mod tokens;
mod words;

use tokens::for_each_index_token;
pub use tokens::tokenize;

use std::fmt::Write as _;

use serde::Serialize;

use crate::content::Lang;
use crate::model::{Site, display_name};
use crate::urls as paths;

/// Documents per text shard.
pub const TEXT_SHARD: usize = 200;
/// Target size of one postings shard, before compression.
const TERMS_SHARD_BYTES: usize = 192 * 1024;
/// Titles weigh more than body text.
const TITLE_WEIGHT: u32 = 3;

/// FNV-1a over the token's UTF-8 bytes: the shard a token lives in. The
/// JavaScript side computes the same.
pub fn shard_of(token: &str, shards: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in token.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    (hash as usize) % shards.max(1)
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    lang: &'a str,
    shards: usize,
    text_shard: usize,
    /// The site's other language, which a query finding nothing, or
    /// written in that language's script, also searches.
    other: Option<&'a str>,
    /// The studies list's page, which a search's words can narrow.
    list: String,
    avgdl: f64,
    /// `[title, year or 0, page path, token count]`.
    docs: Vec<(String, i32, String, u32)>,
}

/// What gets indexed for one study in one language: its title, and a body
/// that starts with the summary so result snippets read as prose.
fn document(site: &Site, s: usize, lang: Lang) -> (String, String) {
    let entry = &site.studies[s];
    let study = &entry.study;
    let title = study.title.get(lang).0.clone();
    let mut body = entry.summary.get(lang).0.text.clone();
    let _ = write!(body, " {}", study.methods.get(lang).0);
    let names: Vec<String> = study.authors.iter().map(display_name).collect();
    let _ = write!(body, " {}", names.join(", "));
    for v in site.vocabulary_ids() {
        for &t in &entry.terms[&v] {
            let _ = write!(body, " {}", site.terms(v)[t].label.get(lang).0);
        }
    }
    if let Some(k) = &study.keywords {
        let _ = write!(body, " {}", k.get(lang).0.join(", "));
    }
    (title, body)
}

/// Makes the index files of one language, handing each to `put` (path,
/// bytes) as soon as it is complete: snippet shards while the documents
/// are read, then the documents and the postings shards.
/// One language's search index as an output.
pub struct SearchIndex(pub Lang);

impl crate::output::FileOutput for SearchIndex {
    fn name(&self) -> String {
        format!("the {} search index", self.0.code())
    }

    fn write(&self, site: &Site, put: &mut crate::output::Put) -> std::io::Result<()> {
        write_index(site, self.0, put)
    }
}

pub fn write_index(
    site: &Site,
    lang: Lang,
    put: &mut dyn FnMut(String, Vec<u8>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let code = lang.code();
    let dir = format!("assets/search/{code}");
    let mut text_file = |k: usize, chunk: &[String]| {
        put(
            format!("{dir}/text-{k}.js"),
            script(
                &format!("GAPMAP_SEARCH[{}] = ", json(&format!("{code}/text-{k}"))),
                &json(&chunk),
            ),
        )
    };
    // Tokens are numbered as first seen, so a token costs one string
    // however often it occurs; `postings[id]` is the token's postings,
    // encoded as documents are read in order.
    let mut ids: foldhash::HashMap<String, u32> = foldhash::HashMap::default();
    let mut postings: Vec<Postings> = Vec::new();
    let mut spellings = words::Spellings::default();
    let mut docs = Vec::with_capacity(site.studies.len());
    let mut texts = Vec::with_capacity(TEXT_SHARD);
    let mut total_len: u64 = 0;
    for s in 0..site.studies.len() {
        let (title, body) = document(site, s, lang);
        let doc = s as u32;
        let mut add = |t: &tokens::IndexToken<'_>, weight: u32| {
            let id = match ids.get(t.token) {
                Some(&id) => id,
                None => {
                    let id = postings.len() as u32;
                    ids.insert(t.token.to_string(), id);
                    postings.push(Postings::default());
                    id
                }
            };
            postings[id as usize].add(doc, weight);
            spellings.seen(id, t.token, t.spelling);
        };
        for_each_index_token(&title, |t| add(&t, TITLE_WEIGHT));
        let mut len = 0u32;
        for_each_index_token(&body, |t| {
            add(&t, 1);
            len += u32::from(t.counted);
        });
        total_len += u64::from(len);
        let study = &site.studies[s].study;
        let page = paths::in_lang(&paths::study(&study.id), lang, site.config.default_language);
        docs.push((title, study.year.unwrap_or(0), page, len));
        texts.push(body);
        if texts.len() == TEXT_SHARD {
            text_file(s / TEXT_SHARD, &texts)?;
            texts.clear();
        }
    }
    if !texts.is_empty() {
        text_file(site.studies.len() / TEXT_SHARD, &texts)?;
    }
    let mut tokens: Vec<(String, u32)> = ids.into_iter().collect();
    tokens.sort_unstable();

    // Delta-coded postings: [doc, tf, doc gap, tf, ...], small numbers.
    // The shards' count follows from their total size, measured without
    // writing them; then each shard is written and let go before the next,
    // so the encoded postings are never all held at once.
    let total: usize = tokens
        .iter()
        .map(|(token, id)| token.len() + postings[*id as usize].finish().len() + 6)
        .sum();
    let shards = total.div_ceil(TERMS_SHARD_BYTES).max(1);
    let mut shard_tokens: Vec<Vec<&(String, u32)>> = vec![Vec::new(); shards];
    for entry in &tokens {
        shard_tokens[shard_of(&entry.0, shards)].push(entry);
    }

    put(
        format!("{dir}/words.js"),
        script(
            &format!("GAPMAP_SEARCH[{}] = ", json(&format!("{code}/words"))),
            &words::word_list(tokens.iter().map(|(token, id)| {
                (
                    token.as_str(),
                    postings[*id as usize].docs,
                    spellings.most_seen(*id, token),
                )
            })),
        ),
    )?;
    let meta = Meta {
        v: 1,
        lang: code,
        other: site
            .config
            .languages
            .iter()
            .find(|l| **l != lang)
            .map(|l| l.code()),
        list: paths::in_lang(&paths::studies(), lang, site.config.default_language),
        shards,
        text_shard: TEXT_SHARD,
        avgdl: if docs.is_empty() {
            0.0
        } else {
            (total_len as f64 / docs.len() as f64 * 10.0).round() / 10.0
        },
        docs,
    };
    put(
        format!("{dir}/meta.js"),
        script(
            &format!("GAPMAP_SEARCH[{}] = ", json(&format!("{code}/meta"))),
            &json(&meta),
        ),
    )?;
    for (k, entries) in shard_tokens.iter().enumerate() {
        let mut body = String::from("{");
        for (i, (token, id)) in entries.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&json(token));
            body.push_str(":[");
            body.push_str(&std::mem::take(&mut postings[*id as usize]).encoded);
            body.push(']');
        }
        body.push('}');
        put(
            format!("{dir}/terms-{k}.js"),
            script(
                &format!("GAPMAP_SEARCH[{}] = ", json(&format!("{code}/terms-{k}"))),
                &body,
            ),
        )?;
    }
    Ok(())
}

/// One token's postings, delta-coded as they come: `doc, tf, doc gap, tf,
/// ...`, small numbers as the index stores them, in a fraction of the
/// memory of a pair of integers each. The current document's weight is
/// held until the next document (or [`Postings::finish`]) writes it.
#[derive(Default)]
struct Postings {
    encoded: String,
    /// The last document written, which the next gap counts from.
    last: u32,
    /// How many documents have been written: the token's document frequency.
    docs: u32,
    current: Option<(u32, u32)>,
}

impl Postings {
    fn add(&mut self, doc: u32, weight: u32) {
        match &mut self.current {
            Some((current, tf)) if *current == doc => *tf += weight,
            _ => {
                self.write_current();
                self.current = Some((doc, weight));
            }
        }
    }

    fn write_current(&mut self) {
        let Some((doc, tf)) = self.current.take() else {
            return;
        };
        let mut number = itoa::Buffer::new();
        if !self.encoded.is_empty() {
            self.encoded.push(',');
        }
        self.encoded.push_str(number.format(doc - self.last));
        self.encoded.push(',');
        self.encoded.push_str(number.format(tf));
        self.last = doc;
        self.docs += 1;
    }

    /// The postings, complete.
    fn finish(&mut self) -> &str {
        self.write_current();
        &self.encoded
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn script(assign: &str, value: &str) -> Vec<u8> {
    format!("window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {{}};\n{assign}{value};\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_stable() {
        assert_eq!(shard_of("burnout", 1), 0);
        assert_eq!(shard_of("", 7), 0x811c_9dc5 % 7);
    }
}
