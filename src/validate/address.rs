//! The site's published address (`base_url` in site.yaml, or the
//! `--base-url` flag): the prefix of canonical, hreflang, feed and sitemap
//! links and of robots.txt's Sitemap line, so it must be exactly one
//! absolute http(s) URL.

use url::Url;

/// What a base URL looks like, for messages.
pub const ADDRESS_FORM: &str =
    "give one absolute address such as `https://example.org/` or `https://example.org/map/`";

/// `text` as the site's address, ending with `/`, or why it cannot be one.
/// The address is written as the `url` crate serialises it: ASCII only,
/// with anything unusual percent-encoded, so it is safe in any output.
pub fn site_address(text: &str) -> Result<String, String> {
    // The URL standard silently drops tabs and line breaks, so they are
    // refused before parsing: they would otherwise be read past.
    if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "the address holds {}: it must be one URL on one line",
            match c {
                '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => "a line break".to_string(),
                ' ' => "a space".to_string(),
                c => format!("the character U+{:04X}", u32::from(c)),
            }
        ));
    }
    let url = Url::parse(text).map_err(|e| format!("`{text}` is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{text}` must start with https:// or http://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{text}` names no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("`{text}` holds a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`{text}` has a `?` query or `#` fragment, which every link would carry"
        ));
    }
    let mut address = url.to_string();
    if !address.ends_with('/') {
        address.push('/');
    }
    Ok(address)
}

#[cfg(test)]
mod tests {
    use super::site_address;

    #[test]
    fn one_absolute_http_url_is_an_address() {
        assert_eq!(
            site_address("https://example.org/map/").unwrap(),
            "https://example.org/map/"
        );
        assert_eq!(
            site_address("https://deploy-preview-3--x.netlify.app").unwrap(),
            "https://deploy-preview-3--x.netlify.app/"
        );
        assert_eq!(
            site_address("http://localhost:8080/a").unwrap(),
            "http://localhost:8080/a/"
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "https://example.org/\nDisallow: /",
            "https://example.org/\r\nx",
            "https://example.org/\u{2028}x",
            "https://example.org/ map",
            "https://exa\tmple.org/",
            "ftp://example.org/",
            "javascript:alert(1)",
            "example.org",
            "/map/",
            "https://",
            "https://user:pw@example.org/",
            "https://example.org/?a=1",
            "https://example.org/#top",
            "",
        ] {
            assert!(site_address(text).is_err(), "{text:?}");
        }
    }
}
