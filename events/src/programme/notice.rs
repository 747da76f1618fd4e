//! Public notice, decision, award and revocation events.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::people::{Objector, Personal, PublicHolder};
use crate::values::RevocationGround;

/// A reserve nomination was moved up by the secretariat; it needs its own public notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservePromoted {
    /// A reserve of the programme, moved into a freed place.
    pub nomination_id: Uuid,
    /// Why (e.g. a recommended one left the list).
    pub reason: String,
}

/// A notice period began: for the whole list on entering public notice (`nomination_id`
/// `None`), or for one promoted nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePeriodStarted {
    /// `None`: the programme's list; `Some`: one promoted nomination.
    #[serde(default)]
    pub nomination_id: Option<Uuid>,
    /// The day of publication (not itself counted).
    #[serde(with = "crate::dates::iso_date")]
    pub started_on: Date,
    /// The period in working days.
    pub working_days: u32,
    /// The last working day of the period (`started_on` when 0 days).
    #[serde(with = "crate::dates::iso_date")]
    pub ends_on: Date,
}

/// Someone objected to a nomination on the public-notice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionFiled {
    /// The objection id.
    pub objection_id: Uuid,
    /// The nomination objected to.
    pub nomination_id: Uuid,
    /// The objector's pseudonymous person id.
    pub objector_person_id: Uuid,
    /// The objector's identifying fields, sealed under the objector's key; never published.
    pub objector: Personal<Objector>,
    /// What is objected to; at most 10,000 characters, seen by the secretariat.
    pub text: String,
    /// When it was received.
    #[serde(with = "crate::dates::rfc3339")]
    pub filed_at: OffsetDateTime,
}

/// The secretariat resolved an objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionResolved {
    /// An open objection of this programme.
    pub objection_id: Uuid,
    /// The nomination concerned.
    pub nomination_id: Uuid,
    /// `true`: upheld, the nomination leaves the list.
    pub upheld: bool,
    /// The secretariat's reason, mailed to the objector if they gave an address.
    pub reason: String,
}

/// The authority's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionMade {
    /// The decision number.
    pub decision_no: String,
    /// Its date.
    #[serde(with = "crate::dates::iso_date")]
    pub decided_on: Date,
    /// Who signed it.
    pub signer: String,
}

/// The authority declined to confer a recommended nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationDeclined {
    /// A recommended nomination left out of the decision.
    pub nomination_id: Uuid,
    /// The authority's reason, shown in the nomination's history.
    pub reason: String,
}

/// An award was conferred by the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardConferred {
    /// The award id (permanent link).
    pub award_id: Uuid,
    /// The nomination it came from.
    pub nomination_id: Uuid,
    /// The category's code, for the honour list's filters.
    pub category_code: String,
    /// The award title.
    pub award_title: String,
    /// The nominee's person id, for the award history.
    pub person_id: Uuid,
    /// What the decision makes public of the holder, sealed under the person's public-record
    /// key (kept or destroyed at erasure as the erasure policy says).
    pub holder: Personal<PublicHolder>,
    /// The conferring decision.
    pub decision_no: String,
    /// Its date.
    #[serde(with = "crate::dates::iso_date")]
    pub decided_on: Date,
}

/// An award was revoked. Nothing is deleted: the honour list shows the revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardRevoked {
    /// A conferred award; its page keeps showing it, with the revocation.
    pub award_id: Uuid,
    /// Its nomination.
    pub nomination_id: Uuid,
    /// The statutory ground.
    pub ground: RevocationGround,
    /// The revoking decision.
    pub decision_no: String,
    /// Its date.
    #[serde(with = "crate::dates::iso_date")]
    pub decided_on: Date,
    /// Optional remarks of the authority; at most 10,000 characters.
    #[serde(default)]
    pub note: Option<String>,
}
