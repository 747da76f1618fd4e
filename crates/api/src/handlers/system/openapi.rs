//! `GET /openapi.json`: the OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use axum::response::IntoResponse;

/// The document (every route of the router, this one included).
#[utoipa::path(get, operation_id = "openapi", path = "/openapi.json", tag = "system",
    responses((status = 200, description = "OpenAPI 3.1 document", body = Object)))]
pub async fn openapi() -> impl IntoResponse {
    Json(crate::router::openapi().clone())
}
