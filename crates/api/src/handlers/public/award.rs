//! `GET /api/v1/public/awards/{id}`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// An award's permanent page: status, citation, decision, revocation, and the verification
/// record (event id, position, hash) anyone can check against the log.
#[utoipa::path(get, operation_id = "getPublicAward", path = "/api/v1/public/awards/{id}", tag = "public",
    params(("id" = Uuid, Path, description = "Award id")),
    responses((status = 200, description = "The award page"), (status = 404, description = "Not found or not published")))]
pub async fn award(State(s): State<AppState>, ApiPath(id): ApiPath<Uuid>) -> ApiResult<Response> {
    Ok(reply::ok(s.node.public().award(id)?))
}
