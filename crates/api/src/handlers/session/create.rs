//! `POST /api/v1/session`: sign in with e-mail and password.

use accolade_app::actions::accounts;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::refused;
use crate::handlers::users::UserView;
use accolade_http::client::ClientAddr;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiJson;
use accolade_http::reply;
use accolade_http::state::AppState;

/// What a sign-in sends: the e-mail, the password and, with two-factor sign-in, a code.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignIn {
    /// The account's e-mail.
    pub email: String,
    /// In clear, as typed (send it over HTTPS only); a wrong e-mail and a wrong password are
    /// the same 401.
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
    /// have none yet, so the token works only for `POST /api/v1/me/totp` until the
    /// enrolment is confirmed.
    pub scope: String,
}

/// Sign in. Failed attempts are limited per client address and per account (429 with
/// `Retry-After`); a wrong e-mail and a wrong password are the same 401. An account with
/// two-factor sign-in also needs `totp` (401 saying so without it; a wrong code counts as a
/// failed sign-in).
#[utoipa::path(post, operation_id = "signIn", path = "/api/v1/session", tag = "session", request_body = SignIn,
    responses((status = 200, description = "Signed in", body = Session),
        (status = 401, description = "Wrong e-mail or password, or a two-factor code needed or wrong"),
        (status = 429, description = "Too many failed sign-ins")))]
pub async fn create(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<SignIn>,
) -> ApiResult<Response> {
    let creds = accounts::SignIn {
        email: body.email,
        password: body.password,
        totp: body.totp,
        address: addr,
    };
    let roles = &s.config.require_totp_roles;
    let session = (s.node.accounts().sign_in(creds, roles).await).map_err(refused)?;
    Ok(reply::ok(Session {
        token: session.token,
        expires_at: session.expires_at,
        user: session.user.into(),
        scope: if session.full {
            "full"
        } else {
            "totp_enrolment"
        }
        .to_owned(),
    }))
}
