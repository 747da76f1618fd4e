//! `POST /api/v1/objections/{id}/resolution`.

use accolade_app::Command;
use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::programme_of;
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// The resolution.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Resolution {
    /// Upheld (the nomination leaves the list) or dismissed.
    pub upheld: bool,
    /// Why.
    pub reason: String,
}

/// Upholds or dismisses an objection (admin, `public_notice`).
#[utoipa::path(post, path = "/api/v1/objections/{id}/resolution", tag = "notice",
    request_body = Resolution,
    params(("id" = Uuid, Path, description = "Objection id")),
    responses((status = 200, description = "{id, version, nomination_status}"), (status = 409, description = "Already resolved")),
    security(("bearer" = [])))]
pub async fn resolve(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Resolution>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let pid = programme_of(&s, id).await?;
    let cmd = ProgrammeCommand::ResolveObjection {
        objection_id: id,
        upheld: b.upheld,
        reason: b.reason,
    };
    let done = s
        .execute(
            &actor,
            Command::programme(pid, cmd),
            &IdempotencyKey::default(),
            caller.request_id,
        )
        .await?;
    let p = s.app.programme(pid).await?;
    let nomination = p.objections.get(&id).map(|o| o.nomination_id);
    let status = nomination
        .and_then(|n| p.nominations.get(&n))
        .map(|n| n.status);
    Ok(reply::ok(json!({
        "id": id, "version": done.version, "upheld": b.upheld,
        "nomination_id": nomination, "nomination_status": status,
    })))
}
