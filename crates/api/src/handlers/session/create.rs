//! `POST /api/v1/session`: sign in with e-mail and password.

use accolade_domain::rules::names::email_key;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::handlers::users::UserView;
use accolade_app::accounts::SignInError;
use accolade_http::client::ClientAddr;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiJson;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Credentials.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignIn {
    /// The account's e-mail.
    pub email: String,
    /// The password.
    pub password: String,
    /// A TOTP code (6 digits) or a recovery code, when the account has two-factor sign-in.
    #[serde(default)]
    pub totp: Option<String>,
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// When the token stops working.
    #[serde(with = "accolade_events::dates::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Who signed in.
    pub user: UserView,
    /// `full`, or `totp_enrolment`: the user's role requires two-factor sign-in and they
    /// have none yet, so the token works only for `POST /api/v1/me/totp` until it is
    /// confirmed.
    pub scope: String,
}

/// Whether `user`'s role must sign in with TOTP (`require_totp_roles`).
pub async fn totp_required(s: &AppState, user: Option<uuid::Uuid>) -> bool {
    let Some(u) = user else { return false };
    match s.app.actor_for(u).await {
        Ok(a) => a
            .role()
            .is_some_and(|r| s.config.require_totp_roles.contains(&r)),
        Err(_) => false,
    }
}

/// Sign in. Failed attempts are limited per client address and per account (429 with
/// `Retry-After`); a wrong e-mail and a wrong password are the same 401. An account with
/// two-factor sign-in also needs `totp` (401 saying so without it; a wrong code counts as a
/// failed sign-in).
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignIn,
    responses((status = 200, description = "Signed in", body = Session),
        (status = 401, description = "Wrong e-mail or password, or a two-factor code needed or wrong"),
        (status = 429, description = "Too many failed sign-ins")))]
pub async fn create(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<SignIn>,
) -> ApiResult<Response> {
    let user = s.app.directory().await?.user_by_email(&body.email);
    let account = email_key(&body.email);
    let required = totp_required(&s, user).await;
    let totp = body.totp.as_deref();
    match (s.auth)
        .sign_in(user, &account, &addr, body.password, totp, required)
        .await
    {
        Ok((token, expires_at, user_id)) => match s.app.actor_for(user_id).await {
            Ok(_) => {
                let (user, version) = s.app.user_versioned(user_id).await?;
                let enrol_only = s.auth.resolve(&token).is_none();
                Ok(reply::ok(Session {
                    token,
                    expires_at,
                    user: UserView::of(user_id, &user, version, true),
                    scope: if enrol_only { "totp_enrolment" } else { "full" }.to_owned(),
                }))
            }
            Err(_) => {
                // A deactivated account: the password was right, but it signs in no one.
                s.auth.revoke(&token);
                Err(ApiError::unauthorized("wrong e-mail or password"))
            }
        },
        Err(SignInError::BadCredentials) => Err(ApiError::unauthorized("wrong e-mail or password")),
        Err(SignInError::Limited(secs)) => Err(ApiError::too_many(secs)),
        Err(SignInError::TotpNeeded) => Err(ApiError::unauthorized(
            "this account signs in with a second factor: send `totp`, a 6-digit code from the authenticator app or a recovery code",
        )),
        Err(SignInError::TotpWrong) => Err(ApiError::unauthorized(
            "the two-factor code is wrong, expired or already used",
        )),
    }
}
