//! `POST /api/v1/users`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;

use super::{NewUser, UserView};
use crate::handlers::session::refused;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Registers a user (admin). With a password it is set at once; without one an invitation
/// is owed (the token goes to the e-mail, never to a log or this answer).
#[utoipa::path(post, operation_id = "createUser", path = "/api/v1/users", tag = "setup", request_body = NewUser,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Created", body = UserView,
        headers(("Location" = String, description = "Where to read it"))),
        (status = 409, description = "The e-mail is taken"), (status = 422, description = "Invalid")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<NewUser>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    let mail = s.invitations.as_ref();
    let done = (s.node.setup().register_user(&ask, b.into(), mail).await).map_err(refused)?;
    let id = done.id;
    let view = UserView::from(s.node.setup().user(&ask, id).await?);
    Ok(reply::created(
        &format!("/api/v1/users/{id}"),
        view.version,
        view,
    ))
}
