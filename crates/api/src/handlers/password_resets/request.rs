//! `POST /api/v1/password-resets {email}`: mail a reset link, if the address is an account's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use accolade_http::error::ApiResult;
use accolade_http::extract::ApiJson;
use accolade_http::state::AppState;

/// Whose password to reset.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ResetRequest {
    /// The account's e-mail.
    pub email: String,
}

/// The answer to a reset request: empty, whatever the address, so it tells nothing.
#[derive(Debug, Serialize, ToSchema)]
pub struct NothingToTell {}

/// Asks for a reset link. Always 202 with the same (empty) body, answered before any work is
/// done for the address, so neither the answer nor its timing tells whether the address is
/// an account's. For an active account, a fresh single-use token (replacing an earlier one)
/// goes into a mail in the user's language; the credentials file records the mail as owed
/// until it is sent.
#[utoipa::path(post, operation_id = "requestPasswordReset", path = "/api/v1/password-resets", tag = "session",
    request_body = ResetRequest,
    responses((status = 202, description = "If the address is an account's, a link is on its way", body = NothingToTell)))]
pub async fn request(
    State(s): State<AppState>,
    ApiJson(body): ApiJson<ResetRequest>,
) -> ApiResult<Response> {
    (s.node.accounts()).request_reset(body.email, s.invitations.clone());
    Ok((StatusCode::ACCEPTED, axum::Json(NothingToTell {})).into_response())
}
