//! `POST /api/v1/programmes/{id}/rounds/{category_code}/close`: count a category's vote.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::state::AppState;

/// Closes the category's round (its panel's chair, or the secretariat): secret ballots are
/// opened, shuffled and counted, and the round's key destroyed.
#[utoipa::path(post, operation_id = "closeRound", path = "/api/v1/programmes/{id}/rounds/{category_code}/close", tag = "review",
    params(("id" = Uuid, Path, description = "Programme id"), ("category_code" = String, Path, description = "Category")),
    responses((status = 200, description = "Counted; the programme", body = crate::handlers::programmes::ProgrammeView), (status = 409, description = "No open vote")),
    security(("bearer" = [])))]
pub async fn close_round(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath((id, code)): ApiPath<(Uuid, String)>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    s.node.setup().close_round(&ask, id, code).await?;
    super::respond(&s, &ask, id).await
}
