//! The programme aggregate (stream `programme-<uuid>`): one edition of an award, whole.
//!
//! One aggregate for the whole cycle because its rules are programme-wide: per-agency quotas
//! and duplicate checks span nominations, phase gates span everything, a tally needs the panel,
//! the recusals and every ballot, and a quota ranking needs the whole category. One stream
//! gives all of that one consistent version to append against (docs/adr/0014-write-path.md).
//! A national round has tens of thousands of nominations: the state is held in persistent
//! maps (cloned in O(1)) and per-nomination rules read indexes (`index`), so a command costs
//! the same whatever the programme's size.
//!
//! The code is split by area, one file each: `setup` (programme, categories, panels),
//! `phase` (moves and gates), `nomination`, `screening`, `review` (assignment, conflicts,
//! scores), `vote`, `notice` (objections, promotion), `decision` (conferral, revocation);
//! `evolve` applies events and holds no rules.

mod command;
mod decision;
mod evolve;
mod index;
mod nomination;
mod notice;
mod phase;
mod review;
mod screening;
mod setup;
mod vote;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use imbl::OrdMap;

pub use command::*;
pub use index::Indexes;

use accolade_events::{
    Category, Choice, DecisionMade, Evidence, NominationStatus, Nominee, NomineeLookups,
    OutcomeDecided, PanelMember, Personal, Phase, ProgrammeEvent, RevocationGround, Schedule,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::aggregate::Aggregate;
use crate::context::Context;
use crate::error::{DomainError, Forbidden};

/// The state of a programme, folded from its events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Programme {
    /// `None` until created.
    pub id: Option<Uuid>,
    /// As created or last amended; shown on every page and mail of the programme.
    pub title: String,
    /// Year of the edition.
    pub year: i32,
    /// Free text for the programme page, as created or last amended.
    pub description: Option<String>,
    /// Working days of public notice.
    pub notice_working_days: u32,
    /// The date each phase ends.
    pub schedule: Schedule,
    /// Holidays skipped when counting working days.
    pub holidays: BTreeSet<Date>,
    /// Current phase.
    pub phase: Phase,
    /// Categories by code.
    pub categories: BTreeMap<String, Category>,
    /// Panels by id.
    pub panels: BTreeMap<Uuid, Panel>,
    /// Nominations by id. A persistent map of shared nominations: cloning the state (the
    /// app does, per command) shares every nomination instead of copying it, and changing one
    /// copies a few tree nodes of pointers and that one nomination, never its neighbours.
    pub nominations: OrdMap<Uuid, Arc<Nomination>>,
    /// Objections by id.
    pub objections: OrdMap<Uuid, Objection>,
    /// The list's notice period, once public notice began.
    pub notice: Option<NoticePeriod>,
    /// The authority's decision, once made.
    pub decision: Option<DecisionMade>,
    /// Award id -> nomination id.
    pub awards: OrdMap<Uuid, Uuid>,
    /// Per category, the generation of its current voting round: the number of closes and
    /// re-runs so far. The app keys a round's sealed box by it, so a new round never reuses
    /// a past round's file and every past generation can be destroyed without racing the
    /// live one.
    pub rounds: BTreeMap<String, u32>,
    /// What per-nomination commands look up instead of scanning (kept by `evolve`).
    indexes: Indexes,
}

/// A review panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    /// Given by the app when the panel was formed; kept through amendments.
    pub id: Uuid,
    /// Shown to its members and the secretariat.
    pub name: String,
    /// Categories reviewed.
    pub category_codes: Vec<String>,
    /// Members and affiliations.
    pub members: Vec<PanelMember>,
    /// One of `members`: closes the panel's rounds and sees its categories' progress and tally.
    pub chair_id: Uuid,
    /// Reviewers per nomination (`None`: all).
    pub reviewers_per_nomination: Option<u32>,
}

impl Panel {
    /// Whether `user` is a member.
    pub fn has_member(&self, user: Uuid) -> bool {
        self.members.iter().any(|m| m.user_id == user)
    }
}

/// How a conflict arose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// Declared by the member or recorded by the secretariat.
    Declared,
    /// Raised from the member's affiliation; the secretariat may clear it.
    Automatic,
}

/// A member's latest score sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreSheet {
    /// Score per criterion.
    pub scores: BTreeMap<String, u32>,
    /// The member's remarks, if any (seen by the secretariat and the member only).
    pub comment: Option<String>,
    /// Revision number.
    pub revision: u32,
}

/// A notice period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticePeriod {
    /// Day of publication.
    pub started_on: Date,
    /// Working days.
    pub working_days: u32,
    /// Last day, as published in `NoticePeriodStarted`.
    pub ends_on: Date,
}

impl NoticePeriod {
    /// Whether the period has run by `today`: once its published last day is over (at once
    /// for 0 working days). The published `ends_on` is the promise made to the public; it is
    /// never recomputed from holidays amended afterwards.
    pub fn has_run(&self, today: Date) -> bool {
        self.working_days == 0 || today > self.ends_on
    }
}

