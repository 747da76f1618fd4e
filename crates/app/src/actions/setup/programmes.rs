//! Programmes: creating and amending one, moving it through its phases, closing and re-running
//! a category's vote, the authority's decision, and the panel views of its review (progress,
//! ranking, tally).

use accolade_domain::{CreateProgramme, Decline, Programme, ProgrammeCommand};
use accolade_events::{
    AnyEvent, NominationStatus, Phase, ProgrammeAmended, ProgrammeEvent, Schedule,
};
pub use accolade_projections::{ProgressReport, RankingItem, TallyItem};
use accolade_store::EventStore;
use time::Date;
use uuid::Uuid;

use super::{Setup, Versioned};
use crate::actions::{Ask, Done};
use crate::authz::{self, may};
use crate::{Actor, AppError, Command};

/// A new programme, as the secretariat writes it.
#[derive(Debug, Clone, Default)]
pub struct NewProgramme {
    /// What the edition is called ("S&T Communication Awards 2026").
    pub title: String,
    /// The year of the edition.
    pub year: i32,
    /// A longer text for the programme's page, if any.
    pub description: Option<String>,
    /// Working days of public notice (`None`: 10; 0 lets notice end at once).
    pub notice_working_days: Option<u32>,
    /// The last day of each phase; an absent one is moved by hand.
    pub schedule: Option<Schedule>,
    /// Dates skipped when counting working days.
    pub holidays: Option<Vec<Date>>,
}

/// The authority's decision: every recommended nomination is conferred but the declined.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The decision's number, e.g. "123/QĐ-BKHCN".
    pub decision_no: String,
    /// The date it was signed.
    pub decided_on: Date,
    /// Who signed it.
    pub signer: String,
    /// Recommended nominations not conferred, each with the reason.
    pub declined: Vec<Decline>,
}

/// What a decision did: the awards it conferred.
#[derive(Debug, Clone)]
pub struct Decided {
    /// The programme and its version after the decision.
    pub done: Done,
    /// `(award_id, nomination_id)` of every award conferred, in order.
    pub awards: Vec<(Uuid, Uuid)>,
}

/// A programme as the list shows it.
#[derive(Debug, Clone)]
pub struct ProgrammeSummary {
    /// The programme's id.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// The year of the edition.
    pub year: i32,
    /// Where it is now.
    pub phase: Phase,
    /// Its categories' codes.
    pub categories: Vec<String>,
}

