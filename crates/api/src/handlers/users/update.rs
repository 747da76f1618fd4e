//! `PATCH /api/v1/users/{id}`.

use accolade_app::Command;
use accolade_domain::{AmendUser, UserCommand};
use accolade_events::Role;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{UserPatch, UserView};
use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Changes a user: the admin anything, a user their own name and locale. `{active: false}`
/// deactivates (and signs the user out everywhere).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "setup", request_body = UserPatch,
    params(("id" = Uuid, Path, description = "User id"), ("If-Match" = Option<String>, Header, description = "ETag")),
    responses((status = 200, description = "Changed", body = UserView), (status = 412, description = "Version mismatch")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(b): ApiJson<UserPatch>,
) -> ApiResult<Response> {
    let actor = caller.signed_in()?;
    let is_admin = actor.role() == Some(Role::Admin);
    if !is_admin && actor.user_id() != Some(id) {
        return Err(ApiError::not_found("user"));
    }
    if !is_admin && b.active.is_some() {
        return Err(ApiError::forbidden(
            "only the secretariat (de)activates users",
        ));
    }
    let no_key = IdempotencyKey::default();
    // The first command that writes carries the expected version (checked under the user
    // stream's lock); the next ones follow from it. With nothing to write, it is checked
    // here, where nothing can race.
    let mut expected = if_match.0;
    let amend = AmendUser {
        email: b.email,
        full_name: b.full_name,
        role: b.role,
        agency_id: b.agency_id,
        locale: b.locale,
    };
    if amend != AmendUser::default() {
        let cmd = Command::user(id, UserCommand::Amend(amend));
        s.execute_expecting(&actor, cmd, &no_key, caller.request_id, expected.take())
            .await?;
    }
    let (current, version) = s.app.user_versioned(id).await?;
    match b.active {
        Some(false) if current.active => {
            let cmd = Command::user(id, UserCommand::Deactivate { reason: None });
            s.execute_expecting(&actor, cmd, &no_key, caller.request_id, expected)
                .await?;
            s.auth.revoke_user(id);
        }
        Some(true) if !current.active => {
            let cmd = Command::user(id, UserCommand::Reactivate);
            s.execute_expecting(&actor, cmd, &no_key, caller.request_id, expected)
                .await?;
        }
        _ => IfMatch(expected).check(version)?,
    }
    let (u, version) = s.app.user_versioned(id).await?;
    Ok(reply::versioned(
        version,
        UserView::of(id, &u, version, s.auth.has_password(id)),
    ))
}
