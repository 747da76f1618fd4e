//! `GET /api/v1/agencies/{id}`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::AgencyView;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::reply;
use accolade_http::state::AppState;

/// One agency, with `ETag`.
#[utoipa::path(get, operation_id = "getAgency", path = "/api/v1/agencies/{id}", tag = "setup",
    params(("id" = Uuid, Path, description = "Agency id")),
    responses((status = 200, description = "The agency", body = AgencyView), (status = 404, description = "Not found")),
    security(("bearer" = [])))]
pub async fn show(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let view = AgencyView::read(&s, &Ask::by(caller.0), id).await?;
    Ok(reply::versioned(view.version, view))
}
