//! `GET /api/v1/assignments`.

use accolade_projections::{QueueFilter, Viewer};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::Page;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Filters and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this programme.
    pub programme_id: Option<Uuid>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// The nominations assigned to the calling member and not recused from.
#[utoipa::path(get, path = "/api/v1/assignments", tag = "review", params(Query),
    responses((status = 200, description = "{items, next_cursor}")), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let actor = caller.require(may::REVIEW)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    let me = actor.user_id().unwrap_or_default();
    let filter = QueueFilter {
        programme_id: q.programme_id,
        ..QueueFilter::default()
    };
    let items = s.read(|p| p.nominations(Viewer::Member(me), &filter));
    Ok(reply::ok(page.of(items)))
}
