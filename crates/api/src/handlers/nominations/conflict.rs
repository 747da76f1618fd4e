//! `POST /api/v1/nominations/{id}/conflict`.

use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::Command;
use serde_json::json;

use super::locate;
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::IdempotencyKey;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::reply;
use accolade_http::state::AppState;

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
    responses((status = 200, description = "Recused: {id, version, member_id, recused: true}"),
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
    // The member is recused at once and may no longer see the dossier: answer with the
    // minimal `{id, version}` rather than the nomination.
    let pid = locate(&s, id)?;
    let member_id = if actor.role() == Some(accolade_events::Role::Member) {
        actor.user_id()
    } else {
        b.member_id
    };
    let done = s
        .execute(
            &actor,
            Command::programme(pid, cmd),
            &IdempotencyKey::default(),
            caller.request_id,
        )
        .await?;
    Ok(reply::ok(
        json!({"id": id, "version": done.version, "member_id": member_id, "recused": true}),
    ))
}
