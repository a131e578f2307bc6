//! Images in a document may come only from the site itself. A browser
//! fetches an image as soon as the page shows, so an image from another
//! host (`https://tracker.example/p.png`, `//host/p.png`) tells that host
//! who reads the page, also from the offline bundle, where no
//! Content-Security-Policy header stops it. Such an image is refused: its
//! description is shown in its place, with a warning.

use std::ops::Range;
use std::sync::LazyLock;

use url::Url;

use crate::content::MarkdownSource;
use crate::diagnostics::Diagnostic;

/// Where a page of the site stands, served and opened from the offline
/// bundle, for reading a URL as a browser would: the same URL can be
/// relative under one and absolute under the other (`https:host/p.png`).
const PAGES: [&str; 2] = [
    "https://site.gapmap.invalid/studies/a-study/",
    "file:///site/studies/a-study/",
];

static PAGE_URLS: LazyLock<Vec<Url>> =
    LazyLock::new(|| PAGES.iter().filter_map(|p| Url::parse(p).ok()).collect());

/// Whether a browser showing a page of the site, served or from the
/// bundle, would fetch `url` from another host (`file://host/` included:
/// a network share). A URL that does not parse is no image at all, and
/// other schemes are never fetched from the network.
pub(super) fn from_another_site(url: &str) -> bool {
    PAGE_URLS.iter().any(|page| match page.join(url) {
        Ok(resolved) => {
            matches!(resolved.scheme(), "http" | "https" | "file") && resolved.host() != page.host()
        }
        Err(_) => false,
    })
}

/// How many refused images of one document get a warning of their own;
/// the rest are counted in one more, so that a file of thousands does not
/// flood the report (each warning also costs a look for its line).
const MAX_WARNINGS: usize = 10;

/// The warnings for a document's refused images.
#[derive(Default)]
pub(super) struct Refused {
    warned: usize,
    unwarned: usize,
    first_unwarned: Range<usize>,
}

impl Refused {
    /// Says that the image at `range` was refused by [`from_another_site`].
    pub(super) fn add(
        &mut self,
        source: &MarkdownSource,
        range: Range<usize>,
        diags: &mut Vec<Diagnostic>,
    ) {
        if self.warned < MAX_WARNINGS {
            self.warned += 1;
            diags.push(
                Diagnostic::warning(
                    &source.file,
                    "image from another site is not shown: a reader's browser would fetch it from there, telling that site who reads the page",
                )
                .at(&source.text, range)
                .with_help(HELP),
            );
        } else {
            if self.unwarned == 0 {
                self.first_unwarned = range;
            }
            self.unwarned += 1;
        }
    }

    /// Counts the refused images that had no warning of their own.
    pub(super) fn finish(self, source: &MarkdownSource, diags: &mut Vec<Diagnostic>) {
        if self.unwarned > 0 {
            diags.push(
                Diagnostic::warning(
                    &source.file,
                    format!(
                        "{} more images from other sites, from here on, are not shown",
                        self.unwarned
                    ),
                )
                .at(&source.text, self.first_unwarned)
                .with_help(HELP),
            );
        }
    }
}

const HELP: &str =
    "remove it, or say in words what it shows; until then its description is shown in its place";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_from_other_hosts_are_told_apart_from_the_sites_own() {
        for url in [
            "https://tracker.example/p.png",
            "http://tracker.example/p.png",
            "//tracker.example/p.png",
            "\\\\tracker.example\\p.png",
            "/\\tracker.example/p.png",
            "HTTPS://TRACKER.EXAMPLE/p.png",
            " https://tracker.example/p.png",
            "https:tracker.example/p.png",
            "file://tracker.example/share/p.png",
        ] {
            assert!(from_another_site(url), "{url}");
        }
        for url in [
            "p.png",
            "./figures/p.png",
            "../a-study/p.png",
            "/p.png",
            "p.png?x=//tracker.example",
            "data:image/png;base64,AA",
            "mailto:a@b.org",
            "https://[::1",
            "",
        ] {
            assert!(!from_another_site(url), "{url}");
        }
    }
}
