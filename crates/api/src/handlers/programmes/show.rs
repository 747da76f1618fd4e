//! `GET /api/v1/programmes/{id}`.

use accolade_app::actions::Ask;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::ProgrammeView;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::state::AppState;

/// One programme with its categories and panels, with `ETag`.
#[utoipa::path(get, operation_id = "getProgramme", path = "/api/v1/programmes/{id}", tag = "setup",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses((status = 200, description = "The programme", body = ProgrammeView), (status = 404, description = "Not found")),
    security(("bearer" = [])))]
pub async fn show(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    super::respond(&s, &Ask::by(caller.0), id).await
}
