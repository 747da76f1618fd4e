//! `POST /api/v1/programmes`.

use accolade_app::Command;
use accolade_domain::{CreateProgramme, ProgrammeCommand};
use axum::extract::State;
use axum::response::Response;

use super::{NewProgramme, ProgrammeView};
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Creates a programme in `setup` (admin).
#[utoipa::path(post, path = "/api/v1/programmes", tag = "setup", request_body = NewProgramme,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Created", body = ProgrammeView), (status = 422, description = "Invalid")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<NewProgramme>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let id = s.new_id(&actor, &key, "programme");
    let cmd = Command::programme(
        id,
        ProgrammeCommand::Create(CreateProgramme {
            programme_id: id,
            title: b.title,
            year: b.year,
            description: b.description,
            notice_working_days: b.notice_working_days.unwrap_or(10),
            schedule: b.schedule.unwrap_or_default(),
            holidays: b.holidays.unwrap_or_default(),
        }),
    );
    s.execute(&actor, cmd, &key, caller.request_id).await?;
    let (p, version) = s.app.programme_versioned(id).await?;
    let view = ProgrammeView::of(id, &p, version, s.app.now().date());
    Ok(reply::created(
        &format!("/api/v1/programmes/{id}"),
        version,
        view,
    ))
}
