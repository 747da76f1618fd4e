//! `POST /api/v1/erasures`: crypto-shredding a person's data.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiJson;
use accolade_http::state::AppState;

/// What to erase.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Erasure {
    /// The person.
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// Or the nominee of this nomination.
    #[serde(default)]
    pub nomination_id: Option<Uuid>,
    /// Why.
    pub reason: String,
}

/// Erases a person by destroying their key. The per-person encryption it needs is not in
/// the app yet, so this validates the request and answers 501 Not Implemented rather than
/// pretending: nothing is erased and nothing is appended.
#[utoipa::path(post, path = "/api/v1/erasures", tag = "audit", request_body = Erasure,
    responses((status = 501, description = "Not implemented yet")), security(("bearer" = [])))]
pub async fn erase(
    State(_s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<Erasure>,
) -> ApiResult<Response> {
    caller.require(may::SECRETARIAT)?;
    if b.person_id.is_none() == b.nomination_id.is_none() {
        return Err(ApiError::invalid(
            "person_id",
            "give person_id or nomination_id",
        ));
    }
    Err(ApiError::new(
        StatusCode::NOT_IMPLEMENTED,
        "erasure needs per-person encryption, which is not built yet; nothing was erased",
    ))
}
