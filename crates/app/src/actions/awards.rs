//! Awards after the decision: revocation by the authority on a statutory ground. Nothing is
//! deleted: the honour list keeps a revoked award, marked with its ground and date.

use accolade_domain::ProgrammeCommand;
use accolade_events::RevocationGround;
use accolade_projections::AwardPage;
use accolade_store::EventStore;
use time::Date;
use uuid::Uuid;

use super::{Ask, Done};
use crate::authz::may;
use crate::{AppError, Command, Node};

/// The award actions of a [`Node`].
#[derive(Debug)]
pub struct Awards<'a, S: EventStore> {
    node: &'a Node<S>,
}

impl<S: EventStore> Node<S> {
    /// Revoking awards.
    pub fn awards(&self) -> Awards<'_, S> {
        Awards { node: self }
    }
}

/// The revoking decision, as the authority enters it.
#[derive(Debug, Clone)]
pub struct Revocation {
    /// The statutory ground.
    pub ground: RevocationGround,
    /// The revoking decision's number.
    pub decision_no: String,
    /// The revoking decision's date.
    pub decided_on: Date,
    /// Anything the authority adds (shown with the revocation).
    pub note: Option<String>,
}

/// What revoking did.
#[derive(Debug, Clone)]
pub struct Revoked {
    /// The award and its programme stream's version after the revocation.
    pub done: Done,
    /// The award's page as it reads now, marked revoked (`None` while it is not public).
    pub award: Option<AwardPage>,
}

impl<S: EventStore> Awards<'_, S> {
    /// Revokes an award (the authority). Not found when no nomination carries the award.
    pub async fn revoke(
        &self,
        ask: &Ask,
        award_id: Uuid,
        input: Revocation,
    ) -> Result<Revoked, AppError> {
        let actor = ask.caller.require(may::CONFER)?;
        let programme_id = self
            .node
            .read(|p| {
                p.catalog()
                    .nominations
                    .values()
                    .find(|n| n.award_id == Some(award_id))
                    .map(|n| n.programme_id)
            })
            .ok_or_else(|| AppError::not_found("award", award_id))?;
        let command = ProgrammeCommand::RevokeAward {
            award_id,
            ground: input.ground,
            decision_no: input.decision_no,
            decided_on: input.decided_on,
            note: input.note,
        };
        let done = self
            .node
            .act(
                ask,
                &actor,
                award_id,
                Command::programme(programme_id, command),
            )
            .await?;
        let award = self.node.read(|p| p.award(award_id, self.node.unseal()));
        Ok(Revoked { done, award })
    }
}
