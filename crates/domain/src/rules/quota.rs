//! Ranking past the quota: which passed nominations are recommended and which are reserve.
//!
//! Order: approvals (more first), then raw weighted mean score (higher first), then first
//! submission (earlier first), then nomination id (smaller first, so the order is total and
//! no two replays can disagree). The first `max_awards` are recommended, the rest reserve.

use std::cmp::Ordering;

use accolade_events::Outcome;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::rules::scoring::ScoreSummary;

/// A nomination that passed its vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The last tie-breaker: the smaller id ranks first.
    pub nomination_id: Uuid,
    /// Its approvals.
    pub approvals: u32,
    /// Its scores.
    pub score: ScoreSummary,
    /// Its first submission.
    pub submitted_at: OffsetDateTime,
}

/// A candidate's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    /// Which candidate this place is for.
    pub nomination_id: Uuid,
    /// 1-based rank.
    pub rank: u32,
    /// Recommended or reserve.
    pub outcome: Outcome,
}

/// The ranking order (best first).
pub fn compare(a: &Candidate, b: &Candidate) -> Ordering {
    b.approvals
        .cmp(&a.approvals)
        .then_with(|| b.score.cmp_mean(&a.score))
        .then_with(|| a.submitted_at.cmp(&b.submitted_at))
        .then_with(|| a.nomination_id.cmp(&b.nomination_id))
}

/// Ranks passed candidates; the result does not depend on the input order.
pub fn rank(mut candidates: Vec<Candidate>, max_awards: u32) -> Vec<Ranked> {
    candidates.sort_by(compare);
    candidates
        .iter()
        .zip(1u32..)
        .map(|(c, rank)| Ranked {
            nomination_id: c.nomination_id,
            rank,
            outcome: if rank <= max_awards {
                Outcome::Recommended
            } else {
                Outcome::Reserve
            },
        })
        .collect()
}
