//! `POST /api/v1/programmes/{id}/phase`: move to the next phase.
//!
//! API.md has no separate routes for assigning reviewers or closing rounds, so a phase move
//! does what the move needs, each step an ordinary command through the app:
//!
//! - into `reviewing`: reviewers are assigned on every panel with nominations waiting (the
//!   random seed is the app's and recorded); `POST /api/v1/panels/{id}/assignments` does the
//!   same for one panel later.
//! - out of `voting`: every category's open round is closed (counted) first, as the
//!   secretariat; a chair can close their own earlier with
//!   `POST /api/v1/programmes/{id}/rounds/{category_code}/close`.

use accolade_app::{Actor, Command};
use accolade_domain::ProgrammeCommand;
use accolade_events::Phase;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::ProgrammeView;
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// The phase to move to.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MovePhase {
    /// The next phase: nominating | screening | reviewing | voting | public_notice |
    /// deciding | published | closed
    #[schema(value_type = String, example = "nominating")]
    pub phase: Phase,
}

/// Moves the programme one phase forward (admin); 409 while work in the phase is unresolved.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/phase", tag = "setup", request_body = MovePhase,
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
    let actor = caller.require(may::SECRETARIAT)?;
    let current = s.app.programme(id).await?;
    let rid = caller.request_id;
    let run = |cmd| {
        let (s, actor) = (s.clone(), actor.clone());
        async move {
            let cmd = Command::programme(id, cmd);
            s.execute(&actor, cmd, &IdempotencyKey::default(), rid)
                .await
        }
    };
    if current.phase == Phase::Voting && b.phase == Phase::PublicNotice {
        for code in current.categories.keys() {
            if !current.pending_votes(code).is_empty() {
                run(ProgrammeCommand::CloseRound {
                    category_code: code.clone(),
                    opened: Default::default(),
                })
                .await?;
            }
        }
    }
    run(ProgrammeCommand::MovePhase { to: b.phase }).await?;
    if current.phase == Phase::Screening && b.phase == Phase::Reviewing {
        assign_all(&s, &actor, id, caller.request_id).await?;
    }
    super::respond(&s, id).await
}

/// Assigns reviewers on every panel that has eligible nominations waiting.
async fn assign_all(
    s: &AppState,
    actor: &Actor,
    id: Uuid,
    request_id: Option<Uuid>,
) -> ApiResult<()> {
    let p = s.app.programme(id).await?;
    for panel in p.panels.values() {
        let waiting = p.nominations.values().any(|n| {
            n.status == accolade_events::NominationStatus::Eligible
                && !n.assigned
                && panel.category_codes.contains(&n.category_code)
        });
        if waiting {
            let cmd = ProgrammeCommand::AssignReviewers {
                panel_id: panel.id,
                seed: s.app.new_seed(),
            };
            s.execute(
                actor,
                Command::programme(id, cmd),
                &IdempotencyKey::default(),
                request_id,
            )
            .await?;
        }
    }
    Ok(())
}
