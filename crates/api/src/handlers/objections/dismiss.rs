//! `POST /api/v1/programmes/{id}/objections/dismissal`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// A batch dismissal.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Dismissal {
    /// The objections, each open and listed once (at most 500).
    #[schema(schema_with = accolade_http::schema::objection_ids)]
    pub objection_ids: Vec<Uuid>,
    /// Why, recorded on every one.
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub reason: String,
}

/// A batch dismissed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Dismissed {
    /// The programme.
    pub programme_id: Uuid,
    /// Its version after the dismissal.
    pub version: u64,
    /// The objections dismissed, as asked.
    pub dismissed: Vec<Uuid>,
}

/// Dismisses a batch of objections with one reason (admin, `public_notice`): one recorded
/// action, all or nothing, one `ObjectionResolved` (not upheld) per objection.
#[utoipa::path(post, operation_id = "dismissObjections", path = "/api/v1/programmes/{id}/objections/dismissal", tag = "notice",
    request_body = Dismissal,
    params(("id" = Uuid, Path, description = "Programme id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 200, description = "Dismissed", body = Dismissed),
        (status = 404, description = "An objection is not in this programme"),
        (status = 409, description = "Not in public notice, or an objection is already resolved"),
        (status = 422, description = "No objection, one listed twice, too many, or no reason")),
    security(("bearer" = [])))]
pub async fn dismiss(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Dismissal>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    let done = s
        .node
        .objections()
        .dismiss(&ask, id, b.objection_ids.clone(), b.reason)
        .await?;
    Ok(reply::ok(Dismissed {
        programme_id: id,
        version: done.version,
        dismissed: b.objection_ids,
    }))
}
