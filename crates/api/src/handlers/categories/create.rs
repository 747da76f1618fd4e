//! `POST /api/v1/programmes/{id}/categories`.

use accolade_app::actions::Ask;
use accolade_events::Category;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use crate::handlers::programmes;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey};
use accolade_http::state::AppState;

/// Adds a category (admin, `setup`). Answers with the programme.
#[utoipa::path(post, operation_id = "createCategory", path = "/api/v1/programmes/{id}/categories", tag = "setup",
    request_body(content = accolade_http::schema::CategoryDoc, description = "The category"),
    params(("id" = Uuid, Path, description = "Programme id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe")),
    responses((status = 201, description = "Added; the programme", body = crate::handlers::programmes::ProgrammeView), (status = 409, description = "Not in setup, or the code exists")),
    security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(category): ApiJson<Category>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).keyed(key.0);
    s.node.setup().add_category(&ask, id, category).await?;
    let mut res = programmes::respond(&s, &ask, id).await?;
    *res.status_mut() = axum::http::StatusCode::CREATED;
    Ok(res)
}
