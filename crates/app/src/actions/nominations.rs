//! Nominations: drafting and amending (an agency's clerk or head), submitting and
//! withdrawing (its head), and reading them under the read rule.

use accolade_domain::{NominationContent, ProgrammeCommand};
use accolade_events::{Evidence, Nominee};
use accolade_store::EventStore;
use uuid::Uuid;

use super::{Ask, Done};
use crate::authz::may;
use crate::{AppError, Command, Node};

/// The nomination actions of a [`Node`].
#[derive(Debug)]
pub struct Nominations<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// Drafting, amending, submitting, withdrawing and reading nominations.
    pub fn nominations(&self) -> Nominations<'_, S> {
        Nominations { node: self }
    }
}

/// A new nomination, as a clerk or head writes it.
#[derive(Debug, Clone)]
pub struct NewNomination {
    /// The category it is for (its code in the programme).
    pub category_code: String,
    /// Who is nominated.
    pub nominee: Nominee,
    /// The citation: why, in a sentence or two (shown on the honour list if conferred).
    pub citation: String,
    /// What they achieved, at length (for the panel).
    pub achievements: String,
    /// Links to evidence (http or https).
    pub evidence: Vec<Evidence>,
}

impl<S: EventStore> Nominations<'_, S> {
    /// Drafts a nomination for the caller's agency (clerk or head, while `nominating`).
    /// `Done::id` is the new nomination's id; with an idempotency key, a retry answers the
    /// first draft instead of making a second.
    pub async fn draft(
        &self,
        ask: &Ask,
        programme_id: Uuid,
        input: NewNomination,
    ) -> Result<Done, AppError> {
        let actor = ask.caller.require(may::DRAFT)?;
        let id = self.node.id_for(ask, "nomination");
        let command = ProgrammeCommand::DraftNomination {
            nomination_id: id,
            category_code: input.category_code,
            content: NominationContent {
                // A pseudonymous id for the nominee; matching a nominee across nominations is
                // the duplicate check's job (by name and birth year or organisation).
                person_id: self.node.id_for(ask, "nominee"),
                nominee: input.nominee,
                citation: input.citation,
                achievements: input.achievements,
                evidence: input.evidence,
            },
        };
        let done = self
            .node
            .act(ask, &actor, id, Command::programme(programme_id, command))
            .await?;
        // The answer's version is the nomination's own, not the programme stream's.
        let version = self
            .node
            .app()
            .programme(programme_id)
            .await?
            .nominations
            .get(&id)
            .map(|n| u64::from(n.version))
            .ok_or_else(|| AppError::not_found("nomination", id))?;
        Ok(Done { version, ..done })
    }
}
