//! `PATCH /api/v1/nominations/{id}`.

use accolade_app::actions::Ask;
use accolade_events::{Evidence, Nominee};
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{NominationView, respond};
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::{ApiJson, ApiPath, IfMatch};
use accolade_http::state::AppState;

/// Changes to a nomination's content (absent fields stay).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct NominationPatch {
    /// The nominee, whole.
    #[serde(default)]
    #[schema(value_type = Option<accolade_http::schema::NomineeDoc>)]
    pub nominee: Option<Nominee>,
    /// Link the nominee to this person instead (one of `GET /api/v1/persons/candidates`).
    #[serde(default)]
    pub person_id: Option<Uuid>,
    /// The new citation.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("citation_or_null"))))]
    pub citation: Option<String>,
    /// The new account of achievements.
    #[serde(default)]
    #[schema(extensions(("x-rule" = json!("achievements_or_null"))))]
    pub achievements: Option<String>,
    /// Evidence, whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<accolade_http::schema::EvidenceDoc>>)]
    pub evidence: Option<Vec<Evidence>>,
}

/// Amends a draft (or a returned nomination during screening): clerk or head of its agency,
/// with `If-Match: "<version>"` from the last read. Each amendment is a new version.
#[utoipa::path(patch, operation_id = "updateNomination", path = "/api/v1/nominations/{id}", tag = "nominations",
    request_body = NominationPatch,
    params(("id" = Uuid, Path, description = "Nomination id"), ("If-Match" = Option<String>, Header, description = "ETag")),
    responses((status = 200, description = "Amended; the nomination", body = NominationView), (status = 412, description = "Version mismatch"),
        (status = 409, description = "Not amendable now")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(b): ApiJson<NominationPatch>,
) -> ApiResult<Response> {
    let ask = Ask::by(caller.0).expecting(if_match.0);
    s.node.nominations().amend(&ask, id, b.into()).await?;
    respond(&s, &ask, id).await
}

impl From<NominationPatch> for accolade_app::actions::nominations::NominationPatch {
    fn from(b: NominationPatch) -> Self {
        Self {
            nominee: b.nominee,
            person_id: b.person_id,
            citation: b.citation,
            achievements: b.achievements,
            evidence: b.evidence,
        }
    }
}
