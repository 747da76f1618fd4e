//! The actions: everything a front end may ask of the app, one typed call each — the JSON
//! API's handlers and the pages' forms both call these, never each other.
//!
//! An action takes an [`Ask`] (who is asking, with which idempotency key, against which
//! version) and a typed input; it decides authorization once, here (roles from
//! [`crate::authz::may`], scope from the read rule), runs the command through
//! [`Node::execute`] (so the answer comes only once this node's read models include the
//! write) and answers with what the domain did: a [`Done`] (the id made or acted on, the
//! stream version after, the events' positions). Reads are actions too: they answer from the
//! read models only, with the same read rule applied.
//!
//! Errors are [`AppError`]s: each carries a stable code and the field it concerns, which the
//! API puts in problem+json and the pages translate; a front end never re-checks a rule.
//!
//! One area a file, each an accessor on [`Node`] (`node.nominations().draft(..)`).

pub mod accounts;
pub mod audit;
pub mod awards;
pub mod nominations;
pub mod objections;
pub mod persons;
pub mod public;
pub mod review;
pub mod setup;

use accolade_store::EventStore;
use uuid::Uuid;

use crate::{AppError, Caller, Command, Executed, Node, Options};

/// How a front end asks for an action: who, how to make a retry safe, against which version.
#[derive(Debug, Clone, Default)]
pub struct Ask {
    /// Who is asking (the signed-in user, or the public).
    pub caller: Caller,
    /// Makes a retried request return the first result (`Idempotency-Key`, or a form's
    /// hidden key): ids the action creates are derived from it.
    pub idempotency_key: Option<String>,
    /// The version of the thing the caller last read (`If-Match`); `None`: whatever is current.
    pub expected_version: Option<u64>,
}

impl Ask {
    /// An ask by `caller` with no key and no expected version.
    pub fn by(caller: Caller) -> Self {
        Self {
            caller,
            ..Self::default()
        }
    }

    /// The same ask with an idempotency key.
    pub fn keyed(mut self, key: Option<String>) -> Self {
        self.idempotency_key = key;
        self
    }

    /// The same ask against `version`.
    pub fn expecting(mut self, version: Option<u64>) -> Self {
        self.expected_version = version;
        self
    }

    /// The execution options this ask implies (the request id as the correlation id).
    pub fn options(&self) -> Options {
        Options {
            idempotency_key: self.idempotency_key.clone(),
            correlation_id: self.caller.request_id,
            expected_version: self.expected_version,
        }
    }
}

/// What an action did.
#[derive(Debug, Clone)]
pub struct Done {
    /// The id of the thing made or acted on.
    pub id: Uuid,
    /// Its stream's version after the action (for an `ETag`).
    pub version: u64,
    /// The execution itself: events, their positions, whether it was a replay.
    pub executed: Executed,
}

impl<S: EventStore> Node<S> {
    /// Runs `command` for `ask` and answers with `id` and the stream's version after it.
    pub(crate) async fn act(
        &self,
        ask: &Ask,
        actor: &crate::Actor,
        id: Uuid,
        command: Command,
    ) -> Result<Done, AppError> {
        let executed = self.execute(actor, command, ask.options()).await?;
        Ok(Done {
            id,
            version: executed.version.unwrap_or(0),
            executed,
        })
    }

    /// The id of a thing `ask` creates: derived from the caller and the idempotency key when
    /// there is one (a retry builds the same command), fresh otherwise.
    pub(crate) fn id_for(&self, ask: &Ask, part: &str) -> Uuid {
        let actor = ask.caller.actor_or_public();
        self.new_id(&actor, ask.idempotency_key.as_deref(), part)
    }
}
