//! The built site's files as serve sends them: read by tower-http's
//! `ServeDir` (path safety, percent-decoding, content types), never
//! cached by the browser, and each HTML page with the reload script and
//! its stylesheet added as external files.

use std::path::{Component, Path};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{OWN, Shared};

/// A file of the built site, served by `ServeDir`: a folder means its
/// index.html, and a folder without its final slash is redirected to it.
/// HTML pages get the reload script.
pub(super) async fn site_file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if leaves_the_site(request.uri().path()) {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    }
    let (parts, _) = request.into_parts();
    let again = || {
        let mut request = axum::http::Request::new(Body::empty());
        *request.method_mut() = parts.method.clone();
        *request.uri_mut() = parts.uri.clone();
        *request.headers_mut() = parts.headers.clone();
        request
    };
    let mut files = shared.files.clone();
    let mut response = files.try_call(again()).await;
    // A rebuild replaces a file by unlinking the old one just before the new
    // one takes its name (src/write.rs): a request in between tries again.
    if matches!(&response, Ok(r) if r.status() == StatusCode::NOT_FOUND) {
        tokio::time::sleep(Duration::from_millis(5)).await;
        response = files.try_call(again()).await;
    }
    let response = match response {
        Ok(response) => response,
        Err(e) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot read {}: {e}", parts.uri.path()),
            )
                .into_response();
        }
    };
    let (mut head, body) = response.into_parts();
    head.headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    match head.status {
        StatusCode::NOT_FOUND => {
            return (
                StatusCode::NOT_FOUND,
                [
                    (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                format!("not found: {}", parts.uri.path()),
            )
                .into_response();
        }
        // What is a folder now may be a file after the next build.
        StatusCode::TEMPORARY_REDIRECT => head.status = StatusCode::MOVED_PERMANENTLY,
        _ => {}
    }
    let is_page = head
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_page || head.status != StatusCode::OK {
        return Response::from_parts(head, Body::new(body));
    }
    let Ok(page) = axum::body::to_bytes(Body::new(body), usize::MAX).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page").into_response();
    };
    // The page grows by the reload tags; it is sent whole.
    head.headers.remove(header::CONTENT_LENGTH);
    head.headers.remove(header::ACCEPT_RANGES);
    Response::from_parts(head, Body::from(with_live_reload(page.to_vec())))
}

/// Whether a request path names something outside the site (`..`, a root,
/// a drive) or the server's own files: a bad request. `ServeDir` would
/// refuse the path anyway, as not found; this only says so plainly.
fn leaves_the_site(path: &str) -> bool {
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return true;
    };
    let relative = Path::new(decoded.trim_start_matches('/'));
    decoded.contains('\0')
        || relative.starts_with(OWN.trim_matches('/'))
        || relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Adds the reload script and its stylesheet to a page, as external files.
fn with_live_reload(page: Vec<u8>) -> Vec<u8> {
    const TAGS: &str = "<link rel=\"stylesheet\" href=\"/__gapmap/live.css\"><script src=\"/__gapmap/live.js\" defer></script>";
    let Ok(text) = String::from_utf8(page) else {
        return Vec::new();
    };
    match text.find("</head>") {
        Some(at) => {
            let mut out = String::with_capacity(text.len() + TAGS.len());
            out.push_str(&text[..at]);
            out.push_str(TAGS);
            out.push_str(&text[at..]);
            out.into_bytes()
        }
        None => text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_bad_requests() {
        for path in ["/studies/x/", "/", "/a/./b", "/%zz", "/a%20b/"] {
            assert!(!leaves_the_site(path), "{path}");
        }
        for path in [
            "/../Cargo.toml",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/a%00b",
            "/__gapmap/live.js",
            "/%ff",
        ] {
            assert!(leaves_the_site(path), "{path}");
        }
    }

    #[test]
    fn pages_get_the_reload_script_in_their_head() {
        let page =
            with_live_reload(b"<html><head><title>t</title></head><body></body></html>".to_vec());
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<script src=\"/__gapmap/live.js\" defer></script></head>"));
    }
}