/// An award's revocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    /// The statutory ground cited by the revoking decision.
    pub ground: RevocationGround,
    /// Decision number.
    pub decision_no: String,
    /// The revoking decision's date.
    pub decided_on: Date,
}

/// A nomination and everything that happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nomination {
    /// Given by the app when drafted; the award conferred for it derives its id from it.
    pub id: Uuid,
    /// The code of its category in this programme; fixed once drafted.
    pub category_code: String,
    /// Nominating agency.
    pub agency_id: Uuid,
    /// Nominee's person id.
    pub person_id: Uuid,
    /// Nominee (latest version), sealed as stored: the domain decides on lookups, never on
    /// the nominee's plaintext.
    pub nominee: Personal<Nominee>,
    /// The nominee's keyed hashes (latest version), for the duplicate check.
    pub lookups: NomineeLookups,
    /// Citation (latest version).
    pub citation: String,
    /// Achievements (latest version).
    pub achievements: String,
    /// Evidence (latest version).
    pub evidence: Vec<Evidence>,
    /// Content versions so far (1 = as drafted).
    pub version: u32,
    /// Where it stands in the cycle; moved only by this programme's events.
    pub status: NominationStatus,
    /// First submission (the quota ranking's tie-breaker).
    pub submitted_at: Option<OffsetDateTime>,
    /// Nominations flagged as the same nominee.
    pub duplicates: BTreeSet<Uuid>,
    /// Whether reviewers were assigned.
    pub assigned: bool,
    /// Assigned reviewers.
    pub reviewers: BTreeSet<Uuid>,
    /// Active conflicts.
    pub conflicts: BTreeMap<Uuid, ConflictKind>,
    /// Recused members.
    pub recused: BTreeSet<Uuid>,
    /// Latest sheet per member.
    pub scores: BTreeMap<Uuid, ScoreSheet>,
    /// Members who took part in the current vote, with their choice under an open rule.
    pub participants: BTreeMap<Uuid, Option<Choice>>,
    /// The counted outcome of the current vote.
    pub outcome: Option<OutcomeDecided>,
    /// Flagged: no eligible member when the round closed.
    pub no_eligible_voter: bool,
    /// Its own notice period (a promoted reserve).
    pub notice: Option<NoticePeriod>,
    /// The award, once conferred.
    pub award_id: Option<Uuid>,
    /// The reason it was declined or withdrawn.
    pub closing_reason: Option<String>,
    /// Its revocation.
    pub revocation: Option<Revocation>,
}

impl Nomination {
    /// Members who may score and vote on it: assigned and not recused.
    pub fn eligible_voters(&self) -> BTreeSet<Uuid> {
        self.reviewers.difference(&self.recused).copied().collect()
    }

    /// Whether the vote on it is open: eligible and not yet counted.
    pub fn awaiting_vote(&self) -> bool {
        self.status == NominationStatus::Eligible && self.outcome.is_none()
    }
}

/// An objection filed during public notice, and how it was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    /// Given by the app when filed.
    pub id: Uuid,
    /// The recommended nomination objected to.
    pub nomination_id: Uuid,
    /// `None` while open; `Some(upheld)` once resolved.
    pub resolution: Option<bool>,
}

impl Programme {
    /// The indexes kept beside the nominations (quota counts, nominee lookups).
    pub fn indexes(&self) -> &Indexes {
        &self.indexes
    }

    pub(crate) fn created(&self) -> Result<(), DomainError> {
        match self.id {
            Some(_) => Ok(()),
            None => Err(DomainError::not_found("programme", "?")),
        }
    }

    pub(crate) fn in_phase(&self, allowed: &[Phase]) -> Result<(), DomainError> {
        if allowed.contains(&self.phase) {
            Ok(())
        } else {
            Err(DomainError::wrong_phase(self.phase, allowed))
        }
    }

    /// A nomination by id.
    pub fn nomination(&self, id: Uuid) -> Result<&Nomination, DomainError> {
        self.nominations
            .get(&id)
            .map(|n| &**n)
            .ok_or_else(|| DomainError::not_found("nomination", id))
    }

    pub(crate) fn category(&self, code: &str) -> Result<&Category, DomainError> {
        self.categories
            .get(code)
            .ok_or_else(|| DomainError::not_found("category", code))
    }

    /// The panel reviewing a category, if formed.
    pub fn panel_for(&self, category_code: &str) -> Option<&Panel> {
        self.panels
            .values()
            .find(|p| p.category_codes.iter().any(|c| c == category_code))
    }

    /// Whether the vote on this nomination is secret (`None`: no such nomination).
    pub fn is_secret(&self, nomination_id: Uuid) -> Option<bool> {
        let n = self.nominations.get(&nomination_id)?;
        Some(self.categories.get(&n.category_code)?.voting.secret)
    }

