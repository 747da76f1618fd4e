//! `GET /api/v1/events?after=<position>&limit=`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::value::RawValue;
use utoipa::IntoParams;

use accolade_http::authz::Caller;
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
    #[param(schema_with = accolade_http::schema::log_position_or_null)]
    pub after: Option<u64>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor` (the same as `after`).
    pub cursor: Option<String>,
}

/// Raw log records exactly as stored (`{record, hash}`; `record` holds `prev_hash`), so
/// anyone can re-hash them and check the chain.
#[utoipa::path(get, operation_id = "listEvents", path = "/api/v1/events", tag = "audit", params(Query),
    responses((status = 200, description = "{items: [{record, hash}], next_cursor}")), security(("bearer" = [])))]
pub async fn events(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let (after, limit) = position_page(q.after, q.limit, q.cursor.as_deref())?;
    let log = s.node.audit().events(&ask, after, limit).await?;
    let items = log
        .lines
        .into_iter()
        .map(|line| RawValue::from_string(line).map_err(|e| ApiError::internal(&e)))
        .collect::<ApiResult<Vec<Box<RawValue>>>>()?;
    let next_cursor = log.next_after.map(|p| p.to_string());
    Ok(reply::ok(Paged { items, next_cursor }))
}

/// A page by log position: `limit` in 1..=500 (default 50), and where to start — the
/// `cursor` if given (a position), else `after`.
pub fn position_page(
    after: Option<u64>,
    limit: Option<usize>,
    cursor: Option<&str>,
) -> ApiResult<(Option<u64>, usize)> {
    let limit = pagination::limit(limit)?;
    let after = pagination::after_position(cursor, after)?;
    Ok((after, limit))
}
