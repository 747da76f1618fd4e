//! `POST /api/v1/nominations/{id}/submit`.

use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{NominationView, act};
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::state::AppState;

/// Submits (endorses) a draft, or resubmits a returned nomination (head of its agency). The
/// category's quotas and prerequisites are checked here (422).
#[utoipa::path(post, path = "/api/v1/nominations/{id}/submit", tag = "nominations",
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Submitted; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status"),
        (status = 422, description = "Quota or prerequisite")),
    security(("bearer" = [])))]
pub async fn submit(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let actor = caller.require(may::ENDORSE)?;
    let cmd = ProgrammeCommand::SubmitNomination {
        nomination_id: id,
        history: vec![],
    };
    act(&s, &actor, caller.request_id, id, cmd).await
}
