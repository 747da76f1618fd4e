//! `POST /api/v1/panels/{id}/assignments`: assign reviewers to waiting nominations.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use crate::handlers::programmes;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::state::AppState;

/// Assigns reviewers on one panel (admin, `reviewing`); the draw's seed is recorded. An
/// admin's move into `reviewing` already does this for every panel; a move by the schedule
/// does not, and the programme's `unfinished_work` then names the nominations waiting.
#[utoipa::path(post, operation_id = "assignReviewers", path = "/api/v1/panels/{id}/assignments", tag = "review",
    params(("id" = Uuid, Path, description = "Panel id")),
    responses((status = 200, description = "Assigned; the programme", body = crate::handlers::programmes::ProgrammeView), (status = 409, description = "Nothing waiting")),
    security(("bearer" = [])))]
pub async fn assign(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(panel_id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let done = s.node.setup().assign_reviewers(&ask, panel_id).await?;
    programmes::respond(&s, &ask, done.id).await
}
