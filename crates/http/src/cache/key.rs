//! What a cached answer is keyed by, and its `ETag`: the host and path, the query in a
//! normal order, the language, and the version of what the route shows — never the log's
//! head, so a score or a sign-in leaves every tag as it was. The tag is a digest of the key,
//! so it is the same on every node that folded the same log, and weak: the gzip, brotli and
//! plain bodies of one answer are the same document.

use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use sha2::{Digest, Sha256};

/// A cache key and its `ETag`.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key's text (the store's key).
    pub text: String,
    /// `W/"<digest>"`, made when first asked for: a hit sends the stored entry's own.
    etag: std::sync::OnceLock<HeaderValue>,
}

pub fn normal_query(query: Option<&str>) -> String {
    let mut params: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .collect();
    params.sort_by_key(|p| p.split_once('=').map_or(*p, |(k, _)| k));
    params.join("&")
}

impl Key {
    /// The key of a request for a route showing `version`, in `language` ("" when the
    /// answer does not depend on it).
    pub fn of(parts: &Parts, language: &str, version: u64) -> Key {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        let text = format!(
            "{host}\n{}\n{}\n{language}\n{version}",
            parts.uri.path(),
            normal_query(parts.uri.query())
        );
        Key {
            text,
            etag: std::sync::OnceLock::new(),
        }
    }

    /// What the key names but its version: host, path, query and language. The cache
    /// admits by it, so an answer asked for twice is stored again at once when what it shows
    /// changes (a writer's every event would otherwise cost the list's first page two
    /// renders, each with the whole crowd waiting on it).
    pub fn address(&self) -> &str {
        self.text
            .rsplit_once('\n')
            .map_or(&self.text, |(address, _)| address)
    }

    /// `W/"<digest>"`: the first 12 bytes of the key text's SHA-256, in hex.
    pub fn etag(&self) -> &HeaderValue {
        self.etag.get_or_init(|| {
            let digest = Sha256::digest(self.text.as_bytes());
            let tag = format!("W/\"{}\"", hex::encode(&digest[..12]));
            HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("W/\"0\""))
        })
    }

    /// Whether the request's `If-None-Match` names this answer (weak comparison, RFC 9110
    /// 13.1.2: `W/` ignored). `*` is not taken: whether the key's answer exists (a 200, not
    /// an unpublished award's 404) is known only by rendering it.
    pub fn matches(&self, parts: &Parts) -> bool {
        if !parts.headers.contains_key(header::IF_NONE_MATCH) {
            return false;
        }
        let ours = self.etag().as_bytes();
        let ours = ours.strip_prefix(b"W/").unwrap_or(ours);
        parts
            .headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .any(|t| t.strip_prefix("W/").unwrap_or(t).as_bytes() == ours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(uri: &str, inm: Option<&str>) -> Parts {
        let mut b = Request::get(uri).header(header::HOST, "example.vn");
        if let Some(t) = inm {
            b = b.header(header::IF_NONE_MATCH, t);
        }
        b.body(()).unwrap().into_parts().0
    }

    #[test]
    fn the_address_is_the_key_without_its_version() {
        let a = Key::of(&parts("/honours?year=2026&q=duc", None), "vi", 7);
        let b = Key::of(&parts("/honours?q=duc&year=2026", None), "vi", 8);
        assert_ne!(a.text, b.text);
        assert_eq!(a.address(), b.address());
        assert_eq!(a.address(), "example.vn\n/honours\nq=duc&year=2026\nvi");
        let en = Key::of(&parts("/honours?q=duc&year=2026", None), "en", 8);
        assert_ne!(a.address(), en.address());
    }

    #[test]
    fn the_query_order_does_not_change_the_key_but_the_version_does() {
        let a = Key::of(&parts("/honours?year=2026&q=duc", None), "vi", 7);
        let b = Key::of(&parts("/honours?q=duc&&year=2026", None), "vi", 7);
        assert_eq!(a.etag(), b.etag());
        assert_ne!(
            a.etag(),
            Key::of(&parts("/honours?q=duc&year=2026", None), "vi", 8).etag()
        );
        assert_ne!(
            a.etag(),
            Key::of(&parts("/honours?q=duc&year=2026", None), "en", 7).etag()
        );
        assert_eq!(normal_query(Some("b=2&a=1&b=1")), "a=1&b=2&b=1");
    }

    #[test]
    fn if_none_match_compares_weakly_and_in_lists() {
        let k = Key::of(&parts("/honours", None), "vi", 1);
        let tag = k.etag().to_str().unwrap().to_owned();
        let strong = tag.trim_start_matches("W/").to_owned();
        for header in [tag.clone(), strong, format!("\"x\", {tag}")] {
            assert!(k.matches(&parts("/honours", Some(&header))), "{header}");
        }
        assert!(!k.matches(&parts("/honours", Some("\"other\""))));
        assert!(!k.matches(&parts("/honours", Some("*"))));
        assert!(!k.matches(&parts("/honours", None)));
    }
}
