//! `GET /api/v1/notifications?status=`: the notification log (DOMAIN.md "Read models").

use accolade_app::actions::Ask;
use accolade_app::actions::audit::{DeliveryStatus, cursor_is_valid};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use accolade_http::authz::Caller;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiQuery;
use accolade_http::pagination;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Filter and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// sent | pending | failing (all when absent)
    #[param(schema_with = accolade_http::schema::delivery_status)]
    pub status: Option<DeliveryStatus>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// The notification log (secretariat): each mail with to whom (a reference, never an
/// address), why (template and causing event), when, attempts and the last error. Oldest
/// cause first. `pending`: owed, not tried or tried without failure; `failing`: an attempt
/// failed (given up when `next_attempt_at` is null); `sent`: the SMTP server accepted it.
#[utoipa::path(get, operation_id = "listNotifications", path = "/api/v1/notifications", tag = "audit", params(Query),
    responses((status = 200, description = "{items, next_cursor}")), security(("bearer" = [])))]
pub async fn notifications(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let limit = pagination::limit(q.limit)?;
    if let Some(c) = &q.cursor
        && !cursor_is_valid(c)
    {
        return Err(ApiError::bad_request("invalid cursor"));
    }
    let page = s
        .node
        .audit()
        .notifications(&ask, q.status, limit, q.cursor.as_deref())?;
    Ok(reply::ok(page))
}
