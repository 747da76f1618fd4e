//! The authority's decision (conferral, declines) and revocation.

use std::collections::BTreeSet;

use accolade_events::{
    AwardConferred, AwardRevoked, DecisionMade, NominationDeclined, NominationStatus as S,
    Personal, Phase, ProgrammeEvent, PublicHolder, RevocationGround, Role,
};
use time::Date;
use uuid::Uuid;

use super::{Decline, Programme, wrong_status};
use crate::context::{Context, derive_id};
use crate::error::{Clash, DomainError, Rule};
use crate::limits;

impl Programme {
    /// Confers every recommended nomination not declined. Award ids derive from the nomination
    /// id (one nomination, at most one award), so they need no id source and replay the same.
    pub(super) fn decide_awards(
        &self,
        decision_no: &str,
        decided_on: Date,
        signer: &str,
        declined: &[Decline],
        holders: &std::collections::BTreeMap<Uuid, PublicHolder>,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Authority])?;
        self.in_phase(&[Phase::Deciding])?;
        if self.decision.is_some() {
            return Err(DomainError::conflict(
                Clash::AlreadyDecided,
                "the decision has already been made",
            ));
        }
        limits::required("decision_no", decision_no, limits::NAME)?;
        limits::required("signer", signer, limits::NAME)?;
        let mut declined_ids = BTreeSet::new();
        let mut out = vec![ProgrammeEvent::from(DecisionMade {
            decision_no: decision_no.trim().to_owned(),
            decided_on,
            signer: signer.trim().to_owned(),
        })];
        for (i, d) in declined.iter().enumerate() {
            let n = self.nomination(d.nomination_id)?;
            if n.status != S::Recommended {
                return Err(wrong_status(n, "decline", &[S::Recommended]));
            }
            limits::required(&format!("declined[{i}].reason"), &d.reason, limits::TEXT)?;
            if !declined_ids.insert(n.id) {
                return Err(DomainError::invalid(
                    format!("declined[{i}]"),
                    Rule::Duplicate,
                    "listed twice",
                ));
            }
            out.push(ProgrammeEvent::from(NominationDeclined {
                nomination_id: n.id,
                reason: d.reason.clone(),
            }));
        }
        for n in self
            .nominations
            .values()
            .filter(|n| n.status == S::Recommended && !declined_ids.contains(&n.id))
        {
            let award_title = self.category(&n.category_code)?.award_title.clone();
            let Some(holder) = holders.get(&n.id) else {
                return Err(DomainError::conflict_on(
                    "declined",
                    Clash::PersonErased,
                    format!(
                        "the nominee of nomination {} was erased: decline it with a reason",
                        n.id
                    ),
                ));
            };
            out.push(ProgrammeEvent::from(AwardConferred {
                award_id: derive_id("accolade/award", n.id),
                nomination_id: n.id,
                category_code: n.category_code.clone(),
                award_title,
                person_id: n.person_id,
                holder: Personal::Open(holder.clone()),
                decision_no: decision_no.trim().to_owned(),
                decided_on,
            }));
        }
        Ok(out)
    }

    pub(super) fn revoke(
        &self,
        award_id: Uuid,
        ground: RevocationGround,
        decision_no: &str,
        decided_on: Date,
        note: &Option<String>,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Authority])?;
        let nomination_id = *self
            .awards
            .get(&award_id)
            .ok_or_else(|| DomainError::not_found("award", award_id))?;
        let n = self.nomination(nomination_id)?;
        if n.status != S::Awarded {
            return Err(wrong_status(n, "revoke", &[S::Awarded]));
        }
        limits::required("decision_no", decision_no, limits::NAME)?;
        limits::cap_opt("note", note.as_ref(), limits::TEXT)?;
        if let Some(d) = &self.decision
            && decided_on < d.decided_on
        {
            return Err(DomainError::invalid(
                "decided_on",
                Rule::BeforeDecision,
                "a revocation cannot precede the conferring decision",
            ));
        }
        Ok(vec![ProgrammeEvent::from(AwardRevoked {
            award_id,
            nomination_id,
            ground,
            decision_no: decision_no.trim().to_owned(),
            decided_on,
            note: note.clone(),
        })])
    }
}
