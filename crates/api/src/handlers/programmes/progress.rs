//! `GET /api/v1/programmes/{id}/progress`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_http::authz::{self, Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Who has scored and voted on what (a panel chair, the secretariat). Under a secret rule it
/// shows that a member voted, never how.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/progress", tag = "review",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses((status = 200, description = "{members, nominations}"), (status = 403, description = "Not a chair")),
    security(("bearer" = [])))]
pub async fn progress(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let actor = caller.require(may::PANEL_READ)?;
    let programme = s.app.programme(id).await?;
    authz::chair_or_secretariat(&actor, &programme)?;
    let viewer = authz::viewer(&actor);
    Ok(reply::ok(s.read(|p| p.progress(id, viewer))))
}
