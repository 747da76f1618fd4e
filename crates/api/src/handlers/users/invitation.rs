//! `POST /api/v1/users/{id}/invitation`: send an invitation again (admin).

use crate::handlers::users::UserRef;
use accolade_app::actions::Ask;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::handlers::session::refused;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::state::AppState;

/// Sends the invitation again with a fresh token; the earlier link stops working. Only for an
/// active user who has not set a password yet (409 otherwise: a password reset is the way).
#[utoipa::path(post, operation_id = "resendInvitation", path = "/api/v1/users/{id}/invitation", tag = "setup",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 202, description = "A new invitation is on its way", body = UserRef),
        (status = 404, description = "No such user"),
        (status = 409, description = "The user has a password, or is deactivated")),
    security(("bearer" = [])))]
pub async fn resend(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let mail = s.invitations.as_ref();
    (s.node.setup().resend_invitation(&ask, id, mail).await).map_err(refused)?;
    Ok((StatusCode::ACCEPTED, axum::Json(UserRef { user_id: id })).into_response())
}
