//! `GET /api/v1/users`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use super::UserView;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::{Page, Paged};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Which page of the list (and, for programmes, which year).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Page size (default 50, max 500).
    pub limit: Option<usize>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// Every user (admin), by id. Contacts come from the user streams, not a read model: read
/// models keep no personal contact data.
#[utoipa::path(get, operation_id = "listUsers", path = "/api/v1/users", tag = "setup", params(Query),
    responses((status = 200, description = "A page of users", body = Paged<UserView>)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let ids = s.node.setup().user_ids(&ask)?;
    let mut paged = Page::new(q.limit, q.cursor.as_deref())?.of(ids);
    let mut items = Vec::with_capacity(paged.items.len());
    for id in std::mem::take(&mut paged.items) {
        items.push(UserView::from(s.node.setup().user(&ask, id).await?));
    }
    Ok(reply::ok(Paged {
        items,
        next_cursor: paged.next_cursor,
    }))
}
