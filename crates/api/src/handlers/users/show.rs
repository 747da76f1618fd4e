//! `GET /api/v1/users/{id}`.

use accolade_events::Role;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::UserView;
use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// One user (admin, or the user themselves), with `ETag`.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "setup",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user", body = UserView), (status = 404, description = "Not found")),
    security(("bearer" = [])))]
pub async fn show(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let actor = caller.signed_in()?;
    if actor.role() != Some(Role::Admin) && actor.user_id() != Some(id) {
        return Err(ApiError::not_found("user"));
    }
    let (u, version) = s.app.user_versioned(id).await?;
    Ok(reply::versioned(
        version,
        UserView::of(id, &u, version, s.auth.has_password(id)),
    ))
}
