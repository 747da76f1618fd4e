//! `POST /api/v1/invitations/{token}`: set a password with an invitation.

use crate::handlers::users::UserRef;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::handlers::session::refused;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::reply;
use accolade_http::state::AppState;

/// The new password.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SetPassword {
    /// At least 10 characters.
    #[schema(extensions(("x-rule" = json!("new_password"))))]
    pub password: String,
}

/// Uses the invitation (once): sets the password. Unknown or expired tokens are 404.
#[utoipa::path(post, operation_id = "acceptInvitation", path = "/api/v1/invitations/{token}", tag = "session",
    params(("token" = String, Path, description = "The token from the invitation e-mail")),
    request_body = SetPassword,
    responses((status = 200, description = "Password set; sign in now", body = UserRef),
        (status = 404, description = "Unknown or expired invitation"),
        (status = 422, description = "Password too short")))]
pub async fn accept(
    State(s): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiJson(body): ApiJson<SetPassword>,
) -> ApiResult<Response> {
    let accounts = s.node.accounts();
    let accepted = accounts.accept_invitation(&token, body.password).await;
    let user_id = accepted.map_err(|e| refused(e.into()))?;
    Ok(reply::ok(UserRef { user_id }))
}
