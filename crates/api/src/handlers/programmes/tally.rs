//! `GET /api/v1/programmes/{id}/tally`.

use accolade_app::actions::Ask;
use accolade_app::actions::setup::programmes::TallyItem;
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

/// Query of the tally.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Only this category.
    pub category_code: Option<String>,
}

/// The counted votes (the secretariat, a panel chair): only nominations whose round is
/// closed appear, and never one the caller is recused from.
#[utoipa::path(get, operation_id = "getTally", path = "/api/v1/programmes/{id}/tally", tag = "review",
    params(("id" = Uuid, Path, description = "Programme id"), Query),
    responses((status = 200, description = "The counted votes", body = Items<TallyItem>),
        (status = 403, description = "Not a chair")),
    security(("bearer" = [])))]
pub async fn tally(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    let code = q.category_code.as_deref();
    let items = s.node.setup().tally(&ask, id, code).await?;
    Ok(reply::ok(Items { items }))
}

#[cfg(test)]
mod tests {
    use accolade_events::NominationStatus;

    use super::*;
    use crate::schema_check::Checker;

    /// A counted nomination: a passed secret vote when `passed`, else a failed open one.
    fn item(passed: bool) -> TallyItem {
        TallyItem {
            nomination_id: Uuid::from_u128(1),
            category_code: "CN".to_owned(),
            approve: if passed { 7 } else { 2 },
            reject: if passed { 1 } else { 6 },
            abstain: 1,
            eligible_voters: 9,
            required: 5,
            passed,
            status: if passed {
                NominationStatus::Recommended
            } else {
                NominationStatus::NotRecommended
            },
            rank: passed.then_some(1),
            quorum_required: 6,
            quorum_met: true,
            checked: passed.then_some(true),
        }
    }

    #[test]
    fn the_tally_is_what_the_document_says() {
        let mut c = Checker::new();
        c.answer(
            "getTally",
            &Items {
                items: vec![item(true), item(false)],
            },
        );
        c.every_property_served();
    }
}
