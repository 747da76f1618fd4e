//! Vote events: participation, open and absentee ballots, the opened secret batch, outcomes.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::values::{Choice, Outcome};

/// A member took part in a secret ballot on a nomination. Deliberately no choice: the choice is
/// sealed by the app outside the log (see docs/secret-ballot.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotParticipationRecorded {
    /// The nomination voted on; one participation per member and nomination.
    pub nomination_id: Uuid,
    /// Who took part.
    pub member_id: Uuid,
}

/// A member cast an open (non-secret) ballot; the choice is public to the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenBallotCast {
    /// The nomination voted on; the same choice again appends nothing, another is refused.
    pub nomination_id: Uuid,
    /// Who voted.
    pub member_id: Uuid,
    /// Approve, reject or abstain; seen by the member, the panel's chair and the secretariat.
    pub choice: Choice,
}

/// The secretariat entered an absent member's written vote. `choice` is `None` under a secret
/// rule (the written vote goes into the same sealed box).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenteeBallotEntered {
    /// The nomination the absent member was assigned to.
    pub nomination_id: Uuid,
    /// The absent member.
    pub member_id: Uuid,
    /// The choice, for open rules only.
    #[serde(default)]
    pub choice: Option<Choice>,
}

/// The choices of one nomination, shuffled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedChoices {
    /// A nomination the round counted; `choices` has as many entries as its participations.
    pub nomination_id: Uuid,
    /// One choice per participation, in no meaningful order.
    pub choices: Vec<Choice>,
}

/// The opened secret ballots of a round: an anonymous batch. Appended with no actor; its count
/// per nomination equals the participations, which anyone with the log can check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretBallotsOpened {
    /// The category whose round closed.
    pub category_code: String,
    /// Per nomination, the shuffled choices.
    pub batches: Vec<OpenedChoices>,
}

/// The chair (or secretariat) closed a category's voting round for these nominations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundClosed {
    /// The category whose open votes were counted.
    pub category_code: String,
    /// The nominations whose ballots were counted in this closing.
    pub nomination_ids: Vec<Uuid>,
}

/// The admin re-ran a category's open round (its sealed ballots were lost): the
/// participations of these nominations no longer count, and a new round (a fresh key)
/// begins; the members vote again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundRerun {
    /// The category whose open round was voided.
    pub category_code: String,
    /// The admin's explanation, shown in the audit trail and the chair's progress; required.
    pub reason: String,
    /// The nominations awaiting a vote whose participations were voided.
    pub nomination_ids: Vec<Uuid>,
}

/// The vote on a nomination is to be re-run (a conflict was found after votes were cast):
/// its participations, opened choices and outcome no longer count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRerun {
    /// The nomination voted on again from scratch.
    pub nomination_id: Uuid,
    /// Set by the domain: a conflict found after voting, or cleared after the count.
    pub reason: String,
}

/// A nomination had no eligible member when its round closed: it cannot pass, and the
/// secretariat is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoEligibleVoterFlagged {
    /// The nomination that cannot pass for want of an eligible member.
    pub nomination_id: Uuid,
}

/// The counted result of a nomination's vote, with every number that produced it, so the
/// tally can be checked from the log alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeDecided {
    /// The nomination counted; a later `VoteRerun` voids this outcome.
    pub nomination_id: Uuid,
    /// Its category.
    pub category_code: String,
    /// Recommended, reserve or not recommended.
    pub outcome: Outcome,
    /// 1-based place among the category's passed nominations; `None` if it did not pass.
    #[serde(default)]
    pub rank: Option<u32>,
    /// Approve ballots.
    pub approvals: u32,
    /// Reject ballots.
    pub rejections: u32,
    /// Abstain ballots.
    pub abstentions: u32,
    /// Eligible members (assigned, not recused).
    pub eligible: u32,
    /// The denominator the threshold applied to.
    pub denominator: u32,
    /// Approvals required.
    pub required: u32,
    /// Ballots required for the quorum.
    pub quorum_required: u32,
    /// Whether the quorum was met.
    pub quorum_met: bool,
    /// Whether the rule was met (before the quota).
    pub passed: bool,
}
