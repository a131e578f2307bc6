//! DOIs: written bare, as `10.<registrant>/<suffix>`.

use super::fields::Ctx;
use crate::yaml::Node;

/// A DOI is `10.<registrant>/<suffix>`, written bare.
pub(super) fn check_doi(ctx: &mut Ctx, node: &Node, doi: String) -> Option<String> {
    for prefix in DOI_PREFIXES {
        if let Some(bare) = doi.strip_prefix(prefix) {
            ctx.error(
                node.span.clone(),
                format!("write the DOI without `{prefix}`"),
                Some(format!("`doi: \"{}\"`", bare.trim())),
            );
            return None;
        }
    }
    if is_doi(&doi) {
        Some(doi)
    } else {
        ctx.error(
            node.span.clone(),
            format!("malformed DOI `{doi}`"),
            Some(DOI_FORM.into()),
        );
        None
    }
}

/// How a DOI is written, for messages.
pub const DOI_FORM: &str =
    "a DOI looks like `10.1037/ort0000867`: 10., a registrant number, a slash, then the suffix";

/// Whether `doi` is a bare DOI: `10.<digits and dots>/<suffix without spaces>`.
pub fn is_doi(doi: &str) -> bool {
    doi.split_once('/').is_some_and(|(prefix, suffix)| {
        prefix
            .strip_prefix("10.")
            .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
            && !suffix.is_empty()
            && !suffix.chars().any(char::is_whitespace)
    })
}

/// The prefixes people paste before a DOI; study.yaml takes it bare.
pub const DOI_PREFIXES: [&str; 5] = [
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi:",
];
