//! `GET /api/v1/notifications?status=`.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::IntoParams;

use crate::authz::{Caller, may};
use crate::error::ApiResult;
use crate::extract::ApiQuery;
use crate::pagination::Page;
use crate::reply;
use crate::state::AppState;

/// A notification's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Delivered.
    Sent,
    /// Owed.
    Pending,
    /// Delivery keeps failing.
    Failing,
}

/// Filter and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// sent | pending | failing
    #[param(value_type = Option<String>)]
    pub status: Option<Status>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// The notification log (admin). The notifier that sends and records deliveries is a later
/// issue: until it runs, every mail the outbox owes is `pending`.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "audit", params(Query),
    responses((status = 200, description = "{items, next_cursor}")), security(("bearer" = [])))]
pub async fn notifications(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    caller.require(may::SECRETARIAT)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    let wanted = q.status.is_none_or(|x| x == Status::Pending);
    let items: Vec<Value> = if wanted {
        s.read(|p| {
            p.outbox(None, 0)
                .iter()
                .map(|m| {
                    let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
                    if let Value::Object(o) = &mut v {
                        o.insert("status".into(), json!(Status::Pending));
                    }
                    v
                })
                .collect()
        })
    } else {
        vec![]
    };
    Ok(reply::ok(page.of(items)))
}
