//! `DELETE /api/v1/session`: sign out (revoke the token).

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::http::StatusCode;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::state::AppState;

/// Revokes the bearer token of this request.
#[utoipa::path(delete, operation_id = "signOut", path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Signed out"), (status = 401, description = "Not signed in")),
    security(("bearer" = [])))]
pub async fn delete(State(s): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    s.node.accounts().sign_out(&Ask::by(caller.0))?;
    Ok(StatusCode::NO_CONTENT)
}