    /// The generation of a category's current voting round (see [`Programme::rounds`]).
    pub fn round_generation(&self, category_code: &str) -> u32 {
        self.rounds.get(category_code).copied().unwrap_or(0)
    }

    /// The nominations the next `CloseRound` of a category will count: the app opens the
    /// sealed ballots of exactly these.
    pub fn pending_votes(&self, category_code: &str) -> Vec<Uuid> {
        self.nominations
            .values()
            .filter(|n| n.category_code == category_code && n.awaiting_vote())
            .map(|n| n.id)
            .collect()
    }

    /// The nomination, checked to belong to the actor's agency (clerk or head).
    pub(crate) fn own_nomination(
        &self,
        id: Uuid,
        agency: Uuid,
    ) -> Result<&Nomination, DomainError> {
        let n = self.nomination(id)?;
        if n.agency_id != agency {
            return Err(Forbidden::OtherAgency.into());
        }
        Ok(n)
    }
}

pub(crate) fn wrong_status(
    n: &Nomination,
    action: &'static str,
    needs: &[NominationStatus],
) -> DomainError {
    DomainError::WrongStatus {
        nomination_id: n.id,
        status: n.status,
        action,
        needs: crate::error::join(needs),
    }
}

impl Aggregate for Programme {
    type Command = ProgrammeCommand;
    type Event = ProgrammeEvent;

    fn decide(
        &self,
        cmd: &ProgrammeCommand,
        ctx: &Context,
    ) -> Result<Vec<ProgrammeEvent>, DomainError> {
        use ProgrammeCommand as C;
        if !matches!(cmd, C::Create(_)) {
            self.created()?;
        }
        match cmd {
            C::Create(c) => self.create(c, ctx),
            C::Amend(a) => self.amend(a, ctx),
            C::AddCategory(c) => self.add_category(c, ctx),
            C::AmendCategory(c) => self.amend_category(c, ctx),
            C::FormPanel(p) => self.form_panel(p, ctx, false),
            C::AmendPanel(p) => self.form_panel(p, ctx, true),
            C::MovePhase { to } => self.move_phase(*to, ctx),
            C::Tick => self.tick(ctx),
            C::DraftNomination {
                nomination_id,
                category_code,
                content,
            } => self.draft(*nomination_id, category_code, content, ctx),
            C::AmendNomination {
                nomination_id,
                content,
                expected_version,
            } => self.amend_nomination(*nomination_id, content, *expected_version, ctx),
            C::SubmitNomination {
                nomination_id,
                history,
            } => self.submit(*nomination_id, history, ctx),
            C::WithdrawNomination {
                nomination_id,
                reason,
            } => self.withdraw(*nomination_id, reason, ctx),
            C::ScreenNomination {
                nomination_id,
                eligible,
                reason,
            } => self.screen(*nomination_id, *eligible, reason, ctx),
            C::ReturnNomination {
                nomination_id,
                reason,
            } => self.return_nomination(*nomination_id, reason, ctx),
            C::AssignReviewers { panel_id, seed } => self.assign(*panel_id, *seed, ctx),
            C::DeclareConflict {
                nomination_id,
                member_id,
                reason,
            } => self.declare_conflict(*nomination_id, *member_id, reason, ctx),
            C::ClearConflict {
                nomination_id,
                member_id,
                reason,
            } => self.clear_conflict(*nomination_id, *member_id, reason, ctx),
            C::RecordScores {
                nomination_id,
                scores,
                comment,
            } => self.record_scores(*nomination_id, scores, comment.as_ref(), ctx),
            C::CastBallot {
                nomination_id,
                choice,
            } => self.cast_ballot(*nomination_id, *choice, ctx),
            C::EnterAbsenteeBallot {
                nomination_id,
                member_id,
                choice,
            } => self.absentee_ballot(*nomination_id, *member_id, *choice, ctx),
            C::RerunRound {
                category_code,
                reason,
            } => self.rerun_round(category_code, reason, ctx),
            C::CloseRound {
                category_code,
                opened,
            } => self.close_round(category_code, opened, ctx),
            C::PromoteReserve {
                nomination_id,
                reason,
            } => self.promote(*nomination_id, reason, ctx),
            C::FileObjection(o) => self.file_objection(o, ctx),
            C::ResolveObjection {
                objection_id,
                upheld,
                reason,
            } => self.resolve_objection(*objection_id, *upheld, reason, ctx),
            C::DismissObjections {
                objection_ids,
                reason,
            } => self.dismiss_objections(objection_ids, reason, ctx),
            C::MakeDecision {
                decision_no,
                decided_on,
                signer,
                declined,
                holders,
            } => self.decide_awards(decision_no, *decided_on, signer, declined, holders, ctx),
            C::RevokeAward {
                award_id,
                ground,
                decision_no,
                decided_on,
                note,
            } => self.revoke(*award_id, *ground, decision_no, *decided_on, note, ctx),
        }
    }

    fn evolve(&mut self, ev: &ProgrammeEvent) {
        evolve::apply(self, ev);
    }
}
