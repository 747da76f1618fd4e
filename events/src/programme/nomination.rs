//! Nomination events: drafting, amending, submitting, screening, withdrawing, duplicates.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::people::{Evidence, Nominee, NomineeLookups, Personal};
use crate::values::DuplicateBasis;

/// A clerk or head drafted a nomination for their agency. Schema v2: v1 had `nominee.name`
/// and no `nominee.province`; v3 seals `nominee` and adds `lookups` and `linked` (see
/// [`crate::upcast`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationDrafted {
    /// The nomination id.
    pub nomination_id: Uuid,
    /// The category it is for.
    pub category_code: String,
    /// The nominating agency (the drafter's).
    pub agency_id: Uuid,
    /// The nominee's pseudonymous person id; identifying fields are in `nominee`.
    pub person_id: Uuid,
    /// The nominee's identifying fields, sealed under the person's key.
    pub nominee: Personal<Nominee>,
    /// Keyed hashes of the nominee for the duplicate check and candidate matching.
    #[serde(default)]
    pub lookups: NomineeLookups,
    /// `true` when the clerk linked the nominee to a person already known (an award holder or
    /// one of the agency's earlier nominees); `false` when they declared a new person.
    #[serde(default)]
    pub linked: bool,
    /// The proposed citation.
    pub citation: String,
    /// The achievements claimed.
    pub achievements: String,
    /// Supporting evidence.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A new version of a nomination's content. Every earlier version stays in the log.
/// Schema v2, like [`NominationDrafted`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationAmended {
    /// The nomination id.
    pub nomination_id: Uuid,
    /// The nominee's person id (may change if the nominee was corrected).
    pub person_id: Uuid,
    /// The nominee, whole, sealed under the person's key.
    pub nominee: Personal<Nominee>,
    /// Keyed hashes of the nominee, as in [`NominationDrafted`].
    #[serde(default)]
    pub lookups: NomineeLookups,
    /// As in [`NominationDrafted`].
    #[serde(default)]
    pub linked: bool,
    /// The citation, whole.
    pub citation: String,
    /// The achievements, whole.
    pub achievements: String,
    /// The evidence, whole.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// The agency head submitted (endorsed) the nomination, or resubmitted it after a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationSubmitted {
    /// The nomination id.
    pub nomination_id: Uuid,
    /// When; the quota ranking's third tie-breaker uses the first submission.
    #[serde(with = "crate::dates::rfc3339")]
    pub submitted_at: OffsetDateTime,
    /// `true` when resubmitted after being returned.
    #[serde(default)]
    pub resubmission: bool,
}

/// The agency head withdrew the nomination (any state before the decision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationWithdrawn {
    /// The nomination id.
    pub nomination_id: Uuid,
    /// The head's reason, shown in the history to everyone who sees the nomination.
    pub reason: String,
}

/// The secretariat screened the nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationScreened {
    /// The nomination id.
    pub nomination_id: Uuid,
    /// Eligible or not.
    pub eligible: bool,
    /// Why (sent to the agency).
    pub reason: String,
}

/// The secretariat returned the nomination to its agency for correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationReturned {
    /// The nomination id.
    pub nomination_id: Uuid,
    /// What to correct.
    pub reason: String,
}

/// On submission, the nominee matched one nominated by another agency in the same programme.
/// A flag for the secretariat, not a refusal: one achievement is not rewarded twice, but only a
/// person can tell two namesakes apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateNomineeFlagged {
    /// The nomination just submitted.
    pub nomination_id: Uuid,
    /// The earlier nomination it matches.
    pub other_nomination_id: Uuid,
    /// What matched.
    pub basis: DuplicateBasis,
}
