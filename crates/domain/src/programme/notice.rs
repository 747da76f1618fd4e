//! Public notice: objections from anyone, their resolution, and promoting a reserve (which
//! then needs its own notice).

use accolade_events::{
    NominationStatus as S, NoticePeriodStarted, ObjectionFiled, ObjectionResolved, Personal, Phase,
    ProgrammeEvent, ReservePromoted, Role,
};
use uuid::Uuid;

use super::{FileObjection, Programme, wrong_status};
use crate::context::Context;
use crate::error::{Clash, DomainError, Rule};
use crate::limits;
use crate::rules::names::looks_like_email;
use crate::rules::working_days::period_end;

impl Programme {
    /// A reserve moves up only by this explicit command, only into a free place (fewer
    /// recommended than `max_awards` in its category), and its own notice period starts now.
    pub(super) fn promote(
        &self,
        id: Uuid,
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[Phase::PublicNotice])?;
        limits::required("reason", reason, limits::TEXT)?;
        let n = self.nomination(id)?;
        if n.status != S::Reserve {
            return Err(wrong_status(n, "promote", &[S::Reserve]));
        }
        let cat = self.category(&n.category_code)?;
        let recommended = self
            .nominations
            .values()
            .filter(|o| o.category_code == n.category_code && o.status == S::Recommended)
            .count();
        if recommended >= usize::try_from(cat.max_awards).unwrap_or(usize::MAX) {
            return Err(DomainError::QuotaExceeded(format!(
                "category {} already has {recommended} recommended (max_awards {})",
                n.category_code, cat.max_awards
            )));
        }
        let today = ctx.now.date();
        Ok(vec![
            ProgrammeEvent::from(ReservePromoted {
                nomination_id: id,
                reason: reason.to_owned(),
            }),
            ProgrammeEvent::from(NoticePeriodStarted {
                nomination_id: Some(id),
                started_on: today,
                working_days: self.notice_working_days,
                ends_on: period_end(today, self.notice_working_days, &self.holidays),
            }),
        ])
    }

    /// Anyone may object while the programme is in public notice (even a 0-day period), in
    /// writing, with full name, phone and address.
    pub(super) fn file_objection(
        &self,
        o: &FileObjection,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        self.in_phase(&[Phase::PublicNotice])?;
        if self.objections.contains_key(&o.objection_id) {
            return Err(DomainError::conflict(
                Clash::AlreadyExists,
                format!("objection {} already exists", o.objection_id),
            ));
        }
        let n = self.nomination(o.nomination_id)?;
        if n.status != S::Recommended {
            // Only the published list can be objected to; anything else is not public.
            return Err(DomainError::not_found(
                "nomination on the public-notice list",
                o.nomination_id,
            ));
        }
        limits::required("full_name", &o.objector.full_name, limits::NAME)?;
        limits::required("phone", &o.objector.phone, limits::NAME)?;
        limits::required("address", &o.objector.address, limits::NAME)?;
        limits::required("text", &o.text, limits::TEXT)?;
        if let Some(e) = &o.objector.email
            && !looks_like_email(e)
        {
            return Err(DomainError::invalid(
                "email",
                Rule::NotAnEmail,
                "not an e-mail address",
            ));
        }
        Ok(vec![ProgrammeEvent::from(ObjectionFiled {
            objection_id: o.objection_id,
            nomination_id: o.nomination_id,
            objector_person_id: o.objector_person_id,
            objector: Personal::Open(o.objector.clone()),
            text: o.text.clone(),
            filed_at: ctx.now,
        })])
    }

    pub(super) fn resolve_objection(
        &self,
        id: Uuid,
        upheld: bool,
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[Phase::PublicNotice])?;
        let o = self
            .objections
            .get(&id)
            .ok_or_else(|| DomainError::not_found("objection", id))?;
        if o.resolution.is_some() {
            return Err(DomainError::conflict(
                Clash::AlreadyResolved,
                format!("objection {id} is already resolved"),
            ));
        }
        limits::required("reason", reason, limits::TEXT)?;
        Ok(vec![ProgrammeEvent::from(ObjectionResolved {
            objection_id: id,
            nomination_id: o.nomination_id,
            upheld,
            reason: reason.to_owned(),
        })])
    }

    /// One recorded action for many objections: every one must exist and be open, or nothing
    /// is dismissed, so a half-done batch never needs untangling.
    pub(super) fn dismiss_objections(
        &self,
        ids: &[Uuid],
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        ctx.actor.require(&[Role::Admin])?;
        self.in_phase(&[Phase::PublicNotice])?;
        if ids.is_empty() {
            return Err(DomainError::invalid(
                "objection_ids",
                Rule::TooFew { min: 1 },
                "at least one",
            ));
        }
        if ids.len() > limits::BATCH {
            return Err(DomainError::invalid(
                "objection_ids",
                Rule::TooMany { max: limits::BATCH },
                format!("at most {} at once", limits::BATCH),
            ));
        }
        limits::required("reason", reason, limits::TEXT)?;
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            if !seen.insert(*id) {
                return Err(DomainError::invalid(
                    format!("objection_ids[{i}]"),
                    Rule::Duplicate,
                    "listed twice",
                ));
            }
            let o = self
                .objections
                .get(id)
                .ok_or_else(|| DomainError::not_found("objection", id))?;
            if o.resolution.is_some() {
                return Err(DomainError::conflict(
                    Clash::AlreadyResolved,
                    format!("objection {id} is already resolved"),
                ));
            }
            out.push(ProgrammeEvent::from(ObjectionResolved {
                objection_id: *id,
                nomination_id: o.nomination_id,
                upheld: false,
                reason: reason.to_owned(),
            }));
        }
        Ok(out)
    }
}
