//! `GET /api/v1/nominations/{id}`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::actions::Ask;

use super::{NominationView, respond};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::state::AppState;

/// The dossier, with `ETag` (404 for what the caller may not see).
#[utoipa::path(get, operation_id = "getNomination", path = "/api/v1/nominations/{id}", tag = "nominations",
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "The nomination", body = NominationView), (status = 404, description = "Not found")),
    security(("bearer" = [])))]
pub async fn show(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    respond(&s, &Ask::by(caller.0), id).await
}
