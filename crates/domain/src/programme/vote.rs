//! The vote: ballots (secret by default), absentee written votes, closing a round, outcomes.
//!
//! Under a secret rule this aggregate records only *that* a member took part. The choice goes
//! to the app, which seals it outside the log; at closing the app opens the sealed box and
//! passes the shuffled choices in `CloseRound`. The aggregate checks count of choices = count
//! of participations per nomination, records the batch with no member in it, and counts.
//! See docs/secret-ballot.md.

use std::collections::BTreeMap;

use accolade_events::{
    AbsenteeBallotEntered, BallotParticipationRecorded, Choice, NoEligibleVoterFlagged,
    NominationStatus as S, OpenBallotCast, OpenedChoices, Outcome, OutcomeDecided, Phase,
    ProgrammeEvent, Role, RoundClosed, RoundRerun, SecretBallotsOpened,
};
use uuid::Uuid;

use super::{Nomination, Programme, wrong_status};
use crate::context::Context;
use crate::error::{Clash, DomainError, Forbidden, Rule};
use crate::limits;
use crate::rules::quota::{Candidate, rank};
use crate::rules::scoring::{ScoreSummary, weighted_total};
use crate::rules::threshold::{Tally, evaluate};

fn already_voted() -> DomainError {
    DomainError::conflict(
        Clash::BallotDiffers,
        "a different ballot has already been cast on this nomination; it cannot be changed",
    )
}

/// The one answer to any repeated secret ballot, whatever its choice: built from the
/// participation record alone, so it says nothing about the sealed choice.
fn already_took_part() -> DomainError {
    DomainError::conflict(
        Clash::AlreadyVoted,
        "this member has already taken part in this secret vote; a ballot cannot be cast twice",
    )
}

impl Programme {
    /// Shared by member and absentee ballots: the checks, then the one participation event.
    fn ballot(
        &self,
        id: Uuid,
        member: Uuid,
        choice: Choice,
        absentee: bool,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        self.in_phase(&[Phase::Voting])?;
        let n = self.reviewable(id, member)?;
        if !n.awaiting_vote() {
            return Err(wrong_status(n, "vote", &[S::Eligible]));
        }
        let rule = &self.category(&n.category_code)?.voting;
        if absentee && !rule.absentee_written {
            return Err(DomainError::invalid(
                "member_id",
                Rule::AbsenteeNotAccepted,
                format!(
                    "category {} does not accept absentee written votes",
                    n.category_code
                ),
            ));
        }
        if let Some(recorded) = n.participants.get(&member) {
            // Under a secret rule any repeated ballot is refused from the participation alone,
            // with one answer whatever the choice: comparing it with the sealed one would make
            // this an oracle on the vote. Retries are made safe by `Idempotency-Key`. Under an
            // open rule the choice is public, so the same choice again is harmless.
            return match recorded {
                _ if rule.secret => Err(already_took_part()),
                Some(c) if *c == choice => Ok(vec![]),
                _ => Err(already_voted()),
            };
        }
        let ev = match (rule.secret, absentee) {
            (true, false) => ProgrammeEvent::from(BallotParticipationRecorded {
                nomination_id: id,
                member_id: member,
            }),
            (false, false) => ProgrammeEvent::from(OpenBallotCast {
                nomination_id: id,
                member_id: member,
                choice,
            }),
            (secret, true) => ProgrammeEvent::from(AbsenteeBallotEntered {
                nomination_id: id,
                member_id: member,
                choice: (!secret).then_some(choice),
            }),
        };
        Ok(vec![ev])
    }

    pub(super) fn cast_ballot(
        &self,
        id: Uuid,
        choice: Choice,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let member = ctx.actor.require(&[Role::Member])?;
        self.ballot(id, member, choice, false)
    }

    pub(super) fn absentee_ballot(
        &self,
        id: Uuid,
        member: Uuid,
        choice: Choice,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.ballot(id, member, choice, true)
    }

