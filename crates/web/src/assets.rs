//! `GET /static/accolade.css` and `/static/accolade.js`, compiled into the binary: no CDN, no
//! outside fonts. Cached for a day; the files change only with a new build.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("../static/accolade.css");
const JS: &str = include_str!("../static/accolade.js");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    res
}

/// The style sheet.
pub async fn css() -> Response {
    asset(CSS, "text/css; charset=utf-8")
}

/// The small progressive enhancement (confirmations; every flow works without it).
pub async fn js() -> Response {
    asset(JS, "text/javascript; charset=utf-8")
}
