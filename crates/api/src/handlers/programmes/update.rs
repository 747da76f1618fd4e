//! `PATCH /api/v1/programmes/{id}`.

use accolade_app::Command;
use accolade_domain::ProgrammeCommand;
use accolade_events::ProgrammeAmended;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{ProgrammePatch, ProgrammeView};
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use accolade_http::state::AppState;

/// Changes a programme's settings (admin; the notice period only before public notice).
#[utoipa::path(patch, path = "/api/v1/programmes/{id}", tag = "setup", request_body = ProgrammePatch,
    params(("id" = Uuid, Path, description = "Programme id"), ("If-Match" = Option<String>, Header, description = "ETag")),
    responses((status = 200, description = "Changed", body = ProgrammeView), (status = 412, description = "Version mismatch")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(b): ApiJson<ProgrammePatch>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let amended = ProgrammeAmended {
        title: b.title,
        description: b.description,
        notice_working_days: b.notice_working_days,
        schedule: b.schedule,
        holidays: b.holidays,
    };
    let cmd = Command::programme(id, ProgrammeCommand::Amend(amended));
    let key = IdempotencyKey::default();
    s.execute_expecting(&actor, cmd, &key, caller.request_id, if_match.0)
        .await?;
    super::respond(&s, id).await
}
