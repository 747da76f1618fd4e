//! `PATCH /api/v1/agencies/{id}`.

use accolade_app::actions::Ask;
use accolade_events::AgencyAmended;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{AgencyPatch, AgencyView};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IfMatch};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Changes an agency (admin); `If-Match` guards against lost updates.
#[utoipa::path(patch, operation_id = "updateAgency", path = "/api/v1/agencies/{id}", tag = "setup", request_body = AgencyPatch,
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
    let ask = Ask::by(caller.0).expecting(if_match.0);
    let changes = AgencyAmended {
        name: b.name,
        kind: b.kind,
        province: b.province,
        parent_id: b.parent_id,
        email: b.email,
    };
    s.node.setup().amend_agency(&ask, id, changes).await?;
    let view = AgencyView::read(&s, &ask, id).await?;
    Ok(reply::versioned(view.version, view))
}