impl<S: EventStore> Setup<'_, S> {
    /// Creates a programme in `setup` (the secretariat). `Done::id` is the new programme's.
    pub async fn create_programme(&self, ask: &Ask, input: NewProgramme) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let id = self.node.id_for(ask, "programme");
        let command = ProgrammeCommand::Create(CreateProgramme {
            programme_id: id,
            title: input.title,
            year: input.year,
            description: input.description,
            notice_working_days: input.notice_working_days.unwrap_or(10),
            schedule: input.schedule.unwrap_or_default(),
            holidays: input.holidays.unwrap_or_default(),
        });
        self.node
            .act(ask, &actor, id, Command::programme(id, command))
            .await
    }

    /// Changes a programme's settings (the secretariat; the notice period only before public
    /// notice). Absent fields stay.
    pub async fn amend_programme(
        &self,
        ask: &Ask,
        id: Uuid,
        changes: ProgrammeAmended,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let command = Command::programme(id, ProgrammeCommand::Amend(changes));
        self.node.act(ask, &actor, id, command).await
    }

    /// Moves the programme to the next phase (the secretariat); refused while work in the
    /// phase is unresolved. The move does what it needs on the way, each step an ordinary
    /// command: out of `voting`, every category's open round is closed (counted) first; into
    /// `reviewing`, reviewers are assigned on every panel with nominations waiting.
    pub async fn move_phase(&self, ask: &Ask, id: Uuid, to: Phase) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let current = self.node.app().programme(id).await?;
        // The steps are separate commands: the ask's key and version belong to none of them.
        let step = Ask::by(ask.caller.clone());
        if current.phase == Phase::Voting && to == Phase::PublicNotice {
            for code in current.categories.keys() {
                if !current.pending_votes(code).is_empty() {
                    let close = ProgrammeCommand::CloseRound {
                        category_code: code.clone(),
                        opened: Default::default(),
                    };
                    self.node
                        .act(&step, &actor, id, Command::programme(id, close))
                        .await?;
                }
            }
        }
        let moved = ProgrammeCommand::MovePhase { to };
        let mut done = self
            .node
            .act(&step, &actor, id, Command::programme(id, moved))
            .await?;
        if current.phase == Phase::Screening
            && to == Phase::Reviewing
            && let Some(last) = self.assign_all(&step, &actor, id).await?
        {
            done = last;
        }
        Ok(done)
    }

    /// Assigns reviewers on every panel that has eligible nominations waiting; the last
    /// assignment's answer, if any.
    async fn assign_all(
        &self,
        ask: &Ask,
        actor: &Actor,
        id: Uuid,
    ) -> Result<Option<Done>, AppError> {
        let p = self.node.app().programme(id).await?;
        let mut last = None;
        for panel in p.panels.values() {
            let waiting = p.nominations.values().any(|n| {
                n.status == NominationStatus::Eligible
                    && !n.assigned
                    && panel.category_codes.contains(&n.category_code)
            });
            if waiting {
                let assign = ProgrammeCommand::AssignReviewers {
                    panel_id: panel.id,
                    seed: self.node.app().new_seed(),
                };
                let cmd = Command::programme(id, assign);
                last = Some(self.node.act(ask, actor, id, cmd).await?);
            }
        }
        Ok(last)
    }

    /// Closes a category's round (its panel's chair, or the secretariat): secret ballots are
    /// opened, shuffled and counted, and the round's key destroyed.
    pub async fn close_round(
        &self,
        ask: &Ask,
        id: Uuid,
        category_code: String,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::CLOSE_ROUND)?;
        let close = ProgrammeCommand::CloseRound {
            category_code,
            opened: Default::default(),
        };
        self.node
            .act(ask, &actor, id, Command::programme(id, close))
            .await
    }

    /// Re-runs a category's open round (the secretariat, `voting`) when its sealed ballots are
    /// lost: the participations awaiting a vote are voided and a new round with a fresh key
    /// begins; `reason` goes into the audit trail and the chair's progress.
    pub async fn rerun_round(
        &self,
        ask: &Ask,
        id: Uuid,
        category_code: String,
        reason: String,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let rerun = ProgrammeCommand::RerunRound {
            category_code,
            reason,
        };
        self.node
            .act(ask, &actor, id, Command::programme(id, rerun))
            .await
    }

    /// Records the authority's decision (`deciding`): confers every recommended nomination
    /// not declined.
    pub async fn decide(
        &self,
        ask: &Ask,
        id: Uuid,
        decision: Decision,
    ) -> Result<Decided, AppError> {
        let actor = ask.caller.require(may::CONFER)?;
        let command = ProgrammeCommand::MakeDecision {
            decision_no: decision.decision_no,
            decided_on: decision.decided_on,
            signer: decision.signer,
            declined: decision.declined,
            // Filled by the app from the programme's sealed nominees (`execute`).
            holders: Default::default(),
        };
        let done = self
            .node
            .act(ask, &actor, id, Command::programme(id, command))
            .await?;
        let awards = done
            .executed
            .events
            .iter()
            .filter_map(|e| match e {
                AnyEvent::Programme(ProgrammeEvent::AwardConferred(a)) => {
                    Some((a.award_id, a.nomination_id))
                }
                _ => None,
            })
            .collect();
        Ok(Decided { done, awards })
    }

    /// One programme with its categories and panels (any signed-in role).
    pub async fn programme(&self, ask: &Ask, id: Uuid) -> Result<Versioned<Programme>, AppError> {
        ask.caller.require(may::ANY_ROLE)?;
        let (value, version) = self.node.app().programme_versioned(id).await?;
        Ok(Versioned { value, version })
    }

    /// Every programme, by id (any signed-in role); only `year`'s when given.
    pub fn programmes(
        &self,
        ask: &Ask,
        year: Option<i32>,
    ) -> Result<Vec<ProgrammeSummary>, AppError> {
        ask.caller.require(may::ANY_ROLE)?;
        Ok(self.node.read(|p| {
            p.catalog()
                .programmes
                .iter()
                .filter(|(_, x)| year.is_none_or(|y| y == x.year))
                .map(|(id, x)| ProgrammeSummary {
                    id: *id,
                    title: x.title.clone(),
                    year: x.year,
                    phase: x.phase,
                    categories: x.categories.keys().cloned().collect(),
                })
                .collect()
        }))
    }

    /// Who has scored and voted on what (a panel chair, the secretariat); under a secret rule
    /// that a member voted, never how.
    pub async fn progress(&self, ask: &Ask, id: Uuid) -> Result<ProgressReport, AppError> {
        let actor = ask.caller.require(may::PANEL_READ)?;
        let programme = self.node.app().programme(id).await?;
        authz::chair_or_secretariat(&actor, &programme)?;
        let viewer = authz::viewer(&actor);
        Ok(self.node.read(|p| p.progress(id, viewer)))
    }

    /// A category's score ranking (members of its panel, without the nominations they are
    /// recused from, and the secretariat).
    pub async fn ranking(
        &self,
        ask: &Ask,
        id: Uuid,
        category_code: &str,
    ) -> Result<Vec<RankingItem>, AppError> {
        let actor = ask.caller.require(may::PANEL_READ)?;
        let programme = self.node.app().programme(id).await?;
        authz::panel_of_category(&actor, &programme, category_code)?;
        let viewer = authz::viewer(&actor);
        Ok(self
            .node
            .read(|p| p.ranking(id, category_code, viewer, self.node.unseal())))
    }

    /// The counted votes of closed rounds (the secretariat, a panel chair), never of a
    /// nomination the caller is recused from; only `category_code`'s when given.
    pub async fn tally(
        &self,
        ask: &Ask,
        id: Uuid,
        category_code: Option<&str>,
    ) -> Result<Vec<TallyItem>, AppError> {
        let actor = ask.caller.require(may::PANEL_READ)?;
        let programme = self.node.app().programme(id).await?;
        authz::chair_or_secretariat(&actor, &programme)?;
        let viewer = authz::viewer(&actor);
        Ok(self.node.read(|p| p.tally(id, category_code, viewer)))
    }
}
