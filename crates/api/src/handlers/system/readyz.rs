//! `GET /readyz`: ready once the read models have caught up with the log.

use accolade_store::EventStore;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// Ready: the read models hold every durable event.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ready {
    /// Always `true` (not ready is a 503 problem).
    pub ready: bool,
    /// The log position the read models have reached.
    pub position: u64,
    /// The log's durable head.
    pub head: u64,
}

/// Readiness: 200 once every durable event is in the read models, 503 before.
#[utoipa::path(get, operation_id = "readyz", path = "/readyz", tag = "system",
    responses((status = 200, description = "Ready", body = Ready), (status = 503, description = "Catching up")))]
pub async fn readyz(State(s): State<AppState>) -> Response {
    let (position, head) = (
        s.node.runner().position(),
        *s.app.store().durable_head().borrow(),
    );
    metrics::gauge!("accolade_projection_lag_events").set(s.lag() as f64);
    if s.caught_up() {
        Json(Ready {
            ready: true,
            position,
            head,
        })
        .into_response()
    } else {
        ApiError::unavailable(format!(
            "read models at position {position} of {head}; catching up"
        ))
        .into_response()
    }
}
