//! `GET /api/v1/me`: the signed-in user.

use axum::extract::State;
use axum::response::Response;

use crate::handlers::users::UserView;
use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::reply;
use accolade_http::state::AppState;

/// The signed-in user, with `ETag`.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, description = "The user", body = UserView), (status = 401, description = "Not signed in")),
    security(("bearer" = [])))]
pub async fn me(State(s): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let actor = caller.signed_in()?;
    let id = actor.user_id().ok_or_else(|| ApiError::not_found("user"))?;
    let (user, version) = s.app.user_versioned(id).await?;
    let has = s.auth.has_password(id);
    Ok(reply::versioned(
        version,
        UserView::of(id, &user, version, has),
    ))
}
