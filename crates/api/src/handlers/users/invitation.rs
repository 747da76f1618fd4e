//! `POST /api/v1/users/{id}/invitation`: send an invitation again (admin).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uuid::Uuid;

use accolade_app::accounts::TokenKind;
use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiPath;
use accolade_http::state::AppState;

/// Sends the invitation again with a fresh token; the earlier link stops working. Only for an
/// active user who has not set a password yet (409 otherwise: a password reset is the way).
#[utoipa::path(post, path = "/api/v1/users/{id}/invitation", tag = "setup",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 202, description = "A new invitation is on its way"),
        (status = 404, description = "No such user"),
        (status = 409, description = "The user has a password, or is deactivated")),
    security(("bearer" = [])))]
pub async fn resend(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    caller.require(may::SECRETARIAT)?;
    let (user, _) = s.app.user_versioned(id).await?;
    if user.current.is_none() {
        return Err(ApiError::not_found("user"));
    }
    if !user.active {
        return Err(ApiError::conflict("the user is deactivated"));
    }
    if s.auth.has_password(id) {
        return Err(ApiError::conflict(
            "the user has set a password already; they can ask for a password reset",
        ));
    }
    s.auth
        .send_token(s.invitations.as_ref(), id, TokenKind::Invitation)
        .map_err(|e| ApiError::internal(&e))?;
    Ok((StatusCode::ACCEPTED, axum::Json(json!({"user_id": id}))).into_response())
}
