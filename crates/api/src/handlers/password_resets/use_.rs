//! `POST /api/v1/password-resets/{token} {password}`: set a new password with a reset link.

use crate::handlers::users::UserRef;
use axum::extract::State;
use axum::response::Response;

use crate::handlers::invitations::accept::SetPassword;
use crate::handlers::session::refused;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Uses the reset link (once): sets the password and signs out every session of the user.
/// An unknown, used or expired link is 404 saying so.
#[utoipa::path(post, operation_id = "completePasswordReset", path = "/api/v1/password-resets/{token}", tag = "session",
    params(("token" = String, Path, description = "The token from the reset e-mail")),
    request_body = SetPassword,
    responses((status = 200, description = "Password set; every session signed out", body = UserRef),
        (status = 404, description = "Unknown, used or expired link"),
        (status = 422, description = "Password too short")))]
pub async fn use_(
    State(s): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiJson(body): ApiJson<SetPassword>,
) -> ApiResult<Response> {
    let accounts = s.node.accounts();
    let reset = accounts.reset_password(&token, body.password).await;
    let user_id = reset.map_err(|e| refused(e.into()))?;
    Ok(reply::ok(UserRef { user_id }))
}
