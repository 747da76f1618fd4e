//! `GET /api/v1/users/{id}`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::UserView;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// One user (admin, or the user themselves), with `ETag`.
#[utoipa::path(get, operation_id = "getUser", path = "/api/v1/users/{id}", tag = "setup",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user", body = UserView), (status = 404, description = "Not found")),
    security(("bearer" = [])))]
pub async fn show(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let view = UserView::from(s.node.setup().user(&Ask::by(caller.0), id).await?);
    Ok(reply::versioned(view.version, view))
}
