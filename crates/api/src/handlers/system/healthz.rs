//! `GET /healthz`: the process is up.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// Alive.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

/// Liveness: answers as long as the process serves requests.
#[utoipa::path(get, operation_id = "healthz", path = "/healthz", tag = "system",
    responses((status = 200, description = "The process is up", body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}
