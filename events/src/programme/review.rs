//! Review events: assignment, conflicts and recusal, scores.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The members assigned to one nomination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// A nomination of one of the panel's categories, eligible when the draw ran.
    pub nomination_id: Uuid,
    /// Its reviewers, sorted.
    pub member_ids: Vec<Uuid>,
}

/// Reviewers were assigned to a panel's eligible nominations.
///
/// The result is recorded whole (replay never re-runs the draw) and so is the seed, so anyone
/// can re-run the draw and check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewersAssigned {
    /// Whose members were drawn, for the nominations of its categories.
    pub panel_id: Uuid,
    /// The seed of the load-balancing draw (splitmix64, see the domain's `rules::assignment`).
    pub seed: u64,
    /// `None`: all members; `Some(n)`: n per nomination.
    #[serde(default)]
    pub per_nomination: Option<u32>,
    /// Who reviews what: one entry per nomination drawn, recomputable from `seed`.
    pub assignments: Vec<Assignment>,
}

/// A member declared a conflict of interest (or the secretariat recorded one found later).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictDeclared {
    /// A nomination the member is assigned to (or, before the draw, one of their panel's).
    pub nomination_id: Uuid,
    /// The conflicted member.
    pub member_id: Uuid,
    /// Free text; seen by the secretariat and the member, not by the agency or the authority.
    pub reason: String,
}

/// A conflict was raised automatically: the member's affiliation is the nominating agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictAutoRaised {
    /// A nomination of the member's panel, drafted by the agency the member is affiliated with.
    pub nomination_id: Uuid,
    /// The panel member affiliated with the nominating agency.
    pub member_id: Uuid,
    /// The shared agency.
    pub agency_id: Uuid,
}

/// The secretariat cleared an automatic conflict; the member takes part again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictCleared {
    /// The nomination whose automatic conflict is cleared.
    pub nomination_id: Uuid,
    /// The member who may review it again.
    pub member_id: Uuid,
    /// The recorded reason.
    pub reason: String,
}

/// The member is recused from the nomination: cannot read, score or vote, and leaves the
/// vote's denominator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecused {
    /// The nomination the member may no longer read, score or vote on.
    pub nomination_id: Uuid,
    /// The recused panel member.
    pub member_id: Uuid,
}

/// A member's score sheet for a nomination. A revision is a new event with a higher
/// `revision`; the latest counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoresRecorded {
    /// A nomination the member is assigned to and not recused from.
    pub nomination_id: Uuid,
    /// The member who scored; one sheet per member, the latest revision counting.
    pub member_id: Uuid,
    /// Score per criterion key, each `0..=max`.
    pub scores: BTreeMap<String, u32>,
    /// The member's remarks, if any; seen by the secretariat and the member, not by the chair.
    #[serde(default)]
    pub comment: Option<String>,
    /// 1 for the first sheet, then 2, 3, ...
    pub revision: u32,
}

/// A member's scores were removed because a conflict was found after scoring; the ranking is
/// recomputed without them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoresRemoved {
    /// The nomination whose ranking is recomputed.
    pub nomination_id: Uuid,
    /// The member whose sheets no longer count.
    pub member_id: Uuid,
    /// Set by the domain ("conflict of interest found after scoring").
    pub reason: String,
}
