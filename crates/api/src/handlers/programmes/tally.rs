//! `GET /api/v1/programmes/{id}/tally`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiPath, ApiQuery};
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
    responses((status = 200, description = "{items: [{nomination_id, category_code, approve, reject, abstain, eligible_voters, required, passed, status, rank}]}"),
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
    Ok(reply::ok(json!({"items": items})))
}
