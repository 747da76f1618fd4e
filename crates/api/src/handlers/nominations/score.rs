//! `PUT /api/v1/nominations/{id}/score`.

use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{NominationView, act};
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// A score sheet.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Scores {
    /// Score per criterion key, 0..max.
    pub scores: std::collections::BTreeMap<String, u32>,
    /// Comment.
    #[serde(default)]
    pub comment: Option<String>,
}

/// Records (or revises) the caller's scores per criterion (a member assigned and not recused, `reviewing`).
#[utoipa::path(put, path = "/api/v1/nominations/{id}/score", tag = "nominations", request_body = Scores,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn score(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Scores>,
) -> ApiResult<Response> {
    let actor = caller.require(may::REVIEW)?;
    let cmd = ProgrammeCommand::RecordScores {
        nomination_id: id,
        scores: b.scores,
        comment: b.comment,
    };
    act(&s, &actor, caller.request_id, id, cmd).await
}
