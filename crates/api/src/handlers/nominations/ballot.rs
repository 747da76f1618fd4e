//! `PUT /api/v1/nominations/{id}/ballot`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::actions::Ask;

use super::{NominationView, respond};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// The caller's ballot: only the choice (the voter is whoever is signed in).
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Ballot {
    /// approve | reject | abstain
    #[schema(value_type = String, extensions(("x-rule" = json!("choice"))), example = "approve")]
    pub choice: accolade_events::Choice,
}

/// Casts the caller's ballot (member, `voting`). Under a secret rule only the participation is recorded and the choice is sealed until the round closes; a second ballot is 409 whatever its choice (the answer never depends on the sealed one). Under an open rule the same choice again is harmless and a different one is 409. Send an `Idempotency-Key` to retry safely: the same key and body get the first answer.
#[utoipa::path(put, operation_id = "castBallot", path = "/api/v1/nominations/{id}/ballot", tag = "nominations", request_body = Ballot,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn ballot(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<Ballot>,
) -> ApiResult<Response> {
    // The key makes a client's retry safe: a repeated secret ballot is otherwise refused.
    let ask = Ask::by(caller.0).keyed(key.0);
    s.node.review().ballot(&ask, id, b.choice).await?;
    respond(&s, &ask, id).await
}
