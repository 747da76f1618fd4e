//! `POST /api/v1/nominations/{id}/absentee-ballots`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::actions::Ask;

use super::{NominationView, respond};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// An absent member's written vote, as the secretariat enters it.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Absentee {
    /// The absent member.
    pub member_id: Uuid,
    /// approve | reject | abstain
    #[schema(value_type = String, extensions(("x-rule" = json!("choice"))))]
    pub choice: accolade_events::Choice,
}

/// Enters an absent member's written vote (admin, `voting`, where the category allows), through the same sealed box. Under a secret rule an entry for a member who already took part is 409 whatever its choice; the sealed box is never opened to compare. Send an `Idempotency-Key` to retry safely: the same key and body get the first answer.
#[utoipa::path(post, operation_id = "recordAbsenteeBallot", path = "/api/v1/nominations/{id}/absentee-ballots", tag = "nominations", request_body = Absentee,
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
    let ask = Ask::by(caller.0).keyed(key.0);
    s.node
        .review()
        .absentee(&ask, id, b.member_id, b.choice)
        .await?;
    respond(&s, &ask, id).await
}
