//! `POST /api/v1/nominations/{id}/promote`.

use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{NominationView, act};
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// Moves a reserve up into a freed place (admin, `public_notice`); it gets its own notice period.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/promote", tag = "nominations", request_body = super::Reason,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn promote(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<super::Reason>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let cmd = ProgrammeCommand::PromoteReserve {
        nomination_id: id,
        reason: b.reason,
    };
    act(&s, &actor, caller.request_id, id, cmd).await
}
