//! `PATCH /api/v1/programmes/{id}/categories/{code}`.

use accolade_app::actions::Ask;
use accolade_events::Category;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use crate::handlers::programmes;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IfMatch};
use accolade_http::state::AppState;

/// Replaces a category (admin, `setup`): the body is the whole category, its `code` the
/// path's. `If-Match` is the programme's version.
#[utoipa::path(patch, operation_id = "updateCategory", path = "/api/v1/programmes/{id}/categories/{code}", tag = "setup",
    request_body(content = accolade_http::schema::CategoryDoc, description = "The whole category; its `code` must be the path's"),
    params(("id" = Uuid, Path, description = "Programme id"), ("code" = String, Path, description = "Category code"),
        ("If-Match" = Option<String>, Header, description = "The programme's ETag")),
    responses((status = 200, description = "Replaced; the programme", body = crate::handlers::programmes::ProgrammeView), (status = 409, description = "Not in setup")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath((id, code)): ApiPath<(Uuid, String)>,
    if_match: IfMatch,
    ApiJson(category): ApiJson<Category>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).expecting(if_match.0);
    s.node
        .setup()
        .amend_category(&ask, id, &code, category)
        .await?;
    programmes::respond(&s, &ask, id).await
}
