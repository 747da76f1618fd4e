//! Nominations by agencies: draft, amend, submit (quota, prerequisite, duplicates), withdraw.
//!
//! Agency scoping: a clerk or head acts only on their own agency's nominations. That no agency
//! *sees* another's drafts is enforced on the read side ([`Programme::visible_to`]).

use accolade_events::{
    AwardRecord, DuplicateNomineeFlagged, NominationAmended, NominationDrafted,
    NominationStatus as S, NominationSubmitted, NominationWithdrawn, Personal, Phase,
    ProgrammeEvent, Role,
};
use uuid::Uuid;

use super::index::out_of_play;
use super::{NominationContent, Programme, wrong_status};
use crate::context::Context;
use crate::error::{Clash, DomainError, Rule};
use crate::limits;
use crate::rules::links::is_web_url;
use crate::rules::names::{duplicate_basis, looks_like_email, looks_like_national_id};
use crate::rules::prerequisite::held_consecutively;

impl Programme {
    fn check_content(&self, category_code: &str, c: &NominationContent) -> Result<(), DomainError> {
        let cat = self.category(category_code)?;
        if c.nominee.kind != cat.nominee_kind {
            return Err(DomainError::invalid(
                "nominee.kind",
                Rule::WrongNomineeKind {
                    expected: cat.nominee_kind,
                },
                format!(
                    "category {category_code} is for {} nominees",
                    cat.nominee_kind
                ),
            ));
        }
        limits::required("nominee.full_name", &c.nominee.full_name, limits::NAME)?;
        limits::cap_opt(
            "nominee.position",
            c.nominee.position.as_ref(),
            limits::NAME,
        )?;
        limits::required(
            "nominee.organisation",
            &c.nominee.organisation,
            limits::NAME,
        )?;
        limits::cap_opt(
            "nominee.province",
            c.nominee.province.as_ref(),
            limits::NAME,
        )?;
        if let Some(e) = &c.nominee.email
            && !looks_like_email(e)
        {
            return Err(DomainError::invalid(
                "nominee.email",
                Rule::NotAnEmail,
                "not an e-mail address",
            ));
        }
        if let Some(id) = &c.nominee.national_id
            && !looks_like_national_id(id)
        {
            return Err(DomainError::invalid(
                "nominee.national_id",
                Rule::NotANationalId,
                "a national id number has 12 digits (CCCD) or 9 (CMND)",
            ));
        }
        if let Some(y) = c.nominee.birth_year
            && !(1900..=self.year).contains(&y)
        {
            return Err(DomainError::invalid(
                "nominee.birth_year",
                Rule::OutOfRange {
                    min: 1900,
                    max: i64::from(self.year),
                },
                "out of range",
            ));
        }
        limits::required("citation", &c.citation, limits::CITATION)?;
        limits::required("achievements", &c.achievements, limits::ACHIEVEMENTS)?;
        for (i, e) in c.evidence.iter().enumerate() {
            limits::required(&format!("evidence[{i}].title"), &e.title, limits::NAME)?;
            let field = format!("evidence[{i}].url");
            limits::required(&field, &e.url, limits::URL)?;
            if !is_web_url(&e.url) {
                return Err(DomainError::invalid(
                    field,
                    Rule::BadUrl,
                    "must be an absolute http:// or https:// URL",
                ));
            }
        }
        Ok(())
    }

    pub(super) fn draft(
        &self,
        nomination_id: Uuid,
        category_code: &str,
        c: &NominationContent,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let (_, agency_id) = ctx.actor.require_agency(&[Role::Clerk, Role::Head])?;
        self.in_phase(&[Phase::Nominating])?;
        if self.nominations.contains_key(&nomination_id) {
            return Err(DomainError::conflict(
                Clash::AlreadyExists,
                format!("nomination {nomination_id} already exists"),
            ));
        }
        self.check_content(category_code, c)?;
        Ok(vec![ProgrammeEvent::from(NominationDrafted {
            nomination_id,
            category_code: category_code.to_owned(),
            agency_id,
            person_id: c.person_id,
            nominee: Personal::Open(c.nominee.clone()),
            lookups: c.lookups.clone(),
            linked: c.linked,
            citation: c.citation.clone(),
            achievements: c.achievements.clone(),
            evidence: c.evidence.clone(),
        })])
    }

