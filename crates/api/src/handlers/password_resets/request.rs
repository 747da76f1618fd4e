//! `POST /api/v1/password-resets {email}`: mail a reset link, if the address is an account's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use accolade_app::accounts::TokenKind;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiJson;
use accolade_http::state::AppState;

/// Whose password to reset.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ResetRequest {
    /// The account's e-mail.
    pub email: String,
}

/// Asks for a reset link. Always 202 with the same (empty) body, answered before any work is
/// done for the address, so neither the answer nor its timing tells whether the address is
/// an account's. For an active account, a fresh single-use token (replacing an earlier one)
/// goes into a mail in the user's language; the credentials file records the mail as owed
/// until it is sent.
#[utoipa::path(post, path = "/api/v1/password-resets", tag = "session",
    request_body = ResetRequest,
    responses((status = 202, description = "If the address is an account's, a link is on its way")))]
pub async fn request(
    State(s): State<AppState>,
    ApiJson(body): ApiJson<ResetRequest>,
) -> ApiResult<Response> {
    start(s, body.email);
    Ok((StatusCode::ACCEPTED, axum::Json(serde_json::json!({}))).into_response())
}

/// Starts a reset for `email` in the background (the API and the page share it): the lookup,
/// the token and the credentials file's fsync run after the answer, as their cost differs
/// between a known and an unknown address.
pub fn start(s: AppState, email: String) {
    tokio::spawn(async move {
        let Ok(dir) = s.app.directory().await else {
            return;
        };
        let Some(user_id) = dir.user_by_email(&email) else {
            return;
        };
        if s.app.actor_for(user_id).await.is_err() {
            return; // deactivated: no mail
        }
        if let Err(e) = s
            .auth
            .send_token(s.invitations.as_ref(), user_id, TokenKind::PasswordReset)
        {
            tracing::error!(%user_id, error = %e, "password reset not recorded");
        }
    });
}
