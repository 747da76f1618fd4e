//! `POST /api/v1/nominations/{id}/conflict`.

use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{NominationView, act};
use crate::authz::{Caller, may};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

/// A declared conflict.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Conflict {
    /// Why.
    pub reason: String,
    /// The member (the secretariat declaring for a member); ignored for a member.
    #[serde(default)]
    pub member_id: Option<Uuid>,
}

/// Declares a conflict of interest: a member for themselves (recused at once), or the secretariat for a member (`member_id`).
#[utoipa::path(post, path = "/api/v1/nominations/{id}/conflict", tag = "nominations", request_body = Conflict,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn conflict(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Conflict>,
) -> ApiResult<Response> {
    let actor = caller.require(may::DECLARE_CONFLICT)?;
    let cmd = ProgrammeCommand::DeclareConflict {
        nomination_id: id,
        member_id: b.member_id,
        reason: b.reason,
    };
    act(&s, &actor, caller.request_id, id, cmd).await
}
