//! `POST /api/v1/nominations/{id}/absentee-ballots`.

use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{NominationView, act_keyed};
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// A written vote.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Absentee {
    /// The absent member.
    pub member_id: Uuid,
    /// approve | reject | abstain
    #[schema(value_type = String)]
    pub choice: accolade_events::Choice,
}

/// Enters an absent member's written vote (admin, `voting`, where the category allows), through the same sealed box. Under a secret rule an entry for a member who already took part is 409 whatever its choice; the sealed box is never opened to compare. Send an `Idempotency-Key` to retry safely: the same key and body get the first answer.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/absentee-ballots", tag = "nominations", request_body = Absentee,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn absentee(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<Absentee>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let cmd = ProgrammeCommand::EnterAbsenteeBallot {
        nomination_id: id,
        member_id: b.member_id,
        choice: b.choice,
    };
    act_keyed(&s, &actor, &key, caller.request_id, id, cmd).await
}
