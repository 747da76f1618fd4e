//! `POST /api/v1/programmes/{id}/panels`.

use accolade_app::Command;
use accolade_domain::{PanelSpec, ProgrammeCommand};
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::{NewPanel, members};
use crate::handlers::programmes;
use accolade_http::authz::{Caller, may};
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// Forms a panel (admin, before `reviewing`). Answers with the programme (its `panels`).
#[utoipa::path(post, path = "/api/v1/programmes/{id}/panels", tag = "setup", request_body = NewPanel,
    params(("id" = Uuid, Path, description = "Programme id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Formed; the programme"), (status = 422, description = "Invalid member or chair")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<NewPanel>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let panel_id = s.new_id(&actor, &key, "panel");
    let spec = PanelSpec {
        panel_id,
        name: b.name,
        category_codes: b.category_codes,
        members: members(&b.member_ids),
        chair_id: b.chair_id,
        reviewers_per_nomination: b.reviewers_per_nomination,
    };
    let cmd = Command::programme(id, ProgrammeCommand::FormPanel(spec));
    s.execute(&actor, cmd, &key, caller.request_id).await?;
    let mut res = programmes::respond(&s, id).await?;
    *res.status_mut() = axum::http::StatusCode::CREATED;
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("/api/v1/panels/{panel_id}")) {
        res.headers_mut().insert(axum::http::header::LOCATION, v);
    }
    Ok(res)
}
