//! `GET /api/v1/events?after=<position>&limit=`.

use accolade_store::EventStore;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::value::RawValue;
use utoipa::IntoParams;

use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::{self, Paged};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Where to start.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Records after this position (default: from the first).
    pub after: Option<u64>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor` (the same as `after`).
    pub cursor: Option<String>,
}

/// Raw log records exactly as stored (`{record, hash}`; `record` holds `prev_hash`), so
/// anyone can re-hash them and check the chain.
#[utoipa::path(get, path = "/api/v1/events", tag = "audit", params(Query),
    responses((status = 200, description = "{items: [{record, hash}], next_cursor}")), security(("bearer" = [])))]
pub async fn events(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    caller.require(may::SECRETARIAT)?;
    let limit = pagination::limit(q.limit)?;
    let after = pagination::after_position(q.cursor.as_deref(), q.after)?;
    let from = after.map_or(0, |a| a.saturating_add(1));
    let records = s
        .app
        .store()
        .read_all(from, limit)
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let head = *s.app.store().durable_head().borrow();
    let mut items: Vec<Box<RawValue>> = Vec::with_capacity(records.len());
    for r in &records {
        let line = String::from_utf8(r.to_export_line()).map_err(|e| ApiError::internal(&e))?;
        items.push(RawValue::from_string(line).map_err(|e| ApiError::internal(&e))?);
    }
    let next_cursor = records
        .last()
        .filter(|r| r.position + 1 < head)
        .map(|r| r.position.to_string());
    Ok(reply::ok(Paged { items, next_cursor }))
}
