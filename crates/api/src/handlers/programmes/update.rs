//! `PATCH /api/v1/programmes/{id}`.

use accolade_app::actions::Ask;
use accolade_events::ProgrammeAmended;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{ProgrammePatch, ProgrammeView};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IfMatch};
use accolade_http::state::AppState;

/// Changes a programme's settings (admin; the notice period only before public notice).
#[utoipa::path(patch, operation_id = "updateProgramme", path = "/api/v1/programmes/{id}", tag = "setup", request_body = ProgrammePatch,
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
    let ask = Ask::by(caller.0).expecting(if_match.0);
    let changes = ProgrammeAmended {
        title: b.title,
        description: b.description,
        notice_working_days: b.notice_working_days,
        schedule: b.schedule,
        holidays: b.holidays,
    };
    s.node.setup().amend_programme(&ask, id, changes).await?;
    super::respond(&s, &ask, id).await
}
