//! `POST /api/v1/panels/{id}/assignments`: assign reviewers to waiting nominations.

use accolade_app::Command;
use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::programme_of;
use crate::handlers::programmes;
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// Assigns reviewers on one panel (admin, `reviewing`); the draw's seed is recorded. Moving
/// into `reviewing` already does this for every panel.
#[utoipa::path(post, path = "/api/v1/panels/{id}/assignments", tag = "review",
    params(("id" = Uuid, Path, description = "Panel id")),
    responses((status = 200, description = "Assigned; the programme"), (status = 409, description = "Nothing waiting")),
    security(("bearer" = [])))]
pub async fn assign(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(panel_id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let pid = programme_of(&s, panel_id)?;
    let cmd = ProgrammeCommand::AssignReviewers {
        panel_id,
        seed: s.app.new_seed(),
    };
    s.execute(
        &actor,
        Command::programme(pid, cmd),
        &IdempotencyKey::default(),
        caller.request_id,
    )
    .await?;
    programmes::respond(&s, pid).await
}
