//! `GET /readyz`: ready once the read models have caught up with the log.

use accolade_store::EventStore;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use accolade_http::error::ApiError;
use accolade_http::state::AppState;

/// Readiness: 200 once every durable event is in the read models, 503 before.
#[utoipa::path(get, operation_id = "readyz", path = "/readyz", tag = "system",
    responses((status = 200, description = "Ready"), (status = 503, description = "Catching up")))]
pub async fn readyz(State(s): State<AppState>) -> Response {
    let (position, head) = (
        s.node.runner().position(),
        *s.app.store().durable_head().borrow(),
    );
    metrics::gauge!("accolade_projection_lag_events").set(s.lag() as f64);
    if s.caught_up() {
        Json(json!({"ready": true, "position": position, "head": head})).into_response()
    } else {
        ApiError::unavailable(format!(
            "read models at position {position} of {head}; catching up"
        ))
        .into_response()
    }
}
