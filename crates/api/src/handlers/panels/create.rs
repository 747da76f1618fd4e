//! `POST /api/v1/programmes/{id}/panels`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::NewPanel;
use crate::handlers::programmes;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// Forms a panel (admin, before `reviewing`). Answers with the programme (its `panels`).
#[utoipa::path(post, operation_id = "createPanel", path = "/api/v1/programmes/{id}/panels", tag = "setup", request_body = NewPanel,
    params(("id" = Uuid, Path, description = "Programme id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Formed; the programme", body = crate::handlers::programmes::ProgrammeView), (status = 422, description = "Invalid member or chair")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<NewPanel>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    let done = s.node.setup().form_panel(&ask, id, b.into()).await?;
    let mut res = programmes::respond(&s, &ask, id).await?;
    *res.status_mut() = axum::http::StatusCode::CREATED;
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("/api/v1/panels/{}", done.id)) {
        res.headers_mut().insert(axum::http::header::LOCATION, v);
    }
    Ok(res)
}
