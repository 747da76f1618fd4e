//! `POST /api/v1/agencies`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;

use super::{AgencyView, NewAgency};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Registers an agency (admin). `Idempotency-Key` makes a retry safe.
#[utoipa::path(post, operation_id = "createAgency", path = "/api/v1/agencies", tag = "setup", request_body = NewAgency,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Created", body = AgencyView,
        headers(("Location" = String, description = "Where to read it"))),
        (status = 409, description = "The code is taken"), (status = 422, description = "Invalid")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<NewAgency>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    let done = s.node.setup().register_agency(&ask, b.into()).await?;
    let id = done.id;
    let view = AgencyView::read(&s, &ask, id).await?;
    Ok(reply::created(
        &format!("/api/v1/agencies/{id}"),
        view.version,
        view,
    ))
}
