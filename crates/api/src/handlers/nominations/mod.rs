//! Nominations: drafting, endorsement, screening, review and vote on one nomination.
//!
//! Every write goes to the programme's stream through the app; the domain checks role,
//! agency, phase, status, assignment and recusal. The answer is the nomination as the
//! caller may see it, with `ETag: "<content version>"` — the version `If-Match` on
//! `PATCH` compares, so an amendment never overwrites one the caller has not seen.

pub mod absentee;
pub mod ballot;
pub mod conflict;
pub mod create;
pub mod history;
pub mod list;
pub mod promote;
pub mod return_;
pub mod score;
pub mod screening;
pub mod show;
pub mod submit;
pub mod update;
pub mod withdraw;

use accolade_app::{Actor, Command};
use accolade_domain::{Audience, Nomination, ProgrammeCommand};
use accolade_events::{Evidence, NominationStatus, Nominee};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::authz;
use accolade_http::error::{ApiError, ApiResult};
use accolade_http::extract::IdempotencyKey;
use accolade_http::reply;
use accolade_http::state::AppState;

/// A reason (withdraw, return, promote).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Reason {
    /// Why.
    pub reason: String,
}

/// A nomination as its reader may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NominationView {
    /// Id.
    pub id: Uuid,
    /// Content version (the `ETag`; 1 = as drafted).
    pub version: u32,
    /// Programme.
    pub programme_id: Uuid,
    /// Category.
    pub category_code: String,
    /// Nominating agency.
    pub agency_id: Uuid,
    /// draft | submitted | eligible | ineligible | returned | recommended | reserve |
    /// not_recommended | objection_upheld | awarded | declined | withdrawn | revoked
    #[schema(value_type = String)]
    pub status: NominationStatus,
    /// The nominee (contact and birth year only for the agency and the secretariat).
    #[schema(value_type = Object)]
    pub nominee: Nominee,
    /// Citation.
    pub citation: String,
    /// Achievements.
    pub achievements: String,
    /// Evidence.
    #[schema(value_type = Vec<Object>)]
    pub evidence: Vec<Evidence>,
    /// First submission.
    #[serde(with = "accolade_events::dates::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub submitted_at: Option<OffsetDateTime>,
    /// Nominations flagged as the same nominee (secretariat only).
    pub duplicates: Vec<Uuid>,
    /// The award, once conferred.
    pub award_id: Option<Uuid>,
}

impl NominationView {
    /// The view of `n` for a reader who is `audience` for it (`Programme::audience`): the
    /// domain's visibility rule says what each audience reads of the nominee and the flags.
    pub fn of(audience: Audience, programme_id: Uuid, n: &Nomination) -> Self {
        NominationView {
            id: n.id,
            version: n.version,
            programme_id,
            category_code: n.category_code.clone(),
            agency_id: n.agency_id,
            status: n.status,
            nominee: audience.nominee(&n.nominee),
            citation: n.citation.clone(),
            achievements: n.achievements.clone(),
            evidence: n.evidence.clone(),
            submitted_at: n.submitted_at,
            duplicates: if audience.sees_duplicates() {
                n.duplicates.iter().copied().collect()
            } else {
                vec![]
            },
            award_id: n.award_id,
        }
    }
}

/// The programme a nomination belongs to (404 if unknown).
pub fn locate(s: &AppState, nomination_id: Uuid) -> ApiResult<Uuid> {
    s.read(|p| {
        p.catalog()
            .nominations
            .get(&nomination_id)
            .map(|n| n.programme_id)
    })
    .ok_or_else(|| ApiError::not_found("nomination"))
}

/// The nomination as `actor` sees it now, with `ETag` (404 if they may not see it).
pub async fn respond(s: &AppState, actor: &Actor, pid: Uuid, id: Uuid) -> ApiResult<Response> {
    let p = s.app.programme(pid).await?;
    authz::see_nomination(actor, &p, id)?;
    let n = p
        .nominations
        .get(&id)
        .ok_or_else(|| ApiError::not_found("nomination"))?;
    Ok(reply::versioned(
        u64::from(n.version),
        NominationView::of(p.audience(actor, id), pid, n),
    ))
}

/// Runs a programme command about nomination `id` as `actor` (no idempotency key), then
/// answers with the nomination.
pub async fn act(
    s: &AppState,
    actor: &Actor,
    request_id: Option<Uuid>,
    id: Uuid,
    cmd: ProgrammeCommand,
) -> ApiResult<Response> {
    act_keyed(s, actor, &IdempotencyKey::default(), request_id, id, cmd).await
}

/// [`act`] with the request's `Idempotency-Key`: a retry with the same key and body gets
/// the first answer instead of being decided again (ballots: a repeated secret ballot is
/// refused, so a client's retry needs the key).
pub async fn act_keyed(
    s: &AppState,
    actor: &Actor,
    key: &IdempotencyKey,
    request_id: Option<Uuid>,
    id: Uuid,
    cmd: ProgrammeCommand,
) -> ApiResult<Response> {
    let pid = locate(s, id)?;
    s.execute(actor, Command::programme(pid, cmd), key, request_id)
        .await?;
    respond(s, actor, pid, id).await
}
