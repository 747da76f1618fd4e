//! `POST /api/v1/nominations/{id}/screening`.

use accolade_domain::ProgrammeCommand;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{NominationView, act};
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// The screening result.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Screening {
    /// Eligible or not.
    pub eligible: bool,
    /// Why.
    pub reason: String,
}

/// Screens a submitted nomination eligible or not, with a reason (admin, `screening`).
#[utoipa::path(post, path = "/api/v1/nominations/{id}/screening", tag = "nominations", request_body = Screening,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn screening(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Screening>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let cmd = ProgrammeCommand::ScreenNomination {
        nomination_id: id,
        eligible: b.eligible,
        reason: b.reason,
    };
    act(&s, &actor, caller.request_id, id, cmd).await
}
