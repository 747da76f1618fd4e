//! `GET /api/v1/public/leaderboards/agencies?year=`.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use accolade_app::actions::public::LeaderboardItem;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::pagination::Items;
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
    responses((status = 200, description = "The agencies, best first", body = Items<LeaderboardItem>)))]
pub async fn leaderboard(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let items = s.node.public().leaderboard(q.year);
    Ok(reply::ok(Items { items }))
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::schema_check::Checker;

    #[test]
    fn the_leaderboard_is_what_the_document_says() {
        let row = |rank, points| LeaderboardItem {
            rank,
            agency_id: Uuid::from_u128(u128::from(rank)),
            agency_name: "Sở KH&CN Hà Nội".to_owned(),
            awards: 3,
            points,
        };
        let mut c = Checker::new();
        c.answer(
            "getAgencyLeaderboard",
            &Items {
                items: vec![row(1, 12), row(1, 12), row(3, 5)],
            },
        );
        c.every_property_served();
    }
}
