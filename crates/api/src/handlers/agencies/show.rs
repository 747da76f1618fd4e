//! `GET /api/v1/agencies/{id}`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::AgencyView;
use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// One agency, with `ETag`.
#[utoipa::path(get, path = "/api/v1/agencies/{id}", tag = "setup",
    params(("id" = Uuid, Path, description = "Agency id")),
    responses((status = 200, description = "The agency", body = AgencyView), (status = 404, description = "Not found")),
    security(("bearer" = [])))]
pub async fn show(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    caller.require(may::ANY_ROLE)?;
    let (agency, version) = s.app.agency_versioned(id).await?;
    let view = AgencyView::of(id, &agency, version).ok_or_else(|| ApiError::not_found("agency"))?;
    Ok(reply::versioned(version, view))
}
