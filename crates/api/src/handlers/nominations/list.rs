//! `GET /api/v1/nominations?programme_id=&status=&category_code=`.

use accolade_app::read::QueueFilter;
use accolade_events::NominationStatus;
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
    /// Only the nominations of this programme.
    pub programme_id: Option<Uuid>,
    /// Only the nominations in this status.
    #[param(schema_with = accolade_http::schema::nomination_status)]
    pub status: Option<NominationStatus>,
    /// Only the nominations for this category (its code).
    pub category_code: Option<String>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// The nominations the caller may see: an agency its own (drafts included), a member those
/// assigned and not recused, the authority the list from public notice on, the secretariat
/// all.
#[utoipa::path(get, operation_id = "listNominations", path = "/api/v1/nominations", tag = "nominations", params(Query),
    responses((status = 200, description = "A page of nominations", body = accolade_http::pagination::Paged<accolade_app::read::QueueItem>)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let filter = QueueFilter {
        programme_id: q.programme_id,
        status: q.status,
        category_code: q.category_code,
    };
    // The action first: a caller who may not list hears so before a bad cursor is noticed.
    let items = s.node.nominations().list(&Ask::by(caller.0), &filter)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    Ok(reply::ok(page.of(items)))
}
