//! `POST|DELETE /api/v1/me/totp`: enrol in two-factor sign-in (TOTP), or remove it.
//!
//! These two routes also accept a session good only for enrolling — what a user whose role
//! requires TOTP (`require_totp_roles`) gets at sign-in until they have one; every other
//! route refuses such a session with 401.

use accolade_app::actions::accounts::Enroller;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use utoipa::ToSchema;

use super::refused;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiJson;
use accolade_http::reply;
use accolade_http::state::AppState;

/// The signed-in user, with a full session or one good only for enrolling.
#[derive(Debug)]
pub struct Enrolling(Enroller);

impl FromRequestParts<AppState> for Enrolling {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> ApiResult<Self> {
        let bad = || ApiError::unauthorized("sign in first: Authorization: Bearer <token>");
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(bad)?;
        let who = s.node.accounts().enroller(token).await?;
        Ok(Enrolling(who))
    }
}

/// A code: omitted to start an enrolment, given to confirm it (or to remove TOTP).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct TotpCode {
    /// A 6-digit code from the authenticator app (or, to remove, a recovery code).
    #[serde(default)]
    pub code: Option<String>,
}

/// A current code, to remove two-factor sign-in.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CurrentCode {
    /// A 6-digit code from the authenticator app, or a recovery code.
    pub code: String,
}

/// A new enrolment, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpEnrolment {
    /// The secret, base32, to type into an authenticator app.
    pub secret: String,
    /// The same as an `otpauth://totp/...` URI (SHA-1, 6 digits, 30 s), for a QR code.
    pub otpauth_uri: String,
    /// Ten single-use recovery codes: each signs in once instead of a code.
    pub recovery_codes: Vec<String>,
}

/// A second factor turned on: the session that confirmed it now has full scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpOn {
    /// Always `true`.
    pub totp: bool,
    /// The session's scope now: `full`.
    pub scope: &'static str,
}

/// Enrols in two-factor sign-in: without `code`, makes a new secret and recovery codes
/// (201; not yet asked for at sign-in); with `code`, confirms the enrolment with a first
/// valid code (200), after which sign-in needs a code — and a session limited to enrolling
/// becomes a full one.
#[utoipa::path(post, operation_id = "enrolTotp", path = "/api/v1/me/totp", tag = "session", request_body = TotpCode,
    responses((status = 201, description = "Enrolment started", body = TotpEnrolment),
        (status = 200, description = "Enrolment confirmed", body = TotpOn),
        (status = 401, description = "Not signed in"),
        (status = 409, description = "Already on, or nothing to confirm"),
        (status = 422, description = "Wrong code")),
    security(("bearer" = [])))]
pub async fn enrol(
    State(s): State<AppState>,
    Enrolling(who): Enrolling,
    ApiJson(body): ApiJson<TotpCode>,
) -> ApiResult<Response> {
    let accounts = s.node.accounts();
    match body.code {
        None => {
            let e = accounts.begin_totp(&who).await.map_err(refused)?;
            let body = TotpEnrolment {
                secret: e.secret,
                otpauth_uri: e.otpauth_uri,
                recovery_codes: e.recovery_codes,
            };
            Ok((StatusCode::CREATED, axum::Json(body)).into_response())
        }
        Some(code) => {
            accounts.confirm_totp(&who, &code).map_err(refused)?;
            Ok(reply::ok(TotpOn {
                totp: true,
                scope: "full",
            }))
        }
    }
}

/// Turns two-factor sign-in off; needs a valid `code` (TOTP or recovery), so a stolen
/// session alone cannot. A user whose role requires TOTP must enrol again at next sign-in.
#[utoipa::path(delete, operation_id = "removeTotp", path = "/api/v1/me/totp", tag = "session", request_body = CurrentCode,
    responses((status = 204, description = "Removed"),
        (status = 401, description = "Not signed in"),
        (status = 409, description = "Not on"),
        (status = 422, description = "Wrong code")),
    security(("bearer" = [])))]
pub async fn remove(
    State(s): State<AppState>,
    Enrolling(who): Enrolling,
    ApiJson(body): ApiJson<CurrentCode>,
) -> ApiResult<StatusCode> {
    (s.node.accounts().remove_totp(&who, &body.code)).map_err(refused)?;
    Ok(StatusCode::NO_CONTENT)
}
