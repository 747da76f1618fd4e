//! `POST /api/v1/nominations/{id}/conflict`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::reply;
use accolade_http::state::AppState;

/// A declared conflict.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Conflict {
    /// Why the member cannot review it impartially.
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub reason: String,
    /// The member: required when the secretariat declares (422 on `member_id` without it);
    /// ignored when a member declares (it is always themselves).
    #[serde(default)]
    pub member_id: Option<Uuid>,
}

/// A recusal recorded: the member no longer sees the dossier, so the answer is not the
/// nomination.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Recused {
    /// The nomination.
    pub id: Uuid,
    /// The programme's version after the recusal.
    pub version: Option<u64>,
    /// The member recused.
    pub member_id: Option<Uuid>,
    /// Always `true`.
    pub recused: bool,
}

/// Declares a conflict of interest: a member for themselves (recused at once), or the secretariat for a member (`member_id`).
#[utoipa::path(post, operation_id = "declareConflict", path = "/api/v1/nominations/{id}/conflict", tag = "nominations", request_body = Conflict,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Recused", body = Recused),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn conflict(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Conflict>,
) -> ApiResult<Response> {
    // No idempotency key: declaring the same conflict twice is the domain's to refuse.
    let ask = Ask::by(caller.0);
    let r = s.node.review().declare_conflict(&ask, id, b.into()).await?;
    // The member is recused at once and may no longer see the dossier: answer with the
    // minimal `{id, version}` (the programme stream's version) rather than the nomination.
    Ok(reply::ok(Recused {
        id,
        version: r.done.executed.version,
        member_id: r.member_id,
        recused: true,
    }))
}

impl From<Conflict> for accolade_app::actions::review::Conflict {
    fn from(b: Conflict) -> Self {
        Self {
            reason: b.reason,
            member_id: b.member_id,
        }
    }
}
