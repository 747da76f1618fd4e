//! `GET /api/v1/audit?stream=&actor=&after=&limit=`.

use accolade_app::actions::Ask;
use accolade_app::actions::audit::TrailQuery;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::events::position_page;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::Paged;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Filters and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this stream (e.g. `programme-<uuid>`).
    pub stream: Option<String>,
    /// Only this nomination.
    pub nomination_id: Option<Uuid>,
    /// Only this actor (a user id).
    pub actor: Option<Uuid>,
    /// Only after this log position.
    #[param(schema_with = accolade_http::schema::log_position_or_null)]
    pub after: Option<u64>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor` (the same as `after`).
    pub cursor: Option<String>,
}

/// Who did what when, with before/after, oldest first.
#[utoipa::path(get, operation_id = "getAuditTrail", path = "/api/v1/audit", tag = "audit", params(Query),
    responses((status = 200, description = "{items, next_cursor}")), security(("bearer" = [])))]
pub async fn trail(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let (after, limit) = position_page(q.after, q.limit, q.cursor.as_deref())?;
    let query = TrailQuery {
        stream: q.stream,
        nomination_id: q.nomination_id,
        actor: q.actor,
        after,
        limit,
    };
    let page = s.node.audit().trail(&ask, query)?;
    Ok(reply::ok(Paged {
        items: page.items,
        next_cursor: page.next_after.map(|p| p.to_string()),
    }))
}
