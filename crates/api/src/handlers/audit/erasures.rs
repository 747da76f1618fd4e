//! `POST /api/v1/erasures`: crypto-shredding a person's data.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_app::actions::Ask;
use accolade_app::actions::audit::{self, ErasureOutcome};
use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiJson;
use accolade_http::state::AppState;

/// What to erase.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Erasure {
    /// The person, by their pseudonymous id.
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// Or the nominee of this nomination.
    #[serde(default)]
    pub nomination_id: Option<Uuid>,
    /// Why (recorded with the erasure).
    pub reason: String,
}

impl From<Erasure> for audit::Erasure {
    fn from(b: Erasure) -> Self {
        Self {
            person_id: b.person_id,
            nomination_id: b.nomination_id,
            reason: b.reason,
        }
    }
}

/// Erases a person by destroying their key. The per-person encryption it needs is not in
/// the app yet, so this validates the request and answers 501 Not Implemented rather than
/// pretending: nothing is erased and nothing is appended.
#[utoipa::path(post, path = "/api/v1/erasures", tag = "audit", request_body = Erasure,
    responses((status = 501, description = "Not implemented yet")), security(("bearer" = [])))]
pub async fn erase(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<Erasure>,
) -> ApiResult<Response> {
    match s.node.audit().erase(&Ask::by(caller.0), &b.into())? {
        ErasureOutcome::NotBuilt => Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "erasure needs per-person encryption, which is not built yet; nothing was erased",
        )),
    }
}
