//! The caller of a request, from `Authorization: Bearer <token>`: the front ends' half of
//! authorization. Who may do what is the app's ([`accolade_app::authz`]); this file only
//! finds out who is asking.

use std::ops::Deref;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Who is calling (the app's [`accolade_app::Caller`]), as an axum extractor.
#[derive(Debug, Clone)]
pub struct Caller(pub accolade_app::Caller);

impl Deref for Caller {
    type Target = accolade_app::Caller;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// A caller who may also be no one (a public write, such as filing an objection): without
/// `Authorization`, the anonymous caller. [`Caller`] itself requires a token.
#[derive(Debug, Clone)]
pub struct MaybeSignedIn(pub Caller);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    /// A route that takes a `Caller` requires a token: without `Authorization` it answers
    /// 401 here, before any other part of the request is read, so a caller who is not signed
    /// in learns nothing from how the rest of the request would have been judged.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Err(ApiError::unauthorized(
                "sign in first: Authorization: Bearer <token>",
            ));
        }
        resolve(parts, state).await
    }
}

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        resolve(parts, state).await.map(MaybeSignedIn)
    }
}

/// Who is asking: no one without `Authorization`; 401 for a bad, expired or half token.
async fn resolve(parts: &mut Parts, state: &AppState) -> ApiResult<Caller> {
    let request_id = parts
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(Caller(accolade_app::Caller {
            actor: None,
            token: None,
            request_id,
        }));
    };
    let bad = || ApiError::unauthorized("invalid or expired token");
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(bad)?;
    let user = match state.auth.resolve_any(token) {
        Some((user, false)) => user,
        // Issue 10 item 11: a role that requires TOTP, and none yet.
        Some((_, true)) => {
            return Err(ApiError::unauthorized(
                "your role requires two-factor sign-in: this session may only enrol it (POST /api/v1/me/totp)",
            ));
        }
        None => return Err(bad()),
    };
    // A deactivated account acts as no one, even with a token issued before.
    let actor = state.app.actor_for(user).await.map_err(|_| bad())?;
    Ok(Caller(accolade_app::Caller {
        actor: Some(actor),
        token: Some(token.to_owned()),
        request_id,
    }))
}
