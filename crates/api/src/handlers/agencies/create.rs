//! `POST /api/v1/agencies`.

use accolade_app::Command;
use accolade_domain::{AgencyCommand, RegisterAgency};
use axum::extract::State;
use axum::response::Response;

use super::{AgencyView, NewAgency};
use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, IdempotencyKey};
use accolade_http::reply;
use accolade_http::state::AppState;

/// Registers an agency (admin). `Idempotency-Key` makes a retry safe.
#[utoipa::path(post, path = "/api/v1/agencies", tag = "setup", request_body = NewAgency,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Created", body = AgencyView),
        (status = 409, description = "The code is taken"), (status = 422, description = "Invalid")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(b): ApiJson<NewAgency>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    let id = s.new_id(&actor, &key, "agency");
    let cmd = Command::agency(
        id,
        AgencyCommand::Register(RegisterAgency {
            agency_id: id,
            name: b.name,
            code: b.code,
            kind: b.kind,
            province: b.province,
            parent_id: b.parent_id,
            email: b.email,
        }),
    );
    s.execute(&actor, cmd, &key, caller.request_id).await?;
    let (agency, version) = s.app.agency_versioned(id).await?;
    let view = AgencyView::of(id, &agency, version).ok_or_else(|| ApiError::not_found("agency"))?;
    Ok(reply::created(
        &format!("/api/v1/agencies/{id}"),
        version,
        view,
    ))
}
