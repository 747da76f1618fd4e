//! `GET /api/v1/public/awards/{id}`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiPath;
use crate::reply;
use crate::state::AppState;

/// An award's permanent page: status, citation, decision, revocation, and the verification
/// record (event id, position, hash) anyone can check against the log.
#[utoipa::path(get, path = "/api/v1/public/awards/{id}", tag = "public",
    params(("id" = Uuid, Path, description = "Award id")),
    responses((status = 200, description = "The award page"), (status = 404, description = "Not found or not published")))]
pub async fn award(State(s): State<AppState>, ApiPath(id): ApiPath<Uuid>) -> ApiResult<Response> {
    s.read(|p| p.award(id))
        .map(reply::ok)
        .ok_or_else(|| ApiError::not_found("award"))
}
