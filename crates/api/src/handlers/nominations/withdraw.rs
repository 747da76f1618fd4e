//! `POST /api/v1/nominations/{id}/withdraw`.

use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{NominationView, act};
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// Withdraws a nomination before the decision (head of its agency).
#[utoipa::path(post, path = "/api/v1/nominations/{id}/withdraw", tag = "nominations", request_body = super::Reason,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn withdraw(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<super::Reason>,
) -> ApiResult<Response> {
    let actor = caller.require(may::ENDORSE)?;
    let cmd = ProgrammeCommand::WithdrawNomination {
        nomination_id: id,
        reason: b.reason,
    };
    act(&s, &actor, caller.request_id, id, cmd).await
}
