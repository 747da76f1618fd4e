//! `POST /api/v1/nominations/{id}/withdraw`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::actions::Ask;

use super::{NominationView, respond};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// Withdraws a nomination before the decision (head of its agency).
#[utoipa::path(post, operation_id = "withdrawNomination", path = "/api/v1/nominations/{id}/withdraw", tag = "nominations", request_body = super::Reason,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn withdraw(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<super::Reason>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    s.node.nominations().withdraw(&ask, id, b.reason).await?;
    respond(&s, &ask, id).await
}
