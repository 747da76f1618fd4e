//! `GET /api/v1/programmes`.

use accolade_events::Phase;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::Page;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Query of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this year.
    pub year: Option<i32>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize)]
struct Item {
    id: Uuid,
    title: String,
    year: i32,
    phase: Phase,
    categories: Vec<String>,
}

/// Every programme (any signed-in user), by id.
#[utoipa::path(get, path = "/api/v1/programmes", tag = "setup", params(Query),
    responses((status = 200, description = "{items, next_cursor}")), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    caller.require(may::ANY_ROLE)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    let items: Vec<Item> = s.read(|p| {
        p.catalog()
            .programmes
            .iter()
            .filter(|(_, x)| q.year.is_none_or(|y| y == x.year))
            .map(|(id, x)| Item {
                id: *id,
                title: x.title.clone(),
                year: x.year,
                phase: x.phase,
                categories: x.categories.keys().cloned().collect(),
            })
            .collect()
    });
    Ok(reply::ok(page.of(items)))
}
