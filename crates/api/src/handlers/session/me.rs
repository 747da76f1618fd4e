//! `GET /api/v1/me`: the signed-in user.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;

use crate::handlers::users::UserView;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::reply;
use accolade_http::state::AppState;

/// The signed-in user, with `ETag`.
#[utoipa::path(get, operation_id = "getMe", path = "/api/v1/me", tag = "session",
    responses((status = 200, description = "The user", body = UserView), (status = 401, description = "Not signed in")),
    security(("bearer" = [])))]
pub async fn me(State(s): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let view = UserView::from(s.node.accounts().me(&Ask::by(caller.0)).await?);
    Ok(reply::versioned(view.version, view))
}
