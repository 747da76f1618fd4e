//! `POST /api/v1/programmes`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;

use super::{NewProgramme, ProgrammeView};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Creates a programme in `setup` (admin).
#[utoipa::path(post, operation_id = "createProgramme", path = "/api/v1/programmes", tag = "setup", request_body = NewProgramme,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Created", body = ProgrammeView,
        headers(("Location" = String, description = "Where to read it"))), (status = 422, description = "Invalid")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<NewProgramme>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    let done = s.node.setup().create_programme(&ask, b.into()).await?;
    let id = done.id;
    let p = s.node.setup().programme(&ask, id).await?;
    let view = ProgrammeView::of(id, &p.value, p.version, s.app.now().date());
    Ok(reply::created(
        &format!("/api/v1/programmes/{id}"),
        p.version,
        view,
    ))
}
