//! Review: assignment, conflicts and recusal, scores.

use std::collections::BTreeMap;

use accolade_events::{
    ConflictAutoRaised, ConflictCleared, ConflictDeclared, MemberRecused, NominationStatus as S,
    Phase, ProgrammeEvent, ReviewersAssigned, Role, ScoresRecorded, ScoresRemoved, VoteRerun,
};
use uuid::Uuid;

use super::{ConflictKind, Nomination, Programme, wrong_status};
use crate::context::Context;
use crate::error::{Clash, DomainError, Forbidden, Rule};
use crate::limits;
use crate::rules::assignment::{Slot, assign};
use crate::rules::scoring::validate_sheet;

const REVIEW_PHASES: [Phase; 2] = [Phase::Reviewing, Phase::Voting];

impl Programme {
    /// Assigns reviewers to the panel's eligible nominations that have none. Members whose
    /// affiliation is the nominating agency get an automatic conflict (and are recused) and are
    /// never drawn as one of N reviewers.
    pub(super) fn assign(
        &self,
        panel_id: Uuid,
        seed: u64,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[Phase::Reviewing])?;
        let panel = self
            .panels
            .get(&panel_id)
            .ok_or_else(|| DomainError::not_found("panel", panel_id))?;
        let todo: Vec<&Nomination> = self
            .nominations
            .values()
            .filter(|n| {
                n.status == S::Eligible
                    && !n.assigned
                    && panel.category_codes.contains(&n.category_code)
            })
            .map(|n| &**n)
            .collect();
        if todo.is_empty() {
            return Err(DomainError::conflict(
                Clash::NothingToAssign,
                "no eligible nomination of this panel is waiting for reviewers",
            ));
        }
        let mut out = Vec::new();
        let mut slots = Vec::new();
        for n in &todo {
            let mut candidates = Vec::new();
            for m in &panel.members {
                if m.agency_id == Some(n.agency_id) {
                    if !n.conflicts.contains_key(&m.user_id) {
                        out.push(ProgrammeEvent::from(ConflictAutoRaised {
                            nomination_id: n.id,
                            member_id: m.user_id,
                            agency_id: n.agency_id,
                        }));
                        out.push(ProgrammeEvent::from(MemberRecused {
                            nomination_id: n.id,
                            member_id: m.user_id,
                        }));
                    }
                } else if !n.recused.contains(&m.user_id) {
                    candidates.push(m.user_id);
                }
            }
            slots.push(Slot {
                nomination_id: n.id,
                candidates,
            });
        }
        let assignments = match panel.reviewers_per_nomination {
            // All members: the recused stay assigned (they are panel members, recused from
            // this one), which is what the all-members denominator excludes them from.
            None => todo
                .iter()
                .map(|n| accolade_events::Assignment {
                    nomination_id: n.id,
                    member_ids: panel
                        .members
                        .iter()
                        .map(|m| m.user_id)
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                })
                .collect(),
            Some(per) => assign(&slots, per, seed),
        };
        out.push(ProgrammeEvent::from(ReviewersAssigned {
            panel_id,
            seed,
            per_nomination: panel.reviewers_per_nomination,
            assignments,
        }));
        Ok(out)
    }

    /// The events that follow a member's recusal from `n`: scores removed if they scored; the
    /// vote re-run if they took part in it or it was already counted.
    fn recusal_consequences(n: &Nomination, member: Uuid, out: &mut Vec<ProgrammeEvent>) {
        out.push(ProgrammeEvent::from(MemberRecused {
            nomination_id: n.id,
            member_id: member,
        }));
        if n.scores.contains_key(&member) {
            out.push(ProgrammeEvent::from(ScoresRemoved {
                nomination_id: n.id,
                member_id: member,
                reason: "conflict of interest found after scoring".into(),
            }));
        }
        if n.participants.contains_key(&member) || n.outcome.is_some() {
            out.push(ProgrammeEvent::from(VoteRerun {
                nomination_id: n.id,
                reason: "conflict of interest found after voting".into(),
            }));
        }
    }

    pub(super) fn declare_conflict(
        &self,
        id: Uuid,
        member_id: Option<Uuid>,
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let actor = ctx.actor.require(&[Role::Member, Role::Admin])?;
        let member = match ctx.actor.role() {
            Some(Role::Admin) => member_id
                .ok_or_else(|| DomainError::invalid("member_id", Rule::Required, "required"))?,
            _ => actor,
        };
        self.in_phase(&REVIEW_PHASES)?;
        limits::required("reason", reason, limits::TEXT)?;
        let n = self.nomination(id)?;
        let on_panel = self
            .panel_for(&n.category_code)
            .is_some_and(|p| p.has_member(member));
        if !on_panel {
            return Err(if ctx.actor.role() == Some(Role::Admin) {
                DomainError::invalid(
                    "member_id",
                    Rule::NotAMember,
                    "not a member of this nomination's panel",
                )
            } else {
                Forbidden::NotAssigned.into()
            });
        }
        // Once reviewers are drawn (N per nomination), a panel member not drawn for this one
        // has no part in it: they cannot read it, and recusing them would reset a vote they
        // never counted in. Unassigned access answers as everywhere (not found).
        let concerned =
            !n.assigned || n.reviewers.contains(&member) || n.conflicts.contains_key(&member);
        if !concerned {
            return Err(if ctx.actor.role() == Some(Role::Admin) {
                DomainError::invalid(
                    "member_id",
                    Rule::MemberNotAssigned,
                    "not assigned to this nomination",
                )
            } else {
                Forbidden::NotAssigned.into()
            });
        }
        if n.conflicts.get(&member) == Some(&ConflictKind::Declared) {
            return Ok(vec![]);
        }
        let mut out = vec![ProgrammeEvent::from(ConflictDeclared {
            nomination_id: id,
            member_id: member,
            reason: reason.to_owned(),
        })];
        if !n.recused.contains(&member) {
            Self::recusal_consequences(n, member, &mut out);
        }
        Ok(out)
    }

    pub(super) fn clear_conflict(
        &self,
        id: Uuid,
        member: Uuid,
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&REVIEW_PHASES)?;
        limits::required("reason", reason, limits::TEXT)?;
        let n = self.nomination(id)?;
        match n.conflicts.get(&member) {
            None => Err(DomainError::not_found("conflict", member)),
            Some(ConflictKind::Declared) => Err(DomainError::conflict(
                Clash::DeclaredConflict,
                "a conflict the member declared is theirs; only automatic conflicts can be cleared",
            )),
            Some(ConflictKind::Automatic) => {
                let mut out = vec![ProgrammeEvent::from(ConflictCleared {
                    nomination_id: id,
                    member_id: member,
                    reason: reason.to_owned(),
                })];
                // The member is eligible again: a counted vote had the wrong denominator.
                if n.outcome.is_some() {
                    out.push(ProgrammeEvent::from(VoteRerun {
                        nomination_id: id,
                        reason: "a conflict was cleared after the count".into(),
                    }));
                }
                Ok(out)
            }
        }
    }

    /// The nomination, checked that `member` is assigned to it and not recused.
    pub(super) fn reviewable(&self, id: Uuid, member: Uuid) -> Result<&Nomination, DomainError> {
        let n = self.nomination(id)?;
        if n.recused.contains(&member) {
            return Err(Forbidden::Recused.into());
        }
        if !n.reviewers.contains(&member) {
            return Err(Forbidden::NotAssigned.into());
        }
        Ok(n)
    }

    pub(super) fn record_scores(
        &self,
        id: Uuid,
        scores: &BTreeMap<String, u32>,
        comment: Option<&String>,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let member = ctx.actor.require(&[Role::Member])?;
        self.in_phase(&[Phase::Reviewing])?;
        let n = self.reviewable(id, member)?;
        if n.status != S::Eligible {
            return Err(wrong_status(n, "score", &[S::Eligible]));
        }
        let cat = self.category(&n.category_code)?;
        validate_sheet(&cat.criteria, scores)
            .map_err(|(k, rule, m)| DomainError::invalid(format!("scores.{k}"), rule, m))?;
        limits::cap_opt("comment", comment, limits::TEXT)?;
        let prev = n.scores.get(&member);
        if prev.is_some_and(|p| &p.scores == scores && p.comment.as_ref() == comment) {
            return Ok(vec![]);
        }
        Ok(vec![ProgrammeEvent::from(ScoresRecorded {
            nomination_id: id,
            member_id: member,
            scores: scores.clone(),
            comment: comment.cloned(),
            revision: prev.map_or(1, |p| p.revision + 1),
        })])
    }
}
