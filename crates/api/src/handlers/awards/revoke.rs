//! `POST /api/v1/awards/{id}/revocation`.

use accolade_app::Command;
use accolade_domain::ProgrammeCommand;
use accolade_events::RevocationGround;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// The revoking decision.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Revocation {
    /// fraudulent_claim | false_dossier | unlawful_review | later_violation
    #[schema(value_type = String, example = "false_dossier")]
    pub ground: RevocationGround,
    /// Decision number.
    pub decision_no: String,
    /// Its date.
    #[serde(with = "accolade_events::dates::iso_date")]
    #[schema(value_type = String, format = Date, example = "2026-09-01")]
    pub decided_on: Date,
    /// Note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Revokes an award on a statutory ground (authority). The honour list keeps it, marked
/// revoked with date and ground.
#[utoipa::path(post, path = "/api/v1/awards/{id}/revocation", tag = "decision",
    request_body = Revocation,
    params(("id" = Uuid, Path, description = "Award id")),
    responses((status = 200, description = "Revoked; the award page"), (status = 409, description = "Already revoked")),
    security(("bearer" = [])))]
pub async fn revoke(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Revocation>,
) -> ApiResult<Response> {
    let actor = caller.require(may::CONFER)?;
    let pid = s
        .read(|p| {
            p.catalog()
                .nominations
                .values()
                .find(|n| n.award_id == Some(id))
                .map(|n| n.programme_id)
        })
        .ok_or_else(|| ApiError::not_found("award"))?;
    let cmd = ProgrammeCommand::RevokeAward {
        award_id: id,
        ground: b.ground,
        decision_no: b.decision_no,
        decided_on: b.decided_on,
        note: b.note,
    };
    let done = s
        .execute(
            &actor,
            Command::programme(pid, cmd),
            &IdempotencyKey::default(),
            caller.request_id,
        )
        .await?;
    let page = s.read(|p| p.award(id));
    Ok(reply::ok(
        json!({"id": id, "version": done.version, "award": page}),
    ))
}
