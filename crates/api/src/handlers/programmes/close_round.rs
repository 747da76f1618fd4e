//! `POST /api/v1/programmes/{id}/rounds/{category_code}/close`: count a category's vote.

use accolade_app::Command;
use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// Closes the category's round (its panel's chair, or the secretariat): secret ballots are
/// opened, shuffled and counted, and the round's key destroyed.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/rounds/{category_code}/close", tag = "review",
    params(("id" = Uuid, Path, description = "Programme id"), ("category_code" = String, Path, description = "Category")),
    responses((status = 200, description = "Counted; the programme"), (status = 409, description = "No open vote")),
    security(("bearer" = [])))]
pub async fn close_round(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath((id, code)): ApiPath<(Uuid, String)>,
) -> ApiResult<Response> {
    let actor = caller.require(may::CLOSE_ROUND)?;
    let cmd = ProgrammeCommand::CloseRound {
        category_code: code,
        opened: Default::default(),
    };
    s.execute(
        &actor,
        Command::programme(id, cmd),
        &IdempotencyKey::default(),
        caller.request_id,
    )
    .await?;
    super::respond(&s, id).await
}
