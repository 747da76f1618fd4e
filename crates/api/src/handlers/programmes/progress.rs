//! `GET /api/v1/programmes/{id}/progress`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Who has scored and voted on what (a panel chair, the secretariat). Under a secret rule it
/// shows that a member voted, never how.
#[utoipa::path(get, operation_id = "getProgress", path = "/api/v1/programmes/{id}/progress", tag = "review",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses((status = 200, description = "{members, nominations}"), (status = 403, description = "Not a chair")),
    security(("bearer" = [])))]
pub async fn progress(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let report = s.node.setup().progress(&Ask::by(caller.0), id).await?;
    Ok(reply::ok(report))
}
