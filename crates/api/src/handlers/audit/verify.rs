//! `GET /api/v1/verify`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Walks the hash chain: `{ok, events, head_hash, first_bad_position?}` (the online
/// equivalent of `accolade verify`).
#[utoipa::path(get, operation_id = "verifyLog", path = "/api/v1/verify", tag = "audit",
    responses((status = 200, description = "{ok, events, head_hash, first_bad_position?}")), security(("bearer" = [])))]
pub async fn verify(State(s): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let r = s.node.audit().verify(&Ask::by(caller.0)).await?;
    Ok(reply::ok(json!({
        "ok": r.ok,
        "events": r.events,
        "head_hash": r.head_hash.to_hex(),
        "first_bad_position": r.first_bad_position,
        "problem": r.problem,
    })))
}
