//! `POST /api/v1/nominations/{id}/screening`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::actions::Ask;

use super::{NominationView, respond};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// The screening result.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Screening {
    /// Whether it meets the category's conditions.
    pub eligible: bool,
    /// The reason, recorded in the nomination's history.
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub reason: String,
}

/// Screens a submitted nomination eligible or not, with a reason (admin, `screening`).
#[utoipa::path(post, operation_id = "screenNomination", path = "/api/v1/nominations/{id}/screening", tag = "nominations", request_body = Screening,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn screening(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Screening>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    s.node.nominations().screen(&ask, id, b.into()).await?;
    respond(&s, &ask, id).await
}

impl From<Screening> for accolade_app::actions::nominations::Screening {
    fn from(b: Screening) -> Self {
        Self {
            eligible: b.eligible,
            reason: b.reason,
        }
    }
}
