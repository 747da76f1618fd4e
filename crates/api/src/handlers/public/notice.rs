//! `GET /api/v1/public/notice?programme_id=`.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Which programme's list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this programme.
    pub programme_id: Option<Uuid>,
}

/// The recommended list under public notice: full name, position, work unit, proposed
/// award — nothing more.
#[utoipa::path(get, operation_id = "listPublicNotice", path = "/api/v1/public/notice", tag = "public", params(Query),
    responses((status = 200, description = "{items}")))]
pub async fn notice(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let items = s.node.public().notice(q.programme_id);
    Ok(reply::ok(json!({"items": items})))
}
