//! Every error the API answers with, as RFC 9457 `application/problem+json`, in one place.
//!
//! Handlers return [`ApiError`]; nothing else in the server builds an error response. The
//! mapping from the app's errors is [`From<AppError>`] below: one match on the error kind,
//! plus the few domain refusals the API deliberately reports differently (another agency's
//! nomination and an unassigned one are 404, so a caller never learns what exists outside
//! their scope; a reused idempotency key is 422 as API.md says). Anything unclassified is a
//! logged 500 whose body says nothing about the cause.

use std::collections::BTreeMap;

use accolade_app::{AppError, ErrorKind};
use accolade_domain::{DomainError, Forbidden};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The problem+json media type.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer: a status and an RFC 9457 body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Human-readable explanation of this occurrence. Never holds personal data or secrets.
    pub detail: String,
    /// Per-field messages (422).
    pub errors: BTreeMap<String, Vec<String>>,
    /// Seconds until a retry may succeed (429, 503).
    pub retry_after: Option<u64>,
    /// The app's stable error code (`wrong_phase`, `too_long`, ...) when the app refused:
    /// the same code the pages translate. An extension member of the problem body.
    pub code: Option<&'static str>,
}

/// An error answer's body (RFC 9457), as every error is written and as `/openapi.json`
/// documents it (the `Problem` schema): one type for both, so they cannot drift.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[schema(format = "uri")]
    pub r#type: String,
    /// The status's reason phrase.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong in this occurrence (never personal data or a secret).
    pub detail: String,
    /// Messages per field (422).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, Vec<String>>,
    /// The app's stable error code (`wrong_phase`, `too_long`, ...), when the app refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

impl ApiError {
    /// An error with `status` and `detail`.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: detail.into(),
            errors: BTreeMap::new(),
            retry_after: None,
            code: None,
        }
    }

    /// 400: the request is malformed (syntax, a bad id, a bad header).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 401: no credentials, or bad ones.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, detail)
    }

    /// 403: signed in, but not allowed.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, detail)
    }

    /// 404: not found, or not visible to the caller.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    /// 409: conflicts with the current state.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, detail)
    }

    /// 412: `If-Match` does not match the current version.
    pub fn precondition_failed(current: u64) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            format!("If-Match does not match the current version \"{current}\""),
        )
    }

    /// 413: the body is larger than the configured limit.
    pub fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is too large",
        )
    }

    /// 415: the body is not JSON.
    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("expected Content-Type: {expected}"),
        )
    }

    /// 422: a rule is broken; `field` names where.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let (field, message) = (field.into(), message.into());
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{field}: {message}"),
        );
        e.errors.insert(field, vec![message]);
        e
    }

    /// 422 without a field (a quota, a prerequisite).
    pub fn unprocessable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }

    /// 429 with `Retry-After`.
    pub fn too_many(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too many failed sign-ins; try again later",
        );
        e.retry_after = Some(retry_after.max(1));
        e
    }

    /// 503: not ready, or the store cannot take writes now.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::SERVICE_UNAVAILABLE, detail);
        e.retry_after = Some(1);
        e
    }

    /// 500. The cause is logged here, never shown.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "an internal error occurred; it has been logged",
        )
    }

    fn title(&self) -> &'static str {
        self.status.canonical_reason().unwrap_or("Error")
    }

    fn type_uri(&self) -> String {
        let slug = self.title().to_ascii_lowercase().replace([' ', '\''], "-");
        format!("https://accolade.invalid/problems/{slug}")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Problem {
            r#type: self.type_uri(),
            title: self.title(),
            status: self.status.as_u16(),
            detail: self.detail,
            errors: self.errors,
            code: self.code,
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let mut res = (self.status, bytes).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(s) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let code = e.code();
        let answer = from_app(e);
        // A 404 that hides another agency's draft must not name why (`other_agency`).
        let code = if answer.status == StatusCode::NOT_FOUND {
            "not_found"
        } else {
            code
        };
        ApiError {
            code: Some(code),
            ..answer
        }
    }
}

/// The answer for an app error, before its code is attached (`From<AppError>`).
fn from_app(e: AppError) -> ApiError {
    match &e {
        AppError::Domain(DomainError::Forbidden(
            Forbidden::OtherAgency | Forbidden::NotAssigned,
        )) => return ApiError::not_found("nomination"),
        AppError::Domain(DomainError::NotFound { what, .. }) | AppError::NotFound { what, .. } => {
            return ApiError::not_found(what);
        }
        AppError::Domain(DomainError::Invalid { field, message, .. })
        | AppError::Invalid { field, message } => return ApiError::invalid(field, message),
        AppError::Domain(DomainError::VersionMismatch { current, .. }) => {
            return ApiError::precondition_failed(*current);
        }
        AppError::ReadModelsBehind(m) => {
            return ApiError::unavailable(format!("read models lag behind: {m}"));
        }
        AppError::IdempotencyKeyReused { .. } => {
            return ApiError::invalid(
                "Idempotency-Key",
                "this key was already used with a different request",
            );
        }
        _ => {}
    }
    match e.kind() {
        ErrorKind::Unauthenticated => ApiError::unauthorized(e.to_string()),
        ErrorKind::Forbidden => ApiError::forbidden(e.to_string()),
        ErrorKind::NotFound => ApiError::not_found("resource"),
        ErrorKind::Conflict => ApiError::conflict(e.to_string()),
        ErrorKind::Invalid => ApiError::unprocessable(e.to_string()),
        ErrorKind::Stale => ApiError::new(StatusCode::PRECONDITION_FAILED, e.to_string()),
        ErrorKind::Unavailable => {
            tracing::warn!(error = %e, "store unavailable");
            ApiError::unavailable("the store cannot take writes now; retry later")
        }
        ErrorKind::Internal => ApiError::internal(&e),
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_agency_is_not_found() {
        let e = ApiError::from(AppError::Domain(DomainError::Forbidden(
            Forbidden::OtherAgency,
        )));
        assert_eq!(e.status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn invalid_names_its_field() {
        let e = ApiError::from(AppError::Domain(DomainError::invalid(
            "email",
            accolade_domain::Rule::NotAnEmail,
            "bad",
        )));
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.errors["email"], vec!["bad".to_owned()]);
    }
}
