//! `PATCH /api/v1/programmes/{id}/categories/{code}`.

use accolade_app::Command;
use accolade_domain::ProgrammeCommand;
use accolade_events::Category;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use crate::handlers::programmes;
use accolade_http::authz::{Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use accolade_http::state::AppState;

/// Replaces a category (admin, `setup`): the body is the whole category, its `code` the
/// path's. `If-Match` is the programme's version.
#[utoipa::path(patch, path = "/api/v1/programmes/{id}/categories/{code}", tag = "setup",
    request_body(content = Object, description = "The whole category"),
    params(("id" = Uuid, Path, description = "Programme id"), ("code" = String, Path, description = "Category code"),
        ("If-Match" = Option<String>, Header, description = "The programme's ETag")),
    responses((status = 200, description = "Replaced; the programme"), (status = 409, description = "Not in setup")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath((id, code)): ApiPath<(Uuid, String)>,
    if_match: IfMatch,
    ApiJson(category): ApiJson<Category>,
) -> ApiResult<Response> {
    let actor = caller.require(may::SECRETARIAT)?;
    if category.code != code {
        return Err(ApiError::invalid(
            "code",
            "must be the path's category code",
        ));
    }
    let cmd = Command::programme(id, ProgrammeCommand::AmendCategory(category));
    let key = IdempotencyKey::default();
    s.execute_expecting(&actor, cmd, &key, caller.request_id, if_match.0)
        .await?;
    programmes::respond(&s, id).await
}
