//! `GET /metrics`: Prometheus text — never open on the public listener (API.md).
//!
//! Metrics name routes, queue depths and failure counts: enough to map the service and time
//! an attack, so they are for the operator only. Two ways to reach them:
//!
//! - `metrics_listen` (`--metrics-listen`, `ACCOLADE_METRICS_LISTEN`): their own listener,
//!   bound to an address only the scraper reaches; the public listener answers 404.
//! - `metrics_token` (`ACCOLADE_METRICS_TOKEN`): `Authorization: Bearer <token>` on the public
//!   listener (401 without it). With both set, the metrics listener asks for the token too.
//!
//! With neither, the public listener answers 404, as for a route that does not exist.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// Request counts and latency by route, command (append) latency, projection lag, and mail:
/// `accolade_mail_sent_total` / `accolade_mail_failed_total` (attempts, this process, by
/// template), `accolade_mail_pending` (queue depth), `accolade_mail_failing`,
/// `accolade_mail_sent` (all time, from the log), `accolade_smtp_up` (1 after a send
/// succeeded, 0 after the server failed). On the public listener: only with the metrics
/// token, and never when metrics have their own listener.
#[utoipa::path(get, operation_id = "metrics", path = "/metrics", tag = "system",
    responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain"),
        (status = 401, description = "A metrics token is configured and was not sent"),
        (status = 404, description = "Metrics are on their own listener, or not configured")))]
pub async fn metrics(State(s): State<AppState>, headers: HeaderMap) -> Response {
    match (&s.config.metrics_listen, &s.config.metrics_token) {
        (None, Some(token)) => guarded(&s, &headers, token),
        _ => ApiError::new(StatusCode::NOT_FOUND, "no such route").into_response(),
    }
}

/// The metrics listener's router: `GET /metrics` only (with the token, if one is set).
pub fn listener(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(on_own_listener))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such route") })
        .with_state(state)
}

async fn on_own_listener(State(s): State<AppState>, headers: HeaderMap) -> Response {
    match &s.config.metrics_token {
        Some(token) => guarded(&s, &headers, token),
        None => render(&s),
    }
}

fn guarded(s: &AppState, headers: &HeaderMap, token: &SecretString) -> Response {
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Comparing digests: the time taken says nothing about how much of the token matched.
    let same = Sha256::digest(sent.as_bytes()) == Sha256::digest(token.expose_secret().as_bytes());
    if sent.is_empty() || !same {
        return ApiError::unauthorized("the metrics token is missing or wrong").into_response();
    }
    render(s)
}

fn render(s: &AppState) -> Response {
    metrics::gauge!("accolade_projection_lag_events").set(s.lag() as f64);
    metrics::gauge!("accolade_projection_position").set(s.node.runner().position() as f64);
    let mail = s.read(|p| p.notification_counts());
    metrics::gauge!("accolade_mail_pending").set(mail.pending as f64);
    metrics::gauge!("accolade_mail_failing").set(mail.failing as f64);
    metrics::gauge!("accolade_mail_sent").set(mail.sent as f64);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.metrics.render(),
    )
        .into_response()
}
