//! `GET /metrics`: Prometheus text.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::state::AppState;

/// Request counts and latency by route, command (append) latency, projection lag.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain")))]
pub async fn metrics(State(s): State<AppState>) -> impl IntoResponse {
    metrics::gauge!("accolade_projection_lag_events").set(s.lag() as f64);
    metrics::gauge!("accolade_projection_position").set(s.runner.position() as f64);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.metrics.render(),
    )
}
