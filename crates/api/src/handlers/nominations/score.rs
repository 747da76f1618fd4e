//! `PUT /api/v1/nominations/{id}/score`.

use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use accolade_app::actions::Ask;

use super::{NominationView, respond};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath};
use accolade_http::state::AppState;

/// A score sheet.
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Scores {
    /// Score per criterion key, 0..max.
    #[schema(schema_with = accolade_http::schema::score_sheet)]
    pub scores: std::collections::BTreeMap<String, u32>,
    /// A remark for the panel, if any.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("text_or_null"))))]
    pub comment: Option<String>,
}

/// Records (or revises) the caller's scores per criterion (a member assigned and not recused, `reviewing`).
#[utoipa::path(put, operation_id = "scoreNomination", path = "/api/v1/nominations/{id}/score", tag = "nominations", request_body = Scores,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Done; the nomination", body = NominationView),
        (status = 404, description = "Not found or not visible"), (status = 409, description = "Wrong phase or status")),
    security(("bearer" = [])))]
pub async fn score(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(b): ApiJson<Scores>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0);
    s.node.review().score(&ask, id, b.into()).await?;
    respond(&s, &ask, id).await
}

impl From<Scores> for accolade_app::actions::review::Scores {
    fn from(b: Scores) -> Self {
        Self {
            scores: b.scores,
            comment: b.comment,
        }
    }
}
