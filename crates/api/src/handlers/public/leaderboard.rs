//! `GET /api/v1/public/leaderboards/agencies?year=`.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Which year's board.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// One year; all time when absent.
    pub year: Option<i32>,
}

/// Agencies ranked by the leaderboard points of their standing awards.
#[utoipa::path(get, operation_id = "getAgencyLeaderboard", path = "/api/v1/public/leaderboards/agencies", tag = "public", params(Query),
    responses((status = 200, description = "{items: [{rank, agency_id, agency_name, awards, points}]}")))]
pub async fn leaderboard(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let items = s.node.public().leaderboard(q.year);
    Ok(reply::ok(json!({"items": items})))
}
