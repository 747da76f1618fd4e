//! `PATCH /api/v1/nominations/{id}`.

use accolade_app::Command;
use accolade_domain::{NominationContent, ProgrammeCommand};
use accolade_events::{Evidence, Nominee};
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{locate, respond};
use accolade_http::authz::{self, Caller, may};
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::{ApiJson, ApiPath, IdempotencyKey, IfMatch};
use accolade_http::state::AppState;

/// Changes to a nomination's content (absent fields stay).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct NominationPatch {
    /// The nominee, whole.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub nominee: Option<Nominee>,
    /// Citation.
    #[serde(default)]
    pub citation: Option<String>,
    /// Achievements.
    #[serde(default)]
    pub achievements: Option<String>,
    /// Evidence, whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Object>>)]
    pub evidence: Option<Vec<Evidence>>,
}

/// Amends a draft (or a returned nomination during screening): clerk or head of its agency,
/// with `If-Match: "<version>"` from the last read. Each amendment is a new version.
#[utoipa::path(patch, path = "/api/v1/nominations/{id}", tag = "nominations",
    request_body = NominationPatch,
    params(("id" = Uuid, Path, description = "Nomination id"), ("If-Match" = Option<String>, Header, description = "ETag")),
    responses((status = 200, description = "Amended"), (status = 412, description = "Version mismatch"),
        (status = 409, description = "Not amendable now")),
    security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(b): ApiJson<NominationPatch>,
) -> ApiResult<Response> {
    let actor = caller.require(may::DRAFT)?;
    let pid = locate(&s, id)?;
    let p = s.app.programme(pid).await?;
    authz::see_nomination(&actor, &p, id)?;
    let n = p
        .nominations
        .get(&id)
        .ok_or_else(|| ApiError::not_found("nomination"))?;
    // Checked by the domain when the amendment is decided (under the programme's lock);
    // an ETag beyond any version cannot match.
    let expected_version = match if_match.0 {
        Some(v) => Some(
            u32::try_from(v).map_err(|_| ApiError::precondition_failed(u64::from(n.version)))?,
        ),
        None => None,
    };
    let content = NominationContent {
        person_id: n.person_id,
        nominee: b.nominee.unwrap_or_else(|| n.nominee.clone()),
        citation: b.citation.unwrap_or_else(|| n.citation.clone()),
        achievements: b.achievements.unwrap_or_else(|| n.achievements.clone()),
        evidence: b.evidence.unwrap_or_else(|| n.evidence.clone()),
    };
    let cmd = ProgrammeCommand::AmendNomination {
        nomination_id: id,
        content,
        expected_version,
    };
    s.execute(
        &actor,
        Command::programme(pid, cmd),
        &IdempotencyKey::default(),
        caller.request_id,
    )
    .await?;
    respond(&s, &actor, pid, id).await
}
