//! `GET /api/v1/nominations?programme_id=&status=&category_code=`.

use accolade_events::NominationStatus;
use accolade_projections::QueueFilter;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_http::authz::{self, Caller, may};
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
    /// Only this status.
    #[param(value_type = Option<String>)]
    pub status: Option<NominationStatus>,
    /// Only this category.
    pub category_code: Option<String>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// The nominations the caller may see: an agency its own (drafts included), a member those
/// assigned and not recused, the authority the list from public notice on, the secretariat
/// all.
#[utoipa::path(get, path = "/api/v1/nominations", tag = "nominations", params(Query),
    responses((status = 200, description = "{items, next_cursor}")), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let actor = caller.require(may::ANY_ROLE)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    let filter = QueueFilter {
        programme_id: q.programme_id,
        status: q.status,
        category_code: q.category_code,
    };
    let viewer = authz::viewer(&actor);
    let items = s.read(|p| p.nominations(viewer, &filter));
    Ok(reply::ok(page.of(items)))
}