    pub(super) fn amend_nomination(
        &self,
        id: Uuid,
        c: &NominationContent,
        expected_version: Option<u32>,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let (_, agency) = ctx.actor.require_agency(&[Role::Clerk, Role::Head])?;
        let n = self.own_nomination(id, agency)?;
        if let Some(expected) = expected_version
            && expected != n.version
        {
            return Err(DomainError::VersionMismatch {
                expected: u64::from(expected),
                current: u64::from(n.version),
            });
        }
        match (n.status, self.phase) {
            (S::Draft, Phase::Nominating) | (S::Returned, Phase::Screening) => {}
            (S::Draft, _) => {
                return Err(DomainError::wrong_phase(self.phase, &[Phase::Nominating]));
            }
            (S::Returned, _) => {
                return Err(DomainError::wrong_phase(self.phase, &[Phase::Screening]));
            }
            _ => return Err(wrong_status(n, "amend", &[S::Draft, S::Returned])),
        }
        self.check_content(&n.category_code, c)?;
        // The state holds the nominee sealed: the whole-record lookup tells "unchanged" apart.
        let unchanged = n.person_id == c.person_id
            && c.lookups.record.is_some()
            && n.lookups == c.lookups
            && n.citation == c.citation
            && n.achievements == c.achievements
            && n.evidence == c.evidence;
        if unchanged {
            return Ok(vec![]);
        }
        Ok(vec![ProgrammeEvent::from(NominationAmended {
            nomination_id: id,
            person_id: c.person_id,
            nominee: Personal::Open(c.nominee.clone()),
            lookups: c.lookups.clone(),
            linked: c.linked,
            citation: c.citation.clone(),
            achievements: c.achievements.clone(),
            evidence: c.evidence.clone(),
        })])
    }

    /// Submission. The per-agency quota rule: an agency may have at most `max_per_agency`
    /// nominations *in play* in a category (submitted or beyond, not withdrawn, not found
    /// ineligible); the submission that would exceed it is refused, so the agency chooses which
    /// to withdraw. A returned nomination keeps its place, so resubmitting it is never refused
    /// for the quota.
    pub(super) fn submit(
        &self,
        id: Uuid,
        history: &[AwardRecord],
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let (_, agency) = ctx.actor.require_agency(&[Role::Head])?;
        let n = self.own_nomination(id, agency)?;
        let resubmission = match (n.status, self.phase) {
            (S::Draft, Phase::Nominating) => false,
            (S::Returned, Phase::Screening) => true,
            (S::Draft, _) => {
                return Err(DomainError::wrong_phase(self.phase, &[Phase::Nominating]));
            }
            (S::Returned, _) => {
                return Err(DomainError::wrong_phase(self.phase, &[Phase::Screening]));
            }
            _ => return Err(wrong_status(n, "submit", &[S::Draft, S::Returned])),
        };
        let cat = self.category(&n.category_code)?;
        if let Some(max) = cat.max_per_agency {
            // The others in play: the index counts this one too when it is (returned).
            let own = u32::from(!out_of_play(n.status));
            let in_play = self
                .indexes
                .in_play(agency, &n.category_code)
                .saturating_sub(own);
            if !resubmission && in_play >= max {
                return Err(DomainError::QuotaExceeded(format!(
                    "the agency already has {in_play} nomination(s) in category {} (at most {max})",
                    n.category_code
                )));
            }
        }
        if let Some(pre) = &cat.prerequisite
            && !held_consecutively(
                history,
                n.person_id,
                &pre.award_title,
                pre.consecutive_years,
                self.year,
            )
        {
            return Err(DomainError::PrerequisiteNotMet(format!(
                "the nominee must have held \"{}\" in {} consecutive year(s) before {}",
                pre.award_title, pre.consecutive_years, self.year
            )));
        }
        let mut out = vec![ProgrammeEvent::from(NominationSubmitted {
            nomination_id: id,
            submitted_at: ctx.now,
            resubmission,
        })];
        let sharing = self.indexes.sharing_keys(n.person_id, &n.lookups);
        for other in sharing.iter().filter_map(|o| self.nominations.get(o)) {
            if other.id == id
                || other.agency_id == agency
                || out_of_play(other.status)
                || n.duplicates.contains(&other.id)
            {
                continue;
            }
            if let Some(basis) =
                duplicate_basis((n.person_id, &n.lookups), (other.person_id, &other.lookups))
            {
                out.push(ProgrammeEvent::from(DuplicateNomineeFlagged {
                    nomination_id: id,
                    other_nomination_id: other.id,
                    basis,
                }));
            }
        }
        Ok(out)
    }

    pub(super) fn withdraw(
        &self,
        id: Uuid,
        reason: &str,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        let (_, agency) = ctx.actor.require_agency(&[Role::Head])?;
        let n = self.own_nomination(id, agency)?;
        if self.decision.is_some() || self.phase >= Phase::Published {
            return Err(DomainError::conflict(
                Clash::AlreadyDecided,
                "the decision has been made; nothing can be withdrawn",
            ));
        }
        if matches!(
            n.status,
            S::Withdrawn | S::Awarded | S::Declined | S::Revoked
        ) {
            return Err(wrong_status(
                n,
                "withdraw",
                &[
                    S::Draft,
                    S::Submitted,
                    S::Eligible,
                    S::Recommended,
                    S::Reserve,
                ],
            ));
        }
        limits::required("reason", reason, limits::TEXT)?;
        Ok(vec![ProgrammeEvent::from(NominationWithdrawn {
            nomination_id: id,
            reason: reason.to_owned(),
        })])
    }
}
