//! `GET /metrics`: Prometheus text.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::state::AppState;

/// Request counts and latency by route, command (append) latency, projection lag, and mail:
/// `accolade_mail_sent_total` / `accolade_mail_failed_total` (attempts, this process, by
/// template), `accolade_mail_pending` (queue depth), `accolade_mail_failing`,
/// `accolade_mail_sent` (all time, from the log), `accolade_smtp_up` (1 after a send
/// succeeded, 0 after the server failed).
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain")))]
pub async fn metrics(State(s): State<AppState>) -> impl IntoResponse {
    metrics::gauge!("accolade_projection_lag_events").set(s.lag() as f64);
    metrics::gauge!("accolade_projection_position").set(s.runner.position() as f64);
    let mail = s.read(|p| p.notification_counts());
    metrics::gauge!("accolade_mail_pending").set(mail.pending as f64);
    metrics::gauge!("accolade_mail_failing").set(mail.failing as f64);
    metrics::gauge!("accolade_mail_sent").set(mail.sent as f64);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.metrics.render(),
    )
}
