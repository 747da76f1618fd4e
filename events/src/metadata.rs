//! The metadata every stored event carries besides its payload.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who caused an event and in answer to what.
///
/// Stored next to the payload, never inside it, so that an event's meaning does not depend on
/// who caused it and audit views can read it uniformly. There is deliberately no client address
/// or user agent: the log is kept forever, request logs are not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The user who acted. `None` only for anonymous records: the opened choices of a secret
    /// ballot, an objection filed by the public, a move made by the schedule.
    pub actor: Option<Uuid>,
    /// Shared by every event caused by one request, across streams.
    pub correlation_id: Uuid,
    /// The event (or command) that caused this one, when there is one.
    #[serde(default)]
    pub causation_id: Option<Uuid>,
}

impl Metadata {
    /// Metadata for an event caused directly by a request of `actor`.
    pub fn new(actor: Option<Uuid>, correlation_id: Uuid) -> Self {
        Self {
            actor,
            correlation_id,
            causation_id: None,
        }
    }

    /// The same metadata with the actor removed, for the anonymous records listed on
    /// [`Metadata::actor`].
    pub fn anonymous(&self) -> Self {
        Self {
            actor: None,
            ..self.clone()
        }
    }
}
