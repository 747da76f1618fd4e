//! `GET /healthz`: the process is up.

use axum::Json;
use serde_json::{Value, json};

/// Liveness: answers as long as the process serves requests.
#[utoipa::path(get, operation_id = "healthz", path = "/healthz", tag = "system",
    responses((status = 200, description = "The process is up")))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}
