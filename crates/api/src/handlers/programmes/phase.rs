//! `POST /api/v1/programmes/{id}/phase`: move to the next phase.
//!
//! API.md has no separate routes for assigning reviewers or closing rounds, so a phase move
//! does what the move needs (the action `move_phase`): into `reviewing`, reviewers are
//! assigned on every panel with nominations waiting (`POST /api/v1/panels/{id}/assignments`
//! does the same for one panel later); out of `voting`, every category's open round is
//! closed (counted) first, as the secretariat (a chair can close their own earlier with
//! `POST /api/v1/programmes/{id}/rounds/{category_code}/close`).

use accolade_app::actions::Ask;
use accolade_events::Phase;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::ProgrammeView;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// The phase to move to.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MovePhase {
    /// The next phase: nominating | screening | reviewing | voting | public_notice |
    /// deciding | published | closed
    #[schema(value_type = String, extensions(("x-rule" = json!("phase"))), example = "nominating")]
    pub phase: Phase,
}

/// Moves the programme one phase forward (admin); 409 while work in the phase is unresolved.
#[utoipa::path(post, operation_id = "movePhase", path = "/api/v1/programmes/{id}/phase", tag = "setup", request_body = MovePhase,
    params(("id" = Uuid, Path, description = "Programme id")),
    responses((status = 200, description = "Moved", body = ProgrammeView),
        (status = 409, description = "Work in the phase is unresolved"),
        (status = 422, description = "Not the next phase")),
    security(("bearer" = [])))]
pub async fn phase(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<MovePhase>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    s.node.setup().move_phase(&ask, id, b.phase).await?;
    super::respond(&s, &ask, id).await
}
