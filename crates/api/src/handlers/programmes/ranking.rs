//! `GET /api/v1/programmes/{id}/ranking?category_code=`.

use accolade_app::actions::Ask;
use accolade_app::actions::setup::programmes::RankingItem;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiPath, ApiQuery};
use accolade_http::pagination::Items;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Query of the ranking.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The category to rank.
    pub category_code: String,
}

/// The score ranking of a category (raw and z-score means): members of its panel, without
/// the nominations they are recused from, and the secretariat.
#[utoipa::path(get, operation_id = "getRanking", path = "/api/v1/programmes/{id}/ranking", tag = "review",
    params(("id" = Uuid, Path, description = "Programme id"), Query),
    responses((status = 200, description = "The category's scored nominations, best first", body = Items<RankingItem>), (status = 403, description = "Not on the panel")),
    security(("bearer" = [])))]
pub async fn ranking(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let items = s.node.setup().ranking(&ask, id, &q.category_code).await?;
    Ok(reply::ok(Items { items }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema_check::Checker;

    #[test]
    fn the_ranking_is_what_the_document_says() {
        let row = |rank: u32, erased: bool| RankingItem {
            rank,
            nomination_id: Uuid::from_u128(u128::from(rank)),
            full_name: if erased {
                "[erased]"
            } else {
                "Trần Minh Khoa"
            }
            .to_owned(),
            erased,
            reviewers: 3,
            raw_mean: 87.5,
            normalised_mean: if erased { 0.0 } else { -0.25 },
        };
        let mut c = Checker::new();
        c.answer(
            "getRanking",
            &Items {
                items: vec![row(1, false), row(2, true)],
            },
        );
        c.every_property_served();
    }
}
