//! Applying programme events to state. No rules here, and nothing can fail: an event is a
//! recorded fact. An event naming something unknown (impossible if `decide` made it) is
//! ignored rather than panicking, so a damaged log still folds.

use accolade_events::{NominationStatus as S, ProgrammeEvent as E};
use uuid::Uuid;

use super::index::Entry;
use super::{
    ConflictKind, Nomination, NoticePeriod, Objection, Panel, Programme, Revocation, ScoreSheet,
};

/// Changes one nomination (if known) and keeps the indexes in step with it: every change to
/// a nomination goes through here.
fn with_nomination(p: &mut Programme, id: Uuid, f: impl FnOnce(&mut Nomination)) {
    let Some(n) = p.nominations.get_mut(&id) else {
        return;
    };
    let n = std::sync::Arc::make_mut(n);
    let before = Entry::of(n);
    f(n);
    let after = Entry::of(n);
    p.indexes.update(id, Some(&before), &after);
}

pub(super) fn apply(p: &mut Programme, ev: &E) {
    match ev {
        E::ProgrammeCreated(e) => {
            p.id = Some(e.programme_id);
            p.title.clone_from(&e.title);
            p.year = e.year;
            p.description.clone_from(&e.description);
            p.notice_working_days = e.notice_working_days;
            p.schedule = e.schedule.clone();
            p.holidays = e.holidays.iter().copied().collect();
        }
        E::ProgrammeAmended(e) => {
            if let Some(v) = &e.title {
                p.title.clone_from(v);
            }
            if e.description.is_some() {
                p.description.clone_from(&e.description);
            }
            if let Some(v) = e.notice_working_days {
                p.notice_working_days = v;
            }
            if let Some(v) = &e.schedule {
                p.schedule = v.clone();
            }
            if let Some(v) = &e.holidays {
                p.holidays = v.iter().copied().collect();
            }
        }
        E::CategoryAdded(e) => {
            p.categories
                .insert(e.category.code.clone(), e.category.clone());
        }
        E::CategoryAmended(e) => {
            p.categories
                .insert(e.category.code.clone(), e.category.clone());
        }
        E::PanelFormed(e) => {
            p.panels.insert(
                e.panel_id,
                Panel {
                    id: e.panel_id,
                    name: e.name.clone(),
                    category_codes: e.category_codes.clone(),
                    members: e.members.clone(),
                    chair_id: e.chair_id,
                    reviewers_per_nomination: e.reviewers_per_nomination,
                },
            );
        }
        E::PanelAmended(e) => {
            p.panels.insert(
                e.panel_id,
                Panel {
                    id: e.panel_id,
                    name: e.name.clone(),
                    category_codes: e.category_codes.clone(),
                    members: e.members.clone(),
                    chair_id: e.chair_id,
                    reviewers_per_nomination: e.reviewers_per_nomination,
                },
            );
        }
        E::PhaseMoved(e) => p.phase = e.to,
        E::NominationDrafted(e) => {
            let n = Nomination {
                id: e.nomination_id,
                category_code: e.category_code.clone(),
                agency_id: e.agency_id,
                person_id: e.person_id,
                nominee: e.nominee.clone(),
                lookups: e.lookups.clone(),
                citation: e.citation.clone(),
                achievements: e.achievements.clone(),
                evidence: e.evidence.clone(),
                version: 1,
                status: S::Draft,
                submitted_at: None,
                duplicates: Default::default(),
                assigned: false,
                reviewers: Default::default(),
                conflicts: Default::default(),
                recused: Default::default(),
                scores: Default::default(),
                participants: Default::default(),
                outcome: None,
                no_eligible_voter: false,
                notice: None,
                award_id: None,
                closing_reason: None,
                revocation: None,
            };
            let entry = Entry::of(&n);
            let before = p
                .nominations
                .insert(e.nomination_id, std::sync::Arc::new(n))
                .map(|old| Entry::of(&old));
            p.indexes.update(e.nomination_id, before.as_ref(), &entry);
        }
        E::AwardConferred(e) => {
            p.awards.insert(e.award_id, e.nomination_id);
            with_nomination(p, e.nomination_id, |n| {
                n.award_id = Some(e.award_id);
                n.status = S::Awarded;
            });
        }
        E::DecisionMade(e) => p.decision = Some(e.clone()),
        E::NoticePeriodStarted(e) => {
            let period = NoticePeriod {
                started_on: e.started_on,
                working_days: e.working_days,
                ends_on: e.ends_on,
            };
            match e.nomination_id {
                None => p.notice = Some(period),
                Some(id) => with_nomination(p, id, |n| n.notice = Some(period)),
            }
        }
        E::ObjectionFiled(e) => {
            p.objections.insert(
                e.objection_id,
                Objection {
                    id: e.objection_id,
                    nomination_id: e.nomination_id,
                    resolution: None,
                },
            );
        }
        E::ObjectionResolved(e) => {
            if let Some(o) = p.objections.get_mut(&e.objection_id) {
                o.resolution = Some(e.upheld);
            }
            if e.upheld {
                with_nomination(p, e.nomination_id, |n| {
                    if n.status == S::Recommended {
                        n.status = S::ObjectionUpheld;
                    }
                });
            }
        }
        E::ReviewersAssigned(e) => {
            for a in &e.assignments {
                with_nomination(p, a.nomination_id, |n| {
                    n.assigned = true;
                    n.reviewers = a.member_ids.iter().copied().collect();
                });
            }
        }
        E::RoundClosed(e) => {
            // Counted into `OutcomeDecided`, which follows in the same append. The next vote
            // of the category is a new round.
            *p.rounds.entry(e.category_code.clone()).or_default() += 1;
        }
        E::RoundRerun(e) => {
            *p.rounds.entry(e.category_code.clone()).or_default() += 1;
            for id in &e.nomination_ids {
                with_nomination(p, *id, |n| n.participants.clear());
            }
        }
        E::SecretBallotsOpened(_) => {}
        other => {
            if let Some(id) = other.nomination_id() {
                with_nomination(p, id, |n| apply_to_nomination(n, other));
            }
        }
    }
}

