//! Nominations: drafting, endorsement, screening, review and vote on one nomination.
//!
//! Each handler is one action of the app (`node.nominations()`, `node.review()`), which
//! decides authorization and runs the command; the domain checks agency, phase, status,
//! assignment and recusal. The answer is the nomination as the
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

use accolade_app::actions::Ask;
use accolade_app::actions::nominations::NominationRead;
use accolade_events::{Evidence, NominationStatus, Nominee};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use accolade_http::error::ApiResult;
use accolade_http::reply;
use accolade_http::state::AppState;

/// A reason (withdraw, return, promote).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Reason {
    /// The reason, recorded in the nomination's history.
    #[schema(extensions(("x-rule" = json!("text"))))]
    pub reason: String,
}

/// A nomination as its reader may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NominationView {
    /// The nomination's id.
    pub id: Uuid,
    /// Content version (the `ETag`; 1 = as drafted).
    pub version: u32,
    /// The programme it belongs to.
    pub programme_id: Uuid,
    /// The code of its category in the programme.
    pub category_code: String,
    /// Nominating agency.
    pub agency_id: Uuid,
    /// draft | submitted | eligible | ineligible | returned | recommended | reserve |
    /// not_recommended | objection_upheld | awarded | declined | withdrawn | revoked
    #[schema(value_type = String, extensions(("x-rule" = json!("nomination_status"))))]
    pub status: NominationStatus,
    /// The nominee (contact, birth year and national id only for the agency and the
    /// secretariat); `null` once the person was erased (`nominee_erased`).
    #[schema(value_type = Option<accolade_http::schema::NomineeDoc>)]
    pub nominee: Option<Nominee>,
    /// `true` once the nominee's personal data was erased.
    pub nominee_erased: bool,
    /// The nominee's pseudonymous person id (agency and secretariat only: what a link to
    /// another nomination, or an erasure, names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<Uuid>,
    /// Why, in a sentence or two (shown on the honour list if conferred).
    pub citation: String,
    /// What the nominee achieved, at length (for the panel).
    pub achievements: String,
    /// Links to evidence: `[{title, url}]`.
    #[schema(value_type = Vec<accolade_http::schema::EvidenceDoc>)]
    pub evidence: Vec<Evidence>,
    /// When it was first submitted.
    #[serde(with = "accolade_events::dates::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub submitted_at: Option<OffsetDateTime>,
    /// Nominations flagged as the same nominee (secretariat only).
    pub duplicates: Vec<Uuid>,
    /// The award, once conferred.
    pub award_id: Option<Uuid>,
}

impl From<&NominationRead> for NominationView {
    /// The JSON shape of a nomination as the app's `show` action cut it for its reader (the
    /// read rule is the app's; this only lays it out).
    fn from(r: &NominationRead) -> Self {
        let n = &r.nomination;
        NominationView {
            id: n.id,
            version: n.version,
            programme_id: r.programme_id,
            category_code: n.category_code.clone(),
            agency_id: n.agency_id,
            status: n.status,
            nominee: r.nominee.clone(),
            nominee_erased: r.nominee.is_none(),
            person_id: r.audience.sees_contact().then_some(n.person_id),
            citation: n.citation.clone(),
            achievements: n.achievements.clone(),
            evidence: n.evidence.clone(),
            submitted_at: n.submitted_at,
            duplicates: n.duplicates.iter().copied().collect(),
            award_id: n.award_id,
        }
    }
}

/// The programme a nomination belongs to (404 if unknown).
pub fn locate(s: &AppState, nomination_id: Uuid) -> ApiResult<Uuid> {
    Ok(s.node.nominations().programme_of(nomination_id)?)
}

/// Answers with nomination `id` as the ask's caller now sees it, with `ETag: "<content
/// version>"` (404 if they may not see it): every write here answers this way.
pub async fn respond(s: &AppState, ask: &Ask, id: Uuid) -> ApiResult<Response> {
    let read = s.node.nominations().show(ask, id).await?;
    Ok(reply::versioned(
        u64::from(read.nomination.version),
        NominationView::from(&read),
    ))
}
