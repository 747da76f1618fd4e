//! `PATCH /api/v1/agencies/{id}`.

use accolade_app::Command;
use accolade_domain::AgencyCommand;
use accolade_events::AgencyAmended;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{AgencyPatch, AgencyView};
use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Changes an agency (admin); `If-Match` guards against lost updates.
#[utoipa::path(patch, path = "/api/v1/agencies/{id}", tag = "setup", request_body = AgencyPatch,
    params(("id" = Uuid, Path, description = "Agency id"), ("If-Match" = Option<String>, Header, description = "ETag")),
    responses((status = 200, description = "Changed", body = AgencyView), (status = 412, description = "Version mismatch")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(b): ApiJson<AgencyPatch>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let amended = AgencyAmended {
        name: b.name,
        kind: b.kind,
        province: b.province,
        parent_id: b.parent_id,
        email: b.email,
    };
    let cmd = Command::agency(id, AgencyCommand::Amend(amended));
    let key = IdempotencyKey::default();
    s.execute_expecting(&actor, cmd, &key, caller.request_id, if_match.0)
        .await?;
    let (agency, version) = s.app.agency_versioned(id).await?;
    let view = AgencyView::of(id, &agency, version).ok_or_else(|| ApiError::not_found("agency"))?;
    Ok(reply::versioned(version, view))
}
