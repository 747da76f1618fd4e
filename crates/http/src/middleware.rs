//! What wraps every request: request ids, tracing, panics, problem+json for bare errors,
//! metrics, security headers, the timeout and the body limit; and what the public routes'
//! response cache needs (the state and the store, as request extensions).
//!
//! Logs name the route template (`/api/v1/nominations/{id}`), never the raw URI: query
//! strings carry searched names (`?q=`), and paths carry tokens (`/invitations/{token}`).
//! Bodies and headers are never logged.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::{ApiError, PROBLEM_JSON};
use crate::state::AppState;

/// Request ids are UUID v7; they become the correlation id of the events a request causes.
#[derive(Debug, Clone, Copy, Default)]
struct V7Ids;

impl MakeRequestId for V7Ids {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let mut text = uuid::Uuid::encode_buffer();
        let id = uuid::Uuid::now_v7().hyphenated().encode_lower(&mut text);
        HeaderValue::from_str(id).ok().map(RequestId::new)
    }
}

/// The Prometheus recorder of this process (installed once; several servers in one test
/// process share it).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Suffix("_seconds".into()),
                    &[
                        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
                    ],
                )
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics may be empty");
            }
            handle
        })
        .clone()
}

/// A label's text kept for the life of the process: route templates and status codes, sets
/// bounded by the router and by HTTP (a path never becomes a label), so each is kept once
/// and no request allocates its labels.
fn interned(s: &str) -> &'static str {
    static SEEN: OnceLock<std::sync::RwLock<std::collections::HashSet<&'static str>>> =
        OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(k) = seen
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(s)
    {
        return k;
    }
    let mut w = seen
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(k) = w.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_owned().into_boxed_str());
    w.insert(k);
    k
}

/// The method as a label: a client may send any token as a method, so only the standard
/// ones are named (the rest are `other`), and the label set stays bounded.
fn method_label(m: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The headers every answer carries unless its handler set its own.
const SECURITY_HEADERS: [(HeaderName, HeaderValue); 4] = [
    (
        HeaderName::from_static("content-security-policy"),
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
    ),
    (
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    ),
    (
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    ),
    (
        HeaderName::from_static("x-frame-options"),
        HeaderValue::from_static("DENY"),
    ),
];

/// What every answer goes through on its way out: a problem+json body for a bare error, the
/// security headers, and the request's metrics. One layer, not six: each layer is cloned
/// and its future boxed or nested on every request, and a results-day crowd asks tens of
/// thousands of cached pages a second, where that was a fifth of the work.
#[derive(Debug, Clone, Copy)]
struct EnvelopeLayer;

impl<S> tower::Layer<S> for EnvelopeLayer {
    type Service = Envelope<S>;

    fn layer(&self, inner: S) -> Envelope<S> {
        Envelope { inner }
    }
}

/// The future of an answer made by a service of ours wrapped around the routes: boxed once,
/// never an error (an error is an answer too).
pub(crate) type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

#[derive(Debug, Clone)]
struct Envelope<S> {
    inner: S,
}

impl<S> tower::Service<Request> for Envelope<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Answer {
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map_or("unmatched", |m| interned(m.as_str()));
        let method = method_label(req.method());
        let started = Instant::now();
        // Called here, on the service that was made ready (no clone per request).
        let answer = self.inner.call(req);
        Box::pin(async move {
            let res = match answer.await {
                Ok(res) => res,
                Err(never) => match never {},
            };
            let status = interned(res.status().as_str());
            metrics::counter!("http_requests_total", "method" => method, "route" => route, "status" => status)
                .increment(1);
            metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
                .record(started.elapsed().as_secs_f64());
            let mut res = problem_for_bare_error(res);
            let headers = res.headers_mut();
            for (name, value) in &SECURITY_HEADERS {
                if !headers.contains_key(name) {
                    headers.insert(name.clone(), value.clone());
                }
            }
            Ok(res)
        })
    }
}

/// Gives every error answer a problem+json body, also those made outside the handlers
/// (405 from the router, 408 from the timeout, 413 from the body limit).
fn problem_for_bare_error(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    // HTML pages render their own error pages (and forms with messages, 422).
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_problem || is_page {
        return res;
    }
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => "this method is not allowed on this route",
        StatusCode::REQUEST_TIMEOUT => "the request took too long",
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large",
        StatusCode::NOT_FOUND => "no such route",
        _ => "the request could not be handled",
    };
    let (parts, _) = res.into_parts();
    let mut fresh = ApiError::new(status, detail).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fresh
}

/// One log line per answer: errors at `info` (server errors at `error`), the rest at
/// `debug`. A results-day crowd asks tens of thousands of pages a second; a line each would
/// make the log the server's main work (a reverse proxy keeps the access log).
fn log_response<B>(
    res: &axum::http::Response<B>,
    latency: std::time::Duration,
    _span: &tracing::Span,
) {
    // The fields and message of tower-http's `DefaultOnResponse`, so log readers see no change.
    let status = res.status().as_u16();
    let latency = format_args!("{} ms", latency.as_millis());
    if res.status().is_server_error() {
        tracing::error!(%latency, status, "finished processing request");
    } else if res.status().is_client_error() {
        tracing::info!(%latency, status, "finished processing request");
    } else {
        tracing::debug!(%latency, status, "finished processing request");
    }
}

/// Wraps the routes in the middleware stack, outermost first.
pub fn wrap(routes: Router<AppState>, state: AppState) -> Router {
    let body_limit = state.config.body_limit;
    let timeout = state.config.request_timeout();
    // The public routes' cache layers find the read models and their store here.
    let cache = std::sync::Arc::new(crate::cache::ResponseCache::new(
        state.config.response_cache_bytes(),
    ));
    let stack = ServiceBuilder::new()
        .layer(SetRequestIdLayer::x_request_id(V7Ids))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    let route = req
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("unmatched", MatchedPath::as_str);
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!(
                        "request",
                        request_id = id,
                        method = method_label(req.method()),
                        route = route
                    )
                })
                .on_response(log_response),
        )
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal(&"a handler panicked").into_response()
        }))
        .layer(EnvelopeLayer)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::Extension(cache))
        .layer(axum::Extension(state.clone()));
    routes
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such route") })
        .layer(stack)
        .with_state(state)
}
