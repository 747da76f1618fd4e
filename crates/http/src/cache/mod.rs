//! The response cache of the public pages and JSON (docs/caching.md): rendered bytes kept by
//! what they show, `ETag`/`If-None-Match`, `Cache-Control` for proxies, and gzip/brotli.
//!
//! Each public route carries a [`CacheLayer`] naming the [`Part`] of the read models it shows.
//! An anonymous `GET`/`HEAD` is keyed by host, path, normalised query, language and that
//! part's version (`key.rs`); a matching `If-None-Match` is a 304 without rendering, a stored
//! answer is sent as stored (compressed once per coding, `store.rs`), and a miss renders once
//! and stores a 200. The version moves with every event that changes the part, so the next
//! request after a write on this node sees it; nothing else is ever invalidated.
//!
//! **Never one visitor's bytes.** A request with an `Authorization` header or a session
//! cookie passes through untouched: not looked up, not stored, not compressed (its page can
//! carry a CSRF token beside reflected input: BREACH). Anonymous renders of the public pages
//! hold no per-visitor bytes (their forms and tokens show only when signed in); the
//! `Set-Cookie` of a fresh CSRF token is dropped from them, since they carry no form that
//! needs it and a shared cache must never hand one visitor's token to another. A request
//! that sets the language (`?lang=`) is rendered, not stored: its answer sets a cookie.

mod encoding;
mod key;
mod service;
mod store;

pub use encoding::{Coding, compressible};
pub use key::{Key, normal_query};
pub use service::{CacheLayer, CacheService};
pub use store::{Entry, ResponseCache};

use accolade_projections::PublicVersions;
use axum::http::{HeaderMap, header};
use uuid::Uuid;

/// The session cookie of the pages (`accolade_web::ctx::SESSION` is this name).
pub const SESSION_COOKIE: &str = "accolade_session";

/// `Cache-Control` of a cacheable public answer. Shared caches (a reverse proxy, a CDN) keep
/// it 10 s and may serve it a minute longer while they ask again: they absorb a spike. A
/// browser asks again each time (`max-age=0`; a 304 from here costs nothing), so a reader
/// who reloads after a change sees it (browsers take `stale-while-revalidate` for
/// subresources, not for page loads).
pub const PUBLIC: &str = "public, max-age=0, s-maxage=10, stale-while-revalidate=60";

/// What a public route shows: the parts of the read models its answer is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The home page: honours, notice and leaderboard figures, and names.
    Home,
    /// The honour list (and the feed): its items and the names beside them.
    Honours,
    /// One award (its id the last path segment).
    Award,
    /// The agency leaderboard with its names.
    Leaderboard,
    /// The public-notice list.
    Notice,
}

impl Part {
    /// The version of what a request for `path` shows; `None` when there is nothing to key
    /// by (an award never conferred: its answer is a 404, never stored).
    pub fn version(self, v: &PublicVersions<'_>, path: &str) -> Option<u64> {
        Some(match self {
            Part::Home => v
                .honours()
                .max(v.notice())
                .max(v.leaderboard())
                .max(v.names()),
            Part::Honours => v.honours().max(v.names()),
            Part::Award => {
                let id: Uuid = path.rsplit('/').next()?.parse().ok()?;
                v.award(id)?
            }
            Part::Leaderboard => v.leaderboard().max(v.names()),
            Part::Notice => v.notice(),
        })
    }
}

/// Whether the request is someone's: a bearer token or a session cookie (valid or not).
pub fn personal(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|kv| {
                kv.trim()
                    .split_once('=')
                    .is_some_and(|(k, _)| k == SESSION_COOKIE)
            })
}

/// A request rewritten before it goes on.
type Rewrite = fn(axum::extract::Request) -> axum::extract::Request;

/// [`compressed`]'s layer.
pub type Compressed = tower::layer::util::Stack<
    tower_http::compression::CompressionLayer,
    tower::util::MapRequestLayer<Rewrite>,
>;

/// For public answers that are not stored (the streamed downloads): gzip or brotli on the
/// fly, for anonymous requests only (a personal request's `Accept-Encoding` is dropped first).
pub fn compressed() -> Compressed {
    fn anonymous_only(mut req: axum::extract::Request) -> axum::extract::Request {
        if personal(req.headers()) {
            req.headers_mut().remove(header::ACCEPT_ENCODING);
        }
        req
    }
    tower::layer::util::Stack::new(
        tower_http::compression::CompressionLayer::new(),
        tower::util::MapRequestLayer::new(anonymous_only as Rewrite),
    )
}