fn apply_to_nomination(n: &mut Nomination, ev: &E) {
    match ev {
        E::NominationAmended(e) => {
            n.person_id = e.person_id;
            n.nominee = e.nominee.clone();
            n.lookups = e.lookups.clone();
            n.citation.clone_from(&e.citation);
            n.achievements.clone_from(&e.achievements);
            n.evidence.clone_from(&e.evidence);
            n.version += 1;
        }
        E::NominationSubmitted(e) => {
            n.status = S::Submitted;
            n.submitted_at.get_or_insert(e.submitted_at);
        }
        E::NominationWithdrawn(e) => {
            n.status = S::Withdrawn;
            n.closing_reason = Some(e.reason.clone());
        }
        E::NominationScreened(e) => {
            n.status = if e.eligible {
                S::Eligible
            } else {
                S::Ineligible
            }
        }
        E::NominationReturned(_) => n.status = S::Returned,
        E::DuplicateNomineeFlagged(e) => {
            n.duplicates.insert(e.other_nomination_id);
        }
        E::ConflictDeclared(e) => {
            n.conflicts.insert(e.member_id, ConflictKind::Declared);
        }
        E::ConflictAutoRaised(e) => {
            n.conflicts.insert(e.member_id, ConflictKind::Automatic);
        }
        E::ConflictCleared(e) => {
            n.conflicts.remove(&e.member_id);
            n.recused.remove(&e.member_id);
        }
        E::MemberRecused(e) => {
            n.recused.insert(e.member_id);
        }
        E::ScoresRecorded(e) => {
            n.scores.insert(
                e.member_id,
                ScoreSheet {
                    scores: e.scores.clone(),
                    comment: e.comment.clone(),
                    revision: e.revision,
                },
            );
        }
        E::ScoresRemoved(e) => {
            n.scores.remove(&e.member_id);
        }
        E::BallotParticipationRecorded(e) => {
            n.participants.insert(e.member_id, None);
        }
        E::OpenBallotCast(e) => {
            n.participants.insert(e.member_id, Some(e.choice));
        }
        E::AbsenteeBallotEntered(e) => {
            n.participants.insert(e.member_id, e.choice);
        }
        E::VoteRerun(_) => {
            n.participants.clear();
            n.outcome = None;
            n.no_eligible_voter = false;
            if matches!(n.status, S::Recommended | S::Reserve | S::NotRecommended) {
                n.status = S::Eligible;
            }
        }
        E::NoEligibleVoterFlagged(_) => n.no_eligible_voter = true,
        E::OutcomeDecided(e) => {
            n.outcome = Some(e.clone());
            n.status = e.outcome.into();
        }
        E::ReservePromoted(_) => n.status = S::Recommended,
        E::NominationDeclined(e) => {
            n.status = S::Declined;
            n.closing_reason = Some(e.reason.clone());
        }
        E::AwardRevoked(e) => {
            n.status = S::Revoked;
            n.revocation = Some(Revocation {
                ground: e.ground,
                decision_no: e.decision_no.clone(),
                decided_on: e.decided_on,
            });
        }
        _ => {}
    }
}
