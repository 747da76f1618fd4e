//! `PATCH /api/v1/panels/{id}`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::PanelPatch;
use crate::handlers::programmes;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IfMatch};
use accolade_http::state::AppState;

/// Changes a panel (admin, before `reviewing`). `If-Match` is the programme's version.
#[utoipa::path(patch, operation_id = "updatePanel", path = "/api/v1/panels/{id}", tag = "setup", request_body = PanelPatch,
    params(("id" = Uuid, Path, description = "Panel id"), ("If-Match" = Option<String>, Header, description = "The programme's ETag")),
    responses((status = 200, description = "Changed; the programme", body = crate::handlers::programmes::ProgrammeView), (status = 409, description = "Review has begun")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(panel_id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(b): ApiJson<PanelPatch>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).expecting(if_match.0);
    let done = s.node.setup().amend_panel(&ask, panel_id, b.into()).await?;
    programmes::respond(&s, &ask, done.id).await
}
