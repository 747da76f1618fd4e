//! The cache as a tower layer on one route: decides, per request, between passing through
//! (someone's request, or not a read), answering 304, sending a stored answer, or rendering
//! once and storing it.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service, ServiceExt};

use super::encoding::{Coding, compressible};
use super::key::Key;
use super::store::{Entry, ResponseCache};
use super::{PUBLIC, Part, personal};
use crate::state::AppState;

/// A page's language as the page itself resolves it, or `None` when the request sets it
/// (`?lang=`: the answer carries a cookie, so it is rendered, not stored).
pub type Language = fn(&Parts) -> Option<&'static str>;

/// Largest answer read into the cache (a larger one is a 500 rather than a memory spike; no
/// public page comes near it).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// The cache on one route (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct CacheLayer {
    part: Part,
    language: Option<Language>,
    vary: &'static str,
}

impl CacheLayer {
    /// For a page: keyed by language too; varies by coding, language and cookie.
    pub fn page(part: Part, language: Language) -> Self {
        Self {
            part,
            language: Some(language),
            vary: "Accept-Encoding, Accept-Language, Cookie",
        }
    }

    /// For JSON (the same in every language); varies by coding only.
    pub fn api(part: Part) -> Self {
        Self {
            part,
            language: None,
            vary: "Accept-Encoding",
        }
    }
}

impl<S> Layer<S> for CacheLayer {
    type Service = CacheService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CacheService { inner, cfg: *self }
    }
}

/// [`CacheLayer`]'s service.
#[derive(Debug, Clone)]
pub struct CacheService<S> {
    inner: S,
    cfg: CacheLayer,
}

impl<S> Service<Request> for CacheService<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = crate::middleware::Answer;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // The clone that was made ready does the work (tower's rule for cloned services).
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let cfg = self.cfg;
        Box::pin(async move { Ok(answer(inner, cfg, req).await) })
    }
}

async fn call<S>(inner: S, req: Request) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    match inner.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    }
}

fn metric(result: &'static str) {
    metrics::counter!("accolade_response_cache_total", "result" => result).increment(1);
}

async fn answer<S>(inner: S, cfg: CacheLayer, req: Request) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    let read = matches!(*req.method(), Method::GET | Method::HEAD);
    if !read || personal(req.headers()) {
        return call(inner, req).await;
    }
    let coding = Coding::negotiate(req.headers().get(header::ACCEPT_ENCODING));
    // The version is read through the request's own state (no clone of it per request).
    let version = req
        .extensions()
        .get::<AppState>()
        .map(|state| state.read(|p| cfg.part.version(&p.versions(), req.uri().path())));
    let (Some(version), Some(cache)) = (
        version,
        req.extensions().get::<Arc<ResponseCache>>().cloned(),
    ) else {
        return call(inner, req).await;
    };
    let (mut parts, body) = req.into_parts();
    let language = cfg.language.map_or(Some(""), |f| f(&parts));
    let (Some(language), Some(version)) = (language, version) else {
        metric("bypass");
        // A HEAD's body is already dropped below: nothing to compress (or to measure).
        let coding = if parts.method == Method::HEAD {
            Coding::Identity
        } else {
            coding
        };
        let res = call(inner, Request::from_parts(parts, body)).await;
        return compress_as_is(res, coding).await;
    };
    let key = Key::of(&parts, language, version);
    if key.matches(&parts) {
        metric("not_modified");
        return not_modified(&key, cfg.vary);
    }
    let head = parts.method == Method::HEAD;
    if let Some(e) = cache.get(&key.text) {
        metric("hit");
        return send(&cache, &key, &e, coding, cfg.vary, head);
    }
    let _flight = if cache.enabled() {
        let f = cache.flight(&key.text).await;
        if let Some(e) = cache.get(&key.text) {
            metric("hit");
            return send(&cache, &key, &e, coding, cfg.vary, head);
        }
        Some(f)
    } else {
        None
    };
    metric("miss");
    // Rendered as a GET, so a HEAD miss stores the whole body (the server drops it for HEAD).
    parts.method = Method::GET;
    let res = call(inner, Request::from_parts(parts, body)).await;
    if res.status() != StatusCode::OK {
        return compress_as_is(res, coding).await;
    }
    let (rparts, rbody) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(rbody, MAX_BODY).await else {
        return crate::error::ApiError::internal(&"a public answer could not be read")
            .into_response();
    };
    let entry = Arc::new(Entry::new(
        rparts.headers.get(header::CONTENT_TYPE).cloned(),
        key.etag().clone(),
        bytes,
    ));
    if cache.admit(key.address()) {
        cache.insert(key.text.clone(), entry.clone());
    }
    send(&cache, &key, &entry, coding, cfg.vary, head)
}

fn public_headers(res: &mut Response, etag: &HeaderValue, vary: &'static str) {
    let h = res.headers_mut();
    h.insert(header::ETAG, etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC));
    h.insert(header::VARY, HeaderValue::from_static(vary));
}

fn not_modified(key: &Key, vary: &'static str) -> Response {
    let mut res = StatusCode::NOT_MODIFIED.into_response();
    public_headers(&mut res, key.etag(), vary);
    res
}

/// A stored answer in the client's coding (made now if it is the first to ask for it).
fn send(
    cache: &ResponseCache,
    key: &Key,
    e: &Arc<Entry>,
    coding: Coding,
    vary: &'static str,
    head: bool,
) -> Response {
    let (body, coding) = if compressible(e.content_type.as_ref()) {
        match e.variant(coding) {
            (Some(b), made) => {
                if made {
                    cache.charge(&key.text, e, b.len());
                }
                (b, coding)
            }
            (None, _) => (e.body.clone(), Coding::Identity),
        }
    } else {
        (e.body.clone(), Coding::Identity)
    };
    let len = body.len();
    let mut res = if head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    public_headers(&mut res, &e.etag, vary);
    let h = res.headers_mut();
    if let Some(ct) = &e.content_type {
        h.insert(header::CONTENT_TYPE, ct.clone());
    }
    if let Some(enc) = coding.header() {
        h.insert(header::CONTENT_ENCODING, enc);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    res
}

/// An answer not stored (a 404, a `?lang=` page), compressed for an anonymous client when
/// its type is worth it; its own headers (`Cache-Control`, cookies) kept.
async fn compress_as_is(res: Response, coding: Coding) -> Response {
    let (mut parts, body) = res.into_parts();
    let worth = coding != Coding::Identity
        && !parts.headers.contains_key(header::CONTENT_ENCODING)
        && compressible(parts.headers.get(header::CONTENT_TYPE));
    if !worth {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return crate::error::ApiError::internal(&"an answer could not be read").into_response();
    };
    let Some(packed) = coding.encode(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if let Some(enc) = coding.header() {
        parts.headers.insert(header::CONTENT_ENCODING, enc);
    }
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(packed.len()));
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Response::from_parts(parts, Body::from(packed))
}
