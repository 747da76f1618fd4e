//! `POST /api/v1/programmes/{id}/rounds/{category_code}/rerun`: the way out of a lost ballot
//! box.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// Why a round is re-run.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RoundRerun {
    /// Why (recorded in the audit trail and shown on the chair's progress).
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub reason: String,
}

/// Re-runs the category's open round (the secretariat, `voting`): when its sealed ballots are
/// lost (a close answers `BallotsMissing`), the participations of every nomination awaiting a
/// vote are voided and a new round with a fresh key begins; the members vote again. Recorded
/// as `RoundRerun` with its reason.
#[utoipa::path(post, operation_id = "rerunRound", path = "/api/v1/programmes/{id}/rounds/{category_code}/rerun", tag = "review",
    request_body = RoundRerun,
    params(("id" = Uuid, Path, description = "Programme id"), ("category_code" = String, Path, description = "Category")),
    responses((status = 200, description = "Re-run; the programme", body = crate::handlers::programmes::ProgrammeView), (status = 409, description = "No open vote or wrong phase"),
        (status = 422, description = "No reason")),
    security(("bearer" = [])))]
pub async fn rerun_round(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath((id, code)): ApiPath<(Uuid, String)>,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<RoundRerun>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    s.node.setup().rerun_round(&ask, id, code, b.reason).await?;
    super::respond(&s, &ask, id).await
}
