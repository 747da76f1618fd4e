//! `GET /api/v1/objections?programme_id=&status=`.

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

/// Open or resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not resolved yet.
    Open,
    /// Upheld: the nomination left the list.
    Upheld,
    /// Dismissed.
    Dismissed,
}

/// Filters and page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this programme.
    pub programme_id: Option<Uuid>,
    /// open | upheld | dismissed
    #[param(value_type = Option<String>)]
    pub status: Option<Status>,
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize)]
struct Item {
    id: Uuid,
    programme_id: Uuid,
    nomination_id: Uuid,
    status: Status,
}

/// Objections (admin), without the objectors' identities.
#[utoipa::path(get, path = "/api/v1/objections", tag = "notice", params(Query),
    responses((status = 200, description = "{items, next_cursor}")), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    caller.require(may::SECRETARIAT)?;
    let page = Page::new(q.limit, q.cursor.as_deref())?;
    let ids: Vec<Uuid> = match q.programme_id {
        Some(p) => vec![p],
        None => s.read(|p| p.catalog().programmes.keys().copied().collect()),
    };
    let mut items = Vec::new();
    for pid in ids {
        let p = s.app.programme(pid).await?;
        for o in p.objections.values() {
            let status = match o.resolution {
                None => Status::Open,
                Some(true) => Status::Upheld,
                Some(false) => Status::Dismissed,
            };
            if q.status.is_none_or(|x| x == status) {
                items.push(Item {
                    id: o.id,
                    programme_id: pid,
                    nomination_id: o.nomination_id,
                    status,
                });
            }
        }
    }
    Ok(reply::ok(page.of(items)))
}
