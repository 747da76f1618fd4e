//! `POST /api/v1/objections/{id}/resolution`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_events::NominationStatus;

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
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub reason: String,
}
/// An objection resolved.
#[derive(Debug, Serialize, ToSchema)]
pub struct Resolved {
    /// The objection.
    pub id: Uuid,
    /// The programme's version after the resolution.
    pub version: u64,
    /// Whether it was upheld.
    pub upheld: bool,
    /// The nomination objected to.
    pub nomination_id: Uuid,
    /// Where that nomination stands now (an upheld objection takes it off the list).
    #[schema(value_type = Option<String>, extensions(("x-rule" = json!("nomination_status_or_null"))))]
    pub nomination_status: Option<NominationStatus>,
}

/// Upholds or dismisses an objection (admin, `public_notice`).
#[utoipa::path(post, operation_id = "resolveObjection", path = "/api/v1/objections/{id}/resolution", tag = "notice",
    request_body = Resolution,
    params(("id" = Uuid, Path, description = "Objection id")),
    responses((status = 200, description = "Resolved", body = Resolved), (status = 409, description = "Already resolved")),
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
    Ok(reply::ok(Resolved {
        id,
        version: r.done.version,
        upheld: b.upheld,
        nomination_id: r.nomination_id,
        nomination_status: r.nomination_status,
    }))
}
