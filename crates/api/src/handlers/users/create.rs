//! `POST /api/v1/users`.

use accolade_app::Command;
use accolade_domain::{RegisterUser, UserCommand};
use axum::extract::State;
use axum::response::Response;

use super::{NewUser, UserView};
use accolade_app::accounts::{MIN_PASSWORD_LEN, TokenKind};
use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Registers a user (admin). With a password it is set at once; without one an invitation
/// is owed (the token goes to the e-mail, never to a log or this answer).
#[utoipa::path(post, path = "/api/v1/users", tag = "setup", request_body = NewUser,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Created", body = UserView),
        (status = 409, description = "The e-mail is taken"), (status = 422, description = "Invalid")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<NewUser>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    if let Some(p) = &b.password
        && p.chars().count() < MIN_PASSWORD_LEN
    {
        return Err(ApiError::invalid(
            "password",
            format!("needs at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    let id = s.new_id(&actor, &key, "user");
    let person_id = s.new_id(&actor, &key, "user-person");
    let cmd = Command::user(
        id,
        UserCommand::Register(RegisterUser {
            user_id: id,
            person_id,
            email: b.email,
            full_name: b.full_name,
            role: b.role,
            agency_id: b.agency_id,
            locale: b.locale.unwrap_or_default(),
        }),
    );
    let done = s.execute(&actor, cmd, &key, caller.request_id).await?;
    if !done.replayed {
        match b.password {
            Some(p) => s
                .auth
                .set_password(id, p)
                .await
                .map_err(|e| ApiError::internal(&e))?,
            None => s
                .auth
                .send_token(s.invitations.as_ref(), id, TokenKind::Invitation)
                .map_err(|e| ApiError::internal(&e))?,
        }
    }
    let (user, version) = s.app.user_versioned(id).await?;
    let view = UserView::of(id, &user, version, s.auth.has_password(id));
    Ok(reply::created(
        &format!("/api/v1/users/{id}"),
        version,
        view,
    ))
}
