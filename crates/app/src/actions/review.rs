//! Review: a panel member's work on the nominations assigned to them — declaring a conflict,
//! scoring, voting — and the secretariat's entry of an absent member's written vote.
//!
//! Ballots go through the app's sealed ballot box: under a secret rule the answer to a
//! ballot never depends on the choice (only participation is recorded until the round
//! closes, and a second ballot is refused whatever it says), so these actions return only
//! what was done, never a choice. A retry is safe only with an idempotency key: the app
//! then answers the first result instead of refusing the ballot as a second one.

use std::collections::BTreeMap;

use accolade_domain::ProgrammeCommand;
use accolade_events::{Choice, Role};
use accolade_projections::{QueueFilter, QueueItem, Viewer};
use accolade_store::EventStore;
use uuid::Uuid;

use super::{Ask, Done};
use crate::authz::may;
use crate::{AppError, Node};

/// The review actions of a [`Node`].
#[derive(Debug)]
pub struct Review<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// Conflicts, scores, ballots and a member's assignments.
    pub fn review(&self) -> Review<'_, S> {
        Review { node: self }
    }
}

/// A declared conflict of interest.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// Why the member cannot review the nomination impartially.
    pub reason: String,
    /// The member concerned, when the secretariat declares for them; ignored when a member
    /// declares (it is always themselves).
    pub member_id: Option<Uuid>,
}

/// A member recused by a declared conflict.
#[derive(Debug, Clone)]
pub struct Recused {
    /// The declaration's execution (`done.executed.version` is the programme stream's).
    pub done: Done,
    /// The member recused.
    pub member_id: Option<Uuid>,
}

/// A member's score sheet.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Score per criterion key, each from 0 to the criterion's maximum.
    pub scores: BTreeMap<String, u32>,
    /// A remark for the panel, if any.
    pub comment: Option<String>,
}

impl<S: EventStore> Review<'_, S> {
    /// Declares a conflict on nomination `id`: a member for themselves, or the secretariat
    /// for `input.member_id`. The member is recused at once and may no longer read the
    /// dossier, so the answer says only who was recused.
    pub async fn declare_conflict(
        &self,
        ask: &Ask,
        id: Uuid,
        input: Conflict,
    ) -> Result<Recused, AppError> {
        let actor = ask.caller.require(may::DECLARE_CONFLICT)?;
        let member_id = if actor.role() == Some(Role::Member) {
            actor.user_id()
        } else {
            input.member_id
        };
        let command = ProgrammeCommand::DeclareConflict {
            nomination_id: id,
            member_id: input.member_id,
            reason: input.reason,
        };
        let done = self.node.on_nomination(ask, &actor, id, command).await?;
        Ok(Recused { done, member_id })
    }

    /// Records (or revises) the caller's scores on nomination `id` (a member assigned and
    /// not recused, `reviewing`).
    pub async fn score(&self, ask: &Ask, id: Uuid, input: Scores) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::REVIEW)?;
        let command = ProgrammeCommand::RecordScores {
            nomination_id: id,
            scores: input.scores,
            comment: input.comment,
        };
        self.node.on_nomination(ask, &actor, id, command).await
    }

    /// Casts the caller's ballot on nomination `id` (a member assigned and not recused,
    /// `voting`). Under a secret rule the choice is sealed and a second ballot is refused
    /// whatever its choice; under an open rule the same choice again changes nothing and a
    /// different one is refused.
    pub async fn ballot(&self, ask: &Ask, id: Uuid, choice: Choice) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::REVIEW)?;
        let command = ProgrammeCommand::CastBallot {
            nomination_id: id,
            choice,
        };
        self.node.on_nomination(ask, &actor, id, command).await
    }

    /// Enters an absent member's written vote on nomination `id` (the secretariat, `voting`,
    /// where the category allows it), through the same sealed box. Under a secret rule an
    /// entry for a member who already took part is refused whatever its choice; the sealed
    /// box is never opened to compare.
    pub async fn absentee(
        &self,
        ask: &Ask,
        id: Uuid,
        member_id: Uuid,
        choice: Choice,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::SECRETARIAT)?;
        let command = ProgrammeCommand::EnterAbsenteeBallot {
            nomination_id: id,
            member_id,
            choice,
        };
        self.node.on_nomination(ask, &actor, id, command).await
    }

    /// The nominations assigned to the calling member and not recused from, in
    /// `programme_id` if given.
    pub fn assignments(
        &self,
        ask: &Ask,
        programme_id: Option<Uuid>,
    ) -> Result<Vec<QueueItem>, AppError> {
        let actor = ask.caller.require(may::REVIEW)?;
        let me = actor.user_id().unwrap_or_default();
        let filter = QueueFilter {
            programme_id,
            ..QueueFilter::default()
        };
        Ok(self
            .node
            .read(|p| p.nominations(Viewer::Member(me), &filter, self.node.unseal())))
    }
}
