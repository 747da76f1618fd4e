//! `GET /api/v1/assignments`.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_app::actions::Ask;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::Page;
use accolade_http::reply;
use accolade_http::state::AppState;

/// The list's filters and the page wanted.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only the assignments in this programme.
    pub programme_id: Option<Uuid>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// The nominations assigned to the calling member and not recused from.
#[utoipa::path(get, operation_id = "listAssignments", path = "/api/v1/assignments", tag = "review", params(Query),
    responses((status = 200, description = "A page of the nominations assigned", body = accolade_http::pagination::Paged<accolade_app::read::QueueItem>)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    // The action first: a caller who may not review hears so before a bad cursor is noticed.
    let items = s
        .node
        .review()
        .assignments(&Ask::by(caller.0), q.programme_id)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    Ok(reply::ok(page.of(items)))
}
