//! `PATCH /api/v1/panels/{id}`.

use accolade_app::Command;
use accolade_domain::{PanelSpec, ProgrammeCommand};
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{PanelPatch, members, programme_of};
use crate::handlers::programmes;
use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use accolade_http::state::AppState;

/// Changes a panel (admin, before `reviewing`). `If-Match` is the programme's version.
#[utoipa::path(patch, path = "/api/v1/panels/{id}", tag = "setup", request_body = PanelPatch,
    params(("id" = Uuid, Path, description = "Panel id"), ("If-Match" = Option<String>, Header, description = "The programme's ETag")),
    responses((status = 200, description = "Changed; the programme"), (status = 409, description = "Review has begun")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(panel_id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(b): ApiJson<PanelPatch>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let pid = programme_of(&s, panel_id)?;
    let p = s.app.programme(pid).await?;
    let cur = p
        .panels
        .get(&panel_id)
        .ok_or_else(|| ApiError::not_found("panel"))?;
    let spec = PanelSpec {
        panel_id,
        name: b.name.unwrap_or_else(|| cur.name.clone()),
        category_codes: b
            .category_codes
            .unwrap_or_else(|| cur.category_codes.clone()),
        members: match &b.member_ids {
            Some(ids) => members(ids),
            None => cur.members.clone(),
        },
        chair_id: b.chair_id.unwrap_or(cur.chair_id),
        reviewers_per_nomination: b.reviewers_per_nomination.or(cur.reviewers_per_nomination),
    };
    let cmd = Command::programme(pid, ProgrammeCommand::AmendPanel(spec));
    let key = IdempotencyKey::default();
    s.execute_expecting(&actor, cmd, &key, caller.request_id, if_match.0)
        .await?;
    programmes::respond(&s, pid).await
}
