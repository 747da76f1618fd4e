//! `POST /api/v1/nominations/{id}/submit`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::actions::Ask;

use super::{NominationView, respond};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiPath;
use accolade_http::state::AppState;

/// category's quotas and prerequisites are checked here (422).
#[utoipa::path(post, operation_id = "submitNomination", path = "/api/v1/nominations/{id}/submit", tag = "nominations",
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Submitted; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status"),
        (status = 422, description = "Quota or prerequisite")),
    security(("bearer" = [])))]
pub async fn submit(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    s.node.nominations().submit(&ask, id).await?;
    respond(&s, &ask, id).await
}
