//! The vote rule in whole numbers, exactly as DOMAIN.md states it.
//!
//! `required = ceil(num × D / den)`, or `floor(num × D / den) + 1` when strict; D is the
//! eligible members (`all_members`) or approve + reject (`votes_cast`); the quorum is
//! `ceil(qnum × E / qden)` of eligible members casting any ballot. Integer arithmetic in u64
//! so 2/3 and "more than half" are exact and nothing overflows for any u32 input.

use accolade_events::{Choice, Denominator, Ratio, Threshold, VotingRule};
use serde::{Deserialize, Serialize};

/// The ballots counted for one nomination.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Approve ballots.
    pub approve: u32,
    /// Reject ballots.
    pub reject: u32,
    /// Abstain ballots.
    pub abstain: u32,
}

impl Tally {
    /// Counts a list of choices (in any order: the result cannot depend on it).
    pub fn count<'a>(choices: impl IntoIterator<Item = &'a Choice>) -> Tally {
        let mut t = Tally::default();
        for c in choices {
            t.add(*c);
        }
        t
    }

    /// Adds one ballot (saturating: a panel never has 4 billion members, and a count that
    /// cannot wrap cannot turn a rejection into a pass).
    pub fn add(&mut self, c: Choice) {
        let n = match c {
            Choice::Approve => &mut self.approve,
            Choice::Reject => &mut self.reject,
            Choice::Abstain => &mut self.abstain,
        };
        *n = n.saturating_add(1);
    }

    /// Every ballot, abstentions included (what the quorum counts), saturating.
    pub fn cast(&self) -> u32 {
        self.approve
            .saturating_add(self.reject)
            .saturating_add(self.abstain)
    }
}

/// The outcome of applying a rule to a tally, with every number that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteResult {
    /// The denominator the threshold applied to.
    pub denominator: u32,
    /// Approvals required.
    pub required: u32,
    /// Ballots required for the quorum.
    pub quorum_required: u32,
    /// Whether the quorum was met.
    pub quorum_met: bool,
    /// Whether the nomination passed.
    pub passed: bool,
}

fn div_ceil(a: u64, b: u64) -> u64 {
    a.div_ceil(b)
}

fn clamp(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Approvals required for `threshold` of `d`. A zero denominator in the rule (refused by
/// validation) is read as 1 rather than dividing by zero.
pub fn required(threshold: Threshold, d: u32) -> u32 {
    let num = u64::from(threshold.num) * u64::from(d);
    let den = u64::from(threshold.den.max(1));
    if threshold.strict {
        clamp(num / den + 1)
    } else {
        clamp(div_ceil(num, den))
    }
}

/// Ballots required for the quorum of `eligible` members; 0 when there is no quorum rule.
pub fn quorum_required(quorum: Option<Ratio>, eligible: u32) -> u32 {
    match quorum {
        None => 0,
        Some(q) => clamp(div_ceil(
            u64::from(q.num) * u64::from(eligible),
            u64::from(q.den.max(1)),
        )),
    }
}

/// Applies `rule` to `tally` given `eligible` members (assigned, not recused).
///
/// With no eligible member nothing can pass, whatever the tally says.
pub fn evaluate(rule: &VotingRule, eligible: u32, tally: Tally) -> VoteResult {
    let denominator = match rule.denominator {
        Denominator::AllMembers => eligible,
        Denominator::VotesCast => tally.approve.saturating_add(tally.reject),
    };
    let required = required(rule.threshold, denominator);
    let quorum_required = quorum_required(rule.quorum, eligible);
    let quorum_met = tally.cast() >= quorum_required;
    let passed = eligible > 0 && tally.approve >= required && tally.approve >= 1 && quorum_met;
    VoteResult {
        denominator,
        required,
        quorum_required,
        quorum_met,
        passed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(num: u32, den: u32, strict: bool) -> Threshold {
        Threshold { num, den, strict }
    }

    #[test]
    fn worked_examples_from_the_domain() {
        assert_eq!(required(t(9, 10, false), 9), 9);
        assert_eq!(required(t(1, 2, true), 10), 6);
        assert_eq!(required(t(2, 3, false), 9), 6);
        assert_eq!(required(t(u32::MAX, 1, true), u32::MAX), u32::MAX);
    }
}