    /// The way out of a lost ballot box: void the open round's participations and start a
    /// new round generation. Recorded with its reason; the members vote again.
    pub(super) fn rerun_round(
        &self,
        code: &str,
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[Phase::Voting])?;
        self.category(code)?;
        limits::required("reason", reason, limits::TEXT)?;
        let nomination_ids = self.pending_votes(code);
        if nomination_ids.is_empty() {
            return Err(DomainError::conflict(
                Clash::NoOpenVote,
                format!("no vote is open in category {code}"),
            ));
        }
        Ok(vec![ProgrammeEvent::from(RoundRerun {
            category_code: code.to_owned(),
            reason: reason.to_owned(),
            nomination_ids,
        })])
    }

    fn score_summary(&self, n: &Nomination) -> ScoreSummary {
        let criteria = self
            .categories
            .get(&n.category_code)
            .map(|c| c.criteria.as_slice())
            .unwrap_or(&[]);
        ScoreSummary::of(
            n.scores
                .values()
                .map(|s| weighted_total(criteria, &s.scores)),
        )
    }

    pub(super) fn close_round(
        &self,
        code: &str,
        opened: &BTreeMap<Uuid, Vec<Choice>>,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let actor = ctx.actor.require(&[Role::Admin, Role::Member])?;
        self.in_phase(&[Phase::Voting])?;
        let cat = self.category(code)?;
        let is_chair = self.panel_for(code).is_some_and(|p| p.chair_id == actor);
        if ctx.actor.role() != Some(Role::Admin) && !is_chair {
            return Err(Forbidden::NotChair.into());
        }
        let pending: Vec<&Nomination> = self
            .nominations
            .values()
            .filter(|n| n.category_code == code && n.awaiting_vote())
            .map(|n| &**n)
            .collect();
        if pending.is_empty() {
            return Err(DomainError::conflict(
                Clash::NoOpenVote,
                format!("no vote is open in category {code}"),
            ));
        }
        if let Some(stray) = opened.keys().find(|k| !pending.iter().any(|n| n.id == **k)) {
            return Err(DomainError::invalid(
                "opened",
                Rule::StrayOpening,
                format!("nomination {stray} has no open vote in {code}"),
            ));
        }
        // The fresh tallies, checked against participations.
        let mut tallies: BTreeMap<Uuid, Tally> = BTreeMap::new();
        let mut batches = Vec::new();
        for n in &pending {
            let tally = if cat.voting.secret {
                let choices = opened.get(&n.id).map(Vec::as_slice).unwrap_or(&[]);
                if choices.len() != n.participants.len() {
                    return Err(DomainError::invalid(
                        "opened",
                        Rule::OpenedCountMismatch {
                            opened: choices.len(),
                            participations: n.participants.len(),
                        },
                        format!(
                            "nomination {}: {} choice(s) opened for {} participation(s)",
                            n.id,
                            choices.len(),
                            n.participants.len()
                        ),
                    ));
                }
                batches.push(OpenedChoices {
                    nomination_id: n.id,
                    choices: choices.to_vec(),
                });
                Tally::count(choices)
            } else {
                if opened.contains_key(&n.id) {
                    return Err(DomainError::invalid(
                        "opened",
                        Rule::NothingSealed,
                        "an open ballot has nothing to open",
                    ));
                }
                Tally::count(n.participants.values().flatten())
            };
            tallies.insert(n.id, tally);
        }
        let mut out = vec![ProgrammeEvent::from(RoundClosed {
            category_code: code.to_owned(),
            nomination_ids: pending.iter().map(|n| n.id).collect(),
        })];
        if cat.voting.secret {
            out.push(ProgrammeEvent::from(SecretBallotsOpened {
                category_code: code.to_owned(),
                batches,
            }));
        }
        // Evaluate the fresh ones; keep earlier counts of the category (a re-run reopens only
        // its own nomination) and rank every passed one together.
        let mut results: Vec<OutcomeDecided> = Vec::new();
        for n in self
            .nominations
            .values()
            .filter(|n| n.category_code == code)
        {
            if let Some(t) = tallies.get(&n.id) {
                let eligible = u32::try_from(n.eligible_voters().len()).unwrap_or(u32::MAX);
                if eligible == 0 {
                    out.push(ProgrammeEvent::from(NoEligibleVoterFlagged {
                        nomination_id: n.id,
                    }));
                }
                let r = evaluate(&cat.voting, eligible, *t);
                results.push(OutcomeDecided {
                    nomination_id: n.id,
                    category_code: code.to_owned(),
                    outcome: Outcome::NotRecommended,
                    rank: None,
                    approvals: t.approve,
                    rejections: t.reject,
                    abstentions: t.abstain,
                    eligible,
                    denominator: r.denominator,
                    required: r.required,
                    quorum_required: r.quorum_required,
                    quorum_met: r.quorum_met,
                    passed: r.passed,
                });
            } else if let (Some(o), S::Recommended | S::Reserve | S::NotRecommended) =
                (&n.outcome, n.status)
            {
                results.push(o.clone());
            }
        }
        let candidates: Vec<Candidate> = results
            .iter()
            .filter(|o| o.passed)
            .filter_map(|o| self.nominations.get(&o.nomination_id).map(|n| (o, n)))
            .map(|(o, n)| Candidate {
                nomination_id: n.id,
                approvals: o.approvals,
                score: self.score_summary(n),
                submitted_at: n.submitted_at.unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
            })
            .collect();
        let ranked = rank(candidates, cat.max_awards);
        for mut o in results {
            let (outcome, r) = ranked
                .iter()
                .find(|r| r.nomination_id == o.nomination_id)
                .map_or((Outcome::NotRecommended, None), |r| {
                    (r.outcome, Some(r.rank))
                });
            o.outcome = outcome;
            o.rank = r;
            let before = self
                .nominations
                .get(&o.nomination_id)
                .and_then(|n| n.outcome.as_ref());
            if before != Some(&o) {
                out.push(ProgrammeEvent::from(o));
            }
        }
        Ok(out)
    }
}
