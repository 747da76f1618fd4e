//! `POST /api/v1/objections/{id}/resolution`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::reply;
use accolade_http::state::AppState;

/// The secretariat's answer to one objection.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Resolution {
    /// Upheld (the nomination leaves the list) or dismissed.
    pub upheld: bool,
    /// Why (recorded on the objection, told to an objector who left an e-mail).
    #[schema(schema_with = accolade_http::schema::text)]
    pub reason: String,
}

/// Upholds or dismisses an objection (admin, `public_notice`).
#[utoipa::path(post, operation_id = "resolveObjection", path = "/api/v1/objections/{id}/resolution", tag = "notice",
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
    let ask = Ask::by(caller.0);
    let r = s
        .node
        .objections()
        .resolve(&ask, id, b.upheld, b.reason)
        .await?;
    Ok(reply::ok(json!({
        "id": id, "version": r.done.version, "upheld": b.upheld,
        "nomination_id": r.nomination_id, "nomination_status": r.nomination_status,
    })))
}
